"""Outcome values (medians, rates) with their arm, time point, CI and p-value.

Abstracts state results in a handful of shapes, and each shape is one rule here:

* a *frame*: one or more outcome names ("median HPFS and OS", "the median, 5 and 10 year OS",
  "local, hepatic, and overall PFS") followed by the values that report them;
* the values in a frame are matched to the frame's slots and to arms, in the order the text
  gives: outcome-major ("for NET vs NEC were 6.7 vs 2.9 months, 4.8 vs 1.5 months"), arm-major
  ("18.5 and 125.1 months for G1, 12.2 and 33.9 months for G2"), or one segment per arm
  ("hepatic resection (n = 58), 160 months, 90%, 70%; ablation (n = 28), ...");
* a count with a percentage naming its outcome after it ("40 (3.3%) deaths").

A value no rule can tie to an outcome is dropped: a wrong value costs a reviewer more than a
missing one. Differences ("5.5-month shorter"), follow-up times, ages and durations are not
outcome values and are excluded by context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from litreview.extract.annotations import matching_close, read_annotations
from litreview.extract.comparisons import comparison_arms, subject_group
from litreview.extract.numbers import (
    CI_LEAD,
    CI_RANGE,
    COUNT,
    NUM,
    canonical_time_unit,
    normalise_time,
    parse_number,
)
from litreview.extract.vocab import Mention, Vocabulary, _norm

_UNIT = r"(?:months?|mos?|mths?|weeks?|wks?|years?|yrs?|days?|y|d)"
# Words that say values follow the order their names were written in: "were 80% and 85%,
# respectively" and the same with "separately", "in turn" or "correspondingly"
RESPECTIVELY = r"(?:respectively|separately|in\s+turn|correspondingly)"
# "4.6 per 100 woman-years": an incidence rate, kept in its own unit "per 100 person-years"
_PER_PERSON_TIME = (
    r"\s?per\s+(?P<per>100|1,?000|10,?000|100,?000)\s+(?:person|patient|woman|women|man|men|"
    r"participant|subject)s?[\s-]+years?\b"
)
# A confidence interval written between a number and its unit, "44 (95% CI: 7-NR) months";
# its bounds are read from the bracket like any other annotation.
# The same holds for a standard deviation or a range: "34.1 (± 3.7) mo", "8 (range, 2 to 51) mo".
_INNER_CI = (
    r"\s*[(\[](?=[^()\[\]]{0,60}\bCI\b|\s*(?:±|\+/-|range\b|IQR\b|SD\b))[^()\[\]]{1,60}[)\]]"
)
# "433.78 ± 66.98 days": a mean with its standard deviation, the unit written after both;
# "11+ months": a duration still running when counted; "38.9m": months as one letter.
VALUE_RE = re.compile(
    rf"(?<![\w.·,/−-])(?P<num>{NUM})(?P<plus>\+(?!/))?(?P<sd>\s?(?:±|\+/-)\s?{NUM})?"
    rf"(?:\s?(?P<pct>%|percent\b|per\s?cent\b)|{_PER_PERSON_TIME}"
    rf"|(?P<inner>{_INNER_CI})?(?P<hyphen>\s?[-‐‑])?\s?(?P<unit>{_UNIT}|m)\b\.?)",
    re.IGNORECASE,
)
_SERIES_BEFORE = re.compile(
    rf"(?<![\w.·,/−-])(?P<num>{NUM})(?P<ann>\s*[(\[][^()\[\]]{{0,80}}[)\]])?"
    r"\s*(?:,\s*(?:and\s+)?|\s+(?:vs\.?|versus|and|or|compared\s+(?:with|to))\s+)$",
    re.IGNORECASE,
)
_PREP_AFTER = re.compile(r"\s+(?P<prep>in|for|among|with)\s+", re.IGNORECASE)
_GROUPED_BEFORE = re.compile(
    rf"(?<![\w.·,/−-])(?P<num>{NUM})\s+(?P<prep>in|for|among|with)\s+(?:the\s+)?"
    r"(?P<grp>[A-Za-z][\w/+-]*(?:\s+(?!and\b|or\b)[A-Za-z][\w/+-]*){0,3})"
    r"\s*(?:,\s*(?:and\s+)?|\s+(?:vs\.?|versus|and)\s+)$",
    re.IGNORECASE,
)
_TP_NUM = rf"(?:{NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
_TP_ITEM = rf"(?:median|mean|{_TP_NUM}(?:\s*[-‐‑]?\s*{_UNIT})?)"
# Items before the last carry a unit only when hyphenated ("1-year, 3-year"): "3.5 years,
# median OS" is a follow-up time, then the outcome.
_TP_LEAD_ITEM = rf"(?:median|mean|{_TP_NUM}(?:\s*[-‐‑]\s*{_UNIT})?)"
_TP_PREFIX = re.compile(
    rf"(?P<prefix>(?:{_TP_LEAD_ITEM}\s*[-‐‑]?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+))*"
    rf"{_TP_ITEM})[\s‐‑-]+(?:(?:overall|cumulative|actuarial|estimated|major|the|rate\s+of)\s+)*$",
    re.IGNORECASE,
)
_TP_ITEM_RE = re.compile(rf"median|mean|(?P<n>{_TP_NUM})(?:\s*[-‐‑]?\s*(?P<u>{_UNIT}))?", re.I)
_TP_AFTER = re.compile(
    rf"(?P<rate>\s+rates?)?\s+(?P<prep>at|after|of)\s+(?P<list>(?:{NUM}\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+))*"
    rf"{NUM})\s*[-‐‑]?\s*(?P<u>{_UNIT})\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    rf"follow[- ]?up(?:\s+(?:time|period|duration|interval))?(?:\s+(?:of|was|is|=|:|for|"
    rf"lasted|after|approximately|about))*[:=\s]*{NUM}\s*{_UNIT}\b"
    rf"|{NUM}\s*{_UNIT}\b(?:\s+\([^()]*\))?\s+(?:of\s+)?(?:median\s+)?follow[- ]?up"
    rf"|after\s+a\s+median\s+(?:follow[- ]?up\s+)?(?:time\s+)?of\s+{NUM}\s*{_UNIT}\b",
    re.IGNORECASE,
)
_EXCLUDE_BEFORE = re.compile(
    r"(?:\b(?:within|every|for|during|over|up\s+to|per|each|lasting|lasted|aged?|than|range|"
    r"IQR|(?<!experienced\s)(?<!achieved\s)(?<!attained\s)(?<!reported\s)(?<!observed\s)"
    # "experienced by 76% of patients" is a share; "reduced by 5%" a difference
    r"(?<!obtained\s)(?<!seen\s)(?<!noted\s)by|"
    r"from|until|before|beyond|least|approximately\s+every|average|past|last|"
    # "mean age 61 years", but "Overall survival was mean 75.3 months" reports the mean
    r"(?<!was\s)(?<!were\s)(?<![(\[])mean|"
    r"previous|next|first|prior|additional|further|another)|[<>≤≥±]|\bage\s+of|"
    r"\b(?:gains?|benefits?|improvements?|increases?|prolongation|differences?|extension)\s+"
    r"(?:of|by|in)(?:\s+(?:about|approximately|nearly))?)"
    r"\s*$",
    re.IGNORECASE,
)
# "in the 2% PRO2000 group", "0.5% chlorhexidine gel": a concentration naming an arm
_CONCENTRATION_AFTER = re.compile(
    r"\s+(?!(?:of|in|at|and|or|vs|versus|for|with|among|after|following|from|to|by|on|than|"
    rf"per|the|a|an|each|both|all|{RESPECTIVELY})\b)[\w·.+/-]+(?:\s+[\w+/-]+)?\s+"
    r"(?:groups?|arms?|gel|cream|solution|ointment|rinse|mouthwash|patch|spray)\b",
    re.IGNORECASE,
)
_EXCLUDE_AFTER = re.compile(
    r"\s*(?:[-‐‑]\s*)?(?:shorter|longer|improvement|improved|gain|increase|increased|decrease|"
    r"decreased|reduction|reduced|difference|higher|lower|greater|less|more|fewer|benefit|"
    r"prolongation|of\s+age|old|male|female|men|women|boys|girls|relative|absolute|"
    r"(?:risk\s+)?reduction|per\s+year|annually|of\s+(?:the\s+)?(?:variance|dose)|CI|CL|C\.I|"
    r"confidence|credible|power)\b"
    # "fell to a mean of 38% of baseline levels": a level relative to before treatment
    r"|\s*of\s+(?:the\s+|their\s+)?(?:baseline|pre-?treatment|pre-?procedur(?:e|al)|pre-?operative|"
    r"initial|original|upper\s+limit)\b",
    re.IGNORECASE,
)
_ARM_AFTER = re.compile(
    # "71% was observed after resection": a passive verb before the group
    r"\s*(?:,\s*)?(?:(?:was|were)\s+(?:observed|seen|found|noted|achieved|reached|obtained|"
    r"reported|recorded)\s+)?(?:for|in|with|among|after|following|in\s+the|for\s+the|"
    # "75% of patients who underwent TAE"
    r"of(?=\s+(?:the\s+)?(?:patients|those|subjects|participants|cases)\s+(?:receiving|"
    r"treated\s+with|given|undergoing|on|with|who\s+(?:underwent|received|had))\b))\s+"
    r"(?:the\s+|(?:those|patients|subjects|participants|cases)\s+(?:with|who\s+(?:underwent|"
    r"received|had|were\s+treated\s+with)|who|treated\s+with|"
    r"receiving|undergoing|given|on)\s+|those\s+|patients\s+)?(?P<arm>[^,;:()\[\].]{1,60}?)"
    rf"(?=\s*(?:[,;:()\[\]]|\.(?!\d)|$|\s(?:and|vs\.?|versus|{RESPECTIVELY}|compared|while|whereas|"
    r"but|were|was|had|during|over|within|at|from|through|by|than|p\s*[=<>])\b))",
    re.IGNORECASE,
)
_ARM_TRIM = re.compile(
    r"\s+(?:groups?|arms?|cohorts?|patients|tumou?rs|subgroups?|alone)$|^(?:the|a|an)\s+"
    r"|^(?:groups?|arms?)\s+(?=\w+$)"
    # "45 patients treated with TACE" -> "TACE", but "10 mg everolimus" keeps its dose
    rf"|^{NUM}\s+(?:(?:patients|subjects)\s+(?:(?:allocated|assigned|randomi[sz]ed|treated)\s+)?"
    r"(?:(?:to|with)\s+)?|(?:allocated|assigned|randomi[sz]ed|treated)\s+(?:(?:to|with)\s+)?)",
    re.I,
)
_ARM_LIST = re.compile(
    rf"^\s*(?:(?:rates?|times?|estimates?|probabilit(?:y|ies)|was|were|,|{RESPECTIVELY})\s+)*"
    r"(?:(?:[a-z]+ed|seen|found|shown|given)\s+)?"
    r"(?:for|in|with|among|between|after|according\s+to)\s+(?:the\s+)?(?:patients\s+"
    r"(?:treated\s+with|receiving|undergoing|with)\s+)?(?P<list>[^,;:()\[\]]{1,80}?"
    r"(?:(?:\s+(?:vs\.?|versus|and|or|compared\s+with)\s+|\s*,\s*(?:(?:and|or)\s+)?)"
    rf"(?!\s*(?:and|or|{RESPECTIVELY})\b)[^,;:()\[\]]{{1,80}}?)+)"
    r"(?:\s+(?:groups?|arms?|cohorts?|patients))?\s*(?:[,:.]|\s+(?:were|was|of|is|are|did|"
    rf"{RESPECTIVELY})\b|$)",
    re.IGNORECASE,
)
_ARM_SPLIT = re.compile(
    r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:vs\.?|versus|and|or|compared\s+with)\s+", re.IGNORECASE
)
_COUNT_NOUN = re.compile(rf"(?P<count>{COUNT})\s+(?P<noun>[A-Za-z][\w-]*)\s*$", re.IGNORECASE)
_DOSE_UNIT = re.compile(r"(?:[mμµn]?g|mcg|[mμµ]?M|m[lL]|IU|Gy|cGy|mg/m2|mg/kg)", re.IGNORECASE)
# "two [1%]": counts are written in words too
_COUNT_BARE = re.compile(rf"(?<![\w.])(?P<count>{COUNT})\s*$", re.IGNORECASE)
_OF_PATIENTS = re.compile(
    r"\s*(?:of\s+(?:the\s+|all\s+)?(?:patients|cases|procedures|subjects)\s*"
    r"|of\s+(?:these|those|them)\s*)?"
)
# "(n = 58, 9%)": the arm's size and share of the cohort, not an outcome.
# "(n = 18; 1,571 +/- 291 days)" holds the group's result after its size, and is read.
_ARM_SIZE = re.compile(
    rf"[(\[]\s*[nN]\s*=\s*{NUM}(?![^()\[\]]*?{NUM}\s*(?:(?:±|\+/-)\s*{NUM}\s*)?{_UNIT}\b)"
    r"[^()\[\]]*[)\]]"
)
_SIZED_SHARE = re.compile(rf"[(\[]\s*[nN]\s*=\s*{NUM}\s*[,;]\s*{NUM}\s?%\s*[)\]]")
_SENTENCE_RESPECTIVELY = re.compile(rf"\b{RESPECTIVELY}\b", re.IGNORECASE)
_JOIN_MENTIONS = re.compile(r"^\s*(?:,|and|or|&|/|,\s*and|,\s*or)\s*(?:the\s+)?$", re.IGNORECASE)


# A survival named by a kind the vocabulary does not know ("distant metastasis-free survival").
_UNKNOWN_SURVIVAL_KIND = re.compile(r"(?:-|\b)(?:free|specific|related)\s*$", re.IGNORECASE)
_RATES_AGAIN = re.compile(
    rf"\b(?:the\s+)?{NUM}\s*[-‐‑]?\s*{_UNIT}\s+(?P<word>rates?|estimates?)\b", re.IGNORECASE
)
# An outcome followed by these words reports a difference, not a level ("survival benefit of 3
# months", "survival increase").
_DIFFERENCE_AFTER = re.compile(
    r"\s*(?:rates?\s+)?(?:increase|increased|benefit|advantage|difference|differences|gain|"
    r"improvement|improved|prolongation|prolonged|reduction|decrease|extension|was\s+"
    r"(?:prolonged|improved|extended|increased|reduced|longer|shorter)\s+by)\b",
    re.IGNORECASE,
)


# "selected if they had a minimal progression-free survival of 18 months": a threshold that
# decides who is studied, not a result
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:minimal|minimum|maximal|maximum|required|expected|target|anticipated|hypothesi[sz]ed)"
    r"\s+(?:[\w-]+\s+){0,3}[(\[]?\s*$"
    # "Indications for HAE were: symptom control in 21%": why patients were treated
    r"|\b(?:indications?|reasons?)\s+(?:for\s+[^.;:()]{1,40}?\s+)?(?:were|was|included?|:)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
# "survival rates were 62.6%, 30.1% and 19.8% at 1, 3, and 5 years": the time points of a list
# are not values; "(6 to 374 months)" after a value is its range
_TIMEPOINT_LIST = re.compile(
    rf"\b(?:at|after)\s+(?P<nums>{NUM}(?:\s*,\s*{NUM})*\s*,?\s*(?:and|or|to)\s+{NUM})\s*[-‐‑]?\s*"
    rf"(?P<u>{_UNIT})\b",
    re.IGNORECASE,
)
# "long-term survivors did not reach median OS after 7 years": the time is how long they were
# followed, and the median is unknown
_NOT_REACHED_BEFORE = re.compile(
    r"\b(?:not|never)\s+(?:yet\s+)?(?:reach(?:ed)?|attain(?:ed)?|achieve[ds]?)\s+(?:the\s+|a\s+|their\s+)?$",
    re.IGNORECASE,
)
# an abbreviation right after a time ("5 year RSR", "3 years LRFS") is what the time qualifies
_NAMES_THE_NEXT = re.compile(
    r"\s+(?!(?:HR|OR|RR|CI|IQR|SD|NR|NA|vs)s?\b)[A-Z][A-Z0-9]{1,5}s?\b(?!\s*[=:])"
)
_COUNT_IN_BRACKET = re.compile(rf"[(\[]\s*(?:[nN]\s*=\s*)?{COUNT}\s*[,;]\s*$", re.IGNORECASE)
_MEAN_JUST_BEFORE = re.compile(r"\bmean\s*$", re.IGNORECASE)
_HYPHEN_UNIT_ENDS = re.compile(
    r"(?<=\.)\s*$|\s*(?:[;)\]]|\.(?!\d)|$|,\s+(?:and|but|while|whereas|which|the)\b)", re.I
)
# "remains as high as 8% to 12%", "ranged from 20 to 40 months": a spread, not a result
_SPREAD = re.compile(
    rf"\b(?:as\s+(?:high|low|much|many)\s+as|rang(?:e|es|ed|ing)\s+(?:from\s+)?|between|"
    rf"vari(?:es|ed)\s+from)\s+{NUM}\s*(?:%|{_UNIT}\b)?\s*(?:to|-|–|—|‑|and)\s*{NUM}\s*"
    rf"(?:%|{_UNIT}\b)",
    re.IGNORECASE,
)
_RANGE_BRACKET = re.compile(
    rf"[(\[]\s*(?:range[:,]?\s*)?{NUM}\s*{_UNIT}?\s*(?:to|-|–|—|‑)\s*{NUM}\s*{_UNIT}?\s*[)\]]",
    re.IGNORECASE,
)


@dataclass
class Slot:
    concept: str
    stat: str  # "median", "mean", "rate" or "" (decided by the unit)
    timepoint: str
    mention: Mention


@dataclass
class Frame:
    start: int
    end: int
    slots: list[Slot]
    values: list = field(default_factory=list)
    difference: bool = False


@dataclass
class Value:
    start: int  # the number (or its count, "213 LEs (17.4%)")
    num_start: int
    end: int  # after unit and annotations
    value: float
    unit: str  # "percent" or a canonical time unit
    ci_low: float | None = None
    ci_high: float | None = None
    p_text: str = ""
    p_value: float | None = None
    n: int | None = None
    group: int = 0
    arm: str = ""
    arm_end: int = -1
    arm_n: int | None = None
    bound: Mention | None = None
    label: str = ""  # text right before "(27.9%)": names what the percentage counts
    label_end: int = -1
    timepoint: str = ""
    mean: bool = False  # written with a standard deviation ("± 66.98"), so a mean
    verb: bool = False  # bound by a verb after the people counted ("(9.9%) patients died")
    event: str = ""  # an item of a list the outcome opens ("toxicities were fatigue (23%)")
    sized: bool = False  # after a count in its bracket ("(n = 31, 86.1%)"): a group's share


def _timepoint(n: str, unit: str) -> str:
    unit = canonical_time_unit(unit)
    letter = {"years": "y", "months": "m", "weeks": "w", "days": "d"}.get(unit, unit[:1])
    number = parse_number(n)
    return f"{number:g}{letter}"


def _prefix_slots(prefix: str) -> list[tuple[str, str]]:
    items = list(_TP_ITEM_RE.finditer(prefix))
    last_unit = next((m.group("u") for m in reversed(items) if m.group("u")), "")
    slots = []
    for item in items:
        word = item.group(0).lower()
        if word in ("median", "mean"):
            slots.append((word, ""))
        elif last_unit:
            slots.append(("rate", _timepoint(item.group("n"), item.group("u") or last_unit)))
    return slots


def _expand_coordination(sentence: str, offset: int, mention: Mention, vocab: Vocabulary):
    """Mentions for "local, hepatic, and overall PFS": one per modifier before the head."""
    for head, modifiers in vocab.coordination.items():
        # "the median overall and recurrence-free survivals": the head may be plural
        if not mention.text.lower().endswith((head.lower(), head.lower() + "s")):
            continue
        words = "|".join(
            sorted((re.escape(m) for m in vocab.raw["coordination"][head]), key=len, reverse=True)
        )
        before = sentence[: mention.start - offset]
        chain = re.search(
            rf"(?:(?<![\w-])(?:{words})(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))+$",
            before,
            re.IGNORECASE,
        )
        if not chain:
            continue
        extra = []
        for word in re.finditer(rf"(?<![\w-])(?:{words})(?![\w-])", chain.group(0), re.I):
            concept = modifiers.get(_norm(word.group(0)))
            if concept:
                start = offset + chain.start() + word.start()
                extra.append(Mention(start, start + len(word.group(0)), concept, word.group(0)))
        return extra
    return []


_UNKNOWN_TIME_TO = re.compile(
    r"\b(?:(?:median|mean)\s+)?(?:time\s+(?:to|until|from)|duration\s+of)\s+"
    r"(?:(?:the|first|initial|a)\s+)?[\w-]+",
    re.IGNORECASE,
)
_OR_BEFORE = re.compile(r"(?P<word>[\w-]+)(?:\s+(?:for|from|of))?\s+(?:or|and/or)\s+$", re.I)
_OR_AFTER = re.compile(r"\s+(?:or|and/or)\s+(?P<word>[\w-]+)", re.IGNORECASE)


def _is_composite(sentence: str, offset: int, mention: Mention, mentions: list[Mention]) -> bool:
    """An event outcome joined by "or" to a word no outcome name covers."""
    start, end = mention.start - offset, mention.end - offset
    before = _OR_BEFORE.search(sentence[max(0, start - 60) : start])
    after = _OR_AFTER.match(sentence, end)
    for join, at in (
        (before, start - 60 + (before.start("word") if before else 0) if start >= 60 else
         (before.start("word") if before else 0)),
        (after, after.start("word") if after else 0),
    ):  # fmt: skip
        if join is None:
            continue
        covered = any(m.start - offset <= at < m.end - offset for m in mentions if m is not mention)
        if not covered and not re.fullmatch(r"\d+|the|a|an|any|both", join.group("word"), re.I):
            return True
    return False


def _elided_heads(sentence: str, offset: int, mentions: list[Mention], vocab) -> list[Mention]:
    """ "relapse-free (31% vs 32%) or overall survival (23% vs 22%)": a modifier whose head
    noun is written only once, later in the sentence, still names its own outcome."""
    found = []
    for head, modifiers in vocab.coordination.items():
        heads = [m for m in mentions if m.text.lower().endswith(head.lower())]
        if not heads:
            continue
        words = "|".join(
            sorted((re.escape(w) for w in vocab.raw["coordination"][head]), key=len, reverse=True)
        )
        pattern = rf"(?<![\w-])(?:{words})(?![\w-])(?=\s*[(\[]|\s+(?:was|were|rates?)\b)"
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            start, end = match.start() + offset, match.end() + offset
            if not any(h.start >= end for h in heads):
                continue
            if any(m.start < end and start < m.end for m in mentions):
                continue
            concept = modifiers.get(_norm(match.group(0)))
            if concept:
                found.append(Mention(start, end, concept, match.group(0)))
    return found


# "these percentages were ...": the outcome of the sentence before, reported again
_ANAPHOR = re.compile(
    r"\b(?:these|those|the\s+corresponding|corresponding|the\s+respective)\s+"
    r"(?:percentages|rates|figures|values|proportions|estimates|numbers)\b",
    re.IGNORECASE,
)


def _frames(
    sentence: str,
    offset: int,
    vocab: Vocabulary,
    event_cue: bool = True,
    before: list[Slot] | None = None,
) -> list[Frame]:
    """The outcome frames of one sentence; ``before`` are the slots of the previous sentence's
    last frame, which "these rates" refers back to."""
    mentions = vocab.outcomes.find(sentence)
    # "complete response (CR)": an abbreviation restating the name before it is no new name
    mentions = [m for i, m in enumerate(mentions) if not _restates(sentence, mentions, i)]
    # A named event ("neutropenia") is that outcome's only where the outcome itself is in view;
    # otherwise its frame reports nothing (a baseline "hypertension (45%)").
    mentions = [
        Mention(
            m.start + offset,
            m.end + offset,
            "" if not event_cue and vocab.event_name(m.text) else m.concept,
            m.text,
        )
        for m in mentions
    ]
    # An unknown kind of survival still opens a frame, so its values are not given to the
    # outcome named before it; the frame reports nothing.
    mentions = [
        Mention(m.start, m.end, "", m.text)
        if m.concept == "os"
        and _UNKNOWN_SURVIVAL_KIND.search(
            sentence[max(0, m.start - offset - 40) : m.start - offset]
        )
        else m
        for m in mentions
    ]
    # "hospitalization or cardiovascular death": a composite of an outcome and an event the
    # vocabulary does not know is not that outcome; its frame reports nothing.
    mentions = [
        Mention(m.start, m.end, "", m.text) if _is_composite(sentence, offset, m, mentions) else m
        for m in mentions
    ]
    taken = [(m.start - offset, m.end - offset) for m in mentions]
    for other in vocab.other_endpoints.find(sentence):
        # "stable disease", "local control": a slot of its own that reports nothing
        if not any(a < other.end and other.start < b for a, b in taken):
            mentions.append(Mention(other.start + offset, other.end + offset, "", other.text))
            taken.append((other.start, other.end))
    for unknown in _UNKNOWN_TIME_TO.finditer(sentence):
        # "mean time to relapse" (not in the vocabulary) still closes the frame before it
        if not any(a < unknown.end() and unknown.start() < b for a, b in taken):
            mentions.append(
                Mention(unknown.start() + offset, unknown.end() + offset, "", unknown.group(0))
            )
    mentions.extend(_elided_heads(sentence, offset, mentions, vocab))
    for again in _RATES_AGAIN.finditer(sentence):
        # "..., and the 5-year rates were 81.4 and 48.3%": the outcome named earlier, again.
        earlier = [m for m in mentions if m.end <= again.start() + offset]
        if earlier:
            m = earlier[-1]
            mentions.append(Mention(again.start("word") + offset, again.end() + offset, m.concept,
                                    again.group("word")))  # fmt: skip
    anaphors = {}
    concepts = {(sl.concept, sl.stat, sl.timepoint) for sl in before or []}
    if len(concepts) == 1 and next(iter(concepts))[0]:
        for match in _ANAPHOR.finditer(sentence):
            a, b = match.start() + offset, match.end() + offset
            if not any(m.start < b and a < m.end for m in mentions):
                mention = Mention(a, b, before[0].concept, match.group(0))
                anaphors[a] = before[0]
                mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    frames: list[Frame] = []
    for mention in mentions:
        coordinated = _expand_coordination(sentence, offset, mention, vocab)
        local = sentence[: (coordinated[0].start if coordinated else mention.start) - offset]
        prefix = _TP_PREFIX.search(local[-80:])
        slots_spec = _prefix_slots(prefix.group("prefix")) if prefix else []
        start = (coordinated[0].start if coordinated else mention.start) - (
            len(prefix.group(0)) if prefix else 0
        )
        end = mention.end
        after = _TP_AFTER.match(sentence, mention.end - offset)
        if (
            after
            and after.group("prep").lower() == "of"
            and not after.group("rate")
            and not re.search(rf"{NUM}\s?%", sentence[after.end() :])
        ):
            # "progression-free survival of 2.1, 1.3 and 0.7 years, respectively": the times
            # are the values, unless rates follow for them ("survival of 1 and 3 years was
            # 90% and 70%")
            after = None
        if after and not slots_spec:
            for n in re.finditer(NUM, after.group("list")):
                slots_spec.append(("rate", _timepoint(n.group(0), after.group("u"))))
            end = offset + after.end()
        heads = coordinated + [mention]
        slots = []
        for head in heads:
            for stat, tp in slots_spec or [("", "")]:
                slots.append(Slot(head.concept, stat, tp, head))
        if mention.start in anaphors:
            earlier = anaphors[mention.start]
            slots = [Slot(earlier.concept, earlier.stat, earlier.timepoint, mention)]
        previous = frames[-1] if frames else None
        if previous and _JOIN_MENTIONS.match(sentence[previous.end - offset : start - offset]):
            # "HPFS and OS": one frame whose slots follow the order the names are written in;
            # a prefix written once ("median HPFS and OS") holds for every name.
            if not slots_spec and all(s.stat or s.timepoint for s in previous.slots):
                shared = {(s.stat, s.timepoint) for s in previous.slots}
                if len(shared) == 1:
                    stat, tp = shared.pop()
                    for slot in slots:
                        slot.stat, slot.timepoint = stat, tp
            previous.slots.extend(slots)
            previous.end = end
            continue
        frames.append(Frame(max(start, offset), end, slots))
        frames[-1].difference = (
            bool(_DIFFERENCE_AFTER.match(sentence, end - offset))
            or bool(_THRESHOLD_BEFORE.search(sentence, 0, start - offset))
            or bool(_NOT_REACHED_BEFORE.search(sentence, 0, start - offset))
        )
    for frame in frames:
        # a frame of names the review does not record reports nothing; one that joins such a
        # name to a recorded outcome ("LC and PFS") keeps its slots, so values go in order
        if not any(sl.concept for sl in frame.slots):
            frame.difference = True
    return frames


def _find_values(text: str, s_start: int, s_end: int, vocab: Vocabulary, skip) -> list[Value]:
    sentence = text[s_start:s_end]
    values: list[Value] = []
    group = 0
    for match in VALUE_RE.finditer(sentence):
        a, b = match.start() + s_start, match.end() + s_start
        if any(x <= a < y for x, y in skip):
            continue
        if match.group("hyphen") and not _HYPHEN_UNIT_ENDS.match(sentence, match.end()):
            # "a 17.5-month survival": a hyphenated unit qualifies the noun after it; only at
            # the end of its clause ("PFS was 17.5-month.") is it a value
            continue
        if any(v.num_start < a < v.end for v in values):
            continue
        if not _bracket_context_ok(sentence, match.start(), vocab):
            continue
        if _EXCLUDE_BEFORE.search(sentence[max(0, match.start() - 25) : match.start()]):
            continue
        unit = (
            "percent"
            if match.group("pct")
            else _per_person_years(match.group("per"))
            if match.group("per")
            else canonical_time_unit(match.group("unit"))
        )
        # one-letter units only where an abbreviation is plainly meant ("5.6 y", "30 d",
        # "38.9m"), not a label or a measure ("m2", "d =", "5 m in diameter")
        if (
            match.group("unit")
            and match.group("unit").lower() in ("y", "d", "m")
            and not re.match(
                r"[ydm]\b\.?(?!\s*[=:²/]|\s+(?:in\s+)?(?:diameter|long|wide|tall|high)\b)",
                sentence[match.start("unit") :],
                re.IGNORECASE,
            )
        ):
            continue
        if match.group("unit") == "M":
            continue  # "5 M": a concentration
        if match.group("unit") and _NAMES_THE_NEXT.match(sentence, match.end()):
            continue  # "5 year RSR was 72%": the time point of the rate named after it
        if _EXCLUDE_AFTER.match(sentence, match.end()):
            continue
        if match.group("pct") and _CONCENTRATION_AFTER.match(sentence, match.end()):
            continue
        note = read_annotations(text, b, s_end, allow_bare_ci=False)
        if match.group("inner"):
            inner = read_annotations(text, match.start("inner") + s_start, s_end, False)
            note.ci_low, note.ci_high = inner.ci_low, inner.ci_high
            note.p_text, note.p_value = note.p_text or inner.p_text, note.p_value or inner.p_value
        value = Value(
            start=a, num_start=a, end=note.end, value=parse_number(match.group("num")), unit=unit,
            ci_low=note.ci_low, ci_high=note.ci_high, p_text=note.p_text, p_value=note.p_value,
            n=note.n, mean=bool(match.group("sd")) or bool(_MEAN_JUST_BEFORE.search(
                sentence, max(0, match.start() - 12), match.start())),
        )  # fmt: skip
        bracketed = _BRACKETED_GROUP.match(text, value.end, s_end)
        if bracketed and _names_a_group(bracketed.group("arm"), vocab):
            # "48.1 months (TAE) and 42.6 months (TACE)": the group in brackets after its value
            value.arm = bracketed.group("arm").strip()
            value.arm_end = value.end = bracketed.end()
        labelled = _labelled_group(sentence, match.start(), vocab)
        if labelled:
            value.arm, value.arm_end = labelled[0], labelled[1] + s_start
        elif not match.group("pct"):
            # "for group A (152 months, 95%CI: ...) compared to group B (63 months", "among
            # responders (80.5 months) than in non-responders (39.6 months)": a time opening a
            # bracket after a group is that group's (percentages keep their own label rules)
            fronted = _GROUP_BEFORE_BRACKET.search(
                sentence, max(0, match.start() - 70), match.start()
            )
            close = sentence.find(")", match.start())
            inside = sentence[match.start() : close if close >= 0 else len(sentence)]
            if re.search(r"\b(?:vs\.?|versus)(?:\s|$)", inside, re.IGNORECASE):
                fronted = None  # "than B (74.8 vs 25.3 months)": a pair, read as a comparison
            if fronted and not vocab.outcomes.find(fronted.group("arm")):
                name = _ARM_TRIM.sub("", fronted.group("arm")).strip()
                if name and not _NOT_AN_ARM.search(name):
                    value.arm, value.arm_end = name, fronted.end("arm") + s_start
        named = _NAMED_EQUALS.search(
            sentence, max(0, match.start() - 60), match.start()
        ) or _GROUP_JUST_BEFORE.search(sentence, max(0, match.start() - 60), match.start())
        if (
            named
            and not vocab.outcomes.find(named.group("arm"))
            and not _NOT_AN_ARM.search(named.group("arm"))
            # "(A vs. B: 2% vs. 6%)" names two groups, one per value of the pair
            and not _VS_JOIN.search(named.group("arm"))
        ):
            value.arm = _ARM_TRIM.sub("", named.group("arm")).strip() or named.group("arm")
            value.arm_end = named.end("arm") + s_start
        # Bare numbers written before it in a series share its unit: "12.1 vs 8.4 months".
        series = [value]
        cursor = match.start()
        # "fatigue (31, 86.1%)", "(n = 31, 86.1%)": a count of people before their share
        counted = unit == "percent" and _COUNT_IN_BRACKET.search(sentence, 0, match.start())
        while not counted:
            window = sentence[max(0, cursor - 120) : cursor]
            prior = _SERIES_BEFORE.search(window)
            grouped = None
            if not prior and _PREP_AFTER.match(sentence, match.end()):
                # "12.5 in G1, 11.2 in G2 and 6.3 years in G3": each number followed by its
                # group as the last one is; the unit written once holds for all
                grouped = _GROUPED_BEFORE.search(window)
                if (
                    grouped
                    and grouped.group("prep").lower()
                    != _PREP_AFTER.match(sentence, match.end()).group("prep").lower()
                ):
                    grouped = None
                prior = grouped
            if not prior:
                break
            p_start = cursor - (len(sentence[max(0, cursor - 120) : cursor]) - prior.start())
            if any(v.num_start == p_start + s_start for v in values):
                break
            num_end = p_start + len(prior.group("num"))
            ann = read_annotations(text, num_end + s_start, s_end, allow_bare_ci=False)
            series.insert(
                0,
                Value(
                    start=p_start + s_start, num_start=p_start + s_start, end=ann.end,
                    value=parse_number(prior.group("num")), unit=unit, ci_low=ann.ci_low,
                    ci_high=ann.ci_high, p_text=ann.p_text, p_value=ann.p_value,
                ),
            )  # fmt: skip
            if grouped:
                name = _ARM_TRIM.sub("", grouped.group("grp")).strip() or grouped.group("grp")
                series[0].arm = name
                series[0].arm_end = grouped.end("grp") - len(window) + cursor + s_start
            cursor = p_start
        group += 1
        last_p = series[-1]
        for item in series:
            item.group = group
            if not item.p_text and last_p.p_text:
                item.p_text, item.p_value = last_p.p_text, last_p.p_value
        # "213 LEs (17.4%)", "40 (3.3%) deaths", "Adverse events ... (27.9%)"
        before = sentence[: match.start()]
        if counted:
            value.sized = True
        if unit == "percent" and (counted or before.rstrip().endswith(("(", "["))):
            head = before[: counted.start()] if counted else before.rstrip()[:-1]
            count_noun = _COUNT_NOUN.search(head)
            if count_noun and _DOSE_UNIT.fullmatch(count_noun.group("noun")):
                count_noun = None  # "sorafenib 400 mg (52%)": a dose, not a count of events
            tail_at = max(0, len(head) - 40)
            count_bare = _COUNT_BARE.search(head, tail_at)
            if count_noun:
                value.start = count_noun.start() + s_start
                noun = count_noun.group("noun")
                if vocab.modalities.concept_of(noun):
                    value.arm = (
                        re.sub(r"s$", "", noun) if noun.isupper() or noun[:-1].isupper() else noun
                    )
                    value.arm_end = count_noun.end() + s_start
                else:
                    value.label = noun
            elif count_bare:
                value.start = count_bare.start() + s_start
            else:
                label = re.search(r"([\w-]+(?:\s+[\w-]+){0,4})\s*$", head)
                value.label = label.group(1) if label else ""
                value.label_end = s_start + len(head.rstrip())
            close = sentence.find(")", match.end() - 0)
            after_pos = close + 1 if close >= 0 else match.end()
            shut = _CLOSE.match(sentence, value.end - s_start)
            if (count_noun or count_bare) and shut:
                # "26 patients (15.5%)": the value's quote closes its bracket, so what follows
                # it ("following R-PRRT") can name its group
                value.end = shut.end() + s_start
                if shut.end() < after_pos:  # "101 [9%] deaths in ... vs": the inner bracket
                    after_pos = shut.end()
                _group_after_count(sentence, s_start, value)
            rest = sentence[after_pos:]
            bound = vocab.outcomes.find(rest[:60])
            if bound and not rest[: bound[0].start].strip():
                m = bound[0]
                value.bound = Mention(m.start + after_pos + s_start, m.end + after_pos + s_start,
                                      m.concept, m.text)  # fmt: skip
                value.end = max(value.end, value.bound.end)
            if value.bound is None:
                _bind_verb(sentence, after_pos, s_start, value, vocab)
        elif unit == "percent" and not _named_just_before(before, vocab):
            rest_pos = _OF_PATIENTS.match(sentence, match.end()).end()
            bound = vocab.outcomes.find(sentence[rest_pos : rest_pos + 60])
            if bound and not sentence[rest_pos : rest_pos + bound[0].start].strip():
                m = bound[0]
                value.bound = Mention(m.start + rest_pos + s_start, m.end + rest_pos + s_start,
                                      m.concept, m.text)  # fmt: skip
                value.end = max(value.end, value.bound.end)
            else:
                _bind_verb(sentence, match.end(), s_start, value, vocab)
        # "71.4% and 80.0% for arm A and B": one arm per value of the series, in order
        listed = _arm_list(text[series[-1].end : s_end]) if len(series) > 1 else []
        if len(listed) == len(series):
            for item, name in zip(series, listed, strict=True):
                item.arm = name
                item.arm_end = series[-1].end + 1
            values.extend(series)
            continue
        for item in series:
            arm = _ARM_AFTER.match(text, item.end, s_end)
            if arm and item is series[-1]:
                named = vocab.outcomes.find(arm.group("arm"))
                if named and named[0].start == 0 and named[0].end == len(arm.group("arm").strip()):
                    m = named[0]
                    a0 = arm.start("arm")
                    for other in series:
                        other.bound = Mention(a0 + m.start, a0 + m.end, m.concept, m.text)
                    # "(23.5% vs 11.8% for ORR; ...)": the value set against it names the same
                    earlier = values[-1] if values else None
                    if (
                        earlier is not None
                        and earlier.bound is None
                        and _PAIR_JOIN.fullmatch(text, earlier.end, series[0].start)
                    ):
                        earlier.bound = series[0].bound
                    series[-1].end = a0 + m.end
                    break
            if arm and not item.arm and item is series[-1] or (arm and len(series) == 1):
                name = _ARM_TRIM.sub("", arm.group("arm").strip()).strip()
                if (
                    name
                    and not re.fullmatch(r"[\d\s.%,]+|all|total|both|overall|each", name, re.I)
                    and not _NOT_AN_ARM.search(name)
                ):
                    item.arm = name
                    item.arm_end = arm.end()
                    arm_note = read_annotations(text, arm.end(), s_end, allow_bare_ci=False)
                    if arm_note.n is not None:
                        item.arm_n = arm_note.n
                        item.arm_end = arm_note.end
            after_tp = _TP_AFTER.match(text, item.end, s_end)
            if after_tp and unit == "percent":
                nums = re.findall(NUM, after_tp.group("list"))
                if len(nums) == 1:
                    item.timepoint = _timepoint(nums[0], after_tp.group("u"))
        values.extend(series)
    values.extend(_unit_carried_forward(text, s_start, s_end, values, skip))
    return values


_CLOSE = re.compile(r"\s*[)\]]")
_PAIRED = r"(?:vs\.?|versus|compared\s+(?:with|to))"
# "20 of 150 patients (13%) treated with TACE vs", "101 [9%] deaths in the A group vs",
# "48 [17%] of 276 patients allocated A vs": the group of a count set against another
_COUNT_GROUP = re.compile(
    r"\s*(?:(?:deaths|patients|participants|subjects|events|cases)\s+)?"
    rf"(?:of\s+{NUM}\s*(?:(?:patients|participants|subjects)\s+)?)?"
    r"(?:in|among|allocated(?:\s+to)?|assigned\s+to|randomi[sz]ed\s+to|treated\s+with|"
    r"receiving|undergoing)\s+(?:the\s+)?(?P<arm>[^,;:()\[\].]{1,50}?)"
    rf"(?=\s*(?:[,;:()\[\]]|\.(?!\d)|$)|\s+(?:{_PAIRED}|and|while|whereas|but)\b)",
    re.IGNORECASE,
)
_PAIRED_AFTER = re.compile(rf"\s+{_PAIRED}\b", re.IGNORECASE)
_PAIRED_BEFORE = re.compile(rf"\b{_PAIRED}\s+(?:{NUM}\s+of\s+)?$", re.IGNORECASE)


def _group_after_count(sentence: str, s_start: int, value: Value) -> None:
    """The group a bracketed count names after it, when the count is one of a pair."""
    group = _COUNT_GROUP.match(sentence, value.end - s_start)
    if not group or value.arm:
        return
    paired = _PAIRED_AFTER.match(sentence, group.end("arm")) or _PAIRED_BEFORE.search(
        sentence, max(0, value.start - s_start - 30), value.start - s_start
    )
    name = _ARM_TRIM.sub("", group.group("arm").strip()).strip()
    if paired and name and not _NOT_AN_ARM.search(name):
        value.arm = name
        value.arm_end = group.end("arm") + s_start


# "(mitoxantrone = 106 days; carboplatin = 73.5 days)", "stay: TACE = 3 days, TAE = 2 days":
# a group's name set equal to its value
_NAMED_EQUALS = re.compile(
    # "(group A: 134 months; group B: 76 months)": a colon sets a group equal as "=" does
    r"(?:^|[(\[;,:]|\band\b)\s*(?P<arm>(?!(?:n|p|HR|OR|RR|CI|median|mean|total|all|overall|"
    r"range|IQR|follow-up|results?)\s*[=:])"
    r"[A-Za-z][\w+/.-]*(?:\s+[A-Za-z][\w+/.-]*){0,2})\s*(?:=|(?<=\w):)\s*$",
    re.IGNORECASE,
)


_BRACKETED_GROUP = re.compile(r"\s*[(\[](?P<arm>[^()\[\]]{1,30})[)\]]")
_GRADE_GROUP = re.compile(r"(?:G|grade\s*)[1-4](?:\s*(?:/|-|and)\s*G?[1-4])?", re.IGNORECASE)


def _names_a_group(name: str, vocab: Vocabulary) -> bool:
    """A modality ("TACE", "bland embolization") or a tumour grade ("G1/G2") and nothing else."""
    name = name.strip()
    modality = vocab.modalities.find(name)
    return bool(
        (modality and modality[0].start == 0 and modality[-1].end == len(name))
        or _GRADE_GROUP.fullmatch(name)
    )


# "was 40 months and for small bowel NET 87 months": a later group named just before its value
_GROUP_JUST_BEFORE = re.compile(
    r"(?:[,;]|\band)\s+(?:for|in|among)\s+(?:the\s+)?(?:patients\s+with\s+)?"
    r"(?P<arm>[A-Za-z][^,;:()\[\]]{0,40}?)\s+(?:(?:it\s+)?(?:was|were)\s+)?$",
    re.IGNORECASE,
)
_EQUALS_CLAUSE = re.compile(
    rf"\s*[A-Za-z][\w+/.-]*(?:\s+[A-Za-z][\w+/.-]*){{0,2}}\s*[=:]\s*{NUM}\s*(?:%|{_UNIT}\b)?\s*"
    # "group A: 134 months, 95% CI: 94-173; group B: ...": the interval is the clause's own
    rf"|\s*{CI_LEAD}{NUM}\s*(?:-|–|to)\s*{NUM}\s*",
    re.IGNORECASE,
)


# The people a percentage counts, and their group, between the value and a verb that reports
# their outcome: "(9.9%) participants in the intervention group died", "12% of patients died".
_PEOPLE = (
    r"(?:patients|participants|subjects|people|persons|individuals|men|women|children|infants|"
    r"cases|animals|dogs|cats|recipients)"
)
_COUNTED_PEOPLE = re.compile(
    # "37 (9%) and 64 (16%), respectively, died of X": the groups were named before
    rf"(?:\s*,?\s*{RESPECTIVELY}\s*,?)?"
    rf"\s*(?:of\s+(?:the\s+|all\s+|these\s+|those\s+)?)?"
    rf"(?:{_PEOPLE}\b|(?P<counted>(?!(?:had|have|has|in|of|and|or)\b)[a-z][\w-]*"
    r"(?:\s+(?!(?:had|have|has|in|of|and|or)\b)[a-z][\w-]*)?))?"
    r"(?:\s*(?:in|from|among|on|receiving|treated\s+with|allocated\s+to|assigned\s+to)\s+"
    r"(?:the\s+)?(?P<arm>[^,;:()\[\].]{1,50}?))?"
    r"\s*(?:\b(?:had|have|has|eventually|subsequently|ultimately|later|all)\s+)*$",
    re.IGNORECASE,
)
# the next value of a chain counted the same way: "and 111 (12.9%) participants in ..."
_NEXT_COUNTED = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|vs\.?|versus|compared\s+with)\s+)"
    rf"(?:{COUNT}(?:\s+of\s+{NUM})?\s*[(\[]\s*)?{NUM}\s*%\s*[)\]]?",
    re.IGNORECASE,
)


# "(12%) had minor complications", "(58%) procedures produced an objective response"
_HAVING = re.compile(
    r"\b(?:had|has|have|achieved|produced|showed|experienced|developed|attained|obtained|"
    r"reached|suffered|reported|presented\s+with)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?",
    re.IGNORECASE,
)


# at most two plain words between the verb and the outcome: "had minor complications", but
# not "had a 39% lower mortality" (a difference)
_PLAIN_WORDS = re.compile(
    r"(?:(?!(?:lower|higher|greater|less|more|fewer|reduced|increased|decreased|no|any)\b)"
    r"[a-z][\w-]*\s+){0,3}",
    re.IGNORECASE,
)


def _verb_then_outcome(clause: str, vocab: Vocabulary) -> list[Mention]:
    """The event outcome a generic verb reports, as a mention spanning verb and outcome."""
    verb = _HAVING.search(clause)
    if not verb:
        return []
    other = vocab.other_endpoints.find(clause, verb.end(), verb.end() + 60)
    if other and _PLAIN_WORDS.fullmatch(clause, verb.end(), other[0].start):
        # "30 (34%) lesions had SD": the share of an endpoint the review does not record
        return [Mention(verb.start(), other[0].end, "", other[0].text)]
    for named in vocab.outcomes.find(clause, verb.start()):
        between = clause[verb.end() : named.start]
        if not _PLAIN_WORDS.fullmatch(between) or vocab.outcome_kind.get(named.concept) != "event":
            return []
        if vocab.event_name(named.text):
            return []  # a named event needs its outcome in view; not read here
        return [Mention(verb.start(), named.end, named.concept, named.text)]
    return []


def _bind_verb(sentence: str, pos: int, s_start: int, value: Value, vocab: Vocabulary) -> None:
    """ "86 (9.9%) participants in the A group and 111 (12.9%) in the B group died": each
    percentage of the chain is the rate of the outcome the verb reports, for its own group."""
    clause = re.split(r"[;.](?!\d)|,\s*(?:while|whereas|but)\b", sentence[pos : pos + 200])[0]
    verbs = vocab.verbs.find(clause) or _verb_then_outcome(clause, vocab)
    if not verbs:
        _bind_people_with(clause, pos + s_start, value, vocab)
        return
    verb = verbs[0]
    pieces = _NEXT_COUNTED.split(clause[: verb.start])
    counted = [_COUNTED_PEOPLE.fullmatch(piece) for piece in pieces]
    if not all(counted):
        return
    value.bound = Mention(verb.start + pos + s_start, verb.end + pos + s_start, verb.concept,
                          verb.text)  # fmt: skip
    value.verb = True
    arm = (counted[0].group("arm") or counted[0].group("counted") or "").strip()
    if arm and not _NOT_AN_ARM.search(arm):
        value.arm = _ARM_TRIM.sub("", arm).strip() or arm
        value.arm_end = pos + s_start + counted[0].end("arm")
    if len(pieces) == 1:  # the quote reaches the verb unless another value stands between
        value.end = max(value.end, value.bound.end)


# "78 (11.7%) patients with SSIs in the hepatectomy alone group": the people counted are
# those with the outcome, in their group
_PEOPLE_WITH = re.compile(
    rf"\s*{_PEOPLE}\s+(?:with|who\s+(?:had|developed|experienced|suffered))\s+(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
_GROUP_AFTER = re.compile(
    r"\s+(?:in|among|from|after|following)\s+(?:the\s+)?(?P<arm>[^,;:()\[\].]{1,50}?)"
    r"(?=\s+(?:and|while|whereas|but|vs\.?|versus|compared|than)\b|\s*[,;:.()\[\]]|\s*$)",
    re.IGNORECASE,
)


def _bind_people_with(clause: str, at: int, value: Value, vocab: Vocabulary) -> None:
    people = _PEOPLE_WITH.match(clause)
    if not people:
        return
    other = vocab.other_endpoints.find(clause, people.end(), people.end() + 60)
    if other and other[0].start == people.end():
        # "13 (54%) dogs with SD": the share of an endpoint the review does not record
        m = other[0]
        value.bound = Mention(m.start + at, m.end + at, "", m.text)
        return
    named = vocab.outcomes.find(clause, people.end(), people.end() + 60)
    if (
        not named
        or named[0].start != people.end()
        or vocab.outcome_kind.get(named[0].concept) != "event"
        or vocab.event_name(named[0].text)  # a named event needs its outcome in view
    ):
        return
    m = named[0]
    value.bound = Mention(m.start + at, m.end + at, m.concept, m.text)
    value.end = max(value.end, value.bound.end)
    group = _GROUP_AFTER.match(clause, m.end)
    if group and not _NOT_AN_ARM.search(group.group("arm")):
        value.arm = _ARM_TRIM.sub("", group.group("arm").strip()).strip()
        value.arm_end = at + group.end("arm")


# "4.6 per 100 woman-years (95% CI 3.9-5.4) in the A group and 3.9 (3.2-4.6) in the B group":
# a bare number with its interval and its arm, joined to the value before, shares that unit.
_BARE_WITH_CI = re.compile(
    rf"(?<![\w.·,/−%-])(?P<num>{NUM})\s*[(\[]\s*(?:{CI_LEAD})?{CI_RANGE}\s*[)\]]", re.IGNORECASE
)
_CARRY_LINK = re.compile(
    r"\s*[,;]?\s*(?:and|while|whereas|but)?\s*(?:(?:it\s+)?(?:was|were)\s+)?", re.IGNORECASE
)


def _unit_carried_forward(text, s_start, s_end, values: list[Value], skip) -> list[Value]:
    added: list[Value] = []
    for match in _BARE_WITH_CI.finditer(text, s_start, s_end):
        a = match.start("num")
        taken = values + added
        if any(v.num_start <= a < v.end for v in taken) or any(x <= a < y for x, y in skip):
            continue
        earlier = [v for v in taken if v.end <= a and v.arm]
        if not earlier:
            continue
        prev = max(earlier, key=lambda v: v.end)
        if not _CARRY_LINK.fullmatch(text, max(prev.end, prev.arm_end), a):
            continue
        note = read_annotations(text, match.end("num"), s_end, allow_bare_ci=True)
        arm = _ARM_AFTER.match(text, note.end, s_end)
        name = _ARM_TRIM.sub("", arm.group("arm").strip()).strip() if arm else ""
        if not name or _NOT_AN_ARM.search(name):
            continue
        added.append(
            Value(
                start=a, num_start=a, end=note.end, value=parse_number(match.group("num")),
                unit=prev.unit, ci_low=note.ci_low, ci_high=note.ci_high, p_text=note.p_text,
                p_value=note.p_value, group=-1, arm=name, arm_end=arm.end(), mean=prev.mean,
            )
        )  # fmt: skip
    return added


# "complete remission (CR) 60% CRi 9%": a percentage written right after an outcome's name
# reports that outcome, not the one named after it.
_NAME_THEN_VALUE = re.compile(
    r"\s*(?:[(\[][A-Za-z]{1,8}[)\]])?\s*(?:[:=]|was|were|of|in)?\s*$", re.IGNORECASE
)


def _restates(text: str, mentions: list[Mention], i: int) -> bool:
    """ "complete response (CR)": the mention is an abbreviation in brackets right after the
    name it restates."""
    m = mentions[i]
    return bool(
        i
        and m.start > 0
        and text[m.start - 1] in "(["
        and text[m.end : m.end + 1] in (")", "]")
        and not text[mentions[i - 1].end : m.start - 1].strip()
    )


def _named_just_before(before: str, vocab: Vocabulary) -> bool:
    tail = before[-50:]
    named = vocab.outcomes.find(tail)
    named = [m for i, m in enumerate(named) if not _restates(tail, named, i)]
    return bool(named) and bool(_NAME_THEN_VALUE.fullmatch(tail, named[-1].end))


# "69%, with no difference between DA (71%) and DClo (66%)": a comparison, not a group's name
# "with stability of the lesions in 64% of them": a name holding a share is another result
_NOT_AN_ARM = re.compile(
    r"\b(?:no|differences?|between|significant(?:ly)?|them|these|those|this|that)\b|\d\s*%\s+of\b"
    # "with stabilization of disease in 12%", "for median duration of 13 months": a phrase
    # holding a value of its own is another result, not a group
    r"|\b(?:in|of|was|were)\s+\d[\d.]*\s*(?:%|(?:months?|years?|weeks?|days?)\b)",
    re.I,
)


_BRACKET_WORDS_OK = re.compile(
    r"(?:vs\.?|versus|and|or|to|n|of|the|in|with|for|respectively|compared|patients|cases|arms?|"
    r"groups?|median|mean|months?|years?|weeks?|days?|mo|all|both|overall|rate|rates|was|were|"
    r"approximately|about|nearly|almost|reached|only|times?|"
    # counts written in words: "(11 [14%] vs four [6%])"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|none)",
    re.IGNORECASE,
)


# "(10-year OS: intrahepatic only, 42.5% vs extrahepatic only, 0%)", "(resection survival,
# 1,558 days; nonresection survival, 1,000 days)": inside a bracket, a group's name and a comma
# before its value, after the bracket's start, a colon, a semicolon, "vs" or "and"
_LABELLED_IN_BRACKET = re.compile(
    r"(?:(?<=[(\[])|[:;]|\bvs\.?|\bversus|\band)\s*(?P<arm>(?!(?:range|IQR|CI|SD|p|n|median|mean|total|"
    r"overall|all|age|aged|follow-up|respectively)\b)[A-Za-z][\w-]*(?:\s+[A-Za-z][\w.-]*){0,4}?)"
    r"\s*,\s*$",
    re.IGNORECASE,
)
_NAME_WORD = r"(?!(?:in|for|among|with|than|and|or|was|were|is|of|at|to)\b)[A-Za-z][\w/+-]*"
_GROUP_BEFORE_BRACKET = re.compile(
    r"\b(?:for|in|among|than(?:\s+(?:in|for|among))?|compared\s+(?:to|with)(?:\s+(?:that\s+of\s+)?)?|"
    r"vs\.?|versus|and)\s+(?:the\s+)?(?:(?:patients|those)\s+(?:with|who\s+\w+|treated\s+with)\s+)?"
    rf"(?P<arm>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}?)\s*[(\[]\s*$",
    re.IGNORECASE,
)
_BRACKETED_ABBREVIATION = re.compile(r"[(\[][A-Z][A-Za-z]{0,5}[)\]]")


def _open_bracket(sentence: str, pos: int) -> int:
    """Where the bracket around ``pos`` opens, or -1."""
    depth = 0
    for i in range(pos - 1, -1, -1):
        if sentence[i] in ")]":
            depth += 1
        elif sentence[i] in "([":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _labelled_group(sentence: str, pos: int, vocab: Vocabulary) -> tuple[str, int] | None:
    """The group a bracket names just before the value at ``pos`` ("intrahepatic only, 42.5%"),
    without the outcome named with it ("nonresection survival, 1,000 days" -> "nonresection"),
    and where the name ends; None when there is none."""
    open_at = _open_bracket(sentence, pos)
    if open_at < 0:
        return None
    match = _LABELLED_IN_BRACKET.search(sentence, open_at + 1, pos)
    if not match:
        return None
    name = match.group("arm")
    named = vocab.outcomes.find(name)
    if named and named[-1].end == len(name):
        name = name[: named[-1].start].strip()
    if not name or vocab.outcomes.find(name):
        return None
    return name, match.start("arm") + len(name)


def _bracket_context_ok(sentence: str, pos: int, vocab: Vocabulary) -> bool:
    """A value inside brackets belongs to what precedes the brackets only when the bracket
    holds nothing but numbers and linking words before it: in "toxicity (grade 3 neutropenia
    35 [13%])" the 13% counts neutropenia, not toxicity."""
    depth = 0
    open_at = -1
    for i in range(pos - 1, -1, -1):
        char = sentence[i]
        if char in ")]":
            depth += 1
        elif char in "([":
            if depth == 0:
                open_at = i
            else:
                depth -= 1
    if open_at < 0:
        return True
    if _LABELLED_IN_BRACKET.search(sentence, open_at + 1, pos):
        return True
    # an abbreviation in its own brackets restates the name before it: "(CR)", "(ORR)"
    inside = _BRACKETED_ABBREVIATION.sub(
        lambda m: " " * len(m.group(0)), sentence[open_at + 1 : pos]
    )
    if _only_names_and_linking_words(inside, vocab):
        return True
    # "(mitoxantrone = 106 days; carboplatin = 73.5 days": each group set equal to its value
    clauses = re.split(r"[;,]", inside)
    if _NAMED_EQUALS.search(inside) and all(_EQUALS_CLAUSE.fullmatch(c) for c in clauses[:-1]):
        return True
    # "(HR 0.28, 95% CI 0.19-0.41; median PFS 10.9 vs. 5.3 months)": a clause of its own in the
    # bracket that names an outcome before the value; the value belongs to that outcome.
    clauses = re.split(r"[;,]", inside)
    clause = clauses[-1]
    if clause != inside and bool(vocab.outcomes.find(clause)):
        return _only_names_and_linking_words(clause, vocab)
    # "(48.6% vs 30.2% for ORR, p = 0.03; and 82.9% vs ...)": a bracket of value clauses
    if (
        clause != inside
        and _LED_BY_NUMBER.match(inside)
        and _only_names_and_linking_words(clause, vocab)
    ):
        return True
    # "neutropenia (13% of cases with A; 1% in the B group)": one value per arm, each clause
    # led by its value
    return (
        len(clauses) > 1
        and all(_LED_BY_VALUE.match(c) for c in clauses[:-1])
        and _only_names_and_linking_words(clause, vocab)
    )


