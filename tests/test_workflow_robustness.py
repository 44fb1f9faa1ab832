"""The workflow under a cluster executor, interrupted mid-way, started twice at once, and fed
hostile text (issue: scale and robustness)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_project, run_snakemake, snakemake_command

from litreview import manifest

pytestmark = pytest.mark.e2e

TABLES = ("results/tables", "results/extract", "results/screen", "results/dedup")

# U+FFFE in the title: a Unicode noncharacter XML cannot hold (the workbook must still be written).
HOSTILE_PAGE = """<script>alert('title')</script> Resection\ufffe for neuroendocrine metastases

Background: We reviewed =HYPERLINK("http://example.invalid","click") patients with neuroendocrine
tumour liver metastases who underwent hepatic resection at two centres. Methods: A retrospective
cohort study of patients treated between 2005 and 2018. Results: Forty-two patients underwent
hepatic resection <img src=x onerror=alert(1)>. The median overall survival was 88 months and the
5-year overall survival was 71%. Conclusion: Resection is safe and gives long survival in selected
patients with neuroendocrine liver metastases.
"""


def table_bytes(workdir: Path) -> dict[str, bytes]:
    found = {}
    for folder in TABLES:
        for path in sorted((workdir / folder).glob("*.csv")):
            found[path.relative_to(workdir).as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    workdir = copy_project(tmp_path_factory.mktemp("reference"))
    result = run_snakemake(workdir, "results/tables/review_tables.xlsx")
    assert result.returncode == 0, result.stderr[-3000:]
    return table_bytes(workdir)


def test_cluster_generic_executor_runs_each_job_as_its_own_process(tmp_path, reference):
    """Every job is submitted as a separate local process, as a cluster scheduler would: rules
    must read only their declared inputs and write only their outputs."""
    workdir = copy_project(tmp_path / "cluster")
    submit = tmp_path / "submit.sh"
    submit.write_text('#!/bin/bash\nnohup bash "$1" > "$1.out" 2>&1 &\necho $!\n')
    submit.chmod(0o755)
    result = subprocess.run(
        [
            *snakemake_command(workdir, "results/tables/review_tables.xlsx"),
            "--executor",
            "cluster-generic",
            "--cluster-generic-submit-cmd",
            str(submit),
            "--jobs",
            "2",
            "--latency-wait",
            "30",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=900,
        env={k: v for k, v in os.environ.items() if k != "SNAKEMAKE_PROFILE"},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert "with external jobid" in log
    assert table_bytes(workdir) == reference


# Ctrl-C, and a kill no process can handle (kill -9, the machine's memory killer, a lost node).
# Not SIGTERM: Snakemake 9's SIGTERM handler takes a lock the interrupted main thread may hold
# (JobScheduler.exit_gracefully while a finished job is post-processed), and hangs there.
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl_c", "kill_9"])
def test_interrupted_run_completes_identically(tmp_path, reference, how):
    workdir = copy_project(tmp_path / "interrupted")
    process = subprocess.Popen(
        snakemake_command(workdir, "--cores", "1", "results/tables/review_tables.xlsx"),
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not list((workdir / "results/extract/batches").glob("*.csv")):
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(process.pid, how)
    process.wait(timeout=120)
    assert not (workdir / "results/tables/review_tables.xlsx").exists()
    if how == signal.SIGKILL:
        # A killed run cannot remove its lock: the user unlocks, as Snakemake's message says.
        assert run_snakemake(workdir, "--unlock").returncode == 0
    result = run_snakemake(workdir, "--rerun-incomplete", "results/tables/review_tables.xlsx")
    assert result.returncode == 0, result.stderr[-3000:]
    assert table_bytes(workdir) == reference


def test_second_run_at_once_is_refused(tmp_path):
    workdir = copy_project(tmp_path / "twice")
    first = subprocess.Popen(
        snakemake_command(workdir, "--cores", "1"),
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (workdir / ".snakemake" / "locks").is_dir() or not any(
            (workdir / ".snakemake" / "locks").iterdir()
        ):
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        # Hold the first run where it is, so the second cannot start after it has finished.
        os.killpg(first.pid, signal.SIGSTOP)
        second = run_snakemake(workdir)
        assert second.returncode != 0
        assert "cannot be locked" in second.stdout + second.stderr
    finally:
        # The first run is not what this test is about (and Snakemake's SIGTERM handler can hang,
        # see the interruption test): it is stopped for good.
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)


def test_hostile_text_is_escaped_in_report_and_neutralised_in_spreadsheets(tmp_path):
    workdir = copy_project(tmp_path / "hostile")
    name = "évil =cmd 'quoted' \"page\".txt"
    (workdir / "raw" / name).write_text(HOSTILE_PAGE, encoding="utf-8")
    manifest.lock(workdir / "raw", [name])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (workdir / "results/report/report.html").read_text(encoding="utf-8")
    assert "<script>alert('title')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html or (
        "&lt;script&gt;alert('title')&lt;/script&gt;" in html
    )
    assert "<img src=x onerror" not in html
    # self-contained: no script or stylesheet fetched from elsewhere
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']https?://", html)
    records = pd.read_csv(workdir / "results/ingest/records.csv", dtype=str)
    assert records["title"].str.contains("<script>", regex=False).any()
    from openpyxl import load_workbook

    workbook = load_workbook(workdir / "results/tables/review_tables.xlsx")
    cells = [c.value for ws in workbook for row in ws.iter_rows() for c in row]
    formulas = [c for c in cells if isinstance(c, str) and c.startswith("=")]
    assert formulas == []


OFF_TOPIC_PAGE = """Hepatic resection for colorectal liver metastases: a single-centre cohort

