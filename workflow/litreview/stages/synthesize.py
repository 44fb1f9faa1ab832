"""Synthesis stage: the tables of what the review found, pooled estimates and the PRISMA diagram,
all computed from the earlier stages' tables. Pooling is litreview.meta; drawing is
litreview.figures; file formats are litreview.export. The forest plots of these pooled estimates
are litreview.stages.forest, and the quality table, workbook and RIS/BibTeX exports
litreview.stages.publish: jobs of their own."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pandas as pd

from litreview import export, figures, memo, meta
from litreview.schema import split_list
from litreview.tables import frame, joined_hashes, read_table, select

log = logging.getLogger("litreview.synthesize")

CHARACTERISTIC_FIELDS = [
    "design",
    "setting",
    "accrual_start",
    "accrual_end",
    "n_patients",
    "n_procedures",
    "modality",
    "primary_site",
    "median_follow_up",
]
CHARACTERISTICS_COLUMNS = (
    ["study_id", "record_id", "source_sha256", "first_author", "year", "title", "journal"]
    + CHARACTERISTIC_FIELDS
    + ["value_ids"]
)
OUTCOME_TABLE_COLUMNS = [
    "modality",
    "study_id",
    "arm",
    "n_arm",
    "outcome",
    "event",
    "timepoint",
    "value",
    "unit",
    "ci_low",
    "ci_high",
    "p_value_text",
    "value_id",
    "record_id",
    "source_sha256",
    "quote",
    "curation",
    "curated_by",
]
EFFECT_TABLE_COLUMNS = [
    "study_id",
    "measure",
    "factor",
    "value",
    "ci_low",
    "ci_high",
    "p_value_text",
    "adjusted",
    "value_id",
    "record_id",
    "source_sha256",
    "quote",
    "curation",
    "curated_by",
]
POOLED_COLUMNS = [
    "analysis",
    "outcome",
    "timepoint",
    "modality",
    "k",
    "method",
    "hk",
    "estimate",
    "ci_low",
    "ci_high",
    "pred_low",
    "pred_high",
    "tau2",
    "i2",
    "q",
    "q_p",
    "n_total",
    "label",
    "study_ids",
    "value_ids",
    "notes",
    "source_sha256",
]


def _joined(values) -> str:
    """The distinct non-empty values in first-seen order, "; "-joined."""
    if isinstance(values, pd.Series):
        values = values.tolist()  # iterating pandas' string array costs a call per value
    return "; ".join(dict.fromkeys(v for v in values if v))


# What the characteristics table takes from each included study's record.
CHARACTERISTIC_RECORD_FIELDS = ["record_id", "source_sha256", "authors", "year", "title", "journal"]


def characteristics(records: pd.DataFrame, decisions: pd.DataFrame, studies: pd.DataFrame):
    included = decisions[decisions["decision"] == "include"]
    # One pass over the values, grouped by record and field (a filter per study is quadratic:
    # 100 s for 6,600 included studies).
    values_of: dict[str, dict[str, list]] = {}
    in_order: dict[str, list[str]] = {}
    # The columns read here as plain objects: pandas' string arrays cost a call per cell.
    used = studies[["record_id", "field", "value", "count", "value_id"]].astype(object)
    for value in used.itertuples():
        per_field = values_of.setdefault(value.record_id, {})
        per_field.setdefault(value.field, []).append(value)
        in_order.setdefault(value.record_id, []).append(value.value_id)
    rows = []
    # The included records' fields in one dict: a .loc lookup per study costs 70 µs.
    record_of = records[records.index.isin(included["record_id"])].to_dict("index")
    for decision in included.itertuples():
        record = record_of[decision.record_id]
        own = values_of.get(decision.record_id, {})
        row = {
            "study_id": decision.study_id,
            "record_id": decision.record_id,
            "source_sha256": record["source_sha256"],
            "first_author": split_list(record["authors"])[0] if record["authors"] else "",
            "year": record["year"],
            "title": record["title"],
            "journal": record["journal"],
        }
        for field in CHARACTERISTIC_FIELDS:
            values = own.get(field, [])
            if field == "primary_site":
                row[field] = _joined(
                    f"{v.value} ({v.count})" if v.count else v.value for v in values
                )
            elif field in ("modality",):
                row[field] = _joined(v.value for v in values)
            else:
                row[field] = values[0].value if values else ""
        row["value_ids"] = _joined(in_order.get(decision.record_id, []))
        rows.append(row)
    return frame(rows, CHARACTERISTICS_COLUMNS)


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _is_percentage(value: str) -> bool:
    """A value that can be a share of patients. Others (the QA table flags them) are left out of
    pooling and forest plots rather than stopping the run."""
    try:
        return 0 <= float(value) <= 100
    except ValueError:
        return False


def _is_count(value: str) -> bool:
    try:
        return float(value) >= 1
    except ValueError:
        return False


def _is_ratio_with_interval(row) -> bool:
    """A ratio with a usable 95% CI: all positive and the estimate inside its interval."""
    try:
        value, low, high = float(row["value"]), float(row["ci_low"]), float(row["ci_high"])
    except ValueError:
        return False
    return 0 < low <= value <= high and low < high


def with_event(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Rates of different named events (neutropenia, bleeding) are never pooled together."""
    if "event" in outcomes.columns:
        return outcomes
    return outcomes.assign(event="")


