"""The record splitter shared by the tagged-line formats: RIS, MEDLINE/nbib, Web of Science
tagged text and Ovid tagged exports.

Why by hand: rispy (the well-kept RIS parser) returns field dicts without any position, so a
record could not be traced back to its bytes; it also drops text before the first ``TY`` (a
UTF-8 BOM makes it lose the first record), merges a record whose ``ER`` is missing into the next
one, and silently skips anything between ``ER`` and ``TY``. Those are exactly the failures the
issue asks us to report. The splitter below does only what rispy cannot: it keeps each record's
character and line span, and flags the malformed ones with a reason. Well-formed files go
through a regular-expression fast path (a 100,000-record export in seconds); anything unusual
goes through a line-by-line splitter that can say what is wrong where. Mapping tags to fields
stays in the format modules as plain tables, in rispy's style.
"""

from __future__ import annotations

import gc
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from litreview.normalize import CONTROL_CHARS, has_control_characters, normalize_doi
from litreview.readers.base import LineIndex, Parsed, Rejected, UnreadableSource
from litreview.schema import BIBLIOGRAPHIC_FIELDS

# Line breaks: CRLF, LF, and a bare CR. A bare CR is how classic-Mac tools and some Web of
# Science exports end lines (asysd_wos_test.ris runs several tags together on one LF line with
# CRs between them); Python's universal newlines treat it as a line end, and so do we, which
# repairs those records instead of losing them. Other Unicode line separators (U+2028, \x0b...)
# are NOT line ends here, unlike str.splitlines: inside a field they are content.
_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class TaggedRecord:
    """One record's tags in file order. ``fields`` maps a tag to its values, continuation lines
    joined to the value they continue with one space."""

    index: int
    char_start: int
    char_end: int
    line_start: int
    line_end: int
    fields: dict[str, list[str]] = field(default_factory=dict)  # no empty values
    problem: str = ""  # why the record cannot be ingested; "" when it is fine

    def first(self, *tags: str) -> str:
        get = self.fields.get
        for tag in tags:
            values = get(tag)
            if values:
                return values[0]
        return ""

    def all(self, *tags: str) -> list[str]:
        get = self.fields.get
        if len(tags) == 1:
            return list(get(tags[0], ()))
        out: list[str] = []
        for tag in tags:
            values = get(tag)
            if values:
                out.extend(values)
        return out


