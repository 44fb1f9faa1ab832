"""What follows a reported number: confidence interval, p-value, arm size, IQR or range, in
brackets or after a comma, in the forms journals print them. Shared by outcomes and effects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from litreview.extract.numbers import (
    CI_LEAD,
    COUNT,
    NUM,
    P_VALUE,
    RANGE_DASH,
    SIGNED_NUM,
    parse_number,
    parse_p_value,
)

_PCT = r"(?:\s?%)?"
CI_RE = re.compile(
    rf"{CI_LEAD}[\[(]?\s*(?P<ci_low>{SIGNED_NUM}){_PCT}(?:{RANGE_DASH}|\s*[,;]\s*)"
    rf"(?P<ci_high>{SIGNED_NUM}){_PCT}\s*[\])]?",
    re.IGNORECASE,
)
BARE_RANGE_RE = re.compile(
    rf"^\s*(?P<ci_low>{SIGNED_NUM})(?P<pct1>\s?%)?{RANGE_DASH}(?P<ci_high>{SIGNED_NUM})(?P<pct2>\s?%)?\s*$"
)
# "(16.2-55.7 CI)": the bounds written before the interval's name
CI_AFTER_RE = re.compile(
    rf"(?P<ci_low>{SIGNED_NUM}){_PCT}{RANGE_DASH}(?P<ci_high>{SIGNED_NUM}){_PCT}\s*"
    r"(?:(?:9[05]|99)\s?%\s*)?(?:CI|C\.I\.|confidence\s+interval)\b",
    re.IGNORECASE,
)
# "95% CI: 25-NR", "95% CI 33 to not reached": an interval with no upper bound; understood, and
# no interval is recorded (the estimate's CI is open)
CI_OPEN_RE = re.compile(
    rf"{CI_LEAD}[\[(]?\s*{SIGNED_NUM}{_PCT}{RANGE_DASH}(?:NR|NE|NA|not\s+reached|"
    r"not\s+estimable|not\s+evaluable)\b",
    re.IGNORECASE,
)
P_RE = re.compile(P_VALUE)
N_RE = re.compile(rf"\b[nN]\s*[=:]\s*(?P<n>{NUM})")
IQR_RE = re.compile(
    r"\b(?:IQR|interquartile|range|SD|s\.d\.|SE|standard|ref|reference|referent)\b|\bi\.q\.r\.",
    re.IGNORECASE,
)
# "PRG: n = 13 (31%)", "SRG: 2 (16.7%)": a group named with a colon, its count and share
GROUP_COUNT_SHARE = re.compile(
    rf"\s*(?P<arm>[A-Za-z][\w+/-]*(?:\s+[\w+/-]+){{0,2}})\s*:\s*(?:[nN]\s*=\s*)?{NUM}\s*,?\s*"
    rf"[(\[]\s*{NUM}\s?%\s*[)\]]\s*"
)
# the same, read back from its share: "(PRG: n = 2 (" before "4.8%)"
GROUP_COUNT_BEFORE = re.compile(
    rf"(?:^|[(\[;,])\s*(?P<arm>[A-Za-z][\w+/-]*(?:\s+[\w+/-]+){{0,2}})\s*:\s*(?:[nN]\s*=\s*)?"
    rf"{NUM}\s*,?\s*[(\[]\s*$"
)
# Only a bracket that opens right after the number, or a comma/semicolon followed by a CI or p.
_NEXT_BRACKET = re.compile(r"\s*[(\[]")
_NEXT_CLAUSE = re.compile(
    # "[HR] 1.00; (95% confidence interval [CI], 0.98 to 1.02)": the interval opens a bracket
    rf"\s*[,;]\s*(?:[(\[](?=\s*(?:9[05]|99)\s?%))?(?=(?:{CI_LEAD})?\s*{SIGNED_NUM}|{P_VALUE}|{CI_LEAD})"
    # "HR 2.12 95% confidence interval [CI]: 1.04-4.33", "1.12 (1.10-1.14) p<0.001": an
    # interval named with its level, or a p-value, after a space only
    r"|\s+(?=(?:9[05]|99)\s?%\s*(?:CI\b|C\.I\.|confiden)"
    r"|[Pp](?:[- ]?value)?\s*(?:[=<>≤≥⩽⩾]|&[lg]t;))",
    re.I,
)


@dataclass
class Annotation:
    end: int
    ci_low: float | None = None
    ci_high: float | None = None
    p_text: str = ""
    p_value: float | None = None
    n: int | None = None
    labels: list[str] | None = None  # bracketed text that is none of the above ("3-20%")
    bare_range: tuple[float, float] | None = None


def matching_close(text: str, open_at: int, limit: int) -> int:
    """Index just past the bracket closing the one at ``open_at`` (or -1 if none before limit).
    Abstracts mismatch bracket kinds ("[hazard ratio (HR) 1.0, p < 0.001)"), so any closing
    bracket closes any opening one."""
    depth = 0
    for i in range(open_at, min(limit, len(text))):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def read_annotations(text: str, pos: int, limit: int, allow_bare_ci: bool) -> Annotation:
    """Consume brackets and ", 95% CI ..." / "; p = ..." clauses that follow a number at
    ``pos``; stop at anything else. ``limit`` is the end of the sentence."""
    note = Annotation(end=pos)
    labels: list[str] = []
    for _ in range(4):
        bracket = _NEXT_BRACKET.match(text, note.end, limit)
        if bracket:
            open_at = bracket.end() - 1
            close = matching_close(text, open_at, limit)
            if close < 0:
                break
            inner = text[open_at + 1 : close - 1]
            if not _read_inner(inner, note, allow_bare_ci, labels):
                break
            note.end = close
            continue
        clause = _NEXT_CLAUSE.match(text, note.end, limit)
        if clause:
            rest = text[clause.end() : limit]
            ci = CI_RE.match(rest)
            if ci and note.ci_low is None:
                note.ci_low = parse_number(ci.group("ci_low"))
                note.ci_high = parse_number(ci.group("ci_high"))
                note.end = clause.end() + ci.end()
                continue
            p = P_RE.match(rest)
            if p and not note.p_text:
                set_p_value(note, p)
                note.end = clause.end() + p.end()
                continue
        break
    note.labels = labels
    return note


def set_p_value(note: Annotation, match: re.Match) -> None:
    if match.group("p_op"):
        note.p_text, note.p_value = parse_p_value(match.group("p_op"), match.group("p_num"))
    else:
        note.p_text = "NS"


def _read_inner(inner: str, note: Annotation, allow_bare_ci: bool, labels: list[str]) -> bool:
    """Read one bracket's content; False when it is not an annotation (e.g. an arm label)."""
    understood = False
    parts = re.split(r"\s*;\s*", inner)
    if len(parts) > 1 and all(GROUP_COUNT_SHARE.fullmatch(part) for part in parts):
        return False  # "(PRG: n = 2 (4.8%); SRG: n = 1 (8.3%))": each group's own value
    ci = CI_RE.search(inner) or CI_AFTER_RE.search(inner)
    if ci and note.ci_low is None:
        note.ci_low = parse_number(ci.group("ci_low"))
        note.ci_high = parse_number(ci.group("ci_high"))
        inner = inner[: ci.start()] + ";" + inner[ci.end() :]
        understood = True
    for part in re.split(r"\s*;\s*|,\s+", inner):
        part = part.strip()
        if not part:
            continue
        if CI_OPEN_RE.search(part):
            understood = True
            continue
        ci = CI_RE.search(part) or CI_AFTER_RE.search(part)
        if ci and note.ci_low is None:
            note.ci_low = parse_number(ci.group("ci_low"))
            note.ci_high = parse_number(ci.group("ci_high"))
            understood = True
            continue
        p = P_RE.search(part)
        if p and not note.p_text:
            set_p_value(note, p)
            understood = True
            continue
        n = N_RE.search(part)
        if n:
            note.n = int(parse_number(n.group("n")))
            understood = True
            continue
        if IQR_RE.search(part):
            understood = True
            continue
        bare = BARE_RANGE_RE.match(part)
        if bare:
            if allow_bare_ci and not (bare.group("pct1") or bare.group("pct2")):
                if note.ci_low is None:
                    note.ci_low = parse_number(bare.group("ci_low"))
                    note.ci_high = parse_number(bare.group("ci_high"))
            else:
                labels.append(part)
            understood = True
            continue
        if re.fullmatch(rf"{COUNT}\s?%|{NUM}/{NUM}|{NUM}", part):
            understood = True
            continue
        labels.append(part)
    return understood