_LED_BY_NUMBER = re.compile(rf"\s*{NUM}\s?%")
_LED_BY_VALUE = re.compile(rf"\s*{NUM}\s?%\s+(?:of|in|with|for|among)\b", re.IGNORECASE)


def _only_names_and_linking_words(inside: str, vocab: Vocabulary) -> bool:
    words = [w for w in re.finditer(r"[A-Za-z][A-Za-z-]*", inside)]
    if all(_BRACKET_WORDS_OK.fullmatch(w.group(0)) for w in words):
        return True
    known = [(m.start, m.end) for m in vocab.outcomes.find(inside) + vocab.modalities.find(inside)]
    for word in words:
        if any(a <= word.start() < b for a, b in known):
            continue
        if not _BRACKET_WORDS_OK.fullmatch(word.group(0)):
            return False
    return True


def _per_person_years(per: str) -> str:
    return f"per {per.replace(',', '')} person-years"


def _is_rate_unit(unit: str) -> bool:
    return unit == "percent" or unit.startswith("per ")


def _unit_fits(concept_kind: str, stat: str, unit: str) -> bool:
    is_time = not _is_rate_unit(unit)
    if concept_kind == "event" and is_time:
        return False
    if concept_kind == "duration" and not is_time:
        return False
    if stat in ("median", "mean") and not is_time:
        return False
    return not (stat == "rate" and is_time)


