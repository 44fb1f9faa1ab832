"""PubMed's MEDLINE format (``.nbib``, "PubMed" format ``.txt``): ``PMID- `` starts a record,
tags are padded to four characters before ``- ``, long values continue on lines indented by six
spaces, and a blank line separates records. rispy reads this format without positions, so the
shared splitter does (see ``_tagged``)."""

from __future__ import annotations

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
    Dialect,
    TaggedRecord,
    blank_fields,
    first_of,
    join_values,
    parse_tagged,
    value_of,
)

FORMAT = "medline"

# The tag is left-aligned in a four-character column, then "- " ("PMID- ", "AB  - ", "FAU - ").
# A tag with no value may have lost its trailing space to an editor ("AB  -" at the line end).
_TAG = re.compile(r"(?=.{4}-(?: |[\r\n]|\Z))([A-Z][A-Z0-9]{1,3}) {0,2}-(?: |(?=[\r\n])|\Z)")

DIALECT = Dialect(
    name="MEDLINE",
    tag_line=_TAG,
    start_tags=frozenset({"PMID"}),
    blank_ends_record=True,
    indented_continuation=True,
    wanted_tags=frozenset(
        [
            "PMID",
            "TI",
            "BTI",
            "FAU",
            "AU",
            "DP",
            "DEP",
            "EDAT",
            "JT",
            "TA",
            "VI",
            "IP",
            "PG",
            "LID",
            "AID",
            "PMC",
            "AB",
            "OT",
            "MH",
            "LA",
            "PT",
        ]
    ),
)

# Priority lists: the first tag with a value wins.
TITLE = ("TI", "BTI")
DATE = ("DP", "DEP", "EDAT")
JOURNAL = ("JT", "TA")

_SNIFF = re.compile(r"^\ufeff?PMID- ?\d", re.MULTILINE)


def sniff(text: str, name: str) -> bool:
    return bool(_SNIFF.search(text[:65536]))


def parse(text: str):
    return parse_tagged(text, DIALECT, record_fields)


def record_fields(rec: TaggedRecord) -> dict:
    tags = rec.fields
    fields = blank_fields()
    fields["database"] = "MEDLINE/PubMed"
    fields["type"] = known_type(rec.all("PT"))
    fields["title"] = first_of(tags, TITLE)
    # FAU is the full "Surname, Given" form; AU ("Surname Initials") only when FAU is absent.
    fields["authors"] = join_values(rec.all("FAU") or rec.all("AU"))
    fields["year"] = year(first_of(tags, DATE))
    fields["journal"] = first_of(tags, JOURNAL)
    fields["volume"] = value_of(tags, "VI")
    fields["issue"] = value_of(tags, "IP")
    fields["pages"] = pages(value_of(tags, "PG"))
    fields["doi"] = next(filter(None, map(normalize_doi, _doi_ids(rec))), "")
    fields["pmid"] = normalize_pmid(value_of(tags, "PMID"))
    fields["pmcid"] = normalize_pmcid(value_of(tags, "PMC"))
    fields["abstract"] = value_of(tags, "AB")
    fields["keywords"] = join_values(rec.all("OT", "MH"))
    fields["language"] = value_of(tags, "LA")
    return fields


def _doi_ids(rec: TaggedRecord) -> list[str]:
    # LID/AID carry several ids, each labelled: "10.1016/j.x.2019.03.004 [doi]", "S1769... [pii]".
    return [value for value in rec.all("LID", "AID") if value.endswith("[doi]")]
