"""The shared splitter of the tagged formats (readers/_tagged.py): the fast path must read every
record exactly as the line-by-line splitter does, whatever else is in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litreview.readers import medline, ris, wos
from litreview.readers._tagged import (
    _flag_control_character,
    _split_lines,
    first_of,
    split_records,
    value_of,
)

FUZZ = settings(max_examples=300, deadline=3000, suppress_health_check=[HealthCheck.too_slow])


def line_splitter(text, dialect):
    """The reference: the line-by-line splitter over the whole file, control characters
    flagged per record."""
    records = _split_lines(text, dialect)
    for record in records:
        _flag_control_character(text, record)
    return records


# Lines a real export has, and the damage exports suffer: unindented or run-on lines, stray
# tags, blank lines and lines of spaces, control characters, tabs, no-break spaces. Records are
# built whole (start line, body, end line) so that most files take the fast path and the
# damage lands inside records.
RIS_BODY = [
    "TI  - Hepatic resection for NET",
    "AU  - Smith, J",
    "AU  - Müller, K",
    "KW  - liver",
    "KW  -",
    "AB  - Median survival was 60 months.",
    "AB  - TACE  - then TARE",
    "PY  - 2019",
    "DO  - 10.1000/x.1",
    "N1  - note AU  - run on",
    "N1  - note ends in a tag AU  - ",
    "continued text",
    "   indented continuation",
    "",
    "   ",
    "\u00a0",
    "TI\t - tab",
    "AU  - bell\x07",
    "KW  - \x1c",
    "TY  - JOUR",
    "ER  - ",
]
MEDLINE_BODY = [
    "TI  - Yttrium-90 radioembolisation",
    "      of NET liver metastases.",
    "AB  - Objective response 45%.",
    "      Median survival  30 months.",
    "TI  - Double  spaced\ttitle",
    "FAU - Smith, John",
    "AU  - Smith J",
    "OT  - liver",
    "LA  - eng",
    "LA  - ",
    "OWN - NLM",
    "      ",
    "\u00a0",
    "unindented junk",
    "",
    "AB\t - tab",
    "TI  - bell\x07 here",
    "\x0c",
    "PMID- 99",
]
WOS_BODY = [
    "AU Smith, J",
    "   Doe, A",
    "TI Transarterial chemoembolisation",
    "   of carcinoid metastases",
    "SO HPB",
    "DI 10.1000/x",
    "NR 12",
    "CR Anon, 2001, J X",
    "   Doe A, 2002, J Y",
    "",
    "   ",
    "SN\t1234",
    "junk line",
    "TC \x1f0",
    "PT J",
    "ER",
]


def _bodies(lines):
    # Mostly the first (clean) lines, now and then any line.
    clean = st.sampled_from(lines[:12])
    return st.lists(st.lists(st.one_of(clean, clean, clean, st.sampled_from(lines)), max_size=12))


def _file(records, start, end, separator, crlf, head=""):
    blocks = [[start(n), *body, *([end] if end else [])] for n, body in enumerate(records)]
    text = head + separator.join("\n".join(block) for block in blocks) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


@FUZZ
@given(_bodies(RIS_BODY), st.booleans(), st.sampled_from(["\n\n", "\n", "\n1.\n"]))
def test_ris_fast_path_reads_as_the_line_splitter(records, crlf, separator):
    text = _file(records, lambda n: "TY  - JOUR", "ER  - ", separator, crlf)
    assert split_records(text, ris.DIALECT) == line_splitter(text, ris.DIALECT)


@FUZZ
@given(_bodies(MEDLINE_BODY), st.booleans())
def test_medline_fast_path_reads_as_the_line_splitter(records, crlf):
    text = _file(records, lambda n: f"PMID- {n + 1}", None, "\n\n", crlf)
    assert split_records(text, medline.DIALECT) == line_splitter(text, medline.DIALECT)


@FUZZ
@given(_bodies(WOS_BODY), st.booleans())
def test_wos_fast_path_reads_as_the_line_splitter(records, crlf):
    head = "FN Clarivate Analytics Web of Science\nVR 1.0\n"
    text = _file(records, lambda n: "PT J", "ER", "\n\n", crlf, head) + "EF\n"
    assert split_records(text, wos.DIALECT) == line_splitter(text, wos.DIALECT)


GOOD_RIS = "TY  - JOUR\nTI  - Record {n}\nAU  - Smith, J\nER  - \n\n"
GOOD_MEDLINE = "PMID- {n}\nTI  - Record {n}\nAB  - An abstract\n      over two lines.\n\n"


@settings(max_examples=200, deadline=3000)
@given(
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=0, max_value=8),
    st.sampled_from("\x00\x07\x0b\x1c\x7f\x85"),
)
def test_a_control_character_rejects_only_its_record(n, offset, char):
    # The character goes into the title of record n ("Record n", line 2 of its record).
    for template, dialect, lines_per_record in (
        (GOOD_RIS, ris.DIALECT, 5),
        (GOOD_MEDLINE, medline.DIALECT, 5),
    ):
        text = "".join(template.format(n=k) for k in range(1, 6))
        title = text.index(f"Record {n}\n")
        at = title + min(offset, len(f"Record {n}"))
        damaged = text[:at] + char + text[at:]
        records = split_records(damaged, dialect)
        assert records == line_splitter(damaged, dialect)
        assert [r.problem == "" for r in records] == [k != n for k in range(1, 6)]
        line = (n - 1) * lines_per_record + 2
        assert records[n - 1].problem.startswith(
            f"line {line}: control character U+{ord(char):04X}"
        )


def test_a_broken_record_does_not_change_how_the_others_are_read():
    # The record in the middle has a line of only spaces inside its abstract; the last one a
    # line that is neither a tag nor indented. The middle record keeps its whole abstract
    # whether or not another record in the file is broken.
    middle = "PMID- 2\nTI  - Two\nAB  - First half\n      \n      second half.\n"
    broken = "PMID- 3\nTI  - Three\nnot indented\n"
    alone = split_records(GOOD_MEDLINE.format(n=1) + middle, medline.DIALECT)
    together = split_records(GOOD_MEDLINE.format(n=1) + middle + "\n" + broken, medline.DIALECT)
    assert alone[1].fields["AB"] == ["First half second half."]
    assert together[1] == alone[1]
    assert [r.problem == "" for r in together] == [True, True, False]
    assert "line 14" in together[2].problem  # "not indented", the third line of record 3


def test_unindented_line_after_an_unused_tag_is_reported():
    # WoS "NR" (cited reference count) is not read into the schema; the line after it has a
    # tab instead of a space after its tag, so it is neither a tag nor a continuation.
    text = "PT J\nTI A title\nNR 12\nSN\t1234-5678\nER\n\nPT J\nTI Another\nER\n"
    records = split_records(text, wos.DIALECT)
    assert "line 4" in records[0].problem and "indented" in records[0].problem
    assert records[1].problem == "" and records[1].fields["TI"] == ["Another"]


def test_record_at_the_start_of_the_file_and_line_numbers():
    text = GOOD_RIS.format(n=1) + "1.\n" + GOOD_RIS.format(n=2)
    first, second = split_records(text, ris.DIALECT)
    assert (first.line_start, first.line_end) == (1, 4)
    assert (second.line_start, second.line_end) == (7, 10)
    assert text[second.char_start : second.char_end].startswith("TY  - JOUR\nTI  - Record 2")
    assert text[second.char_start : second.char_end].endswith("ER  -")


def test_first_of_and_value_of():
    fields = {"T1": ["Primary title"], "TI": ["Title"], "KW": ["a", "b"]}
    assert first_of(fields, ("TI", "T1")) == "Title"
    assert first_of(fields, ("CT", "T1")) == "Primary title"
    assert first_of(fields, ("CT", "BT")) == ""
    assert value_of(fields, "KW") == "a"
    assert value_of(fields, "AB") == ""