def _outcome_id(kind: str, concept: str, stat: str, unit: str) -> str:
    if _is_rate_unit(unit):
        return f"{concept}_rate"
    return f"{concept}_{'mean' if stat == 'mean' else 'median'}"


def _arm_list(region: str) -> list[str]:
    """ "for NET vs NEC were", "in the TEGAFIRI and TEGAFOX groups, respectively" -> arms."""
    match = _ARM_LIST.match(region)
    if not match:
        return []
    arms = [_ARM_TRIM.sub("", a.strip()).strip() for a in _ARM_SPLIT.split(match.group("list"))]
    arms = [a for a in arms if a and len(a) <= 40 and not re.search(r"\bof\s+\d", a)]
    return arms if len(arms) >= 2 else []


def _runs_with_arms_after(text: str, values: list[Value], s_end: int):
    """ "71.4% and 80.0% for arm A and B, and 70.0% and 73.9% for arm C and D": runs of
    values, each closed by its own list of as many arms; None unless every value is in one."""
    pairs, run, closed = [], [], 0
    for i, value in enumerate(values):
        run.append(value)
        end = values[i + 1].num_start if i + 1 < len(values) else s_end
        # the list ends where a bracket (a p-value, a CI) or a clause begins
        region = re.split(r"[(\[;]", text[value.end : end], maxsplit=1)[0]
        arms = _arm_list(region) if len(run) > 1 else []
        if arms:
            if len(arms) != len(run):
                return None
            pairs += list(zip(run, arms, strict=True))
            run, closed = [], closed + 1
    # one run alone is the plain "values for A and B" form, read elsewhere
    return pairs if closed > 1 and not run else None


