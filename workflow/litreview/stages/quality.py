"""Quality stage: instrument items scored per included study with their evidence, reviewer
assessments applied, and agreement. Scoring is litreview.quality; the robvis-style figures are
drawn from the item table by litreview.stages.quality_figures.

Scoring is regular-expression work, about 15 ms per abstract, and it needs each record's source
text. So each batch job scores the records extraction kept, with the characteristics extraction
found (score_batch), and the stage then takes those scores for the included studies
(score_quality). A record whose characteristics a reviewer corrected, or that a reviewer
included against the rules, is scored again there. Adding one file to a large review re-scores
one batch, not every study."""

from __future__ import annotations

import hashlib
import logging

import pandas as pd

from litreview import quality as engine
from litreview.forking import frozen_for_fork
from litreview.regions import Regions
from litreview.stages.common import evidence
from litreview.tables import frame, joined_hashes, read_table, row_dicts, write_table

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


# An item with its evidence in source offsets; a batch job adds which characteristics it scored
# with, the stage the reviewers' scores.
SCORED_COLUMNS = [c for c in engine.QUALITY_COLUMNS if c not in ("start", "end")]
SCORED_COLUMNS += ["char_start", "char_end"]
BATCH_COLUMNS = SCORED_COLUMNS + ["profile_key"]
ITEM_COLUMNS = SCORED_COLUMNS + engine.ASSESSED_COLUMNS
PROFILE_FIELDS = ("value_id", "field", "value", "unit", "count", "char_start", "char_end")


def profile_keys(studies: pd.DataFrame) -> dict[str, str]:
    """Per record, a digest of the extracted characteristics it is scored with (``studies`` as
    _in_text_order gives them): the batch job's scores stand for a record only while
    results/extract still holds exactly these (a reviewer's correction changes the key). Built
    for every record at once: per-record frames cost a minute at 6,600 studies."""
    if studies.empty:
        return {}
    cells = studies[list(PROFILE_FIELDS)].astype(str)
    lines = cells.iloc[:, 0].str.cat([cells[c] for c in PROFILE_FIELDS[1:]], sep="\x1f")
    joined = lines.groupby(studies["record_id"], sort=False).agg("\x1e".join)
    return {record_id: _digest(text) for record_id, text in joined.items()}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


NO_PROFILE_KEY = _digest("")  # a record with no extracted characteristics


def _profile(record: dict, view, study_rows: pd.DataFrame, study_id: str) -> dict:
    """The record's characteristics as engine.score_study takes them."""
    spans = {}
    for row in study_rows.itertuples():
        if row.char_start != "" and row.char_end != "":
            # Each value's evidence, recorded in source offsets, found again in the view the
            # scorer reads.
            span = view.view_span(int(row.char_start), int(row.char_end))
            if span is not None:
                spans[row.value_id] = span
    profile = study_profile(study_rows, spans)
    profile.update(
        study_id=study_id, record_id=record["record_id"], source_sha256=record["source_sha256"]
    )
    return profile


def score_records(
    records: list[dict],
    regions: Regions,
    rows_of: dict[str, pd.DataFrame],
    instruments,
    study_of: dict[str, str],
    workers: int = 1,
) -> list[list[dict]]:
    """Item rows (with source evidence) of each record, in order."""
    no_rows = pd.DataFrame(columns=list(PROFILE_FIELDS))
    views, profiles = [], []
    for record in records:
        view = regions.view(record)
        study_rows = rows_of.get(record["record_id"], no_rows)
        views.append(view)
        profiles.append(_profile(record, view, study_rows, study_of.get(record["record_id"], "")))
    out = []
    for view, items in zip(
        views, score_studies([v.text for v in views], profiles, instruments, workers), strict=True
    ):
        rows = []
        for item in items:
            row = {k: v for k, v in item.items() if k not in ("start", "end")}
            row.update(evidence(view, item.get("start"), item.get("end")))
            rows.append(row)
        out.append(rows)
    return out


def _in_text_order(studies: pd.DataFrame) -> pd.DataFrame:
    """The characteristics not rejected by a reviewer, each record's in text order (the first
    statement of a field wins in study_profile), whichever table they were read from."""
    studies = studies[studies["curation"] != "rejected"]
    position = pd.to_numeric(studies["char_start"], errors="coerce").fillna(float("inf"))
    return (
        studies.assign(_position=position)
        .sort_values(["record_id", "_position", "value_id"], kind="mergesort")
        .drop(columns="_position")
    )


