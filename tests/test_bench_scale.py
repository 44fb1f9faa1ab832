"""The scale benchmark's corpus generator (no timing): the files it writes parse with the
litreview readers, counts add up, and the duplicate groups it reports are the same works."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from litreview import manifest
from litreview.readers import read_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workflow" / "benchmarks"))

import bench_scale  # noqa: E402


def _read_raw(raw: Path) -> dict[str, list[dict]]:
    """{file: records} for every registered raw file, read as ingest reads them."""
    found = {}
    for name in manifest.raw_files(raw):
        result = read_source(raw / name, (raw / name).read_bytes(), name)
        assert result.rejected == [], f"{name}: {result.rejected[:1]}"
        found[name] = result.records
    return found


@pytest.fixture(scope="module")
def generated(tmp_path_factory, shared_dir):
    raw = tmp_path_factory.mktemp("bench") / "raw"
    corpus, extra = bench_scale.build_corpus(raw, 200, 20, seed=11, shared=shared_dir)
    return raw, corpus, extra, _read_raw(raw)


def test_counts_and_manifest(generated):
    raw, corpus, _, found = generated
    assert manifest.check_raw(raw) == []
    assert sum(len(found[name]) for name in corpus.export_files) == 200
    assert len(corpus.page_files) == 20
    assert all(len(found[name]) == 1 for name in corpus.page_files)
    assert set(found) == set(corpus.export_files) | set(corpus.page_files)
    formats = Counter(found[name][0]["source_format"] for name in found)
    assert formats["text_page"] == 20
    assert formats["ris"] >= 1 and formats["medline"] >= 1


def test_duplicate_groups_are_copies_of_one_work_in_different_databases(generated):
    _, corpus, _, found = generated
    by_id = {r["record_id"]: r for records in found.values() for r in records}
    assert corpus.groups, "a 200-record corpus has duplicate groups (about a third are copies)"
    for locations, ids in zip(corpus.groups, corpus.group_record_ids, strict=True):
        # One work is found at most once per database export.
        assert len({name.split("_")[0] for name, _ in locations}) == len(locations)
        members = [by_id[i] for i in ids]
        first = members[0]["title"].lower()
        for other in members[1:]:
            # Copies differ only by case, punctuation, entities and accents: titles stay close.
            assert fuzz.token_set_ratio(first, other["title"].lower()) >= 80
        dois = {m["doi"] for m in members if m["doi"]}
        assert len(dois) <= 1
    in_groups = {i for ids in corpus.group_record_ids for i in ids}
    # About a third of the records are copies of another (corpus_gen's 1-4 copies per work).
    assert 0.2 < len(in_groups) / 200 < 0.75


def test_pages_read_back_as_distinct_articles(generated):
    _, corpus, (extra_name, extra_text), found = generated
    titles = []
    for name in corpus.page_files:
        record = found[name][0]
        assert record["title"] == corpus.page_titles[name]
        assert record["doi"] == corpus.page_dois[name].lower()
        assert len(record["abstract"].split()) >= 60
        titles.append(record["title"].lower())
    assert len(set(titles)) == len(titles)
    assert extra_name not in found
    extra = read_source(extra_name, extra_text.encode("utf-8")).records[0]
    assert extra["title"].lower() not in titles


def test_generation_is_deterministic(tmp_path, shared_dir):
    first, _ = bench_scale.build_corpus(tmp_path / "a", 50, 5, seed=3, shared=shared_dir)
    second, _ = bench_scale.build_corpus(tmp_path / "b", 50, 5, seed=3, shared=shared_dir)
    assert (tmp_path / "a" / "MANIFEST.tsv").read_text() == (
        tmp_path / "b" / "MANIFEST.tsv"
    ).read_text()
    assert first.group_record_ids == second.group_record_ids


def test_without_shared_material_the_synthetic_base_is_used(tmp_path):
    raw = tmp_path / "raw"
    corpus, _ = bench_scale.build_corpus(raw, 30, 3, seed=5, shared=tmp_path / "absent")
    found = _read_raw(raw)
    assert sum(len(found[name]) for name in corpus.export_files) == 30
    assert len(corpus.page_files) == 3


def test_perturb_numbers_keeps_order_years_percentages_and_small_values():
    text = "In 2015, 58 of 65 patients (9%) had grade 3 events; HR 2.4 (1.6-3.9), p = 0.004."
    moved = bench_scale.perturb_numbers(text, random.Random(5))
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", moved)]
    year, events, total, percent, grade, hr, lo, hi, p = numbers
    assert (year, percent, grade, p) == (2015, 9, 3, 0.004)
    assert 58 <= events <= total <= 65 * 1.15
    assert lo <= hr <= hi
    # Time points are shared across studies; moving them would invent new outcomes.
    times = "30-day mortality was 4%; 5-year survival 60%; median OS 18.5 months at 90 days."
    moved = bench_scale.perturb_numbers(times, random.Random(5))
    assert re.findall(r"\d+(?=[- ](?:day|year))", moved) == ["30", "5", "90"]


def test_jobs_run_reads_snakemake_job_stats():
    output = (
        "Building DAG of jobs...\nJob stats:\njob              count\n"
        "-------------  -------\ningest_batch         1\nextract_batch        1\n"
        "ingest               1\ntotal                3\n\nSelect jobs to execute...\n"
    )
    assert bench_scale.jobs_run(output) == {"ingest_batch": 1, "extract_batch": 1, "ingest": 1}
    assert bench_scale.jobs_run("Nothing to be done (all requested files are present).") == {}


def test_rule_seconds_pairs_start_and_finish_by_jobid():
    output = "\n".join(
        [
            "[Sun Nov 22 17:09:06 2026]",
            "localrule ingest_batch:",
            "    jobid: 4",
            "[Sun Nov 22 17:09:07 2026]",
            "rule ingest_batch:",
            "    jobid: 7",
            "[Sun Nov 22 17:09:09 2026]",
            "Finished jobid: 4 (Rule: ingest_batch)",
            "[Sun Nov 22 17:09:13 2026]",
            "Finished jobid: 7 (Rule: ingest_batch)",
        ]
    )
    assert bench_scale.rule_seconds(output) == {"ingest_batch": (2, 9.0, 6.0)}


def test_medline_writer_leaves_out_empty_tags():
    record = {
        "title": "",
        "abstract": "",
        "authors": "Zuna, R E; Wang, S S",
        "year": "2006",
        "journal": "Cancer",
        "volume": "108",
        "issue": "",
        "pages": "288-297",
        "doi": "",
        "keywords": "",
    }
    text = (
        bench_scale.medline_record(record, "90000001")
        + "\n"
        + (bench_scale.medline_record({**record, "title": "Second record"}, "90000002"))
    )
    assert "TI  -\n" not in text
    result = read_source("export.nbib", text.encode("utf-8"))
    assert result.rejected == []
    assert [(r["pmid"], r["title"], r["pages"]) for r in result.records] == [
        ("90000001", "", "288-297"),
        ("90000002", "Second record", "288-297"),
    ]
    assert result.records[0]["authors"] == "Zuna, R E; Wang, S S"