def pooled_row(result, group: pd.DataFrame, scale: float, label: str) -> dict:
    """One row of the pooled table: the estimate and its intervals back-transformed (times
    ``scale``, 100 for percentages), heterogeneity, and the studies, values and sources used."""
    bt = result.back_transformed()
    return {
        "k": result.k,
        "method": result.method,
        "hk": "yes" if result.hk else "no",
        **{k: bt[k] * scale for k in ("estimate", "ci_low", "ci_high", "pred_low", "pred_high")},
        "tau2": result.tau2,
        "i2": result.i2,
        "q": result.q,
        "q_p": result.q_p,
        "label": label,
        "study_ids": _joined(group["study_id"]),
        "value_ids": _joined(group["value_id"]),
        "notes": "; ".join(result.notes),
        "source_sha256": joined_hashes(group["source_sha256"]),
    }


def pooled_proportions(outcomes: pd.DataFrame, settings: dict) -> tuple[list[dict], list]:
    """Random-effects pooling of percentages per outcome, timepoint and modality, where the arm
    size is known (events = round(percent x n / 100))."""
    rows, plots = [], []
    usable = outcomes[
        outcomes["outcome"].isin(settings["pooled_outcomes"])
        & (outcomes["unit"] == "percent")
        & (outcomes["modality"] != "")
        & (outcomes["n_arm"] != "")
        & outcomes["value"].map(_is_percentage)
        & outcomes["n_arm"].map(_is_count)
    ]
    usable = with_event(usable)
    for (outcome, event, timepoint, modality), group in usable.groupby(
        ["outcome", "event", "timepoint", "modality"], sort=True
    ):
        group = group.drop_duplicates("study_id")
        if len(group) < settings["min_studies"]:
            continue
        totals = [int(float(n)) for n in group["n_arm"]]
        events = [round(float(v) * n / 100) for v, n in zip(group["value"], totals, strict=True)]
        result = meta.pool_proportions(
            events,
            totals,
            method=settings["method"],
            hk=settings["hartung_knapp"],
            continuity=settings["continuity_correction"],
            level=settings["level"],
            labels=list(group["study_id"]),
        )
        row = pooled_row(result, group, scale=100, label="pooled proportion (%)")
        row.update(
            analysis="proportion_logit",
            outcome=f"{outcome} ({event})" if event else outcome,
            timepoint=timepoint,
            modality=modality,
            n_total=sum(totals),
        )
        rows.append(row)
        plots.append(
            ("_".join(p for p in (outcome, event, timepoint or "any", modality) if p), result)
        )
    return rows, plots


