"""Map spans in a record's field text back to character offsets in the decoded source file.

Extraction and screening read a *view* of a record (title and abstract as the reader gave them),
but evidence must point at the source: ``source_text[char_start:char_end] == quote``. Readers
join continuation lines (MEDLINE, RIS), decode XML entities and strip inline markup, so the view
is not always a verbatim substring of the source. No library aligns a cleaned field back to its
raw bytes, so this module does it: a fast verbatim path, a token walk that tolerates any white
space between tokens (line wraps, indentation, CRLF), and a character projection that also skips
markup tags and reads entities as the character they stand for.
"""

from __future__ import annotations

import html
import re

_TOKEN = re.compile(r"\S+")
# One visible unit of marked-up source text: an entity, a tag, white space or a character.
_UNIT = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|<[^<>]{0,200}>|\s+|.", re.S)


def _walk_tokens(field: str, region: str, start: int) -> list[tuple[int, int]] | None:
    """Per field character, its (start, end) in ``region``; white space maps to (-1, -1).
    Succeeds only if the field's tokens occur in order in the region separated by white space."""
    mapping = [(-1, -1)] * len(field)
    pos = start
    first = True
    for match in _TOKEN.finditer(field):
        token = match.group()
        found = region.find(token, pos)
        if found < 0 or (not first and region[pos:found].strip()):
            return None
        first = False
        for k in range(len(token)):
            mapping[match.start() + k] = (found + k, found + k + 1)
        pos = found + len(token)
    return mapping


def _project(field: str, region: str) -> list[tuple[int, int]] | None:
    """Character projection: drop white space on both sides and markup on the source side,
    read entities as their character, then find the field's visible characters in the source's."""
    units = []  # (character, start, end) in region
    for match in _UNIT.finditer(region):
        unit = match.group()
        if unit.isspace() or (unit.startswith("<") and unit.endswith(">") and len(unit) > 2):
            continue
        char = html.unescape(unit) if unit.startswith("&") and unit.endswith(";") else unit
        for c in char:
            if not c.isspace():
                units.append((c, match.start(), match.end()))
    visible = "".join(u[0] for u in units)
    field_chars = [(i, c) for i, c in enumerate(field) if not c.isspace()]
    needle = "".join(c for _, c in field_chars)
    at = visible.find(needle)
    if at < 0:
        return None
    mapping = [(-1, -1)] * len(field)
    for k, (i, _) in enumerate(field_chars):
        _, s, e = units[at + k]
        mapping[i] = (s, e)
    return mapping


def align(field: str, region: str, start: int = 0) -> list[tuple[int, int]] | None:
    """Map every character of ``field`` to its (start, end) offsets in ``region`` (white space
    to (-1, -1)), searching from ``start``. None if the field cannot be found."""
    if not field.strip():
        return None
    at = region.find(field, start)
    if at >= 0:
        return [(at + k, at + k + 1) for k in range(len(field))]
    mapping = _walk_tokens(field, region, start)
    if mapping is None:
        mapping = _project(field, region[start:])
        if mapping is not None and start:
            mapping = [(s + start, e + start) if s >= 0 else (s, e) for s, e in mapping]
    return mapping


class SourceView:
    """A record's text as extraction reads it (``parts`` joined by a blank line), able to map any
    span of that text to offsets in the decoded source file.

    ``region_start`` is where the record's raw text begins in the source; parts are searched for
    in order within the region, so a title is not matched inside the abstract. ``base`` is the
    source offset of ``source_text[0]``: a stage holding only the record's region (see
    litreview.stages.common.Regions) passes the region as ``source_text`` and its start as
    ``base``, and every offset still counts in the whole source."""

    SEPARATOR = "\n\n"

    def __init__(
        self,
        source_text: str,
        region_start: int,
        region_end: int,
        parts: list[str],
        base: int = 0,
    ):
        self.source_text = source_text
        self.base = base
        self.region_start = region_start
        self.region = source_text[region_start - base : region_end - base]
        self.parts = [p or "" for p in parts]
        self.text = self.SEPARATOR.join(self.parts)
        self._map: list[tuple[int, int]] | None = None

    def _build(self) -> list[tuple[int, int]]:
        mapping: list[tuple[int, int]] = []
        pos = 0
        for k, part in enumerate(self.parts):
            if k:
                mapping.extend([(-1, -1)] * len(self.SEPARATOR))
            found = align(part, self.region, pos) or align(part, self.region, 0)
            if found is None:
                mapping.extend([(-1, -1)] * len(part))
                continue
            mapping.extend(
                (s + self.region_start, e + self.region_start) if s >= 0 else (-1, -1)
                for s, e in found
            )
            ends = [e for _, e in found if e >= 0]
            pos = max(ends) if ends else pos
        return mapping

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets for ``self.text[start:end]``, or None where that text has no place in
        the source (a reader supplied it, or the span is only white space)."""
        if self._map is None:
            self._map = self._build()
        inside = [
            self._map[i] for i in range(start, min(end, len(self._map))) if self._map[i][0] >= 0
        ]
        if not inside:
            return None
        return inside[0][0], inside[-1][1]

    def view_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The inverse of ``locate``: the span of ``self.text`` that came from source offsets
        ``start:end`` (a value's recorded evidence), or None where no character of the view did."""
        if self._map is None:
            self._map = self._build()
        inside = [i for i, (s, e) in enumerate(self._map) if s >= start and 0 <= e <= end]
        if not inside:
            return None
        return inside[0], inside[-1] + 1

    def quote(self, start: int, end: int) -> tuple[int, int, str] | None:
        located = self.locate(start, end)
        if located is None:
            return None
        s, e = located
        return s, e, self.source_text[s - self.base : e - self.base]
