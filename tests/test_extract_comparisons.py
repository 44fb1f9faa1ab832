"""Arms of values set against each other ("higher in A than in B (x vs y)"): the module
litreview.extract.comparisons, and through extract_record on team-written abstracts
(tests/data/abstracts/); expected arms read from the texts."""

from pathlib import Path

import pytest

from litreview.extract import extract_record, load_vocabulary
from litreview.extract.comparisons import comparison_arms

ABSTRACTS = Path(__file__).parent / "data" / "abstracts"


@pytest.fixture(scope="module")
def vocab(project_root):
    return load_vocabulary(project_root / "config" / "vocabulary.yaml")


def arms_of(name, vocab, outcome):
    text = (ABSTRACTS / name).read_text(encoding="utf-8")
    rows = extract_record(text, vocab).outcomes
    return [(r["value"], r["arm"]) for r in rows if r["outcome"] == outcome]


@pytest.mark.parametrize(
    ("before", "after", "arms"),
    [
        ("OS was longer in the resection group than in the ablation group (", ")",
         ("resection", "ablation")),
        ("Responses were more frequent with Y-90 compared with TACE (", ").", ("Y-90", "TACE")),
        ("PFS did not differ between the G1 and G2 groups [", "].", ("G1", "G2")),
        ("Patients with a Ki-67 above 10% had shorter OS than those with a lower index (", ").",
         ("Ki-67 above 10%", "lower index")),
        ("The PRRT arm had longer PFS (", " months) than the observation arm.",
         ("PRRT", "observation")),
        ("Patients treated with TARE had fewer adverse events (", "), compared to TACE.",
         ("TARE", "TACE")),
        ("Compared with the TAE cohort, the TACE cohort achieved more responses (", ").",
         ("TACE", "TAE")),
    ],
)  # fmt: skip
def test_comparison_arms_in_each_shape(before, after, arms):
    assert comparison_arms(before, after) == arms


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # one group named: the other is unknown, so no pair
        ("ORR was higher in the TACE arm (", "; p = 0.02)."),
        # a difference between time points, not groups
        ("Survival was 60% at 5 years compared with 40% at 10 years (", ")."),
        # the subject is the outcome, not a group
        ("Overall survival was longer (", ") than expected."),
    ],
)
def test_no_arms_unless_both_groups_are_named(before, after):
    assert comparison_arms(before, after) == ()


def test_first_value_goes_to_the_group_compared_second_to_its_counterpart(vocab):
    name = "comparison_frames_arms.txt"
    # "higher in the TACE group than in the TAE group (41.0% vs 28.1%, p = 0.04)"
    assert arms_of(name, vocab, "response_rate") == [(41.0, "TACE"), (28.1, "TAE")]
    # "Patients treated with TACE had longer hepatic progression-free survival (19.4 vs 13.2
    # months, p = 0.01) than those treated with TAE"
    assert arms_of(name, vocab, "hpfs_median") == [(19.4, "TACE"), (13.2, "TAE")]
    # "The TACE group had longer overall survival (58.3 vs 44.6 months) than the TAE group";
    # "Patients with grade 2 tumours had worse overall survival (36.5 vs 71.2 months) compared
    # to patients with grade 1 tumours"
    assert arms_of(name, vocab, "os_median") == [
        (58.3, "TACE"),
        (44.6, "TAE"),
        (36.5, "grade 2 tumours"),
        (71.2, "grade 1 tumours"),
    ]
    # "Compared with the TAE group, the TACE group had a lower 30-day readmission rate (5.1% vs
    # 10.9%)": the subject first, though named second
    assert arms_of(name, vocab, "readmission_rate") == [(5.1, "TACE"), (10.9, "TAE")]
    # "Post-embolization syndrome occurred more often after TAE than after TACE (32.8% versus
    # 21.8%)"
    assert arms_of(name, vocab, "adverse_event_rate") == [(32.8, "TAE"), (21.8, "TACE")]


def test_paired_counts_with_words_and_spreads(vocab):
    name = "paired_toxicities_and_respectively.txt"
    text = (ABSTRACTS / name).read_text(encoding="utf-8")
    rows = extract_record(text, vocab).outcomes
    # "fatigue (14 [18%] of 78 vs 6 [9%] of 64), abdominal pain (11 [14%] vs four [6%]), and
    # nausea (7 [9%] vs none)": the count written in words does not hide its share
    ae = sorted(r["value"] for r in rows if r["outcome"] == "adverse_event_rate")
    assert 6.0 in ae and 18.0 in ae
    # "is reported to be as high as 60% to 75% in selected series": a spread, not a result
    assert not [r for r in rows if r["value"] in (60.0, 75.0)]
    # "Mean overall survival after transplantation was 75.3 months"
    (os_mean,) = [r for r in rows if r["value"] == 75.3]
    assert os_mean["outcome"] == "os_mean"


def test_mean_written_after_the_verb_is_a_mean(vocab):
    text = "Title\n\nAfter resection, overall survival was mean 81.2 months (9 to 240 months)."
    rows = extract_record(text, vocab).outcomes
    assert [(r["outcome"], r["value"]) for r in rows] == [("os_mean", 81.2)]


def test_pairs_named_after_their_values_and_groups_leading_the_sentence(vocab):
    name = "paired_toxicities_and_respectively.txt"
    text = (ABSTRACTS / name).read_text(encoding="utf-8")
    rows = extract_record(text, vocab).outcomes

    def of(outcome):
        return [(r["value"], r["arm"]) for r in rows if r["outcome"] == outcome]

    # "The ORR and DCR in the TARE group were higher than in the TACE group (48.6% vs 30.2% for
    # ORR, p = 0.03; and 82.9% vs 69.8% for DCR, p = 0.12)"; "In the PRRT group, there were 3
    # (8%) complete responses and 12 (32%) partial responses"
    assert of("response_rate") == [(48.6, "TARE"), (30.2, "TACE"), (8.0, "PRRT"), (32.0, "PRRT")]
    assert of("disease_control_rate") == [(82.9, "TARE"), (69.8, "TACE")]
    # "In the resection and ablation cohorts, 5 (4%) and 9 (11%), respectively, died of liver
    # failure"
    assert of("mortality_rate") == [(4.0, "resection"), (11.0, "ablation")]


@pytest.mark.parametrize(
    "sentence",
    [
        "In the multivariate analysis, 3 (8%) deaths were related to the procedure.",
        "In total, there were 3 (8%) deaths.",
        "In the TACE group, 3 (8%) deaths occurred compared with 1 (2%) after TAE.",
    ],
)
def test_a_leading_phrase_is_a_group_only_when_it_names_one_alone(vocab, sentence):
    rows = extract_record("Title\n\n" + sentence, vocab).outcomes
    assert all(r["arm"] != "TACE" or "compared" not in sentence for r in rows)
    assert not [r for r in rows if r["arm"] in ("multivariate analysis", "total")]
