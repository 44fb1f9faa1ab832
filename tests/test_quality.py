"""Quality scoring. The sentences below were written by the team to vary how abstracts state each
item; the expected score of each was decided by reading the sentence against the instrument's
item, before running the code. Seed expectations come from reading raw/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litreview.quality import (
    AssessmentError,
    InstrumentError,
    agreement,
    apply_assessments,
    load_assessments,
    load_instruments,
    score_study,
    summarise,
)

ROOT = Path(__file__).resolve().parents[1]
INSTRUMENT_FILES = [
    ROOT / "config" / "instruments" / name
    for name in ("minors.yaml", "nos_cohort.yaml", "oxford_cebm_2011.yaml")
]


INSTRUMENTS = load_instruments(INSTRUMENT_FILES)


@pytest.fixture(scope="module")
def instruments():
    return INSTRUMENTS


def by_item(rows):
    return {(r["instrument"], r["item_id"]): r for r in rows}


def score(instruments, text, **study):
    study.setdefault("study_id", "s1")
    # A design with no design-based rule, so the text alone decides.
    study.setdefault("design", "case_series")
    return by_item(score_study(text, study, instruments))


def assert_evidence(row, text, phrase):
    """A positive score carries a span into the text that quotes the phrase we expect."""
    assert row["start"] is not None, row
    assert text[row["start"] : row["end"]] == row["quote"]
    assert phrase.lower() in row["quote"].lower(), row["quote"]


# --------------------------------------------------------------------------------------------
# Item detection, MINORS

MINORS_CASES = [
    # (item, text, extra study fields, expected score, phrase in the evidence or None)
    (
        "M01",
        "The aim of this study was to compare survival after resection and ablation.",
        {},
        2,
        "aim of this study was to compare",
    ),
    (
        "M01",
        "Objective: To assess the safety of Y-90 radioembolization in NET liver metastases.",
        {},
        2,
        "To assess the safety",
    ),
    (
        "M01",
        "We sought to determine whether tumour grade predicts response to TACE.",
        {},
        2,
        "sought to determine",
    ),
    (
        "M01",
        "The role of liver transplantation for NELM remains unclear. 40 patients were "
        "transplanted.",
        {},
        1,
        "remains unclear",
    ),
    ("M01", "Liver metastases are frequent. Patients received TACE at our hospital.", {}, 0, None),
    (
        "M02",
        "Fifty-two consecutive patients undergoing hepatectomy were included.",
        {},
        2,
        "consecutive patients",
    ),
    (
        "M02",
        "We included all patients treated with TARE at two centres.",
        {},
        2,
        "included all patients",
    ),
    (
        "M02",
        "A non-consecutive series of patients referred for embolization was analysed.",
        {},
        1,
        "non-consecutive",
    ),
    ("M02", "Patients referred for embolization were analysed.", {}, 0, None),
    (
        "M03",
        "Data were collected prospectively in a dedicated registry.",
        {},
        2,
        "collected prospectively",
    ),
    (
        "M03",
        "This retrospective review of a prospectively maintained database included 80 cases.",
        {},
        2,
        "prospectively maintained database",
    ),
    ("M03", "We performed a retrospective chart review of 31 patients.", {}, 1, "retrospective"),
    (
        "M03",
        "Hepatic resection was safe. A prospective randomised trial is warranted.",
        {},
        0,
        None,
    ),
    (
        "M04",
        "The primary endpoint was overall survival; toxicity was also recorded.",
        {},
        2,
        "primary endpoint",
    ),
    ("M04", "Tumour response was graded with mRECIST at three months.", {}, 2, "mRECIST"),
    ("M04", "Median survival after embolization was 40 months.", {}, 1, "survival"),
    ("M04", "Patients underwent embolization for carcinoid syndrome.", {}, 0, None),
    # A result sentence is not an endpoint definition.
    ("M04", "Outcomes were similar in both arms.", {}, 0, None),
    (
        "M05",
        "Scans were read by two radiologists blinded to the treatment received.",
        {},
        2,
        "blinded",
    ),
    ("M05", "Response was confirmed by independent central review.", {}, 2, "independent central"),
    ("M05", "Outcome assessors were not blinded to the procedure.", {}, 1, "not blinded"),
    ("M05", "This open-label study enrolled 60 patients.", {}, 1, "open-label"),
    (
        "M06",
        "After a median follow-up of 3.5 years, 20 patients had died.",
        {},
        2,
        "median follow-up of 3.5 years",
    ),
    ("M06", "Median follow-up was 30 (range 6-80) months.", {}, 2, "30 (range 6-80) months"),
    ("M06", "Patients were followed for a median of 26 months.", {}, 2, "median of 26 months"),
    ("M06", "Median follow-up was 14 months (range 2-60).", {}, 1, "14 months"),
    ("M06", "Median overall survival was 60 months.", {}, 0, None),
    ("M07", "No patient was lost to follow-up.", {}, 2, "No patient was lost to follow-up"),
    ("M07", "Loss to follow-up was 3%.", {}, 2, "3%"),
    ("M07", "8% of patients were lost to follow-up.", {}, 1, "8%"),
    ("M07", "12 patients were lost to follow-up.", {"n_patients": 80}, 1, "12 patients"),
    ("M07", "2 patients were lost to follow-up.", {"n_patients": 80}, 2, "2 patients"),
    # Without the cohort size the share cannot be checked: reported, adequacy unknown.
    ("M07", "5 patients were lost to follow-up.", {}, 1, "lost to follow-up"),
    ("M07", "Survival did not differ between groups.", {}, 0, None),
    (
        "M08",
        "A sample size of 120 was calculated to detect a 15% difference with 80% power.",
        {},
        2,
        "sample size",
    ),
    (
        "M08",
        "No formal sample size calculation was performed.",
        {},
        1,
        "No formal sample size calculation",
    ),
    ("M08", "The study was underpowered to compare the modalities.", {}, 1, "underpowered"),
    ("M08", "Eighty patients were treated.", {}, 0, None),
]


@pytest.mark.parametrize(("item", "text", "extra", "expected", "phrase"), MINORS_CASES)
def test_minors_item_detection(instruments, item, text, extra, expected, phrase):
    row = score(instruments, text, **extra)[("minors", item)]
    assert row["applies"] == "yes"
    assert row["score"] == expected, (row["rule_id"], row["quote"])
    if expected == 0:
        assert row["not_reported"] == "yes"
        assert row["start"] is None
    else:
        assert row["not_reported"] == "no"
        assert_evidence(row, text, phrase)


COMPARATIVE_CASES = [
    (
        "M09",
        "Outcomes were compared with a matched control group receiving somatostatin analogues.",
        2,
        "control group",
    ),
    (
        "M10",
        "Resection was compared with a historical cohort treated with chemotherapy.",
        1,
        "historical cohort",
    ),
    ("M10", "Both groups were treated during the same period.", 2, "same period"),
    (
        "M10",
        "Patients treated from January 2005 to December 2016 were compared.",
        2,
        "from January 2005 to December 2016",
    ),
    ("M10", "Resection and TACE were compared.", 0, None),
    (
        "M11",
        "Baseline characteristics were similar between the two groups.",
        2,
        "Baseline characteristics were similar",
    ),
    (
        "M11",
        "After 1:1 propensity score matching, 40 pairs were analysed.",
        2,
        "propensity score matching",
    ),
    (
        "M11",
        "The resection group was younger and baseline characteristics differed in grade.",
        1,
        "baseline characteristics differed",
    ),
    ("M11", "Resection and TACE were compared.", 0, None),
    ("M12", "Survival curves were compared with the log-rank test.", 1, "log-rank"),
    (
        "M12",
        "On multivariable Cox regression, resection predicted survival.",
        2,
        "multivariable Cox regression",
    ),
    ("M12", "Resection was associated with longer survival (HR 0.5, 95% CI 0.3-0.8).", 2, "95% CI"),
]


@pytest.mark.parametrize(("item", "text", "expected", "phrase"), COMPARATIVE_CASES)
def test_minors_comparative_items(instruments, item, text, expected, phrase):
    row = score(instruments, text, n_arms=2)[("minors", item)]
    assert row["applies"] == "yes"
    assert row["score"] == expected, (row["rule_id"], row["quote"])
    if phrase:
        assert_evidence(row, text, phrase)
    else:
        assert row["not_reported"] == "yes"


def test_groups_without_a_control_are_reported_but_inadequate_with_the_arms_as_evidence(
    instruments,
):
    text = "Patients treated with TACE (n = 30) or TARE (n = 25) were compared."
    span = (text.index("TACE (n = 30)"), text.index(" were"))
    row = score(instruments, text, n_arms=2, n_arms_span=span)[("minors", "M09")]
    assert (row["score"], row["rule_id"]) == (1, "minors.M09.groups_without_control")
    assert row["quote"] == "TACE (n = 30) or TARE (n = 25)"
    assert row["basis"] == "n_arms=2"


@pytest.mark.parametrize("n_arms", [1, None])
def test_minors_items_9_to_12_do_not_apply_without_two_groups(instruments, n_arms):
    text = "Baseline characteristics were similar. On multivariable analysis, grade mattered."
    rows = score(instruments, text, n_arms=n_arms)
    for item in ("M09", "M10", "M11", "M12"):
        row = rows[("minors", item)]
        assert row["applies"] == "no"
        assert row["score"] is None
        assert "comparative studies only" in row["reason"]
    assert rows[("minors", "M01")]["applies"] == "yes"
    summary = summarise(list(rows.values()))[0]
    assert summary["minors_max"] == 16  # items 1-8 only


def test_extracted_fields_score_with_their_own_spans(instruments):
    text = "Title\n\nA prospective cohort. Median follow-up was 18 months. Enrolled 2012-2016."
    study = {
        "design": "prospective_cohort",
        "design_span": (text.index("prospective"), text.index(" cohort") + 7),
        "median_follow_up_months": 18,
        "median_follow_up_months_span": (text.index("Median"), text.index(" months") + 7),
        "accrual_start": 2012,
        "accrual_start_span": (text.index("2012"), text.index("2012") + 4),
        "n_arms": 2,
    }
    rows = score(instruments, text, **study)
    m03 = rows[("minors", "M03")]
    assert (m03["score"], m03["rule_id"]) == (2, "minors.M03.prospective_data")
    m06 = rows[("minors", "M06")]
    assert (m06["score"], m06["rule_id"]) == (1, "minors.M06.follow_up_short")
    assert m06["quote"] == "Median follow-up was 18 months"
    assert m06["basis"] == "median_follow_up_months=18"
    o2 = rows[("nos_cohort", "O2")]
    assert (o2["score"], o2["not_reported"]) == (0, "no")  # stated, too short: no star
    m10 = rows[("minors", "M10")]
    assert m10["score"] == 2
    assert m10["quote"] == "2012"


def test_a_field_score_without_a_span_says_so(instruments):
    row = score(instruments, "Forty patients.", n_arms=2)[("minors", "M09")]
    assert (row["score"], row["start"], row["quote"]) == (1, None, "")
    assert "No evidence span" in row["reason"]


def test_design_field_alone_scores_prospective_collection(instruments):
    text = "Outcomes of TARE.\n\nForty patients received TARE."
    rows = score(instruments, text, design="prospective_cohort", design_span=(0, 4))
    assert rows[("minors", "M03")]["rule_id"] == "minors.M03.prospective_design"
    assert rows[("minors", "M03")]["score"] == 2


# --------------------------------------------------------------------------------------------
# Item detection, Newcastle-Ottawa

NOS_CASES = [
    # (item, text, n_arms, extra, expected score, expected not_reported, phrase)
    (
        "S1",
        "This nationwide registry study included 900 patients.",
        2,
        {},
        1,
        "no",
        "nationwide registry",
    ),
    ("S1", "We included all patients treated with TACE.", 1, {}, 1, "no", "all patients"),
    ("S1", "A highly selected group of patients was treated.", 1, {}, 0, "no", "selected group"),
    ("S1", "Patients were treated with TACE.", 1, {}, 0, "yes", None),
    (
        "S2",
        "A single-centre comparison of resection and ablation.",
        2,
        {},
        1,
        "no",
        "single-centre",
    ),
    (
        "S2",
        "Resection was compared with a historical control group.",
        2,
        {},
        0,
        "no",
        "historical control",
    ),
    ("S2", "Patients treated with resection.", 1, {}, 0, "no", None),
    ("S2", "Resection and ablation were compared.", 2, {}, 0, "yes", None),
    (
        "S3",
        "Treatment data were extracted from medical records.",
        1,
        {},
        1,
        "no",
        "medical records",
    ),
    (
        "S3",
        "In this retrospective review, 50 patients underwent TARE.",
        1,
        {},
        1,
        "no",
        "retrospective review",
    ),
    (
        "S3",
        "Self-reported treatment history was collected by telephone.",
        1,
        {},
        0,
        "no",
        "Self-reported treatment",
    ),
    ("S3", "Fifty patients underwent TARE.", 1, {}, 0, "yes", None),
    ("S4", "The endpoint was overall survival.", 1, {}, 1, "no", "overall survival"),
    ("S4", "Hormonal symptoms improved in most patients.", 1, {}, 0, "yes", None),
    (
        "C1",
        "Survival was adjusted for age, grade and tumour burden.",
        2,
        {},
        2,
        "no",
        "adjusted for age, grade and",
    ),
    ("C1", "Groups were matched by tumour grade.", 2, {}, 1, "no", "matched by"),
    ("C1", "Survival was compared with the log-rank test.", 2, {}, 0, "yes", None),
    ("C1", "On multivariable analysis grade predicted survival.", 1, {}, 0, "no", None),
    (
        "O1",
        "Deaths were identified through the national death registry.",
        1,
        {},
        1,
        "no",
        "death registry",
    ),
    (
        "O1",
        "Progression was assessed by independent radiologists.",
        1,
        {},
        1,
        "no",
        "independent radiologists",
    ),
    (
        "O1",
        "Self-reported symptom relief was the outcome.",
        1,
        {},
        0,
        "no",
        "Self-reported symptom",
    ),
    (
        "O1",
        "In this double-blind study, tumour response was assessed on CT.",
        1,
        {},
        1,
        "no",
        "double-blind",
    ),
    ("O1", "Progression was assessed on CT.", 1, {}, 0, "yes", None),
    (
        "O2",
        "After a median follow-up of 5 years, 30 had died.",
        1,
        {},
        1,
        "no",
        "median follow-up of 5 years",
    ),
    ("O2", "The median follow-up was 11 months.", 1, {}, 0, "no", "11 months"),
    ("O3", "No patients were lost to follow-up.", 1, {}, 1, "no", "lost to follow-up"),
    ("O3", "25% were lost to follow-up.", 1, {}, 0, "no", "25%"),
    ("O3", "4 patients were lost to follow-up.", 1, {"n_patients": 100}, 1, "no", "4 patients"),
    ("O3", "Follow-up data were collected at clinic visits.", 1, {}, 0, "yes", None),
]


@pytest.mark.parametrize(
    ("item", "text", "n_arms", "extra", "expected", "not_reported", "phrase"), NOS_CASES
)
def test_nos_item_detection(instruments, item, text, n_arms, extra, expected, not_reported, phrase):
    row = score(instruments, text, n_arms=n_arms, **extra)[("nos_cohort", item)]
    assert row["applies"] == "yes"
    assert (row["score"], row["not_reported"]) == (expected, not_reported), row["rule_id"]
    if phrase:
        assert_evidence(row, text, phrase)


def test_nos_single_cohort_withholds_comparison_stars_with_a_reason(instruments):
    rows = score(instruments, "Forty patients underwent TARE.", n_arms=1)
    for item in ("S2", "C1"):
        row = rows[("nos_cohort", item)]
        assert row["rule_id"] == f"nos_cohort.{item}.single_cohort"
        assert row["basis"] == "n_arms=1"
    summary = summarise(list(rows.values()))[0]
    assert summary["nos_cohort_max"] == 9


# --------------------------------------------------------------------------------------------
# Design decides the instruments; level of evidence


@pytest.mark.parametrize(
    ("design", "n_arms", "text", "level", "rule"),
    [
        (
            "systematic_review_meta_analysis",
            None,
            "We pooled 12 randomized controlled trials of somatostatin analogues.",
            1,
            "oxford_cebm_2011.L1.review_of_randomised_trials",
        ),
        (
            "systematic_review_meta_analysis",
            None,
            "We pooled 25 cohort studies of resection.",
            3,
            "oxford_cebm_2011.L3.review_of_observational_studies",
        ),
        (
            "rct",
            2,
            "Patients were randomised to TAE or TACE.",
            2,
            "oxford_cebm_2011.L2.randomised_trial",
        ),
        (
            "retrospective_cohort",
            2,
            "Resection was compared with TACE.",
            3,
            "oxford_cebm_2011.L3.controlled_cohort",
        ),
        (
            "population_based_cohort",
            3,
            "Three modalities were compared with historical controls.",
            4,
            "oxford_cebm_2011.L4.historically_controlled",
        ),
        (
            "prospective_cohort",
            1,
            "Forty patients underwent TARE.",
            4,
            "oxford_cebm_2011.L4.uncontrolled_cohort",
        ),
        (
            "retrospective_cohort",
            None,
            "Forty patients underwent TARE.",
            4,
            "oxford_cebm_2011.L4.uncontrolled_cohort",
        ),
        (
            "case_series",
            1,
            "We describe six transplanted patients.",
            4,
            "oxford_cebm_2011.L4.case_series",
        ),
        (
            "narrative_review",
            None,
            "We review liver-directed therapy.",
            5,
            "oxford_cebm_2011.L5.narrative_review",
        ),
    ],
)
def test_level_of_evidence_from_design(instruments, design, n_arms, text, level, rule):
    rows = score(instruments, text, design=design, n_arms=n_arms)
    row = rows[("oxford_cebm_2011", "LOE")]
    assert (row["score"], row["rule_id"]) == (level, rule)
    summary = summarise(list(rows.values()))[0]
    assert summary["oxford_cebm_2011_level"] == level


@pytest.mark.parametrize("design", ["rct", "systematic_review_meta_analysis", "narrative_review"])
def test_minors_and_nos_do_not_apply_to_trials_and_reviews(instruments, design):
    text = "Consecutive patients were randomised; baseline characteristics were similar."
    rows = score_study(text, {"study_id": "x", "design": design, "n_arms": 2}, instruments)
    for row in rows:
        if row["instrument"] in ("minors", "nos_cohort"):
            assert row["applies"] == "no"
            assert row["score"] is None
            assert design in row["reason"]
    summary = summarise(rows)[0]
    assert summary["minors_applies"] == "no"
    assert summary["minors_total"] is None


@pytest.mark.parametrize("design", ["protocol", "other", None])
def test_no_instrument_applies_to_protocols_unclassified_or_unknown_designs(instruments, design):
    rows = score_study("A protocol.", {"study_id": "x", "design": design}, instruments)
    assert rows and all(r["applies"] == "no" and r["reason"] for r in rows)
    # Every item still has its row, so the table shows why it was not scored.
    assert len(rows) == 12 + 8 + 1


# --------------------------------------------------------------------------------------------
# Seeds (raw/ in the project), title + abstract cut out of each page by reading it


def seed_text(name: str, title: str, abstract_start: str, abstract_end: str) -> str:
    raw = (ROOT / "raw" / name).read_text(encoding="utf-8")
    assert title in raw
    start = raw.index(abstract_start)
    end = raw.index(abstract_end, start) + len(abstract_end)
    return title + "\n\n" + raw[start:end]


def span_of(text, phrase):
    at = text.index(phrase)
    return (at, at + len(phrase))


@pytest.fixture(scope="module")
def seeds(instruments):
    texts = {
        "000": seed_text(
            "000_c68907e589de581f.txt",
            "Post-procedure outcomes of liver-directed therapy of neuroendocrine liver metastases",
            "Background: While",
            "patient preparation.",
        ),
        "001": seed_text(
            "001_0db8c57d2cf2a297.txt",
            "",
            "Background: Neuroendocrine carcinoma",
            "median PFS of 2.9 months.",
        ).lstrip(),
        "002": seed_text(
            "002_9475ad33abd15fb3.txt",
            "Management of Neuroendocrine Tumor Liver Metastases: Long-Term Outcomes and "
            "Prognostic Factors from a Large Prospective Database",
            "Background. Liver-directed",
            "appropriately selected patients.",
        ),
        "003": seed_text(
            "003_8582baabcafb3253.txt",
            "Survival and Symptomatic Relief After Cytoreductive Hepatectomy for Neuroendocrine "
            "Tumor Liver Metastases: Long-Term Follow-up Evaluation of More Than 500 Patients",
            "Background: Distant metastases",
            "durable symptomatic relief.",
        ),
        "004": seed_text(
            "004_efe7dbcf6a6fe311.txt",
            "Embolotherapy for Neuroendocrine Tumor Liver Metastases: Prognostic Factors for "
            "Hepatic Progression-Free Survival and Overall Survival",
            "The purpose of the study",
            "among embolotherapy modalities.",
        ),
    }
    t = texts
    # What an extractor reads from each abstract (our reading), with its span.
    studies = {
        "000": {
            "design": "population_based_cohort",
            "design_span": span_of(t["000"], "population-based retrospective cohort study"),
            "n_arms": 2,
            "n_arms_span": span_of(t["000"], "liver embolization (LE) or liver resection (LR)"),
            "accrual_start": 2000,
            "accrual_start_span": span_of(t["000"], "2000-2019"),
            "n_patients": 5159,
        },
        "001": {
            "design": "retrospective_cohort",
            "design_span": span_of(t["001"], "Single center retrospective cohort study"),
            "n_arms": 2,
            "n_arms_span": span_of(t["001"], "20 NET patients"),
            "accrual_start": 2015,
            "accrual_start_span": span_of(t["001"], "from 2015 to 2024"),
            "n_patients": 26,
        },
        "002": {
            "design": "retrospective_cohort",
            "design_span": span_of(t["002"], "We reviewed our experience"),
            "n_arms": 5,
            "n_arms_span": span_of(t["002"], "for each treatment group"),
            "median_follow_up_months": 44,
            "median_follow_up_months_span": span_of(t["002"], "median follow-up of 44 months"),
            "n_patients": 649,
        },
        "003": {
            "design": "retrospective_cohort",
            "design_span": span_of(t["003"], "retrospective single-institution analysis"),
            "n_arms": 1,
            "n_patients": 546,
        },
        "004": {
            "design": "retrospective_cohort",
            "design_span": span_of(t["004"], "multicenter retrospective study"),
            "n_arms": 3,
            # The page has no-break spaces around "=".
            "n_arms_span": span_of(t["004"], "(TACE, n\u00a0=\u00a050)"),
            "n_patients": 155,
        },
    }
    return {
        sid: (texts[sid], by_item(score_study(texts[sid], {"study_id": sid, **study}, instruments)))
        for sid, study in studies.items()
    }


@pytest.mark.parametrize("sid", ["000", "001", "002", "003", "004"])
def test_every_seed_has_both_instruments_with_evidence(seeds, sid):
    text, rows = seeds[sid]
    assert {i for i, _ in rows} == {"minors", "nos_cohort", "oxford_cebm_2011"}
    assert all(rows[("minors", f"M{n:02d}")]["applies"] == "yes" for n in range(1, 9))
    assert all(r["applies"] == "yes" for (i, _), r in rows.items() if i == "nos_cohort")
    for row in rows.values():
        if row["applies"] == "yes" and row["score"] and row["kind"] == "score":
            assert row["start"] is not None, row["rule_id"]
            assert text[row["start"] : row["end"]] == row["quote"]
        if row["not_reported"] == "yes":
            assert row["score"] == 0 and row["quote"] == ""


def test_seed_002_prospective_database_and_follow_up(seeds):
    text, rows = seeds["002"]
    m03 = rows[("minors", "M03")]
    assert m03["score"] == 2
    assert m03["quote"] == "prospectively collected institutional database"
    m06 = rows[("minors", "M06")]
    assert m06["score"] == 2 and m06["quote"] == "median follow-up of 44 months"
    assert rows[("nos_cohort", "O2")]["score"] == 1
    assert rows[("minors", "M10")]["quote"] == "Between 2003 and 2010"
    assert rows[("minors", "M02")]["quote"].startswith("identified all patients")


def test_seed_004_propensity_weighted_multivariable_analysis(seeds):
    _, rows = seeds["004"]
    for key in (("minors", "M12"), ("nos_cohort", "C1")):
        assert rows[key]["score"] == 2
        assert rows[key]["quote"].startswith(
            "propensity score-weighted univariate and multivariate"
        )
    assert rows[("minors", "M10")]["quote"] == "between 2004 and 2015"
    assert rows[("minors", "M03")]["quote"] == "retrospective study"
    assert rows[("oxford_cebm_2011", "LOE")]["score"] == 3


def test_seed_periods_follow_up_and_single_cohort(seeds):
    assert seeds["000"][1][("minors", "M10")]["quote"] == "2000-2019"
    assert seeds["001"][1][("minors", "M10")]["quote"] == "from 2015 to 2024"
    rows_003 = seeds["003"][1]
    assert rows_003[("minors", "M06")]["quote"] == "Long-Term Follow-up"
    assert rows_003[("minors", "M06")]["score"] == 1  # mentioned, no duration
    assert rows_003[("nos_cohort", "O2")]["not_reported"] == "yes"
    assert rows_003[("minors", "M10")]["applies"] == "no"  # one cohort
    assert rows_003[("oxford_cebm_2011", "LOE")]["score"] == 4
    # Nothing in the seeds addresses blinding, study size or loss to follow-up.
    for sid in seeds:
        for item in ("M05", "M07", "M08"):
            assert seeds[sid][1][("minors", item)]["not_reported"] == "yes"


# --------------------------------------------------------------------------------------------
# Instrument files: validation names the file, item and rule


GOOD = """
id: tiny
name: Tiny
kind: score
applies_to: {designs: [retrospective_cohort]}
items:
  - id: A1
    text: Aim
    scores: [0, 1]
    rules:
      - {id: tiny.A1.aim, score: 1, description: aim, patterns: ['\\baim\\b']}
