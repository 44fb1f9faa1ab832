"""CSV reader: the Embase.com export fixture, and Scopus-style and malformed CSVs written here."""

from __future__ import annotations

from litreview.readers import csv_export, read_source
from litreview.readers.base import Parsed, Rejected

SCOPUS_HEADER = (
    "Authors,Author(s) ID,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,"
    "DOI,Link,Abstract,Author Keywords,Language of Original Document,Document Type,Source,EID\n"
)


def test_embase_fixture(formats_dir):
    path = formats_dir / "asreview_embase.csv"
    result = read_source(path, path.read_bytes(), path.name)
    assert result.source_format == "csv"
    assert len(result.records) == 6 and result.rejected == []
    first = result.records[0]
    # Row 2: "Liu R., Adler D.G." / "Endoscopic Ultrasound (2014) 3:3 (152-160). ..." / the DOI
    # only inside the Open URL column ("id=doi:10.4103%2F2303-9027.138783").
    assert first["authors"] == "Liu R.; Adler D.G."
    assert (first["journal"], first["year"], first["volume"], first["issue"], first["pages"]) == (
        "Endoscopic Ultrasound",
        "2014",
        "3",
        "3",
        "152-160",
    )
    assert first["doi"] == "10.4103/2303-9027.138783"
    assert first["database"] == "Embase"
    assert first["line_start"] == 2


def test_scopus_csv_with_multiline_quoted_abstract():
    text = SCOPUS_HEADER + (
        '"Li W., Dou Z.",1;2,"Soil fauna, reeds",2020,Ecosystem Health,6,1,1722034,,,'
        '10.1080/20964129.2020.1722034,https://x,"First line\nsecond line",reed; soil,'
        "English,Article,Scopus,2-s2.0-1\n"
        '"Roe B.",3,Second paper,2021,J Hepatol,70,2,,69,80,,,,,,Review,Scopus,2-s2.0-2\n'
    )
    assert csv_export.sniff(text, "scopus.csv")
    first, second = list(csv_export.parse(text))
    assert first.fields["authors"] == "Li W.; Dou Z."
    assert first.fields["title"] == "Soil fauna, reeds"
    assert first.fields["abstract"] == "First line second line"
    assert first.fields["pages"] == "1722034"
    assert first.fields["keywords"] == "reed; soil"
    assert first.fields["database"] == "Scopus"
    assert (first.line_start, first.line_end) == (2, 3)
    assert text[first.char_start : first.char_end].endswith("2-s2.0-1")
    assert second.fields["pages"] == "69-80"
    assert (second.line_start, second.record_index) == (4, 1)


def test_row_with_wrong_column_count_is_rejected():
    text = (
        "Title,Authors,Year\nGood one,Smith J,2019\nBad, row, with, commas,2019\nThird,Doe A,2020\n"
    )
    result = list(csv_export.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "line 3" in result[1].reason and "5 columns" in result[1].reason


def test_semicolon_delimited_and_crlf():
    text = "Title;Authors;Year;DOI\r\nA title;Smith J;2019;doi:10.1000/ABC\r\n"
    (record,) = list(csv_export.parse(text))
    assert record.fields["doi"] == "10.1000/abc"
    assert text[record.char_start : record.char_end] == "A title;Smith J;2019;doi:10.1000/ABC"


def test_not_a_bibliographic_csv():
    assert not csv_export.sniff("id,value\n1,2\n", "data.csv")


def test_control_character_rejects_the_row():
    text = "Title,Authors,Year\nGood,Smith J,2019\nBad\x0b title,Doe A,2020\nThird,Roe B,2021\n"
    result = list(csv_export.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "U+000B" in result[1].reason and "line 3" in result[1].reason
