"""Risk-of-bias figures as reviewers know them from robvis: a traffic-light grid (studies x items,
one coloured dot per judgement) and a summary bar chart (per item, the share of studies in each
judgement), one pair per scored instrument, written as SVG and PNG.

Judgements are drawn from the quality rows (litreview.quality.score_study, optionally with
reviewer overrides applied); nothing is typed here. Output is byte-identical across runs: Agg
backend, fixed ``svg.hashsalt``, no date in the SVG, no software stamp in the PNG, text kept as
text in the SVG so the labels are searchable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from litreview.figures import PNG_DPI, PNG_METADATA, SVG_METADATA, draw_all  # noqa: E402
from litreview.figures import RC as FIGURE_RC  # noqa: E402
from litreview.memo import output_paths  # noqa: E402

# The same deterministic settings as every litreview figure, with the quality figures' own salt.
RC = {**FIGURE_RC, "svg.hashsalt": "litreview-quality"}

# Judgement categories, best first, with robvis's colours and symbols (the "not applicable" grey
# is ours: robvis leaves such cells out, we keep them visible so the grid stays rectangular).
CATEGORIES = ("adequate", "partial", "inadequate", "not reported", "not applicable")
COLOURS = {
    "adequate": "#02C100",
    "partial": "#E2DF07",
    "inadequate": "#BF0000",
    "not reported": "#4EA1F7",
    "not applicable": "#D9D9D9",
}
SYMBOLS = {
    "adequate": "+",
    "partial": "-",
    "inadequate": "x",
    "not reported": "?",
    "not applicable": "",
}
LEGEND = {
    "adequate": "Reported, adequate (maximum score)",
    "partial": "Reported, partly adequate",
    "inadequate": "Reported, inadequate (score 0)",
    "not reported": "Not reported",
    "not applicable": "Not applicable",
}
REVIEWER_SOURCES = ("reviewer", "consensus")


class QualityFigureError(ValueError):
    """Rows that cannot be drawn, with what to fix."""


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def score_category(row: Mapping) -> str:
    """The judgement a row stands for: not applicable, not reported, or reported with the
    maximum score (adequate), a score of 0 (inadequate) or in between (partial)."""
    if str(row.get("applies", "")).lower() != "yes":
        return "not applicable"
    score = _number(row.get("score"))
    maximum = _number(row.get("max_score"))
    if score is None or (str(row.get("not_reported", "")).lower() == "yes" and not score):
        return "not reported"
    if maximum is not None and score >= maximum:
        return "adequate"
    if score <= 0:
        return "inadequate"
    return "partial"


def _instrument_rows(rows: Iterable[Mapping], instrument: str) -> list[Mapping]:
    selected = [r for r in rows if r.get("instrument") == instrument]
    if not selected:
        raise QualityFigureError(
            f"no quality rows for instrument {instrument!r}; check the instrument id against "
            "results/quality (the instrument column)."
        )
    if any(r.get("kind") == "level" for r in selected):
        raise QualityFigureError(
            f"{instrument!r} is a level-of-evidence instrument: it has one level per study, "
            "not item judgements to draw as a traffic light."
        )
    return selected


def _items(rows: Sequence[Mapping]) -> list[tuple[str, str]]:
    """(item_id, item text) in the instrument's order."""
    order = {}
    for row in rows:
        order.setdefault(row["item_id"], (_number(row.get("item_order")) or 0, row.get("item", "")))
    return [(i, text) for i, (_, text) in sorted(order.items(), key=lambda kv: (kv[1][0], kv[0]))]


def _studies(rows: Sequence[Mapping]) -> list[str]:
    return sorted({str(r["study_id"]) for r in rows})


def _cell_index(rows: Sequence[Mapping]) -> dict[tuple[str, str], Mapping]:
    return {(str(r["study_id"]), r["item_id"]): r for r in rows}


def _total_label(cells: Iterable[Mapping]) -> str:
    applicable = [c for c in cells if score_category(c) != "not applicable"]
    if not applicable:
        return "n/a"
    total = sum(_number(c.get("score")) or 0 for c in applicable)
    maximum = sum(_number(c.get("max_score")) or 0 for c in applicable)
    return f"{total:g}/{maximum:g}"


