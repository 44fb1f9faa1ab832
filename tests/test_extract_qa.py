"""Consistency checks name the check, the row and what is wrong."""

from litreview.extract import Extraction, qa_checks


def test_each_check_fires_on_its_fault_and_not_otherwise():
    extraction = Extraction(
        study=[
            {"field": "n_patients", "value": "100"},
            {"field": "median_follow_up", "value": "24", "unit": "months"},
        ],
        outcomes=[
            {"outcome": "os_median", "value": 20.0, "unit": "months", "ci_low": 15.0,
             "ci_high": 25.0, "n_arm": 50, "arm": "A"},
            {"outcome": "os_median", "value": 30.0, "unit": "months", "ci_low": 31.0,
             "ci_high": 40.0, "n_arm": 120, "arm": "B"},
            {"outcome": "os_rate", "value": 105.0, "unit": "percent", "ci_low": None,
             "ci_high": None, "n_arm": None, "arm": ""},
        ],
        effects=[{"value": 0.8, "ci_low": 0.9, "ci_high": 0.7}],
    )  # fmt: skip
    found = {(f["check"], f["table"], f["row"]) for f in qa_checks(extraction)}
    assert found == {
        ("ci_contains_estimate", "outcomes", 1),
        ("arm_size_within_total", "outcomes", 1),
        ("median_beyond_follow_up", "outcomes", 1),
        ("percent_range", "outcomes", 2),
        ("ci_order", "effects", 0),
    }
