"""Pooled estimates for the synthesis stage: random-effects meta-analysis of proportions and of
log hazard ratios, and a descriptive summary of study median survival times.

Conventions follow R's metafor (Viechtbauer 2010, J Stat Softw 36(3)), the reference reviewers
check against, so a reader can reproduce every pooled number with ``rma()``:

- Cochran's Q uses the inverse-variance (fixed-effect) weights; its p value is chi-square, k-1 df.
- τ² by DerSimonian-Laird (truncated at 0) or by REML (Fisher scoring, as ``rma.uni`` does).
- I² = τ² / (τ² + s²), s² the "typical" within-study variance (Higgins & Thompson 2002, eq. 9),
  which is metafor's definition for every τ² estimator (for DL it equals (Q - df) / Q).
- Hartung-Knapp (``test="knha"``): the variance of the pooled estimate is multiplied by
  Σ w (y - μ)² / (k - 1) (not truncated at 1, as metafor does not) and intervals use t(k - 1).
- Prediction interval: μ ± crit · sqrt(se² + τ²), crit the same quantile as the confidence
  interval: normal by default, t(k - 1) under Hartung-Knapp. That is metafor's ``predict.rma``
  (R/predict.rma.r: ``crit <- qt(...)`` when ``x$test`` is "knha", ``qnorm`` otherwise;
  ``pi.se <- sqrt(vpred + x$tau2)``), confirmed by its author on r-sig-meta-analysis, 2018-06-05.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

METHODS = ("DL", "REML")
# The scale the analysis runs on, and how each back-transforms to what a reader sees.
SCALES = {
    "identity": lambda x: x,
    "logit": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "log": math.exp,
}
# A 95% interval is ±1.959964 standard errors: the divisor that turns a reported CI into an SE.
Z_975 = stats.norm.ppf(0.975)

# REML Fisher scoring: metafor's defaults are threshold 1e-5 and maxiter 100; a tighter threshold
# costs nothing at these sizes and keeps the fourth decimal stable.
REML_THRESHOLD = 1e-10
REML_MAXITER = 1000

DESCRIPTIVE_LABEL = (
    "descriptive: patient-weighted median of study medians (not a pooled estimate; "
    "no confidence interval)"
)


class PoolingError(ValueError):
    """Input that cannot be pooled, with the study and value at fault and what to do."""


@dataclass(frozen=True)
class StudyEstimate:
    """One study as it enters the pooling, on the analysis scale (yi, vi) and as displayed."""

    label: str
    yi: float
    vi: float
    weight_pct: float  # share of the random-effects weight, in percent
    estimate: float  # back-transformed point estimate
    ci_low: float
    ci_high: float
    continuity_corrected: bool = False


@dataclass(frozen=True)
class PoolResult:
    """A pooled estimate on the analysis scale (``scale``), with heterogeneity statistics.

    Fields that do not exist for a single study (τ², I², Q, prediction interval) are NaN and
    ``single_study`` is True: one study is reported with its own estimate and CI, not pooled.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float  # percent
    q: float
    q_df: int
    q_p: float
    pred_low: float
    pred_high: float
    k: int
    method: str
    hk: bool
    level: float = 0.95
    scale: str = "identity"
    single_study: bool = False
    n_continuity_corrected: int = 0
    notes: tuple[str, ...] = ()
    studies: tuple[StudyEstimate, ...] = field(default=(), repr=False)

    def back_transformed(self) -> dict[str, float]:
        """Estimate and intervals on the reader's scale (proportion, hazard ratio, ...)."""
        f = SCALES[self.scale]
        return {
            key: _apply(f, getattr(self, key))
            for key in ("estimate", "ci_low", "ci_high", "pred_low", "pred_high")
        }

    def as_row(self) -> dict:
        """One flat table row: analysis-scale values, back-transformed values, flags."""
        # Field by field, not asdict(), which would first copy every study of the analysis.
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        del row["studies"], row["notes"]
        row.update({f"{k}_bt": v for k, v in self.back_transformed().items()})
        row["notes"] = "; ".join(self.notes)
        return row

    def study_rows(self) -> list[dict]:
        """Per-study rows (label, estimate, ci_low, ci_high, weight_pct) for a forest plot."""
        # Every field is a scalar: a shallow dict is what asdict() gives, at a tenth of the cost
        # (40,000 study rows in a 100,000-record review's forest plots).
        names = [f.name for f in fields(StudyEstimate)]
        return [{name: getattr(s, name) for name in names} for s in self.studies]


