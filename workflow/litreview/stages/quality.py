"""Quality stage: instrument items scored per included study with their evidence, reviewer
assessments applied, agreement, and the robvis-style figures. Scoring is litreview.quality."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import extract as extract_engine
from litreview import quality as engine
from litreview import quality_figures
from litreview.stages.common import SourceTexts, evidence, record_view, value_id
from litreview.stages.extract import _identity
from litreview.tables import frame, read_table, write_table

log = logging.getLogger("litreview.quality")

ITEM_COLUMNS = [
    "study_id",
    "record_id",
    "source_sha256",
    "instrument",
    "item_id",
    "item",
    "score",
    "max_score",
    "not_reported",
    "applies",
    "char_start",
    "char_end",
    "quote",
    "rule_id",
    "manual",
    "reviewer",
    "note",
]
NUMERIC_FIELDS = {"accrual_start", "accrual_end", "n_patients", "n_procedures"}


def study_profile(rows: pd.DataFrame, spans: dict[str, tuple[int, int]]) -> dict:
    """The extracted characteristics quality scoring conditions on, with their spans in the view."""
    profile: dict = {"modalities": []}
    for row in rows.itertuples():
        span = spans.get(row.value_id)
        if row.field == "modality":
            if row.value not in profile["modalities"]:
                profile["modalities"].append(row.value)
            continue
        key = "median_follow_up_months" if row.field == "median_follow_up" else row.field
        if key in profile:
            continue  # the first statement in the text wins, as a reader would take it
        value = row.value
        if key in NUMERIC_FIELDS or key == "median_follow_up_months":
            try:
                value = float(value)
                value = int(value) if value.is_integer() and key in NUMERIC_FIELDS else value
            except ValueError:
                pass
        profile[key] = value
        if span:
            profile[f"{key}_span"] = span
    profile["n_arms"] = len(profile["modalities"])
    profile.setdefault("design", "other")
    return profile


def score_quality(
    records_csv: str,
    files_csv: str,
    decisions_csv: str,
    studies_csv: str,
    vocabulary: str,
    instrument_paths: list[str],
    assessment_files: list[str],
    out: dict,
    root: str = ".",
) -> None:
    records = read_table(records_csv).set_index("record_id", drop=False)
    decisions = read_table(decisions_csv)
    included = decisions[decisions["decision"] == "include"]
    studies = read_table(studies_csv)
    instruments = engine.load_instruments(instrument_paths)
    vocab = extract_engine.load_vocabulary(vocabulary)
    texts = SourceTexts(files_csv, root)
    rows = []
    for decision in included.itertuples():
        record = records.loc[decision.record_id].to_dict()
        view = record_view(record, texts.text(record["source_sha256"]))
        # Re-reading gives each extracted value's span in the view; the values themselves come
        # from results/extract (so reviewer corrections reach the scoring).
        spans = {}
        for item in extract_engine.extract_record(view.text, vocab).study:
            vid = value_id(
                record["record_id"],
                "studies",
                item.get("start"),
                item.get("end"),
                *_identity("studies", item),
            )
            spans[vid] = (item.get("start"), item.get("end"))
        profile = study_profile(studies[studies["record_id"] == decision.record_id], spans)
        for item in engine.score_study(view.text, profile, instruments):
            row = {k: v for k, v in item.items() if k not in ("start", "end")}
            row.update(evidence(view, item.get("start"), item.get("end")))
            row.update(
                study_id=decision.study_id,
                record_id=decision.record_id,
                source_sha256=record["source_sha256"],
            )
            rows.append(row)
    items = frame(rows, ITEM_COLUMNS + sorted({k for r in rows for k in r} - set(ITEM_COLUMNS)))
    items = engine.apply_assessments(items, [Path(p) for p in assessment_files])
    write_table(items, out["item_scores"], sort_by=["study_id", "instrument", "item_id"])
    write_table(engine.summarise(items), out["summary"], sort_by=["study_id"])
    agreement, disagreements = engine.agreement([Path(p) for p in assessment_files])
    write_table(agreement, out["agreement"])
    write_table(disagreements, out["disagreements"])
    stem = str(Path(out["traffic_light_svg"]).with_suffix(""))
    quality_figures.traffic_light(items, stem)
    quality_figures.summary_bars(items, str(Path(out["summary_bars_svg"]).with_suffix("")))
    log.info("scored %d studies, %d item rows", included["study_id"].nunique(), len(items))
