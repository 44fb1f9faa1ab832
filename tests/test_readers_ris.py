"""RIS reader. Expected values were read off the fixture files (and their README counts)."""

from __future__ import annotations

import pytest

from litreview.readers import read_source, ris
from litreview.readers._tagged import _split_fast, _split_lines, split_records
from litreview.readers.base import Parsed, Rejected
from litreview.textio import decode_bytes

COUNTS = {
    "asreview_embase.ris": 6,
    "asreview_ovid_psycinfo.ris": 6,
    "asreview_proquest.ris": 6,
    "asreview_pubmed_endnote.txt": 6,
    "asreview_web_of_science.txt": 10,
    "asysd_scopus.ris": 10,
    "asysd_wos_test.ris": 50,
    "synthesisr_ASP_ris_example.ris": 4,
    "synthesisr_Ovid_ris_example.ris": 4,
    "synthesisr_Scopus_ris_example.ris": 3,
}


def ingest(path):
    return read_source(path, path.read_bytes(), path.name)


@pytest.mark.parametrize(("name", "count"), sorted(COUNTS.items()))
def test_fixture_record_counts(formats_dir, name, count):
    result = ingest(formats_dir / name)
    assert result.source_format == "ris"
    assert len(result.records) == count
    assert result.rejected == []
    assert [r["record_index"] for r in result.records] == list(range(count))


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_raw_text_is_recoverable_from_the_locator(formats_dir, name):
    data = (formats_dir / name).read_bytes()
    result = read_source(name, data, name)
    text, decoding = decode_bytes(data)
    assert decoding == result.decoding
    for record in result.records:
        raw = text[record["char_start"] : record["char_end"]]
        assert raw.startswith("TY  - ")
        lines = text.split("\n")
        assert lines[record["line_start"] - 1].lstrip("\ufeff").startswith("TY  - ")
        assert raw.rstrip().endswith(("ER  -", "Link to the Ovid Full Text or citation:")) or (
            "NL  - " in raw
        )


def test_embase_record_fields(formats_dir):
    first = ingest(formats_dir / "asreview_embase.ris").records[0]
    assert first["title"] == (
        "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"
    )
    assert first["authors"] == "Liu R.; Adler D.G."
    assert (first["year"], first["volume"], first["issue"], first["pages"]) == (
        "2014",
        "3",
        "3",
        "152-160",
    )
    assert first["doi"] == "10.4103/2303-9027.138783"
    assert first["journal"] == "Endoscopic Ultrasound"
    assert first["database"] == "Embase"
    assert first["language"] == "English"
    assert first["type"] == "journal-article"
    assert first["record_id"] == f"{first['source_sha256'][:12]}-000000"


def test_scopus_pmid_from_c2_and_database(formats_dir):
    path = formats_dir / "asysd_scopus.ris"
    text, _ = decode_bytes(path.read_bytes())
    records = ingest(path).records
    with_c2 = [r for r in records if "C2  - 39549413" in text[r["char_start"] : r["char_end"]]]
    assert len(with_c2) == 1 and with_c2[0]["pmid"] == "39549413"
    assert {r["database"] for r in records} == {"Scopus"}


def test_pubmed_via_endnote_keywords_one_per_line_and_pmid(formats_dir):
    first = ingest(formats_dir / "asreview_pubmed_endnote.txt").records[0]
    keywords = first["keywords"].split("; ")
    assert keywords[:2] == [
        "Animals",
        "Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology",
    ]
    assert first["pmid"] == "21553931"
    assert first["database"] == "MEDLINE/PubMed"
    assert first["line_start"] == 2  # the file starts with a blank line


def test_ovid_numbered_lines_and_fields_after_er(formats_dir):
    path = formats_dir / "asreview_ovid_psycinfo.ris"
    text, _ = decode_bytes(path.read_bytes())
    first = ingest(path).records[0]
    assert first["line_start"] == 2  # line 1 is Ovid's "1."
    assert first["doi"] == "10.1002/cpp.2398"
    assert first["authors"].startswith("Trindade, Ines A; Irons, Chris")
    assert first["abstract"].startswith("Considering that self-criticism")  # N2, not AB
    assert first["pages"] == ""  # "SP  - No" / "EP  - Specified" is not a page
    # Ovid writes NL and the full-text link after ER: they stay with their record.
    assert "NL  - Clin Psychol Psychother" in text[first["char_start"] : first["char_end"]]


