"""The provenance manifest, its fingerprints and its PROV-JSON export, on small projects written
here, plus one real Snakemake run to read the rule and inputs Snakemake records per output."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prov.model import ProvDocument

from litreview.fingerprints import fingerprint_bytes
from litreview.provenance import (
    ProvenanceError,
    build_manifest,
    config_sha256,
    git_state,
    snakemake_jobs,
    write_provenance,
)

RAW_A = "Hepatic resection in 31 patients; 5-year overall survival 82%.\n"
RAW_B = "TACE in 19 patients.\nMedian overall survival 40 months.\n"
TABLE = (
    "value_id,source_sha256,outcome,value\n"
    "a-os,{a},overall_survival,82\n"
    "b-os,{b},overall_survival,40\n"
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/a.txt").write_text(RAW_A, encoding="utf-8")
    (tmp_path / "raw/b.txt").write_text(RAW_B, encoding="utf-8")
    (tmp_path / "config/quality_assessments").mkdir(parents=True)
    (tmp_path / "config/extraction_curation.yaml").write_text("curations: []\n", encoding="utf-8")
    (tmp_path / "config/quality_assessments/minors.csv").write_text("study_id,item\n", "utf-8")
    (tmp_path / "config/.DS_Store").write_bytes(b"\x00\x01")  # litter, not a reviewer file
    (tmp_path / "results/extract").mkdir(parents=True)
    table = TABLE.format(a=sha(RAW_A.encode()), b=sha(RAW_B.encode()))
    (tmp_path / "results/extract/outcomes.csv").write_text(table, encoding="utf-8")
    return tmp_path


JOBS = {
    "results/extract/outcomes.csv": {
        "rule": "extract",
        "inputs": ["raw/a.txt", "raw/b.txt", "config/extraction_curation.yaml"],
    }
}


def test_manifest_records_each_output_its_rule_and_its_inputs_hashes(project):
    manifest = build_manifest(project, ["results/extract/outcomes.csv"], jobs=JOBS, config={})
    table = (project / "results/extract/outcomes.csv").read_bytes()
    entry = manifest["outputs"]["results/extract/outcomes.csv"]
    assert entry["sha256"] == sha(table)
    assert entry["bytes"] == len(table)
    assert entry["rule"] == "extract"
    assert entry["inputs"] == {
        "config/extraction_curation.yaml": sha(b"curations: []\n"),
        "raw/a.txt": sha(RAW_A.encode()),
        "raw/b.txt": sha(RAW_B.encode()),
    }


def test_sources_cover_raw_and_every_reviewer_file_but_not_litter(project):
    manifest = build_manifest(project, ["results/extract/outcomes.csv"], jobs=JOBS)
    assert sorted(manifest["sources"]) == [
        "config/extraction_curation.yaml",
        "config/quality_assessments/minors.csv",  # no rule named it, it is recorded anyway
        "raw/a.txt",
        "raw/b.txt",
    ]
    assert manifest["sources"]["raw/b.txt"]["sha256"] == sha(RAW_B.encode())


def test_absolute_output_paths_are_recorded_relative_to_the_project(project):
    outputs = [str(project / "results/extract/outcomes.csv")]
    jobs = {str(project / k): v for k, v in JOBS.items()}
    manifest = build_manifest(project, outputs, jobs=jobs)
    assert list(manifest["outputs"]) == ["results/extract/outcomes.csv"]
    assert "raw/a.txt" in manifest["outputs"]["results/extract/outcomes.csv"]["inputs"]
    assert str(project) not in json.dumps({k: manifest[k] for k in ("outputs", "sources")})


def test_a_missing_output_or_one_outside_the_project_is_a_clear_error(project, tmp_path_factory):
    with pytest.raises(ProvenanceError, match="results/extract/effects.csv: listed as an output"):
        build_manifest(project, ["results/extract/effects.csv"])
    outside = tmp_path_factory.mktemp("elsewhere") / "x.csv"
    outside.write_text("a\n")
    with pytest.raises(ProvenanceError, match="outside the project"):
        build_manifest(project, [str(outside)])


def test_every_results_file_is_recorded_and_raw_inputs_are_sources(project):
    (project / "results/logs").mkdir()
    (project / "results/logs/extract.log").write_text("done\n", encoding="utf-8")
    (project / "results/provenance").mkdir()
    (project / "results/provenance/old.json").write_text("{}\n", encoding="utf-8")
    # the way a rule lists its inputs: results tables and raw files side by side
    manifest = build_manifest(project, ["results/extract/outcomes.csv", "raw/a.txt"], jobs=JOBS)
    assert sorted(manifest["outputs"]) == [
        "results/extract/outcomes.csv",
        "results/logs/extract.log",  # not named, found under results/
    ]
    assert "raw/a.txt" in manifest["sources"]


def test_the_provenance_log_can_be_left_out(project):
    (project / "results/logs").mkdir()
    (project / "results/logs/provenance.log").write_text("writing\n", encoding="utf-8")
    manifest = write_provenance(
        project,
        ["results/extract/outcomes.csv"],
        jobs=JOBS,
        exclude=["results/logs/provenance.log"],
    )
    assert list(manifest["outputs"]) == ["results/extract/outcomes.csv"]


def test_an_output_nobody_claims_is_noted_not_dropped(project):
    manifest = build_manifest(project, ["results/extract/outcomes.csv"], jobs={})
    assert manifest["outputs"]["results/extract/outcomes.csv"]["rule"] is None
    assert any("no record of the rule" in note for note in manifest["notes"])


def test_config_hash_is_canonical():
    one = {"review": "net", "thresholds": {"fuzzy": 0.9, "year_window": 1}}
    same = {"thresholds": {"year_window": 1, "fuzzy": 0.9}, "review": "net"}
    other = {"review": "net", "thresholds": {"fuzzy": 0.91, "year_window": 1}}
    assert config_sha256(one) == config_sha256(same)
    assert config_sha256(one) != config_sha256(other)
    expected = sha(b'{"review":"net","thresholds":{"fuzzy":0.9,"year_window":1}}')
    assert config_sha256(one) == expected


def test_run_facts_live_in_the_manifest_only(project):
    before = (project / "results/extract/outcomes.csv").read_bytes()
    first = write_provenance(project, ["results/extract/outcomes.csv"], jobs=JOBS, config={"a": 1})
    second = write_provenance(project, ["results/extract/outcomes.csv"], jobs=JOBS, config={"a": 1})
    assert (project / "results/extract/outcomes.csv").read_bytes() == before
    run = first["run"]
    assert {"finished_at", "host", "python", "snakemake", "packages", "git"} <= set(run)
    assert run["config_sha256"] == config_sha256({"a": 1})
    assert run["packages"]["prov"] and run["packages"]["pandas"]
    # everything but the run block is the same on a second build of an unchanged tree
    strip = {k: v for k, v in first.items() if k != "run"}
    assert strip == {k: v for k, v in second.items() if k != "run"}
    written = sorted(p.name for p in (project / "results/provenance").iterdir())
    assert written == ["fingerprints.json", "manifest.json", "prov.json"]


def test_git_state_reports_commit_and_dirty_tree(tmp_path):
    def git(*args):
        return subprocess.run(
            ["git", "-C", str(tmp_path), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    git("init", "-q")
    (tmp_path / "a.txt").write_text("one\n")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    clean = git_state(tmp_path)
    assert clean["commit"] == git("rev-parse", "HEAD") and clean["dirty"] is False
    (tmp_path / "a.txt").write_text("two\n")
    dirty = git_state(tmp_path)
    assert dirty["dirty"] is True and dirty["changed_paths"] == ["a.txt"]


def test_git_state_outside_a_repository(tmp_path):
    state = git_state(tmp_path / "not-a-repo")
    assert state["commit"] is None and "not a repository" in state["note"]


def test_prov_json_has_files_with_hashes_and_rule_runs(project):
    write_provenance(project, ["results/extract/outcomes.csv"], jobs=JOBS, config={})
    doc = ProvDocument.deserialize(project / "results/provenance/prov.json")
    flat = json.loads(doc.serialize())
    table_id = "file:results/extract/outcomes.csv"
    table_sha = sha((project / "results/extract/outcomes.csv").read_bytes())
    assert flat["entity"][table_id]["lr:sha256"] == table_sha
    assert flat["entity"]["file:raw/a.txt"]["lr:sha256"] == sha(RAW_A.encode())
    generated = [g for g in flat["wasGeneratedBy"].values() if g["prov:entity"] == table_id]
    assert len(generated) == 1
    activity = generated[0]["prov:activity"]
    assert flat["activity"][activity]["lr:rule"] == "extract"
    used = {u["prov:entity"] for u in flat["used"].values() if u["prov:activity"] == activity}
    assert used == {"file:raw/a.txt", "file:raw/b.txt", "file:config/extraction_curation.yaml"}


def test_table_fingerprint_pins_a_cell_to_one_row_and_one_column():
    a = fingerprint_bytes(b"id,value,unit\nx,74,%\ny,41,%\n", "t.csv")
    b = fingerprint_bytes(b"id,value,unit\nx,74,%\ny,14,%\n", "t.csv")
    assert a["kind"] == "table" and a["header"] == ["id", "value", "unit"]
    assert [r1 == r2 for r1, r2 in zip(a["rows"], b["rows"], strict=True)] == [True, False]
    assert {c for c in a["columns"] if a["columns"][c] != b["columns"][c]} == {"value"}


def test_text_fingerprint_is_per_line_and_binary_has_none():
    a = fingerprint_bytes(b"one\ntwo\nthree\n", "notes.yaml")
    b = fingerprint_bytes(b"one\ntwo!\nthree\n", "notes.yaml")
    assert [x == y for x, y in zip(a["lines"], b["lines"], strict=True)] == [True, False, True]
    assert fingerprint_bytes(b"%PDF-1.7\n\x00\x01\x02binary", "paper.pdf") is None


SNAKEFILE = """
rule count:
    input: "raw/a.txt", "raw/b.txt"
    output: "results/extract/counts.csv"
    log: "results/logs/count.log"
    shell: "wc -c {input} > {output} 2> {log}"