Background: Liver resection is the standard treatment of colorectal liver metastases. Methods:
We reviewed 212 patients who underwent hepatic resection between 2006 and 2016 at one centre.
Results: The median overall survival was 52 months and the 5-year overall survival was 44%.
Ninety-day mortality was 1.9%. Conclusion: Resection offers long survival in selected patients.
"""


def test_a_reviewer_can_include_what_the_rules_exclude(tmp_path):
    """A record outside the rules' population, included by a reviewer: it is marked manual, it
    is extracted in the gather step, and the PRISMA counts follow."""
    workdir = copy_project(tmp_path / "override")
    name = "colorectal page.txt"
    (workdir / "raw" / name).write_text(OFF_TOPIC_PAGE, encoding="utf-8")
    manifest.lock(workdir / "raw", [name])
    first = run_snakemake(workdir, "results/screen/decisions.csv")
    assert first.returncode == 0, first.stderr[-3000:]
    decisions = pd.read_csv(workdir / "results/screen/decisions.csv", dtype=str)
    records = pd.read_csv(workdir / "results/ingest/records.csv", dtype=str)
    record_id = records.loc[records["source_file"] == f"raw/{name}", "record_id"].iloc[0]
    auto = decisions.set_index("record_id").loc[record_id]
    assert auto["decision"] == "exclude" and auto["reason_code"] == "wrong_population"

    (workdir / "config/screening_decisions/reviewer_AB.csv").write_text(
        "record_id,decision,reason,reviewer,note\n"
        f"{record_id},include,reviewer_decision,AB,comparator series kept for context\n",
        encoding="utf-8",
    )
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    decisions = pd.read_csv(workdir / "results/screen/decisions.csv", dtype=str).fillna("")
    row = decisions.set_index("record_id").loc[record_id]
    assert (row["decision"], row["manual"], row["reviewer"]) == ("include", "yes", "AB")
    outcomes = pd.read_csv(workdir / "results/extract/outcomes.csv", dtype=str).fillna("")
    mine = outcomes[outcomes["record_id"] == record_id]
    # "The median overall survival was 52 months"
    assert "52" in set(mine.loc[mine["outcome"] == "os_median", "value"])
    prisma = pd.read_csv(workdir / "results/screen/prisma.csv", dtype=str)
    counts = dict(zip(prisma["box"], prisma["count"], strict=False))
    assert counts["included_studies"] == "6"
