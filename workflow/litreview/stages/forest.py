"""Forest plots stage: one forest plot per pooled analysis and per outcome's study arms, with
results/figures/forest/index.csv naming each figure's analysis and sources. Drawing is
litreview.figures; what is pooled is litreview.stages.synthesize's.

A job of its own, reading only the extraction tables, the screening decisions and the synthesis
settings, so it is drawn beside quality scoring and the synthesis tables rather than between
them. It pools again with litreview.meta rather than reading the pooled table: pooling is
deterministic (the same rows and settings give the same PoolResult, so each diamond is its row of
results/tables/pooled.csv), takes well under a second, and a rule of its own that both read would
put one more job start on the chain to quality and synthesis."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import figures, memo
from litreview.stages.synthesize import (
    kept,
    pooled_hazard_ratios,
    pooled_proportions,
    study_forests,
)
from litreview.tables import frame, joined_hashes, read_table, write_table

log = logging.getLogger("litreview.forest")

INDEX_COLUMNS = ["figure", "analysis", "source_sha256"]


def forest_calls(
    decisions: pd.DataFrame,
    outcomes: pd.DataFrame,
    effects: pd.DataFrame,
    settings: dict,
    forest_dir: Path,
) -> tuple[list, list[dict]]:
    """The drawing calls (litreview.figures.draw_all) of every forest plot, pooled analyses
    first, and the index rows naming each figure's analysis and its sources' hashes."""
    _, proportion_plots = pooled_proportions(outcomes, settings)
    _, hr_plots = pooled_hazard_ratios(effects, settings)
    sha_of_study = dict(zip(decisions["study_id"], decisions["source_sha256"], strict=False))
    calls, plotted = [], []
    for name, result in proportion_plots + hr_plots:
        hazard = name.startswith("hr_")
        kwargs = dict(
            xlabel="hazard ratio" if hazard else "proportion",
            log_x=hazard,
            null_value=1 if hazard else None,
            max_rows=settings.get("forest_max_rows"),
            table=f"results/tables/{'effects' if hazard else 'outcomes_by_modality'}.csv",
        )
        stem = str(forest_dir / f"forest_{name}")
        calls.append(
            (
                figures.forest_plot,
                (result.study_rows(), result, name.replace("_", " "), stem),
                kwargs,
            )
        )
        hashes = joined_hashes(sha_of_study.get(row["label"], "") for row in result.study_rows())
        plotted.append({"figure": f"forest_{name}", "analysis": name, "source_sha256": hashes})
    for name, rows, facts in study_forests(outcomes, settings):
        title = f"{name[len('studies_') :].replace('_', ' ')} by study arm (not pooled)"
        kwargs = dict(
            xlabel="proportion",
            max_rows=settings.get("forest_max_rows"),
            table="results/tables/outcomes_by_modality.csv",
        )
        stem = str(forest_dir / f"forest_{name}")
        calls.append((figures.forest_plot, (rows, None, title, stem), kwargs))
        plotted.append(
            {"figure": f"forest_{name}", "analysis": name, "source_sha256": facts["hashes"]}
        )
    return calls, plotted


def draw_forests(inputs: dict, settings: dict, out: dict, workers: int = 1) -> None:
    """Every forest plot (SVG and PNG) and index.csv under ``out["forest"]``; with
    ``out["memo"]``, a plot whose arguments did not change is written from that
    litreview.memo store instead of drawn."""
    decisions = read_table(inputs["decisions"])
    # Values a reviewer rejected are not drawn, as they are not published.
    outcomes, effects = (kept(read_table(inputs[name])) for name in ("outcomes", "effects"))
    forest_dir = Path(out["forest"])
    forest_dir.mkdir(parents=True, exist_ok=True)
    calls, plotted = forest_calls(decisions, outcomes, effects, settings, forest_dir)
    store = memo.DrawingStore(out["memo"]) if out.get("memo") else None
    figures.draw_all(calls, workers, store=store)
    if store is not None:
        log.info("forest plots: %s", store.summary())
    write_table(frame(plotted, INDEX_COLUMNS), forest_dir / "index.csv", sort_by=["figure"])
    log.info("%d forest plots", len(plotted))