def _pre_arms(text: str, frame: Frame, first_value: Value) -> list[str]:
    return _arm_list(text[frame.end : first_value.start])


_SINGLE_PRE_ARM = re.compile(
    r"^\s*(?:(?:rates?|times?)\s+)?(?:for|in|with|among|after|following)\s+(?:the\s+)?"
    r"(?:(?:patients|subjects)\s+(?:treated\s+with|receiving|undergoing|who\s+received|with)\s+)?"
    r"(?P<arm>[^,;:()\[\]]{1,50}?)\s+(?:was|were|is|of|reached)\s*$",
    re.IGNORECASE,
)


def _single_pre_arm(text: str, frame: Frame, first_value: Value) -> str:
    match = _SINGLE_PRE_ARM.match(text[frame.end : first_value.start])
    if not match:
        return ""
    name = _ARM_TRIM.sub("", match.group("arm").strip()).strip()
    return "" if re.fullmatch(r"all|both|each|the\s+\w+\s+population|overall", name, re.I) else name


# "was 40 months and for small bowel NET 87 months": another group named between the values
_ANOTHER_GROUP = re.compile(r"\b(?:for|in|among|after|with|following|than|compared)\b", re.I)


def _vs_groups(text: str, values: list) -> list[list]:
    """Split a frame's values at "vs"/"versus"/"compared with": one group per arm."""
    groups = [[values[0]]]
    for prev, cur in zip(values, values[1:], strict=False):
        between = text[prev.end : cur.num_start]
        if re.search(r"\b(?:vs\.?|versus|compared\s+(?:with|to))(?:\s|$)", between, re.I):
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