def test_wos_bare_carriage_returns_are_line_breaks(formats_dir):
    # Line 28 of asysd_wos_test.ris is "WE  - ...\rAN  - WOS:000082252000006": two fields.
    text, _ = decode_bytes((formats_dir / "asysd_wos_test.ris").read_bytes())
    first = split_records(text, ris.DIALECT)[0]
    assert first.fields["AN"] == ["WOS:000082252000006"]
    assert first.fields["WE"] == ["Science Citation Index Expanded (SCI-EXPANDED)"]
    assert first.problem == ""


def test_ebsco_crlf_first_abstract_and_offsets(formats_dir):
    path = formats_dir / "synthesisr_ASP_ris_example.ris"
    text, _ = decode_bytes(path.read_bytes())
    records = ingest(path).records
    assert records[0]["database"] == "Academic Search Premier"
    assert records[0]["abstract"].startswith("Small rodents are common inhabitants")
    assert "Copyright of" not in records[0]["abstract"]
    assert all("\r" not in r["abstract"] for r in records)
    assert text[records[0]["char_start"] : records[0]["char_end"]].endswith("ER  -")


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fast_path_agrees_with_line_splitter(formats_dir, name):
    text, _ = decode_bytes((formats_dir / name).read_bytes())
    fast = _split_fast(text, ris.DIALECT)
    if fast is not None:
        assert fast == _split_lines(text, ris.DIALECT)


GOOD = (
    "TY  - JOUR\nTI  - Hepatic resection for NET metastases\nAU  - Smith, J\nPY  - 2019\nER  - \n"
)


def items(text):
    return list(ris.parse(text))


def test_missing_er_rejects_that_record_only():
    text = (
        GOOD + "\nTY  - JOUR\nTI  - Lost end tag\nAU  - Doe, A\n\n"
        "TY  - JOUR\nTI  - Third record\nER  - \n"
    )
    result = items(text)
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "missing end tag" in result[1].reason
    assert result[1].line_start == 7
    assert result[2].fields["title"] == "Third record"


def test_record_without_ty_is_rejected_but_counted():
    text = GOOD + "\nTI  - Orphan\nAU  - Doe, A\nER  - \n\n" + GOOD
    result = items(text)
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "instead of TY" in result[1].reason
    assert [i.record_index for i in result] == [0, 1, 2]


def test_run_on_line_is_rejected_with_reason():
    text = GOOD + "\nTY  - JOUR\nTI  - Run on\nAD  - Univ X, USAC3  - University X\nER  - \n"
    result = items(text)
    assert isinstance(result[1], Rejected)
    assert "'C3' is run into the value of 'AD'" in result[1].reason
    assert "line 9" in result[1].reason


def test_control_character_rejects_the_record():
    text = GOOD + "\nTY  - JOUR\nTI  - Bad \x07 bell\nER  - \n\n" + GOOD
    result = items(text)
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "U+0007" in result[1].reason and "line 8" in result[1].reason


def test_empty_record_is_rejected():
    result = items("TY  - JOUR\nER  - \n")
    assert isinstance(result[0], Rejected) and "no title" in result[0].reason


def test_multiline_value_and_crlf():
    text = "TY  - JOUR\r\nTI  - A long title\r\ncontinued here\r\nAU  - Roe, B\r\nER  - \r\n"
    (record,) = items(text)
    assert record.fields["title"] == "A long title continued here"
    assert text[record.char_start : record.char_end] == text.rstrip()  # trailing blanks excluded
    assert (record.line_start, record.line_end) == (1, 5)


def test_sniff_by_content_not_extension():
    assert ris.sniff(GOOD, "export.txt")
    assert not ris.sniff("PMID- 123\nTI  - x\n", "export.ris")
