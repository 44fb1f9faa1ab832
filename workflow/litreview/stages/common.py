"""What several stages share: evidence spans in the source, value ids."""

from __future__ import annotations

import hashlib

from litreview.spans import SourceView

EVIDENCE_COLUMNS = ["char_start", "char_end", "quote"]


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
