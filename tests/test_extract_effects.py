"""Effect estimates in the forms journals print them (team-written sentences)."""

from pathlib import Path

import pytest

from litreview.extract import extract_record, load_vocabulary

ABSTRACTS = Path(__file__).parent / "data" / "abstracts"


@pytest.fixture(scope="module")
def vocab(project_root):
    return load_vocabulary(project_root / "config" / "vocabulary.yaml")


def effects(text, vocab):
    return extract_record("T\n\n" + text, vocab).effects


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("HR 0.71 (95% CI, 0.55 to 0.92; P = .008).", ("hr", 0.71, 0.55, 0.92, 0.008)),
        (
            "hazard ratio [HR] 1.8; 95% confidence interval [CI]: 1.2-2.7",
            ("hr", 1.8, 1.2, 2.7, None),
        ),
        ("adjusted HR = 1.72, CI.95 1.05-2.81", ("hr", 1.72, 1.05, 2.81, None)),
        ("OR 2.4 (1.3–4.4), p=0.004", ("or", 2.4, 1.3, 4.4, 0.004)),
        ("relative risk 0·80 [95% CI 0·66–0·97]", ("rr", 0.80, 0.66, 0.97, None)),
        ("The hazard ratio for death was 0.62 (95% CI 0.45-0.85).", ("hr", 0.62, 0.45, 0.85, None)),
    ],
)
def test_measure_value_ci_p(vocab, sentence, expected):
    (row,) = effects(sentence, vocab)
    assert (row["measure"], row["value"], row["ci_low"], row["ci_high"], row["p_value"]) == expected


def test_continuation_needs_its_own_ci(vocab):
    rows = effects(
        "The hazard ratio for death with drug A was 1.13 (95% CI 0.68–1.89) among non-users, "
        "and 1.35 (95% CI 0.86–2.10) among users; 40 patients died.",
        vocab,
    )
    assert [(r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [
        (1.13, 0.68, 1.89),
        (1.35, 0.86, 2.10),
    ]
    assert "among users" in rows[1]["factor"]


def test_adjustment_read_from_nearest_words(vocab):
    rows = effects(
        "TARE had a higher hazard ratio than TACE (unadjusted model: HR 2.1, p = 0.02; "
        "propensity score adjusted model: HR 1.8, p = 0.11).",
        vocab,
    )
    assert [(r["value"], r["adjusted"], r["p_value_text"]) for r in rows] == [
        (2.1, "no", "0.02"),
        (1.8, "yes", "0.11"),
    ]


def test_team_abstract_effects(vocab):
    text = (ABSTRACTS / "effects_forms.txt").read_text(encoding="utf-8")
    rows = extract_record(text, vocab).effects
    got = [(r["measure"], r["value"], r["ci_low"], r["ci_high"], r["factor"]) for r in rows]
    assert got == [
        ("hr", 3.4, 2.1, 5.6, "tumour grade G3"),
        ("hr", 2.05, 1.31, 3.20, "hepatic tumour burden above 50%"),
        ("hr", 1.42, 0.98, 2.06, "bilobar disease"),
        ("or", 1.9, 1.1, 3.3, "pancreatic primary"),
        ("rr", 1.27, 0.80, 2.02, "readmission after TACE compared with TAE"),
    ]
    assert [r["adjusted"] for r in rows[:3]] == ["yes", "yes", "yes"]
    assert rows[3]["adjusted"] == "no"  # "In univariate analysis"
    for row in rows:
        assert text[row["start"] : row["end"]] == row["quote"]


def test_percentages_and_ranges_are_not_effects(vocab):
    assert effects("The OR was performed in 45% of cases; HR patients 12-14 years.", vocab) == []


def test_percentage_after_measure_name_is_not_its_value(vocab):
    rows = effects("The incidence and hazard ratio for stroke was 11·3% versus 8·6% (HR 1·22, "
                   "95% CI 0·59–2·54).", vocab)  # fmt: skip
    assert [(r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [(1.22, 0.59, 2.54)]
