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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the interval named in a header before the value, bounds bare after it
        ("Death was less frequent with TACE (HR (95% CI) 0.58 (0.41-0.82)).", (0.58, 0.41, 0.82)),
        ("the Cox hazard ratio (95% confidence interval) was 0.74 (0.60, 0.91)", (0.74, 0.6, 0.91)),
        ("[odds ratio (OR); 95% CI 2.6; 1.4, 4.9; p = 0.003]", (2.6, 1.4, 4.9)),
        # confidence limits and "per cent c.i." spelled out
        ("relative risk 1.40; 95% confidence limit (CL), 1.10-1.79", (1.40, 1.10, 1.79)),
        ("hazard ratio 1.25, 95 per cent c.i. 1.02 to 1.53", (1.25, 1.02, 1.53)),
    ],
)
def test_interval_forms(vocab, sentence, expected):
    (row,) = effects(sentence, vocab)
    assert (row["value"], row["ci_low"], row["ci_high"]) == expected


def test_bare_follow_on_estimates_in_brackets_take_the_named_measure(vocab):
    rows = effects(
        "Versus surgery, the 5-year rate of local recurrence was 12.5% versus 9.1% "
        "(HR 1.41, 95% CI 0.80-2.49); of distant recurrence 20.2% versus 18.0% (1.12, 0.77-1.63); "
        "and of any recurrence 28.4% versus 25.3% (1.15, 0.86-1.54).",
        vocab,
    )
    assert [(r["measure"], r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [
        ("hr", 1.41, 0.80, 2.49),
        ("hr", 1.12, 0.77, 1.63),
        ("hr", 1.15, 0.86, 1.54),
    ]


def test_subgroup_estimates_in_brackets_after_the_name(vocab):
    rows = effects(
        "The odds ratio of response with the added drug was higher in younger patients "
        "(age < 65: 2.10, 95% CI 1.30-3.39) than in older ones (age >= 65: 1.05, 95% CI "
        "0.70-1.57), and in women than in men (1.80, 95% CI: 1.10-2.95 vs 0.95, 95% CI: "
        "0.60-1.50).",
        vocab,
    )
    assert [(r["measure"], r["value"], r["ci_low"]) for r in rows] == [
        ("or", 2.10, 1.30),
        ("or", 1.05, 0.70),
        ("or", 1.80, 1.10),
        ("or", 0.95, 0.60),
    ]


def test_a_bracket_that_goes_on_with_words_reports_a_value_not_an_estimate(vocab):
    rows = effects(
        "Incidence was similar (rate ratio 1.10 [0.85-1.42], p = 0.47), and after one year "
        "(5.2 [4.1-6.6] per 100 person-years with drug, 4.9 [3.8-6.3] with placebo).",
        vocab,
    )
    assert [r["value"] for r in rows] == [1.10]


def test_follow_on_estimate_in_its_own_bracket_after_and(vocab):
    rows = effects(
        "Recurrence was less likely with drug A (hazard ratio 0.45 [95% CI 0.22-0.91]) and "
        "drug B (0.52 [0.27-0.99]) than with placebo.",
        vocab,
    )
    assert [(r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [
        (0.45, 0.22, 0.91),
        (0.52, 0.27, 0.99),
    ]


def test_a_second_estimate_after_versus_without_interval(vocab):
    rows = effects("It held in both strata (HR 0.81 vs. 0.79, interaction P = 0.64).", vocab)
    assert [r["value"] for r in rows] == [0.81, 0.79]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the comparison named in a bracket between the measure and its value
        (
            "The pooled hazard ratios (drug A vs. drug B) for relapse and death were 0.81 "
            "(95% CI: 0.70-0.94) and 0.77 (95% CI: 0.61-0.97) respectively.",
            [(0.81, 0.70, 0.94), (0.77, 0.61, 0.97)],
        ),
        (
            "Hazard ratios adjusted for sex (arm A vs. arm B) of EFS are 1.45 (95% CI, 1.05 to "
            "2.01).",
            [(1.45, 1.05, 2.01)],
        ),
        # the comparator after the abbreviation
        ("(HR vs. placebo 0.64, 95% CI 0.50-0.82)", [(0.64, 0.50, 0.82)]),
        ("an HR versus observation of 1.12 (95% CI 0.90-1.39)", [(1.12, 0.90, 1.39)]),
        # a time point between name and value
        ("The estimated HR at 24 months was 0.9, not significant.", [(0.9, None, None)]),
        # the slip "confidential interval" still leads an interval
        (
            "odds ratios were 1.60 (95% confidential interval 1.10-2.33), 1.20 (0.80-1.80), "
            "respectively",
            [(1.60, 1.10, 2.33), (1.20, 0.80, 1.80)],
        ),
    ],
)
def test_words_between_the_name_and_its_value(vocab, sentence, expected):
    rows = effects(sentence, vocab)
    assert [(r["value"], r["ci_low"], r["ci_high"]) for r in rows] == expected


def test_a_number_in_the_gap_is_another_values_context(vocab):
    # the gap may not cross "12 patients": only a time point ("at 12 months") may stand there
    assert effects("The hazard ratio was estimated after 12 patients had 0.5 doses.", vocab) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "(HR 0.52, 95% CI 0.30-0.90), and time to discharge (9 [6-15] vs. 12 [8-30] days; "
        "P = 0.01)",
        "hazard ratio 0.70 (0.55-0.89); hospital stay was shorter (4 [3-6] days).",
    ],
)
def test_a_median_with_its_range_after_an_estimate_is_no_estimate(vocab, sentence):
    assert [r["value"] for r in effects(sentence, vocab)] == [0.52 if "0.52" in sentence else 0.70]