_VS_JOIN = re.compile(r"\s*\b(?:vs\.?|versus)(?:\s+|$)", re.IGNORECASE)
# "(HACE vs. HAE: 2.4% vs. 6.6%; ...": the groups of every pair, named once before them
_PAIR_LEGEND = re.compile(
    r"[(\[]\s*(?P<a>[^()\[\]:;,]{1,40}?)\s+(?:vs\.?|versus)\s+(?P<b>[^()\[\]:;,]{1,40}?)\s*:\s*$",
    re.IGNORECASE,
)


def _pairs_per_outcome(text: str, frame: Frame, values: list[Value], s_end: int):
    """ "Morbidity, mortality and symptom improvement were 2.4% vs 6.6%, 0.8% vs 1.8% and 88% vs
    83% for A and B, respectively": as many runs of values set against each other ("x vs y") as
    the frame has names, the runs in the names' order and the values of each run in the
    groups' order. Returns (value, slot, arm) triples, or None when the text has another shape."""
    slots = frame.slots
    runs = [[values[0]]]
    for prev, cur in zip(values, values[1:], strict=False):
        if _VS_JOIN.fullmatch(text, prev.end, cur.num_start):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    width = len(runs[0])
    if len(slots) < 2 or len(runs) != len(slots) or width < 2:
        return None
    if any(len(run) != width for run in runs) or any(v.arm for run in runs[:-1] for v in run):
        return None
    # "... and 88% vs 83% for A and B": the last run took the list's names already
    names = [v.arm for v in runs[-1]] if all(v.arm for v in runs[-1]) else []
    if len(names) != width:
        names = _arm_list(text[values[-1].end : s_end])
    if len(names) != width:
        legend = _PAIR_LEGEND.search(text, frame.end, values[0].num_start)
        names = [legend.group("a").strip(), legend.group("b").strip()] if legend else []
    if len(names) != width:
        names = _pre_arms(text, frame, values[0])
    if len(names) != width:
        names = [""] * width
    return [(v, slots[j], names[i]) for j, run in enumerate(runs) for i, v in enumerate(run)]


