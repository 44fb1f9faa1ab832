"""Plain-text abstract pages: the text of a journal, PubMed or conference web page saved as .txt.

No library parses these: they are whatever a browser's "save as text" or a copy-paste gives, with
site navigation ("chrome") around one article. The reader finds the abstract (structured by
section headings, or the longest run of prose), then reads the bibliographic header above it:
title, authors, journal citation, DOI and PMID. It never looks below the abstract for identifiers,
because pages list references there (their DOIs are other articles').
"""

from __future__ import annotations

import json
import re

from litreview.normalize import normalize_doi
from litreview.readers.base import LineIndex, Parsed
from litreview.schema import join_list

FORMAT = "text_page"

# Section headings of structured abstracts (IMRaD and the variants journals use).
SECTION_WORDS = (
    r"Background|Introduction|Purpose|Aims?|Objectives?|Context|Rationale|Importance|"
    r"Patients and [Mm]ethods|Materials and [Mm]ethods|Methods?|Design|Setting|Participants|"
    r"Interventions?|Measurements|Main [Oo]utcome [Mm]easures?|Results?|Findings|"
    r"Conclusions?|Interpretation|Discussion|Summary|Case [Pp]resentation|Trial [Rr]egistration"
)
HEADING_AT_LINE = re.compile(rf"^(?:{SECTION_WORDS})\s*[:.]\s", re.MULTILINE)
HEADING_INLINE = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.!?)\]]\s)|(?<=[.!?][A-Za-z]))({SECTION_WORDS})\s*[:.]\s"
)
# A heading alone on its line, the text following on the next: "RESULTS:", "Methods",
# "ABSTRACT.SUMMARY.FINDINGS." (PMC/XML-derived text keeps the section path).
LABEL_PREFIX = r"(?:(?:ABSTRACT|SUMMARY)\.)*"
LABEL_END = r"\s*(?::{1,2}\.?|\.)?[ \t]*$"  # "RESULTS", "RESULTS:", "RESULTS::", "RESULTS:."
CAPITALS_LABEL = r"[A-Z][A-Z ,/&'?-]{2,60}"  # "EDITORS' SUMMARY", "WHY WAS THIS STUDY DONE?"
HEADING_ONLY = re.compile(
    rf"^(?P<prefix>{LABEL_PREFIX})(?P<label>(?i:{SECTION_WORDS}|outcome measures?|"
    rf"primary (?:end ?point|outcome)s?|funding|abstract)|{CAPITALS_LABEL}){LABEL_END}"
)
SECTION_AT_LINE_START = re.compile(
    rf"(?m)^{LABEL_PREFIX}((?i:{SECTION_WORDS})|{CAPITALS_LABEL}){LABEL_END}"
)
TITLE_LABEL = re.compile(r"^TITLE\s*[:.]?\s*(?P<title>.*)$")

# Lines that belong to the page, not the article: site taglines, navigation, widgets. They are
# facts about web sites (like RIS tags are facts about a format), not about a review.
CHROME = re.compile(
    r"^(?:Searchable abstracts of presentations.*|Skip to main page content|U\.S\. flag|"
    r"An official website of the United States government|Dot gov|Https|Access keys.*|"
    r"Affiliations|Abstract|Authors?|Journal|Publisher|Keywords|Reviews|Recommended|"
    r"Article tools|My recent searches|PubMed Disclaimer|Conflict of interest statement|"
    r"Figures|References|Comment in|Similar articles|Cited by|Full text links|"
    r"Ask authors/readers for more resources|Primary Rating|Secondary Ratings|Rate this paper|"
    r"No Data Available|Not enough ratings|I am an author on this paper|"
    r"Click your name to claim this paper.*|Abstract ID.*|ABSTRACT ID.*|"
    r".*\(\d+ abstracts?\)|[\d.]+ Article|-)\s*$",
    re.IGNORECASE,
)
# Where the article ends and the page's own material begins.
END_MARKERS = re.compile(
    r"^(?:Abstract ID|ABSTRACT ID|PubMed Disclaimer|Conflict of interest statement|Authors$|"
    r"Article tools|Keywords:?$|References$|Figures$|Copyright|©|Trial registration|"
    r"Similar articles|Cited by|Full text links|Funding|Supplementary|"
    # PMC-derived text: the editors' summary after the abstract's sections
    r"(?:ABSTRACT\.)+EDITORS.? SUMMARY|Please see later in the article)",
    re.MULTILINE,
)

