"""Screening stage: one decision per deduplicated record (its canonical report), with the reason
code and the evidence spans; reviewer decisions override; the PRISMA counts. The eligibility
rules themselves are litreview.screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from litreview import screen as engine
from litreview.extract import load_vocabulary
from litreview.logs import Progress
from litreview.stages.common import SourceTexts, evidence, record_view
from litreview.tables import frame, joined_hashes, read_table, write_table

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
PRISMA_COLUMNS = ["box", "detail", "count", "source_sha256"]


def screen_records(
    records_csv: str,
    canonical_csv: str,
    files_csv: str,
    rejected_csv: str,
    criteria_path: str,
    vocabulary_path: str,
    decision_files: list[str],
    out: dict,
    root: str = ".",
) -> None:
    records = read_table(records_csv).set_index("record_id", drop=False)
    canonical = read_table(canonical_csv)
    criteria = engine.load_criteria(criteria_path)
    vocab = load_vocabulary(vocabulary_path)
    texts = SourceTexts(files_csv, root)
    auto_rows, evidence_rows = [], []
    progress = Progress(log, len(canonical), "records screened")
    for cluster in canonical.itertuples():
        record = records.loc[cluster.record_id].to_dict()
        view = record_view(record, texts.text(record["source_sha256"]))
        result = engine.screen_record(
            view.text, criteria, vocab, language=record.get("language", "")
        )
        spans = result.get("evidence") or []
        first = spans[0] if spans else {}
        auto_rows.append(
            {
                "study_id": cluster.study_id,
                "cluster_id": cluster.cluster_id,
                "record_id": cluster.record_id,
                "source_sha256": record["source_sha256"],
                "decision": result["decision"],
                "reason_code": result["reason_code"],
                "reason": result.get("reason", ""),
                "manual": "no",
                "reviewer": "",
                "auto_decision": result["decision"],
                "auto_reason_code": result["reason_code"],
                **evidence(view, first.get("start"), first.get("end")),
            }
        )
        for span in spans:
            evidence_rows.append(
                {
                    "study_id": cluster.study_id,
                    "record_id": cluster.record_id,
                    "source_sha256": record["source_sha256"],
                    "criterion": span.get("criterion", ""),
                    "term": span.get("term", ""),
                    **evidence(view, span.get("start"), span.get("end")),
                }
            )
        progress.advance()
    auto = frame(auto_rows, DECISION_COLUMNS)
    decisions, agreement = engine.apply_screening_decisions(
        auto, [Path(p) for p in decision_files], criteria.reason_codes
    )
    decisions["manual"] = decisions["decision_source"].eq("manual").map({True: "yes", False: "no"})
    decisions["reviewer"] = decisions["reviewers"]
    write_table(decisions, out["decisions"], DECISION_COLUMNS, ["study_id", "record_id"])
    write_table(
        frame(evidence_rows, EVIDENCE_COLUMNS),
        out["evidence"],
        EVIDENCE_COLUMNS,
        ["study_id", "record_id", "char_start"],
    )
    agreement_df = frame(
        [{**a, "source_sha256": joined_hashes(decisions["source_sha256"])} for a in agreement],
        ["reviewer_a", "reviewer_b", "n_both", "observed_agreement", "kappa", "source_sha256"],
    )
    write_table(agreement_df, out["agreement"])
    write_table(
        prisma_counts(
            read_table(files_csv), records, read_table(rejected_csv), canonical, decisions
        ),
        out["prisma"],
        PRISMA_COLUMNS,
    )
    counts = decisions["decision"].value_counts().to_dict()
    log.info("screened %d records: %s", len(decisions), counts)


def prisma_counts(files, records, rejected, canonical, decisions) -> pd.DataFrame:
    """PRISMA 2020 counts, every one computed from the tables of earlier stages, each naming
    the source files of the records it counts."""
    rows = []

    def add(box, detail, frame_, column="source_sha256"):
        rows.append(
            {
                "box": box,
                "detail": detail,
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
    add("unclear", "awaiting reviewer decision", decisions[decisions["decision"] == "unclear"])
    included = decisions[decisions["decision"] == "include"]
    add("included_reports", "", included)
    studies = included.drop_duplicates("study_id")
    add("included_studies", "", studies)
    return frame(rows, PRISMA_COLUMNS)
