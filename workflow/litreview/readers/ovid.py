"""Ovid tagged exports (the "EndNote" ``.cgi`` and "Citavi" ``.ovd`` output styles, and Ovid's
plain "Fields" display): records introduced by ``<12. >`` lines, two-letter tags as in RIS
(``TI  - ``), values that may run on over unindented lines (the EndNote style breaks the
abstract at each structured heading). No parser library reads this format."""

from __future__ import annotations

import re

from litreview.normalize import (
    database_name,
    known_type,
    normalize_pmcid,
    normalize_pmid,
    pages,
    year,
)
from litreview.readers._tagged import (
    Dialect,
    TaggedRecord,
    blank_fields,
    first_doi,
    join_values,
    parse_tagged,
)

FORMAT = "ovid"

_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?=[ \r\n]|$)")
_SEPARATOR = re.compile(r"<\d+\.\s*>\s*$")

DIALECT = Dialect(
    name="Ovid",
    tag_line=_TAG,
    start_tags=frozenset(),
    separator=_SEPARATOR,
    run_on=re.compile(r"([A-Z][A-Z0-9])  - "),
    list_tags=frozenset({"AU", "MH", "OD", "KW"}),
)

_SNIFF_SEPARATOR = re.compile(r"^\ufeff?<\d+\.\s*>\s*$", re.MULTILINE)
_SNIFF_TAG = re.compile(r"^(?:VN|DB|UI|TI|AU|SO)  - ", re.MULTILINE)

# Ovid's SO: "Journal Title. 12 (3) (pp 45-67), 2018. Date of Publication: ..." (Embase) or
# "Journal Title. 12(3):45-67, 2018 Mar." (MEDLINE).
_SO_VOLUME = re.compile(r"\.\s+(\d+)\s*(?:\(([^)]*)\))?")
_SO_PAGES = re.compile(r"\(pp\s*([^)]*)\)|[\d)]\s*:\s*([A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)")


def sniff(text: str, name: str) -> bool:
    head = text[:65536]
    return bool(_SNIFF_SEPARATOR.search(head)) and bool(_SNIFF_TAG.search(head))


def parse(text: str):
    return parse_tagged(text, DIALECT, record_fields)


def record_fields(rec: TaggedRecord) -> dict:
    fields = blank_fields()
    database = database_name(rec.first("DB"))
    fields["database"] = database
    fields["type"] = known_type(rec.all("PT", "ST"))
    fields["title"] = rec.first("TI")
    fields["authors"] = join_values(rec.all("AU"))
    source = rec.first("SO")
    fields["year"] = year(rec.first("YR")) or year(rec.first("EP", "DP")) or year(source)
    fields["journal"] = rec.first("JN", "JT") or source.split(". ", 1)[0].strip()
    volume_issue = _SO_VOLUME.search(source)
    fields["volume"] = rec.first("VO", "VI") or (volume_issue.group(1) if volume_issue else "")
    fields["issue"] = rec.first("IP") or ((volume_issue.group(2) or "") if volume_issue else "")
    so_pages = _SO_PAGES.search(source)
    fields["pages"] = pages(rec.first("PG")) or (
        pages(so_pages.group(1) or so_pages.group(2)) if so_pages else ""
    )
    fields["doi"] = first_doi(rec.first("DO"), *rec.all("UR", "XL"))
    pmid = rec.first("PM")
    if not pmid and database == "MEDLINE/PubMed":
        pmid = rec.first("UI")  # in Ovid MEDLINE the unique identifier is the PMID
    fields["pmid"] = normalize_pmid(pmid)
    fields["pmcid"] = normalize_pmcid(rec.first("PMC"))
    fields["abstract"] = rec.first("AB")
    fields["keywords"] = join_values(rec.all("KW") + rec.all("MH"))
    fields["language"] = rec.first("LG", "LA")
    fields["url"] = rec.first("UR")
    return fields
