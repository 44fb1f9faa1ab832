"""PubMed XML (``PubmedArticleSet`` from PubMed's "Save -> XML" or E-utilities efetch): one
``<PubmedArticle>`` (or ``<PubmedBookArticle>``) per record, parsed with lxml's safe parser."""

from __future__ import annotations

import json
import re

from litreview.normalize import (
    known_type,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pages,
    year,
)
from litreview.readers._tagged import (
    blank_fields,
    element_text,
    join_values,
    parse_xml_records,
)

FORMAT = "pubmed_xml"
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")

_SNIFF = re.compile(r"<(?:PubmedArticleSet|PubmedArticle|PubmedBookArticleSet)[\s>]")


def sniff(text: str, name: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and bool(_SNIFF.search(text[:65536]))


def parse(text: str, source_label: str = "this PubMed XML file"):
    return parse_xml_records(text, RECORD_TAGS, source_label, record_fields)


def record_fields(article) -> dict:
    fields = blank_fields()
    fields["database"] = "MEDLINE/PubMed"
    citation = article.find("MedlineCitation")
    if citation is None:  # PubmedBookArticle
        citation = article.find("BookDocument")
    if citation is None:
        citation = article
    art = citation.find("Article")
    if art is None:
        art = citation
    fields["pmid"] = normalize_pmid(element_text(citation.find("PMID")))
    title = art.find("ArticleTitle")
    if title is None:
        title = citation.find("Book/BookTitle")
    fields["title"] = element_text(title)
    fields["authors"] = join_values(_author(a) for a in art.iterfind("AuthorList/Author"))
    journal = art.find("Journal")
    if journal is not None:
        fields["journal"] = element_text(journal.find("Title")) or element_text(
            journal.find("ISOAbbreviation")
        )
        issue = journal.find("JournalIssue")
        if issue is not None:
            fields["volume"] = element_text(issue.find("Volume"))
            fields["issue"] = element_text(issue.find("Issue"))
            fields["year"] = year(element_text(issue.find("PubDate/Year"))) or year(
                element_text(issue.find("PubDate/MedlineDate"))
            )
    if not fields["year"]:
        fields["year"] = year(element_text(art.find("ArticleDate/Year"))) or year(
            element_text(citation.find("Book/PubDate/Year"))
        )
    fields["pages"] = pages(element_text(art.find("Pagination/MedlinePgn"))) or pages(
        element_text(art.find("Pagination/StartPage")),
        element_text(art.find("Pagination/EndPage")),
    )
    fields["doi"] = _doi(article, art)
    fields["pmcid"] = normalize_pmcid(
        element_text(article.find("PubmedData/ArticleIdList/ArticleId[@IdType='pmc']"))
    )
    fields["abstract"], fields["sections"] = _abstract(art)
    fields["keywords"] = join_values(
        [element_text(k) for k in citation.iterfind("KeywordList/Keyword")]
        + [element_text(d) for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")]
    )
    fields["language"] = element_text(art.find("Language"))
    fields["type"] = known_type(
        element_text(t) for t in art.iterfind("PublicationTypeList/PublicationType")
    )
    return fields


def _author(author) -> str:
    collective = element_text(author.find("CollectiveName"))
    if collective:
        return collective
    last = element_text(author.find("LastName"))
    given = element_text(author.find("ForeName")) or element_text(author.find("Initials"))
    return f"{last}, {given}" if given else last


def _doi(article, art) -> str:
    for element in art.iterfind("ELocationID[@EIdType='doi']"):
        doi = normalize_doi(element_text(element))
        if doi:
            return doi
    for element in article.iterfind("PubmedData/ArticleIdList/ArticleId[@IdType='doi']"):
        doi = normalize_doi(element_text(element))
        if doi:
            return doi
    return ""


def _abstract(art) -> tuple[str, str]:
    """The abstract's paragraphs joined with a space, and, for a structured abstract, the
    sections as JSON ``[label, start, end]`` offsets into it. The labels are attributes in the
    XML, not text, so they are not written into the abstract (which must align with the
    source text)."""
    parts = [p for p in art.iterfind("Abstract/AbstractText")]
    texts: list[str] = []
    sections = []
    position = 0
    for part in parts:
        text = element_text(part)
        if not text:
            continue
        if texts:
            position += 1
        label = part.get("Label") or ""
        if label:
            sections.append([label, position, position + len(text)])
        texts.append(text)
        position += len(text)
    return " ".join(texts), (json.dumps(sections) if sections else "")