def traffic_light_figure(
    rows: Iterable[Mapping],
    instrument: str,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    max_studies: int | None = None,
):
    """Studies (rows, sorted by study_id) x items (columns, instrument order), one dot per
    judgement; a ring marks a reviewer's or the consensus score; the last column is the total
    over the applicable items. ``labels`` maps study_id to a display label (e.g. author, year).
    With more than ``max_studies`` studies the grid shows the first ``max_studies`` and its title
    says so: thousands of rows are unreadable and take minutes to draw (every study's row stays
    in the quality tables). The title does not give the total (the summary figure does), so the
    figure depends only on the first studies' rows (see shown_rows)."""
    selected = _instrument_rows(rows, instrument)
    items = _items(selected)
    studies = _studies(selected)
    title = title or instrument
    if max_studies is not None and len(studies) > max_studies:
        shown = f"first {max_studies} studies by study id; all in the quality tables"
        title = f"{title} ({shown})"
        studies = studies[:max_studies]
    cells = _cell_index(selected)
    labels = labels or {}
    n_items, n_studies = len(items), len(studies)
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(2.6 + 0.42 * (n_items + 1.6), 1.9 + 0.34 * n_studies))
        for category in CATEGORIES:
            points = [
                (x, y)
                for y, study in enumerate(studies)
                for x, (item_id, _) in enumerate(items)
                if (study, item_id) in cells and score_category(cells[study, item_id]) == category
            ]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            ax.scatter(xs, ys, s=190, color=COLOURS[category], label=category, zorder=2)
            for x, y in points:
                ax.text(x, y, SYMBOLS[category], ha="center", va="center", zorder=3, weight="bold")
        overridden = [
            (x, y)
            for y, study in enumerate(studies)
            for x, (item_id, _) in enumerate(items)
            if cells.get((study, item_id), {}).get("score_source") in REVIEWER_SOURCES
        ]
        if overridden:
            xs, ys = zip(*overridden, strict=True)
            ax.scatter(xs, ys, s=300, facecolors="none", edgecolors="black", linewidths=1.4)
        for y, study in enumerate(studies):
            row_cells = [cells[study, i] for i, _ in items if (study, i) in cells]
            ax.text(n_items + 0.3, y, _total_label(row_cells), ha="left", va="center")
        ax.set_xticks(range(n_items), [item_id for item_id, _ in items])
        ax.xaxis.tick_top()
        ax.set_yticks(range(n_studies), [labels.get(s, s) for s in studies])
        ax.set_xlim(-0.6, n_items + 1.3)
        ax.set_ylim(n_studies - 0.5, -0.5)
        ax.text(n_items + 0.3, -0.5, "Total", ha="left", va="bottom", transform=ax.transData)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_axisbelow(True)
        ax.grid(color="#eeeeee", linewidth=0.6)
        handles = [
            Line2D(
                [], [], marker="o", linestyle="", markersize=9, color=COLOURS[c], label=LEGEND[c]
            )
            for c in CATEGORIES
        ]
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="black",
                label="Reviewer or consensus score",
            )
        )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.02),
            ncol=2,
            frameon=False,
            fontsize=8,
        )
        ax.set_title(title, pad=22, loc="left")
        fig.tight_layout()
    return fig


def summary_figure(rows: Iterable[Mapping], instrument: str, title: str | None = None):
    """Per item (instrument order, top to bottom), the percentage of studies in each judgement,
    as stacked horizontal bars."""
    selected = _instrument_rows(rows, instrument)
    items = _items(selected)
    studies = _studies(selected)
    cells = _cell_index(selected)
    n = len(studies)
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(8.0, 1.4 + 0.34 * len(items)))
        left = [0.0] * len(items)
        for category in CATEGORIES:
            shares = []
            for item_id, _ in items:
                count = sum(
                    1
                    for s in studies
                    if (s, item_id) in cells and score_category(cells[s, item_id]) == category
                )
                shares.append(100.0 * count / n if n else 0.0)
            ax.barh(
                range(len(items)),
                shares,
                left=left,
                color=COLOURS[category],
                edgecolor="white",
                linewidth=0.5,
                label=LEGEND[category],
                height=0.7,
            )
            left = [a + b for a, b in zip(left, shares, strict=True)]
        ax.set_yticks(range(len(items)), [f"{i} {_shorten(text)}" for i, text in items], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"Studies (%), n = {n}")
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False, fontsize=8
        )
        ax.set_title(title or instrument, loc="left")
        fig.tight_layout()
    return fig