"""


def write(tmp_path, text, name="tiny.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_instrument_loads_and_scores(tmp_path):
    (inst,) = load_instruments([write(tmp_path, GOOD)])
    rows = score_study(
        "Our aim was X.", {"study_id": "a", "design": "retrospective_cohort"}, [inst]
    )
    assert rows[0]["score"] == 1 and rows[0]["quote"] == "aim"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("score: 1, description", "score: 2, description"), "score 2 is not one of"),
        (("'\\baim\\b'", "'(unclosed'"), "not a valid regular expression"),
        (("designs: [retrospective_cohort]", "designs: [cohort]"), "'cohort' is not one of"),
        (("scores: [0, 1]", "scores: []"), "item 'A1'"),
        (("patterns: ['\\baim\\b']", "negation: true"), "has no condition"),
        (("kind: score", "kind: level\nextra: 1"), "Additional properties"),
    ],
)
def test_invalid_instruments_are_rejected_with_file_and_item(tmp_path, change, message):
    old, new = change
    assert old in GOOD, old
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InstrumentError) as err:
        load_instruments([path])
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_duplicate_item_and_instrument_ids_are_rejected(tmp_path):
    twice = GOOD + GOOD[GOOD.index("  - id: A1") :].replace("tiny.A1.aim", "tiny.A1.other")
    with pytest.raises(InstrumentError, match="item 'A1': the item id is used twice"):
        load_instruments([write(tmp_path, twice)])
    with pytest.raises(InstrumentError, match="already defined by another file"):
        load_instruments([write(tmp_path, GOOD), write(tmp_path, GOOD, "again.yaml")])


# --------------------------------------------------------------------------------------------
# Reviewer assessments and agreement


def study_rows(instruments, n=6):
    rows = []
    for k in range(1, n + 1):
        rows += score_study(
            "A retrospective review.",
            {"study_id": f"s{k}", "design": "retrospective_cohort", "n_arms": 2},
            instruments,
        )
    return rows


def csv_file(tmp_path, name, lines):
    path = tmp_path / f"{name}.csv"
    path.write_text(
        "# a comment\nstudy_id,instrument,item_id,score,note\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return path


def test_reviewer_scores_override_and_are_marked(tmp_path, instruments):
    rows = study_rows(instruments, 2)
    a = csv_file(tmp_path, "ann", ['s1,minors,M07,2,"no loss, per methods"', "s2,minors,M03,2,"])
    b = csv_file(tmp_path, "bob", ["s1,minors,M07,2,agree", "s2,minors,M03,1,retro"])
    out = by_item(
        [r for r in apply_assessments(rows, [a, b], instruments) if r["study_id"] == "s1"]
    )
    m07 = out[("minors", "M07")]
    assert (m07["auto_score"], m07["score"], m07["score_source"]) == (0, 2, "reviewer")
    assert m07["not_reported"] == "no"
    assert m07["reviewer_scores"] == "ann=2; bob=2"
    assert m07["reviewer_notes"] == "ann: no loss, per methods; bob: agree"
    assert out[("minors", "M01")]["score_source"] == "auto"
    s2 = by_item([r for r in apply_assessments(rows, [a, b], instruments) if r["study_id"] == "s2"])
    # Disagreement: the automatic score (retrospective, 1) stays until adjudicated.
    assert (s2[("minors", "M03")]["score"], s2[("minors", "M03")]["score_source"]) == (
        1,
        "auto-reviewers-disagree",
    )
    consensus = csv_file(tmp_path, "consensus", ["s2,minors,M03,2,prospective registry"])
    s2 = by_item(
        [
            r
            for r in apply_assessments(rows, [a, b, consensus], instruments)
            if r["study_id"] == "s2"
        ]
    )
    assert (s2[("minors", "M03")]["score"], s2[("minors", "M03")]["score_source"]) == (
        2,
        "consensus",
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("s1,minors,M13,1,", "no item 'M13' in instrument 'minors'"),
        ("s1,minors,M03,3,", "score 3 is not allowed for minors M03"),
        ("s1,minors,M03,two,", "is not a whole number"),
        ("s1,nos_cohort,S1,1,\ns1,nos_cohort,S1,0,", "already scored on line 3"),
        ("s9,minors,M03,1,", "no scored row for study 's9'"),
    ],
)
def test_bad_assessment_lines_name_file_and_line(tmp_path, instruments, line, message):
    path = csv_file(tmp_path, "ann", [line])
    with pytest.raises(AssessmentError) as err:
        apply_assessments(study_rows(instruments, 1), [path], instruments)
    assert message in str(err.value)
    assert f"{path}, line" in str(err.value)


def test_weighted_kappa_and_disagreements(tmp_path, instruments):
    # Six studies scored on MINORS item 3 (0/1/2). Worked by hand with linear weights
    # (1 - |i-j|/2): observed weighted agreement 4.5/6 = 0.75, expected 0.5833, kappa 0.4.
    a = [2, 2, 1, 1, 0, 0]
    b = [2, 1, 1, 1, 0, 2]
    # NOS S1 (0/1) on four studies: po 0.75, pe 0.5, kappa 0.5.
    na, nb = [1, 1, 0, 0], [1, 0, 0, 0]
    ann = csv_file(
        tmp_path,
        "ann",
        [f"s{k + 1},minors,M03,{s},note {k + 1}" for k, s in enumerate(a)]
        + [f"s{k + 1},nos_cohort,S1,{s}," for k, s in enumerate(na)],
    )
    bob = csv_file(
        tmp_path,
        "bob",
        [f"s{k + 1},minors,M03,{s}," for k, s in enumerate(b)]
        + [f"s{k + 1},nos_cohort,S1,{s}," for k, s in enumerate(nb)],
    )
    agree, disagree = agreement([ann, bob], instruments)
    rows = {(r["instrument"], r["item_id"]): r for r in agree.to_dict("records")}
    m03 = rows[("minors", "M03")]
    assert m03["kappa"] == pytest.approx(0.4, abs=1e-3)
    assert (m03["n_studies"], m03["percent_agreement"]) == (6, 66.7)
    assert rows[("nos_cohort", "S1")]["kappa"] == pytest.approx(0.5, abs=1e-3)
    assert rows[("minors", "ALL")]["kappa"] == pytest.approx(0.4, abs=1e-3)
    assert list(disagree["study_id"]) == ["s2", "s2", "s6"]
    s6 = disagree[disagree["study_id"] == "s6"].iloc[0]
    assert (s6["score_a"], s6["score_b"], s6["difference"], s6["note_a"]) == (0, 2, 2, "note 6")


def test_kappa_is_undefined_when_both_reviewers_use_one_category(tmp_path, instruments):
    ann = csv_file(tmp_path, "ann", ["s1,minors,M01,2,", "s2,minors,M01,2,"])
    bob = csv_file(tmp_path, "bob", ["s1,minors,M01,2,", "s2,minors,M01,2,"])
    agree, disagree = agreement(load_assessments([ann, bob], instruments), instruments)
    row = agree[agree["item_id"] == "M01"].iloc[0]
    assert row["kappa"] is None or row["kappa"] != row["kappa"]
    assert row["percent_agreement"] == 100.0
    assert "undefined" in row["note"]
    assert disagree.empty


def test_the_shipped_assessment_folder_has_no_active_assessments():
    assert not list((ROOT / "config" / "quality_assessments").glob("*.csv"))


WORDS = [
    "consecutive",
    "patients",
    "retrospective",
    "prospectively",
    "collected",
    "database",
    "not",
    "blinded",
    "median",
    "follow-up",
    "of",
    "24",
    "months",
    "lost",
    "to",
    "no",
    "were",
    "2004",
    "and",
    "2015",
    "between",
    "multivariable",
    "propensity",
    "score",
    "control",
    "group",
    ".",
    "\n",
    "aim",
    "the",
    "was",
    "overall",
    "survival",
    "non-",
    "%",
    "5",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([None, 1, 2, 3]))
def test_every_row_is_consistent_whatever_the_text(words, n_arms):
    text = " ".join(words)
    study = {"study_id": "h", "design": "retrospective_cohort", "n_arms": n_arms}
    rows = score_study(text, study, INSTRUMENTS)
    assert len(rows) == 21
    for row in rows:
        if row["applies"] == "no":
            assert row["score"] is None
            continue
        if row["not_reported"] == "yes":
            assert row["score"] in (0, None) and row["start"] is None
        else:
            assert row["rule_id"] and row["reason"]
        if row["start"] is not None:
            assert text[row["start"] : row["end"]] == row["quote"] != ""
