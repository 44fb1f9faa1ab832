"""Synthesis glue: which values are pooled, how PRISMA boxes are formed."""

import pandas as pd
import pytest

from litreview import figures
from litreview.stages.synthesize import pooled_proportions, prisma_dict, study_forests

SETTINGS = {
    "pooled_outcomes": ["mortality_rate"],
    "method": "DL",
    "hartung_knapp": False,
    "continuity_correction": 0.5,
    "level": 0.95,
    "min_studies": 2,
}


def outcome_rows(rows):
    columns = ["study_id", "value_id", "source_sha256", "outcome", "timepoint", "modality", "arm"]
    columns += ["value", "unit", "n_arm"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])


def test_proportions_pooled_per_modality_and_timepoint_with_their_sources():
    outcomes = outcome_rows(
        [
            ("S1", "V1", "a" * 64, "mortality_rate", "30d", "tace", "TACE", "4", "percent", "100"),
            ("S2", "V2", "b" * 64, "mortality_rate", "30d", "tace", "TACE", "10", "percent", "50"),
            # another timepoint and another modality are not pooled with these
            ("S3", "V3", "c" * 64, "mortality_rate", "90d", "tace", "TACE", "6", "percent", "80"),
            ("S4", "V4", "d" * 64, "mortality_rate", "30d", "tae", "TAE", "2", "percent", "90"),
            # no arm size: cannot give events, so not pooled
            ("S5", "V5", "e" * 64, "mortality_rate", "30d", "tace", "TACE", "3", "percent", ""),
        ]
    )
    rows, plots = pooled_proportions(outcomes, SETTINGS)
    assert len(rows) == 1 and len(plots) == 1
    (row,) = rows
    assert (row["modality"], row["timepoint"], row["k"], row["n_total"]) == ("tace", "30d", 2, 150)
    # 4/100 and 5/50 events: the pooled rate lies between the two study rates.
    assert 4 < row["estimate"] < 10
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert row["study_ids"] == "S1; S2" and row["value_ids"] == "V1; V2"
    assert row["source_sha256"] == "a" * 64 + "; " + "b" * 64


def test_study_forest_shows_every_arm_with_a_size(tmp_path):
    outcomes = outcome_rows(
        [
            ("S1", "V1", "a" * 64, "mortality_rate", "30d", "tace", "TACE", "4", "percent", "100"),
            ("S2", "V2", "b" * 64, "mortality_rate", "30d", "tae", "TAE", "0", "percent", "40"),
        ]
    )
    ((name, rows, facts),) = study_forests(outcomes, SETTINGS)
    assert name == "studies_mortality_rate_30d"
    assert [r["label"].split()[-1] for r in rows] == ["(tace)", "(tae)"]
    assert rows[0]["ci_low"] < 0.04 < rows[0]["ci_high"]
    # zero events: the continuity correction keeps a finite interval above zero
    assert 0 < rows[1]["estimate"] < rows[1]["ci_high"] < 0.2
    paths = figures.forest_plot(rows, None, name, tmp_path / name)
    assert all(p.exists() for p in paths.values())


def test_prisma_boxes_reconcile_with_unclear_and_unreadable_records():
    prisma = pd.DataFrame(
        [
            ("identified", "MEDLINE", 60),
            ("identified", "Embase", 40),
            ("removed_unreadable", "rejected at ingest", 2),
            ("removed_duplicates", "", 30),
            ("screened", "", 68),
            ("excluded_reason", "wrong_population", 50),
            ("excluded_reason", "excluded_design", 8),
            ("unclear", "awaiting reviewer decision", 3),
            ("included_reports", "", 7),
            ("included_studies", "", 6),
        ],
        columns=["box", "detail", "count"],
    ).astype(str)
    counts = prisma_dict(prisma)
    assert counts["identified"] == {"MEDLINE": 60, "Embase": 40}
    assert counts["excluded"] == {"wrong_population": 50, "excluded_design": 8}
    assert counts["assessed"] == 10
    assert counts["excluded_full_text"] == {"unclear, awaiting reviewer decision": 3}
    figures.check_prisma_counts(counts)  # raises if any box does not add up


