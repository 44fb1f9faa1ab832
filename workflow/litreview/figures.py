"""Figures for the synthesis stage: forest plots of pooled outcomes and the PRISMA 2020 flow
diagram, each written as SVG and PNG.

Every number drawn comes from the arguments (the pipeline's tables), never typed here. Output is
byte-identical across runs: matplotlib's Agg backend, a fixed ``svg.hashsalt`` (element ids are
otherwise random), no creation date in the SVG metadata, no software stamp in the PNG. Text is
kept as text in the SVG (``svg.fonttype: none``), so the diagram's counts are searchable and a
test can read them.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from numbers import Integral
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Polygon  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from litreview.forking import frozen_for_fork  # noqa: E402
from litreview.memo import output_paths  # noqa: E402

RC = {
    "svg.hashsalt": "litreview",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.unicode_minus": False,
}
SVG_METADATA = {"Date": None}
PNG_METADATA = {"Software": None}
PNG_DPI = 150

# PRISMA 2020 colours (the template's light blue stage bars, white boxes).
STAGE_COLOUR = "#c6dbef"
BOX_EDGE = "#333333"


class FigureInputError(ValueError):
    """Figure input that is missing or inconsistent, with what to fix."""


def _escape(text) -> str:
    """Source text drawn literally: matplotlib reads a pair of '$' as mathtext."""
    return str(text).replace("$", r"\$")


def _save(fig, path_stem) -> dict[str, Path]:
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg = stem.with_name(stem.name + ".svg")
    png = stem.with_name(stem.name + ".png")
    fig.savefig(svg, format="svg", metadata=SVG_METADATA)
    fig.savefig(png, format="png", dpi=PNG_DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return {"svg": svg, "png": png}


def draw_all(calls, workers: int = 1, store=None) -> list:
    """Run drawing calls ``(function, args, kwargs)``, in ``workers`` processes when more than
    one. Matplotlib draws one figure per process at a time and most of the time goes to laying
    out text, so figures are what a stage's extra cores are for; the files are the same bytes
    whichever process draws them (fixed hash salt, no dates). Any other independent writer of
    a stage's outputs (the synthesis workbook) may be one of the calls; list the longest first.

    With a ``store`` (litreview.memo.DrawingStore), a call the previous run made with the same
    arguments has its files written from the store instead, and each call's result is the list
    of files it wrote."""
    calls = list(calls)
    if store is None:
        return _run(calls, workers)
    results: list = [None] * len(calls)
    pending = []
    for position, (function, args, kwargs) in enumerate(calls):
        key = store.key(function, args, kwargs)
        results[position] = store.restore(key)
        if results[position] is None:
            pending.append((position, key))
    drawn = _run([calls[position] for position, _ in pending], workers)
    for (position, key), value in zip(pending, drawn, strict=True):
        results[position] = output_paths(value)
        store.keep(key, results[position])
    store.save()
    return results


def _run(calls, workers: int) -> list:
    if workers <= 1 or len(calls) <= 1:
        return [function(*args, **kwargs) for function, args, kwargs in calls]
    from concurrent.futures import ProcessPoolExecutor

    frozen_for_fork()
    with ProcessPoolExecutor(max_workers=min(workers, len(calls))) as pool:
        futures = [pool.submit(function, *args, **kwargs) for function, args, kwargs in calls]
        return [future.result() for future in futures]


# --------------------------------------------------------------------------- forest plot


def _fmt(value: float, digits: int) -> str:
    return "NA" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _rows(rows) -> list[dict]:
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    out = []
    for i, row in enumerate(rows, start=1):
        missing = [k for k in ("label", "estimate", "ci_low", "ci_high") if k not in row]
        if missing:
            raise FigureInputError(
                f"forest plot row {i} lacks {', '.join(missing)}: each row needs label, "
                "estimate, ci_low, ci_high (weight_pct optional), on the scale to display"
            )
        out.append(dict(row))
    return out


def _pooled_values(pooled) -> dict | None:
    if pooled is None:
        return None
    if hasattr(pooled, "back_transformed"):
        values = pooled.back_transformed()
        values["label"] = _pooled_label(pooled)
        values["single_study"] = getattr(pooled, "single_study", False)
        return values
    return dict(pooled)


def _pooled_label(pooled) -> str:
    if pooled.single_study:
        return "Single study (not pooled)"
    hk = ", Hartung-Knapp" if pooled.hk else ""
    return f"Random effects ({pooled.method}{hk})"


def _pooled_footer(pooled, digits: int) -> str:
    """Heterogeneity and prediction interval, under the axis, as a reader of a forest plot
    expects them (metafor and RevMan print the same line)."""
    if not hasattr(pooled, "back_transformed") or pooled.single_study:
        return ""
    bt = pooled.back_transformed()
    p = "p < 0.001" if pooled.q_p < 0.001 else f"p = {pooled.q_p:.3f}"
    return (
        f"Heterogeneity: I\u00b2 = {pooled.i2:.0f}%, \u03c4\u00b2 = {pooled.tau2:.3f}, "
        f"Q = {pooled.q:.2f} (df = {pooled.q_df}, {p}); k = {pooled.k}. "
        f"{round(pooled.level * 100)}% prediction interval "
        f"{_fmt(bt['pred_low'], digits)} to {_fmt(bt['pred_high'], digits)}"
    )


# Column positions, in figure fractions.
COL_LABEL, AXES_LEFT, AXES_WIDTH, COL_VALUE, COL_WEIGHT = 0.02, 0.34, 0.36, 0.72, 0.98


def forest_plot(
    rows,
    pooled,
    title: str,
    path_stem,
    *,
    xlabel: str = "",
    log_x: bool | None = None,
    null_value: float | None = None,
    digits: int = 2,
    max_rows: int | None = None,
    table: str = "",
) -> dict[str, Path]:
    """Draw a forest plot and write ``<path_stem>.svg`` and ``<path_stem>.png``.

    ``rows``: one mapping (or DataFrame row) per study with ``label``, ``estimate``, ``ci_low``,
    ``ci_high`` and optionally ``weight_pct``, on the display scale (proportion, HR): for a
    PoolResult, ``pooled.study_rows()``. ``pooled``: a PoolResult (drawn as a diamond, its
    prediction interval as a grey line, heterogeneity under the axis) or a mapping with
    estimate/ci_low/ci_high[/pred_low/pred_high/label], or None. ``log_x`` defaults to True for
    a log-scale result (hazard ratios); ``null_value`` draws the line of no effect (1 for
    ratios). With more than ``max_rows`` rows only the ``max_rows`` most precise are drawn (in
    their order) and the figure says so and names ``table``, where every row is listed; the pooled
    estimate is always over all rows. Returns the two paths.
    """
    rows = _rows(rows)
    total = len(rows)
    if max_rows is not None and total > max_rows:
        rows = most_precise(rows, max_rows, log_x=bool(log_x))
        shown = f"{max_rows} most precise of {total} rows shown" + (
            f"; all are in {table}" if table else ""
        )
        title = f"{title} ({shown})"
    pooled_v = _pooled_values(pooled)
    if not rows and pooled_v is None:
        raise FigureInputError(f"{path_stem}: nothing to plot (no study rows and no pooled value)")
    if log_x is None:
        log_x = getattr(pooled, "scale", "") == "log"
    footer = _pooled_footer(pooled, digits) if pooled is not None else ""
    # Rows, top to bottom: header, studies, a blank, the pooled estimate (y = 1).
    n = len(rows) + (2 if pooled_v else 0)
    row_h = 0.27
    bottom_in, top_in = 0.75 + (0.25 if footer else 0), 0.45
    height = bottom_in + top_in + row_h * (n + 1.4)
    level = getattr(pooled, "level", 0.95)
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(10.0, height))
        ax = fig.add_axes(
            (AXES_LEFT, bottom_in / height, AXES_WIDTH, 1 - (bottom_in + top_in) / height)
        )
        ax.set_ylim(0.3, n + 1.7)
        has_weight = any("weight_pct" in r for r in rows)
        header = n + 1
        _row_text(fig, ax, COL_LABEL, header, "Study", weight="bold")
        _row_text(fig, ax, COL_VALUE, header, f"Estimate [{round(level * 100)}% CI]", weight="bold")
        if has_weight:
            _row_text(fig, ax, COL_WEIGHT, header, "Weight", weight="bold", ha="right")
        for y, row in zip(range(n, n - len(rows), -1), rows, strict=True):
            est, lo, hi = (float(row[k]) for k in ("estimate", "ci_low", "ci_high"))
            ax.plot([lo, hi], [y, y], color="black", linewidth=1)
            weight = float(row.get("weight_pct", 16) or 0)
            # marker area grows with the study's weight, as in RevMan and metafor
            ax.plot([est], [y], marker="s", color="#1f4e79", markersize=min(4 + 0.25 * weight, 14))
            _row_text(fig, ax, COL_LABEL, y, _escape(row["label"]))
            _row_text(fig, ax, COL_VALUE, y, _interval(est, lo, hi, digits))
            if has_weight and "weight_pct" in row:
                _row_text(fig, ax, COL_WEIGHT, y, f"{weight:.1f}%", ha="right")
        if pooled_v:
            y = 1
            est, lo, hi = (float(pooled_v[k]) for k in ("estimate", "ci_low", "ci_high"))
            pl = float(pooled_v.get("pred_low", math.nan))
            ph = float(pooled_v.get("pred_high", math.nan))
            if not (math.isnan(pl) or math.isnan(ph)):
                ax.plot([pl, ph], [y, y], color="#7f7f7f", linewidth=1.2)
            ax.add_patch(
                Polygon(
                    [(lo, y), (est, y + 0.35), (hi, y), (est, y - 0.35)],
                    closed=True,
                    facecolor="#c00000",
                    edgecolor="#c00000",
                    zorder=3,
                )
            )
            label = pooled_v.get("label", "Pooled estimate")
            _row_text(fig, ax, COL_LABEL, y, _escape(label), weight="bold")
            _row_text(fig, ax, COL_VALUE, y, _interval(est, lo, hi, digits), weight="bold")
        if null_value is not None:
            ax.axvline(null_value, color="#7f7f7f", linewidth=0.8, linestyle="--")
        if log_x:
            ax.set_xscale("log")
            # Ratios read as plain numbers (0.5, 1, 2), not as powers of ten.
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(_escape(xlabel))
        fig.text(COL_LABEL, 1 - 0.28 / height, _escape(title), weight="bold", fontsize=11)
        if footer:
            fig.text(COL_LABEL, 0.12 / height, footer, fontsize=8)
        return _save(fig, path_stem)


def most_precise(rows: list[dict], keep: int, *, log_x: bool = False) -> list[dict]:
    """The ``keep`` rows with the largest weight (or, unweighted, the narrowest interval), in
    their original order. A figure of thousands of rows is unreadable and costs seconds per
    hundred rows to draw; the reader sees where the evidence weighs most."""

    def width(row: dict) -> float:
        lo, hi = float(row["ci_low"]), float(row["ci_high"])
        if log_x and lo > 0 and hi > 0:
            return math.log(hi) - math.log(lo)
        return hi - lo

    def rank(item: tuple[int, dict]) -> tuple:
        i, row = item
        if "weight_pct" in row:
            return (-float(row["weight_pct"] or 0), i)
        w = width(row)
        return (math.inf if math.isnan(w) else w, i)

    chosen = sorted(enumerate(rows), key=rank)[:keep]
    return [row for _, row in sorted(chosen, key=lambda item: item[0])]


def _interval(est: float, lo: float, hi: float, digits: int) -> str:
    return f"{_fmt(est, digits)} [{_fmt(lo, digits)}, {_fmt(hi, digits)}]"


def _row_text(fig, ax, x: float, y: float, text: str, **kwargs) -> None:
    """Text in a column outside the axes (x in figure fraction) on a study's row (y in the
    axes' data units), so labels and numbers line up with their interval."""
    transform = blended_transform_factory(fig.transFigure, ax.transData)
    fig.text(x, y, text, transform=transform, va="center", **kwargs)


