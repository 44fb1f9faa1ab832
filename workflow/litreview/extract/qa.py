"""Consistency checks on one record's extraction: each finding names the check, its severity,
what is wrong and which row (table and index) it is about."""

from __future__ import annotations

TIME_TO_EVENT_MEDIANS = ("os_median", "pfs_median", "dfs_median", "hpfs_median",
                         "local_pfs_median", "ttp_median", "dss_median")  # fmt: skip


def _finding(check: str, severity: str, message: str, table: str, row: int) -> dict:
    return {"check": check, "severity": severity, "message": message, "table": table, "row": row}


def qa_checks(extraction) -> list[dict]:
    findings: list[dict] = []
    for table in ("outcomes", "effects"):
        for i, row in enumerate(getattr(extraction, table)):
            low, high, value = row.get("ci_low"), row.get("ci_high"), row.get("value")
            if low is not None and high is not None and value is not None:
                if low > high:
                    findings.append(_finding("ci_order", "error",
                                             f"CI lower bound {low:g} above upper {high:g}",
                                             table, i))  # fmt: skip
                elif not low <= value <= high:
                    findings.append(_finding("ci_contains_estimate", "error",
                                             f"estimate {value:g} outside its CI {low:g}-{high:g}",
                                             table, i))  # fmt: skip
            if table == "effects" and value is not None and value <= 0:
                findings.append(_finding("ratio_positive", "error",
                                         f"ratio {value:g} is not positive", table, i))  # fmt: skip
            if table == "outcomes" and row.get("unit") == "percent":
                for name in ("value", "ci_low", "ci_high"):
                    x = row.get(name)
                    if x is not None and not 0 <= x <= 100:
                        message = f"{name} {x:g}% outside 0-100"
                        findings.append(_finding("percent_range", "error", message, table, i))
    totals = [float(r["value"]) for r in extraction.study if r["field"] == "n_patients"]
    total = max(totals) if totals else None
    if total is not None:
        for i, row in enumerate(extraction.outcomes):
            n = row.get("n_arm")
            if n is not None and n > total:
                findings.append(_finding("arm_size_within_total", "warning",
                                         f"arm {row.get('arm')!r} has n={n} above the study's "
                                         f"{total:g} patients", "outcomes", i))  # fmt: skip
    follow = [r for r in extraction.study if r["field"] == "median_follow_up"]
    if follow:
        from litreview.extract.numbers import normalise_time

        months, _ = normalise_time(float(follow[0]["value"]), follow[0]["unit"] or "months")
        for i, row in enumerate(extraction.outcomes):
            if (
                row.get("outcome") in TIME_TO_EVENT_MEDIANS
                and row["unit"] == "months"
                and row["value"] > months
            ):
                # Possible (a median can be estimated past the median follow-up) but worth a
                # reviewer's look: it is also what a misread follow-up or range looks like.
                findings.append(_finding("median_beyond_follow_up", "warning",
                                             f"{row['outcome']} {row['value']:g} months exceeds "
                                             f"the median follow-up of {months:g} months",
                                             "outcomes", i))  # fmt: skip
    return findings
