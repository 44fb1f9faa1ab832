"""Pooling against published metafor results and hand-computed cases.

BCG vaccine data: metafor's dat.bcg (Colditz et al. 1994, JAMA 271:698-702), the 2x2 counts as
printed in metafor's documentation and README. Expected results are metafor's published output:
DL estimate -0.7141, tau2 0.3088; REML estimate -0.7145, tau2 0.3132, I2 92.22%, Q(12) 152.2330;
with test="knha" (README): se 0.1808, CI -1.1084 to -0.3206, prediction interval 0.14 to 1.76 on
the risk-ratio scale. Every other expected value below is worked out by hand in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from litreview.meta import (
    PoolingError,
    describe_medians,
    log_hr_from_ci,
    logit_proportions,
    pool_generic,
    pool_log_hazard_ratios,
    pool_proportions,
    weighted_median,
)

# dat.bcg: vaccinated TB+ / TB-, control TB+ / TB- for the 13 trials, in metafor's order.
TPOS = [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27]
TNEG = [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886]
CPOS = [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29]
CNEG = [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825]


@pytest.fixture(scope="module")
def bcg():
    """Log risk ratios and variances, as metafor's escalc(measure="RR") defines them."""
    a, b, c, d = (np.array(x, dtype=float) for x in (TPOS, TNEG, CPOS, CNEG))
    yi = np.log(a / (a + b)) - np.log(c / (c + d))
    vi = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    return yi, vi


def test_bcg_effect_sizes_match_metafor_escalc(bcg):
    yi, vi = bcg
    # metafor README, escalc output, trials 1 (Aronson) and 8 (TPT Madras).
    assert yi[0] == pytest.approx(-0.8893, abs=5e-5)
    assert vi[0] == pytest.approx(0.3256, abs=5e-5)
    assert yi[7] == pytest.approx(0.0120, abs=5e-5)
    assert vi[7] == pytest.approx(0.0040, abs=5e-5)


def test_bcg_dersimonian_laird(bcg):
    r = pool_generic(*bcg, method="DL")
    assert round(r.estimate, 4) == -0.7141
    assert round(r.tau2, 4) == 0.3088
    assert round(r.q, 4) == 152.2330
    assert r.q_df == 12
    assert r.k == 13
    # For DL, I2 is (Q - df) / Q exactly.
    assert r.i2 == pytest.approx(100 * (r.q - 12) / r.q)
    assert 91.5 < r.i2 < 92.5


def test_bcg_reml(bcg):
    r = pool_generic(*bcg, method="REML")
    assert round(r.estimate, 4) == -0.7145
    assert round(r.tau2, 4) == 0.3132
    assert round(r.i2, 2) == 92.22
    assert round(r.q, 4) == 152.2330
    assert r.q_p < 1e-4
    assert not r.hk and not r.single_study


def test_bcg_reml_hartung_knapp_matches_metafor_readme(bcg):
    r = pool_generic(*bcg, method="REML", hartung_knapp=True)
    assert round(r.estimate, 4) == -0.7145
    assert round(r.se, 4) == 0.1808
    assert round(r.ci_low, 4) == -1.1084
    assert round(r.ci_high, 4) == -0.3206
    assert round(math.exp(r.pred_low), 2) == 0.14
    assert round(math.exp(r.pred_high), 2) == 1.76
    assert r.hk


def test_prediction_interval_uses_normal_quantile_without_hk(bcg):
    r = pool_generic(*bcg, method="REML")
    half = stats.norm.ppf(0.975) * math.sqrt(r.se**2 + r.tau2)
    assert r.pred_low == pytest.approx(r.estimate - half)
    assert r.pred_high == pytest.approx(r.estimate + half)
    # and the CI is the Wald interval
    assert r.ci_high - r.ci_low == pytest.approx(2 * 1.959964 * r.se, rel=1e-6)


def test_hartung_knapp_factor_and_t_quantile():
    # Three studies with equal variance 0.04: with tau2 = 0 (DL truncates here), weights are
    # equal, mu is the mean 0.2, and the HK factor is sum w (y - mu)^2 / (k - 1).
    yi = [0.1, 0.2, 0.3]
    vi = [0.04, 0.04, 0.04]
    plain = pool_generic(yi, vi, method="DL")
    # Q = 25 * (0.01 + 0 + 0.01) = 0.5 < df = 2, so DL's tau2 is truncated at 0 and I2 is 0.
    assert plain.q == pytest.approx(0.5)
    assert plain.tau2 == 0.0
    assert plain.i2 == 0.0
    assert plain.estimate == pytest.approx(0.2)
    assert plain.se == pytest.approx(math.sqrt(0.04 / 3))
    hk = pool_generic(yi, vi, method="DL", hartung_knapp=True)
    factor = 25 * 0.02 / 2  # = 0.25: HK may shrink the variance, metafor does not truncate
    assert hk.se == pytest.approx(math.sqrt(0.04 / 3 * factor))
    t = stats.t.ppf(0.975, 2)
    assert hk.ci_high == pytest.approx(0.2 + t * hk.se)
    assert hk.pred_high == pytest.approx(0.2 + t * hk.se)  # tau2 = 0