# --------------------------------------------------------------------------- PRISMA 2020


PRISMA_KEYS = {
    "identified": "records identified, per source/database: {name: n}",
    "duplicates_removed": "duplicate records removed before screening",
    "removed_other": "other records removed before screening: {reason: n} (optional)",
    "screened": "records screened",
    "excluded": "records excluded at screening: {reason: n} or a total",
    "sought": "reports sought for retrieval (optional)",
    "not_retrieved": "reports not retrieved (optional)",
    "assessed": "reports assessed for eligibility (optional)",
    "excluded_full_text": "reports excluded at full text: {reason: n} (optional)",
    "included_studies": "studies included in the review",
    "included_reports": "reports of included studies (optional)",
}
REQUIRED_PRISMA_KEYS = ("identified", "duplicates_removed", "screened", "excluded")


def _count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral | float):
        raise FigureInputError(f"PRISMA count '{what}' is {value!r}; expected a whole number >= 0")
    if isinstance(value, float) and not value.is_integer():
        raise FigureInputError(f"PRISMA count '{what}' is {value}; expected a whole number >= 0")
    if value < 0:
        raise FigureInputError(f"PRISMA count '{what}' is {value}; expected a whole number >= 0")
    return int(value)


def _breakdown(value, what: str) -> dict[str, int]:
    if isinstance(value, Mapping):
        return {str(k): _count(v, f"{what}: {k}") for k, v in value.items()}
    return {"": _count(value, what)}


