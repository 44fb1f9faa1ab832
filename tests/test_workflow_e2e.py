"""End to end: Snakemake on the seed corpus in a temporary copy of the project.

The expected values are read from the seed abstracts in raw/ (see each assertion's comment), so
this test fails if a stage stops finding what the sources say."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, copy_project, run_snakemake

from litreview.textio import read_source_text, sha256_file

pytestmark = pytest.mark.e2e


def snakemake(workdir: Path, *args: str):
    return run_snakemake(workdir, *args)


def table(workdir: Path, rel: str) -> pd.DataFrame:
    return pd.read_csv(workdir / rel, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = copy_project(tmp_path_factory.mktemp("review"))
    result = snakemake(workdir)
    assert result.returncode == 0, result.stderr[-5000:]
    return workdir


def test_tables_and_report_exist(run):
    for rel in [
        "results/ingest/records.csv",
        "results/dedup/canonical.csv",
        "results/screen/decisions.csv",
        "results/extract/outcomes.csv",
        "results/quality/items.csv",
        "results/tables/characteristics.csv",
        "results/tables/characteristics.md",
        "results/tables/outcomes_by_modality.csv",
        "results/tables/quality.csv",
        "results/report/report.html",
        "results/provenance/manifest.json",
    ]:
        assert (run / rel).stat().st_size > 0, rel


def test_every_source_sha256_is_a_raw_file(run):
    hashes = {sha256_file(p) for p in (run / "raw").iterdir() if p.name != "MANIFEST.tsv"}
    for csv in sorted((run / "results").rglob("*.csv")):
        df = table(run, csv.relative_to(run).as_posix())
        if "source_sha256" in df.columns and len(df):
            # Aggregate rows (counts, pooled estimates) name all their sources, "; "-joined.
            named = {h for cell in df["source_sha256"] for h in cell.split("; ") if h}
            assert named <= hashes, csv


def test_every_quote_is_the_source_text_at_its_offsets(run):
    files = table(run, "results/ingest/files.csv")
    texts = {
        row.source_sha256: read_source_text(run / row.source_file, row.decoding)
        for row in files.itertuples()
    }
    checked = 0
    for csv in sorted((run / "results").rglob("*.csv")):
        df = table(run, csv.relative_to(run).as_posix())
        if not {"char_start", "char_end", "quote", "source_sha256"} <= set(df.columns):
            continue
        for row in df[df["char_start"] != ""].itertuples():
            text = texts[row.source_sha256]
            assert text[int(row.char_start) : int(row.char_end)] == row.quote, (csv, row)
            checked += 1
    assert checked > 50


def test_all_five_seeds_are_screened_in(run):
    decisions = table(run, "results/screen/decisions.csv")
    assert len(decisions) == 5
    assert set(decisions["decision"]) == {"include"}


def _outcome(outcomes, seed, outcome, arm_word):
    rows = outcomes[
        outcomes["source_file"].str.startswith(f"raw/{seed}")
        & (outcomes["outcome"] == outcome)
        & outcomes["arm"].str.lower().str.contains(arm_word)
    ]
    return sorted(float(v) for v in rows["value"])


def test_seed_facts_hold_in_the_tables(run):
    files = table(run, "results/ingest/files.csv")[["source_sha256", "source_file"]]
    outcomes = table(run, "results/extract/outcomes.csv").merge(files, on="source_sha256")
    studies = table(run, "results/extract/studies.csv").merge(files, on="source_sha256")
    # 002: "hepatic resection (n = 58, 9%), 160 months" and "observation (n = 117, 18%), 38 months"
    assert 160.0 in _outcome(outcomes, "002", "os_median", "resection")
    assert 38.0 in _outcome(outcomes, "002", "os_median", "observation")
    resection = outcomes[
        outcomes["source_file"].str.startswith("raw/002")
        & outcomes["arm"].str.contains("resection")
        & (outcomes["outcome"] == "os_median")
    ]
    assert set(resection["n_arm"]) == {"58"}
    # 003: "met by 546 patients", "median overall survival was 122 months, and
    # progression-free survival was 17 months"
    patients_003 = studies[
        studies["source_file"].str.startswith("raw/003") & (studies["field"] == "n_patients")
    ]
    assert "546" in set(patients_003["value"])
    assert 122.0 in _outcome(outcomes, "003", "os_median", "")
    assert 17.0 in _outcome(outcomes, "003", "pfs_median", "")
    # 004: "multicenter retrospective study of 155 patients"
    patients_004 = studies[
        studies["source_file"].str.startswith("raw/004") & (studies["field"] == "n_patients")
    ]
    assert "155" in set(patients_004["value"])


def test_level_of_evidence_rests_on_evidence(run):
    items = table(run, "results/quality/items.csv")
    levels = items[items["instrument"].str.contains("cebm|oxford", case=False)]
    assert len(levels) >= 5
    assert (levels["quote"] != "").all()


def test_second_run_has_nothing_to_do(run):
    result = snakemake(run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Nothing to be done" in result.stdout + result.stderr


def test_changed_raw_byte_stops_the_run(run, tmp_path):
    copy = tmp_path / "review"
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns(".snakemake", "results"))
    path = next((copy / "raw").glob("004_*.txt"))
    data = bytearray(path.read_bytes())
    data[10] = ord("X") if data[10] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    result = snakemake(copy, "-n")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert f"raw/{path.name} has changed" in message
    assert f"litreview lock raw/{path.name}" in message


def test_two_clean_runs_give_byte_identical_tables(run, tmp_path):
    """Tables and the HTML report (its cells numbered, not given nbformat's random ids)."""
    copy = tmp_path / "again"
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns(".snakemake", "results"))
    result = snakemake(copy)
    assert result.returncode == 0, result.stderr[-3000:]
    compared = 0
    suffixes = {".csv", ".md", ".xlsx", ".ris", ".bib", ".svg", ".html"}
    for stage in ("ingest", "dedup", "screen", "extract", "quality", "tables", "report"):
        for path in sorted((run / "results" / stage).rglob("*")):
            if path.is_file() and path.suffix in suffixes:
                twin = copy / path.relative_to(run)
                assert twin.read_bytes() == path.read_bytes(), path.relative_to(run)
                compared += 1
    assert compared > 30


