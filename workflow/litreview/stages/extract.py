"""Extraction stage. Per source file: every record's candidate values with their evidence spans in
the source. Then, for the included studies only: the three tables of results/extract/, with
reviewer corrections applied. The reading itself is litreview.extract."""

from __future__ import annotations

import logging

import pandas as pd

from litreview import extract as engine
from litreview import screen
from litreview.logs import Progress, UserError
from litreview.regions import Regions
from litreview.stages.common import EVIDENCE_COLUMNS, evidence, value_id
from litreview.stages.screen import AUTO_COLUMNS, AUTO_EVIDENCE_COLUMNS, screen_view
from litreview.tables import frame, read_table, row_dicts, write_table

log = logging.getLogger("litreview.extract")

KEY = ["value_id", "study_id", "record_id", "source_sha256"]
STUDY_COLUMNS = KEY + ["field", "value", "unit", "count"]
OUTCOME_COLUMNS = KEY + [
    "arm",
    "modality",
    "modality_basis",
    "outcome",
    "event",  # the named event of an adverse-event or complication rate ("neutropenia")
    "timepoint",
    "value",
    "unit",
    "value_original",
    "unit_original",
    "ci_low",
    "ci_high",
    "p_value",
    "p_value_text",
    "n_arm",
    "n_arm_basis",
]
EFFECT_COLUMNS = KEY + [
    "measure",
    "value",
    "ci_low",
    "ci_high",
    "p_value",
    "p_value_text",
    "adjusted",
    "factor",
]
TAIL = EVIDENCE_COLUMNS + ["rule_id", "curation", "curated_by", "curation_reason"]
QA_COLUMNS = [
    "study_id",
    "record_id",
    "source_sha256",
    "table",
    "value_id",
    "check",
    "severity",
    "message",
]
TABLES = {"studies": STUDY_COLUMNS, "outcomes": OUTCOME_COLUMNS, "effects": EFFECT_COLUMNS}
ENGINE_LISTS = {"studies": "study", "outcomes": "outcomes", "effects": "effects"}
SORT = ["record_id", "char_start", "value_id"]
STATUS_COLUMNS = ["record_id", "source_sha256", "status"]


def columns_for(table: str) -> list[str]:
    return TABLES[table] + TAIL


def _identity(table: str, row: dict) -> tuple:
    """What makes a value itself, for its id: where it is and what it claims to be."""
    if table == "studies":
        return (row.get("field"), row.get("value"))
    if table == "outcomes":
        return (row.get("arm"), row.get("outcome"), row.get("timepoint"))
    return (row.get("measure"), row.get("factor"))


def extract_records(records: pd.DataFrame, regions: Regions, vocab) -> dict[str, list[dict]]:
    """Every value of the given records, each with its evidence span in the source."""
    rows: dict[str, list[dict]] = {name: [] for name in [*TABLES, "qa"]}
    progress = Progress(log, len(records), "records extracted")
    for record in row_dicts(records):
        view = regions.view(record)
        result = engine.extract_record(view.text, vocab)
        for table, attribute in ENGINE_LISTS.items():
            for item in getattr(result, attribute):
                row = {k: v for k, v in item.items() if k not in ("start", "end")}
                row.update(evidence(view, item.get("start"), item.get("end")))
                row["record_id"] = record["record_id"]
                row["source_sha256"] = record["source_sha256"]
                row["value_id"] = value_id(
                    record["record_id"],
                    table,
                    item.get("start"),
                    item.get("end"),
                    *_identity(table, item),
                )
                item["value_id"] = row["value_id"]
                rows[table].append(row)
        for check in engine.qa_checks(result):
            rows["qa"].append(
                {
                    **check,
                    "record_id": record["record_id"],
                    "source_sha256": record["source_sha256"],
                }
            )
        progress.advance()
    return rows


def extract_batch(
    records_csv: str, regions_path: str, criteria: str, vocabulary: str, out: dict
) -> None:
    """Screen every record of one batch of raw files by the rules (the screen stage takes these
    decisions for the deduplicated records) and extract the records screening may keep. Records
    the rules exclude are listed as skipped, not read: in a broad search that is most of them,
    and extraction costs ten times screening. A reviewer who includes one of them gets it
    extracted in the gather step."""
    records = read_table(records_csv)
    regions = Regions([regions_path])
    vocab = engine.load_vocabulary(vocabulary)
    rules = screen.load_criteria(criteria)
    status, decisions, spans, keep = [], [], [], []
    for record in row_dicts(records):
        view = regions.view(record)
        decision, found = screen_view(record, view, rules, vocab)
        decisions.append(decision)
        spans.extend(found)
        skipped = decision["decision"] == "exclude"
        keep.append(not skipped)
        status.append(
            {
                "record_id": record["record_id"],
                "source_sha256": record["source_sha256"],
                "status": "skipped_auto_excluded" if skipped else "extracted",
            }
        )
    rows = extract_records(records[keep] if len(records) else records, regions, vocab)
    for table in TABLES:
        write_table(frame(rows[table], columns_for(table)), out[table], columns_for(table))
    write_table(frame(rows["qa"], QA_COLUMNS), out["qa"], QA_COLUMNS)
    write_table(frame(status, STATUS_COLUMNS), out["status"], STATUS_COLUMNS)
    write_table(frame(decisions, AUTO_COLUMNS), out["screen"], AUTO_COLUMNS)
    write_table(frame(spans, AUTO_EVIDENCE_COLUMNS), out["screen_evidence"], AUTO_EVIDENCE_COLUMNS)