def check_prisma_counts(counts: Mapping) -> dict:
    """Validate and normalise the flow counts: known keys only, whole numbers, and every stage
    reconciling with the one before (what enters a box leaves it forward or to an exclusion box).
    Raises FigureInputError naming the stage whose arithmetic fails."""
    unknown = sorted(set(counts) - set(PRISMA_KEYS))
    if unknown:
        raise FigureInputError(
            f"unknown PRISMA count keys {unknown}; expected some of: "
            + "; ".join(f"{k} ({v})" for k, v in PRISMA_KEYS.items())
        )
    missing = [k for k in (*REQUIRED_PRISMA_KEYS, "included_studies") if k not in counts]
    if missing:
        raise FigureInputError(f"PRISMA counts lack {missing}: these boxes are always drawn")
    c: dict = {
        "identified": _breakdown(counts["identified"], "identified"),
        "duplicates_removed": _count(counts["duplicates_removed"], "duplicates_removed"),
        "removed_other": _breakdown(counts.get("removed_other", {}), "removed_other"),
        "screened": _count(counts["screened"], "screened"),
        "excluded": _breakdown(counts["excluded"], "excluded"),
        "excluded_full_text": _breakdown(counts.get("excluded_full_text", {}), "excluded"),
        "included_studies": _count(counts["included_studies"], "included_studies"),
    }
    if "" in c["identified"] or not c["identified"]:
        raise FigureInputError("PRISMA 'identified' must map each source/database to its count")
    for key in ("sought", "not_retrieved", "assessed", "included_reports"):
        c[key] = _count(counts[key], key) if key in counts else None
    if c["not_retrieved"] is not None and c["sought"] is None:
        raise FigureInputError("PRISMA 'not_retrieved' given without 'sought'")
    if c["excluded_full_text"] and c["assessed"] is None:
        raise FigureInputError("PRISMA 'excluded_full_text' given without 'assessed'")

    total_identified = sum(c["identified"].values())
    removed = c["duplicates_removed"] + sum(c["removed_other"].values())
    _reconcile(
        f"records identified ({total_identified}) - removed before screening ({removed})",
        total_identified - removed,
        "records screened",
        c["screened"],
    )
    # The stages after screening, those present, in flow order: each must equal the one
    # before minus what that one sent to its exclusion box.
    stages = [("records screened", c["screened"], sum(c["excluded"].values()), "excluded")]
    if c["sought"] is not None:
        stages.append(("reports sought", c["sought"], c["not_retrieved"] or 0, "not retrieved"))
    if c["assessed"] is not None:
        stages.append(
            ("reports assessed", c["assessed"], sum(c["excluded_full_text"].values()), "excluded")
        )
    final_name = (
        "reports of included studies" if c["included_reports"] is not None else ("studies included")
    )
    final = c["included_reports"] if c["included_reports"] is not None else c["included_studies"]
    stages.append((final_name, final, 0, ""))
    for (name, value, out, out_name), (next_name, next_value, _, _) in zip(
        stages, stages[1:], strict=False
    ):
        _reconcile(f"{name} ({value}) - {out_name} ({out})", value - out, next_name, next_value)
    if c["included_reports"] is not None and c["included_studies"] > c["included_reports"]:
        raise FigureInputError(
            f"PRISMA counts: {c['included_studies']} studies included but only "
            f"{c['included_reports']} reports of them; a study has at least one report"
        )
    return c