def _shorten(text: str, width: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def save_figure(fig, path_stem: str | Path) -> dict[str, Path]:
    """Write ``<stem>.svg`` and ``<stem>.png`` with deterministic bytes and close the figure."""
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = {"svg": stem.with_name(stem.name + ".svg"), "png": stem.with_name(stem.name + ".png")}
    with plt.rc_context(RC):
        fig.savefig(paths["svg"], format="svg", metadata=SVG_METADATA, bbox_inches="tight")
        fig.savefig(
            paths["png"], format="png", dpi=PNG_DPI, metadata=PNG_METADATA, bbox_inches="tight"
        )
    plt.close(fig)
    return paths


# What the traffic-light and summary figures read of an item row.
FIGURE_FIELDS = (
    "study_id",
    "instrument",
    "kind",
    "item_order",
    "item_id",
    "item",
    "applies",
    "score",
    "max_score",
    "not_reported",
    "score_source",
)


def write_quality_figures(
    rows: Iterable[Mapping],
    out_dir: str | Path,
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    max_studies: int | None = None,
    workers: int = 1,
    store=None,
) -> list[Path]:
    """For every scored instrument in ``rows``: ``traffic_light_<id>`` and ``summary_<id>`` as
    SVG and PNG under ``out_dir``. ``names`` maps instrument id to the title shown; the traffic
    lights show at most ``max_studies`` studies, the summaries all; ``workers`` processes draw
    them; a ``store`` (litreview.memo.DrawingStore) keeps the figures between runs. Returns the
    written paths, sorted."""
    rows = list(rows)
    instruments = sorted({r["instrument"] for r in rows if r.get("kind", "score") != "level"})
    if not instruments:
        raise QualityFigureError(
            "no scored quality rows to draw: run the quality stage on at least one study first."
        )
    names = names or {}
    calls = []
    for instrument in instruments:
        # Only the fields the figures read: a store keys each call by its arguments, and the
        # evidence quotes would make that hashing the longest part of a re-run.
        own = [
            {k: r[k] for k in FIGURE_FIELDS if k in r}
            for r in rows
            if r["instrument"] == instrument
        ]
        title = names.get(instrument, instrument)
        # Two calls per instrument, so a store (litreview.memo) keeps each figure on its own.
        shown, shown_labels = shown_rows(own, labels, max_studies)
        calls.append(
            (
                _draw_traffic_light,
                (shown, instrument, Path(out_dir)),
                dict(labels=shown_labels, title=title, max_studies=max_studies),
            )
        )
        calls.append((_draw_summary, (own, instrument, Path(out_dir)), dict(title=title)))
    return sorted(
        Path(path)
        for paths in draw_all(calls, workers, store=store)
        for path in output_paths(paths)
    )


def shown_rows(
    rows: list[Mapping], labels: Mapping[str, str] | None, max_studies: int | None
) -> tuple[list[Mapping], dict[str, str] | None]:
    """The rows and labels a traffic light of at most ``max_studies`` studies reads: those of the
    first ``max_studies`` + 1 studies by study id (one more, for it to say that there are more).
    A store keys the call by these alone, so a study added after them, or a score changed
    there, leaves the figure as it was instead of redrawing it (3 s at 6,600 studies)."""
    if max_studies is None:
        return rows, labels
    kept = set(_studies(rows)[: max_studies + 1])
    shown = [r for r in rows if str(r["study_id"]) in kept]
    return shown, None if labels is None else {s: v for s, v in labels.items() if s in kept}


def _draw_traffic_light(rows, instrument, out_dir: Path, *, labels, title, max_studies):
    fig = traffic_light_figure(
        rows, instrument, labels=labels, title=title, max_studies=max_studies
    )
    return list(save_figure(fig, out_dir / f"traffic_light_{instrument}").values())


def _draw_summary(rows, instrument, out_dir: Path, *, title):
    fig = summary_figure(rows, instrument, title=title)
    return list(save_figure(fig, out_dir / f"summary_{instrument}").values())