# "Study design: Retrospective review.": a label of one to four words, a colon, then text.
LABELLED_PART = re.compile(r"^[A-Z][A-Za-z-]*(?: [A-Za-z-]+){0,3}\s*:\s+\S")
# Labelled lines of the page after an abstract, not parts of it.
PAGE_LABEL = re.compile(
    r"^(?:Keywords?|Key ?words|MeSH terms|Publication types?|Substances|Grants? and funding|"
    r"Comment in|Erratum in|Update of|Copyright|Conflicts? of interest|Disclosures?|Funding|"
    r"Supplementary|Citation|Received|Accepted|Published|Available online)\b",
    re.IGNORECASE,
)

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
PMID = re.compile(r"\bPMID:?\s*(\d{4,9})\b")
PMCID = re.compile(r"\b(PMC\d{4,9})\b")
# "2023 Aug;30(8):4840-4851" (MEDLINE citation) and "2017; 40 (1): 69-80".
CITATION = re.compile(
    r"(?P<year>(?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*(?P<volume>\d+)"
    r"\s*(?:\((?P<issue>[^)]{1,12})\))?\s*:\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)
# "Endocrine Abstracts (2023) 98 C49": journal (year) volume article-number.
JOURNAL_YEAR_VOLUME = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&.,' -]{2,80}?)\s+\((?P<year>(?:19|20)\d{2})\)\s+"
    r"(?P<volume>\d+)\s+(?P<pages>[A-Z]?\d+[A-Za-z]?\d*)"
)
VOLUME_LINE = re.compile(
    r"Volume\s+(?P<volume>\w+)(?:,\s*Issue\s+(?P<issue>\w+))?(?:,\s*Pages?\s+(?P<pages>[\w-]+))?",
    re.IGNORECASE,
)
ET_AL = re.compile(
    r"^(?P<first>[A-Z][\w'’.-]+(?:\s+[\w'’.-]+){0,4})\s+et al\.\s+"
    r"(?P<journal>[^.]+(?:\.[^.\d]+)*?)\."
    r"\s+(?P<year>(?:19|20)\d{2})"
)
AFFILIATION = re.compile(
    r"\b(?:Department|University|Universit[ée]|Hospital|Institute|Center|Centre|Clinic|School|"
    r"Faculty|College|Division|Laboratory)\b"
)


def sniff(text: str, name: str) -> bool:
    """Accept any text with at least one paragraph of prose: this reader is tried last."""
    return _find_abstract(text) is not None


def parse(text: str):
    lines = LineIndex(text)
    span = _find_abstract(text)
    start, end = span if span else (0, len(text))
    abstract = text[start:end]
    header = text[:start]
    fields = _read_header(header, text)
    fields["abstract"] = abstract
    fields["sections"] = json.dumps(_sections(abstract)) if span else ""
    # The record is the article: from its first header line to the end of the abstract.
    first = re.search(r"\S", text)
    char_start = first.start() if first else 0
    yield Parsed(
        record_index=0,
        line_start=lines.line(char_start),
        line_end=lines.line(max(end - 1, char_start)),
        char_start=char_start,
        char_end=end,
        fields=fields,
    )


def _paragraph_spans(text: str):
    """(start, end) of each non-blank line, stripped of surrounding white space."""
    for match in re.finditer(r"[^\r\n]+", text):
        line = match.group()
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield match.start() + lead, match.start() + len(line.rstrip())


def _is_prose(line: str) -> bool:
    """A paragraph of sentences, not a citation line (those are long too, but end in a
    "year; volume (issue): pages" reference)."""
    words = line.split()
    if len(words) < 25 or len(re.findall(r"[.!?](?:\s|$)", line)) < 2:
        return False
    citation = CITATION.search(line)
    return not (citation and citation.end() > len(line) - 5)


def _heading(line: str) -> str | None:
    """The heading a line opens with, or None: an inline "Results: ..." or a heading alone."""
    if HEADING_AT_LINE.match(line + " ") and len(line.split()) >= 6:
        return "inline"
    match = HEADING_ONLY.match(line)
    if match and not TITLE_LABEL.match(line):
        return match.group("prefix") or "alone"
    return None