def _rows_by_record(studies: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {record_id: group for record_id, group in studies.groupby("record_id", sort=False)}


def score_batch(
    records_csv: str,
    regions_path: str,
    studies_csv: str,
    status_csv: str,
    instrument_paths: list[str],
    out_items: str,
) -> None:
    """Items of every record a batch job extracted, scored with the batch's own characteristics;
    score_quality takes them for the included studies."""
    extracted = read_table(status_csv)
    extracted = set(extracted.loc[extracted["status"] == "extracted", "record_id"])
    records = read_table(records_csv)
    records = row_dicts(records[records["record_id"].isin(extracted)])
    studies = _in_text_order(read_table(studies_csv))
    keys = profile_keys(studies)
    instruments = engine.load_instruments(instrument_paths)
    regions = Regions([regions_path], wanted=extracted)
    rows = []
    scored = score_records(records, regions, _rows_by_record(studies), instruments, {})
    for record, items in zip(records, scored, strict=True):
        key = keys.get(record["record_id"], NO_PROFILE_KEY)
        rows.extend({**item, "profile_key": key} for item in items)
    write_table(frame(rows, BATCH_COLUMNS), out_items, BATCH_COLUMNS)
    log.info("scored %d records, %d item rows", len(records), len(rows))


def _typed(row: dict) -> dict:
    """An item row read back from a batch table, with the types engine.score_study gives."""
    row = dict(row)
    for key in ("score", "max_score"):
        row[key] = int(row[key]) if row[key] != "" else None
    row["item_order"] = int(row["item_order"])
    return row


def score_quality(
    records_csv: str,
    regions: list[str],
    decisions_csv: str,
    studies_csv: str,
    batch_items: list[str],
    instrument_paths: list[str],
    assessment_files: list[str],
    out: dict,
    workers: int = 1,
) -> None:
    """The included studies' items (the batch jobs' scores, or scored again here), reviewer
    assessments applied, their summary and the reviewers' agreement. The figures are drawn from
    these tables by litreview.stages.quality_figures, in a job of their own beside synthesis."""
    decisions = read_table(decisions_csv)
    included = decisions[decisions["decision"] == "include"]
    study_of = dict(zip(included["record_id"], included["study_id"], strict=True))
    studies = _in_text_order(read_table(studies_csv))
    keys = profile_keys(studies)
    instruments = engine.load_instruments(instrument_paths)
    scored_items = pd.concat([read_table(path) for path in batch_items], ignore_index=True)
    scored_items = scored_items[scored_items["record_id"].isin(study_of)]
    from_batches: dict[str, list[dict]] = {}
    for item in row_dicts(scored_items):
        from_batches.setdefault(item["record_id"], []).append(item)
    rescore = [
        record_id
        for record_id in included["record_id"]
        if record_id not in from_batches
        or from_batches[record_id][0]["profile_key"] != keys.get(record_id, NO_PROFILE_KEY)
    ]
    rescored: dict[str, list[dict]] = {}
    if rescore:
        log.info("scoring %d records again: corrected by a reviewer or included late", len(rescore))
        records = read_table(records_csv).set_index("record_id", drop=False)
        chosen = [records.loc[r].to_dict() for r in rescore]
        rows_of = _rows_by_record(studies[studies["record_id"].isin(rescore)])
        sources = Regions(regions, wanted=rescore)
        scored = score_records(chosen, sources, rows_of, instruments, study_of, workers)
        rescored = dict(zip(rescore, scored, strict=True))
    rows = []
    for record_id, study_id in zip(included["record_id"], included["study_id"], strict=True):
        if record_id in rescored:
            rows.extend(rescored[record_id])
            continue
        for item in from_batches[record_id]:
            item = _typed(item)
            del item["profile_key"]
            item["study_id"] = study_id
            rows.append(item)

    instrument_list = list(instruments)
    rows = engine.apply_assessments(rows, assessment_files, instrument_list)
    items = frame(rows, ITEM_COLUMNS)
    write_table(items, out["item_scores"], ITEM_COLUMNS, ["study_id", "instrument", "item_order"])
    summary = pd.DataFrame(engine.summarise(rows))
    write_table(summary, out["summary"], sort_by=["study_id"])
    agreement, disagreements = engine.agreement(assessment_files, instrument_list)
    sha_of_study = dict(zip(included["study_id"], included["source_sha256"], strict=False))
    agreement["source_sha256"] = joined_hashes(included["source_sha256"])
    disagreements["source_sha256"] = disagreements["study_id"].map(sha_of_study).fillna("")
    write_table(agreement, out["agreement"])
    write_table(disagreements, out["disagreements"])
    log.info("scored %d studies, %d item rows", included["study_id"].nunique(), len(items))
