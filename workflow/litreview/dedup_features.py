"""Comparison features of bibliographic records for deduplication.

Each record is reduced once to the normalised forms that blocking and scoring compare: a folded
title, its kind (erratum, reply, protocol...), its part and numbers, first-author key, author
surnames, a journal key that survives abbreviation, first page, volume, year. Doing this once per
record (not once per pair) is what keeps 100,000 records inside the time budget.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

import numpy as np
import pandas as pd

from litreview.normalize import author_key, split_author
from litreview.normalize import pages as normalize_pages
from litreview.normalize import year as normalize_year
from litreview.schema import BIBLIOGRAPHIC_FIELDS, split_list

__all__ = [
    "build_features",
    "features_table",
    "features_from_tables",
    "fold",
    "normalize_title",
    "journal_key",
    "journal_similarity",
    "first_page",
    "page_range",
    "clean_title",
    "leading_number",
    "volume_number",
    "doi_key",
    "title_kinds",
    "titles_kinds",
    "title_part",
    "title_numbers",
    "is_weak_title",
    "stage_of",
]

_TAGS = re.compile(r"<[^>]{1,40}>")
# \W is Unicode-aware: a title in Cyrillic, Greek or CJK keeps its letters, so two records in the
# same script still compare, instead of both collapsing to "" and looking identical.
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, accents removed, HTML entities and tags dropped, punctuation to single spaces:
    how the same title differs between databases (case, diacritics, <i>, &amp;, dashes)."""
    if not text:
        return ""
    if "&" in text or "<" in text:
        text = _TAGS.sub(" ", html.unescape(text))
    if not text.isascii():  # most records are ASCII: skip the per-character pass for them
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


# Database notes appended to a title: "[Erratum appears in ...]", "[Review] [33 refs]",
# "[Swedish]", "(author's transl)", or such a note cut off by a field limit ("[Erratum appears").
_TRAILING_NOTE = re.compile(
    r"\s*(\[[^\[\]]*\]?|\(author'?s'? transl\))\s*[.,;]?\s*$", re.IGNORECASE
)
_THOUSANDS = re.compile(r"(\d)[ ,\u00a0\u2009](?=\d{3}\b)")
_DIGIT_SPACE = re.compile(r"\d[ ,\u00a0\u2009]\d")


def clean_title(title: str) -> str:
    """The title without trailing database notes; a title wholly in brackets (how MEDLINE marks
    a translated title) is unwrapped. Brackets inside a title ("[18F]FDG") are content."""
    text = " ".join((title or "").split()).strip("\"'")
    # Every note opens with "[" or ends with ")": most titles have neither, and skip the scans.
    if "[" not in text and not text.rstrip(" .,;").endswith(")"):
        return _THOUSANDS.sub(r"\1", text) if _DIGIT_SPACE.search(text) else text
    while True:
        stripped = _TRAILING_NOTE.sub("", text)
        if stripped == text or not re.search(r"\w", stripped.strip(" .[]")):
            break
        text = stripped
    text = text.strip()
    if text.startswith("[") and text.rstrip(".").endswith("]"):
        text = text.rstrip(".")[1:-1]
    return _THOUSANDS.sub(r"\1", text)


def normalize_title(title: str) -> str:
    return fold(clean_title(title))


_JOURNAL_STOPWORDS = frozenset({"the", "of", "and", "in", "for", "on", "de", "la", "le", "und"})


def journal_key(journal: str) -> tuple[str, ...]:
    """Journal name as content tokens, e.g. ``"Current Opinion in Lipidology"`` ->
    ``("current", "opinion", "lipidology")``: the form against which an ISO abbreviation
    (``"Curr Opin Lipidol"``) is checked token by token."""
    return tuple(t for t in fold(journal).split() if t not in _JOURNAL_STOPWORDS)


