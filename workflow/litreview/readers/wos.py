"""Web of Science tagged text ("Other file formats" -> plain text / tab-less ``.ciw``): an
``FN``/``VR`` header, records from ``PT`` to ``ER``, two-letter tags followed by one space,
continuation lines indented by three spaces (one author or cited reference per line)."""

from __future__ import annotations

import re

from litreview.normalize import normalize_doi, normalize_pmid, pages, publication_type, year
from litreview.readers._tagged import (
    Dialect,
    TaggedRecord,
    blank_fields,
    join_values,
    parse_tagged,
)

FORMAT = "wos"

_TAG = re.compile(r"([A-Z][A-Z0-9])(?=[ \r\n]|$)")

DIALECT = Dialect(
    name="Web of Science",
    tag_line=_TAG,
    start_tags=frozenset({"PT"}),
    end_tag="ER",
    skip_outside=re.compile(r"(?:FN|VR|EF)(?=[ \r\n]|$)"),
    indented_continuation=True,
    list_tags=frozenset({"AU", "AF", "CR", "BA", "BF", "ED", "C1"}),
    wanted_tags=frozenset(
        [
            "PT",
            "DT",
            "TI",
            "AF",
            "AU",
            "PY",
            "PD",
            "EA",
            "SO",
            "VL",
            "IS",
            "BP",
            "EP",
            "AR",
            "DI",
            "D2",
            "PM",
            "AB",
            "DE",
            "ID",
            "LA",
        ]
    ),
)

_SNIFF_HEADER = re.compile(r"^\ufeff?FN (?:Clarivate|Thomson|ISI)", re.MULTILINE)
_SNIFF_RECORD = re.compile(r"^PT [A-Z]\s*$", re.MULTILINE)
_SNIFF_TAGS = re.compile(r"^(?:AU|TI|SO|UT) \S", re.MULTILINE)


def sniff(text: str, name: str) -> bool:
    head = text[:65536]
    if _SNIFF_HEADER.search(head):
        return True
    return bool(_SNIFF_RECORD.search(head)) and bool(_SNIFF_TAGS.search(head))


def parse(text: str):
    return parse_tagged(text, DIALECT, record_fields)


def record_fields(rec: TaggedRecord) -> dict:
    fields = blank_fields()
    fields["database"] = "Web of Science"
    fields["type"] = publication_type(rec.first("DT") or rec.first("PT"))
    fields["title"] = rec.first("TI")
    fields["authors"] = join_values(rec.all("AF") or rec.all("AU"))
    fields["year"] = year(rec.first("PY")) or year(rec.first("PD")) or year(rec.first("EA"))
    fields["journal"] = rec.first("SO")
    fields["volume"] = rec.first("VL")
    fields["issue"] = rec.first("IS")
    fields["pages"] = pages(rec.first("BP"), rec.first("EP")) or _article_number(rec)
    fields["doi"] = normalize_doi(rec.first("DI")) or normalize_doi(rec.first("D2"))
    fields["pmid"] = normalize_pmid(rec.first("PM"))
    fields["abstract"] = rec.first("AB")
    # DE (author keywords) and ID (Keywords Plus) are "; "-separated, wrapped over lines.
    keywords = [k for value in rec.all("DE", "ID") for k in value.split(";")]
    fields["keywords"] = join_values(keywords)
    fields["language"] = rec.first("LA")
    return fields


def _article_number(rec: TaggedRecord) -> str:
    # "AR UNSP 1722034": WoS prefixes unspecified article numbers with "UNSP".
    value = rec.first("AR")
    return value.removeprefix("UNSP ").strip()
