"""PubMed XML reader. Values read off asreview_pubmed.xml."""

from __future__ import annotations

import json

import pytest

from litreview.readers import pubmed_xml, read_source
from litreview.readers.base import Parsed, Rejected, UnreadableSource
from litreview.textio import decode_bytes

HEAD = '<?xml version="1.0"?>\n<PubmedArticleSet>\n'
ARTICLE = (
    "<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>"
    "<ArticleTitle>Y-90 for <i>NET</i> liver metastases &amp; more</ArticleTitle>"
    "<AuthorList><Author><LastName>Smith</LastName><ForeName>Jo</ForeName></Author></AuthorList>"
    "</Article></MedlineCitation></PubmedArticle>\n"
)


def test_fixture_count_and_first_record(formats_dir):
    path = formats_dir / "asreview_pubmed.xml"
    result = read_source(path, path.read_bytes(), path.name)
    assert result.source_format == "pubmed_xml"
    assert len(result.records) == 10 and result.rejected == []
    first = result.records[0]
    assert first["pmid"] == "31690499"
    assert first["title"] == (
        "A new decompression device for treating odontogenic cysts using a silicone tube."
    )
    assert first["authors"].startswith("Kimura, M; Ishibashi, K")
    assert first["doi"] == "10.1016/j.bjoms.2019.09.011"
    assert first["journal"] == "The British journal of oral & maxillofacial surgery"  # &amp;
    assert first["year"] == "2019"
    assert first["line_start"] == 5
    text, _ = decode_bytes(path.read_bytes())
    raw = text[first["char_start"] : first["char_end"]]
    assert raw.startswith("<PubmedArticle>") and raw.endswith("</PubmedArticle>")


def test_structured_abstract_sections(formats_dir):
    path = formats_dir / "asreview_pubmed.xml"
    records = read_source(path, path.read_bytes(), path.name).records
    record = next(r for r in records if r["pmid"] == "25371100")
    sections = json.loads(record["sections"])
    assert [s[0] for s in sections] == ["OBJECTIVES", "METHODS", "RESULTS", "DISCUSSION"]
    label, start, end = sections[2]
    assert record["abstract"][start:end] == "No recurrence was observed during a 7-year follow-up."
    assert "OBJECTIVES" not in record["abstract"]  # labels are attributes, not source text


def test_inline_markup_and_entities():
    text = HEAD + ARTICLE.format(pmid=1) + "</PubmedArticleSet>\n"
    (record,) = list(pubmed_xml.parse(text))
    assert record.fields["title"] == "Y-90 for NET liver metastases & more"
    assert record.fields["authors"] == "Smith, Jo"


def test_broken_record_rejected_rest_ingests():
    broken = "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>x</Article>"
    text = (
        HEAD
        + ARTICLE.format(pmid=1)
        + broken
        + "</MedlineCitation></PubmedArticle>\n"
        + ARTICLE.format(pmid=3)
        + "</PubmedArticleSet>\n"
    )
    result = list(pubmed_xml.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "line 4" in result[1].reason and "not well-formed" in result[1].reason


def test_truncated_file_raises_with_line():
    text = HEAD + ARTICLE.format(pmid=1) + ARTICLE.format(pmid=2)[:60]
    with pytest.raises(UnreadableSource, match=r"line \d+.*truncated"):
        list(pubmed_xml.parse(text))


def test_entity_declarations_are_refused():
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa">]>\n'
        "<PubmedArticleSet>" + ARTICLE.format(pmid=1) + "</PubmedArticleSet>"
    )
    with pytest.raises(UnreadableSource, match="entities"):
        list(pubmed_xml.parse(text))


def test_control_character_rejects_only_that_record():
    bad = ARTICLE.format(pmid=2).replace("Y-90", "Y-90\x07")
    text = HEAD + ARTICLE.format(pmid=1) + bad + ARTICLE.format(pmid=3) + "</PubmedArticleSet>\n"
    result = list(pubmed_xml.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "line 4" in result[1].reason
