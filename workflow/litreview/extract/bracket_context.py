"""Whether a value inside brackets reports the outcome named before the brackets ("OS (median
12 months)", "(A = 106 days; B = 73.5 days)") or something the bracket names itself ("toxicity
(grade 3 neutropenia 35 [13%])"), and where the bracket around a position closes."""

from __future__ import annotations

import re

from litreview.extract.annotations import GROUP_COUNT_BEFORE, matching_close
from litreview.extract.arm_names import (
    ANALYSIS_LABEL,
    LABELLED_IN_BRACKET,
    NAMED_EQUALS,
    SEVERITY_LABEL,
    THRESHOLD_NAME,
    breakdown,
    restates_outcome,
)
from litreview.extract.numbers import CI_LEAD, NUM
from litreview.extract.value_grammar import UNIT
from litreview.extract.vocab import Vocabulary

_EQUALS_CLAUSE = re.compile(
    rf"\s*(?:{THRESHOLD_NAME}|[+-]?[A-Za-z][\w+/.-]*(?:\s+[A-Za-z][\w+/.-]*){{0,2}})\s*[=:]\s*"
    rf"{NUM}\s*(?:%|{UNIT}\b)?\s*"
    # "group A: 134 months, 95% CI: 94-173; group B: ...": the interval is the clause's own
    rf"|\s*{CI_LEAD}{NUM}\s*(?:-|–|to)\s*{NUM}\s*",
    re.IGNORECASE,
)


_BRACKET_WORDS_OK = re.compile(
    r"(?:vs\.?|versus|(?-i:v)|and|or|to|n|of|the|in|with|for|respectively|compared|patients|cases|arms?|"
    r"groups?|median|mean|months?|years?|weeks?|days?|mo|mos|mths?|yrs?|wks?|d|y|all|both|overall|"
    r"rate|rates|was|were|"
    r"approximately|about|nearly|almost|reached|only|times?|"
    # counts written in words: "(11 [14%] vs four [6%])"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|none)",
    re.IGNORECASE,
)


_BRACKETED_ABBREVIATION = re.compile(r"[(\[][A-Z][A-Za-z]{0,5}[)\]]")


_PAIR_LEGEND = re.compile(
    r"\s*[^()\[\]:;,\d]{1,40}?\s+(?:vs\.?|versus)\s+[^()\[\]:;,\d]{1,40}?\s*:", re.IGNORECASE
)


_CLOSED_INNER = re.compile(r"[(\[][^()\[\]]*[)\]]")


_RANGE_CLAUSE = re.compile(
    rf"\b(?:range|IQR|interquartile\s+range)\s*[:,]?\s*{NUM}\s*(?:-|–|‑|to)\s*{NUM}", re.IGNORECASE
)


_P_CLAUSE = re.compile(rf"\b[Pp]\s*(?:[=<>≤≥⩽⩾]|&lt;|&gt;)\s*{NUM}")


_CI_CLAUSE = re.compile(rf"(?<![\w.]){CI_LEAD}{NUM}\s*(?:-|–|‑|to)\s*{NUM}", re.IGNORECASE)


