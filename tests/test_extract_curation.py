"""Reviewer corrections: add, correct, reject by value_id; unknown ids are errors."""

import pandas as pd
import pytest

from litreview.extract import ConfigError, apply_curation, load_curation


def tables():
    outcomes = pd.DataFrame(
        [{"value_id": "a1", "outcome": "os_median", "value": 12.0, "arm": ""},
         {"value_id": "a2", "outcome": "pfs_median", "value": 5.0, "arm": ""}]
    )  # fmt: skip
    effects = pd.DataFrame([{"value_id": "e1", "measure": "hr", "value": 0.7}])
    study = pd.DataFrame([{"value_id": "s1", "field": "n_patients", "value": "40"}])
    return outcomes, effects, study


def test_correct_reject_add_are_marked():
    curation = [
        {"action": "correct", "value_id": "a1", "values": {"arm": "TACE"}, "reviewer": "JH",
         "reason": "arm named in previous sentence"},
        {"action": "reject", "value_id": "e1", "reviewer": "JH", "reason": "a p-value"},
        {"action": "add", "table": "outcomes", "values": {"outcome": "os_rate", "value": 60.0},
         "reviewer": "LM", "reason": "5-year OS in results"},
    ]  # fmt: skip
    outcomes, effects, study = apply_curation(*tables(), curation)
    assert outcomes.loc[outcomes.value_id == "a1", "arm"].item() == "TACE"
    assert outcomes.loc[outcomes.value_id == "a1", "curation"].item() == "corrected"
    assert outcomes.loc[outcomes.value_id == "a2", "curation"].item() == ""
    assert effects.loc[0, "curation"] == "rejected" and effects.loc[0, "curated_by"] == "JH"
    added = outcomes[outcomes.curation == "added"]
    assert added[["outcome", "value", "curated_by"]].values.tolist() == [["os_rate", 60.0, "LM"]]
    assert len(study) == 1 and study.loc[0, "curation"] == ""


def test_unknown_value_id_is_a_clear_error():
    with pytest.raises(ConfigError, match="value_id 'zz'.*not in the outcomes"):
        apply_curation(*tables(), [{"action": "reject", "value_id": "zz", "reviewer": "JH",
                                    "reason": "x"}])  # fmt: skip


def test_shipped_curation_file_is_empty_and_valid(project_root):
    assert load_curation(project_root / "config" / "extraction_curation.yaml") == []


def test_curation_file_schema_errors_name_the_key(tmp_path):
    path = tmp_path / "curation.yaml"
    path.write_text("corrections:\n  - action: reject\n    reviewer: JH\n    reason: x\n")
    with pytest.raises(ConfigError, match=r"curation.yaml: key corrections/0.*value_id"):
        load_curation(path)


def test_numeric_correction_applies_to_tables_read_as_text():
    """Stage tables are read with every cell as text (pandas' string dtype); a reviewer's
    numeric correction must still apply."""
    from litreview.extract import apply_curation

    outcomes = pd.DataFrame({"value_id": ["V1"], "value": ["38"], "unit": ["months"]}).astype("str")
    empty = pd.DataFrame({"value_id": pd.Series([], dtype="str")})
    corrected, _, _ = apply_curation(
        outcomes,
        empty,
        empty,
        [
            {
                "action": "correct",
                "value_id": "V1",
                "values": {"value": 36},
                "reviewer": "AB",
                "reason": "misread",
            }
        ],
    )
    assert corrected.loc[0, "value"] == 36
    assert corrected.loc[0, "curation"] == "corrected"