def test_single_study_is_returned_as_itself_and_flagged():
    r = pool_generic([0.5], [0.04], method="REML", hartung_knapp=True)
    assert r.single_study and r.k == 1
    assert r.estimate == 0.5
    assert r.se == pytest.approx(0.2)
    assert r.ci_low == pytest.approx(0.5 - 1.959964 * 0.2, abs=1e-6)
    for name in ("tau2", "i2", "q", "q_p", "pred_low", "pred_high"):
        assert math.isnan(getattr(r, name)), name
    assert not r.hk
    assert "single study" in r.notes[0]


def test_proportions_zero_events_single_study():
    # 0/10: continuity 0.5 gives logit(0.5 / 10.5) and variance 1/0.5 + 1/10.5.
    r = pool_proportions([0], [10], method="DL")
    assert r.single_study and r.n_continuity_corrected == 1
    assert r.estimate == pytest.approx(math.log(0.5 / 10.5))
    assert r.se == pytest.approx(math.sqrt(2 + 1 / 10.5))
    bt = r.back_transformed()
    assert bt["estimate"] == pytest.approx(0.5 / 11)
    assert 0 < bt["ci_low"] < bt["estimate"] < bt["ci_high"] < 1
    assert any("continuity" in n for n in r.notes)


def test_proportions_all_events_are_corrected_symmetrically():
    yi, vi, flags = logit_proportions([20, 5], [20, 10])
    assert flags == [True, False]
    assert yi[0] == pytest.approx(math.log(20.5 / 0.5))
    assert vi[0] == pytest.approx(1 / 20.5 + 1 / 0.5)
    assert yi[1] == 0.0  # 5/10 uncorrected
    assert vi[1] == pytest.approx(0.4)


def test_proportions_pool_homogeneous_studies_to_the_common_rate():
    # 10/100 and 20/200: same proportion, so Q = 0, tau2 = 0, pooled proportion 0.1 exactly.
    r = pool_proportions([10, 20], [100, 200], method="REML")
    assert r.q == pytest.approx(0.0, abs=1e-12)
    assert r.tau2 == pytest.approx(0.0, abs=1e-8)
    assert r.back_transformed()["estimate"] == pytest.approx(0.1)
    # weights proportional to 1 / (1/10 + 1/90) and 1 / (1/20 + 1/180): 1 : 2
    assert [round(s["weight_pct"], 6) for s in r.study_rows()] == [
        round(100 / 3, 6),
        round(200 / 3, 6),
    ]
    assert r.n_continuity_corrected == 0


def test_proportions_with_all_zero_studies_still_pool():
    r = pool_proportions([0, 0, 0], [10, 10, 10], method="DL")
    assert r.n_continuity_corrected == 3
    assert r.back_transformed()["estimate"] == pytest.approx(0.5 / 11)
    assert r.tau2 == 0.0


def test_zero_events_without_correction_is_a_clear_error():
    with pytest.raises(PoolingError, match="Smith 2010.*continuity"):
        pool_proportions([0, 3], [10, 12], continuity=0, labels=["Smith 2010", "Lee 2012"])


@pytest.mark.parametrize(
    ("events", "totals", "message"),
    [([11], [10], "11.0 events of 10.0"), ([-1], [10], "events"), ([2.5], [10], "whole")],
)
def test_impossible_counts_are_rejected_with_the_study_named(events, totals, message):
    with pytest.raises(PoolingError, match=f"Jones 2015: .*{message}"):
        pool_proportions(events, totals, labels=["Jones 2015"])


def test_hr_se_from_ci_and_inverse_variance_pooling():
    # HR 0.5 (0.25 to 1.0): SE = ln(4) / (2 * 1.959964).
    yi, vi = log_hr_from_ci([0.5], [0.25], [1.0])
    assert math.sqrt(vi[0]) == pytest.approx(math.log(4) / (2 * 1.959964), rel=1e-6)
    # Two identical studies: Q = 0, tau2 = 0, pooled log HR ln 0.5 with SE / sqrt(2).
    r = pool_log_hazard_ratios([0.5, 0.5], [0.25, 0.25], [1.0, 1.0], method="REML")
    se1 = math.log(4) / (2 * 1.959964)
    assert r.estimate == pytest.approx(math.log(0.5))
    assert r.se == pytest.approx(se1 / math.sqrt(2), rel=1e-6)
    assert r.back_transformed()["estimate"] == pytest.approx(0.5)
    assert r.back_transformed()["ci_high"] == pytest.approx(
        math.exp(math.log(0.5) + 1.959964 * se1 / math.sqrt(2)), rel=1e-6
    )
    assert r.scale == "log"