def _labelled_part(line: str, style: str | None) -> bool:
    """A short labelled part of a structured abstract on its own line ("Study design:
    Retrospective review.", "Level of evidence: III."), which PubMed pages print line by line:
    too short for prose, but the abstract goes on after it. Only inside an abstract whose
    headings stand inline, and never the page's own labelled lines ("Keywords: ...")."""
    return style == "inline" and bool(LABELLED_PART.match(line)) and not PAGE_LABEL.match(line)


def _find_abstract(text: str) -> tuple[int, int] | None:
    """The abstract: from the first structured heading (or the first long prose paragraph) to the
    last prose paragraph before the page's own material begins. Headings alone on a line count
    when prose follows them; once the headings carry a prefix ("ABSTRACT."), a heading without
    it starts something else (an editors' summary after the abstract, say)."""
    paragraphs = list(_paragraph_spans(text))
    if not paragraphs:
        return None
    first, style = None, None
    for i, (s, e) in enumerate(paragraphs):
        kind = _heading(text[s:e])
        if kind == "inline":
            first, style = i, kind
            break
        if kind and i + 1 < len(paragraphs):
            following = text[paragraphs[i + 1][0] : paragraphs[i + 1][1]]
            if len(following.split()) >= 8 and not _heading(following):
                first, style = i, kind
                break
    if first is None:
        for i, (s, e) in enumerate(paragraphs):
            if _is_prose(text[s:e]):
                first = i
                break
    if first is None:
        return None
    last = first
    after_heading = style not in (None, "inline")  # the first paragraph is a heading alone
    for i in range(first + 1, len(paragraphs)):
        s, e = paragraphs[i]
        line = text[s:e]
        if END_MARKERS.match(line) or CHROME.match(line):
            break
        kind = _heading(line)
        if kind and kind != "inline":
            if style not in (None, "inline", "alone") and kind != style:
                break
            after_heading = True
            continue  # a heading alone belongs to what follows it
        # A heading alone on its line owns the text under it, however short ("STUDY DESIGN:" /
        # "Retrospective review.").
        if (
            after_heading
            or _is_prose(line)
            or len(line.split()) >= 6
            or _labelled_part(line, style)
        ):
            last = i
            after_heading = False
        else:
            break
    return paragraphs[first][0], paragraphs[last][1]


def _sections(abstract: str) -> list[list]:
    heads = sorted(
        {(m.start(1), m.group(1)) for m in HEADING_INLINE.finditer(abstract)}
        | {(m.start(1), m.group(1)) for m in SECTION_AT_LINE_START.finditer(abstract)}
    )
    out = []
    for k, (pos, label) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(abstract)
        out.append([label, pos, len(abstract[:end].rstrip())])
    return out


def _clean_doi(raw: str) -> str:
    return normalize_doi(raw.rstrip(".,;)]"))


def _read_header(header: str, text: str) -> dict:
    fields = {key: "" for key in ("title", "authors", "year", "journal", "volume", "issue")}
    fields.update({"pages": "", "doi": "", "pmid": "", "pmcid": "", "type": "", "database": ""})
    lines = [line.strip() for line in header.splitlines() if line.strip()]

    doi = DOI.search(header)
    if doi:
        fields["doi"] = _clean_doi(doi.group(1))
    if m := PMID.search(header):
        fields["pmid"] = m.group(1)
    if m := PMCID.search(header):
        fields["pmcid"] = m.group(1)

    for line in lines:
        if m := JOURNAL_YEAR_VOLUME.match(line):
            fields.update({k: v for k, v in m.groupdict().items() if v})
            fields["type"] = "conference_abstract" if "abstract" in line.lower() else ""
            break
    if not fields["volume"]:
        for line in lines:
            if m := CITATION.search(line):
                fields.update({k: v for k, v in m.groupdict().items() if v})
                break
    if not fields["volume"]:
        for line in lines:
            if m := VOLUME_LINE.search(line):
                fields.update({k: v for k, v in m.groupdict().items() if v})
                break
    for k, line in enumerate(lines):
        if line.lower() == "journal" and k + 1 < len(lines):
            fields["journal"] = _unshout(lines[k + 1])
    authors = []
    for line in lines:
        if m := ET_AL.match(line):
            authors = [_surname_first(m.group("first"))]
            fields["journal"] = fields["journal"] or m.group("journal").strip()
            fields["year"] = fields["year"] or m.group("year")
            break
    title, title_line = _title(lines)
    fields["title"] = title
    if title_line is not None:
        cited = _citation_line(lines[title_line], title)
        if cited:
            fields["journal"] = fields["journal"] or cited.get("journal", "")
            authors = authors or cited.get("authors", [])
    if not authors:
        authors = _author_line(lines)
    fields["authors"] = join_list(authors)
    fields["pages"] = fields["pages"].replace("–", "-").replace(" ", "")
    return fields


