"""Screening: seeds screen in, each exclusion reason fires on its fault, reviewers override,
kappa is statsmodels'."""

from pathlib import Path

import pandas as pd
import pytest

from litreview.extract import ConfigError, load_vocabulary
from litreview.screen import apply_screening_decisions, load_criteria, screen_record

RAW = Path(__file__).resolve().parents[1] / "raw"
INCLUDED = (
    "Transarterial chemoembolization for neuroendocrine liver metastases\n\n"
    "We studied 40 patients with neuroendocrine tumour liver metastases treated with TACE. "
    "Median overall survival was 40 months and the response rate was 50%. " * 2
)


@pytest.fixture(scope="module")
def vocab(project_root):
    return load_vocabulary(project_root / "config" / "vocabulary.yaml")


@pytest.fixture(scope="module")
def criteria(project_root, vocab):
    return load_criteria(project_root / "config" / "screening.yaml", vocab)


def test_all_seeds_screen_in(criteria, vocab):
    for path in sorted(RAW.glob("*.txt")):
        result = screen_record(path.read_text(encoding="utf-8"), criteria, vocab)
        assert (result["decision"], result["reason_code"]) == ("include", "meets_criteria")
        criteria_seen = {e["criterion"].split(":")[0] for e in result["evidence"]}
        assert criteria_seen == {"population", "intervention", "outcome"}


def test_evidence_spans_point_at_the_terms(criteria, vocab):
    result = screen_record(INCLUDED, criteria, vocab)
    for item in result["evidence"]:
        assert INCLUDED[item["start"] : item["end"]] == item["term"]


@pytest.mark.parametrize(
    ("text", "language", "decision", "code"),
    [
        (INCLUDED, "ger", "exclude", "wrong_language"),
        ("TACE for neuroendocrine liver metastases: a systematic review and meta-analysis\n\n"
         + INCLUDED.split("\n\n")[1], "", "exclude", "excluded_design"),
        ("Liver metastases of neuroendocrine tumours: a case report\n\nA 54-year-old woman "
         "with carcinoid liver metastases underwent resection and was well at 2 years. " * 3,
         "", "exclude", "excluded_design"),
        ("TACE for hepatocellular carcinoma\n\nWe treated 100 patients with hepatocellular "
         "carcinoma using TACE; median overall survival was 20 months. " * 2, "", "exclude",
         "wrong_population"),
        ("PRRT for neuroendocrine liver metastases\n\nWe treated 100 patients with "
         "neuroendocrine liver metastases with PRRT; median survival was 50 months. " * 2, "",
         "exclude", "wrong_intervention"),
        ("TACE for neuroendocrine liver metastases\n\n", "", "unclear", "no_abstract"),
    ],
)  # fmt: skip
def test_reasons(criteria, vocab, text, language, decision, code):
    result = screen_record(text, criteria, vocab, language=language)
    assert (result["decision"], result["reason_code"]) == (decision, code)


def test_mentioning_reviews_in_background_does_not_exclude(criteria, vocab):
    text = INCLUDED + " Earlier meta-analyses were small."
    assert screen_record(text, criteria, vocab)["decision"] == "include"


def auto_table():
    return pd.DataFrame(
        {"record_id": [f"r{i}" for i in range(6)], "decision": ["include"] * 6,
         "reason_code": ["meets_criteria"] * 6, "reason": [""] * 6}
    )  # fmt: skip


def write(path, rows, reviewer):
    lines = ["# a comment line", "record_id,decision,reason,reviewer"]
    lines += [f"{rid},{dec},{reason},{reviewer}" for rid, dec, reason in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_reviewers_override_and_kappa(tmp_path, criteria):
    a = write(tmp_path / "a.csv", [("r0", "include", "meets_criteria"),
                                   ("r1", "exclude", "wrong_population"),
                                   ("r2", "exclude", "wrong_population"),
                                   ("r3", "include", "meets_criteria")], "AA")  # fmt: skip
    b = write(tmp_path / "b.csv", [("r0", "include", "meets_criteria"),
                                   ("r1", "exclude", "wrong_population"),
                                   ("r2", "include", "meets_criteria"),
                                   ("r3", "include", "meets_criteria")], "BB")  # fmt: skip
    table, agreement = apply_screening_decisions(auto_table(), [a, b], criteria.reason_codes)
    row = table.set_index("record_id")
    assert row.loc["r1", ["decision", "reason_code", "decision_source"]].tolist() == [
        "exclude", "wrong_population", "manual"]  # fmt: skip
    assert row.loc["r2", ["decision", "reason_code"]].tolist() == ["unclear", "reviewer_conflict"]
    assert row.loc["r5", "decision_source"] == "auto"
    # 2x2 over include/exclude: agree on 3 of 4; p_o = .75, p_e = (3*2 + 1*2)/16 = .5,
    # kappa = (.75 - .5) / (1 - .5) = .5
    assert agreement == [{"reviewer_a": "AA", "reviewer_b": "BB", "n_both": 4,
                          "observed_agreement": 0.75, "kappa": 0.5}]  # fmt: skip


def test_bad_decision_file_names_file_and_row(tmp_path, criteria):
    bad = write(tmp_path / "bad.csv", [("r0", "maybe", "meets_criteria")], "AA")
    with pytest.raises(ConfigError, match=r"bad.csv: data row 1: decision 'maybe'"):
        apply_screening_decisions(auto_table(), [bad], criteria.reason_codes)
    unknown = write(tmp_path / "unknown.csv", [("r9", "include", "meets_criteria")], "AA")
    with pytest.raises(ConfigError, match="'r9' is not a screened record"):
        apply_screening_decisions(auto_table(), [unknown], criteria.reason_codes)


def test_no_decision_files_leaves_rules(criteria):
    table, agreement = apply_screening_decisions(auto_table(), [], criteria.reason_codes)
    assert agreement == [] and set(table["decision_source"]) == {"auto"}


def test_shipped_decisions_folder_holds_no_active_decisions(project_root):
    assert list((project_root / "config" / "screening_decisions").glob("*.csv")) == []