def test_a_bracketed_measure_after_another_measures_abbreviation_is_read(vocab):
    # "RR" names a group here (radical resection); the bracket holds a hazard ratio, not a
    # restatement of a relative risk's name
    text = (
        "Patients had limited (LR) or radical resection (RR). Survival did not differ between "
        "LR and RR (HR 1.08, 95% CI: 0.81-1.44, P=0.61)."
    )
    rows = effects(text, vocab)
    assert [(r["measure"], r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [
        ("hr", 1.08, 0.81, 1.44)
    ]
    # a name restated by its own abbreviation is still one mention: "hazard ratio (HR) 0.7"
    rows = effects("The hazard ratio (HR) 0.70 (95% CI 0.52-0.94) favoured resection.", vocab)
    assert [(r["measure"], r["value"]) for r in rows] == [("hr", 0.70)]


def test_letters_the_text_defines_as_an_outcome_are_no_effect_measure(vocab):
    text = (ABSTRACTS / "tace_objective_response_abbreviated_or.txt").read_text(encoding="utf-8")
    result = extract_record(text, vocab)
    # "Objective response (OR)", "the response rate (RR)": "The ORs were 61.5%" and "The RR was
    # 0.6" name the response there; only the odds ratio written in full is an estimate
    assert [(r["measure"], r["value"], r["ci_low"], r["ci_high"]) for r in result.effects] == [
        ("or", 2.4, 1.2, 4.8)
    ]
    assert [(r["outcome"], r["value"], r["arm"]) for r in result.outcomes] == [
        ("response_rate", 61.5, "bead"),
        ("response_rate", 48.0, "conventional"),
    ]


def test_a_percentage_is_never_a_ratio(vocab):
    # "%" after a number ends the word with no boundary a "\b" could see
    assert effects("The HR was 45.3% in the first year.", vocab) == []
    assert (
        effects("The odds ratio was 0.45 (95% CI 0.2-0.9) vs 12.5% in controls.", vocab)[0]["value"]
        == 0.45
    )


def test_listed_estimates_long_factor_phrases_and_subdistribution_hazards(vocab):
    text = (ABSTRACTS / "resection_ablation_listed_hazard_ratios_and_regimen_runs.txt").read_text()
    rows = extract_record(text, vocab).effects
    got = [(r["measure"], r["value"], r["ci_low"], r["ci_high"]) for r in rows]
    assert got == [
        # "(hazard ratio, 1.84 and 2.31, respectively; both P < 0.01)"
        ("hr", 1.84, None, None),
        ("hr", 2.31, None, None),
        # "a hepatic tumor burden of 26%-50% (HR, 1.92; 95% CI, 1.10-3.35)"
        ("hr", 1.92, 1.10, 3.35),
        # "(hazard ratios of 1.41, 1.67 and 1.92, respectively)"
        ("hr", 1.41, None, None),
        ("hr", 1.67, None, None),
        ("hr", 1.92, None, None),
        # "a subdistribution hazard ratio for hepatic recurrence of 1.35 (p = 0.03; SHR=1.35)":
        # one estimate, named twice
        ("hr", 1.35, None, None),
        # "the HR for death on univariate analysis for resection compared with ablation in the
        # matched cohort was 0.58 (95% CI, 0.37-0.91)": a long "for" phrase, its own interval
        ("hr", 0.58, 0.37, 0.91),
    ]


def test_a_listed_estimate_needs_respectively(vocab):
    # bare numbers after an estimate are as often counts: without "respectively" no list
    rows = effects("The hazard ratio was 1.84 and 23 patients died, and 12 relapsed.", vocab)
    assert [r["value"] for r in rows] == [1.84]
    (row,) = effects("Resection was associated with longer survival (SHR=0.71, p=0.02).", vocab)
    assert (row["measure"], row["value"]) == ("hr", 0.71)


def test_a_factors_threshold_before_a_named_estimate_is_no_estimate(vocab):
    rows = effects(
        "Bilirubin above 1.3 mg/dL (HR, 2.60; 95% CI, 1.27-5.34) and a performance status "
        "above 0 (HR, 7.98; 95% CI, 3.98-16) predicted death.",
        vocab,
    )
    assert [(r["value"], r["ci_low"], r["ci_high"]) for r in rows] == [
        (2.60, 1.27, 5.34),
        (7.98, 3.98, 16.0),
    ]


def test_an_abbreviation_glossed_in_brackets_before_its_value(vocab):
    text = (
        "T\n\nIndependent predictors were tumour size (> 5 cm versus ≤ 5 cm: HR[hazard ratio] "
        "= 1.84, P = 0.012) and satellite nodules (present versus absent: OR (odds ratio) = "
        "2.9, P = 0.03)."
    )
    got = [(e["measure"], e["value"], e["p_value_text"]) for e in effects(text, vocab)]
    assert got == [("hr", 1.84, "0.012"), ("or", 2.9, "0.03")]


def test_odds_written_as_how_many_times_higher(vocab):
    text = (
        "T\n\nThe odds of a complete ablation at the first session were 3.2 (95% CI, 1.4-7.3; "
        "P = .006) times higher with microwave than with radiofrequency, and the odds of "
        "readmission were 2.1-fold greater after open surgery. The risk of bleeding was 4 "
        "times higher, and the odds, which were 5 times higher in smokers, fell with age."
    )
    got = [(e["measure"], e["value"], e["ci_low"], e["ci_high"]) for e in effects(text, vocab)]
    # a risk "4 times higher" is not written as odds, so it is no odds ratio; nor is a value
    # of a relative clause after "the odds"
    assert got == [("or", 3.2, 1.4, 7.3), ("or", 2.1, None, None)]


def test_an_unlabelled_interval_after_a_comma(vocab):
    text = (
        "T\n\nAfter resection the odds of pneumonia were lower (OR 0.62, 0.45 to 0.85) and "
        "the risk of recurrence too (RR 0.71, 0.55-0.92; P = 0.01); age counted (OR 1.05, 12 "
        "patients)."
    )
    got = [(e["value"], e["ci_low"], e["ci_high"], e["p_value_text"]) for e in effects(text, vocab)]
    # bounds after a comma are the interval only where they close the clause and hold the value
    assert got == [(0.62, 0.45, 0.85, ""), (0.71, 0.55, 0.92, "0.01"), (1.05, None, None, "")]


def test_a_tilde_joins_an_intervals_bounds(vocab):
    text = "T\n\nAge 70 years or older predicted death (HR 1.52, 95%CI 1.11~2.08, P=0.009)."
    got = [(e["value"], e["ci_low"], e["ci_high"], e["p_value_text"]) for e in effects(text, vocab)]
    assert got == [(1.52, 1.11, 2.08, "0.009")]


def test_levels_named_with_numbers_reference_levels_and_leading_p_values(vocab):
    name = "oesophagectomy_cox_levels_reference_quartiles_and_leading_p_values.txt"
    rows = extract_record((ABSTRACTS / name).read_text(), vocab).effects
    got = [(r["measure"], r["value"], r["ci_low"], r["ci_high"], r["p_value_text"]) for r in rows]
    assert got == [
        # "the adjusted hazard ratios for death for intervals of 6-8 weeks, 8-10 weeks and >10
        # weeks were 1.08 (0.91-1.29), ...": levels named with numbers before the verb
        ("hr", 1.08, 0.91, 1.29, ""),
        ("hr", 1.26, 1.03, 1.54, ""),
        ("hr", 1.49, 1.19, 1.87, ""),
        # "1.00 (reference), 0.93 (0.80-1.08), ...": the reference level is no estimate
        ("hr", 0.93, 0.80, 1.08, ""),
        ("hr", 0.84, 0.72, 0.98, ""),
        ("hr", 0.71, 0.60, 0.84, ""),
        # "(Q1 HR 1.0, Q2 1.09 (1.02-1.17) p=0.01, ...)": labels holding digits, a p-value
        # after a space
        ("hr", 1.09, 1.02, 1.17, "0.01"),
        ("hr", 1.31, 1.22, 1.41, "<0.001"),
        ("hr", 1.66, 1.54, 1.79, "<0.001"),
        # "The relative risk of grade >= 3 pneumonitis was 1.71": ">=" is no value sign
        ("rr", 1.71, 1.12, 2.61, ""),
        # "(P = 0.02 HR 1.64 95% confidence interval [CI]: 1.08–2.49)": the p-value opening the
        # bracket, the interval after a space
        ("hr", 1.64, 1.08, 2.49, "0.02"),
        ("hr", 2.02, 1.25, 3.26, "0.004"),
        # estimates per unit: "(OR, 1.03 per year; 95% CI, ...)", "the HR per 10 kg/m2 ... was"
        ("or", 1.03, 1.01, 1.05, ""),
        ("hr", 1.18, 1.02, 1.36, ""),
        # "[HR] 1.00; (95% confidence interval [CI], 0.87 to 1.15)": an estimate of one with
        # its interval is an estimate
        ("hr", 1.00, 0.87, 1.15, ""),
    ]
    # a level's number in the gap is read only when the value carries its own interval
    rows = effects("The hazard ratio for patients aged 70 years was 1.4 and 12 died.", vocab)
    assert rows == []


def test_per_unit_split_bounds_colon_p_shared_p_and_parallel_estimates(vocab):
    text = (
        "T\n\nOn Cox regression, age (HR 1.02/year, 95% CI 1.01-1.04) and margin status (HR "
        "0.61 [0.44; 0.85]) predicted death, as did nodal stage (HR: 1.73, 95%CI: 1.12–2.67, P: "
        "0.013). Resection predicted death and relapse (hazard ratio, 0.64 and 0.72, "
        "respectively; both P < 0.01). The HR was 1.5 for grade 2 and 2.8 for grade 3 tumours. "
        "The hazard ratio was 0.7 for the A group and 12 for patients were lost. The 30-day "
        "mortality odd in patients aged 80 or older was 4.2 times higher than in younger ones."
    )
    got = [
        (e["measure"], e["value"], e["ci_low"], e["ci_high"], e["p_value_text"])
        for e in effects(text, vocab)
    ]
    assert got == [
        ("hr", 1.02, 1.01, 1.04, ""),
        ("hr", 0.61, 0.44, 0.85, ""),
        ("hr", 1.73, 1.12, 2.67, "0.013"),
        # one p-value written for the list
        ("hr", 0.64, None, None, "<0.01"),
        ("hr", 0.72, None, None, "<0.01"),
        # a second estimate in the first's words ("and 2.8 for grade 3"); a count after "and"
        # with a verb in its phrase is none
        ("hr", 1.5, None, None, ""),
        ("hr", 2.8, None, None, ""),
        ("hr", 0.7, None, None, ""),
        # "odd" in the singular, as some pages write it
        ("or", 4.2, None, None, ""),
    ]


def test_estimates_by_year_odds_in_words_and_a_closing_p_value(vocab):
    """Issue-5 round 15: estimates labelled by year after ";", the measure carried into "The
    same was true ...", odds named without "ratio", one p-value closing a list."""
    name = "prostate_registry_effects_by_year_odds_in_words_and_closing_p.txt"
    text = (ABSTRACTS / name).read_text()
    rows = [
        (e["measure"], e["value"], e["ci_low"], e["ci_high"], e["p_value_text"])
        for e in extract_record(text, vocab).effects
    ]
    assert rows == [
        ("or", 4.2, 3.1, 5.6, ""),
        ("or", 3.8, 2.2, 6.4, ""),
        ("hr", 1.6, 1.3, 1.9, ""),
        ("hr", 1.8, 1.4, 2.3, ""),
        ("hr", 1.3, 0.8, 2.0, ""),
        ("hr", 2.9, 1.9, 4.4, ""),
        ("or", 2.44, None, None, "<0.031"),
        ("or", 1.37, None, None, "<0.031"),
        ("or", 1.82, None, None, "<0.031"),
        ("or", 1.05, None, None, "<0.031"),
    ]


def test_estimates_after_time_points_with_lost_or_leading_p_values(vocab):
    """Issue-5 round 16: "(aHR) of 3-year OS to 0.71 (95% CI ...)" (a time point is no
    estimate; "to" leads one with its interval), p-values a page printed without their P
    ("(OR 1.55, = 0.02)"), a p-value written just before a lone estimate."""
    name = "gastric_registry_estimates_with_lost_p_and_time_points.txt"
    text = (ABSTRACTS / name).read_text()
    rows = [
        (e["measure"], e["value"], e["ci_low"], e["ci_high"], e["p_value_text"])
        for e in extract_record(text, vocab).effects
    ]
    assert rows == [
        ("hr", 0.71, 0.58, 0.87, ""),
        ("hr", 0.93, 0.77, 1.12, ""),
        ("or", 2.4, None, None, "<0.001"),
        ("or", 1.55, None, None, "0.02"),
        ("or", 1.3, None, None, "0.09"),
        ("or", 2.05, None, None, "0.008"),
        ("hr", 1.42, 1.1, 1.83, ""),
    ]