@dataclass(frozen=True)
class MedianSummary:
    """Median survival by modality across studies: descriptive only, never a pooled estimate."""

    weighted_median: float
    minimum: float
    maximum: float
    k: int
    n_total: int
    label: str = DESCRIPTIVE_LABEL


def _apply(f, value: float) -> float:
    return value if math.isnan(value) else float(f(value))


def _labels(labels: Sequence[str] | None, k: int) -> list[str]:
    if labels is None:
        return [f"study {i + 1}" for i in range(k)]
    labels = [str(x) for x in labels]
    if len(labels) != k:
        raise PoolingError(f"{len(labels)} labels given for {k} studies: pass one label per study")
    return labels


def _as_floats(values, name: str, labels: list[str]) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise PoolingError(f"{name} must be numbers: {exc}") from exc
    if arr.ndim != 1:
        raise PoolingError(f"{name} must be a flat list of numbers, one per study")
    for label, value in zip(labels, arr, strict=True):
        if not math.isfinite(value):
            raise PoolingError(
                f"{label}: {name} is {value}; every study in a pooled analysis needs a finite "
                f"{name} (leave the study out of this outcome instead)"
            )
    return arr


def _crit(level: float, df: int | None) -> float:
    """Two-sided quantile: normal when df is None, Student t(df) otherwise."""
    tail = (1.0 + level) / 2.0
    return float(stats.norm.ppf(tail) if df is None else stats.t.ppf(tail, df))


def _tau2_reml(yi: np.ndarray, vi: np.ndarray) -> float:
    """REML estimate of τ² by Fisher scoring, as metafor's rma.uni does.

    statsmodels' combine_effects offers DL and Paule-Mandel ("iterated") but no REML, which is
    metafor's default and what most published reviews report, so it is implemented here
    (intercept-only model, X = 1): start from the Hedges (HE) estimate truncated at 0, step
    τ² += (Y'PPY - tr P) / tr(PP) with P = W - W11'W / Σw, halve the step while it would make τ²
    negative.
    """
    k = yi.size
    # Hedges' moment estimator, metafor's default starting value.
    tau2 = max(0.0, (np.sum((yi - yi.mean()) ** 2) - (vi.sum() - vi.sum() / k)) / (k - 1))
    for _ in range(REML_MAXITER):
        # P = W - ww'/S (S = Σw) is never formed: with it the step cost k³ (seconds for a
        # review of thousands of studies). Its products have closed forms:
        # Py = w∘y - w(w'y)/S, tr P = Σw - Σw²/S, tr PP = Σw² - 2Σw³/S + (Σw²)²/S².
        w = 1.0 / (vi + tau2)
        total, squares = w.sum(), (w * w).sum()
        py = w * yi - w * ((w @ yi) / total)
        trace_p = total - squares / total
        trace_pp = squares - 2.0 * (w**3).sum() / total + squares**2 / total**2
        adj = (py @ py - trace_p) / trace_pp
        while tau2 + adj < 0:
            adj /= 2.0
        tau2 += adj
        if abs(adj) <= REML_THRESHOLD:
            return float(tau2)
    raise PoolingError(
        f"REML did not converge in {REML_MAXITER} Fisher-scoring steps (k={k}); "
        "use method 'DL' for this outcome"
    )


