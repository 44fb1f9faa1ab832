"""The two arms a comparison sentence sets against each other, in the order of its values.

Abstracts report a pair of values "x vs y" inside a sentence that names the groups around it:

* before the values, both names: "higher in the TACE group than in the TAE group (41% vs 28%)",
  "more often with A compared with B (...)", "between the matched and unmatched groups [...]";
* a subject, then "than B" before the values: "Patients with A had longer OS than B (...)";
* a subject, then the counterpart after the values: "The A group had longer OS (x vs y months)
  than the B group", "Patients with A had worse PFS (a vs b) compared to patients with B";
* the counterpart first: "Compared with the B group, the A group had ... (x vs y)".

In every shape the first value belongs to the first group named as the subject of the
comparison (the one "higher", "longer", "worse"), the second to its counterpart. A sentence
that fits none of them gives no arms: a wrong arm costs a reviewer more than a missing one.
"""

from __future__ import annotations

import re

# A group's name: words up to punctuation, never across a verb or another comparison word.
_NAME = (
    r"(?:(?!\b(?:was|were|is|are|had|has|have|than|compared|versus|vs|between|showed|"
    r"presented|experienced|achieved|whereas|while|but|died|survived|responded|recurred|"
    r"relapsed|progressed)\b)[^,;:()\[\]])"
)
_PREP = r"(?:in|with|among|for|after|following|on|by|using|receiving|from)"
_PEOPLE = (
    r"(?:patients|those|subjects|participants|cases|individuals|people|dogs|women|men|children)"
)
_WHO = (
    rf"(?:{_PEOPLE}\s+(?:with|without|in|on|treated\s+with|receiving|undergoing|having|given|"
    r"allocated\s+to|randomi[sz]ed\s+to|assigned\s+to|who\s+(?:underwent|received|had|were))\s+)"
)
# "than did the TACE group": an auxiliary standing for the comparison's verb
# "superior to those in the RFA group": "to" with the counterpart's pronoun after a judgement
# "compared with that of younger patients": the counterpart's pronoun, "of" read with it
_THAT_OF = r"(?:\s+(?:that|those)(?=\s+(?:in|of|for|with|after|among)\b)(?:\s+of(?=\s))?)"
_VERSUS = (
    rf"(?:than(?:\s+(?:did|does|do)\b|{_THAT_OF})?|(?:compared\s+(?:with|to)|"
    rf"in\s+comparison\s+(?:with|to)|relative\s+to|versus|vs\.?|as\s+opposed\s+to){_THAT_OF}?|"
    r"to\s+(?:those|that)(?=\s+(?:in|of|for|with|after|among)\b)(?:\s+of(?=\s))?)"
)
_VERB = (
    r"(?:had|have|has|showed|show|presented|experienced|achieved|attained|demonstrated|"
    r"exhibited|displayed|reached|obtained|gained|lived|survived|was\s+associated\s+with|"
    r"presented\s+with|resulted\s+in|yielded|produced|provided|"
    r"were\s+associated\s+with)"
)
# the part of a sentence before its comparison: a section heading and a sentence adverb
# "In the matched cohort, the A group had": a setting before the subject
_LEAD = (
    r"^\s*(?:[A-Z][A-Za-z .'&-]{2,30}:\s*)?(?:(?:overall|in\s+addition|moreover|furthermore|"
    r"however|similarly|notably|likewise|conversely),?\s+)?"
    r"(?:(?:in|among|after|within)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:cohorts?|analys[ie]s|"
    r"populations?|series|matching|subgroups?|patients),\s+)?"
)
_GROUP_WORD = r"(?:groups?|arms?|cohorts?|patients|subgroups?)"