def _segments(text: str, frame: Frame, values: list[Value], s_end: int):
    """ "as follows: A (n = 58), 160 months, 90%; B (n = 28), 123 months, 84%": per-arm
    segments of as many values as the frame has slots, each led by the arm's name."""
    colon = text.find(":", frame.end, values[0].start)
    if colon < 0:
        return None
    boundaries = [colon + 1]
    depth = 0
    for i in range(colon + 1, s_end):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth -= 1
        elif text[i] == ";" and depth == 0:
            boundaries.append(i + 1)
    boundaries.append(s_end)
    segments = []
    for a, b in zip(boundaries, boundaries[1:], strict=False):
        inside = [v for v in values if a <= v.start < b]
        if len(inside) != len(frame.slots):
            return None
        lead = text[a : inside[0].start]
        name = re.match(r"\s*(?:and\s+)?(?P<arm>[^,(\[:]+?)\s*(?:[(\[,:]|$)", lead)
        if not name or not name.group("arm").strip():
            return None
        n = re.search(rf"\(\s*[nN]\s*=\s*(?P<n>{NUM})", lead)
        segments.append((name.group("arm").strip(), int(parse_number(n.group("n"))) if n else None,
                         inside))  # fmt: skip
    return segments if len(segments) >= 2 else None


_SINGULAR_LINK = re.compile(
    rf"\s*(?:rate\s+)?(?:(?:at|within|after)\s+{NUM}\s*[-‐‑]?\s*{_UNIT}\s+)?(?:was|is|of|:|=)\s*",
    re.IGNORECASE,
)


