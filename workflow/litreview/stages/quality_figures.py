"""Quality figures stage: the robvis-style traffic-light and summary figures of every scored
instrument, drawn from the quality stage's item table (litreview.quality_figures draws them).

A job of its own so that drawing (about 6 s at 6,600 studies, one figure taking most of it) runs
beside synthesis instead of between quality scoring and the synthesis tables."""

from __future__ import annotations

import logging
from pathlib import Path

from litreview import memo, quality_figures
from litreview.tables import read_table, row_dicts

log = logging.getLogger("litreview.quality_figures")


def draw_quality_figures(
    items_csv: str,
    out_dir: str,
    memo_path: str | None = None,
    max_studies: int | None = None,
    workers: int = 1,
) -> None:
    """``traffic_light_<id>`` and ``summary_<id>`` (SVG and PNG) under ``out_dir`` for every
    scored instrument in results/quality/items.csv; an empty folder when no study was scored.
    The figures read the table's text: quality_figures reads scores and item order as numbers,
    sorts studies by id, and a study's cell is its last row in the table (the quality stage
    writes its rows stably sorted, in the order it scored them), so the bytes are those of
    drawing from the scoring rows in memory. ``memo_path``: a litreview.memo store of the
    previous run's figures."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    # Only what the figures read: the evidence quotes are most of the table's 140,000 rows.
    items = read_table(items_csv, columns=list(quality_figures.FIGURE_FIELDS))
    if not len(items):
        log.info("no scored studies: no figures")
        return
    store = memo.DrawingStore(memo_path) if memo_path else None
    written = quality_figures.write_quality_figures(
        row_dicts(items), out_dir, max_studies=max_studies, workers=workers, store=store
    )
    log.info("%d figure files", len(written))
    if store is not None:
        log.info("figures: %s", store.summary())
