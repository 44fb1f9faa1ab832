"""litreview verify and trace on a small fake project written here: three raw abstracts (one in
Windows-1252 with CRLF line ends, so character offsets differ from byte offsets), the ingest,
dedup, screen, extract and quality tables with quotes cut from those texts, two reviewer files,
and the provenance manifest. Each test tampers with one thing and checks that verify names it."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from litreview.audit import (
    Problem,
    TraceError,
    _context,
    find_row,
    main,
    trace,
    verify,
    verify_report,
)
from litreview.provenance import write_provenance
from litreview.schema import make_record_id

PROJECT_ROOT = Path(__file__).resolve().parents[1]

ALPHA = (
    "Liver transplantation for neuroendocrine liver metastases: a single-centre series (Montréal)\n"
    "\n"
    "Background: Neuroendocrine tumours often metastasise to the liver.\n"
    "Methods: We reviewed 42 patients who underwent liver transplantation between 2001 and 2019.\n"
    "Results: The 5-year overall survival was 74% and "
    "the 5-year recurrence-free survival was 41%.\n"
    "Conclusion: Transplantation offers durable survival in selected patients.\n"
)
BETA = (
    "Radioembolisation (Y-90) versus chemoembolisation for hépatic métastases\r\n"
    "\r\n"
    "Méthodes: 60 patients were treated with TARE and 58 with TACE.\r\n"
    "Results: Median progression-free survival was 18 months after TARE "
    "and 15 months after TACE.\r\n"
)
GAMMA = (
    "Transplantation for NET liver metastases (conference abstract)\n"
    "42 patients; 5-year overall survival 74%.\n"
)
RAW = {
    "raw/001_alpha.txt": (ALPHA, "utf-8"),
    "raw/002_beta.txt": (BETA, "cp1252"),
    "raw/003_gamma.txt": (GAMMA, "utf-8"),
}

CURATION = """\
# Reviewer corrections to extracted values (one entry per value_id)
curations:
  - value_id: alpha-rfs-5y
    curator: A. Reviewer
    reason: the rule took the 1-year figure; the abstract gives 41% at 5 years
  - value_id: beta-pfs-tace
    curator: B. Reviewer
    reason: comparator arm value confirmed against the full text
