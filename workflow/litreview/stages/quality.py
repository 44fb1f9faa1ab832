"""Quality stage: instrument items scored per included study with their evidence, reviewer
assessments applied, agreement, and the robvis-style figures. Scoring is litreview.quality."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import quality as engine
from litreview import quality_figures
from litreview.figures import frozen_for_fork
from litreview.stages.common import SourceTexts, evidence, record_view
from litreview.tables import frame, joined_hashes, read_table, write_table

log = logging.getLogger("litreview.quality")

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


# Below this many studies a second process costs more to start than it saves.
PARALLEL_MIN_STUDIES = 200


def score_studies(texts: list[str], profiles: list[dict], instruments, workers: int = 1):
    """engine.score_study for every study, split over ``workers`` processes for a large review
    (scoring is regular-expression work, about 15 ms per abstract)."""
    if workers <= 1 or len(texts) < PARALLEL_MIN_STUDIES:
        return [engine.score_study(t, p, instruments) for t, p in zip(texts, profiles, strict=True)]
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(texts) // workers)
    chunks = [(texts[i : i + size], profiles[i : i + size]) for i in range(0, len(texts), size)]
    frozen_for_fork()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_score_chunk, t, p, instruments) for t, p in chunks]
        return [items for future in futures for items in future.result()]


def _score_chunk(texts, profiles, instruments):
    return [engine.score_study(t, p, instruments) for t, p in zip(texts, profiles, strict=True)]


def score_quality(
    records_csv: str,
    files_csv: str,
    decisions_csv: str,
    studies_csv: str,
    instrument_paths: list[str],
    assessment_files: list[str],
    out: dict,
    root: str = ".",
    figure_max_studies: int | None = None,
    workers: int = 1,
) -> None:
    records = read_table(records_csv).set_index("record_id", drop=False)
    decisions = read_table(decisions_csv)
    included = decisions[decisions["decision"] == "include"]
    studies = read_table(studies_csv)
    studies = studies[studies["curation"] != "rejected"]
    instruments = engine.load_instruments(instrument_paths)
    texts = SourceTexts(files_csv, root)
    rows_of = {record_id: group for record_id, group in studies.groupby("record_id", sort=False)}
    no_rows = studies.iloc[0:0]
    views, profiles = [], []
    for decision in included.itertuples():
        record = records.loc[decision.record_id].to_dict()
        view = record_view(record, texts.text(record["source_sha256"]))
        # Each value's evidence, recorded in source offsets, is found again in the view the
        # scorer reads (the values come from results/extract, so corrections reach the scoring).
        study_rows = rows_of.get(decision.record_id, no_rows)
        spans = {}
        for row in study_rows.itertuples():
            if row.char_start != "" and row.char_end != "":
                span = view.view_span(int(row.char_start), int(row.char_end))
                if span is not None:
                    spans[row.value_id] = span
        profile = study_profile(study_rows, spans)
        profile.update(
            study_id=decision.study_id,
            record_id=decision.record_id,
            source_sha256=record["source_sha256"],
        )
        views.append(view)
        profiles.append(profile)
    rows = []
    scored = score_studies([v.text for v in views], profiles, instruments, workers)
    for view, items in zip(views, scored, strict=True):
        for item in items:
            row = {k: v for k, v in item.items() if k not in ("start", "end")}
            row.update(evidence(view, item.get("start"), item.get("end")))
            rows.append(row)
    instrument_list = list(instruments)
    rows = engine.apply_assessments(rows, assessment_files, instrument_list)
    columns = [c for c in engine.QUALITY_COLUMNS if c not in ("start", "end")]
    columns += ["char_start", "char_end"] + engine.ASSESSED_COLUMNS
    items = frame(rows, columns)
    write_table(items, out["item_scores"], columns, ["study_id", "instrument", "item_order"])
    summary = pd.DataFrame(engine.summarise(rows))
    write_table(summary, out["summary"], sort_by=["study_id"])
    agreement, disagreements = engine.agreement(assessment_files, instrument_list)
    sha_of_study = dict(zip(included["study_id"], included["source_sha256"], strict=False))
    agreement["source_sha256"] = joined_hashes(included["source_sha256"])
    disagreements["source_sha256"] = disagreements["study_id"].map(sha_of_study).fillna("")
    write_table(agreement, out["agreement"])
    write_table(disagreements, out["disagreements"])
    figures_dir = Path(out["figures"])
    figures_dir.mkdir(parents=True, exist_ok=True)
    if rows:
        labels = {r["study_id"]: r["study_id"] for r in rows}
        quality_figures.write_quality_figures(
            rows, figures_dir, labels=labels, max_studies=figure_max_studies, workers=workers
        )
    log.info("scored %d studies, %d item rows", included["study_id"].nunique(), len(items))
