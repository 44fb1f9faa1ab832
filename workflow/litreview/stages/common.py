"""What several stages share: source texts, record views with evidence spans, value ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from litreview.spans import SourceView
from litreview.tables import read_table
from litreview.textio import read_source_text

EVIDENCE_COLUMNS = ["char_start", "char_end", "quote"]


class SourceTexts:
    """Decoded source texts by SHA-256, read once each, with the decoding ingest recorded."""

    def __init__(self, files_table: str | Path | pd.DataFrame, root: str | Path = "."):
        files = files_table if isinstance(files_table, pd.DataFrame) else read_table(files_table)
        self.root = Path(root)
        self.files = {
            row.source_sha256: (row.source_file, row.decoding) for row in files.itertuples()
        }
        self._texts: dict[str, str] = {}

    def text(self, sha256: str) -> str:
        if sha256 not in self._texts:
            source_file, decoding = self.files[sha256]
            self._texts[sha256] = read_source_text(self.root / source_file, decoding)
        return self._texts[sha256]


def record_view(record, source_text: str) -> SourceView:
    """Title and abstract of a record as engines read them, mapped back to the source."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    return SourceView(
        source_text, int(get("char_start")), int(get("char_end")), [get("title"), get("abstract")]
    )


def evidence(view: SourceView, start, end) -> dict:
    """char_start, char_end and quote in the source for a span of the view; empty where the span
    has no place in the source."""
    if start in (None, "") or end in (None, ""):
        return {"char_start": "", "char_end": "", "quote": ""}
    located = view.quote(int(start), int(end))
    if located is None:
        return {"char_start": "", "char_end": "", "quote": ""}
    s, e, quote = located
    return {"char_start": s, "char_end": e, "quote": quote}


def value_id(*parts) -> str:
    """A short id for one extracted value, stable across runs: a hash of what identifies it."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"V{digest[:10]}"