"""
SCREENING_DECISIONS = (
    "record_id,decision,reason_code,curator,curation_reason\n"
    "{gamma},exclude,duplicate_report,A. Reviewer,conference abstract of the alpha series\n"
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def span(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"char_start": start, "char_end": start + len(quote), "quote": quote}


def build_project(root: Path) -> dict:
    """Write the fake project; return the facts tests compare against (hashes, record ids)."""
    facts = {"sha": {}, "rid": {}}
    for rel, (text, encoding) in RAW.items():
        data = text.encode(encoding)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        facts["sha"][rel] = sha(data)
        facts["rid"][rel] = make_record_id(sha(data), 0)
    with open(root / "raw/MANIFEST.tsv", "w", encoding="utf-8", newline="") as handle:
        handle.write("file\tsha256\tbytes\n")
        for rel, (text, encoding) in sorted(RAW.items()):
            data = text.encode(encoding)
            handle.write(f"{rel.removeprefix('raw/')}\t{sha(data)}\t{len(data)}\n")
    s, rid = facts["sha"], facts["rid"]
    a, b, g = "raw/001_alpha.txt", "raw/002_beta.txt", "raw/003_gamma.txt"

    (root / "config/screening_decisions").mkdir(parents=True)
    (root / "config/extraction_curation.yaml").write_text(CURATION, encoding="utf-8")
    (root / "config/screening_decisions/reviewer_a.csv").write_text(
        SCREENING_DECISIONS.format(gamma=rid[g]), encoding="utf-8"
    )
    (root / "config/config.yaml").write_text("review: net-liver\n", encoding="utf-8")

    files = [
        {
            "source_file": rel,
            "source_sha256": s[rel],
            "source_format": "plaintext",
            "decoding": RAW[rel][1],
            "records_found": 1,
            "records_ingested": 1,
            "records_rejected": 0,
        }
        for rel in sorted(RAW)
    ]
    write_csv(root / "results/ingest/files.csv", list(files[0]), files)
    records = [
        {
            "record_id": rid[rel],
            "source_file": rel,
            "source_sha256": s[rel],
            "source_format": "plaintext",
            "record_index": 0,
            "line_start": 1,
            "line_end": RAW[rel][0].count("\n"),
            "char_start": 0,
            "char_end": len(RAW[rel][0]),
            "title": RAW[rel][0].splitlines()[0],
        }
        for rel in sorted(RAW)
    ]
    write_csv(root / "results/ingest/records.csv", list(records[0]), records)

    clusters = [
        {
            "record_id": rid[a],
            "cluster_id": "C0001",
            "study_id": "S001",
            "source_sha256": s[a],
            "match_rule": "same_first_author_year_n",
        },
        {
            "record_id": rid[g],
            "cluster_id": "C0001",
            "study_id": "S001",
            "source_sha256": s[g],
            "match_rule": "same_first_author_year_n",
        },
        {
            "record_id": rid[b],
            "cluster_id": "C0002",
            "study_id": "S002",
            "source_sha256": s[b],
            "match_rule": "singleton",
        },
    ]
    write_csv(root / "results/dedup/clusters.csv", list(clusters[0]), clusters)
    merges = [
        {
            "cluster_id": "C0001",
            "kept_record_id": rid[a],
            "merged_record_id": rid[g],
            "rule": "same_first_author_year_n",
            "source_sha256": s[g],
        }
    ]
    write_csv(root / "results/dedup/merge_log.csv", list(merges[0]), merges)

    decisions = [
        {
            "record_id": rid[a],
            "study_id": "S001",
            "source_sha256": s[a],
            "decision": "include",
            "reason_code": "eligible",
            "manual": "no",
            "rule_id": "screen.population_net_liver",
            **span(ALPHA, "neuroendocrine liver metastases"),
        },
        {
            "record_id": rid[b],
            "study_id": "S002",
            "source_sha256": s[b],
            "decision": "include",
            "reason_code": "eligible",
            "manual": "no",
            "rule_id": "screen.intervention_tare",
            **span(BETA, "Radioembolisation (Y-90)"),
        },
        {
            "record_id": rid[g],
            "study_id": "S001",
            "source_sha256": s[g],
            "decision": "exclude",
            "reason_code": "duplicate_report",
            "manual": "yes",
            "rule_id": "",
            "char_start": "",
            "char_end": "",
            "quote": "",
        },
    ]
    write_csv(root / "results/screen/decisions.csv", list(decisions[0]), decisions)

    studies = [
        {
            "value_id": "alpha-n",
            "study_id": "S001",
            "record_id": rid[a],
            "source_sha256": s[a],
            "field": "n_patients",
            "value": "42",
            "rule_id": "extract.n_patients",
            **span(ALPHA, "We reviewed 42 patients"),
        },
        {
            "value_id": "beta-n-tare",
            "study_id": "S002",
            "record_id": rid[b],
            "source_sha256": s[b],
            "field": "n_patients_tare",
            "value": "60",
            "rule_id": "extract.n_per_arm",
            **span(BETA, "60 patients were treated with TARE"),
        },
    ]
    write_csv(root / "results/extract/studies.csv", list(studies[0]), studies)
    outcome_header = [
        "value_id",
        "study_id",
        "record_id",
        "source_sha256",
        "outcome",
        "timepoint",
        "value",
        "unit",
        "char_start",
        "char_end",
        "quote",
        "rule_id",
        "curated",
        "curator",
        "curation_reason",
    ]
    outcomes = [
        {
            "value_id": "alpha-os-5y",
            "study_id": "S001",
            "record_id": rid[a],
            "source_sha256": s[a],
            "outcome": "overall_survival",
            "timepoint": "5y",
            "value": "74",
            "unit": "%",
            "rule_id": "extract.survival_percent",
            "curated": "no",
            **span(ALPHA, "The 5-year overall survival was 74%"),
        },
        {
            "value_id": "alpha-rfs-5y",
            "study_id": "S001",
            "record_id": rid[a],
            "source_sha256": s[a],
            "outcome": "recurrence_free_survival",
            "timepoint": "5y",
            "value": "41",
            "unit": "%",
            "rule_id": "extract.survival_percent",
            "curated": "yes",
            "curator": "A. Reviewer",
            "curation_reason": "the rule took the 1-year figure; the abstract gives 41% at 5 years",
            **span(ALPHA, "the 5-year recurrence-free survival was 41%"),
        },
        {
            "value_id": "beta-pfs-tare",
            "study_id": "S002",
            "record_id": rid[b],
            "source_sha256": s[b],
            "outcome": "progression_free_survival",
            "timepoint": "median",
            "value": "18",
            "unit": "months",
            "rule_id": "extract.median_months",
            "curated": "no",
            **span(BETA, "Median progression-free survival was 18 months after TARE"),
        },
    ]
    write_csv(root / "results/extract/outcomes.csv", outcome_header, outcomes)
    items = [
        {
            "study_id": "S001",
            "source_sha256": s[a],
            "instrument": "MINORS",
            "item": "endpoints",
            "score": "2",
            "rule_id": "minors.endpoints_stated",
            **span(ALPHA, "overall survival was 74%"),
        },
        {
            "study_id": "S001",
            "source_sha256": s[a],
            "instrument": "MINORS",
            "item": "prospective_collection",
            "score": "not_reported",
            "rule_id": "",
            "char_start": "",
            "char_end": "",
            "quote": "",
        },
    ]
    write_csv(root / "results/quality/items.csv", list(items[0]), items)
    pooled = [
        {
            "outcome": "overall_survival_5y",
            "estimate": "74.0",
            "k": "1",
            "source_sha256": s[a],
            "value_id": "alpha-os-5y",
            **span(ALPHA, "The 5-year overall survival was 74%"),
        }
    ]
    write_csv(root / "results/tables/survival.csv", list(pooled[0]), pooled)

    raw_inputs = sorted(RAW)
    jobs = {
        f"results/ingest/{n}.csv": {"rule": "ingest", "inputs": raw_inputs}
        for n in ("files", "records")
    }
    jobs.update(
        {
            f"results/dedup/{n}.csv": {"rule": "dedup", "inputs": ["results/ingest/records.csv"]}
            for n in ("clusters", "merge_log")
        }
    )
    jobs["results/screen/decisions.csv"] = {
        "rule": "screen",
        "inputs": ["results/dedup/clusters.csv", "config/screening_decisions/reviewer_a.csv"],
    }
    for name in ("studies", "outcomes"):
        jobs[f"results/extract/{name}.csv"] = {
            "rule": "extract",
            "inputs": ["results/screen/decisions.csv", "config/extraction_curation.yaml"],
        }
    jobs["results/quality/items.csv"] = {
        "rule": "quality",
        "inputs": ["results/extract/studies.csv"],
    }
    jobs["results/tables/survival.csv"] = {
        "rule": "tables",
        "inputs": ["results/extract/outcomes.csv"],
    }
    write_provenance(root, sorted(jobs), jobs=jobs, config={"review": "net-liver"})
    return facts


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict]:
    return tmp_path, build_project(tmp_path)


def edit_text(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    path.chmod(0o644)
    text = path.read_bytes().decode(encoding)
    assert old in text, f"fixture text lacks {old!r}"
    path.write_bytes(text.replace(old, new, 1).encode(encoding))


def kinds(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.kind, p.where) for p in problems}


# --- verify --------------------------------------------------------------------------------------


def test_untouched_tree_verifies_clean(project):
    root, _ = project
    report = verify_report(root)
    assert report.problems == []
    # 3 raw files; 9 tables (2 ingest, 2 dedup, screen, 2 extract, quality, pooled);
    # quotes: 2 screen + 2 studies + 3 outcomes + 1 quality + 1 pooled
    assert (report.raw_files, report.tables, report.quotes) == (3, 9, 9)


def test_one_raw_byte_changed_is_named_with_its_line(project):
    root, facts = project
    # "42 patients" -> "43 patients": one byte, on line 4 of the alpha abstract
    edit_text(root / "raw/001_alpha.txt", "42 patients", "43 patients")
    problems = verify(root)
    raw = [p for p in problems if p.kind == "raw-changed"]
    assert [p.where for p in raw] == ["raw/001_alpha.txt"]
    assert facts["sha"]["raw/001_alpha.txt"] in raw[0].detail
    assert "line 4 changed" in raw[0].detail and "43 patients" in raw[0].detail
    # every table row citing the old bytes is flagged, and the quote that spans the byte
    stale = {p.where.split(" ")[0] for p in problems if p.kind == "source-unknown"}
    assert "results/extract/outcomes.csv" in stale and "results/screen/decisions.csv" in stale
    mismatch = [p for p in problems if p.kind == "quote-mismatch"]
    assert [p.where for p in mismatch] == ["results/extract/studies.csv row 1 (value_id alpha-n)"]
    assert "We reviewed 43 patients" in mismatch[0].detail


def test_one_cell_edited_in_a_results_table_is_named(project):
    root, _ = project
    edit_text(root / "results/extract/outcomes.csv", ",74,%,", ",47,%,")
    problems = verify(root)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.kind, problem.where) == ("output-changed", "results/extract/outcomes.csv")
    assert "made by rule extract" in problem.detail
    assert "row 1 (value_id alpha-os-5y), column 'value' changed, now '47'" in problem.detail


def test_edited_quote_fails_both_the_manifest_and_the_re_read(project):
    root, _ = project
    edit_text(root / "results/extract/outcomes.csv", "was 18 months", "was 19 months")
    got = kinds(verify(root))
    assert ("output-changed", "results/extract/outcomes.csv") in got
    assert ("quote-mismatch", "results/extract/outcomes.csv row 3 (value_id beta-pfs-tare)") in got


def test_one_curation_entry_edited_is_named_with_its_line(project):
    root, _ = project
    edit_text(
        root / "config/extraction_curation.yaml",
        "confirmed against the full text",
        "taken from the poster",
    )
    problems = verify(root)
    assert len(problems) == 1, problems
    assert (problems[0].kind, problems[0].where) == (
        "input-changed",
        "config/extraction_curation.yaml",
    )
    assert "line 8 changed" in problems[0].detail
    assert "taken from the poster" in problems[0].detail


def test_screening_decision_file_edited_is_named_by_row_and_column(project):
    root, _ = project
    edit_text(root / "config/screening_decisions/reviewer_a.csv", ",exclude,", ",include,")
    problems = verify(root)
    assert len(problems) == 1, problems
    assert problems[0].where == "config/screening_decisions/reviewer_a.csv"
    assert "column 'decision' changed, now 'include'" in problems[0].detail


def test_files_added_after_the_run_are_reported(project):
    root, _ = project
    (root / "raw/004_new.txt").write_text("A new abstract\n", encoding="utf-8")
    (root / "config/screening_decisions/reviewer_b.csv").write_text("record_id\n", "utf-8")
    got = kinds(verify(root))
    assert ("raw-unlisted", "raw/004_new.txt") in got
    assert ("input-unrecorded", "config/screening_decisions/reviewer_b.csv") in got


def test_missing_raw_file_and_missing_output(project):
    root, _ = project
    (root / "raw/003_gamma.txt").unlink()
    (root / "results/quality/items.csv").unlink()
    got = kinds(verify(root))
    assert ("raw-missing", "raw/003_gamma.txt") in got
    assert ("output-missing", "results/quality/items.csv") in got


def test_span_outside_the_source_is_invalid(project):
    root, _ = project
    path = root / "results/quality/items.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["char_end"] = "99999"
    write_csv(path, list(rows[0]), rows)
    got = kinds(verify(root))
    assert ("span-invalid", "results/quality/items.csv row 1 (study_id S001)") in got


def test_without_a_manifest_verify_says_how_to_make_one(project):
    root, _ = project
    (root / "results/provenance/manifest.json").unlink()
    problems = verify(root)
    assert [p.kind for p in problems] == ["manifest-missing"]
    assert "Run the workflow" in problems[0].detail


def test_quotes_are_re_read_with_the_recorded_decoding(project):
    # alpha is UTF-8 with one "é" in its title, so after it character offsets are one less than
    # byte offsets; read as Latin-1 the "é" becomes two characters and every later span shifts.
    root, _ = project
    data = (root / "raw/001_alpha.txt").read_bytes()
    assert data.index(b"We reviewed") == ALPHA.index("We reviewed") + 1
    edit_text(root / "results/ingest/files.csv", "plaintext,utf-8,", "plaintext,latin-1,")
    got = kinds(verify(root))
    assert ("output-changed", "results/ingest/files.csv") in got
    assert ("quote-mismatch", "results/extract/studies.csv row 1 (value_id alpha-n)") in got
    mismatched = {where for kind, where in got if kind == "quote-mismatch"}
    assert not any(w.startswith("results/screen/decisions.csv row 1 ") for w in mismatched)


def test_verify_cli_exit_status(project, capsys):
    root, _ = project
    assert main(["verify", "--project", str(root)]) == 0
    assert capsys.readouterr().out.startswith("OK: checked 3 raw files")
    edit_text(root / "results/tables/survival.csv", "74.0", "75.0")
    assert main(["verify", "--project", str(root)]) == 1
    out = capsys.readouterr().out
    assert "output-changed: results/tables/survival.csv" in out
    assert out.rstrip().splitlines()[-1].startswith("FAILED: 1 problems")


def test_verify_and_trace_through_the_package_cli(project, capsys):
    from litreview.cli import main as litreview

    root, _ = project
    assert litreview(["--root", str(root), "verify"]) == 0
    assert capsys.readouterr().out.startswith("OK: checked 3 raw files")
    assert litreview(["--root", str(root), "trace", "results/extract/outcomes.csv", "3"]) == 0
    assert "18 months after TARE" in capsys.readouterr().out


# --- trace ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "row", "source", "quote"),
    [
        (
            "results/extract/outcomes.csv",
            "1",
            "raw/001_alpha.txt",
            "The 5-year overall survival was 74%",
        ),
        (
            "results/extract/studies.csv",
            "2",
            "raw/002_beta.txt",
            "60 patients were treated with TARE",
        ),
        ("results/quality/items.csv", "1", "raw/001_alpha.txt", "overall survival was 74%"),
        ("results/screen/decisions.csv", "2", "raw/002_beta.txt", "Radioembolisation (Y-90)"),
        (
            "results/tables/survival.csv",
            "1",
            "raw/001_alpha.txt",
            "The 5-year overall survival was 74%",
        ),
        ("results/dedup/clusters.csv", "2", "raw/003_gamma.txt", None),
        ("results/ingest/records.csv", "3", "raw/003_gamma.txt", None),
    ],
)
def test_trace_reaches_the_source_from_every_table_kind(project, table, row, source, quote):
    root, facts = project
    text = trace(root, table, row)
    assert f"file: {source}" in text
    assert f"recorded SHA-256: {facts['sha'][source]}" in text
    assert "(matches)" in text
    if quote is not None:
        assert f"quote (matches the source): {quote!r}" in text
        assert f"[[{quote}]]" in text


def test_trace_prints_the_quote_with_context_and_the_study_history(project):
    root, facts = project
    text = trace(root, "results/extract/outcomes.csv", "alpha-os-5y")
    # context on both sides of the marked quote, newlines folded to spaces
    assert (
        "between 2001 and 2019. Results: [[The 5-year overall survival was 74%]] and the 5-year"
        in text
    )
    assert "Produced by: rule extract.survival_percent" in text
    assert "Table made by rule extract" in text and "matches the manifest" in text
    alpha, gamma = facts["rid"]["raw/001_alpha.txt"], facts["rid"]["raw/003_gamma.txt"]
    assert "Dedup: study S001, cluster C0001" in text
    assert f"member record_id={gamma}" in text
    assert f"merged_record_id={gamma}" in text
    assert f"Screening: {alpha}: include (reason eligible, manual no)" in text
    assert f"Screening: {gamma}: exclude (reason duplicate_report, manual yes)" in text


def test_trace_of_a_curated_value_names_the_reviewer_and_reason(project):
    root, _ = project
    text = trace(root, "results/extract/outcomes.csv", "2")
    assert (
        "reviewer curation by A. Reviewer: the rule took the 1-year figure; "
        "the abstract gives 41% at 5 years" in text
    )


def test_trace_finds_a_value_id_without_a_table(project):
    root, _ = project
    text = trace(root, None, "beta-pfs-tare")
    assert text.startswith("results/extract/outcomes.csv row 3 (line 4 of the file)")
    assert "Median progression-free survival was 18 months after TARE" in text
    assert "decoded as cp1252" in text


def test_trace_of_a_record_names_the_reader_that_read_it(project):
    root, _ = project
    text = trace(root, "results/ingest/records.csv", "1")
    assert "[[Liver transplantation for neuroendocrine liver metastases" in text
    # alpha (421 characters) shown whole; its final newline folds to a space before the marker
    assert "survival in selected patients. ]]" in text
    assert "Produced by: the plaintext reader (workflow rule ingest)" in text


def test_context_of_a_long_span_shows_its_two_ends():
    text = "a" * 200 + "B" * 600 + "c" * 200
    expected = "…" + "a" * 120 + "[[" + "B" * 120 + " …[360 characters]… " + "B" * 120 + "]]"
    assert _context(text, 200, 800) == expected + "c" * 120 + "…"
    assert _context("x quote y", 2, 7) == "x [[quote]] y"


def test_a_value_id_is_found_in_the_stage_table_before_per_file_pieces(project):
    root, _ = project
    piece = root / "results/extract/files/alpha.outcomes.csv"
    piece.parent.mkdir(parents=True)
    piece.write_bytes((root / "results/extract/outcomes.csv").read_bytes())
    assert trace(root, None, "alpha-os-5y").startswith("results/extract/outcomes.csv row 1 ")


def test_trace_on_a_row_without_evidence_says_so(project):
    root, _ = project
    text = trace(root, "results/quality/items.csv", "2")
    assert "Evidence: none recorded for this row" in text


def test_trace_flags_a_changed_source(project):
    root, _ = project
    edit_text(root / "raw/001_alpha.txt", "was 74%", "was 75%")
    text = trace(root, "results/extract/outcomes.csv", "1")
    assert "DIFFERS: the file changed after the run" in text
    assert "DOES NOT MATCH: the source reads 'The 5-year overall survival was 75%'" in text


def test_trace_errors_name_what_exists(project):
    root, _ = project
    with pytest.raises(TraceError, match="rows 1-3"):
        find_row(root, "results/extract/outcomes.csv", "7")
    with pytest.raises(TraceError, match="no such table"):
        find_row(root, "results/extract/nothing.csv", "1")
    with pytest.raises(TraceError, match="no row has value_id"):
        find_row(root, "results/extract/outcomes.csv", "no-such-value")


def test_trace_cli(project, capsys):
    root, _ = project
    assert main(["trace", "alpha-rfs-5y", "--project", str(root)]) == 0
    assert "the 5-year recurrence-free survival was 41%" in capsys.readouterr().out
    assert main(["trace", "results/extract/outcomes.csv", "9", "--project", str(root)]) == 2