def pool_generic(
    yi,
    vi,
    method: str = "DL",
    hartung_knapp: bool = False,
    level: float = 0.95,
    labels: Sequence[str] | None = None,
    scale: str = "identity",
    continuity_flags: Sequence[bool] | None = None,
) -> PoolResult:
    """Random-effects pooling of effect sizes ``yi`` with sampling variances ``vi``.

    ``method`` is "DL" or "REML" (the τ² estimator); ``hartung_knapp`` switches to the
    Hartung-Knapp variance and t(k-1) intervals; ``level`` is the confidence level of the CI and
    the prediction interval. ``labels`` name the studies in errors and in ``studies``; ``scale``
    says how estimates back-transform (see SCALES). One study is returned as itself, flagged.
    """
    if method not in METHODS:
        raise PoolingError(f"unknown pooling method {method!r}: expected one of {METHODS}")
    if scale not in SCALES:
        raise PoolingError(f"unknown scale {scale!r}: expected one of {sorted(SCALES)}")
    if not 0.0 < level < 1.0:
        raise PoolingError(f"level must be between 0 and 1 (0.95 for 95%), got {level}")
    k = len(yi)
    if k == 0:
        raise PoolingError("no studies to pool: at least one study is needed")
    labels = _labels(labels, k)
    yi = _as_floats(yi, "effect size", labels)
    vi = _as_floats(vi, "sampling variance", labels)
    if yi.size != vi.size:
        raise PoolingError(f"{yi.size} effect sizes but {vi.size} variances: pass one of each")
    for label, v in zip(labels, vi, strict=True):
        if v <= 0:
            raise PoolingError(
                f"{label}: sampling variance is {v}; it must be positive (a zero variance means "
                "zero events or a degenerate CI: check the extracted values)"
            )
    flags = list(continuity_flags) if continuity_flags is not None else [False] * k
    n_cc = int(sum(flags))
    notes: list[str] = []
    if n_cc:
        notes.append(f"{n_cc} of {k} studies continuity-corrected (zero or all events)")

    if k == 1:
        se = math.sqrt(vi[0])
        crit = _crit(level, None)
        nan = math.nan
        notes.insert(0, "single study: its own estimate and CI, not pooled; no heterogeneity")
        result = PoolResult(
            estimate=float(yi[0]),
            se=se,
            ci_low=float(yi[0] - crit * se),
            ci_high=float(yi[0] + crit * se),
            tau2=nan,
            i2=nan,
            q=nan,
            q_df=0,
            q_p=nan,
            pred_low=nan,
            pred_high=nan,
            k=1,
            method=method,
            hk=False,
            level=level,
            scale=scale,
            single_study=True,
            n_continuity_corrected=n_cc,
            notes=tuple(notes),
        )
        return _with_studies(result, labels, yi, vi, np.array([1.0]), flags)

    # statsmodels gives Q, the fixed-effect summary and the raw DL moment estimate. It does not
    # truncate DL's τ² at 0 (metafor does: a variance cannot be negative) and has no REML, so the
    # random-effects step given τ² is done below, one code path for both estimators.
    # Its random-effects fields go NaN (sqrt of a negative variance) when the raw DL τ² is
    # negative; those fields are not used, so the warnings about them are silenced.
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        fe = combine_effects(yi, vi, method_re="dl")
    q = float(fe.q)
    df = k - 1
    tau2 = max(0.0, float(fe.tau2)) if method == "DL" else _tau2_reml(yi, vi)

    w = 1.0 / (vi + tau2)
    mu = float(np.sum(w * yi) / w.sum())
    var_mu = 1.0 / w.sum()
    if hartung_knapp:
        var_mu *= float(np.sum(w * (yi - mu) ** 2) / df)
        crit = _crit(level, df)
    else:
        crit = _crit(level, None)
    se = math.sqrt(var_mu)

    w_fe = 1.0 / vi
    s2 = df * w_fe.sum() / (w_fe.sum() ** 2 - np.sum(w_fe**2))
    i2 = 100.0 * tau2 / (tau2 + s2)
    pred_se = math.sqrt(var_mu + tau2)
    result = PoolResult(
        estimate=mu,
        se=se,
        ci_low=mu - crit * se,
        ci_high=mu + crit * se,
        tau2=tau2,
        i2=float(i2),
        q=q,
        q_df=df,
        q_p=float(stats.chi2.sf(q, df)),
        pred_low=mu - crit * pred_se,
        pred_high=mu + crit * pred_se,
        k=k,
        method=method,
        hk=hartung_knapp,
        level=level,
        scale=scale,
        n_continuity_corrected=n_cc,
        notes=tuple(notes),
    )
    return _with_studies(result, labels, yi, vi, w / w.sum(), flags)