def _looks_like_author_line(line: str) -> bool:
    return bool(
        re.search(r"[A-Za-zÀ-ÿ]\s*\d+(?:,\d+)*\s*(?:,|&|and\b)", line)
    ) and not AFFILIATION.search(line)


def _title(lines: list[str]) -> tuple[str, int | None]:
    """The title: a line repeated in the header (PubMed repeats it), else the first line that reads
    like a title (several words, no site chrome, not a citation, author or affiliation line). A
    line that is "Title. Journal Authors, year; vol: pages" gives its first sentence."""
    for k, line in enumerate(lines):
        label = TITLE_LABEL.match(line)
        if label:
            if label.group("title").strip():
                return label.group("title").strip(), k
            if k + 1 < len(lines) and not _heading(lines[k + 1]):
                return lines[k + 1], k + 1
            return "", None
    candidates = []
    for k, line in enumerate(lines):
        if CHROME.match(line) or AFFILIATION.search(line) or _looks_like_author_line(line):
            continue
        if DOI.search(line) and len(line) < 120:
            continue
        if JOURNAL_YEAR_VOLUME.match(line) or VOLUME_LINE.match(line) or ET_AL.match(line):
            continue
        if CITATION.search(line) and not re.match(r"^[A-Z][^.]{20,}[.?]\s", line):
            continue
        if len(line.split()) < 4 or line.isupper() or " | " in line:  # " | ": navigation bars
            continue
        candidates.append(k)
    for k in candidates:
        if lines.count(lines[k]) > 1:
            return lines[k], k
    if not candidates:
        return "", None
    k = candidates[0]
    line = lines[k]
    if CITATION.search(line):
        first = re.match(r"^(.+?[.?])\s", line)
        return (first.group(1).rstrip(".") if first else line), k
    return line, k


def _citation_line(line: str, title: str) -> dict:
    """'Title. Journal Surname, I. I., Surname, I., ... 2017; 40 (1): 69-80' (profile pages)."""
    if not CITATION.search(line) or not line.startswith(title):
        return {}
    rest = line[len(title) :].lstrip(". ")
    authors = re.findall(r"([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*),\s((?:[A-Z]\.\s?)+)", rest)
    if not authors:
        return {}
    first = re.search(r"[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*,\s(?:[A-Z]\.\s?)+", rest)
    journal = rest[: first.start()].strip() if first else ""
    return {
        "journal": journal,
        "authors": [f"{surname}, {initials.strip()}" for surname, initials in authors],
    }


def _unshout(name: str) -> str:
    """'ANNALS OF SURGICAL ONCOLOGY' -> 'Annals of Surgical Oncology' (pages print journals in
    capitals; reference managers and dedup compare the usual form)."""
    if not name.isupper():
        return name
    small = {"of", "and", "the", "for", "in", "on", "de", "la", "et", "&"}
    words = name.lower().split()
    return " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))


def _surname_first(name: str) -> str:
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def _author_line(lines: list[str]) -> list[str]:
    """'Given Surname 1 , Given Surname 2,3 & Given Surname 1,4' (conference pages)."""
    for line in lines:
        if not _looks_like_author_line(line):
            continue
        names = re.split(r"\s*(?:,(?!\d)|&|\band\b)\s*", re.sub(r"\s*\d+(?:\s*,\s*\d+)*", "", line))
        names = [n.strip() for n in names if len(n.strip().split()) >= 2]
        if len(names) >= 1:
            return [_surname_first(n) for n in names]
    return []