# "were significantly higher": the comparison's verb between the group and its counterpart;
# "patients treated with A died than those treated with B": a verb reporting the outcome
_COMPARATIVE = (
    r"(?:\s+(?:died|survived|responded|recurred|relapsed|progressed))?"
    r"(?:\s+(?:was|were|is|are)(?:\s+(?:significantly|markedly|slightly|numerically|also|much|"
    r"not|statistically))*\s+(?:higher|lower|longer|shorter|better|worse|greater|more|less|"
    r"fewer|superior|inferior|similar|comparable|increased|decreased|reduced|improved))?"
)
# "in the TACE group than in the TAE group (", "with A compared with B ["
_BOTH_BEFORE = re.compile(
    rf"\b{_PREP}\s+(?:the\s+)?{_WHO}?(?:the\s+)?(?P<a>{_NAME}{{1,60}}?){_COMPARATIVE}\s*,?\s+"
    rf"{_VERSUS}\s+"
    rf"(?:{_PREP}\s+)?(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)\s*[(\[]"
    r"\s*(?:median|mean|rates?)?\s*(?:(?:of|was|were|=|:)\s*)?$",
    re.IGNORECASE,
)
# "between HLA matched and unmatched groups [", "between the A and B arms ("
# "similar in the non-PVE and PVE groups (": after "in", "among" or "for" only with the group
# word, since "in patients with A and B (" may name one group by two conditions
_BETWEEN_BEFORE = re.compile(
    rf"\bbetween\s+(?:the\s+)?{_WHO}?(?P<a>{_NAME}{{1,60}}?)\s+(?:and|vs\.?|versus)\s+"
    rf"(?:the\s+)?{_WHO}?(?P<b>{_NAME}{{1,60}}?)\s*[(\[]\s*$"
    rf"|\b(?:in|among|for)\s+(?:the\s+)?(?P<a2>{_NAME}{{1,40}}?)\s+(?:and|vs\.?|versus)\s+"
    rf"(?:the\s+)?(?P<b2>{_NAME}{{1,40}}?)\s+(?:groups|arms|cohorts)\s*[(\[]\s*$",
    re.IGNORECASE,
)
# what a bracket of values may say before its first one: "(median", "(3-year rate of"
_BRACKET_LEAD = (
    r"[(\[](?:\s*(?:\d+\s*[-‐‑]?\s*(?:years?|months?|weeks?|days?)|median|mean|rates?|"
    r"overall|survival|OS|PFS)){0,3}\s*(?:of|was|were|=|:)?\s*$"
)
# "... than EGFR-wild patients (", "... compared with the TAE group ("
_COUNTER_BEFORE = re.compile(
    rf"\b{_VERSUS}\s+(?:{_PREP}\s+)?(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)\s*"
    + _BRACKET_LEAD,
    re.IGNORECASE,
)
# "Patients with A had", "The NIV group presented", "EGFR-wild patients had"
# "DEB-TACE presented with", "TACE+RFA achieved": a treatment's acronym as the subject
_ACRONYM = r"(?-i:[A-Za-z0-9+/-]*[A-Z]{2,}[A-Za-z0-9+/-]*)"
_SUBJECT = re.compile(
    rf"{_LEAD}(?:the\s+)?(?:{_WHO}(?:the\s+)?(?P<a>{_NAME}{{1,60}}?)"
    rf"|(?P<g>{_NAME}{{1,60}}?)\s+{_GROUP_WORD}|(?P<x>{_ACRONYM}))"
    rf"\s+(?:(?:also|significantly|all)\s+)?{_VERB}\b",
    re.IGNORECASE,
)
# "Resected patients were superior to ablated patients with a median survival time of 52 vs
# 38 months": a subject judged against its counterpart before the values, no bracket between
_SUPERIOR_TO = re.compile(
    rf"{_LEAD}(?:the\s+)?{_WHO}?(?:the\s+)?(?P<a>{_NAME}{{1,60}}?)\s+(?:was|were|is|are)"
    r"(?:\s+(?:significantly|markedly|clearly|also))*\s+(?:superior|inferior|better|worse)\s+"
    rf"(?:to|than)\s+(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)"
    r"\s+(?:with|in\s+terms\s+of|regarding|for|as\s+to)\b",
    re.IGNORECASE,
)


