"""Readers for every export format, chosen by content, and the ingest of one raw file.

Each format module exposes ``FORMAT`` (its id), ``sniff(text, name) -> bool`` and
``parse(text) -> Iterable[Parsed | Rejected]``. Binary formats (PDF) expose ``sniff_bytes`` and
``parse_bytes`` instead. ``READERS`` lists them in the order they are tried: specific formats
first, the plain-text abstract page last, because almost anything is "plain text".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from litreview.readers._tagged import gc_paused
from litreview.readers.base import Parsed, Rejected, UnreadableSource
from litreview.schema import make_record_id
from litreview.textio import DecodeError, decode_bytes, looks_binary, sha256_bytes

__all__ = ["IngestResult", "Parsed", "Rejected", "UnreadableSource", "READERS", "read_source"]

# Module names under litreview.readers, tried in this order. A module that is not present yet is
# skipped, so formats can be added one at a time.
READERS = [
    "pdf",
    "endnote_xml",
    "pubmed_xml",
    "medline",
    "wos",
    "ovid",
    "ris",
    "bibtex",
    "csv_export",
    "plaintext",
]


@dataclass
class IngestResult:
    source_file: str
    source_sha256: str
    source_format: str
    decoding: str
    records: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    # The decoded text every offset indexes, so ingest need not decode again (for a PDF, that
    # would mean extracting its text a second time).
    text: str = field(default="", repr=False)

    @property
    def records_found(self) -> int:
        return len(self.records) + len(self.rejected)


def _modules():
    for name in READERS:
        try:
            yield importlib.import_module(f"litreview.readers.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"litreview.readers.{name}":
                raise


def tried_formats() -> list[str]:
    return [module.FORMAT for module in _modules()]


def read_source(
    path: str | Path, data: bytes, source_file: str | None = None, sha256: str | None = None
) -> IngestResult:
    """Parse one raw file. ``source_file`` is the name recorded in tables (relative to the
    project); it defaults to ``path``. Raises UnreadableSource for a file that is empty, binary,
    undecodable or in no known format. ``sha256`` saves hashing the bytes again when the caller
    already has."""
    source_file = source_file or str(path)
    digest = sha256 or sha256_bytes(data)
    formats = ", ".join(tried_formats())
    if not data or data.isspace():
        raise UnreadableSource(
            f"{source_file}: the file is empty. Expected a bibliographic export or an abstract "
            f"page ({formats}). Remove it from raw/ and from raw/MANIFEST.tsv, or replace it."
        )
    modules = list(_modules())
    for module in modules:
        sniff_bytes = getattr(module, "sniff_bytes", None)
        if sniff_bytes and sniff_bytes(data, source_file):
            text, decoding = module.decode(data)
            return _collect(module, module.parse_bytes(data), source_file, digest, decoding, text)
    if looks_binary(data):
        raise UnreadableSource(
            f"{source_file}: this is a binary file, not a text export (tried: {formats}). "
            "Export the records as RIS, MEDLINE, BibTeX, EndNote XML, CSV or PDF and add that."
        )
    try:
        text, decoding = decode_bytes(data)
    except DecodeError as exc:
        raise UnreadableSource(f"{source_file}: cannot decode the bytes as text: {exc}") from exc
    for module in modules:
        sniff = getattr(module, "sniff", None)
        if sniff and sniff(text, source_file):
            return _collect(module, module.parse(text), source_file, digest, decoding, text)
    raise UnreadableSource(
        f"{source_file}: no reader recognises this file (tried: {formats}). "
        "Check that it is a complete export; if it is a format litreview does not read, "
        "convert it to RIS or CSV."
    )


def _collect(module, items, source_file, digest, decoding, text) -> IngestResult:
    with gc_paused():
        try:
            result = _collect_items(module, items, source_file, digest, decoding)
            result.text = text
            return result
        except UnreadableSource as exc:
            # Readers parse text, not files: the file's name is added here.
            if str(exc).startswith(source_file):
                raise
            raise UnreadableSource(f"{source_file}: {exc}") from exc


def _collect_items(module, items, source_file, digest, decoding) -> IngestResult:
    result = IngestResult(source_file, digest, module.FORMAT, decoding)
    fmt = module.FORMAT
    for item in items:
        # One dict literal per record: this loop runs 100,000 times for a large export.
        if isinstance(item, Rejected):
            result.rejected.append(
                {
                    "source_file": source_file,
                    "source_sha256": digest,
                    "source_format": fmt,
                    "record_index": item.record_index,
                    "line_start": item.line_start,
                    "line_end": item.line_end,
                    "char_start": item.char_start,
                    "char_end": item.char_end,
                    "reason": item.reason,
                }
            )
        else:
            result.records.append(
                {
                    "record_id": make_record_id(digest, item.record_index),
                    "source_file": source_file,
                    "source_sha256": digest,
                    "source_format": fmt,
                    "record_index": item.record_index,
                    "line_start": item.line_start,
                    "line_end": item.line_end,
                    "char_start": item.char_start,
                    "char_end": item.char_end,
                    **item.fields,
                }
            )
    return result
