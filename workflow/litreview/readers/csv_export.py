"""Spreadsheet exports: Embase.com CSV, Scopus CSV, and any CSV/TSV whose header names a title
column. Recognised by the header row, parsed with the standard library's csv module; the line
feeding below only records where each row starts and ends in the text."""

from __future__ import annotations

import csv
import re

from litreview.normalize import (
    CONTROL_CHARS,
    database_name,
    normalize_doi,
    normalize_pmid,
    pages,
    publication_type,
    year,
)
from litreview.readers._tagged import (
    NO_CONTENT,
    blank_fields,
    doi_from_link,
    has_content,
    join_values,
)
from litreview.readers.base import Parsed, Rejected, UnreadableSource

FORMAT = "csv"

# Header synonyms (lower case) per field, in priority order. Embase: "Title", "Author Names",
# "Source"; Scopus: "Authors", "Source title", "Page start"; Web of Science / generic ones too.
COLUMNS = {
    "title": ("title", "article title", "document title", "ti", "primary title"),
    "authors": ("authors", "author names", "author", "au", "author full names", "author(s)"),
    "year": ("year", "publication year", "py", "pubyear", "date of publication", "date"),
    "journal": ("source title", "journal", "journal title", "publication title", "so"),
    "volume": ("volume", "vl", "vol"),
    "issue": ("issue", "is", "number"),
    "pages": ("pages", "page numbers", "pg"),
    "page_start": ("page start", "start page", "bp", "first page"),
    "page_end": ("page end", "end page", "ep", "last page"),
    "article_number": ("art. no.", "article number", "ar"),
    "doi": ("doi", "di", "digital object identifier"),
    "pmid": ("pubmed id", "pmid", "medline pmid", "pm"),
    "pmcid": ("pmcid", "pmc id"),
    "abstract": ("abstract", "ab"),
    "keywords": ("author keywords", "index keywords", "keywords", "de", "id"),
    "language": ("language of original document", "language", "article language", "la"),
    "type": ("document type", "publication type", "type", "dt"),
    "url": ("link", "url", "full text url"),
    "open_url": ("open url link",),
    "source": ("source",),
}
_TITLE_KEYS = set(COLUMNS["title"])
_OTHER_KEYS = {k for f, keys in COLUMNS.items() if f != "title" for k in keys}
_DELIMITERS = (",", ";", "\t")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# Embase "Source": "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014"
_EMBASE_SOURCE = re.compile(
    r"^(?P<journal>.*?)\s*\((?P<year>\d{4})\)\s*(?P<volume>[^\s:(.]+)?(?::(?P<issue>[^\s(.]+))?"
    r"\s*(?:\((?P<pages>[^)]*)\))?"
)


def _header(text: str) -> tuple[list[str], str] | None:
    first = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"), maxsplit=1)[0]
    if not first:
        return None
    delimiter = max(_DELIMITERS, key=first.count)
    if first.count(delimiter) == 0:
        return None
    try:
        names = next(csv.reader([first], delimiter=delimiter))
    except csv.Error:
        return None
    return [n.strip().lower() for n in names], delimiter


def sniff(text: str, name: str) -> bool:
    found = _header(text[:65536])
    if not found:
        return False
    names = set(found[0])
    return bool(names & _TITLE_KEYS) and len(names & _OTHER_KEYS) >= 2


def _rows(text: str, delimiter: str):
    """Yield ``(row, char_start, char_end, line_start, line_end)``: csv.reader pulls exactly
    the lines a row needs (quoted fields may span lines), so the consumed lines give the span."""
    state = {"pos": 1 if text.startswith("\ufeff") else 0, "line": 1}

    def lines():
        for match in _LINE.finditer(text, state["pos"]):
            piece = match.group()
            if not piece:
                return
            state["pos"] = match.end()
            yield piece

    row_start, line_start = state["pos"], state["line"]
    for row in csv.reader(lines(), delimiter=delimiter):
        end = state["pos"]
        raw = text[row_start:end]
        newlines = raw.count("\n") or (1 if raw.endswith("\r") else 0)
        content_end = len(raw.rstrip("\r\n"))
        line_end = line_start + max(newlines - (1 if raw.endswith(("\n", "\r")) else 0), 0)
        yield row, row_start, row_start + content_end, line_start, line_end
        row_start, line_start = end, line_start + newlines