def _reconcile(lhs: str, expected: int, name: str, actual: int) -> None:
    if expected != actual:
        raise FigureInputError(
            f"PRISMA counts do not reconcile: {lhs} = {expected}, but {name} = {actual}. "
            "Every record must leave each stage forward or in an exclusion count: check the "
            "stage tables these counts were taken from"
        )


def _lines(header: str, items: Mapping[str, int] | None = None, width: int = 46) -> list[str]:
    out = textwrap.wrap(header, width) or [""]
    for name, n in (items or {}).items():
        # "(n = 40)" never splits across lines: NULs hold it together while wrapping.
        count = f"(n\0=\0{n})"
        wrapped = textwrap.wrap(f"{name} {count}" if name else count, width - 2)
        out.extend("  " + line.replace("\0", " ") for line in wrapped)
    return out


def prisma_boxes(c: Mapping) -> list[tuple[str, list[str], list[str] | None]]:
    """The diagram's rows, top to bottom: (stage, main box lines, side box lines or None)."""
    rows = []
    identified = dict(c["identified"])
    rows.append(
        (
            "Identification",
            _lines("Records identified from:", identified)
            + [f"Total (n = {sum(identified.values())})"],
            _lines(
                "Records removed before screening:",
                {"Duplicate records removed": c["duplicates_removed"], **c["removed_other"]},
            ),
        )
    )
    excluded = c["excluded"]
    total_excluded = sum(excluded.values())
    rows.append(
        (
            "Screening",
            [f"Records screened (n = {c['screened']})"],
            [f"Records excluded (n = {total_excluded})"]
            + (_lines("", excluded)[1:] if "" not in excluded else []),
        )
    )
    if c["sought"] is not None:
        rows.append(
            (
                "Screening",
                [f"Reports sought for retrieval (n = {c['sought']})"],
                [f"Reports not retrieved (n = {c['not_retrieved'] or 0})"],
            )
        )
    if c["assessed"] is not None:
        ft = c["excluded_full_text"]
        rows.append(
            (
                "Screening",
                [f"Reports assessed for eligibility (n = {c['assessed']})"],
                [f"Reports excluded (n = {sum(ft.values())})"] + _lines("", ft)[1:]
                if ft
                else ["Reports excluded (n = 0)"],
            )
        )
    included = [f"Studies included in review (n = {c['included_studies']})"]
    if c["included_reports"] is not None:
        included.append(f"Reports of included studies (n = {c['included_reports']})")
    rows.append(("Included", included, None))
    return rows


