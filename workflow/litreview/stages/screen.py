"""Screening stage: one decision per deduplicated record (its canonical report), with the reason
code and the evidence spans; reviewer decisions override; the PRISMA counts. The eligibility
rules themselves are litreview.screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import screen as engine
from litreview.logs import UserError
from litreview.stages.common import evidence
from litreview.tables import frame, joined_hashes, read_table, select, write_table

log = logging.getLogger("litreview.screen")

DECISION_COLUMNS = [
    "study_id",
    "cluster_id",
    "record_id",
    "source_sha256",
    "decision",
    "reason_code",
    "reason",
    "manual",
    "reviewer",
    "auto_decision",
    "auto_reason_code",
    "char_start",
    "char_end",
    "quote",
]
EVIDENCE_COLUMNS = [
    "study_id",
    "record_id",
    "source_sha256",
    "criterion",
    "term",
    "char_start",
    "char_end",
    "quote",
]
# label: the configured wording of an exclusion reason (screening.yaml reason_codes), as the
# PRISMA diagram shows it
PRISMA_COLUMNS = ["box", "detail", "label", "count", "source_sha256"]


AUTO_COLUMNS = [
    "record_id",
    "source_sha256",
    "decision",
    "reason_code",
    "reason",
    "char_start",
    "char_end",
    "quote",
]
AUTO_EVIDENCE_COLUMNS = [c for c in EVIDENCE_COLUMNS if c != "study_id"]


def screen_view(record: dict, view, criteria, vocab) -> tuple[dict, list[dict]]:
    """The rules' decision on one record (its title and abstract as ``view``), and every span
    that decided it, located in the source. Run once per record, in the batch jobs."""
    result = engine.screen_record(view.text, criteria, vocab, language=record.get("language", ""))
    spans = result.get("evidence") or []
    first = spans[0] if spans else {}
    ids = {"record_id": record["record_id"], "source_sha256": record["source_sha256"]}
    decision = {
        **ids,
        "decision": result["decision"],
        "reason_code": result["reason_code"],
        "reason": result.get("reason", ""),
        **evidence(view, first.get("start"), first.get("end")),
    }
    found = [
        {
            **ids,
            "criterion": span.get("criterion", ""),
            "term": span.get("term", ""),
            **evidence(view, span.get("start"), span.get("end")),
        }
        for span in spans
    ]
    return decision, found


def screen_records(
    batch_decisions: list[str],
    batch_evidence: list[str],
    records_csv: str,
    clusters_csv: str,
    rejected_csv: str,
    criteria_path: str,
    decision_files: list[str],
    out: dict,
) -> None:
    """One decision per deduplicated record (its canonical report): the rules' decision made in
    the batch jobs, then the reviewers' decisions over it, and the PRISMA counts.
    ``clusters_csv``: the dedup step's clusters table, which marks each cluster's canonical
    record (the canonical records' own table is not needed here)."""
    # the columns the decisions and the PRISMA counts use: the tables' abstracts are not read
    records = read_table(
        records_csv, ["record_id", "source_sha256", "source_file", "source_format", "database"]
    )
    clusters = read_table(clusters_csv, ["record_id", "cluster_id", "study_id", "is_canonical"])
    canonical = clusters.loc[
        clusters["is_canonical"] == "yes", ["study_id", "cluster_id", "record_id"]
    ].reset_index(drop=True)
    criteria = engine.load_criteria(criteria_path)
    auto = pd.concat([read_table(p) for p in batch_decisions], ignore_index=True)
    auto = canonical[["study_id", "cluster_id", "record_id"]].merge(
        auto, on="record_id", how="left", validate="one_to_one"
    )
    missing = auto["decision"].isna() | auto["decision"].eq("")
    if missing.any():
        raise UserError(
            f"{int(missing.sum())} deduplicated records have no screening decision from the batch "
            f"jobs, e.g. {auto.loc[missing, 'record_id'].iloc[0]}; re-run with --forceall."
        )
    auto = auto.assign(
        manual="no",
        reviewer="",
        auto_decision=auto["decision"],
        auto_reason_code=auto["reason_code"],
    )
    decisions, agreement = engine.apply_screening_decisions(
        select(auto, DECISION_COLUMNS),
        [Path(p) for p in decision_files],
        criteria.reason_codes,
    )
    decisions["manual"] = decisions["decision_source"].eq("manual").map({True: "yes", False: "no"})
    decisions["reviewer"] = decisions["reviewers"]
    write_table(decisions, out["decisions"], DECISION_COLUMNS, ["study_id", "record_id"])
    evidence_rows = pd.concat([read_table(p) for p in batch_evidence], ignore_index=True)
    evidence_rows = canonical[["study_id", "record_id"]].merge(evidence_rows, on="record_id")
    write_table(
        evidence_rows, out["evidence"], EVIDENCE_COLUMNS, ["study_id", "record_id", "char_start"]
    )
    agreement_df = frame(
        [{**a, "source_sha256": joined_hashes(decisions["source_sha256"])} for a in agreement],
        ["reviewer_a", "reviewer_b", "n_both", "observed_agreement", "kappa", "source_sha256"],
    )
    write_table(agreement_df, out["agreement"])
    write_table(
        prisma_counts(
            records, read_table(rejected_csv), canonical, decisions, criteria.reason_codes
        ),
        out["prisma"],
        PRISMA_COLUMNS,
    )
    counts = decisions["decision"].value_counts().to_dict()
    log.info("screened %d records: %s", len(decisions), counts)


def prisma_counts(records, rejected, canonical, decisions, reason_codes=None) -> pd.DataFrame:
    """PRISMA 2020 counts, every one computed from the tables of earlier stages, each naming
    the source files of the records it counts; exclusion reasons carry their configured wording
    (``reason_codes``: code -> text)."""
    rows = []
    reason_codes = reason_codes or {}

    def add(box, detail, frame_, column="source_sha256"):
        rows.append(
            {
                "box": box,
                "detail": detail,
                "label": reason_codes.get(detail, "") if box.endswith("_reason") else "",
                "count": len(frame_),
                "source_sha256": joined_hashes(frame_[column]),
            }
        )

    # A record rejected at ingest was identified too: it counts under its file's database.
    database = records["database"].where(records["database"] != "", records["source_format"])
    file_database = dict(zip(records["source_file"], database, strict=False))
    identified = pd.concat(
        [
            pd.DataFrame({"source_sha256": records["source_sha256"], "database": database}),
            pd.DataFrame(
                {
                    "source_sha256": rejected["source_sha256"],
                    "database": [
                        file_database.get(f, fmt)
                        for f, fmt in zip(
                            rejected["source_file"], rejected["source_format"], strict=True
                        )
                    ],
                }
            ),
        ],
        ignore_index=True,
    )
    for name, group in sorted(identified.groupby("database"), key=lambda kv: kv[0]):
        add("identified", name, group)
    add(
        "identified_total", "", pd.concat([records[["source_sha256"]], rejected[["source_sha256"]]])
    )
    add("removed_unreadable", "rejected at ingest", rejected)
    add("removed_duplicates", "", records[~records["record_id"].isin(canonical["record_id"])])
    add("screened", "", decisions)
    excluded = decisions[decisions["decision"] == "exclude"]
    add("excluded", "", excluded)
    for reason, group in sorted(excluded.groupby("reason_code"), key=lambda kv: kv[0]):
        add("excluded_reason", reason, group)
    unclear = decisions[decisions["decision"] == "unclear"]
    add("unclear", "awaiting reviewer decision", unclear)
    # why each waits, so a reviewer can take them by kind
    for reason, group in sorted(unclear.groupby("reason_code"), key=lambda kv: kv[0]):
        add("unclear_reason", reason, group)
    included = decisions[decisions["decision"] == "include"]
    add("included_reports", "", included)
    studies = included.drop_duplicates("study_id")
    add("included_studies", "", studies)
    return frame(rows, PRISMA_COLUMNS)