def test_prisma_counts_that_do_not_add_up_are_refused():
    prisma = pd.DataFrame(
        [("identified", "MEDLINE", 10), ("removed_duplicates", "", 0), ("screened", "", 9)]
        + [("included_reports", "", 9), ("included_studies", "", 9)],
        columns=["box", "detail", "count"],
    ).astype(str)
    with pytest.raises(figures.FigureInputError):
        figures.check_prisma_counts(prisma_dict(prisma))


def test_impossible_values_are_left_out_of_pooling_not_fatal():
    outcomes = outcome_rows(
        [
            ("S1", "V1", "a" * 64, "mortality_rate", "30d", "tace", "TACE", "4", "percent", "100"),
            ("S2", "V2", "b" * 64, "mortality_rate", "30d", "tace", "TACE", "10", "percent", "50"),
            # 101.5% of 65 patients: a misread the QA table flags; it must not stop synthesis
            (
                "S3",
                "V3",
                "c" * 64,
                "mortality_rate",
                "30d",
                "tace",
                "TACE",
                "101.5",
                "percent",
                "65",
            ),
            ("S4", "V4", "d" * 64, "mortality_rate", "30d", "tace", "TACE", "3", "percent", "0"),
        ]
    )
    (row,), _ = pooled_proportions(outcomes, SETTINGS)
    assert row["study_ids"] == "S1; S2"
    ((_, forest_rows, _),) = study_forests(outcomes, SETTINGS)
    assert len(forest_rows) == 2


def three_embase_records() -> pd.DataFrame:
    """Three records ingested from one Embase export."""
    return pd.DataFrame(
        {
            "record_id": ["r1", "r2", "r3"],
            "source_file": ["raw/a.ris"] * 3,
            "source_sha256": ["a" * 64] * 3,
            "source_format": ["ris"] * 3,
            "database": ["Embase"] * 3,
        }
    )


def test_prisma_counts_a_rejected_record_as_identified_once():
    from litreview.stages.screen import prisma_counts

    records = three_embase_records()
    rejected = pd.DataFrame(
        {"source_file": ["raw/a.ris"], "source_sha256": ["a" * 64], "source_format": ["ris"]}
    )
    canonical = pd.DataFrame({"record_id": ["r1", "r2"]})
    decisions = pd.DataFrame(
        {
            "record_id": ["r1", "r2"],
            "study_id": ["S1", "S2"],
            "source_sha256": ["a" * 64] * 2,
            "decision": ["include", "exclude"],
            "reason_code": ["meets_criteria", "wrong_population"],
        }
    )
    table = prisma_counts(records, rejected, canonical, decisions).astype(str)
    counts = dict(zip(table["box"] + ":" + table["detail"], table["count"], strict=True))
    assert counts["identified:Embase"] == "4"  # three ingested, one rejected, same database
    figures.check_prisma_counts(prisma_dict(table))


def test_prisma_shows_each_exclusion_reason_in_its_configured_wording():
    from litreview.stages.screen import prisma_counts

    records = three_embase_records()
    decisions = pd.DataFrame(
        {
            "record_id": ["r1", "r2", "r3"],
            "study_id": ["S1", "S2", "S3"],
            "source_sha256": ["a" * 64] * 3,
            "decision": ["unclear", "exclude", "exclude"],
            "reason_code": ["no_own_data", "excluded_design", "excluded_design"],
        }
    )
    rejected = pd.DataFrame(columns=["source_file", "source_sha256", "source_format"])
    wording = {
        "excluded_design": "Review, case report or protocol",
        "no_own_data": "No patients or results of its own",
    }
    table = prisma_counts(records, rejected, records[["record_id"]], decisions, wording)
    (row,) = table[table["box"] == "excluded_reason"].to_dict("records")
    assert (row["detail"], row["label"], row["count"]) == (
        "excluded_design",
        "Review, case report or protocol",
        2,
    )
    assert prisma_dict(table.astype(str))["excluded"] == {"Review, case report or protocol": 2}
    # the records waiting for a reviewer, by why they wait
    (row,) = table[table["box"] == "unclear_reason"].to_dict("records")
    assert (row["detail"], row["label"], row["count"]) == (
        "no_own_data",
        "No patients or results of its own",
        1,
    )
