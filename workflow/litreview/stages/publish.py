"""Publish stage: what a review hands on beside its tables of findings. Two jobs of their own:
``publish`` writes the quality table and one workbook of every table, beside the report; and
``export_included`` writes the included studies as RIS and BibTeX for a reference manager, as
soon as screening and the canonical records are done.

Synthesis needs neither quality scoring nor the deduplicated records (160 MB at 100,000
records), so it no longer waits for them, and a re-run after one added file finishes that much
sooner (issue 9)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import export, figures, memo
from litreview.tables import read_table

log = logging.getLogger("litreview.publish")

# The workbook's sheets, in this order.
WORKBOOK_TABLES = [
    "characteristics",
    "outcomes_by_modality",
    "effects",
    "quality",
    "prisma",
    "pooled",
]


def write_ris(records: pd.DataFrame, path: str) -> Path:
    return export.write_text(export.records_to_ris(records), path)


def write_bibtex(records: pd.DataFrame, path: str) -> Path:
    return export.write_text(export.records_to_bibtex(records), path)


def included_records(canonical: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The deduplicated records screening included, by study_id. A fresh index: the rows'
    places in canonical shift whenever a record is added before them, and a store keys a call
    by its tables' index as well as their cells."""
    included_ids = set(decisions.loc[decisions["decision"] == "include", "record_id"])
    return (
        canonical[canonical["record_id"].isin(included_ids)]
        .sort_values("study_id")
        .reset_index(drop=True)
    )


def publish(inputs: dict, settings: dict, out: dict, workers: int = 1) -> None:
    """The quality table and the workbook. ``inputs``: the synthesis tables (``tables``, their
    CSV and Markdown files) and the quality summary."""
    export.write_published(
        read_table(inputs["quality_summary"]),
        out["quality_csv"],
        max_rows=settings.get("markdown_max_rows"),
    )
    found = {Path(p).stem: p for p in inputs["tables"] if str(p).endswith(".csv")}
    found["quality"] = out["quality_csv"]
    missing = [name for name in WORKBOOK_TABLES if name not in found]
    if missing:
        raise ValueError(f"publish: no {', '.join(missing)} table among its inputs")
    # What the CSV files hold, so the workbook shows the same cells.
    tables = {name: read_table(found[name]) for name in WORKBOOK_TABLES}
    calls = [(export.write_xlsx, (tables, out["workbook"]), {})]
    store = memo.DrawingStore(out["memo"]) if out.get("memo") else None
    figures.draw_all(calls, workers, store=store)
    if store is not None:
        log.info("workbook: %s", store.summary())
    log.info("workbook of %d tables", len(tables))


def export_included(inputs: dict, out: dict, workers: int = 1) -> None:
    """The included studies' canonical records as RIS and BibTeX. ``inputs``: the screening
    decisions and the canonical records."""
    included = included_records(read_table(inputs["canonical"]), read_table(inputs["decisions"]))
    calls = [
        (write_ris, (included, out["ris"]), {}),
        (write_bibtex, (included, out["bib"]), {}),
    ]
    store = memo.DrawingStore(out["memo"]) if out.get("memo") else None
    figures.draw_all(calls, workers, store=store)
    if store is not None:
        log.info("exports: %s", store.summary())
    log.info("%d included records exported", len(included))
