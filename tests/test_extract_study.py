"""Study characteristics from team-written abstracts."""

from pathlib import Path

import pytest

from litreview.extract import extract_record, load_vocabulary

ABSTRACTS = Path(__file__).parent / "data" / "abstracts"


@pytest.fixture(scope="module")
def vocab(project_root):
    return load_vocabulary(project_root / "config" / "vocabulary.yaml")


def study(name, vocab):
    text = (ABSTRACTS / name).read_text(encoding="utf-8")
    return {(r["field"], r["value"], r["count"]) for r in extract_record(text, vocab).study}


def test_rct_with_number_words_sites_and_arms(vocab):
    got = study("tace_vs_tae_rct.txt", vocab)
    assert ("design", "rct", None) in got
    assert ("setting", "multicenter", None) in got
    assert ("n_patients", "61", None) in got  # "Sixty-one patients"
    assert ("accrual_start", "2012", None) in got and ("accrual_end", "2018", None) in got
    assert ("primary_site", "small_intestine", 40) in got
    assert ("primary_site", "pancreas", 21) in got
    assert ("modality", "tace", 31) in got and ("modality", "tae", 30) in got
    assert ("median_follow_up", "3.5", None) in got


def test_retrospective_single_centre(vocab):
    got = study("resection_cohort_years.txt", vocab)
    assert ("design", "retrospective_cohort", None) in got
    assert ("setting", "single_center", None) in got
    assert ("n_patients", "212", None) in got
    assert ("accrual_start", "1995", None) in got


def test_prospective_with_number_words(vocab):
    got = study("weeks_and_words.txt", vocab)
    assert ("design", "prospective_cohort", None) in got
    assert ("n_patients", "48", None) in got


def n_patients(text, vocab):
    rows = extract_record("T\n\n" + text, vocab).study
    return [r["value"] for r in rows if r["field"] == "n_patients"]


def test_patients_counted_by_labelled_group_add_up(vocab):
    text = (
        "Results: 41 SSA patients received 60 embolizations, while 17 PRRT patients received "
        "22; 9 PRRT patients later crossed over."
    )
    assert n_patients(text, vocab) == ["58"]


def test_an_explicit_larger_total_wins_over_group_counts(vocab):
    text = "We screened 140 patients. Of these, 50 TACE patients and 40 TAE patients were treated."
    assert n_patients(text, vocab) == ["140"]


def test_unlabelled_counts_are_not_added(vocab):
    text = "Of 120 patients referred, 80 patients were eligible and 35 patients were treated."
    assert n_patients(text, vocab) == ["120"]


def test_procedures_of_labelled_groups_add_up(vocab):
    text = (
        "T\n\nResults: 14 HCC patients underwent 22 TACE sessions, while 9 ICC patients "
        "underwent 11 TACE sessions. Median OS was 18 months."
    )
    counts = ("n_patients", "n_procedures")
    rows = [r for r in extract_record(text, vocab).study if r["field"] in counts]
    assert [(r["field"], r["value"]) for r in rows] == [
        ("n_patients", "23"),
        ("n_procedures", "33"),
    ]
    assert rows[1]["quote"].startswith("22 TACE sessions") and rows[1]["quote"].endswith(
        "11 TACE sessions"
    )


def test_procedures_of_one_group_are_not_summed(vocab):
    text = "T\n\nA total of 40 patients underwent 55 procedures; 12 procedures were repeated."
    rows = [r["value"] for r in extract_record(text, vocab).study if r["field"] == "n_procedures"]
    assert rows == ["55", "12"]