def prisma_flow(counts: Mapping, path_stem, title: str = "") -> dict[str, Path]:
    """Draw the PRISMA 2020 flow diagram (new reviews, databases and registers) from the
    pipeline's counts and write ``<path_stem>.svg`` and ``.png``.

    ``counts`` keys are listed in PRISMA_KEYS; at least records identified per source,
    duplicates removed, records screened, records excluded (with reasons: {reason: n}) and
    studies included. Optional stages (reports sought, assessed, excluded at full text) are drawn
    when given. The counts must reconcile (``check_prisma_counts``); nothing is typed here.
    """
    c = check_prisma_counts(counts)
    rows = prisma_boxes(c)
    line_h, pad, gap = 0.19, 0.12, 0.35
    main_x, main_w = 0.65, 3.6
    side_x, side_w = 4.85, 3.6
    heights = [max(len(main), len(side or [])) * line_h + 2 * pad for _, main, side in rows]
    total_h = sum(heights) + gap * (len(rows) - 1) + (0.5 if title else 0.2) + 0.2
    width = side_x + side_w + 0.15
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(width, total_h))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, total_h)
        ax.axis("off")
        top = total_h - (0.5 if title else 0.2)
        if title:
            ax.text(
                width / 2,
                total_h - 0.25,
                _escape(title),
                ha="center",
                va="center",
                weight="bold",
                fontsize=11,
            )
        boxes = []
        for (stage, main, side), h in zip(rows, heights, strict=True):
            y0 = top - h
            main_h = len(main) * line_h + 2 * pad
            main_y = y0 + (h - main_h) / 2
            _box(ax, main_x, main_y, main_w, main_h, main, line_h, pad)
            if side:
                side_h = len(side) * line_h + 2 * pad
                side_y = y0 + (h - side_h) / 2
                _box(ax, side_x, side_y, side_w, side_h, side, line_h, pad)
                _arrow(ax, (main_x + main_w, y0 + h / 2), (side_x, y0 + h / 2))
            boxes.append((stage, y0, h, main_y, main_h))
            top = y0 - gap
        for (_, _, _, y_prev, _), (_, _, _, y_next, h_next) in zip(boxes, boxes[1:], strict=False):
            _arrow(ax, (main_x + main_w / 2, y_prev), (main_x + main_w / 2, y_next + h_next))
        _stage_bars(ax, boxes)
        return _save(fig, path_stem)


def _box(ax, x, y, w, h, lines: Iterable[str], line_h: float, pad: float) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle="square,pad=0", facecolor="white", edgecolor=BOX_EDGE, lw=1
        )
    )
    for i, line in enumerate(lines):
        ax.text(
            x + 0.1,
            y + h - pad - (i + 0.5) * line_h,
            _escape(line),
            ha="left",
            va="center",
        )


def _arrow(ax, start, end) -> None:
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "-|>", "color": BOX_EDGE, "lw": 1, "shrinkA": 0, "shrinkB": 0},
    )


def _stage_bars(ax, boxes) -> None:
    """The template's rotated stage labels, one bar spanning each stage's rows."""
    spans: dict[str, list[float]] = {}
    for stage, y0, h, _, _ in boxes:
        low, high = spans.get(stage, [y0, y0 + h])
        spans[stage] = [min(low, y0), max(high, y0 + h)]
    for stage, (low, high) in spans.items():
        ax.add_patch(
            FancyBboxPatch(
                (0.1, low),
                0.35,
                high - low,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=STAGE_COLOUR,
                edgecolor=STAGE_COLOUR,
            )
        )
        ax.text(
            0.275, (low + high) / 2, stage, rotation=90, ha="center", va="center", weight="bold"
        )