# "Compared with the TAE group, the TACE group had"
_COUNTER_FIRST = re.compile(
    rf"{_LEAD}(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|relative\s+to|versus)\s+"
    rf"(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)\s*,\s*(?:the\s+)?{_WHO}?(?:the\s+)?"
    rf"(?P<a>{_NAME}{{1,60}}?)(?:\s+{_GROUP_WORD})?\s+(?:(?:also|significantly)\s+)?{_VERB}\b",
    re.IGNORECASE,
)
# after the values (their bracket closed, other bracketed groups removed): "than the TAE group"
_COUNTER_AFTER = re.compile(
    # "but required longer operative time (...) than B": "but" and a verb go on with the subject
    rf"^(?:(?!\b(?:while|whereas|but(?!\s+(?:also\s+)?(?:had|has|showed|required|needed|"
    rf"[a-z]+ed)\b)|which|and\s+(?:the|a|an)\s+\w+\s+(?:was|were))\b)[^;.]){{0,120}}?"
    rf"\b{_VERSUS}\s+(?:{_PREP}\s+)?(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)"
    r"(?=\s*(?:[,;.]|$|\s+(?:and|but|while|whereas|p\s*[=<>]|at|by|during|within)\b))",
    re.IGNORECASE,
)
# after the values: "PFS [...] and OS [...] were longer in the A group compared with the B
# group", "... was higher with A than with B": both groups, the subject of the comparison first
_BOTH_AFTER = re.compile(
    r"^(?:(?!\b(?:while|whereas|but|which)\b)[^;.]){0,80}?\b(?:was|were|is|are)"
    r"(?:\s+(?:significantly|markedly|slightly|numerically|also|much|statistically))*\s+"
    r"(?:higher|lower|longer|shorter|better|worse|greater|more|less|fewer|superior|inferior|"
    r"increased|decreased|reduced|improved)\s+"
    rf"{_PREP}\s+(?:the\s+)?{_WHO}?(?:the\s+)?(?P<a>{_NAME}{{1,60}}?)\s*,?\s+{_VERSUS}\s+"
    rf"(?:{_PREP}\s+)?(?:the\s+)?{_WHO}?(?:the\s+)?(?P<b>{_NAME}{{1,60}}?)"
    r"(?=\s*(?:[,;.(\[]|$|\s+(?:and|but|while|whereas|p\s*[=<>]|at|by|during|within)\b))",
    re.IGNORECASE,
)