def _with_studies(result: PoolResult, labels, yi, vi, rel_weights, flags) -> PoolResult:
    f = SCALES[result.scale]
    crit = _crit(result.level, None)
    studies = tuple(
        StudyEstimate(
            label=label,
            yi=float(y),
            vi=float(v),
            weight_pct=float(100.0 * rw),
            estimate=_apply(f, float(y)),
            ci_low=_apply(f, float(y - crit * math.sqrt(v))),
            ci_high=_apply(f, float(y + crit * math.sqrt(v))),
            continuity_corrected=bool(cc),
        )
        for label, y, v, rw, cc in zip(labels, yi, vi, rel_weights, flags, strict=True)
    )
    return replace(result, studies=studies)


def logit_proportions(events, totals, continuity: float = 0.5, labels=None):
    """Logit-transformed proportions and their variances, one per study (metafor's measure
    "PLO" with ``add=continuity, to="only0"``): a study with zero events or with every patient
    an event gets ``continuity`` added to events and to non-events, since log(0) is undefined;
    other studies are left as they are. Returns (yi, vi, corrected flags)."""
    k = len(events)
    labels = _labels(labels, k)
    x = _as_floats(events, "event count", labels)
    n = _as_floats(totals, "patient total", labels)
    if x.size != n.size:
        raise PoolingError(f"{x.size} event counts but {n.size} totals: pass one of each")
    for label, xi, ni in zip(labels, x, n, strict=True):
        if ni <= 0 or ni != int(ni):
            raise PoolingError(f"{label}: total is {ni}; expected a whole number of patients > 0")
        if xi < 0 or xi != int(xi) or xi > ni:
            raise PoolingError(
                f"{label}: {xi} events of {ni}; expected a whole number between 0 and the total "
                "(check the extracted count, or a percentage mistaken for a count)"
            )
    corrected = (x == 0) | (x == n)
    if corrected.any() and continuity <= 0:
        bad = ", ".join(lbl for lbl, c in zip(labels, corrected, strict=True) if c)
        raise PoolingError(
            f"zero or all events in {bad} with continuity={continuity}: the logit is undefined; "
            "use a positive continuity correction (0.5 is the usual one)"
        )
    add = np.where(corrected, continuity, 0.0)
    a = x + add
    b = n - x + add
    return np.log(a / b), 1.0 / a + 1.0 / b, corrected.tolist()


def pool_proportions(
    events,
    totals,
    method: str = "DL",
    hk: bool = False,
    continuity: float = 0.5,
    level: float = 0.95,
    labels: Sequence[str] | None = None,
) -> PoolResult:
    """Random-effects pooled proportion (e.g. 90-day mortality, major morbidity, response) on the
    logit scale; ``back_transformed()`` gives the proportion and its intervals.

    Zero-event and all-event studies are kept (dropping them would bias the pooled rate upward
    or downward) with the continuity correction described in ``logit_proportions``; the result
    counts them in ``n_continuity_corrected`` and says so in ``notes``.
    """
    labels = _labels(labels, len(events))
    yi, vi, flags = logit_proportions(events, totals, continuity, labels)
    return pool_generic(
        yi,
        vi,
        method=method,
        hartung_knapp=hk,
        level=level,
        labels=labels,
        scale="logit",
        continuity_flags=flags,
    )


