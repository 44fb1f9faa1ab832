"""Sentence spans of an abstract, with offsets into the text.

Abstracts break the rules general-purpose sentence splitters are trained on: decimals
(".008"), "vs.", "et al.", section labels ("Results:"), and sentences glued together when a
web page loses its line breaks ("metastases.This was"). A value's evidence must never cross a
sentence, so the splitter is small, written here, and tested on those cases.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = (
    "vs", "v", "et al", "e.g", "i.e", "fig", "figs", "no", "approx", "ca", "cf", "dr", "resp",
    "mo", "mos", "yr", "yrs", "wk", "wks", "min", "max", "ref", "vol", "inc", "st", "jr", "sr",
    "mr", "mrs", "ms", "pts", "pt", "n.s", "u.s", "c.i", "c.l", "s.d", "s.e", "i.q.r",
)  # fmt: skip
_ABBREV_RE = re.compile(r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r"))$", re.I)

# A boundary: terminal punctuation then space(s) and a capital, digit or bracket; or a period
# glued to a capitalised word after a word of two or more letters; or a line break. Every
# branch opens with its punctuation (the look-behind comes after the period), so the engine
# can skip to candidate characters instead of testing a look-behind at every position.
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?])(?P<gap>\s+)(?=[\"'(\[]?[A-Z0-9])"
    r"|(?P<glued>\.)(?<=[a-z]{2}\.|[A-Z]{2}\.|.\)\.)(?=[A-Z][a-z])"
    r"|(?P<nl>\n\s*)"
)


_STRAY_BRACKET = re.compile(r"\(\s*\d[^()\[\]]{0,120}\)\s*(?:[.;]|$)")


_INITIAL = re.compile(r"\b[A-Z]$")
_INITIALS = re.compile(r"\b[A-Z]\.\s*[A-Z]$")
_INITIAL_AFTER = re.compile(r"[A-Z]\.")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering every non-blank sentence, stripped of outer whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group("stop"):
            # only the sentence's last characters can end in an abbreviation or an initial;
            # searching with pos/endpos (not a slice) keeps word boundaries exact
            stop, tail = match.start("stop"), max(start, match.start("stop") - 12)
            if _ABBREV_RE.search(text, tail, stop):
                continue
            # "J. X. Chen" is initials; "in group A. The" ends a sentence
            if _INITIAL.search(text, tail, stop) and (
                _INITIAL_AFTER.match(text, match.end("gap")) or _INITIALS.search(text, tail, stop)
            ):
                continue
            # "... compared with B and C. (35.8 vs 27.1 vs 27.4 mo).": a bracket of numbers
            # standing alone after the stop is the sentence's evidence, misplaced
            if text[match.end("gap") : match.end("gap") + 1] == "(" and _STRAY_BRACKET.match(
                text, match.end("gap")
            ):
                continue
            end = match.end("stop")
            next_start = match.end("gap")
        elif match.group("glued"):
            end = match.end("glued")
            next_start = end
        else:
            end = match.start("nl")
            next_start = match.end("nl")
        _add(text, start, end, spans)
        start = next_start
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
