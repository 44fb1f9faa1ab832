"""File-level bad input: empty, binary, unknown format, truncated XML, odd file names; and
property tests that random bytes and truncations only ever raise UnreadableSource."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litreview.readers import read_source
from litreview.readers.base import UnreadableSource

RIS = (
    "TY  - JOUR\nTI  - Liver transplantation for neuroendocrine metastases\n"
    "AU  - Smith, J\nPY  - 2018\nDO  - 10.1000/lt.1\nER  - \n\n"
    "TY  - JOUR\nTI  - Radiofrequency ablation of NET liver metastases\n"
    "AU  - Doe, A\nPY  - 2019\nER  - \n"
)
PUBMED_XML = (
    '<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>'
    "<PMID>1</PMID><Article><ArticleTitle>TACE for NET</ArticleTitle></Article>"
    "</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n"
)


def test_empty_file_names_file_and_formats():
    with pytest.raises(UnreadableSource, match=r"raw/empty\.ris: the file is empty.*ris"):
        read_source("raw/empty.ris", b"  \n", "raw/empty.ris")


def test_binary_file():
    with pytest.raises(UnreadableSource, match=r"blob\.ris: this is a binary file.*tried: .*ris"):
        read_source("blob.ris", bytes(range(256)) * 8, "blob.ris")


def test_unknown_format_lists_formats_tried():
    data = b"id,value\n1,2\n3,4\n"
    try:
        read_source("numbers.csv", data, "numbers.csv")
    except UnreadableSource as exc:
        message = str(exc)
        assert "numbers.csv" in message
        for fmt in ("ris", "medline", "pubmed_xml", "endnote_xml", "bibtex", "wos", "csv"):
            assert fmt in message
    else:  # the plain-text reader may accept any prose; a CSV of numbers is not prose
        pytest.fail("a CSV without bibliographic columns was accepted")


def test_truncated_xml_names_line():
    with pytest.raises(UnreadableSource, match=r"line \d+"):
        read_source("cut.xml", PUBMED_XML[:-40].encode(), "cut.xml")


def test_truncated_xml_names_file():
    with pytest.raises(UnreadableSource, match=r"cut\.xml"):
        read_source("cut.xml", PUBMED_XML[:-40].encode(), "cut.xml")


@pytest.mark.parametrize(
    "name", ["my export.ris", 'o\'brien "2019".ris', "recherche_é_中文.ris", "a;b,c.ris"]
)
def test_odd_file_names(tmp_path, name):
    path = tmp_path / name
    path.write_text(RIS, encoding="utf-8")
    result = read_source(path, path.read_bytes(), name)
    assert result.source_file == name
    assert len(result.records) == 2


@pytest.mark.parametrize(
    ("encode", "decoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("cp1252"), "cp1252"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings(encode, decoding):
    text = RIS.replace("Smith, J", "Müller, J")
    result = read_source("x.ris", encode(text), "x.ris")
    assert result.decoding == decoding
    assert [r["authors"] for r in result.records] == ["Müller, J", "Doe, A"]
    assert result.records[0]["doi"] == "10.1000/lt.1"


def _only_unreadable(data: bytes):
    try:
        result = read_source("fuzz.bin", data, "fuzz.bin")
    except UnreadableSource:
        return
    # Every record start is counted once, in file order, with a span inside the text.
    items = sorted(result.records + result.rejected, key=lambda r: r["record_index"])
    assert [r["record_index"] for r in items] == list(range(len(items)))
    previous_end = 0
    for item in items:
        assert previous_end <= item["char_start"] <= item["char_end"]
        assert item["line_start"] <= item["line_end"]
        previous_end = item["char_end"]


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_only_raise_unreadable(data):
    _only_unreadable(data)


@settings(max_examples=150, deadline=2000)
@given(st.integers(min_value=0, max_value=len(RIS)), st.sampled_from([RIS, PUBMED_XML]))
def test_truncations_only_raise_unreadable(cut, text):
    _only_unreadable(text[:cut].encode())


@settings(max_examples=100, deadline=2000)
@given(st.text(alphabet=st.sampled_from(list("TYERAU -\n\r\t1.<>/x\x07é")), max_size=400))
def test_tag_soup_only_raises_unreadable(text):
    _only_unreadable(text.encode("utf-8"))