def pooled_hazard_ratios(effects: pd.DataFrame, settings: dict) -> tuple[list[dict], list]:
    """Inverse-variance pooling of log HRs for a comparison (same factor text) that at least
    ``min_studies`` studies report with a 95% CI."""
    rows, plots = [], []
    usable = effects[effects["measure"] == "hr"]
    usable = usable[usable.apply(_is_ratio_with_interval, axis=1)] if len(usable) else usable
    for factor, group in usable.groupby(usable["factor"].str.lower().str.strip(), sort=True):
        group = group.drop_duplicates("study_id")
        if len(group) < max(2, settings["min_studies"]):
            continue
        result = meta.pool_log_hazard_ratios(
            group["value"].astype(float),
            group["ci_low"].astype(float),
            group["ci_high"].astype(float),
            level=settings["level"],
            method=settings["method"],
            hk=settings["hartung_knapp"],
            labels=list(group["study_id"]),
        )
        row = pooled_row(result, group, scale=1, label="pooled hazard ratio")
        row.update(analysis="log_hazard_ratio", outcome="hr", modality=factor)
        rows.append(row)
        plots.append((f"hr_{factor}", result))
    return rows, plots


def study_forests(outcomes: pd.DataFrame, settings: dict) -> list[tuple[str, list[dict], dict]]:
    """Per outcome and timepoint, every study arm's proportion with its 95% CI (logit scale),
    labelled by modality: the forest plot a reviewer reads before any pooling, drawn even where
    too few studies share a modality to pool."""
    z = 1.959964
    plots = []
    usable = outcomes[
        outcomes["outcome"].isin(settings["pooled_outcomes"])
        & (outcomes["unit"] == "percent")
        & (outcomes["n_arm"] != "")
        & outcomes["value"].map(_is_percentage)
        & outcomes["n_arm"].map(_is_count)
    ]
    usable = with_event(usable)
    for (outcome, event, timepoint), group in usable.groupby(
        ["outcome", "event", "timepoint"], sort=True
    ):
        if len(group) < 2:
            continue
        group = group.sort_values(["modality", "study_id", "arm"])
        totals = [int(float(n)) for n in group["n_arm"]]
        events = [round(float(v) * n / 100) for v, n in zip(group["value"], totals, strict=True)]
        yi, vi, _ = meta.logit_proportions(
            events, totals, continuity=settings["continuity_correction"]
        )
        rows = []
        for row, y, v in zip(group.itertuples(), yi, vi, strict=True):
            expit = [
                1 / (1 + math.exp(-t)) for t in (y, y - z * math.sqrt(v), y + z * math.sqrt(v))
            ]
            label = f"{row.study_id[2:14]} {row.arm or 'all'} ({row.modality or 'unspecified'})"
            rows.append(
                {"label": label, "estimate": expit[0], "ci_low": expit[1], "ci_high": expit[2]}
            )
        name = "_".join(p for p in ("studies", outcome, event, timepoint or "any") if p)
        plots.append((name, rows, {"hashes": joined_hashes(group["source_sha256"])}))
    return plots


MEDIAN_LABEL = "descriptive: patient-weighted median of study medians; ci_low-ci_high = range"


def median_summaries(outcomes: pd.DataFrame) -> list[dict]:
    rows = []
    medians = outcomes[
        outcomes["outcome"].str.endswith("_median")
        & (outcomes["unit"] == "months")
        & (outcomes["modality"] != "")
        & (outcomes["n_arm"] != "")
    ]
    for (outcome, modality), group in medians.groupby(["outcome", "modality"], sort=True):
        group = group.drop_duplicates("study_id")
        summary = meta.describe_medians(
            group["value"].astype(float),
            group["n_arm"].astype(float),
            labels=list(group["study_id"]),
        )
        rows.append(
            {
                "analysis": "median_descriptive",
                "outcome": outcome,
                "modality": modality,
                "k": summary.k,
                "estimate": summary.weighted_median,
                "ci_low": summary.minimum,
                "ci_high": summary.maximum,
                "n_total": summary.n_total,
                "label": MEDIAN_LABEL,
                "study_ids": _joined(group["study_id"]),
                "value_ids": _joined(group["value_id"]),
                "source_sha256": joined_hashes(group["source_sha256"]),
            }
        )
    return rows