def test_rerun_with_nothing_changed_restores_every_drawing_with_the_same_bytes(run, tmp_path):
    """litreview.memo: the figure rules and synthesis run again on the same tables draw nothing;
    every figure, the workbook and the exports come back from results/memo/ byte for byte."""
    copy = tmp_path / "redraw"
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns(".snakemake"))
    drawn = [
        p
        for d in ("results/figures", "results/quality/figures")
        for p in sorted((run / d).rglob("*"))
        if p.is_file() and p.suffix in {".svg", ".png"}
    ]
    drawn += [
        run / "results/tables" / n for n in ("review_tables.xlsx", "included.ris", "included.bib")
    ]
    rules = ("synthesize", "publish", "export_included", "forest", "quality_figures")
    # --until without synthesize: naming a rule and one downstream of it there leaves the
    # downstream job unscheduled (Snakemake 9.27: "Out of jobs ready to be started").
    result = snakemake(copy, "--forcerun", *rules, "--until", *rules[1:])
    assert result.returncode == 0, result.stderr[-3000:]
    # the seeds' calls: 2 instruments x 2 figures, 2 forest plots, PRISMA; workbook, RIS, BibTeX
    calls_of = {
        "quality_figures": 4,
        "forest": 2,
        "synthesize": 1,
        "publish": 1,
        "export_included": 2,
    }
    for rule, calls in calls_of.items():
        log = (copy / f"results/logs/{rule}.log").read_text(encoding="utf-8")
        restored = int(log.split(" restored from results/memo/")[0].rsplit(" ", 1)[-1])
        assert restored >= calls and f"{rule}.zip, 0 drawn" in log, log[-500:]
    assert len(drawn) > 10
    for path in drawn:
        assert (copy / path.relative_to(run)).read_bytes() == path.read_bytes(), path.name


def job_events(workdir: Path) -> list[tuple[str, str]]:
    """("start" or "end", rule) in the order the first run's Snakemake log records them."""
    first = sorted((workdir / ".snakemake" / "log").glob("*.snakemake.log"))[0]
    events = []
    for line in first.read_text(encoding="utf-8").splitlines():
        if started := re.match(r"(?:local)?rule (\w+):$", line):
            events.append(("start", started.group(1)))
        elif ended := re.match(r"Finished jobid: \d+ \(Rule: (\w+)\)", line):
            events.append(("end", ended.group(1)))
    return events


def test_job_events_are_read_in_log_order(tmp_path):
    log = tmp_path / ".snakemake" / "log" / "2026-01-01T000000.snakemake.log"
    log.parent.mkdir(parents=True)
    log.write_text(
        "rule a:\n    jobid: 1\nlocalrule b:\nFinished jobid: 2 (Rule: b)\n"
        "Finished jobid: 1 (Rule: a)\n",
        encoding="utf-8",
    )
    assert job_events(tmp_path) == [("start", "a"), ("start", "b"), ("end", "b"), ("end", "a")]


def test_forest_plots_are_drawn_while_quality_scores_on_two_cores(run):
    """Each takes one of the two cores, so both start before either ends: the forest plots,
    the longest drawing when pooled estimates change, are drawn first, beside quality scoring
    rather than after it (issue 9)."""
    events = job_events(run)
    starts = [events.index(("start", rule)) for rule in ("quality", "forest")]
    ends = [events.index(("end", rule)) for rule in ("quality", "forest")]
    assert max(starts) < min(ends), events