def log_hr_from_ci(hr, ci_low, ci_high, level: float = 0.95, labels=None):
    """Log hazard ratios and their variances from reported HRs and CIs: SE = (ln hi - ln lo) /
    (2 z), z = 1.959964 for a 95% interval (Parmar et al. 1998; Cochrane Handbook 6.3.2)."""
    k = len(hr)
    labels = _labels(labels, k)
    h = _as_floats(hr, "hazard ratio", labels)
    lo = _as_floats(ci_low, "CI lower bound", labels)
    hi = _as_floats(ci_high, "CI upper bound", labels)
    if not h.size == lo.size == hi.size:
        raise PoolingError("hazard ratios, lower and upper bounds must have one value per study")
    for label, e, a, b in zip(labels, h, lo, hi, strict=True):
        if not (0 < a < b and a <= e <= b):
            raise PoolingError(
                f"{label}: HR {e} with CI {a} to {b}; expected 0 < lower <= HR <= upper and "
                "lower < upper (check the extraction: bounds swapped, or a log HR given as HR)"
            )
    z = _crit(level, None)
    se = (np.log(hi) - np.log(lo)) / (2.0 * z)
    return np.log(h), se**2


def pool_log_hazard_ratios(
    hr,
    ci_low,
    ci_high,
    level: float = 0.95,
    method: str = "DL",
    hk: bool = False,
    labels: Sequence[str] | None = None,
) -> PoolResult:
    """Inverse-variance random-effects pooling of hazard ratios for one comparison, on the log
    scale (``back_transformed()`` gives the HR). ``level`` is the level of the reported CIs and of
    the pooled interval. The caller pools only comparisons reported by at least two studies; a
    single study is still returned as itself, flagged ``single_study``."""
    labels = _labels(labels, len(hr))
    yi, vi = log_hr_from_ci(hr, ci_low, ci_high, level, labels)
    return pool_generic(
        yi, vi, method=method, hartung_knapp=hk, level=level, labels=labels, scale="log"
    )


def weighted_median(values, weights) -> float:
    """The value below and above which at most half the total weight lies; where the cumulative
    weight reaches exactly half, the midpoint of the two neighbours (so equal weights give the
    ordinary median). numpy's quantile weights only exist for the inverted-CDF method, which
    never averages, hence this small function."""
    order = np.argsort(values, kind="stable")
    v = np.asarray(values, dtype=float)[order]
    w = np.asarray(weights, dtype=float)[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half))
    if math.isclose(cum[i], half, rel_tol=1e-12) and i + 1 < v.size:
        return float((v[i] + v[i + 1]) / 2.0)
    return float(v[i])


def describe_medians(medians, n, labels: Sequence[str] | None = None) -> MedianSummary:
    """Median survival across studies of one modality, weighted by each study's patient count,
    with the range. Medians cannot be pooled without their variances, which studies rarely
    report, so this is labelled descriptive and carries no interval."""
    k = len(medians)
    if k == 0:
        raise PoolingError("no study medians to describe: at least one is needed")
    labels = _labels(labels, k)
    m = _as_floats(medians, "median", labels)
    w = _as_floats(n, "patient count", labels)
    if m.size != w.size:
        raise PoolingError(f"{m.size} medians but {w.size} patient counts: pass one of each")
    for label, mi, ni in zip(labels, m, w, strict=True):
        if mi < 0:
            raise PoolingError(f"{label}: median {mi} is negative; expected a duration >= 0")
        if ni <= 0 or ni != int(ni):
            raise PoolingError(f"{label}: n is {ni}; expected a whole number of patients > 0")
    return MedianSummary(
        weighted_median=weighted_median(m, w),
        minimum=float(m.min()),
        maximum=float(m.max()),
        k=k,
        n_total=int(w.sum()),
    )
