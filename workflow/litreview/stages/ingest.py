"""Ingest stage: one raw file to its records, rejected records and report; then all files to one
table. The parsing itself is litreview.readers."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from litreview.fingerprints import source_print
from litreview.logs import UserError
from litreview.readers import UnreadableSource, read_source
from litreview.regions import region_line
from litreview.schema import FILE_REPORT_COLUMNS, RECORD_COLUMNS, REJECTED_COLUMNS
from litreview.tables import frame, join_table_blocks, read_table, write_table, write_table_blocks
from litreview.textio import sha256_bytes

log = logging.getLogger("litreview.ingest")

# The records table's row order: by source file, then position in the file.
RECORD_ORDER = ["source_file", "record_index"]


def ingest_one(
    raw: str,
    source_file: str,
    expected_sha256: str,
    prints: dict | None = None,
    regions: list[str] | None = None,
):
    """One raw file: (records, rejected, report row). ``prints`` collects the file's hash and
    fingerprint for the provenance manifest, ``regions`` each record's region of the decoded
    text for the stages after ingest, both from the bytes read here."""
    data = Path(raw).read_bytes()
    if prints is not None:
        prints[source_file] = source_print(data, source_file)
    actual = sha256_bytes(data)
    if actual != expected_sha256:
        # The run-level check saw other bytes: the file changed while the workflow ran.
        raise UserError(
            f"{source_file} changed during the run: recorded SHA-256 {expected_sha256}, actual "
            f"{actual}. Re-record it with `litreview lock {source_file}` if that is deliberate."
        )
    try:
        result = read_source(raw, data, source_file, sha256=actual)
    except UnreadableSource as exc:
        raise UserError(str(exc)) from exc
    if regions is not None:
        regions.extend(region_line(record, result.text) for record in result.records)
    log.info(
        "%s: %s (%s), %d records, %d rejected",
        source_file,
        result.source_format,
        result.decoding,
        len(result.records),
        len(result.rejected),
    )
    for row in result.rejected:
        log.warning(
            "%s, lines %s-%s: rejected: %s",
            source_file,
            row["line_start"],
            row["line_end"],
            row["reason"],
        )
    report = {
        "source_file": source_file,
        "source_sha256": actual,
        "source_format": result.source_format,
        "decoding": result.decoding,
        "records_found": result.records_found,
        "records_ingested": len(result.records),
        "records_rejected": len(result.rejected),
    }
    return result.records, result.rejected, report


def ingest_batch(sources: dict[str, str], out: dict) -> None:
    """Several raw files ({path: recorded SHA-256}) into one batch of tables."""
    records, rejected, reports, prints, regions = [], [], [], {}, []
    for raw in sorted(sources):
        found, refused, report = ingest_one(raw, raw, sources[raw], prints, regions)
        records.extend(found)
        rejected.extend(refused)
        reports.append(report)
    Path(out["regions"]).write_text("".join(f"{line}\n" for line in regions), encoding="utf-8")
    Path(out["fingerprints"]).write_text(
        json.dumps(prints, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    index = write_table_blocks(
        frame(records, RECORD_COLUMNS), out["records"], RECORD_COLUMNS, RECORD_ORDER, "record_id"
    )
    Path(out["records_index"]).write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    write_table(frame(rejected, REJECTED_COLUMNS), out["rejected"])
    write_table(frame(reports, FILE_REPORT_COLUMNS), out["report"])


def ingest_file(raw: str, source_file: str, expected_sha256: str, out: dict) -> None:
    """One raw file into its tables (what a batch of one does)."""
    records, rejected, report = ingest_one(raw, source_file, expected_sha256)
    write_table(frame(records, RECORD_COLUMNS), out["records"])
    write_table(frame(rejected, REJECTED_COLUMNS), out["rejected"])
    write_table(frame([report], FILE_REPORT_COLUMNS), out["report"])


def gather(
    records: list[str], indexes: list[str], rejected: list[str], reports: list[str], out: dict
) -> None:
    """All batches' tables in one each. The records table is joined from the batches' blocks
    (one per source file, litreview.tables.join_table_blocks): the bytes write_table would give
    for all records sorted by file and position, without parsing 200 MB of CSV again."""

    def concat(paths, columns):
        tables = [read_table(p) for p in paths]
        return pd.concat(tables, ignore_index=True) if tables else frame([], columns)

    batches = [
        (table, json.loads(Path(index).read_text(encoding="utf-8")))
        for table, index in zip(records, indexes, strict=True)
    ]
    file_of = {}
    duplicated = set()
    for _, index in batches:
        for block in index["blocks"]:
            for record_id in block["ids"]:
                if record_id in file_of:
                    duplicated |= {file_of[record_id], block["key"]}
                file_of[record_id] = block["key"]
    if duplicated:
        raise UserError(
            "these raw files are byte-identical copies of each other: "
            + ", ".join(sorted(duplicated))
            + ". Keep one and run `litreview lock`."
        )
    try:
        join_table_blocks(batches, out["records"])
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    write_table(
        concat(rejected, REJECTED_COLUMNS),
        out["rejected"],
        REJECTED_COLUMNS,
        ["source_file", "record_index"],
    )
    files = concat(reports, FILE_REPORT_COLUMNS)
    write_table(files, out["files"], FILE_REPORT_COLUMNS, ["source_file"])
    log.info("ingested %d records from %d files", len(file_of), len(files))
