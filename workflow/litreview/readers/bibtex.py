"""BibTeX (Scopus, Zotero, Mendeley, JabRef exports), parsed by bibtexparser v2: its splitter
keeps each block's start line and raw text, and a block it cannot parse becomes a failed block,
which we turn into a rejected record with bibtexparser's own error message."""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser import model

from litreview.normalize import (
    database_name,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pages,
    publication_type,
    year,
)
from litreview.readers._tagged import NO_CONTENT, blank_fields, has_content, join_values
from litreview.readers.base import LineIndex, Parsed, Rejected

FORMAT = "bibtex"

_SNIFF = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]\s*[^\s,]*\s*,", re.MULTILINE)
# Fields whose LaTeX markup ({\"u}, \&, {Braces} protecting capitals) is decoded to text.
_TEXT_FIELDS = ("title", "author", "journal", "journaltitle", "booktitle", "abstract", "keywords")


def sniff(text: str, name: str) -> bool:
    return bool(_SNIFF.search(text[:65536]))


def parse(text: str):
    library = bibtexparser.parse_string(text)
    lines = LineIndex(text)
    line_offsets = _line_offsets(text)
    index = 0
    for block in library.blocks:
        entry = block
        if isinstance(block, model.DuplicateFieldKeyBlock):
            # A repeated field (Scopus writes "funding_details" twice) does not make the record
            # unreadable; bibtexparser keeps the entry with the first value.
            entry = block.ignore_error_block
        elif isinstance(block, model.ParsingFailedBlock):
            entry = None
        elif not isinstance(block, model.Entry):
            continue  # @string, @preamble, @comment: not records
        start_line = block.start_line  # 0-based
        approx = line_offsets[min(start_line, len(line_offsets) - 1)]
        found = text.find(block.raw, approx)
        start = found if found != -1 else approx
        end = start + len(block.raw.rstrip())
        located = (index, lines.line(start), lines.line(max(start, end - 1)), start, end)
        index += 1
        if entry is None:
            reason = " ".join(str(block.error).split())
            yield Rejected(*located, f"line {located[1]}: BibTeX entry not parsed: {reason}")
            continue
        fields = entry_fields(entry)
        if not has_content(fields):
            yield Rejected(*located, f"line {located[1]}: {NO_CONTENT}")
            continue
        yield Parsed(*located, fields)


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    pos = text.find("\n")
    while pos != -1:
        offsets.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return offsets


def entry_fields(entry) -> dict:
    values = {}
    for field in entry.fields:
        key = field.key.strip().lower().replace("\xa0", " ")
        value = _unenclose(field.value if isinstance(field.value, str) else str(field.value))
        if key in _TEXT_FIELDS:
            value = latex_to_text(value)
        values.setdefault(key, " ".join(value.split()))
    fields = blank_fields()
    fields["type"] = publication_type(entry.entry_type)
    fields["title"] = values.get("title", "")
    authors = re.split(r"\s+and\s+", values.get("author", "")) if values.get("author") else []
    fields["authors"] = join_values(authors)
    fields["year"] = year(values.get("year") or values.get("date"))
    fields["journal"] = (
        values.get("journal") or values.get("journaltitle") or values.get("booktitle", "")
    )
    fields["volume"] = values.get("volume", "")
    fields["issue"] = values.get("number") or values.get("issue", "")
    fields["pages"] = pages(values.get("pages")) or values.get("art_number", "")
    fields["doi"] = normalize_doi(values.get("doi"))
    fields["pmid"] = normalize_pmid(values.get("pmid") or values.get("pubmed_id"))
    fields["pmcid"] = normalize_pmcid(values.get("pmcid"))
    fields["abstract"] = values.get("abstract", "")
    keywords = values.get("keywords") or values.get("author_keywords") or ""
    fields["keywords"] = join_values(re.split(r"[;,]", keywords))
    fields["language"] = values.get("language", "")
    fields["url"] = values.get("url", "")
    fields["database"] = database_name(values.get("source", "")) if "source" in values else ""
    return fields


def _unenclose(value: str) -> str:
    # bibtexparser keeps a value's enclosing braces or quotes unless a middleware strips them;
    # it is one line here, and it also covers the entry inside a duplicate-field block.
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


def latex_to_text(value: str) -> str:
    """Decode LaTeX markup with pylatexenc (bibtexparser's own decoder). Exports do not escape
    a bare percent sign ("45% of patients"), which LaTeX would read as a comment and drop the
    rest of the line, so it is escaped first."""
    from pylatexenc.latex2text import LatexNodes2Text

    if "\\" not in value and "{" not in value and "$" not in value:
        return value
    escaped = re.sub(r"(?<!\\)%", r"\\%", value)
    try:
        return LatexNodes2Text(math_mode="verbatim").latex_to_text(escaped)
    except Exception:  # pylatexenc raises various errors on unbalanced markup
        return value.replace("{", "").replace("}", "")
