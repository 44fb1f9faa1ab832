"""The sections of a structured abstract ("Background: ...", "ABSTRACT.METHODS:.",
"CONCLUSIONS"), found from the headings that open sentences.

A Background or Introduction section states what is known before the study, so a figure in it
("median survival of untreated disease is around 16 months") is someone else's, even when no
cue word ("previous studies") says so; a Conclusion restates the results. No library splits an
abstract into sections from the many ways journals and databases print headings (inline with a
colon, alone on a line, upper case, "ABSTRACT." prefixed by PMC's plain-text export), so the
small grammar is here."""

from __future__ import annotations

import re

# A heading opens a sentence: up to six words, then a colon ("Background:", "Patients and
# methods:", "ABSTRACT.RESULTS:."), or the whole sentence is the heading ("BACKGROUND",
# "Conclusions."). Only capitalised words and short joining words fit, so "Median TTP: 11.2
# months" may pass for a heading; it is then a heading of no known kind and only ends the
# section before it.
_WORD = r"(?:[A-Z][A-Za-z'-]*|and|or|of|the|&|/)"
_HEADING = re.compile(
    rf"(?:ABSTRACT\.)?(?P<name>{_WORD}(?:\s*(?:\s|/)\s*{_WORD}){{0,5}})"
    r"(?:\s*:\s*\.?|\s*\.?\s*$)"
)
_JOINING = {"and", "or", "of", "the", "&", "/", "study", "this"}

CONCLUSION_WORDS = frozenset({"conclusion", "conclusions", "interpretation", "implications"})


def heading_name(sentence: str) -> str:
    """The heading that opens ``sentence``, lower-cased, or "" when it opens with none."""
    match = _HEADING.match(sentence)
    if not match:
        return ""
    return re.sub(r"\s+", " ", match.group("name")).lower()


def _is_kind(name: str, words: frozenset[str]) -> bool:
    parts = [w for w in re.split(r"[\s/]+", name) if w]
    return any(w in words for w in parts) and all(w in words or w in _JOINING for w in parts)


def section_of_each(
    text: str, sentences: list[tuple[int, int]], background_words: frozenset[str]
) -> list[str]:
    """One label per sentence: "background" inside a section whose heading is made of
    ``background_words`` (with joining words: "Background and aims"), "conclusion" inside a
    Conclusion(s)/Interpretation section, "" elsewhere and in abstracts without headings."""
    labels: list[str] = []
    current = ""
    for start, end in sentences:
        name = heading_name(text[start:end])
        if name:
            if _is_kind(name, background_words):
                current = "background"
            elif _is_kind(name, CONCLUSION_WORDS):
                current = "conclusion"
            else:
                current = ""
        labels.append(current)
    return labels


# "Over nine months follow-up in our original study, ...": a background sentence about this
# study (its earlier report, its design) reports its own figures, and so do the sentences of
# the section after it ("The incidence of malaria was slightly higher ... (HR 1.5, ...)")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b|\bthis\s+(?:study|trial|cohort|series)\b", re.I)


def background_sentences(
    text: str, sentences: list[tuple[int, int]], background_words: frozenset[str]
) -> set[tuple[int, int]]:
    """The sentences of a structured abstract's Background/Introduction/Purpose section up to
    the first that speaks of this study in the first person."""
    labels = section_of_each(text, sentences, background_words)
    spans: set[tuple[int, int]] = set()
    own_study = False
    for (a, b), label in zip(sentences, labels, strict=True):
        if label != "background":
            own_study = False
            continue
        own_study = own_study or bool(_FIRST_PERSON.search(text, a, b))
        if not own_study:
            spans.add((a, b))
    return spans


# "In conclusion, ...", "We conclude that ...": an unstructured abstract's conclusion
_CONCLUDING = re.compile(
    r"\s*(?:in\s+(?:conclusion|summary)\b|to\s+conclude\b|we\s+conclude\b|"
    r"(?:these|our)\s+(?:results|findings|data)\s+(?:suggest|show|indicate|confirm)\b)",
    re.IGNORECASE,
)


def conclusion_sentences(
    text: str, sentences: list[tuple[int, int]], background_words: frozenset[str]
) -> set[tuple[int, int]]:
    """The sentences of a Conclusion(s) section, and those an unstructured abstract opens with
    "In conclusion", "We conclude", "These results suggest"."""
    labels = section_of_each(text, sentences, background_words)
    return {
        (a, b)
        for (a, b), label in zip(sentences, labels, strict=True)
        if label == "conclusion" or _CONCLUDING.match(text, a, b)
    }