def test_committed_tables_are_what_raw_gives(run):
    """results/tables/ is committed; CI regenerates it from raw/ and fails on any difference."""
    committed = sorted((PROJECT_ROOT / "results" / "tables").glob("*.csv"))
    committed += sorted((PROJECT_ROOT / "results" / "tables").glob("*.md"))
    assert committed, "results/tables/ holds no committed tables"
    differences = []
    for path in committed:
        fresh = run / "results" / "tables" / path.name
        old = path.read_text(encoding="utf-8").splitlines()
        new = fresh.read_text(encoding="utf-8").splitlines() if fresh.exists() else []
        if old != new:
            diff = difflib.unified_diff(
                old, new, f"committed {path.name}", f"regenerated {path.name}", lineterm="", n=1
            )
            differences.append("\n".join(list(diff)[:40]))
    assert not differences, (
        "the committed tables differ from what raw/ gives; if the change is intended, run "
        "`make run` and commit results/tables/:\n" + "\n\n".join(differences)
    )


def test_a_curation_reruns_only_what_depends_on_it(run, tmp_path):
    """Correcting one value re-runs extraction's gather and what is downstream of it, nothing
    upstream, and changes that value in the published tables and nothing else there."""
    copy = tmp_path / "curated"
    shutil.copytree(run, copy, symlinks=True)
    outcomes = table(copy, "results/tables/outcomes_by_modality.csv")
    # 002: "observation (n = 117, 18%), 38 months": suppose a reviewer reads it as 36.
    target = outcomes[(outcomes["arm"] == "observation") & (outcomes["outcome"] == "os_median")]
    value_id = target["value_id"].iloc[0]
    before = {p.name: p.read_bytes() for p in (copy / "results/tables").glob("*.csv")}
    (copy / "config/extraction_curation.yaml").write_text(
        "corrections:\n"
        f"  - action: correct\n    value_id: {value_id}\n    values: {{value: 36}}\n"
        "    reviewer: AB\n    reason: test correction\n",
        encoding="utf-8",
    )
    result = snakemake(copy)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = {
        line.split("rule ")[1].rstrip(":")
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip().startswith(("rule ", "localrule "))
    }
    allowed = {"extract", "quality", "quality_figures", "forest", "synthesize", "publish", "report"}
    allowed |= {"prints", "provenance", "all"}
    assert ran <= allowed, ran
    assert "extract" in ran and "synthesize" in ran
    # the outputs of the stages that ran again are printed again, and only theirs
    printed = set(re.findall(r"wildcards: stage=(\w+)", result.stdout + result.stderr))
    assert printed == {
        "extract",
        "quality",
        "quality_figures",
        "forest",
        "synthesize",
        "publish",
    }, printed
    after = table(copy, "results/tables/outcomes_by_modality.csv")
    row = after[after["value_id"] == value_id].iloc[0]
    assert (row["value"], row["curation"], row["curated_by"]) == ("36", "corrected", "AB")
    changed = {
        p.name for p in (copy / "results/tables").glob("*.csv") if p.read_bytes() != before[p.name]
    }
    # The observation arm's OS median feeds the outcomes table and the descriptive medians only.
    assert changed == {"outcomes_by_modality.csv", "pooled.csv"}, changed


def test_bare_snakemake_in_the_environment_has_nothing_to_do(run):
    """Inside the environment `make` builds, a bare `snakemake` (no flags) finds its profile."""
    activate = PROJECT_ROOT / ".venv" / "bin" / "activate"
    if not activate.exists() or "SNAKEMAKE_PROFILE" not in activate.read_text():
        pytest.skip("no .venv built by `make env` here (its activate script sets the profile)")
    result = subprocess.run(
        ["bash", "-c", f'source "{activate}" && snakemake'],
        cwd=run,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Nothing to be done" in result.stdout + result.stderr


def test_trace_every_outcome_row_prints_the_quote_that_holds_its_value(run):
    from litreview.audit import trace

    rows = table(run, "results/extract/outcomes.csv")
    assert len(rows) > 20
    for number, row in enumerate(rows.itertuples(), start=1):
        text = trace(run, "results/extract/outcomes.csv", str(number))
        assert f"quote (matches the source): {row.quote!r}" in text, text
        assert "(matches)" in text  # the source file still has its recorded hash
        value = row.value.removesuffix(".0")
        assert value in row.quote.replace(",", ""), (number, row.value, row.quote)


def test_verify_finds_an_untouched_run_clean(run):
    from litreview.audit import verify

    assert verify(run) == []
