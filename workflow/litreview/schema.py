"""The normalised record schema every reader produces, and the columns of the stage tables.

Plain data, so tests, readers and stages agree on one list instead of each spelling it.
"""

from __future__ import annotations

# One row per ingested record (results/ingest/records.csv).
# Offsets: ``char_start``/``char_end`` index the *decoded* source text (see litreview.textio),
# ``line_start``/``line_end`` are 1-based and inclusive. ``source_text[char_start:char_end]`` is
# the record's raw text, so every record can be re-read from its bytes.
LOCATOR_FIELDS = [
    "record_id",
    "source_file",
    "source_sha256",
    "source_format",
    "record_index",
    "line_start",
    "line_end",
    "char_start",
    "char_end",
]

BIBLIOGRAPHIC_FIELDS = [
    "database",
    "type",
    "title",
    "authors",  # "; "-joined list, each "Surname, Given" as the source gives it
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",  # lower case, no resolver prefix
    "pmid",
    "pmcid",
    "abstract",
    "keywords",  # "; "-joined
    "language",
    "url",
    "sections",  # JSON list of [label, start, end] into `abstract`, for structured abstracts
]

RECORD_COLUMNS = LOCATOR_FIELDS + BIBLIOGRAPHIC_FIELDS

# results/ingest/rejected.csv: every record start a reader saw but could not ingest.
REJECTED_COLUMNS = [c for c in LOCATOR_FIELDS if c != "record_id"] + ["reason"]

# results/ingest/files.csv: one row per raw file.
FILE_REPORT_COLUMNS = [
    "source_file",
    "source_sha256",
    "source_format",
    "decoding",
    "records_found",
    "records_ingested",
    "records_rejected",
]

LIST_SEPARATOR = "; "


def make_record_id(source_sha256: str, record_index: int) -> str:
    """A record id that is stable across runs and machines: it depends only on the file's bytes
    and the record's position in it (not on the file's name or where the project lives)."""
    return f"{source_sha256[:12]}-{record_index:06d}"


def join_list(values) -> str:
    return LIST_SEPARATOR.join(v.strip() for v in values if v and v.strip())


def split_list(value) -> list[str]:
    if value is None or value != value or value == "":  # NaN-safe
        return []
    return [v.strip() for v in str(value).split(LIST_SEPARATOR.strip()) if v.strip()]
