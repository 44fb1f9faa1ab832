"""RIS in every dialect the databases write: Embase, Scopus, Web of Science, ProQuest, EBSCO,
PubMed via EndNote, and Ovid's RIS with its ``1.`` numbering lines.

Records are split by ``_tagged`` (positions and malformed-record reasons, which rispy cannot
give); the tag -> field table below follows the RIS specification and rispy's mapping, with the
priorities the dialects need (Embase and Ovid put the abstract in ``N2``, Scopus the PMID in
``C2``, Embase in ``C5``).
"""

from __future__ import annotations

import re

from litreview.normalize import (
    database_name,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pages,
    publication_type,
    year,
)
from litreview.readers._tagged import (
    Dialect,
    TaggedRecord,
    blank_fields,
    first_doi,
    first_of,
    join_values,
    parse_tagged,
    value_of,
)

FORMAT = "ris"

# "TY  - JOUR": a two-character tag (letter, then letter or digit), two spaces, a hyphen. Some
# writers emit one space or omit the space after the hyphen on empty tags ("ER  -").
_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?=[ \r\n]|$)")
_RUN_ON = re.compile(r"([A-Z][A-Z0-9])  - ")
_OVID_NUMBER = re.compile(r"\d+\.\s*$")

DIALECT = Dialect(
    name="RIS",
    tag_line=_TAG,
    start_tags=frozenset({"TY"}),
    end_tag="ER",
    skip_outside=_OVID_NUMBER,
    run_on=_RUN_ON,
    list_tags=frozenset({"KW", "AU", "A1", "A2", "A3", "A4", "AD"}),
    wanted_tags=frozenset(
        [
            "TY",
            "TI",
            "T1",
            "CT",
            "BT",
            "AU",
            "A1",
            "PY",
            "Y1",
            "DA",
            "Y2",
            "JF",
            "T2",
            "JO",
            "JA",
            "J2",
            "J1",
            "VL",
            "VO",
            "IS",
            "CP",
            "SP",
            "EP",
            "C7",
            "DO",
            "DI",
            "L2",
            "UR",
            "LK",
            "L3",
            "M3",
            "N1",
            "DB",
            "DP",
            "WE",
            "AN",
            "PM",
            "C2",
            "C5",
            "M2",
            "AB",
            "N2",
            "KW",
            "DE",
            "LA",
            "LG",
        ]
    ),
)

_SNIFF_TY = re.compile(r"^\ufeff?(?:\d+\.\s*\r?\n)?TY {1,2}- ", re.MULTILINE)
_SNIFF_ER = re.compile(r"^ER {1,2}-", re.MULTILINE)

# Priority lists: the first tag with a value wins.
TITLE = ("TI", "T1", "CT", "BT")
AUTHORS = ("AU", "A1")
YEAR = ("PY", "Y1", "DA", "Y2")
JOURNAL = ("JF", "T2", "JO", "JA", "J2", "J1")
VOLUME = ("VL", "VO")
ISSUE = ("IS", "CP")
ABSTRACT = ("AB", "N2")
LANGUAGE = ("LA", "LG")
DOI = ("DO", "DI")
DOI_LINKS = ("L2", "UR", "LK", "L3", "M3", "N1")
URL = ("UR", "L2")


def sniff(text: str, name: str) -> bool:
    head = text[:65536]
    return bool(_SNIFF_TY.search(head)) and (bool(_SNIFF_ER.search(head)) or len(text) > 65536)


def parse(text: str):
    return parse_tagged(text, DIALECT, record_fields)


def record_fields(rec: TaggedRecord) -> dict:
    tags = rec.fields
    fields = blank_fields()
    fields["type"] = publication_type(value_of(tags, "TY"))
    fields["title"] = first_of(tags, TITLE)
    authors = rec.all("AU") or rec.all("A1")
    fields["authors"] = join_values(authors)
    for tag in YEAR:
        found = year(value_of(tags, tag))
        if found:
            fields["year"] = found
            break
    fields["journal"] = first_of(tags, JOURNAL)
    fields["volume"] = first_of(tags, VOLUME)
    fields["issue"] = first_of(tags, ISSUE)
    fields["pages"] = pages(value_of(tags, "SP"), value_of(tags, "EP")) or value_of(tags, "C7")
    # The links are looked at only when the DOI field is empty (most records have one).
    fields["doi"] = normalize_doi(first_of(tags, DOI)) or first_doi("", *rec.all(*DOI_LINKS))
    fields["database"] = _database(rec)
    fields["pmid"] = _pmid(rec, fields["database"])
    fields["pmcid"] = normalize_pmcid(" ".join(rec.all("C2", "M2")))
    # The first abstract line is the abstract; EBSCO adds further AB lines for a translation
    # and a copyright notice, which stay in the raw text.
    fields["abstract"] = first_of(tags, ABSTRACT)
    fields["keywords"] = join_values(rec.all("KW", "DE"))
    fields["language"] = first_of(tags, LANGUAGE)
    fields["url"] = first_of(tags, URL)
    return fields


def _database(rec: TaggedRecord) -> str:
    named = value_of(rec.fields, "DB")
    if named:
        return database_name(named)
    provider = value_of(rec.fields, "DP")
    if provider.upper() == "NLM":
        return "MEDLINE/PubMed"
    if rec.first("WE") or rec.first("AN").upper().startswith("WOS:"):
        return "Web of Science"
    link = " ".join(rec.all("UR", "L2")).lower()
    for needle, name in (
        ("scopus.com", "Scopus"),
        ("webofscience", "Web of Science"),
        ("embase.com", "Embase"),
        ("ncbi.nlm.nih.gov/pubmed", "MEDLINE/PubMed"),
        ("pubmed.ncbi.nlm.nih.gov", "MEDLINE/PubMed"),
    ):
        if needle in link:
            return name
    return ""


def _pmid(rec: TaggedRecord, database: str) -> str:
    # Where each dialect keeps the PubMed id: Embase C5, Scopus C2, PubMed-via-EndNote AN.
    # Elsewhere AN/C2 hold other accession numbers, so read them only where they mean PMID.
    explicit = value_of(rec.fields, "PM")
    if explicit:
        return normalize_pmid(explicit)
    if database == "Embase":
        return normalize_pmid(rec.first("C5"))
    if database == "Scopus":
        candidate = rec.first("C2")
        return normalize_pmid(candidate) if candidate.isdigit() else ""
    if database == "MEDLINE/PubMed":
        candidate = rec.first("AN")
        return normalize_pmid(candidate) if candidate.isdigit() else ""
    return ""