def first_of(fields: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    """The first value of the first of ``tags`` that has one (a priority list). A plain
    function over the fields dict: the per-record mapping calls it a dozen times, and this is
    half the cost of the ``TaggedRecord.first`` method call with its packed arguments."""
    for tag in tags:
        values = fields.get(tag)
        if values:
            return values[0]
    return ""


def value_of(fields: dict[str, list[str]], tag: str) -> str:
    """The first value of ``tag``, or ""."""
    values = fields.get(tag)
    return values[0] if values else ""


def iter_lines(
    text: str, start: int = 0, end: int | None = None, lineno: int = 1
) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(line, start, end, line_number)`` for every line of ``text[start:end]`` (the
    whole text by default; ``lineno`` is the number of the line at ``start``):
    ``text[start:end] == line`` (without its line break). Line numbers count LF, like
    ``base.line_of``, so a bare-CR line shares the number of the LF line it sits on."""
    pos = 1 if start == 0 and text.startswith("\ufeff") else start
    length = len(text) if end is None else end
    if text.find("\r", pos, length) == -1:
        # Fast path for the common LF-only file: str.find is several times faster than a regex.
        while pos < length:
            nl = text.find("\n", pos, length)
            if nl == -1:
                yield text[pos:length], pos, length, lineno
                return
            yield text[pos:nl], pos, nl, lineno
            pos = nl + 1
            lineno += 1
        return
    for match in _EOL.finditer(text, pos, length):
        start = match.start()
        yield text[pos:start], pos, start, lineno
        if match.group() != "\r":
            lineno += 1
        pos = match.end()
    if pos < length:
        yield text[pos:length], pos, length, lineno


@dataclass(frozen=True)
class Dialect:
    """How one tagged format marks tags, record starts and ends.

    ``tag_line`` matches the start of a tag line; its group 1 is the tag and the value starts at
    ``match.end()``. ``start_tags`` open a record; ``end_tag`` closes it (None: a record runs to
    the next start, an empty line when ``blank_ends_record``, or the end of file).
    ``separator`` matches lines that separate records (Ovid's ``<12. >``): such a line opens a
    record itself. ``skip_outside`` matches lines outside records that carry no record (Ovid's
    ``1.`` numbering, the WoS ``FN``/``VR`` header). ``indented_continuation``: continuation
    lines must start with whitespace (MEDLINE, WoS); otherwise any non-tag line continues the
    previous tag (RIS dialects do not indent). ``run_on``: a pattern that, found inside a value,
    means two tag lines were run together. ``list_tags``: tags whose continuation lines are
    further values (EndNote's RIS puts one keyword per line under a single ``KW``; WoS one author
    per line under ``AU``), as rispy does for its list tags."""

    name: str
    tag_line: re.Pattern
    start_tags: frozenset
    end_tag: str | None = None
    separator: re.Pattern | None = None
    skip_outside: re.Pattern | None = None
    blank_ends_record: bool = False
    indented_continuation: bool = False
    run_on: re.Pattern | None = None
    ignore_tags: frozenset = frozenset()
    list_tags: frozenset = frozenset()
    # Tags the format module maps to fields; others are skipped early (None: keep all). Real
    # exports carry many more (addresses, cited references, dates) than the schema uses.
    wanted_tags: frozenset | None = None


def split_records(text: str, dialect: Dialect) -> list[TaggedRecord]:
    """Split ``text`` into records with their spans. Every record start the splitter sees is
    returned, malformed ones with ``problem`` set, so counts reconcile."""
    return list(iter_records(text, dialect))


def iter_records(text: str, dialect: Dialect) -> Iterator[TaggedRecord]:
    """The records of ``text`` one at a time, so that a large export is never held twice (once
    split, once mapped to the schema).

    Where the record boundaries are unambiguous (``_record_spans``), each record is read by one
    regular-expression pass over its span (``_read_spans``, several times faster than the Python
    loop over lines); a record that pass cannot read cleanly (a run-on line, an unindented
    continuation) is re-read alone by the line splitter, which words what is wrong. Where they
    are not (a missing end tag, tag lines between records, a bare CR, a blank line inside a
    MEDLINE record, Ovid's separators), the whole file goes through the line splitter."""
    spans = _record_spans(text, dialect)
    records = _split_lines(text, dialect) if spans is None else _read_spans(text, dialect, spans)
    if not has_control_characters(text):
        # The common case: one scan of the file instead of one per record.
        yield from records
        return
    for record in records:
        _flag_control_character(text, record)
        yield record


def _split_fast(text: str, dialect: Dialect) -> list[TaggedRecord] | None:
    """The records as the fast path reads them, or None where the file needs the line splitter
    as a whole. Equals ``_split_lines`` wherever it is not None (tested on every fixture)."""
    spans = _record_spans(text, dialect)
    return None if spans is None else list(_read_spans(text, dialect, spans))


def _record_spans(text: str, dialect: Dialect) -> list[tuple[int, int]] | None:
    """``(char_start, char_end)`` of every record when the boundaries are unambiguous: the
    start and end tags pair up, nothing but blank lines (and the dialect's skippable lines) sits
    between records, no bare CR. Otherwise None. Only the start and end tag lines are looked at
    (a literal ``str.find`` per tag), so this costs little next to reading the fields."""
    if dialect.separator is not None or not dialect.start_tags:
        return None
    has_cr = "\r" in text
    if text.startswith("\ufeff") or (has_cr and _BARE_CR.search(text)):
        return None
    tag_match = dialect.tag_line.match
    start_tags, end_tag = dialect.start_tags, dialect.end_tag
    spans: list[tuple[int, int]] = []
    open_at = -1
    for pos in _marker_positions(text, marker_tags(dialect)):
        match = tag_match(text, pos)
        if match is None:
            continue
        tag = match.group(1)
        if tag in start_tags:
            if open_at >= 0:
                if end_tag is not None:
                    return None  # missing end tag: the line splitter explains it
                spans.append((open_at, _rstrip_end(text, open_at, pos)))
            open_at = pos
        elif tag == end_tag and open_at >= 0:
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            spans.append((open_at, _rstrip_end(text, open_at, line_end)))
            open_at = -1
    if open_at >= 0:
        if end_tag is not None:
            return None
        spans.append((open_at, _rstrip_end(text, open_at, len(text))))
    if not _gaps_are_empty(text, spans, dialect):
        return None
    if dialect.blank_ends_record and spans:
        # An empty line inside a record: some of the file's empty lines are not between
        # records. A span starts with a tag and ends with a non-blank character, so no
        # occurrence straddles a span's edge, and counting the file once plus the short gaps
        # between records is cheaper than searching every record.
        for blank in ("\n\n", "\n\r\n") if has_cr else ("\n\n",):
            between = text.count(blank, 0, spans[0][0]) + text.count(blank, spans[-1][1])
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                between += text.count(blank, end, start)
            if text.count(blank) != between:
                return None  # (a line of only spaces inside a record is read as part of it)
    return spans


def _read_spans(
    text: str, dialect: Dialect, spans: list[tuple[int, int]]
) -> Iterator[TaggedRecord]:
    reader = _span_reader(dialect)
    index = 0
    line = 1
    previous = 0
    for start, end in spans:
        line += text.count("\n", previous, start)  # the lines between records
        previous = start
        # The span ends before trailing spaces; its last line is read whole, as the line
        # splitter reads it (MEDLINE's "LA  - " is a tag only with its space).
        stop = text.find("\n", end)
        if stop == -1:
            stop = len(text)
        read = reader(text, start, stop)
        if read is None:
            for record in _split_lines(text, dialect, start, stop, line, index):
                index += 1
                yield record
            continue
        fields, lines = read
        yield TaggedRecord(index, start, end, line, line + lines - 1, fields)
        index += 1
        line, previous = line + lines - 1, end


_READERS: dict[Dialect, Callable] = {}
_CONTINUATION = operator.itemgetter(2)
_STRAY = operator.itemgetter(3)


def _span_reader(dialect: Dialect) -> Callable[[str, int, int], tuple[dict, int] | None]:
    """A function ``(text, start, stop) -> (fields, number of lines)`` reading one record's
    span with one ``findall``, or None when the record needs the line splitter's explanation
    (a run-on line, a line that is neither a tag nor an indented continuation). ``fields`` are
    what the line splitter builds: tag -> values, continuation lines joined or listed.

    Built once per dialect, so the loop that runs once per field of the file touches only local
    names. ``findall`` yields plain tuples, the cheapest way through a large export in Python."""
    reader = _READERS.get(dialect)
    if reader is None:
        make = _indented_reader if dialect.indented_continuation else _line_reader
        reader = _READERS[dialect] = make(dialect)
    return reader


def _kept_tags(dialect: Dialect):
    skip = dialect.ignore_tags | {dialect.end_tag}
    return _AllTagsBut(skip) if dialect.wanted_tags is None else dialect.wanted_tags - skip


class _AllTagsBut(frozenset):
    """The tags to keep for a dialect that lists no wanted tags: every tag but these."""

    def __contains__(self, tag) -> bool:
        return not super().__contains__(tag)


def _line_reader(dialect: Dialect) -> Callable:
    """Dialects whose continuation lines are not indented (RIS): one match per line, a tag line
    as ``(tag, value, "")``, any other line as ``("", "", line)``. Each match starts at the
    line break before its line, a literal the regular-expression engine scans for quickly (the
    first line of the file has none, hence the second pattern). Continuation lines are rare in
    these exports, so a line per match costs less than a repeated continuation group."""
    tag = dialect.tag_line.pattern
    after_break = re.compile(r"\n(?:" + tag + r")(.*)|\n(.*)")
    at_start = re.compile(r"(?:\A|\n)(?:" + tag + r")(.*)|(?:\A|\n)(.*)")
    start_tags, list_tags, run_on = dialect.start_tags, dialect.list_tags, dialect.run_on
    keep = _kept_tags(dialect)

    def read(text: str, start: int, stop: int) -> tuple[dict, int] | None:
        if start:
            found = after_break.findall(text, start - 1, stop)
        else:
            found = at_start.findall(text, 0, stop)
        if not found or found[0][0] not in start_tags:
            return None
        fields: dict[str, list[str]] = {}
        get = fields.get
        values: list[str] | None = None  # where the last kept field's values went
        last = ""
        emptied = False
        for tag, value, line in found:
            if tag:
                if run_on is not None and "  - " in value and run_on.search(value):
                    return None  # a run-on line: the line splitter locates and words it
                if tag not in keep:
                    values = None
                    continue
                value = value.strip()
                if not value:
                    emptied = True  # an empty value is kept until a continuation fills it
                values = get(tag)
                if values is None:
                    fields[tag] = values = [value]
                else:
                    values.append(value)
                last = tag
            elif values is not None:
                piece = line.strip()
                if not piece:
                    continue
                if last in list_tags:
                    values.append(piece)
                else:
                    values[-1] = " ".join(f"{values[-1]} {piece}".split())
        if emptied:
            for key in list(fields):
                kept = [v for v in fields[key] if v]
                if kept:
                    fields[key] = kept
                else:
                    del fields[key]
        return fields, len(found)

    return read


def _indented_reader(dialect: Dialect) -> Callable:
    """Dialects whose continuation lines are indented (MEDLINE, WoS): one match per field, its
    tag line then every following line that starts with white space or is empty, as
    ``(tag, value, continuation lines, "")``; a line that is neither comes back alone as
    ``("", "", "", line)`` and sends its record to the line splitter. Abstracts wrap over many
    lines here, so matching them with their field keeps the Python loop short."""
    tag = dialect.tag_line.pattern
    pattern = re.compile("^(?:" + tag + r")(.*)((?:\n(?=[ \t\r\n]).*)*+)|^(.+)", re.MULTILINE)
    start_tags, list_tags, run_on = dialect.start_tags, dialect.list_tags, dialect.run_on
    keep = _kept_tags(dialect)

    def read(text: str, start: int, stop: int) -> tuple[dict, int] | None:
        found = pattern.findall(text, start, stop)
        if not found or found[0][0] not in start_tags:
            return None
        if any(map(_STRAY, found)):
            return None  # a line that is neither a tag nor indented: the line splitter words it
        fields: dict[str, list[str]] = {}
        get = fields.get
        for tag, value, more, _ in found:
            if run_on is not None and "  - " in value and run_on.search(value):
                return None
            if tag not in keep:
                continue
            if more and not more.isspace():
                if tag in list_tags:
                    pieces = [
                        v for v in (value.strip(), *(p.strip() for p in more.split("\n"))) if v
                    ]
                    if pieces:
                        fields.setdefault(tag, []).extend(pieces)
                    continue
                # Continuation lines joined with single spaces (whitespace folded, as the line
                # splitter does).
                value = " ".join((value + more).split())
            else:
                value = value.strip()
            if value:
                values = get(tag)
                if values is None:
                    fields[tag] = [value]
                else:
                    values.append(value)
        # Each field is its tag line and its continuation lines: counting those is cheaper
        # than counting line breaks across the record's text again.
        return fields, len(found) + "".join(map(_CONTINUATION, found)).count("\n")

    return read


def marker_tags(dialect: Dialect) -> list[str]:
    return sorted(dialect.start_tags | ({dialect.end_tag} if dialect.end_tag else set()))


def _marker_positions(text: str, tags: list[str]) -> list[int]:
    """Line starts that begin with a start or end tag, in order. A literal str.find per tag is
    about eight times faster than a multiline regex over a 100 MB export; the caller checks each
    candidate with the dialect's tag pattern."""
    positions: list[int] = []
    find = text.find
    for tag in tags:
        if text.startswith(tag):
            positions.append(0)
        needle = "\n" + tag
        pos = find(needle)
        while pos != -1:
            positions.append(pos + 1)
            pos = find(needle, pos + 1)
    positions.sort()
    return positions


_BARE_CR = re.compile(r"\r(?!\n)")


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _gaps_are_empty(text: str, spans: list[tuple[int, int]], dialect: Dialect) -> bool:
    """True when no tag line sits outside the records (the fast path would lose it)."""
    tag_line = re.compile("^(?:" + dialect.tag_line.pattern + ")", re.MULTILINE)
    skip = dialect.skip_outside
    previous = 0
    for start, end in [*spans, (len(text), len(text))]:
        if previous < start and not text[previous:start].isspace():
            for found in tag_line.finditer(text, previous, start):
                line_end = text.find("\n", found.start(), start)
                line = text[found.start() : start if line_end == -1 else line_end]
                if skip is None or not skip.match(line):
                    return False
        previous = end
    return True


def _split_lines(
    text: str,
    dialect: Dialect,
    start: int = 0,
    end: int | None = None,
    lineno: int = 1,
    index: int = 0,
) -> list[TaggedRecord]:
    """The line-by-line splitter, over ``text[start:end]`` (the whole text by default) whose
    first line is line ``lineno`` and first record has index ``index``."""
    records: list[TaggedRecord] = []
    tag_match = dialect.tag_line.match
    start_tags = dialect.start_tags
    end_tag = dialect.end_tag
    separator = dialect.separator.match if dialect.separator else None
    skip_outside = dialect.skip_outside.match if dialect.skip_outside else None
    indented = dialect.indented_continuation
    ignore = dialect.ignore_tags
    list_tags = dialect.list_tags
    wanted = dialect.wanted_tags

    current: TaggedRecord | None = None
    fields: dict[str, list[str]] = {}
    last_values: list[str] | None = None
    last_is_list = False
    # Tag lines after an end tag and before the next start: Ovid writes a record's last fields
    # (NL, the full-text link) after its ER. Such a block is the previous record's tail unless it
    # ends with its own end tag, in which case it is a record whose start line is missing.
    orphan = False
    last_end = 0  # end of the current record's last non-blank line
    last_line = 0

    def close(problem: str = "", ended: bool = False) -> None:
        nonlocal current, last_values, orphan
        assert current is not None
        current.char_end = _rstrip_end(text, current.char_start, last_end)
        current.line_end = last_line
        for tag in list(current.fields):
            kept = [v for v in current.fields[tag] if v]
            if kept:
                current.fields[tag] = kept
            else:
                del current.fields[tag]
        if orphan and not ended and records and not records[-1].problem:
            previous = records[-1]
            previous.char_end, previous.line_end = current.char_end, current.line_end
            for tag, values in current.fields.items():
                previous.fields.setdefault(tag, []).extend(values)
        else:
            if problem and not current.problem:
                current.problem = problem
            records.append(current)
        current = None
        last_values = None
        orphan = False

    def open_record(start: int, lineno: int, problem: str = "") -> None:
        nonlocal current, fields, last_values, orphan
        fields = {}
        current = TaggedRecord(index + len(records), start, start, lineno, lineno, fields, problem)
        last_values = None
        orphan = bool(problem) and end_tag is not None

    for line, line_start, line_end, line_no in iter_lines(text, start, end, lineno):
        if not line or line.isspace():
            # Only an empty line ends a record: a line of spaces inside a MEDLINE record is
            # read as part of it (as the fast path reads it), so the indented lines after it
            # are not lost between records.
            if not line and current is not None and dialect.blank_ends_record:
                close()
            continue
        if separator and separator(line):
            if current is not None:
                close()
            open_record(line_start, line_no)
            last_end, last_line = line_end, line_no
            continue
        match = tag_match(line)
        if current is None:
            if match is None or (skip_outside and skip_outside(line)):
                # Text between records that is not a tag line (export banners, Ovid's "1."
                # numbering, a WoS header) carries no record.
                continue
            tag = match.group(1)
            if tag == end_tag:
                continue  # a stray end tag with nothing open: nothing to count
            if tag in start_tags or end_tag is None:
                # Without an end tag there is no way to tell a tail from a record, and a
                # record without the usual first tag (a MEDLINE block without PMID) is still a
                # record.
                open_record(line_start, line_no)
            else:
                open_record(
                    line_start,
                    line_no,
                    f"line {line_no}: the record starts with the tag {tag!r} instead of "
                    f"{' or '.join(sorted(start_tags))}; its start line is missing",
                )
        else:
            if match is not None:
                tag = match.group(1)
                if tag in start_tags and dialect.end_tag is not None:
                    close(
                        f"line {current.line_start}: the record has no {end_tag} line before "
                        f"the next record starts on line {line_no} (missing end tag)"
                    )
                    open_record(line_start, line_no)
                elif tag in start_tags and separator is None and fields:
                    close()
                    open_record(line_start, line_no)
            elif indented and not line[:1].isspace():
                current.problem = current.problem or (
                    f"line {line_no}: expected a tag or an indented continuation line, found "
                    f"{line[:40]!r}"
                )
        last_end, last_line = line_end, line_no
        if match is None:
            if last_values is not None:
                piece = line.strip()
                if not piece:
                    pass
                elif last_is_list:
                    last_values.append(piece)
                else:
                    last_values[-1] = " ".join(f"{last_values[-1]} {piece}".split())
            continue
        tag = match.group(1)
        if tag == end_tag:
            close(ended=True)
            continue
        if tag in ignore or (wanted is not None and tag not in wanted):
            if dialect.run_on is not None and "  - " in line[match.end() :]:
                run = dialect.run_on.search(line[match.end() :])
                if run and not current.problem:
                    current.problem = (
                        f"line {line_no}: the tag {run.group(1)!r} is run into the value of "
                        f"{tag!r} without a line break, so the record's fields cannot be told "
                        "apart"
                    )
            last_values = None
            continue
        value = line[match.end() :].strip()
        if dialect.run_on is not None and "  - " in value:
            run = dialect.run_on.search(value)
            if run and not current.problem:
                current.problem = (
                    f"line {line_no}: the tag {run.group(1)!r} is run into the value of {tag!r} "
                    "without a line break, so the record's fields cannot be told apart"
                )
        values = fields.get(tag)
        if values is None:
            fields[tag] = values = []
        values.append(value)
        last_values = values
        last_is_list = tag in list_tags
    if current is not None:
        if end_tag is not None:
            close(
                f"line {current.line_start}: the record has no {end_tag} line before the end of "
                "the file (missing end tag; was the export truncated?)"
            )
        else:
            close()
    return records


def _flag_control_character(text: str, record: TaggedRecord) -> None:
    """A control character inside a record means corrupted bytes; reject that record (one
    regex scan per record, not per line, to stay fast)."""
    if record.problem:
        return
    hit = CONTROL_CHARS.search(text, record.char_start, record.char_end)
    if hit:
        lineno = record.line_start + text.count("\n", record.char_start, hit.start())
        record.problem = (
            f"line {lineno}: control character U+{ord(hit.group()):04X} inside the record "
            "(corrupted export?); re-export the record or remove the character"
        )


def has_content(fields: dict) -> bool:
    """A record worth ingesting names something: a title, an abstract, an author or an id."""
    get = fields.get
    return bool(get("title") or get("abstract") or get("authors") or get("doi") or get("pmid"))


NO_CONTENT = "the record has no title, abstract, authors, DOI or PMID"


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a file's records are built. Parsing allocates
    millions of small acyclic objects (strings, lists, dicts); each allocation burst triggers
    collections that re-scan the whole growing heap, which cost 40% of ingest time on a
    100,000-record export. Reference counting still frees everything; nothing here is cyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_tagged(
    text: str, dialect: Dialect, to_fields: Callable[[TaggedRecord], dict]
) -> Iterator[object]:
    """Split and map a file lazily, record by record, as Parsed/Rejected: the caller keeps
    what it needs and the splitter's intermediate fields are freed as it goes. A caller reading
    a large file should pause the collector around the loop (``read_source`` does, with
    ``gc_paused``)."""
    return to_items(iter_records(text, dialect), to_fields)


def to_items(
    records: Iterable[TaggedRecord], to_fields: Callable[[TaggedRecord], dict]
) -> Iterator[object]:
    """Turn split records into Parsed/Rejected with ``to_fields`` mapping tags to the schema."""
    for rec in records:
        span = (rec.index, rec.line_start, rec.line_end, rec.char_start, rec.char_end)
        if rec.problem:
            yield Rejected(*span, rec.problem)
            continue
        fields = to_fields(rec)
        if not has_content(fields):
            yield Rejected(*span, f"line {rec.line_start}: {NO_CONTENT}")
            continue
        yield Parsed(*span, fields)


_BLANK = dict.fromkeys(BIBLIOGRAPHIC_FIELDS, "")


def blank_fields() -> dict[str, str]:
    """Every bibliographic field present and empty, so all readers yield the same columns."""
    return _BLANK.copy()


def join_values(values) -> str:
    """``"; "``-join list values (authors, keywords), dropping empties and duplicates in order.
    Values arrive stripped and with continuation lines already joined by the splitters."""
    kept = dict.fromkeys([v.strip(" ;") for v in values])
    kept.pop("", None)
    return "; ".join(kept)


def first_doi(doi_field: str, *links: str) -> str:
    """The record's DOI: its DOI field, else the first link that carries one (see
    ``doi_from_link``)."""
    doi = normalize_doi(doi_field)
    if doi:
        return doi
    for link in links:
        doi = doi_from_link(link)
        if doi:
            return doi
    return ""


_DOI_LINK = re.compile(r"doi\.org/|[?&;]doi=|[=:]doi:|/doi/(?:abs/|full/|pdf/)?10\.", re.IGNORECASE)


def doi_from_link(link: str) -> str:
    """A DOI from a link only where the link says it is one: a resolver (doi.org), a ``doi=``
    query, or a publisher's ``/doi/10....`` path. Cochrane CENTRAL links carry the DOI of the
    CENTRAL entry (10.1002/central/CN-...), not the article's, so they are skipped: a wrong DOI
    would keep dedup from matching the record's copies from other databases."""
    if not link or not _DOI_LINK.search(link):
        return ""
    doi = normalize_doi(link)
    return "" if doi.startswith("10.1002/central/") else doi


# --- XML exports (PubMed XML, EndNote XML) --------------------------------------------------
# They share this module rather than a new one because the brief allots one helper module; the
# problem is the same as for tagged lines: find each record's span, parse it, and reject it
# alone when it is broken.


@dataclass(slots=True)
class XmlSpan:
    index: int
    char_start: int
    char_end: int
    line_start: int
    line_end: int
    problem: str = ""


_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def xml_parser():
    """An lxml parser that refuses what makes XML dangerous: no entity expansion, no DTD
    loading, no network, no huge trees."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def xml_record_spans(text: str, tags: tuple[str, ...], source_label: str) -> list[XmlSpan]:
    """Spans of the ``<tag>...</tag>`` records, checking that the document around them is
    well-formed XML. A record whose end tag is missing is a rejected span; a document that is
    truncated, not XML, or declares entities raises UnreadableSource (lxml gives no character
    offsets, hence the scan)."""
    from lxml import etree

    names = "|".join(re.escape(t) for t in tags)
    start_re = re.compile(rf"<(?:{names})(?=[\s>/])")
    end_re = re.compile(rf"</(?:{names})\s*>")
    lines = LineIndex(text)
    if re.search(r"<!ENTITY", text[:65536]):
        raise UnreadableSource(
            f"{source_label} declares XML entities (<!ENTITY ...>); litreview does not expand "
            "entities because they can hide external files or expand without bound. Re-export "
            "the file from the database or reference manager."
        )
    starts = [m.start() for m in start_re.finditer(text)]
    spans: list[XmlSpan] = []
    skeleton_parts: list[str] = []
    previous_end = 0
    for i, start in enumerate(starts):
        limit = starts[i + 1] if i + 1 < len(starts) else len(text)
        end_match = end_re.search(text, start, limit)
        problem = ""
        if end_match is None:
            end = limit
            # Trailing whitespace and the document's closing tags are not part of the record.
            if i + 1 == len(starts):
                tail = re.search(r"\s*(?:</[^<>]+>\s*)*$", text[start:])
                end = start + tail.start() if tail else limit
            problem = (
                f"line {lines.line(start)}: the record's end tag </{tags[0]}> is missing "
                "before the next record or the end of the file"
            )
        else:
            end = end_match.end()
        spans.append(
            XmlSpan(i, start, end, lines.line(start), lines.line(max(start, end - 1)), problem)
        )
        skeleton_parts.append(text[previous_end:start])
        # Keep the line breaks, so lxml's line numbers in the skeleton are the file's.
        skeleton_parts.append("\n" * text.count("\n", start, end))
        previous_end = end
    skeleton_parts.append(text[previous_end:])
    # The text is already decoded; the declaration's encoding (UTF-16 for EndNote) no longer
    # describes it, so the skeleton is handed to lxml as UTF-8 and labelled so.
    skeleton = _XML_ENCODING.sub(r"\1UTF-8\2", "".join(skeleton_parts), count=1)
    try:
        etree.fromstring(skeleton.lstrip("\ufeff").encode("utf-8"), xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or lines.line(len(text))
        truncated = "premature end" in str(exc).lower() or "end of data" in str(exc).lower()
        what = (
            "is truncated (it ends before its closing tags)"
            if truncated
            else "is not well-formed XML"
        )
        raise UnreadableSource(
            f"{source_label}, line {line}: the file {what}: {exc.msg}. Re-export the complete "
            "file; the readers tried were for XML exports (PubMed XML, EndNote XML)."
        ) from exc
    return spans


def parse_xml_record(text: str, span: XmlSpan):
    """Parse one record's text; return the element or raise ValueError with a located reason."""
    from lxml import etree

    try:
        return etree.fromstring(text[span.char_start : span.char_end].encode("utf-8"), xml_parser())
    except etree.XMLSyntaxError as exc:
        line = span.line_start + (exc.lineno or 1) - 1
        raise ValueError(f"line {line}: the record is not well-formed XML: {exc.msg}") from exc


def element_text(element) -> str:
    """All text inside an element with inline markup (<i>, <sup>, EndNote's <style>) dropped and
    whitespace folded; entities are decoded by the parser."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def parse_xml_records(text: str, tags: tuple[str, ...], source_label: str, record_fields):
    """Parsed or Rejected for every record element of an XML export (PubMed, EndNote): each
    element is parsed alone, so a broken or empty record is rejected and the rest still read."""
    for span in xml_record_spans(text, tags, source_label):
        located = (span.index, span.line_start, span.line_end, span.char_start, span.char_end)
        if span.problem:
            yield Rejected(*located, span.problem)
            continue
        try:
            element = parse_xml_record(text, span)
        except ValueError as exc:
            yield Rejected(*located, str(exc))
            continue
        fields = record_fields(element)
        if not has_content(fields):
            yield Rejected(*located, f"line {span.line_start}: {NO_CONTENT}")
            continue
        yield Parsed(*located, fields)