def bracket_context_ok(sentence: str, pos: int, vocab: Vocabulary) -> bool:
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
    if LABELLED_IN_BRACKET.search(sentence, open_at + 1, pos):
        return True
    if GROUP_COUNT_BEFORE.search(sentence, max(0, pos - 60), pos):
        return True  # "(PRG: n = 2 (4.8%); SRG: n = 1 (8.3%))"
    if breakdown(sentence, open_at, vocab):
        return True  # "58 months (PRG 60 months, SRG 50 months)"
    # an abbreviation in its own brackets restates the name before it: "(CR)", "(ORR)"
    inside = _BRACKETED_ABBREVIATION.sub(
        lambda m: " " * len(m.group(0)), sentence[open_at + 1 : pos]
    )
    # "complete response rate (CRR, 43% vs. 20%": the outcome's initials open the bracket
    lead = re.match(r"\s*([A-Z]{2,6})\s*[,:;]", inside)
    if lead and restates_outcome(sentence[:open_at], lead.group(1), vocab):
        inside = " " * lead.end() + inside[lead.end() :]
    # "PFS [median: 3.3 months (95% CI: 2.8-3.7) vs. 2.1 months": the interval of the value
    # before, in brackets of its own, is an annotation, not words of the label
    inside = _CLOSED_INNER.sub(lambda m: " " * len(m.group(0)), inside)
    # "(14.9 vs 7.2 months, p = 0.012 and 4.4 vs 2.7 months": the p-value of the pair before
    inside = _P_CLAUSE.sub(lambda m: " " * len(m.group(0)), inside)
    # "(any grade, 90.1 vs 93.6%, p=0.551; grade≥3, 25.9 vs 23.8%": the severity counted
    inside = SEVERITY_LABEL.sub(lambda m: " " * len(m.group(0)), inside)
    # "(5-year CSS: before PSM, 75.4% vs. 50.6%": the analysis the values come from
    inside = ANALYSIS_LABEL.sub(lambda m: " " * len(m.group(0)), inside)
    # "(LND vs. non-LND: 32.2 months vs. 46.2 months": a legend naming the pair's groups once
    legend = _PAIR_LEGEND.match(inside)
    if legend:
        inside = " " * legend.end() + inside[legend.end() :]
    # "(5-year OS: G1: 92% vs. G2: 54% vs. G3: 43%": a chain of groups, each set equal to its value
    if _COLON_CHAIN.fullmatch(inside):
        return True
    # "(33 months, 95% CI 27.0–38.9 vs. 30 months": the interval of the value before
    without_ci = _CI_CLAUSE.sub(lambda m: " " * len(m.group(0)), inside)
    # "(5 days, range 2 to 20 vs 6 days, range 2 to 27": the range of the value before
    without_ci = _RANGE_CLAUSE.sub(lambda m: " " * len(m.group(0)), without_ci)
    if _only_names_and_linking_words(without_ci, vocab):
        return True
    # "(men 18.2 years, women 15.5 years, p = 0.22)": each group written straight before its
    # time, the whole bracket such a chain (a list of events with shares stays theirs)
    if _bare_time_chain(sentence, open_at):
        return True
    # "(mitoxantrone = 106 days; carboplatin = 73.5 days": each group set equal to its value
    clauses = re.split(r"[;,]|(?<=[a-z%])/(?=\s*[+-]?[A-Za-z])", inside)
    if NAMED_EQUALS.search(inside) and all(_EQUALS_CLAUSE.fullmatch(c) for c in clauses[:-1]):
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
    # "(10.7% for IIIa versus 23.3% for IIIb": each value followed by the group it is for,
    # whatever the groups are called
    if _VALUE_FOR_GROUP.fullmatch(inside):
        return True
    # "neutropenia (13% of cases with A; 1% in the B group)": one value per arm, each clause
    # led by its value
    return (
        len(clauses) > 1
        and all(_LED_BY_VALUE.match(c) for c in clauses[:-1])
        and _only_names_and_linking_words(clause, vocab)
    )


_CHAIN_NAME = r"[A-Za-z][\w+/.≥≤<>-]*(?:\s+[A-Za-z<>≥≤][\w+/.≥≤<>-]*){0,2}"
_COLON_CHAIN = re.compile(
    rf"(?:[^():;\[\]]{{0,40}}:\s*)?(?:{_CHAIN_NAME}\s*:\s*{NUM}\s?(?:%|{UNIT}\b)?\s*,?\s*"
    rf"(?:vs\.?|versus)\s*)+{_CHAIN_NAME}\s*:\s*",
    re.IGNORECASE,
)


# "(men 18.2 years, women 15.5 years, p = 0.22)", "(arm A 13.5 vs. arm B 12.6 months)": two or
# more groups, each written straight before its time, and nothing else but a p-value
_BARE_NAME = (
    r"(?!(?:grade|stage|cycle|type|level|n|p|HR|OR|RR|CI)\b)[A-Za-z][\w+/-]*"
    r"(?:\s+[A-Za-z][\w+/-]*)?"
)
_BARE_TIME_CHAIN = re.compile(
    rf"[(\[]\s*{_BARE_NAME}\s+{NUM}(?:\s*{UNIT}\b)?"
    rf"(?:\s*(?:[,;]|vs\.?|versus|and)\s*(?:and\s+)?{_BARE_NAME}\s+{NUM}(?:\s*{UNIT}\b)?)+"
    rf"(?<=[a-z])(?:\s*[,;]\s*[Pp]\s*(?:[=<>≤≥]|&lt;)\s*{NUM})?\s*[)\]]",
    re.IGNORECASE,
)


_BARE_CHAIN_START = re.compile(r"[(\[]\s*[A-Za-z][\w+/-]*(?:\s+[A-Za-z][\w+/-]*)?\s+\d")


def _bare_time_chain(sentence: str, open_at: int) -> bool:
    if not _BARE_CHAIN_START.match(sentence, open_at):  # a cheap gate: a name, then a number
        return False
    close = matching_close(sentence, open_at, len(sentence))
    return close > 0 and bool(_BARE_TIME_CHAIN.fullmatch(sentence, open_at, close))


# "(48.6% vs 30.2% ...", "(12.3 vs 5.8 months, P = .001; 19.0 vs ...": led by a value
_LED_BY_NUMBER = re.compile(rf"\s*{NUM}(?:\s?%|\s?{UNIT}\b|\s+(?:vs\.?|versus)\s)", re.I)


# "(31% of the men and 21% of the women": a share of each group of people
_VALUE_FOR_GROUP = re.compile(
    rf"\s*{NUM}\s?(?:%|{UNIT}\b)\s+(?:for|in|of|among)\s+(?:the\s+)?[\w+/-]+(?:\s+[\w+/-]+)?"
    r"(?:\s+(?:group|arm|cohort))?\s*,?\s*(?:vs\.?|versus|and|compared\s+(?:with|to))\s*",
    re.IGNORECASE,
)


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


def enclosing_close(text: str, s_start: int, s_end: int, pos: int) -> int:
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