def parse(text: str):
    header = _header(text)
    if not header:
        return
    names, delimiter = header
    try:
        yield from _parse_rows(text, names, delimiter)
    except csv.Error as exc:
        raise UnreadableSource(
            f"the CSV cannot be parsed ({exc}). Check the file's quoting: a quote opened and "
            "never closed swallows the rest of the file."
        ) from exc


def _parse_rows(text: str, names: list[str], delimiter: str):
    index = 0
    for row, start, end, line_start, line_end in _rows(text, delimiter):
        if line_start == 1 and start <= 1:
            continue  # the header row
        if not any(cell.strip() for cell in row):
            continue  # blank line: not a record
        located = (index, line_start, line_end, start, end)
        index += 1
        if len(row) != len(names):
            yield Rejected(
                *located,
                f"line {line_start}: the row has {len(row)} columns but the header has "
                f"{len(names)} (an unquoted delimiter or a broken quote?)",
            )
            continue
        hit = CONTROL_CHARS.search(text, start, end)
        if hit:
            yield Rejected(
                *located,
                f"line {line_start + text.count(chr(10), start, hit.start())}: control "
                f"character U+{ord(hit.group()):04X} inside the row (corrupted export?)",
            )
            continue
        fields = row_fields(dict(zip(names, row, strict=True)), names)
        if not has_content(fields):
            yield Rejected(*located, f"line {line_start}: {NO_CONTENT}")
            continue
        yield Parsed(*located, fields)


def _get(row: dict, field: str) -> str:
    for key in COLUMNS[field]:
        value = row.get(key)
        if value and value.strip():
            return " ".join(value.split())
    return ""


def row_fields(row: dict, names: list[str]) -> dict:
    fields = blank_fields()
    fields["title"] = _get(row, "title")
    fields["authors"] = join_values(split_authors(_get(row, "authors")))
    fields["year"] = year(_get(row, "year"))
    fields["journal"] = _get(row, "journal")
    fields["volume"] = _get(row, "volume")
    fields["issue"] = _get(row, "issue")
    fields["pages"] = (
        pages(_get(row, "pages"))
        or pages(_get(row, "page_start"), _get(row, "page_end"))
        or _get(row, "article_number")
    )
    fields["doi"] = normalize_doi(_get(row, "doi")) or doi_from_link(_get(row, "open_url"))
    fields["pmid"] = normalize_pmid(_get(row, "pmid"))
    fields["pmcid"] = _get(row, "pmcid")
    fields["abstract"] = _get(row, "abstract")
    keywords = [
        " ".join(k.split()) for key in COLUMNS["keywords"] for k in (row.get(key) or "").split(";")
    ]
    fields["keywords"] = join_values(keywords)
    fields["language"] = _get(row, "language")
    fields["type"] = publication_type(_get(row, "type"))
    fields["url"] = _get(row, "url")
    source = _get(row, "source")
    if any(name.startswith("emtree") for name in names):
        fields["database"] = "Embase"
        _fill_from_embase_source(fields, source)
    elif "eid" in names or source.lower() == "scopus":
        fields["database"] = "Scopus"
    elif source and len(source) < 40:
        fields["database"] = database_name(source)
    return fields


def _fill_from_embase_source(fields: dict, source: str) -> None:
    match = _EMBASE_SOURCE.match(source)
    if not match:
        fields["journal"] = fields["journal"] or source
        return
    fields["journal"] = fields["journal"] or match.group("journal").strip()
    fields["year"] = fields["year"] or match.group("year")
    fields["volume"] = fields["volume"] or (match.group("volume") or "")
    fields["issue"] = fields["issue"] or (match.group("issue") or "")
    fields["pages"] = fields["pages"] or pages(match.group("pages"))


_INITIALS_NAME = re.compile(r"^\S.*\s(?:[A-Z][a-z]?\.?-?){1,4}$")


def split_authors(value: str) -> list[str]:
    """Authors from one cell: "; "-separated (Scopus today, WoS), or comma-separated
    "Surname Initials" (Embase "Liu R., Adler D.G.", older Scopus "Li W., Dou Z."). A cell that
    is neither is kept whole rather than cut at the wrong comma."""
    if not value:
        return []
    if ";" in value:
        return [v.strip() for v in value.split(";")]
    pieces = [p.strip() for p in value.split(",") if p.strip()]
    if len(pieces) > 1 and all(_INITIALS_NAME.match(p) for p in pieces):
        return pieces
    return [value]
