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


# --- Hostile and extreme input: nothing hangs, nothing is expanded, nothing is lost ----------

ARTICLE = (
    "<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article><ArticleTitle>{title}"
    "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
)


def _pubmed(*titles):
    body = "".join(ARTICLE.format(pmid=i + 1, title=t) for i, t in enumerate(titles))
    return (PUBMED_XML.split("<PubmedArticle>")[0] + body + "</PubmedArticleSet>\n").encode()


def test_deeply_nested_xml_rejects_that_record_only():
    deep = "<i>" * 50_000 + "x" + "</i>" * 50_000
    result = read_source("deep.xml", _pubmed("TACE for NET", deep, "TARE for NET"), "deep.xml")
    assert [r["title"] for r in result.records] == ["TACE for NET", "TARE for NET"]
    (rejected,) = result.rejected
    assert rejected["record_index"] == 1 and rejected["line_start"] == 4
    assert "depth" in rejected["reason"]


def test_huge_xml_text_node_rejects_that_record_only():
    # lxml refuses a text node over 10 MB unless huge_tree is set, which litreview never sets.
    result = read_source("huge.xml", _pubmed("TACE for NET", "a" * 11_000_000), "huge.xml")
    assert [r["title"] for r in result.records] == ["TACE for NET"]
    assert "too long" in result.rejected[0]["reason"]


@pytest.mark.parametrize(
    "declaration",
    [
        '<!ENTITY xxe SYSTEM "file:///etc/hostname">',
        '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;',
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
    ],
)
def test_entity_declarations_are_refused_not_expanded(declaration):
    text = (
        _pubmed("a &xxe; &b; b")
        .decode()
        .replace(
            "<PubmedArticleSet>", f"<!DOCTYPE PubmedArticleSet [{declaration}]>\n<PubmedArticleSet>"
        )
    )
    with pytest.raises(UnreadableSource, match="entities"):
        read_source("xxe.xml", text.encode(), "xxe.xml")


def test_external_dtd_is_not_fetched():
    # Nothing listens on port 9; fetching the DTD would fail or hang, not loading it works.
    text = (
        _pubmed("TACE for NET")
        .decode()
        .replace(
            "<PubmedArticleSet>",
            '<!DOCTYPE PubmedArticleSet SYSTEM "http://127.0.0.1:9/pubmed.dtd">\n<PubmedArticleSet>',
        )
    )
    result = read_source("dtd.xml", text.encode(), "dtd.xml")
    assert [r["title"] for r in result.records] == ["TACE for NET"]


def test_huge_tagged_fields_ingest_whole():
    abstract = "survival " * 600_000  # 5.4 MB on one line
    ris = f"TY  - JOUR\nTI  - Big\nAB  - {abstract}\nER  - \n".encode()
    (record,) = read_source("big.ris", ris, "big.ris").records
    assert record["abstract"] == abstract.strip()
    wrapped = "\n      ".join(["hepatic metastases"] * 200_000)  # 200,000 continuation lines
    nbib = f"PMID- 1\nTI  - Big\nAB  - {wrapped}\n".encode()
    (record,) = read_source("big.nbib", nbib, "big.nbib").records
    assert record["abstract"] == " ".join(["hepatic metastases"] * 200_000)
    assert record["line_end"] == 200_002


@settings(max_examples=100, deadline=3000)
@given(
    st.text(
        alphabet=st.sampled_from(list("PMIDTABU -\n\r\t0123 x\x07\x1céFN")),
        min_size=1,
        max_size=400,
    )
)
def test_medline_and_wos_soup_only_raises_unreadable(text):
    _only_unreadable(("PMID- 1\n" + text).encode("utf-8"))
    _only_unreadable(("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n" + text).encode())