"""


@pytest.mark.e2e
def test_rule_and_inputs_come_from_snakemake_metadata(project):
    (project / "Snakefile").write_text(SNAKEFILE, encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "results/extract/counts.csv",
            "--cores",
            "1",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    jobs = snakemake_jobs(project, ["results/extract/counts.csv", "results/extract/outcomes.csv"])
    assert list(jobs) == ["results/extract/counts.csv"]  # outcomes.csv was not made by Snakemake
    assert jobs["results/extract/counts.csv"]["rule"] == "count"
    assert jobs["results/extract/counts.csv"]["inputs"] == ["raw/a.txt", "raw/b.txt"]
    manifest = build_manifest(project, ["results/extract/counts.csv"])
    entry = manifest["outputs"]["results/extract/counts.csv"]
    assert entry["rule"] == "count"
    assert entry["inputs"] == {"raw/a.txt": sha(RAW_A.encode()), "raw/b.txt": sha(RAW_B.encode())}
    # a log has no Snakemake record of its own: its rule comes from the job that names it
    assert manifest["outputs"]["results/logs/count.log"]["rule"] == "count"
    # outcomes.csv was written by hand in the fixture: recorded all the same, and noted
    assert manifest["notes"] == [
        "results/extract/outcomes.csv: no record of the rule that made it "
        "(no jobs entry and no Snakemake metadata)"
    ]
    # an input edited after the job ran is noted against the checksum Snakemake recorded
    (project / "raw/b.txt").write_text(RAW_B + "edited\n", encoding="utf-8")
    stale = build_manifest(project, ["results/extract/counts.csv"])
    assert any("raw/b.txt changed after rule count read it" in n for n in stale["notes"])


def test_sources_fingerprinted_by_the_ingest_jobs_are_taken_as_they_recorded_them(project):
    from litreview.fingerprints import source_print
    from litreview.provenance import build_fingerprints

    # the ingest job read raw/a.txt: its print stands; raw/b.txt's print was taken of other
    # bytes (a file edited since), so provenance hashes and fingerprints b itself
    prints = {
        "raw/a.txt": source_print(RAW_A.encode(), "raw/a.txt"),
        "raw/b.txt": source_print(b"older text\n", "raw/b.txt"),
    }
    prints["raw/a.txt"]["fingerprint"] = {"kind": "lines", "lines": ["from-the-ingest-job"]}
    manifest = build_manifest(project, ["results/extract/outcomes.csv"], jobs=JOBS)
    fingerprints = build_fingerprints(project, manifest, prints)
    assert fingerprints["raw/a.txt"] == {"kind": "lines", "lines": ["from-the-ingest-job"]}
    assert fingerprints["raw/b.txt"] == fingerprint_bytes(RAW_B.encode(), "raw/b.txt")
    assert len(fingerprints["raw/b.txt"]["lines"]) == 2  # RAW_B's two lines
    # the hashes the ingest job took are the manifest's: no second read of the source
    seeded = build_manifest(
        project,
        ["results/extract/outcomes.csv"],
        jobs=JOBS,
        source_prints={"raw/a.txt": {"sha256": "f" * 64, "bytes": 3, "fingerprint": None}},
    )
    assert seeded["sources"]["raw/a.txt"] == {"sha256": "f" * 64, "bytes": 3}
    assert seeded["sources"]["raw/b.txt"]["sha256"] == sha(RAW_B.encode())


def test_two_workers_record_the_same_hashes_and_fingerprints_as_one(project):
    (project / "results/extract/studies.csv").write_text(
        "study_id,field,value\nS1,design,rct\nS2,design,case_series\n", encoding="utf-8"
    )
    outputs = ["results/extract/outcomes.csv", "results/extract/studies.csv"]
    serial = write_provenance(project, outputs, jobs=JOBS, config={}, out_dir="p1")
    parallel = write_provenance(project, outputs, jobs=JOBS, config={}, out_dir="p2", workers=2)
    assert serial["outputs"] == parallel["outputs"] and serial["sources"] == parallel["sources"]
    one = (project / "p1/fingerprints.json").read_bytes()
    assert one == (project / "p2/fingerprints.json").read_bytes()
    prints = json.loads(one)
    # each row of studies.csv by hand: its cells joined by NUL, SHA-256, first 16 hex digits
    assert prints["results/extract/studies.csv"]["rows"] == [
        sha(b"S1\0design\0rct")[:16],
        sha(b"S2\0design\0case_series")[:16],
    ]


def test_an_outputs_print_from_its_stage_is_used_while_the_file_still_has_its_hash(project):
    from litreview.provenance import output_prints

    table = project / "results/extract/outcomes.csv"
    prints = output_prints(project, [str(table)])
    # what the prints job records: the file's hash, size and its rows' and columns' fingerprint
    assert list(prints) == ["results/extract/outcomes.csv"]
    data = table.read_bytes()
    assert prints["results/extract/outcomes.csv"]["sha256"] == sha(data)
    assert prints["results/extract/outcomes.csv"]["bytes"] == len(data)
    assert prints["results/extract/outcomes.csv"]["fingerprint"] == fingerprint_bytes(
        data, "outcomes.csv"
    )
    # a print whose hash the file still has is taken as it is (marked here to see it)
    marked = {
        rel: {**entry, "fingerprint": {"kind": "lines", "lines": ["from-the-prints-job"]}}
        for rel, entry in prints.items()
    }
    write_provenance(
        project, [str(table)], jobs=JOBS, config={}, out_dir="p1", output_prints=marked
    )
    taken = json.loads((project / "p1/fingerprints.json").read_text(encoding="utf-8"))
    assert taken["results/extract/outcomes.csv"]["lines"] == ["from-the-prints-job"]
    # its hash is taken too, while the file keeps its stat (marked to see it)
    hash_marked = {rel: {**entry, "sha256": "f" * 64} for rel, entry in prints.items()}
    kept = write_provenance(
        project, [str(table)], jobs=JOBS, config={}, out_dir="p0", output_prints=hash_marked
    )
    assert kept["outputs"]["results/extract/outcomes.csv"]["sha256"] == "f" * 64
    # the same size and its modification time set back (os.utime) still changes its ctime: hashed
    same_size = data.replace(b"overall_survival", b"OVERALL_SURVIVAL")
    assert len(same_size) == len(data) and same_size != data
    times = table.stat()
    table.write_bytes(same_size)
    os.utime(table, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert table.stat().st_mtime_ns == times.st_mtime_ns
    reset = write_provenance(
        project, [str(table)], jobs=JOBS, config={}, out_dir="p4", output_prints=hash_marked
    )
    assert reset["outputs"]["results/extract/outcomes.csv"]["sha256"] == sha(same_size)
    table.write_bytes(data)
    # once the file changed after its print, provenance hashes and fingerprints it again
    table.write_bytes(data + b"c-os,x,overall_survival,12\n")
    rehashed = write_provenance(
        project, [str(table)], jobs=JOBS, config={}, out_dir="p3", output_prints=hash_marked
    )
    assert rehashed["outputs"]["results/extract/outcomes.csv"]["sha256"] == sha(table.read_bytes())
    manifest = write_provenance(
        project, [str(table)], jobs=JOBS, config={}, out_dir="p2", output_prints=marked
    )
    again = json.loads((project / "p2/fingerprints.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["results/extract/outcomes.csv"]["sha256"] == sha(table.read_bytes())
    assert len(again["results/extract/outcomes.csv"]["rows"]) == 3
