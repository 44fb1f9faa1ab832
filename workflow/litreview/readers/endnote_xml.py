"""EndNote XML (File -> Export -> XML, EndNote 8 to 21; often UTF-16 with a byte-order mark):
``<xml><records><record>...``, every value wrapped in ``<style>`` runs. Parsed with lxml's
safe parser, one record at a time so a broken record is rejected alone."""

from __future__ import annotations

import re

from litreview.normalize import (
    database_name,
    normalize_pmcid,
    normalize_pmid,
    pages,
    publication_type,
    year,
)
from litreview.readers._tagged import (
    blank_fields,
    element_text,
    first_doi,
    join_values,
    parse_xml_records,
)

FORMAT = "endnote_xml"

_SNIFF = re.compile(r"<xml>\s*<records>\s*<record[\s>]|<source-app[^>]*EndNote")


def sniff(text: str, name: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and bool(_SNIFF.search(text[:65536]))


def parse(text: str, source_label: str = "this EndNote XML file"):
    return parse_xml_records(text, ("record",), source_label, record_fields)


def _text(record, path: str) -> str:
    return element_text(record.find(path))


def record_fields(record) -> dict:
    fields = blank_fields()
    ref_type = record.find("ref-type")
    fields["type"] = publication_type(ref_type.get("name") if ref_type is not None else "")
    fields["title"] = _text(record, "titles/title")
    fields["authors"] = join_values(
        element_text(a) for a in record.iterfind("contributors/authors/author")
    )
    fields["year"] = year(_text(record, "dates/year")) or year(
        _text(record, "dates/pub-dates/date")
    )
    fields["journal"] = (
        _text(record, "titles/secondary-title")
        or _text(record, "periodical/full-title")
        or _text(record, "alt-periodical/full-title")
    )
    fields["volume"] = _text(record, "volume")
    fields["issue"] = _text(record, "number")
    fields["pages"] = pages(_text(record, "pages"))
    fields["doi"] = first_doi(
        _text(record, "electronic-resource-num"),
        *(element_text(u) for u in record.iterfind("urls/related-urls/url")),
    )
    database = database_name(
        _text(record, "remote-database-name") or _text(record, "remote-database-provider")
    )
    fields["database"] = database
    fields["pmid"] = _pmid(record, database)
    fields["pmcid"] = normalize_pmcid(
        " ".join(_text(record, f"custom{i}") for i in (1, 2, 3, 4, 5, 6, 7))
    )
    fields["abstract"] = _text(record, "abstract")
    fields["keywords"] = join_values(element_text(k) for k in record.iterfind("keywords/keyword"))
    fields["language"] = _text(record, "language")
    fields["url"] = element_text(record.find("urls/related-urls/url"))
    return fields


def _pmid(record, database: str) -> str:
    # EndNote keeps the PubMed id in accession-num for records imported from PubMed; other
    # databases put their own accession numbers there (Embase "L6...", WoS "WOS:..."), so a
    # value counts only when it is a plausible PMID and the record is not from elsewhere.
    accession = _text(record, "accession-num")
    if not accession.isdigit() or len(accession) > 8:
        return ""
    if database and database != "MEDLINE/PubMed":
        return ""
    return normalize_pmid(accession)
