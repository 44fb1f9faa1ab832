"""The time point of a rate, as a label such as "5y" or "18m": written as a prefix of the
outcome's name ("1-, 3- and 5-year OS"), as a list after the name ("survival at 1, 3 and 5
years"), or as a list after the values ("62.6%, 30.1% and 19.8% at 1, 3, and 5 years")."""

from __future__ import annotations

import re

from litreview.extract.numbers import NUM, canonical_time_unit, parse_number
from litreview.extract.outcome_types import Value
from litreview.extract.value_grammar import UNIT, is_rate_unit

# "Ninety-day mortality", "thirty-day readmission": the days of surgical outcomes in words
TP_NUM = (
    rf"(?:{NUM}|twenty|thirty|sixty|ninety|eighteen|fifteen|twelve|one|two|three|four|five|"
    r"six|seven|eight|nine|ten)"
)


_TP_ITEM = rf"(?:median|mean|{TP_NUM}(?:\s*[-‐‑]?\s*{UNIT})?)"


# Items before the last carry a unit only when hyphenated ("1-year, 3-year"): "3.5 years,
# median OS" is a follow-up time, then the outcome.
_TP_LEAD_ITEM = rf"(?:median|mean|{TP_NUM}(?:\s*[-‐‑]\s*{UNIT})?)"


# "p = 0.4360, and 5-year survival rate": a p-value is no time point
TP_PREFIX = re.compile(
    r"(?<![=<>≤≥⩽⩾.\d])(?<![=<>≤≥⩽⩾]\s)"
    # "30/90-day mortalities": a slash lists them too
    # "the 2-and 5-year overall survival": a page may drop the space after the hyphen
    rf"(?P<prefix>(?:{_TP_LEAD_ITEM}\s*[-‐‑]?\s*(?:,\s*(?:and\s+|or\s+)?|(?:\s+|(?<=[-‐‑]))(?:and|or|to)\s+|/))*"
    rf"{_TP_ITEM})[\s‐‑-]+(?:(?:overall|cumulative|actuarial|estimated|major|the|rate\s+of)\s+)*$",
    re.IGNORECASE,
)


_TP_ITEM_RE = re.compile(rf"median|mean|(?P<n>{TP_NUM})(?:\s*[-‐‑]?\s*(?P<u>{UNIT}))?", re.I)


# "at 1, 3 and 5 years", also with the unit written for every item ("at 1 year, 2 years, and 3
# years"); the last item's unit holds for the items written without one
_LISTED_POINT = rf"{NUM}(?:\s*[-‐‑]?\s*{UNIT}\b)?"


# "disease-free survival (DFS) rates at 5 and 10 years": the name's abbreviation may come first
TP_AFTER = re.compile(
    rf"(?P<rate>(?:\s*[(\[][A-Za-z][\w-]{{0,7}}[)\]])?\s+rates?)?\s+(?P<prep>at|after|of|for)\s+"
    rf"(?P<list>(?:{_LISTED_POINT}\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+))*"
    rf"{NUM})\s*[-‐‑]?\s*(?P<u>{UNIT})\b",
    re.IGNORECASE,
)


# "survival rates were 62.6%, 30.1% and 19.8% at 1, 3, and 5 years": the time points of a list
# are not values; "(6 to 374 months)" after a value is its range; "survival rates for
# NSCLC patients in 1 year, 2 years, and 3 years were": "in" and "within" list them too
TIMEPOINT_LIST = re.compile(
    rf"\b(?:at|after|in|within)\s+(?P<nums>{_LISTED_POINT}(?:\s*,\s*{_LISTED_POINT})*\s*,?\s*(?:and|or|to)\s+"
    rf"{NUM})\s*[-‐‑]?\s*(?P<u>{UNIT})\b",
    re.IGNORECASE,
)


_POINT_ITEM = re.compile(rf"(?P<n>{NUM})(?:\s*[-‐‑]?\s*(?P<u>{UNIT})\b)?", re.IGNORECASE)


def listed_timepoints(items: str, unit: str) -> list[str]:
    """The labels of a list of time points ("1, 3 and 5", "1 year, 2 years, and 3"), each
    item in its own unit or, written without one, in ``unit`` (the list's last)."""
    return [
        timepoint_label(m.group("n"), m.group("u") or unit) for m in _POINT_ITEM.finditer(items)
    ]


def timepoint_label(n: str, unit: str) -> str:
    unit = canonical_time_unit(unit)
    letter = {"years": "y", "months": "m", "weeks": "w", "days": "d"}.get(unit, unit[:1])
    number = parse_number(n)
    return f"{number:g}{letter}"


def prefix_slots(prefix: str) -> list[tuple[str, str]]:
    items = list(_TP_ITEM_RE.finditer(prefix))
    last_unit = next((m.group("u") for m in reversed(items) if m.group("u")), "")
    slots = []
    for item in items:
        word = item.group(0).lower()
        if word in ("median", "mean"):
            slots.append((word, ""))
        elif last_unit:
            slots.append(("rate", timepoint_label(item.group("n"), item.group("u") or last_unit)))
    return slots


# "and at 3 months 64.1%": a time point written just before the rate it is of
_AT_POINT_BEFORE = re.compile(
    rf"\b(?:at|after)\s+(?P<n>{TP_NUM})\s*[-‐‑]?\s*(?P<u>{UNIT})\s*,?\s*"
    r"(?:(?:it|this|the\s+rate)\s+(?:was|were|reached|fell\s+to|rose\s+to)\s+|was\s+|were\s+)?$",
    re.IGNORECASE,
)
# "94% at one year and 73% at three years": ... or just after it, alone
_AT_POINT_AFTER = re.compile(
    rf"\s+(?:at|after)\s+(?P<n>{TP_NUM})\s*[-‐‑]?\s*(?P<u>{UNIT})\b",
    re.IGNORECASE,
)


def timepoints_after(sentence: str, s_start: int, values: list[Value]) -> None:
    """ "62.6%, 30.1% and 19.8% at 1, 3, and 5 years": as many rates before the list as it
    has time points take them in order; a rate with its own time point just before or after it
    ("at 3 months 64.1%", "73% at three years") takes that one."""
    for value in values:
        if not is_rate_unit(value.unit) or value.timepoint:
            continue
        at = value.num_start - s_start
        own = _AT_POINT_BEFORE.search(sentence, max(0, at - 40), at) or _AT_POINT_AFTER.match(
            sentence, value.end - s_start
        )
        if own:
            value.timepoint = timepoint_label(own.group("n"), own.group("u"))
            value.own_timepoint = True
    for match in TIMEPOINT_LIST.finditer(sentence):
        if " to " in match.group("nums"):
            continue  # "at 1 to 5 years" is a span, not a list
        points = listed_timepoints(match.group("nums"), match.group("u"))
        before = [v for v in values if v.end <= match.start() + s_start]
        run = before[-len(points) :]
        if (
            len(run) == len(points)
            and all(is_rate_unit(v.unit) for v in run)
            and not any(v.timepoint for v in run)
        ):
            for value, point in zip(run, points, strict=True):
                value.timepoint = point