def inherit_study_context(outcomes: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """A value stated for the whole cohort (no arm named) of a study of one treatment belongs to
    that treatment, and its n is the study's. Filled in with the basis said, never silently:
    modality_basis / n_arm_basis are "text" where the sentence itself gave them."""
    outcomes = outcomes.copy()
    if outcomes.empty:
        for column in ("modality_basis", "n_arm_basis"):
            outcomes[column] = pd.Series(dtype=str)
        return outcomes
    kept = studies[studies.get("curation", "") != "rejected"] if len(studies) else studies
    modalities = (
        kept[kept["field"] == "modality"]
        .groupby("record_id")["value"]
        .agg(lambda v: sorted(set(v)))
    )
    patients = kept[kept["field"] == "n_patients"].groupby("record_id")["value"].first()
    outcomes["modality_basis"] = outcomes["modality"].ne("").map({True: "text", False: ""})
    outcomes["n_arm_basis"] = outcomes["n_arm"].ne("").map({True: "text", False: ""})
    whole_cohort = outcomes["arm"].eq("")
    single = outcomes["record_id"].map(lambda r: len(modalities.get(r, [])) == 1)
    fill = whole_cohort & single & outcomes["modality"].eq("")
    outcomes.loc[fill, "modality"] = outcomes.loc[fill, "record_id"].map(lambda r: modalities[r][0])
    outcomes.loc[fill, "modality_basis"] = "study"
    fill_n = (
        whole_cohort
        & single
        & outcomes["n_arm"].eq("")
        & outcomes["record_id"].isin(patients.index)
    )
    outcomes.loc[fill_n, "n_arm"] = outcomes.loc[fill_n, "record_id"].map(patients)
    outcomes.loc[fill_n, "n_arm_basis"] = "study_total"
    return outcomes


def gather(
    per_batch: dict[str, list[str]],
    decisions_csv: str,
    curation: str,
    records_csv: str,
    regions: list[str],
    vocabulary: str,
    out: dict,
) -> None:
    """The included studies' values, each with its study_id; reviewer corrections applied.
    ``regions``: the batches' regions files, read only for records a reviewer included against
    the rules (the batches did not extract them)."""
    decisions = read_table(decisions_csv)
    included = decisions[decisions["decision"] == "include"]
    study_of = dict(zip(included["record_id"], included["study_id"], strict=True))
    sha_of = dict(zip(decisions["record_id"], decisions["source_sha256"], strict=True))
    tables = {}
    for table in [*TABLES, "qa"]:
        parts = [read_table(p) for p in per_batch[table]]
        columns = QA_COLUMNS if table == "qa" else columns_for(table)
        df = pd.concat(parts, ignore_index=True) if parts else frame([], columns)
        tables[table] = df[df["record_id"].isin(study_of)].copy()
    status = pd.concat([read_table(p) for p in per_batch["status"]], ignore_index=True)
    skipped = set(status.loc[status["status"] == "skipped_auto_excluded", "record_id"])
    late = sorted(skipped & set(study_of))
    if late:
        # Included by a reviewer although the rules excluded them: extract them now.
        log.info("extracting %d records a reviewer included", len(late))
        records = read_table(records_csv)
        rows = extract_records(
            records[records["record_id"].isin(late)],
            Regions(regions, wanted=late),
            engine.load_vocabulary(vocabulary),
        )
        for table in [*TABLES, "qa"]:
            columns = QA_COLUMNS if table == "qa" else columns_for(table)
            tables[table] = pd.concat(
                [tables[table], frame(rows[table], columns)], ignore_index=True
            )
    for table in tables.values():
        table["study_id"] = table["record_id"].map(study_of)
    try:
        corrections = engine.load_curation(curation)
    except engine.ConfigError as exc:
        raise UserError(str(exc)) from exc
    if corrections:
        try:
            outcomes, effects, studies = engine.apply_curation(
                tables["outcomes"], tables["effects"], tables["studies"], corrections
            )
        except (engine.ConfigError, KeyError, ValueError) as exc:
            raise UserError(f"{curation}: {exc}") from exc
        tables.update(outcomes=outcomes, effects=effects, studies=studies)
        for table in TABLES:
            df = tables[table]
            # A value a reviewer added names its record; its study and source follow from it.
            added = df["study_id"].eq("") | df["study_id"].isna()
            df.loc[added, "study_id"] = df.loc[added, "record_id"].map(study_of)
            df.loc[added, "source_sha256"] = df.loc[added, "record_id"].map(sha_of)
    tables["outcomes"] = inherit_study_context(tables["outcomes"], tables["studies"])
    for table in TABLES:
        write_table(tables[table], out[table], columns_for(table), ["study_id", *SORT])
    write_table(tables["qa"], out["qa"], QA_COLUMNS, ["study_id", "record_id", "value_id", "check"])
    log.info(
        "%d included studies: %s",
        len(study_of),
        ", ".join(f"{len(tables[t])} {t} values" for t in TABLES),
    )
