"""The extraction benchmark's matching and scoring (workflow/benchmarks/eval_extract.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workflow" / "benchmarks"))

import eval_extract  # noqa: E402
from eval_extract import Scored, arm_agrees, family, p_agrees, score_effects, score_outcomes  # noqa: E402

GOLD = Path(__file__).resolve().parent / "data" / "gold"


def _outcome(outcome, value, arm="", original="", rule="r"):
    return {"outcome": outcome, "value": value, "value_original": original, "arm": arm,
            "rule_id": rule, "quote": "q", "ci_low": None, "ci_high": None}  # fmt: skip


def test_family_strips_the_statistic():
    assert family("os_median") == "os"
    assert family("local_pfs_rate") == "local_pfs"
    assert family("adverse_event_rate") == "adverse_event"


def test_arm_agrees_when_one_name_holds_the_other():
    assert arm_agrees("TEGAFIRI", "the TEGAFIRI arm")
    assert arm_agrees("10 μM trabedersen", "10 μM trabedersen")
    assert not arm_agrees("placebo", "osimertinib")
    # absence named two ways is one group; presence is not absence
    assert arm_agrees("no PTR", "those without PTR")
    assert not arm_agrees("no PTR", "PTR alone")
    assert not arm_agrees("", "placebo")


def test_p_agrees_on_bounds_and_exact_values():
    assert p_agrees({"p": "<0.001"}, {"p_value_text": "<0.001"})
    assert not p_agrees({"p": "<0.001"}, {"p_value_text": "0.001"})
    assert p_agrees({"p": "0.02"}, {"p_value_text": "0.020"})
    assert p_agrees({}, {"p_value_text": ""})


def test_outcome_matching_counts_each_gold_value_once_and_uses_the_written_value():
    gold = [
        {"family": "os", "stat": "median", "value": 671, "unit": "days", "arm": "bosentan"},
        {"family": "os", "stat": "median", "value": 12.1, "unit": "months", "arm": "A"},
    ]
    rows = [
        _outcome("os_median", 22.05, arm="bosentan", original=671),  # days converted to months
        _outcome("os_median", 12.1, arm="B"),
        _outcome("os_median", 12.1, arm="A"),
        _outcome("pfs_median", 9.0),
    ]
    scored = Scored()
    score_outcomes("X", gold, rows, scored)
    assert (scored.counts.tp, scored.counts.fp, scored.counts.fn) == (2, 2, 0)
    # the prediction with the right arm is preferred, so both matched arms agree
    assert scored.detail_right["arm"] == 2


def test_effect_matching_needs_measure_and_value():
    gold = [{"measure": "hr", "value": 0.76, "ci": [0.64, 0.91]}, {"measure": "or", "value": 2.0}]
    rows = [{"measure": "rr", "value": 0.76, "ci_low": 0.64, "ci_high": 0.91, "p_value_text": "",
             "rule_id": "r", "quote": "q"}]  # fmt: skip
    scored = Scored()
    score_effects("X", gold, rows, scored)
    assert (scored.counts.tp, scored.counts.fp, scored.counts.fn) == (0, 1, 2)
    assert scored.counts.precision == 0.0 and scored.counts.recall == 0.0


def test_gold_files_have_the_labelled_totals():
    labels = eval_extract.load_gold(GOLD, "all")
    assert len(labels) == 77
    assert sum(len(g["outcomes"]) for g in labels) == 47 + 55 + 35 + 44
    assert sum(len(g["effects"]) for g in labels) == 83 + 46 + 23 + 21
    splits = {g["split"] for g in labels}
    assert splits == {"dev", "test", "test2", "test3", "test4"}


def test_splits_can_be_joined_with_a_plus():
    assert len(eval_extract.load_gold(GOLD, "test2")) == 20
    assert len(eval_extract.load_gold(GOLD, "test3")) == 15
    assert len(eval_extract.load_gold(GOLD, "dev16+test+test2")) == 51
    assert len(eval_extract.load_gold(GOLD, "test4")) == 11
    assert len(eval_extract.load_gold(GOLD, "dev16+test+test2+test3")) == 66


def test_evaluation_runs_on_the_shared_corpus(shared_dir):
    corpus = shared_dir / "corpora" / "oncology_rct_abstracts"
    vocab = eval_extract.load_vocabulary(eval_extract.VOCABULARY)
    result = eval_extract.evaluate(corpus, GOLD, "dev16+test", vocab)
    assert result.abstracts == 31
    assert result.outcomes.counts.tp + result.outcomes.counts.fn == 47
    assert result.effects.counts.tp + result.effects.counts.fn == 83
    assert "precision" in eval_extract.report(result, "dev16+test")


def test_main_skips_with_a_message_when_the_corpus_is_absent(tmp_path, capsys):
    assert eval_extract.main(["--corpus", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_dev_is_every_labelled_split_and_dev16_the_first_sixteen():
    # test4 was scored once and looked at, so nothing labelled is held out any more
    assert len(eval_extract.load_gold(GOLD, "dev")) == 77
    assert len(eval_extract.load_gold(GOLD, "dev16")) == 16
    assert len(eval_extract.load_gold(GOLD, "dev16+test")) == 31


def test_an_unknown_split_is_refused_with_the_names_to_use():
    with pytest.raises(argparse.ArgumentTypeError, match="test5"):
        eval_extract._split_argument("dev16+test5")