def journal_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1.0 when one name abbreviates the other token by token (each token is a prefix of its
    counterpart: ISO 4 abbreviations are truncations), else the share of the shorter name's
    tokens that match, in order. Written by hand because no string metric in rapidfuzz knows
    that "J" may stand for "Journal" while "Cancer" may not stand for "Cancers"."""
    if not a or not b:
        return float("nan")
    if a == b:
        return 1.0
    matched = 0
    j = 0
    for token in a:
        for k in range(j, len(b)):
            other = b[k]
            if token == other or _is_abbreviation(token, other):
                matched += 1
                j = k + 1
                break
    # Over the shorter name: "International journal of cancer. Journal international du cancer"
    # (a bilingual masthead) contains "International Journal of Cancer".
    return matched / min(len(a), len(b))


def _is_abbreviation(x: str, y: str) -> bool:
    short, full = (x, y) if len(x) < len(y) else (y, x)
    # "J" for "journal", "Clin" for "clinical"; but a plural "s" is a different journal
    # ("Cancer" vs "Cancers").
    return full.startswith(short) and full != short + "s"


def first_page(pages: str) -> str:
    """The start page as digits only (``"e1234"``, ``"S12-S15"`` -> ``"1234"``, ``"12"``), or
    ``""``: different start pages are different articles, whatever the prefix convention."""
    normalized = normalize_pages(pages)
    start = normalized.split("-", 1)[0]
    digits = re.sub(r"\D", "", start)
    return digits.lstrip("0")


def page_range(pages: str) -> tuple[int, int] | None:
    """``"945-948"`` -> ``(945, 948)``; ``"488"`` -> ``(488, 488)``; None when the pages carry
    letters (e-locators "e12724", "S34", "c1804": another numbering scheme, not comparable)."""
    normalized = normalize_pages(pages)
    if not normalized or re.search(r"[^\d\-]", normalized):
        return None
    parts = [int(p) for p in normalized.split("-") if p]
    if not parts:
        return None
    return (min(parts), max(parts))


def leading_number(value: str) -> str:
    """``"38 (Supplement 1)"`` -> ``"38"``; ``""`` when the value does not start with a number."""
    match = re.match(r"\s*0*(\d+)", value or "")
    return match.group(1) if match else ""


def volume_number(value: str) -> str:
    """The volume as a number to compare, or ``""`` when the field cannot be trusted: a value
    with a ``)`` it never opened (``"1)"``) is the tail of ``"128 (Suppl. 1)"`` cut by an export,
    and its number is the supplement's, not the volume's."""
    value = value or ""
    close = value.find(")")
    if close >= 0 and not 0 <= value.find("(") < close:
        return ""
    return leading_number(value)


def doi_key(doi: str) -> str:
    """The DOI as compared between records: percent-escapes decoded (``"%2817%29"`` is
    ``"(17)"`` in a DOI copied from a URL), lower case."""
    if "%" in doi:
        doi = unquote(doi)
    return doi.lower()


def title_kinds(title: str, kind_patterns: dict[str, list[tuple]]) -> str:
    """The publication kinds a title announces (erratum, reply, protocol...), sorted and joined
    with "+"; ``""`` for an ordinary article. Two records of different kinds are never merged.
    ``kind_patterns`` as made by ``_compile_regexes``: (gate, expression) pairs."""
    return "+".join(
        sorted(
            kind
            for kind, patterns in kind_patterns.items()
            if any((gate is None or gate.search(title)) and p.search(title) for gate, p in patterns)
        )
    )


def titles_kinds(titles: list[str], kind_patterns: dict[str, list[tuple]]) -> list[str]:
    """``title_kinds`` of many titles: each expression runs over all titles in one pass (its
    gate first), instead of every title running through every expression, which on 100,000
    titles spends more time in the Python loop than in the searches."""
    found: list[list[str]] = [[] for _ in titles]
    for kind, patterns in kind_patterns.items():
        hits: set[int] = set()
        for gate, pattern in patterns:
            if gate is None:
                candidates = range(len(titles))
            else:
                candidates = [k for k, m in enumerate(map(gate.search, titles)) if m]
            hits.update(k for k in candidates if k not in hits and pattern.search(titles[k]))
        for k in sorted(hits):
            found[k].append(kind)
    return ["+".join(sorted(kinds)) for kinds in found]


_PART = re.compile(
    r"\b(part|phase|section|chapter|series|stage)\s+(\d+|[ivx]{1,5}|one|two|three|four|five)\b"
)
_PART_WORDS = ("part ", "phase ", "section ", "chapter ", "series ", "stage ")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7"}
_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def title_part(folded_title: str) -> str:
    """``"... part II ..."`` -> ``"part 2"``: Parts 1 and 2 of a series share everything else."""
    # A substring test per word is far cheaper than the expression's scan, and most titles
    # name no part at all.
    if not any(word in folded_title for word in _PART_WORDS):
        return ""
    found = []
    for word, number in _PART.findall(folded_title):
        number = _ROMAN.get(number, _WORDS.get(number, number))
        found.append(f"{word} {number}")
    return "; ".join(sorted(set(found)))


# In a folded title words are separated by single spaces.
_NUMBER_WORD = re.compile(r"(?:^| )0*([0-9]+)(?= |$)")


def title_numbers(folded_title: str) -> frozenset[str]:
    """Free-standing numbers in a title (years, follow-up lengths, trial phases, doses): the
    words of the folded title that are all digits ("10 year" has one, "h1n1" none)."""
    return frozenset(n or "0" for n in _NUMBER_WORD.findall(folded_title))


def is_weak_title(folded_title: str, weak: dict) -> bool:
    """A title that cannot identify a paper on its own: absent, a placeholder ("NA", "[No title
    available]"), too short, or a generic heading shared by unrelated papers ("Reply",
    "Editorial"). Short titles in a script without spaces count by characters instead."""
    if not folded_title:
        return True
    if folded_title in weak["placeholders"] or folded_title in weak["generic_titles"]:
        return True
    words = folded_title.split()
    return len(words) < weak["min_words"] and len(folded_title) < weak["min_chars"]


def stage_of(record_type: str, journal: str, volume: str, stage_patterns: dict) -> str:
    """``"conference"`` when the type, journal or volume says meeting abstract, ``"preprint"``
    for a preprint server, else ``""`` (a journal article)."""
    text = fold(" ".join((record_type or "", journal or "", volume or "")))
    for stage, pattern in stage_patterns.items():
        if pattern.search(text):
            return stage
    return ""


def _compile_words(patterns: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {
        name: re.compile(r"\b(?:" + "|".join(words) + r")\b") for name, words in patterns.items()
    }


def _compile_regexes(patterns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Each expression as (gate, expression), searched one by one (an expression anchored on
    the title's start fails at once; in an alternation it would be tried at every position).
    A leading word boundary stops Python's regex engine from jumping to the first literal, so
    it tries every position (10x slower on 100,000 titles); the expression without it is a
    necessary condition that runs at literal speed and screens the titles first."""
    return {
        name: [(re.compile(p[2:]) if p.startswith("\\b") else None, re.compile(p)) for p in regexes]
        for name, regexes in patterns.items()
    }