_TRIM = re.compile(
    # "between the preservation and removal groups. (recurrence free rate": a full stop the
    # sentence reader did not end the sentence at
    rf"\s*[.;:,]$|\s+{_GROUP_WORD}$|\s+(?:alone\s+)?(?:groups?|arms?)$|^(?:the|a|an)\s+"
    r"|\s+(?:by|at|during|within|over|through|until|up\s+to)\s+.*$",
    re.IGNORECASE,
)
_NOT_A_GROUP = re.compile(
    r"^(?:\d[\d.\s%]*|all|both|each|total|overall|it|this|that|these|those|others?|"
    r"the\s+other|control|controls|two|three|2|3|groups|arms|cohorts)$"
    r"|\b(?:no|differences?|significant(?:ly)?|survival|rates?|outcomes?|months?|years?|"
    r"analysis|study|trial|respectively)\b",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    name = name.strip()
    previous = None
    while previous != name:
        previous, name = name, _TRIM.sub("", name).strip()
    return name


_WITHOUT = re.compile(r"\bwithout\s+(?:the\s+)?$", re.IGNORECASE)


def _as_written(match: re.Match, group: str) -> str:
    """The group's name, with "without" when the text names it so: "those without PTR" is
    the group without PTR, not PTR."""
    name = match.group(group) or ""
    if name and _WITHOUT.search(match.string, 0, match.start(group)):
        return "without " + name
    return name


def _subject_name(subject: re.Match) -> str:
    return _as_written(subject, "a") or _as_written(subject, "g") or subject.group("x") or ""


def _named(a: str, b: str) -> tuple[str, str]:
    a, b = _clean(a or ""), _clean(b or "")
    for name in (a, b):
        if not name or len(name) > 50 or _NOT_A_GROUP.search(name):
            return ()
    if a.lower() == b.lower():
        return ()
    return a, b


def _outside_brackets(after: str) -> str:
    """The text after a value with its own closing bracket skipped and later bracketed groups
    blanked: "..., P < .01) and OS (9.5 vs 5.3 months) than B" -> " and OS   than B"."""
    depth = 0
    for i, char in enumerate(after):
        if char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                after = after[i + 1 :]
                break
            depth -= 1
    while True:
        blanked = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", after)
        if blanked == after:
            return after
        after = blanked


# ", but the resection group had ...": a coordinated clause with a subject of its own
_CLAUSE_JOIN = re.compile(r",\s*(?:but|whereas|while|and|although)\s+(?=\S)", re.IGNORECASE)


def _own_clause(clause: str) -> str:
    """The part of ``clause`` after its last ", but" (", whereas", ...), where the subject of
    the values' comparison stands; the whole clause when it has none."""
    joins = list(_CLAUSE_JOIN.finditer(clause))
    return clause[joins[-1].end() :] if joins else clause


def _last_clause(before: str) -> str:
    """The clause the values open in: up to the bracket they stand in, if it is still open
    ("than in B (23% vs 12% for ORR; and " -> "than in B ("), after the last semicolon outside
    brackets ("(HR 0.43; P = 0.008) and OS (" is one clause with what precedes it)."""
    stack: list[int] = []
    last_semicolon = -1
    for i, char in enumerate(before):
        if char in "([":
            stack.append(i)
        elif char in ")]":
            if stack:
                stack.pop()
        elif char == ";" and not stack:
            last_semicolon = i
    if stack:
        before = before[: stack[0] + 1]
    return before[last_semicolon + 1 :]


# ": fatigue (41% vs 22%), abdominal pain (": a list of named items after a colon, up to the
# bracket the values stand in
_COLON_LIST = re.compile(
    r"\s*:\s*(?:[^,;:()\[\]]{1,60}[(\[][^()\[\]]*[)\]]\s*,?\s*(?:and\s+)?)*"
    r"[^,;:()\[\]]{1,60}[(\[]\s*$"
)

# " by days 2 (379 [33%] vs 417 [36%]), 7 (": pairs by time point, each in its bracket
_ITEM_BRACKET = r"[(\[](?:[^()\[\]]|[(\[][^()\[\]]*[)\]])*[)\]]"
_TIME_POINT_LIST = re.compile(
    r"\s+(?:by|at|after|on|within)\s+(?:the\s+)?(?:days?|weeks?|months?|years?)\s+"
    rf"(?:\d+\s*{_ITEM_BRACKET}\s*,?\s*(?:and\s+)?)*\d+\s*[(\[]\s*$",
    re.IGNORECASE,
)


_HEADING = re.compile(r"^\s*(?:[A-Z][a-z]+(?:\s+(?:and\s+)?[a-z]+){0,2}|[A-Z][A-Z .'&-]+):\s+")


def comparison_arms(sentence_before: str, after: str) -> tuple[str, str]:
    """(first arm, second arm) for a pair of values set against each other, from the text of
    their clause before the first value and the rest of the sentence after the last; () when
    the sentence does not name both groups around the pair."""
    # "Results: The A group had ...": a section heading is no list's colon
    clause = _HEADING.sub("", _last_clause(sentence_before), count=1)
    listed = _COLON_LIST.search(clause) or _TIME_POINT_LIST.search(clause)
    if listed:
        # "more frequent after TACE than after TAE: fatigue (41% vs 22%), pain (...)", "...
        # than after B by days 2 (a vs b), 7 (c vs d)": the comparison before the list holds
        # for every item of it
        clause = clause[: listed.start()] + " ("
    tail = clause[-200:]
    both = _BOTH_BEFORE.search(tail) or _BETWEEN_BEFORE.search(tail)
    if both:
        if both.re is _BETWEEN_BEFORE and both.group("a2"):
            return _named(both.group("a2"), both.group("b2"))
        return _named(_as_written(both, "a"), _as_written(both, "b"))
    superior = _SUPERIOR_TO.match(clause)
    if superior:
        return _named(_as_written(superior, "a"), _as_written(superior, "b"))
    counter_first = _COUNTER_FIRST.match(clause)
    if counter_first:
        return _named(_as_written(counter_first, "a"), _as_written(counter_first, "b"))
    subject = _SUBJECT.match(clause)
    if not subject:
        own = _own_clause(clause)
        subject = _SUBJECT.match(own)
        if not subject:
            both_after = _BOTH_AFTER.match(_outside_brackets(after))
            if both_after:
                return _named(_as_written(both_after, "a"), _as_written(both_after, "b"))
            return ()
        clause = own
        tail = clause[-200:]
    first = _subject_name(subject)
    counter = _COUNTER_BEFORE.search(tail)
    if counter and counter.start() >= subject.end() - (len(clause) - len(tail)):
        return _named(first, _as_written(counter, "b"))
    after_match = _COUNTER_AFTER.match(_outside_brackets(after))
    if after_match:
        return _named(first, _as_written(after_match, "b"))
    return ()


# "... was longer in the combination arm (11.2 vs. 7.4 months": the group a comparative puts
# first, right before the bracket of the pair
_GROUP_BEFORE_PAIR = re.compile(
    r"\b(?:was|were|is|are)(?:\s+(?:significantly|markedly|slightly|numerically|also|much|"
    r"statistically))*\s+(?:higher|lower|longer|shorter|better|worse|greater|superior|inferior|"
    rf"improved|increased|decreased|reduced)\s+{_PREP}\s+(?:the\s+)?{_WHO}?(?:the\s+)?"
    rf"(?P<a>{_NAME}{{1,50}}?)\s*{_BRACKET_LEAD}",
    re.IGNORECASE,
)


def group_before_pair(sentence_before: str) -> str:
    """The group named right before the bracket of a pair after a comparative, or ""."""
    match = _GROUP_BEFORE_PAIR.search(_last_clause(sentence_before)[-200:])
    if not match:
        return ""
    name = _clean(_as_written(match, "a"))
    return "" if not name or len(name) > 50 or _NOT_A_GROUP.search(name) else name


_GROUP_LEADS = re.compile(
    rf"{_LEAD}(?P<prep>after|with|following|in|among|for)\s+(?:the\s+)?{_WHO}?(?:the\s+)?"
    rf"(?P<a>{_NAME}{{1,40}}?)\s*,",
    re.IGNORECASE,
)


def leading_group(sentence_before: str, around_counterpart: str, counterpart: str) -> str:
    """ "After TARE, median OS reached 16.9 months versus 10.3 months after TACE": the group
    leading the sentence, when the counterpart is named with the same preposition in
    ``around_counterpart``; "In NSTE-ACS patients, ... with A vs B" names the population."""
    lead = _GROUP_LEADS.match(_last_clause(sentence_before))
    if not lead:
        return ""
    prep = lead.group("prep").lower()
    same_way = rf"\b{prep}\s+(?:the\s+)?{_WHO}?(?:the\s+)?{re.escape(counterpart)}\b"
    if not re.search(same_way, around_counterpart, re.IGNORECASE):
        return ""
    name = _clean(lead.group("a"))
    return "" if not name or len(name) > 40 or _NOT_A_GROUP.search(name) else name


def subject_group(sentence_before: str) -> str:
    """The group a comparison sentence opens with ("Patients with G1/G2 tumours had ..."),
    for a first value whose counterpart names its own group ("... compared with 24 months
    for G3"); "" when the clause does not open with one."""
    clause = _last_clause(sentence_before)
    subject = _SUBJECT.match(clause) or _SUBJECT.match(_own_clause(clause))
    if not subject:
        return ""
    name = _clean(_subject_name(subject))
    return "" if not name or len(name) > 50 or _NOT_A_GROUP.search(name) else name