def _assign(
    text: str,
    frame: Frame,
    values: list[Value],
    s_end: int,
    vocab: Vocabulary,
    sentence_arms: list[str] = (),
):
    """Yield (value, slot, arm, n_arm, rule_id) for the values of one frame.
    ``sentence_arms`` is a list of arms the sentence names for another of its frames ("in
    groups A and B were 93.4 and 66.0%, and the 5-year rates were 81.4 and 48.3%"); a frame
    of one outcome whose values no rule gives arms takes it when the counts agree."""
    slots = frame.slots
    kinds = vocab.outcome_kind

    def fits(value: Value, slot: Slot) -> bool:
        # a slot of an unrecorded endpoint takes any value, so the values keep their order
        return not slot.concept or _unit_fits(kinds[slot.concept], slot.stat, value.unit)

    k, s = len(values), len(slots)
    segments = _segments(text, frame, values, s_end) if s > 1 else None
    if segments:
        pairs = [
            (v, sl, arm, n)
            for arm, n, inside in segments
            for v, sl in zip(inside, slots, strict=True)
        ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.segment_per_arm.v1"
            return
    trailing = [v for v in values if v.arm and v.arm_end > v.end]
    if (
        s > 1
        and trailing
        and k % s == 0
        and len(trailing) == k // s
        and all(values[i * s + s - 1].arm for i in range(k // s))
    ):
        pairs = []
        for i in range(k // s):
            owner = values[i * s + s - 1]
            for j in range(s):
                pairs.append((values[i * s + j], slots[j], owner.arm, owner.arm_n))
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arm_major.v1"
            return
    groups = _vs_groups(text, values)
    if s > 1 and len(groups) > 1 and all(len(g) == s for g in groups):
        names = [g[-1].arm for g in groups]
        single = _single_pre_arm(text, frame, values[0])
        if single and not names[0]:
            names[0] = single
        pairs = [
            (v, slots[j], names[i], None) for i, g in enumerate(groups) for j, v in enumerate(g)
        ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arm_major_vs.v1"
            return
    paired = _pairs_per_outcome(text, frame, values, s_end)
    if paired and all(fits(v, sl) for v, sl, _ in paired):
        for v, sl, arm in paired:
            yield v, sl, arm, None, "outcome.pairs_per_outcome.v1"
        return
    arms = _pre_arms(text, frame, values[0])
    runs = _runs_with_arms_after(text, values, s_end) if s == 1 and not arms else None
    if runs and all(fits(v, slots[0]) for v, _ in runs):
        for v, arm in runs:
            yield v, slots[0], arm, None, "outcome.arms_after_each_run.v1"
        return
    # values each followed by its own arm ("77.9% in A and 72.8% in the B group, for ...")
    # keep them; a list after the last one is not theirs
    own = len({v.arm for v in values if v.arm}) == k > 1
    post = _arm_list(text[values[-1].end : s_end]) if not arms and not own else []
    if post and k == s * len(post):
        a = len(post)
        if s == 1:
            pairs = [(v, slots[0], post[i], None) for i, v in enumerate(values)]
        else:
            pairs = [
                (values[i * s + j], slots[j], post[i], None) for i in range(a) for j in range(s)
            ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arms_after_values.v1"
            return
    if arms and k == s * len(arms) and not own:
        # "the interval between surgery and recurrence was 78 months for A vs. 24 months for
        # B": values that name their own groups are not the list's
        a = len(arms)
        pairs = [(values[j * a + i], slots[j], arms[i], None) for j in range(s) for i in range(a)]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.outcome_major.v1"
            return
    if (
        s == 1
        and not arms
        and not post
        and len(sentence_arms) == k > 1
        and not any(v.arm for v in values)
        and all(fits(v, slots[0]) for v in values)
    ):
        for v, arm in zip(values, sentence_arms, strict=True):
            yield v, slots[0], arm, None, "outcome.arms_of_sentence.v1"
        return
    single = _single_pre_arm(text, frame, values[0])
    if (
        single
        and not any(v.arm for v in values)
        and len(groups) == 1
        and not any(
            _ANOTHER_GROUP.search(text, a.end, b.num_start)
            for a, b in zip(values, values[1:], strict=False)
        )
    ):
        # "survivals in the pre-MELD era were 79.5%, 61.4%, and 49.2% at 1, 3, and 5 years":
        # one group named before values set against no other
        for v in values:
            v.arm = single
    elif single and not values[0].arm:
        values[0].arm = single
    if k == s and s > 1 and all(fits(v, sl) for v, sl in zip(values, slots, strict=True)):
        for v, sl in zip(values, slots, strict=True):
            yield v, sl, v.arm, v.arm_n, "outcome.respectively.v1"
        return
    if s == 1 and arms and k == len(arms) and not own and all(fits(v, slots[0]) for v in values):
        for v, arm in zip(values, arms, strict=True):
            yield v, slots[0], arm, None, "outcome.arms_in_order.v1"
        return
    # "the commonest complication was fever and mortality was 4%": a named event ends the
    # clause before, so one value written right after the last name reports that name alone
    # ("morbidity and mortality was 4%" stays unread: it may be their sum)
    last = slots[-1]
    if (
        k == 1
        and s > 1
        and all(vocab.event_name(sl.mention.text) for sl in slots[:-1])
        and fits(values[0], last)
        and _SINGULAR_LINK.fullmatch(text, last.mention.end, values[0].num_start)
    ):
        yield values[0], last, values[0].arm, values[0].arm_n, "outcome.nearest_frame.v1"
        return
    # Fallback: each value to the first slot its unit fits, only when that choice is unique.
    for v in values:
        fitting = [sl for sl in slots if fits(v, sl)]
        if len({(sl.concept, sl.stat, sl.timepoint) for sl in fitting}) == 1 or (
            fitting and len(values) == 1 and len(fitting) == 1
        ):
            yield v, fitting[0], v.arm, v.arm_n, "outcome.nearest_frame.v1"


def extract_outcomes(text: str, sentences: list[tuple[int, int]], vocab: Vocabulary) -> list[dict]:
    vocab = vocab.with_defined_abbreviations(text)
    rows: list[dict] = []
    previous_start = None
    last_slots: list[Slot] = []  # the previous sentence's last frame with values
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        window_start, previous_start = (
            s_start if previous_start is None else previous_start,
            s_start,
        )
        before, last_slots = last_slots, []
        if not VALUE_RE.search(sentence):
            continue
        cue = bool(vocab.event_names) and _event_cue(text[window_start:s_end], sentence, vocab)
        frames = _frames(sentence, s_start, vocab, cue, before)
        skip = [(f.start, f.end) for f in frames]
        skip += [(m.start() + s_start, m.end() + s_start) for m in _FOLLOW_UP.finditer(sentence)]
        events_before = [
            f.end
            for f in frames
            if any(vocab.outcome_kind.get(sl.concept) == "event" for sl in f.slots)
        ]
        skip += [
            (m.start() + s_start, m.end() + s_start)
            for m in _ARM_SIZE.finditer(sentence)
            # "toxicities were fatigue (n = 31, 86.1%)": read, and kept only as a list's item
            if not (
                _SIZED_SHARE.fullmatch(m.group(0))
                and any(end <= m.start() + s_start for end in events_before)
            )
        ]
        skip += [
            (m.start() + s_start, m.end() + s_start) for m in _TIMEPOINT_LIST.finditer(sentence)
        ]
        skip += [
            (m.start() + s_start, m.end() + s_start) for m in _RANGE_BRACKET.finditer(sentence)
        ]
        skip += [(m.start() + s_start, m.end() + s_start) for m in _SPREAD.finditer(sentence)]
        values = _find_values(text, s_start, s_end, vocab, skip)
        first_row = len(rows)
        if not values:
            continue
        _timepoints_after(sentence, s_start, values)
        bound_starts = {v.bound.start for v in values if v.bound is not None}
        frames = [f for f in frames if not all(sl.mention.start in bound_starts for sl in f.slots)]
        for value in values:
            if value.bound is not None:
                continue
            owner = None
            for frame in frames:
                if frame.end <= value.num_start and not (
                    0 <= _enclosing_close(text, s_start, s_end, frame.start) <= value.num_start
                ):
                    owner = frame
            if owner is not None:
                owner.values.append(value)
        with_values = [f for f in frames if f.values and not f.difference]
        if with_values:
            last_slots = with_values[-1].slots
        sentence_arms = _arms_of_sentence(text, with_values, values, s_end)
        bound_assigned = []
        for value in values:
            if value.bound is None or not value.bound.concept:
                continue
            slot = Slot(value.bound.concept, "", "", value.bound)
            arm, arm_n = value.arm, value.arm_n
            if not arm:
                # "213 LEs (17.4%) including 40 (3.3%) deaths": the count belongs to that arm.
                earlier = [v for v in values if v.arm and v.end <= value.start]
                if earlier and not re.search(r";|,\s*(?:and|while|whereas)\b",
                                             text[earlier[-1].end : value.start]):  # fmt: skip
                    arm = earlier[-1].arm
            rule = "outcome.count_then_verb.v1" if value.verb else "outcome.count_then_outcome.v1"
            if _unit_fits(vocab.outcome_kind[slot.concept], "", value.unit):
                bound_assigned.append((value, slot, arm, arm_n, rule))
        for v, slot, arm, arm_n, rule in _compared_pairs(text, s_start, s_end, bound_assigned):
            rows.append(_row(text, v, slot, arm, arm_n, rule, v.start, vocab))
        for frame in frames:
            if not frame.values:
                continue
            if frame.difference:
                continue
            # A percentage labelled by a noun that is neither the outcome nor an arm counts
            # something else ("most commonly post-embolization syndrome (27.9%)").
            keep = []
            previous_armed = False  # the bracketed value before was an arm's
            for i, v in enumerate(frame.values):
                armed = previous_armed
                previous_armed = False
                if v.label and v.label_end >= 0 and v.label_end != frame.end:
                    if (
                        v.label_end - len(v.label) < frame.end <= v.label_end
                        and _QUALIFIER.match(text, frame.end, v.label_end)
                    ) or (
                        frame.end <= v.label_end
                        and _PREDICATE.fullmatch(text, frame.end, v.label_end)
                    ):
                        # "survival from relapse (7% vs 9%)": the outcome's name, qualified;
                        # "morbidity was similar (2% vs 4%)": the bracket backs the statement
                        keep.append(v)
                        continue
                    named = vocab.modalities.find(v.label)
                    is_arm = re.search(r"\b(?:arm|group|cohort)$", v.label, re.IGNORECASE)
                    linked = _LINKED_LABEL.search(v.label)
                    if linked and linked.group("arm2") and not armed:
                        # "neutropenia (20%) and grade 3 diarrhoea (13%)": "and" continues a
                        # chain of arms only after an arm's value
                        linked = None
                    if (
                        linked
                        and linked.group("arm")
                        and i + 1 < len(frame.values)
                        and _PAIR_JOIN.fullmatch(text, v.end, frame.values[i + 1].start)
                    ):
                        # "higher in A than in B (41% vs 28%)": the label names both groups;
                        # the pair is read as a comparison below
                        keep.append(v)
                        continue
                    # "more frequent with A (52%) than with B (38%)": A is set against B
                    countered = _counterpart_follows(text, v, frame.values[i + 1 :])
                    if (
                        not is_arm
                        and not linked
                        and not countered
                        and (not named or named[-1].end != len(v.label))
                    ):
                        if _enumerated(text, frame, v, vocab):
                            v.event = re.sub(r"^(?:and|or)\s+", "", v.label)
                            # the evidence is the item: "elevated transaminases (9%)"
                            v.start = v.label_end - len(v.event)
                            close = text.find(")", v.end, v.end + 3)
                            v.end = close + 1 if close >= 0 else v.end
                            keep.append(v)
                        continue
                    if v.sized:
                        continue  # "TACE (n = 58, 41%)": the group's share of the cohort
                    v.arm = (linked.group("arm") or linked.group("arm2")) if linked else re.split(
                        r"\b(?:with|in|for|after|among)\s+", v.label)[-1]  # fmt: skip
                    v.arm = _ARM_TRIM.sub("", v.arm).strip() or v.arm
                    previous_armed = True
                keep.append(v)
            if not keep:
                continue
            for a, b in zip(keep, keep[1:], strict=False):
                # "671 days vs. 433.78 ± 66.98 days": values set against each other are the
                # same statistic, so one standard deviation makes both means
                if (a.mean or b.mean) and _VERSUS_BETWEEN.fullmatch(text, a.end, b.num_start):
                    a.mean = b.mean = True
            assigned = list(_assign(text, frame, keep, s_end, vocab, sentence_arms))
            assigned = _compared_pairs(text, s_start, s_end, assigned)
            if len(assigned) == 2 and not any(a[2] for a in assigned):
                # "[...] reduced with A vs. B [...], as was death (3.7 vs. 4.9%)": a pair of
                # values set against each other takes the pair of arms contrasted before it.
                first, second = assigned[0][0], assigned[1][0]
                if _VERSUS_BETWEEN.fullmatch(text, first.end, second.num_start):
                    arms = _contrast_before(text, first.num_start, sentences)
                    if arms:
                        assigned = [
                            (a[0], a[1], arm, a[3], a[4])
                            for a, arm in zip(assigned, arms, strict=True)
                        ]
            for i, (v, slot, arm, arm_n, rule) in enumerate(assigned):
                if not slot.concept:
                    continue
                start = frame.start if i == 0 and v.start - frame.end <= 80 else v.start
                rows.append(_row(text, v, slot, arm, arm_n, rule, start, vocab))
        _arms_from_lead(text[s_start:s_end], rows[first_row:], vocab)
    return rows


# "In the TAE group, there were 3 (4.7%) deaths": a sentence led by one group reports that
# group's values; "In the resection and ablation cohorts, 5 (4%) and 9 (11%), respectively,
# died" lists the groups of its values in order.
_LEAD_GROUP = re.compile(
    r"^\s*(?:[A-Z][A-Z .'-]+:\s*)?(?:in|among|for|of)\s+(?:the\s+)?(?:(?:patients|those|subjects|"
    r"participants|cases)\s+(?P<who>with|treated\s+with|receiving|undergoing|who\s+"
    r"(?:underwent|received))\s+)?(?P<arm>[^,;:()\[\]]{1,60}?)\s*,",
    re.IGNORECASE,
)
_GROUP_NOUN = re.compile(r"\b(?:groups?|arms?|cohorts?|subgroups?)$", re.IGNORECASE)
_NOT_A_LEAD = re.compile(
    r"\b(?:analys[ie]s|study|studies|trial|total|addition|conclusion|summary|contrast|particular|"
    r"general|comparison|overall|all|both|each|this|these|period|years?|months?|follow-up|"
    r"series|population|cohort\s+of|multivariate|univariate|practice)\b",
    re.IGNORECASE,
)
_OTHER_GROUPS = re.compile(r"\b(?:vs\.?|versus|compared|than|whereas|while)\b", re.IGNORECASE)


def _arms_from_lead(sentence: str, rows: list[dict], vocab: Vocabulary) -> None:
    lead = _LEAD_GROUP.match(sentence)
    armless = [r for r in rows if not r["arm"]]
    if not lead or not armless or _OTHER_GROUPS.search(sentence, lead.end()):
        return
    name = lead.group("arm").strip()
    if _NOT_A_LEAD.search(name) or _NOT_AN_ARM.search(name):
        return
    listed = _arm_list(sentence[: lead.end()].lstrip())
    if listed:
        if _SENTENCE_RESPECTIVELY.search(sentence) and len(armless) == len(listed):
            for row, arm in zip(armless, listed, strict=True):
                row["arm"], row["modality"] = arm, vocab.modality_of(arm)
        return
    if not (lead.group("who") or _GROUP_NOUN.search(name) or vocab.modalities.find(name)):
        return
    if " and " in name or _SENTENCE_RESPECTIVELY.search(sentence):
        return
    arm = _ARM_TRIM.sub("", name).strip() or name
    for row in armless:
        row["arm"], row["modality"] = arm, vocab.modality_of(arm)


# "41% vs 28%", "379 [33%] patients vs 417 [36%] patients": two values set against each other
_PAIR_JOIN = re.compile(
    r"\s*[)\]]?\s*(?:(?:patients|cases|participants|subjects|events|deaths)\s*)?,?\s*"
    r"(?:vs\.?|versus|compared\s+(?:with|to))\s*",
    re.IGNORECASE,
)


def _compared_pairs(text: str, s_start: int, s_end: int, assigned: list) -> list:
    """Pairs of arm-less values joined by "vs" take the two groups the sentence compares
    around them ("higher in A than in B (x vs y)"); a chain of three or more is left alone."""
    values = [a[0] for a in assigned]
    out = list(assigned)

    def joined(i: int) -> bool:
        return 0 <= i < len(values) - 1 and bool(
            _PAIR_JOIN.fullmatch(text, values[i].end, values[i + 1].start)
        )

    for i in range(len(values) - 1):
        if not joined(i) or joined(i - 1) or joined(i + 1):
            continue
        if not out[i][2] and out[i + 1][2]:
            # "Patients with G1/G2 tumours had a median OS of 84 months compared with 24
            # months for G3": the counterpart names its group, the subject is the first's
            first = _ARM_TRIM.sub("", subject_group(text[s_start : values[i].start])).strip()
            if first and _norm(first) != _norm(out[i + 1][2]):
                out[i] = (*out[i][:2], first, out[i][3], "outcome.compared_pair.v1")
            continue
        if out[i][2] or out[i + 1][2]:
            continue
        arms = comparison_arms(text[s_start : values[i].start], text[values[i + 1].end : s_end])
        if arms:
            out[i] = (*out[i][:2], arms[0], out[i][3], "outcome.compared_pair.v1")
            out[i + 1] = (*out[i + 1][:2], arms[1], out[i + 1][3], "outcome.compared_pair.v1")
    return out


def _enclosing_close(text: str, s_start: int, s_end: int, pos: int) -> int:
    """Where the bracket around ``pos`` closes (-1 if none): an outcome named inside brackets
    ("functional in 70% (21 had diarrhoea); 98% well differentiated") owns no value after them."""
    opened: list[int] = []
    for i in range(s_start, pos):
        if text[i] in "([":
            opened.append(i)
        elif text[i] in ")]" and opened:
            opened.pop()
    if not opened:
        return -1
    close = matching_close(text, opened[-1], s_end)
    return close - 1 if close > 0 else -1


def _timepoints_after(sentence: str, s_start: int, values: list[Value]) -> None:
    """ "62.6%, 30.1% and 19.8% at 1, 3, and 5 years": as many rates before the list as it
    has time points take them in order."""
    for match in _TIMEPOINT_LIST.finditer(sentence):
        if " to " in match.group("nums"):
            continue  # "at 1 to 5 years" is a span, not a list
        points = re.findall(NUM, match.group("nums"))
        before = [v for v in values if v.end <= match.start() + s_start]
        run = before[-len(points) :]
        if (
            len(run) == len(points)
            and all(_is_rate_unit(v.unit) for v in run)
            and not any(v.timepoint for v in run)
        ):
            for value, point in zip(run, points, strict=True):
                value.timepoint = _timepoint(point, match.group("u"))


def _arms_of_sentence(text: str, frames: list[Frame], values: list[Value], s_end: int):
    """The arms a sentence lists for its values: before a frame's values ("in groups A and B
    were ...") or, closing the sentence, after all of them ("... in arms A and B
    respectively")."""
    for frame in frames:
        arms = _pre_arms(text, frame, frame.values[0])
        if arms:
            return arms
    last = max(values, key=lambda v: v.end)
    if _SENTENCE_RESPECTIVELY.search(text, last.end, s_end):
        listed = _arm_list(text[last.end : s_end])
        if listed:
            return listed
    # "was 12.5 in G1, 11.2 in G2 and 2.4 years in G3, with PFS of 2.1, 1.3 and 0.7 years,
    # respectively": the groups of an earlier list, each named with its value, in order
    for frame in frames:
        named = [v.arm for v in frame.values]
        if len(named) < 2 or not all(named) or len(set(named)) != len(named):
            continue
        for other in frames:
            if (
                other.start > frame.end
                and len(other.values) == len(named)
                and not any(v.arm for v in other.values)
                and _RESPECTIVELY_NEXT.match(text, other.values[-1].end)
            ):
                return named
    return []


_RESPECTIVELY_NEXT = re.compile(rf"\s*,?\s*{RESPECTIVELY}\b", re.IGNORECASE)


_GRADE = re.compile(r"\bgrades?\s*(?:[≥>]=?\s*)?(?:[1-5]|I{1,3}V?|IV)\b", re.IGNORECASE)
_BASELINE = re.compile(r"\b(?:baseline|history\s+of|comorbidit(?:y|ies)|at\s+presentation)\b", re.I)


def _event_cue(window: str, sentence: str, vocab: Vocabulary) -> bool:
    """Named events count where their outcome is named (or a toxicity grade given) in this or
    the previous sentence, and the sentence does not describe patients at baseline."""
    if _BASELINE.search(sentence):
        return False
    if _GRADE.search(window):
        return True
    return any(
        vocab.outcome_kind.get(m.concept) == "event" and not vocab.event_name(m.text)
        for m in vocab.outcomes.find(window)
    )


_VERSUS_BETWEEN = re.compile(r"\s*(?:vs\.?|versus|compared\s+(?:with|to))\s*", re.IGNORECASE)
# Words that end a name read outwards from "vs": "reduced with A vs. B in patients" -> A, B.
_CONTRAST_STOP = frozenset(
    re.split(
        r"\s+",
        "with to between of comparing compared receiving on the a an in for among was were as and "
        "or than by from at is are had has patients groups group arms arm who that which when "
        "while treated randomized randomised assigned allocated versus vs",
    )
)
_VERSUS_WORD = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"[^\W\d][\w/+-]*")


def _contrast_names(sentence: str) -> list[tuple[str, str]]:
    pairs = []
    for versus in _VERSUS_WORD.finditer(sentence):
        left = re.split(r"[,;:()\[\]]", sentence[max(0, versus.start() - 60) : versus.start()])[-1]
        right = re.split(r"[,;:.()\[\]]", sentence[versus.end() : versus.end() + 60])[0]
        if re.search(r"\d", left.split()[-1] if left.split() else "") or not right.strip():
            continue
        before = []
        for word in reversed(left.split()):
            if (
                word.lower() in _CONTRAST_STOP
                or len(before) == 3
                or not _NAME_TOKEN.fullmatch(word)
            ):
                break
            before.insert(0, word)
        after = []
        for word in right.split():
            if word.lower() in _CONTRAST_STOP or len(after) == 3 or not _NAME_TOKEN.fullmatch(word):
                break
            after.append(word)
        if before and after:
            pairs.append((" ".join(before), " ".join(after)))
    return pairs


def _contrast_before(text: str, pos: int, sentences: list[tuple[int, int]]) -> tuple[str, str]:
    """The nearest "A vs B" before ``pos``, in its sentence or an earlier one."""
    for s_start, s_end in reversed([s for s in sentences if s[0] < pos]):
        pairs = _contrast_names(text[s_start : min(s_end, pos)])
        if pairs:
            return pairs[-1]
    return ()


_QUALIFIER = re.compile(r"\s+(?:from|after|at|in|of|among|for|since)\s+[\w-]+(?:\s+[\w-]+)?$", re.I)
# "Morbidity and mortality were similar between the two groups (2% vs 4%; 1% vs 0%)": the name
# is the subject of a verb that judges the values, and the bracket gives them; a noun after the
# verb ("were mostly fatigue (23%)") would be what the bracket counts instead
_PREDICATE = re.compile(
    r"\s*(?:rates?\s+)?(?:was|were|is|are|remained|appeared)\s+(?:(?:not|also|statistically|"
    r"significantly|very|relatively|quite|overall|generally|similarly)\s+)*(?:similar|comparable|"
    r"low|lower|high|higher|acceptable|rare|uncommon|common|frequent|equivalent|identical|"
    r"different|observed|reported|seen|noted|recorded|achieved|excellent|favou?rable|good|poor|"
    r"encouraging|modest|limited|better|worse)"
    # "between the two groups", not "higher with A (64%)", where the label names the group
    r"(?:\s+(?:between|in|among|for|across)\s+(?:the\s+|all\s+|both\s+)?(?:two\s+|three\s+)?"
    r"(?:groups|arms|cohorts|treatments|procedures))?\s*",
    re.IGNORECASE,
)
# "between DA (71%) and DClo (66%)", "TEGAFIRI arm (16%) vs TEGAFOX (4%)": a name set against
# another by these words is an arm, so the bracketed percentage after it is that arm's value.
_LINKED_LABEL = re.compile(
    r"\b(?:between|vs\.?|versus|than|compared\s+(?:with|to))\s+(?:(?:with|in|for|on)\s+)?"
    r"(?:the\s+)?(?P<arm>[\w-]+(?:\s+[\w-]+){0,2})$"
    r"|^(?:and|or)\s+(?:(?:with|in|for|on)\s+)?(?:the\s+)?(?P<arm2>[\w-]+(?:\s+[\w-]+){0,2})$",
    re.IGNORECASE,
)


# "Grade 3-4 toxicities were fatigue (23%), increased ALT (15%), and abdominal pain (8%)": an
# event outcome opening a list of named items, each with its share
_ENUM_ITEM = r"[^,;:()\[\]]{1,60}?\s*[(\[][^()\[\]]*[)\]]"
_ITEM_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_ENUMERATION = re.compile(
    r"\s*(?:[(\[][^()\[\]]*[)\]]\s*)?,?\s*(?:(?:were|was|included?|including|comprised|"
    r"consisted\s+of|such\s+as|mainly|mostly|most\s+(?:commonly|frequently|often)|:)\s*)+"
    rf"(?:{_ENUM_ITEM}{_ITEM_JOIN})*(?:and\s+|or\s+)?",
    re.IGNORECASE,
)
# the list goes on after a named item of it: "fatigue (23%), increased ALT (15%)"
_ENUMERATION_GOES_ON = re.compile(
    rf"\s*[(\[][^()\[\]]*[)\]](?:{_ITEM_JOIN}{_ENUM_ITEM})*(?:{_ITEM_JOIN}|\s*)", re.IGNORECASE
)

_LIST_OPENS = re.compile(
    r"(?:\b(?:were|was|included?|including|comprised|consisted\s+of|such\s+as)|:)\s*$",
    re.IGNORECASE,
)


def _enumerated(text: str, frame: Frame, value: Value, vocab: Vocabulary) -> bool:
    concepts = {sl.concept for sl in frame.slots}
    if len(concepts) != 1 or vocab.outcome_kind.get(next(iter(concepts))) != "event":
        return False
    label_start = value.label_end - len(value.label)
    if label_start < frame.end:
        return False
    if _ENUMERATION.fullmatch(text, frame.end, label_start):
        return True
    # the frame is itself an item: a named event, or a name the list opens with
    item = all(vocab.event_name(sl.mention.text) for sl in frame.slots) or bool(
        _LIST_OPENS.search(text, max(0, frame.start - 30), frame.start)
    )
    return item and bool(_ENUMERATION_GOES_ON.fullmatch(text, frame.end, label_start))


def _counterpart_follows(text: str, value: Value, later: list[Value]) -> bool:
    """The next bracketed value's label sets its name against this value's ("than with B")."""
    if not later or not later[0].label or later[0].label_end < 0:
        return False
    nxt = later[0]
    linked = _LINKED_LABEL.search(nxt.label)
    if not linked or not linked.group("arm"):
        return False
    label_start = nxt.label_end - len(nxt.label)
    return not text[value.end : label_start].strip(" )]") and linked.start() == 0


def _row(text, value: Value, slot: Slot, arm: str, arm_n, rule: str, start: int, vocab) -> dict:
    kind = vocab.outcome_kind[slot.concept]
    stat = slot.stat or ("mean" if value.mean else "")
    outcome = _outcome_id(kind, slot.concept, stat, value.unit)
    number, unit = value.value, value.unit
    value_original, unit_original = "", ""
    ci_low, ci_high = value.ci_low, value.ci_high
    if not _is_rate_unit(unit) and kind == "time_to_event" and unit != "months":
        value_original, unit_original = value.value, unit
        number, _ = normalise_time(value.value, unit)
        if ci_low is not None and ci_high is not None:
            ci_low, ci_high = normalise_time(ci_low, unit)[0], normalise_time(ci_high, unit)[0]
        unit = "months"
    end = value.end
    if value.p_text and value.group:
        end = max(end, value.end)
    quote = text[start:end]
    while quote and quote[-1] in " ,;":
        end -= 1
        quote = text[start:end]
    return {
        "arm": arm,
        "modality": vocab.modality_of(arm) if arm else "",
        "outcome": outcome,
        "event": value.event or vocab.event_name(slot.mention.text),
        "timepoint": slot.timepoint or value.timepoint,
        "value": number,
        "unit": unit,
        "value_original": value_original,
        "unit_original": unit_original,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "p_value": value.p_value,
        "p_value_text": value.p_text,
        "n_arm": arm_n if arm_n is not None else value.n,
        "start": start,
        "end": end,
        "quote": quote,
        "rule_id": rule,
    }