def _per_distinct(values, compute) -> list:
    """``compute`` applied to each value, computed once per distinct value: duplicates share
    journals, author lists and page ranges, and a 100,000-record search holds a few thousand
    journals, so this skips most of the per-record Python work."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = [compute(u) for u in uniques]
    return [results[c] for c in codes]


def _author_features(authors: str) -> tuple[str, str]:
    """(first-author key, sorted distinct folded surnames) of one "; "-joined author list."""
    names = split_list(authors)
    if not names:
        return "", ""
    surnames = {fold(split_author(name)[0]) for name in names} - {""}
    return author_key(names[0]), " ".join(sorted(surnames))


def build_features(records: pd.DataFrame, config: dict) -> pd.DataFrame:
    """One row of comparison features per record, index aligned with ``records``."""
    weak = {
        "placeholders": {fold(p) for p in config["weak_title"]["placeholders"]},
        "generic_titles": {fold(p) for p in config["weak_title"]["generic_titles"]},
        "min_words": config["weak_title"]["min_words"],
        "min_chars": config["weak_title"]["min_chars"],
    }
    kind_patterns = _compile_regexes(config["title_kinds"])
    stage_patterns = _compile_words(config["publication_stages"])

    def column(name: str) -> np.ndarray:
        # Plain object arrays: iterating pandas' string dtype costs a Python call per value.
        return records[name].to_numpy(dtype=object)

    def title_features(title: str) -> tuple:
        cleaned = clean_title(title).lower()
        folded = fold(cleaned)
        return (
            folded,
            is_weak_title(folded, weak),
            not folded or folded in weak["placeholders"],
            cleaned,
            title_part(folded),
            title_numbers(folded),
        )

    title_codes, distinct_titles = pd.factorize(column("title"), use_na_sentinel=False)
    distinct = [title_features(t) for t in distinct_titles]
    kinds = titles_kinds([t[3] for t in distinct], kind_patterns)
    by_title = [(*distinct[c][:3], kinds[c], *distinct[c][4:]) for c in title_codes]
    by_authors = _per_distinct(column("authors"), _author_features)
    first_authors = [a[0] for a in by_authors]
    years = _per_distinct(column("year"), normalize_year)
    journals = _per_distinct(column("journal"), journal_key)
    by_pages = _per_distinct(column("pages"), lambda p: (first_page(p), page_range(p)))
    cited_as = column("type") + "\x1f" + column("journal") + "\x1f" + column("volume")
    features = pd.DataFrame(
        {
            "title": [t[0] for t in by_title],
            "weak_title": [t[1] for t in by_title],
            "no_title": [t[2] for t in by_title],
            "kind": [t[3] for t in by_title],
            "part": [t[4] for t in by_title],
            "numbers": [t[5] for t in by_title],
            "first_author": first_authors,
            "first_surname": [k.rsplit(" ", 1)[0] if " " in k else k for k in first_authors],
            "surnames": [a[1] for a in by_authors],
            "year": years,
            "year_int": pd.array([int(y) if y else pd.NA for y in years], dtype="Int64"),
            "journal": journals,
            "volume": _per_distinct(column("volume"), volume_number),
            "page": [p[0] for p in by_pages],
            "page_range": [p[1] for p in by_pages],
            "doi": [doi_key(d) for d in column("doi")],
            "pmid": column("pmid"),
            "pmcid": column("pmcid"),
            "stage": _per_distinct(
                cited_as, lambda text: stage_of(*text.split("\x1f"), stage_patterns)
            ),
        },
        index=records.index,
    )
    features["journal_initials"] = _per_distinct(
        column("journal"), lambda j: "".join(t[0] for t in journal_key(j))
    )
    return features


# --------------------------------------------------------------------------- stored features

# Features are a function of one record's fields and the settings, so each ingest batch's are
# built by its own job (rule dedup_features) and a re-run after one new file rebuilds one batch's,
# not 100,000 records' (5 s of the dedup job at that size). Stored as text: a feature table is a
# plain CSV like every other intermediate, and nothing in it is executed when it is read back.
FEATURE_TEXT_COLUMNS = [
    "title",
    "kind",
    "part",
    "first_author",
    "first_surname",
    "surnames",
    "year",
    "volume",
    "page",
    "doi",
    "pmid",
    "pmcid",
    "stage",
    "journal_initials",
]
FEATURE_TABLE_COLUMNS = [
    "record_id",
    "source_sha256",
    *FEATURE_TEXT_COLUMNS,
    "weak_title",
    "no_title",
    "numbers",
    "journal",
    "page_range",
    # not compared: how many bibliographic fields the record fills, which picks its cluster's
    # canonical record (dedup reads this rather than the 200 MB records table)
    "fields_filled",
]


def features_table(records: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """The ``features`` build_features made of ``records`` as text, one row per record, keyed by
    ``record_id`` and naming its ``source_sha256`` as every results table does. Sets and tuples
    are joined with spaces, which none of their items holds (numbers are digits, journal tokens
    are words of a folded name); a page range is written "first-last"."""
    table = pd.DataFrame(
        {
            "record_id": records["record_id"].to_numpy(dtype=object),
            "source_sha256": records["source_sha256"].to_numpy(dtype=object),
        }
    )
    for name in FEATURE_TEXT_COLUMNS:
        table[name] = features[name].to_numpy(dtype=object)
    for name in ("weak_title", "no_title"):
        table[name] = np.where(features[name].to_numpy(dtype=bool), "1", "0")
    table["numbers"] = [" ".join(sorted(n)) for n in features["numbers"]]
    table["journal"] = [" ".join(j) for j in features["journal"]]
    table["page_range"] = ["" if r is None else f"{r[0]}-{r[1]}" for r in features["page_range"]]
    table["fields_filled"] = fields_filled(records).astype(str)
    return table[FEATURE_TABLE_COLUMNS]


def fields_filled(records: pd.DataFrame) -> np.ndarray:
    """How many of the bibliographic fields each record fills (the most complete member of a
    cluster is its canonical record)."""
    return (records[BIBLIOGRAPHIC_FIELDS] != "").sum(axis=1).to_numpy()


def features_from_tables(tables: list[pd.DataFrame], record_ids, with_filled: bool = False):
    """The features of ``record_ids``, in their order, from tables written by features_table:
    the frame build_features makes for those records; with ``with_filled``, also their
    fields_filled counts, as (features, counts). Raises KeyError naming a record that no table
    holds (its batch's features are stale or missing)."""
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    missing = [c for c in FEATURE_TABLE_COLUMNS if c not in table.columns]
    if missing:
        raise KeyError(f"feature tables lack the columns {', '.join(missing)}")
    stored = pd.Index(table["record_id"])
    if stored.has_duplicates:
        repeated = stored[stored.duplicated()][0]
        raise KeyError(f"record {repeated!r} has features in more than one table")
    record_ids = pd.Index(record_ids)
    position = stored.get_indexer(record_ids)
    if (position < 0).any():
        absent = record_ids[position < 0]
        raise KeyError(
            f"no features for {len(absent)} record(s), e.g. {absent[0]!r}: the feature tables "
            "are older than the records table"
        )
    table = table.iloc[position].reset_index(drop=True)
    years = table["year"].to_numpy(dtype=object)
    features = pd.DataFrame(
        {
            "title": table["title"].to_numpy(dtype=object),
            "weak_title": (table["weak_title"] == "1").to_numpy(),
            "no_title": (table["no_title"] == "1").to_numpy(),
            "kind": table["kind"].to_numpy(dtype=object),
            "part": table["part"].to_numpy(dtype=object),
            "numbers": _per_distinct(
                table["numbers"].to_numpy(dtype=object), lambda n: frozenset(n.split())
            ),
            "first_author": table["first_author"].to_numpy(dtype=object),
            "first_surname": table["first_surname"].to_numpy(dtype=object),
            "surnames": table["surnames"].to_numpy(dtype=object),
            "year": years,
            "year_int": pd.array([int(y) if y else pd.NA for y in years], dtype="Int64"),
            "journal": _per_distinct(
                table["journal"].to_numpy(dtype=object), lambda j: tuple(j.split())
            ),
            "volume": table["volume"].to_numpy(dtype=object),
            "page": table["page"].to_numpy(dtype=object),
            "page_range": _per_distinct(table["page_range"].to_numpy(dtype=object), _range_of),
            "doi": table["doi"].to_numpy(dtype=object),
            "pmid": table["pmid"].to_numpy(dtype=object),
            "pmcid": table["pmcid"].to_numpy(dtype=object),
            "stage": table["stage"].to_numpy(dtype=object),
            "journal_initials": table["journal_initials"].to_numpy(dtype=object),
        }
    )
    if with_filled:
        return features, table["fields_filled"].astype(int).to_numpy()
    return features


def _range_of(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    first, last = text.split("-")
    return (int(first), int(last))
