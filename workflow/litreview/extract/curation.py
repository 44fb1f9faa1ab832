"""Reviewer corrections to extracted values (config/extraction_curation.yaml), applied on
every run so a correction survives re-extraction.

Each entry adds a value, corrects fields of a value, or rejects a value, by the ``value_id``
the workflow gives every row; the row is marked with the action, reviewer and reason. Rejected
rows stay in the table, marked ``curation = rejected``, so nothing disappears silently;
synthesis drops them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from litreview.extract.vocab import ConfigError, load_yaml_validated

TABLES = ("outcomes", "effects", "study")
CURATION_COLUMNS = ["curation", "curated_by", "curation_reason"]


def load_curation(path: str | Path) -> list[dict]:
    data = load_yaml_validated(path, "curation.schema.yaml") or {}
    entries = list(data.get("corrections") or [])
    for i, entry in enumerate(entries):
        entry.setdefault("_where", f"{path}: corrections[{i}]")
    return entries


def apply_curation(
    outcomes: pd.DataFrame, effects: pd.DataFrame, study: pd.DataFrame, curation: list[dict]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return copies of the three tables with every correction applied and marked."""
    # Object columns: stage tables are read as text, and a correction may give a number.
    tables = {
        "outcomes": outcomes.astype(object),
        "effects": effects.astype(object),
        "study": study.astype(object),
    }
    for frame in tables.values():
        if "value_id" not in frame.columns:
            frame["value_id"] = pd.Series(dtype="object")
        for column in CURATION_COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
            frame[column] = frame[column].astype("object").fillna("")
    for i, entry in enumerate(curation):
        where = entry.get("_where", f"curation entry {i}")
        action = entry.get("action")
        reviewer, reason = entry.get("reviewer", ""), entry.get("reason", "")
        if not reviewer or not reason:
            raise ConfigError(f"{where}: every correction needs a reviewer and a reason")
        if action == "add":
            table = entry.get("table")
            if table not in TABLES:
                raise ConfigError(f"{where}: add needs table: one of {list(TABLES)}, got {table!r}")
            row = dict(entry.get("values") or {})
            row.setdefault("value_id", entry.get("value_id") or f"curated-{table}-{i:04d}")
            row.update(curation="added", curated_by=reviewer, curation_reason=reason)
            frame = tables[table]
            tables[table] = pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
            continue
        value_id = entry.get("value_id")
        located = [(name, f) for name, f in tables.items() if (f["value_id"] == value_id).any()]
        if not located:
            raise ConfigError(
                f"{where}: value_id {value_id!r} is not in the outcomes, effects or study tables; "
                "check the id in results/extract/ (ids change only if the source text changes)"
            )
        name, frame = located[0]
        mask = frame["value_id"] == value_id
        if action == "reject":
            frame.loc[mask, "curation"] = "rejected"
        elif action == "correct":
            changes = entry.get("values") or {}
            unknown = [c for c in changes if c not in frame.columns]
            if unknown:
                raise ConfigError(
                    f"{where}: cannot correct {unknown}: the {name} table has no such column"
                )
            for column, new in changes.items():
                if frame[column].dtype != object and isinstance(new, str):
                    frame[column] = frame[column].astype("object")
                frame.loc[mask, column] = new
            frame.loc[mask, "curation"] = "corrected"
        else:
            raise ConfigError(f"{where}: action must be add, correct or reject, got {action!r}")
        frame.loc[mask, "curated_by"] = reviewer
        frame.loc[mask, "curation_reason"] = reason
    return tables["outcomes"], tables["effects"], tables["study"]