def kept(df: pd.DataFrame) -> pd.DataFrame:
    """Values a reviewer rejected stay in results/extract (marked) but not in what is published."""
    return df[df["curation"] != "rejected"] if "curation" in df.columns else df


def prisma_dict(prisma: pd.DataFrame) -> dict:
    """The PRISMA 2020 boxes from results/screen/prisma.csv. Records the rules left unclear go on
    to full-text assessment, shown there as awaiting a reviewer's decision, so every box
    reconciles with the one before."""
    rows = {(r.box, r.detail): int(r.count) for r in prisma.itertuples()}
    box = {r.box: int(r.count) for r in prisma.itertuples()}
    identified = {d: n for (b, d), n in rows.items() if b == "identified"}
    # each exclusion reason in its configured wording where the table has it, else its code
    excluded = {
        (getattr(r, "label", "") or r.detail): int(r.count)
        for r in prisma.itertuples()
        if r.box == "excluded_reason"
    }
    unclear = box.get("unclear", 0)
    counts = {
        "identified": identified,
        "duplicates_removed": box.get("removed_duplicates", 0),
        "screened": box.get("screened", 0),
        "excluded": excluded or 0,
        "assessed": box.get("included_reports", 0) + unclear,
        "included_reports": box.get("included_reports", 0),
        "included_studies": box.get("included_studies", 0),
    }
    if box.get("removed_unreadable"):
        counts["removed_other"] = {"unreadable at ingest": box["removed_unreadable"]}
    if unclear:
        counts["excluded_full_text"] = {"unclear, awaiting reviewer decision": unclear}
    return counts


def synthesize(inputs: dict, settings: dict, out: dict, workers: int = 1) -> None:
    """The tables of what the review found (characteristics, outcomes, effects, PRISMA counts,
    pooled estimates) and the PRISMA diagram. The quality table and the workbook of every table
    (rule publish) wait for quality scoring, the RIS/BibTeX exports (rule export_included) for
    the canonical records (both litreview.stages.publish); this stage waits for neither."""
    records = read_table(inputs["records"], columns=CHARACTERISTIC_RECORD_FIELDS)
    records = records.set_index("record_id", drop=False)
    decisions = read_table(inputs["decisions"])
    studies, outcomes, effects = (
        kept(read_table(inputs[name])) for name in ("studies", "outcomes", "effects")
    )
    prisma = read_table(inputs["prisma"])

    tables = {
        "characteristics": characteristics(records, decisions, studies),
        "outcomes_by_modality": select(outcomes, OUTCOME_TABLE_COLUMNS),
        "effects": select(effects, EFFECT_TABLE_COLUMNS),
        "prisma": prisma,
    }
    # The forest rule (litreview.stages.forest) pools the same rows again for its diamonds.
    proportion_rows, _ = pooled_proportions(outcomes, settings)
    hr_rows, _ = pooled_hazard_ratios(effects, settings)
    tables["pooled"] = frame(proportion_rows + hr_rows + median_summaries(outcomes), POOLED_COLUMNS)
    sorts = {
        "characteristics": ["study_id"],
        "outcomes_by_modality": ["modality", "study_id", "outcome", "timepoint", "arm", "value_id"],
        "effects": ["study_id", "value_id"],
        "pooled": ["analysis", "outcome", "timepoint", "modality"],
    }
    out_dir = Path(out["tables"][0]).parent
    for name, df in tables.items():
        export.write_published(
            df,
            out_dir / f"{name}.csv",
            max_rows=settings.get("markdown_max_rows"),
            sort_by=sorts.get(name),
        )

    calls = [
        (
            figures.prisma_flow,
            (prisma_dict(prisma), str(Path(out["prisma_svg"]).with_suffix(""))),
            {},
        ),
    ]
    store = memo.DrawingStore(out["memo"]) if out.get("memo") else None
    figures.draw_all(calls, workers, store=store)
    if store is not None:
        log.info("PRISMA diagram: %s", store.summary())

    log.info(
        "%d included studies, %d outcome values, %d pooled analyses",
        len(tables["characteristics"]),
        len(outcomes),
        len(tables["pooled"]),
    )
