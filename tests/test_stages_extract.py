"""Extraction gather: study context given to whole-cohort values, with its basis stated."""

import pandas as pd

from litreview.stages.extract import inherit_study_context


def test_single_treatment_study_lends_modality_and_n_to_whole_cohort_values():
    studies = pd.DataFrame(
        {
            "record_id": ["r1", "r1", "r2", "r2", "r2"],
            "field": ["modality", "n_patients", "modality", "modality", "n_patients"],
            "value": ["resection", "546", "tace", "tare", "155"],
            "curation": ["", "", "", "", ""],
        }
    )
    outcomes = pd.DataFrame(
        {
            "record_id": ["r1", "r1", "r2"],
            "arm": ["", "complete cytoreduction", ""],
            "modality": ["", "", ""],
            "n_arm": ["", "", ""],
        }
    )
    result = inherit_study_context(outcomes, studies)
    # r1 names one treatment: its whole-cohort value is a resection value for 546 patients.
    assert result.loc[0, ["modality", "modality_basis", "n_arm", "n_arm_basis"]].tolist() == [
        "resection",
        "study",
        "546",
        "study_total",
    ]
    # A subgroup value is not given the cohort's n, nor its treatment.
    assert result.loc[1, ["modality", "n_arm"]].tolist() == ["", ""]
    # r2 compares two treatments: its whole-cohort value may pool arms of different sizes, so
    # neither a modality nor an n is inferred.
    assert result.loc[2, "modality"] == "" and result.loc[2, "n_arm"] == ""


def test_values_the_text_placed_keep_text_basis():
    studies = pd.DataFrame(
        {"record_id": ["r1"], "field": ["modality"], "value": ["tace"], "curation": [""]}
    )
    outcomes = pd.DataFrame(
        {"record_id": ["r1"], "arm": ["TACE"], "modality": ["tace"], "n_arm": ["50"]}
    )
    result = inherit_study_context(outcomes, studies)
    assert result.loc[0, ["modality_basis", "n_arm_basis"]].tolist() == ["text", "text"]
