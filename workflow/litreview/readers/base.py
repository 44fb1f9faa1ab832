"""What every reader returns. Modelled on bibtexparser v2: a block that fails to parse becomes a
rejected entry with its location and reason instead of vanishing or aborting the file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Parsed:
    """One record as a reader found it. Offsets index the decoded text the reader was given."""

    record_index: int  # 0-based position among the record starts of the file
    line_start: int  # 1-based, inclusive
    line_end: int
    char_start: int
    char_end: int
    fields: dict = field(default_factory=dict)  # keys from schema.BIBLIOGRAPHIC_FIELDS


@dataclass
class Rejected:
    """A record start the reader saw but could not turn into a record, and why."""

    record_index: int
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    reason: str


class UnreadableSource(ValueError):
    """The file as a whole cannot be read: no reader recognises it, it is empty, binary or
    truncated. The message names the file, what was tried and what to do."""


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset (counting LF; CRLF counts once)."""
    return text.count("\n", 0, offset) + 1


class LineIndex:
    """Offset -> line number in O(log n), for readers that report many records."""

    def __init__(self, text: str):
        import bisect

        self._bisect = bisect.bisect_right
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line(self, offset: int) -> int:
        return self._bisect(self._starts, offset)