def test_hr_pooling_of_different_studies_weights_the_precise_one_more():
    # HR 0.6 (0.4-0.9) is far more precise than HR 1.2 (0.5-2.88): with Q small the fixed-effect
    # weights dominate, so the pooled HR lies between them and nearer 0.6.
    r = pool_log_hazard_ratios([0.6, 1.2], [0.4, 0.5], [0.9, 2.88])
    hr = r.back_transformed()["estimate"]
    assert 0.6 < hr < 0.9
    w = [s["weight_pct"] for s in r.study_rows()]
    assert w[0] > w[1] and sum(w) == pytest.approx(100)


def test_hr_with_swapped_bounds_names_the_study():
    with pytest.raises(PoolingError, match="Kim 2019: HR 0.7 with CI 0.9 to 0.5"):
        pool_log_hazard_ratios([0.7, 0.8], [0.9, 0.6], [0.5, 1.1], labels=["Kim 2019", "B"])


def test_invalid_inputs_are_rejected():
    with pytest.raises(PoolingError, match="unknown pooling method"):
        pool_generic([0.1, 0.2], [0.1, 0.1], method="PM")
    with pytest.raises(PoolingError, match="study 2: sampling variance is 0"):
        pool_generic([0.1, 0.2], [0.1, 0.0])
    with pytest.raises(PoolingError, match="study 1: effect size is nan"):
        pool_generic([float("nan"), 0.2], [0.1, 0.1])
    with pytest.raises(PoolingError, match="no studies"):
        pool_generic([], [])


def test_weighted_median_by_hand():
    # Sorted medians 10, 20, 30 with patients 50, 30, 20: cumulative 50 reaches half of 100
    # exactly at 10, so the midpoint of 10 and 20.
    assert weighted_median([30, 10, 20], [20, 50, 30]) == 15.0
    # 10 (n=10), 20 (n=60), 30 (n=30): half = 50 falls inside the 20 block.
    assert weighted_median([10, 20, 30], [10, 60, 30]) == 20.0
    # Equal weights give the ordinary median.
    assert weighted_median([4, 1, 3, 2], [1, 1, 1, 1]) == 2.5
    assert weighted_median([7], [12]) == 7.0


def test_describe_medians_is_labelled_descriptive():
    s = describe_medians([24.0, 36.0, 60.0], [100, 20, 30], labels=["A", "B", "C"])
    # cumulative 100 of 150 passes half (75) at 24 months
    assert s.weighted_median == 24.0
    assert (s.minimum, s.maximum, s.k, s.n_total) == (24.0, 60.0, 3, 150)
    assert "descriptive" in s.label and "not a pooled estimate" in s.label
    with pytest.raises(PoolingError, match="B: n is 0"):
        describe_medians([24.0, 36.0], [10, 0], labels=["A", "B"])


@pytest.mark.parametrize("k", [2, 3, 7, 40, 400])
def test_reml_steps_in_closed_form_match_the_projection_matrix(k):
    # metafor's Fisher-scoring step with P = W - ww'/Σw formed as a k x k matrix, as rma.uni
    # writes it; litreview takes its products in closed form (O(k), not O(k³)).
    from litreview.meta import REML_MAXITER, REML_THRESHOLD, _tau2_reml

    rng = np.random.default_rng(k)
    yi = rng.normal(-0.5, 0.6, k)
    vi = rng.uniform(0.01, 0.3, k)
    tau2 = max(0.0, (np.sum((yi - yi.mean()) ** 2) - (vi.sum() - vi.sum() / k)) / (k - 1))
    for _ in range(REML_MAXITER):
        w = 1.0 / (vi + tau2)
        p = np.diag(w) - np.outer(w, w) / w.sum()
        py = p @ yi
        adj = (py @ py - np.trace(p)) / np.trace(p @ p)
        while tau2 + adj < 0:
            adj /= 2.0
        tau2 += adj
        if abs(adj) <= REML_THRESHOLD:
            break
    assert _tau2_reml(yi, vi) == pytest.approx(tau2, rel=1e-9, abs=1e-12)


def test_rows_of_a_pooled_result_are_its_fields_as_asdict_gives_them():
    from dataclasses import asdict

    from litreview.meta import pool_proportions

    result = pool_proportions([3, 5, 0], [20, 30, 40], labels=["A", "B", "C"])
    assert result.study_rows() == [asdict(s) for s in result.studies]
    assert [row["label"] for row in result.study_rows()] == ["A", "B", "C"]
    row = result.as_row()
    assert "studies" not in row and row["k"] == 3
    assert {k: row[k] for k in ("estimate", "tau2", "method")} == {
        k: asdict(result)[k] for k in ("estimate", "tau2", "method")
    }
