"""How a group (arm) is named next to a value, and what is no group's name.

A name after the value ("71% after resection", "in the TAE group"), before it ("for small
bowel NET 87 months", "TACE = 3 days", "(intrahepatic only, 42.5%"), in brackets after it
("48.1 months (TAE)"), or a list of names ("for NET vs NEC", "in arms A and B, respectively");
trimming a name to the group ("45 patients treated with TACE" -> "TACE"); and the joins that
set two values against each other ("41% vs 28%")."""

from __future__ import annotations

import re

from litreview.extract.numbers import NUM
from litreview.extract.outcome_types import Frame, Value
from litreview.extract.value_grammar import RESPECTIVELY, VERSUS
from litreview.extract.vocab import Vocabulary

ARM_AFTER = re.compile(
    # "71% was observed after resection": a passive verb before the group
    r"\s*(?:,\s*)?(?:(?:was|were)\s+(?:observed|seen|found|noted|achieved|reached|obtained|"
    r"reported|recorded)\s+)?(?:for|in|with|among|after|following|in\s+the|for\s+the|"
    # "75% of patients who underwent TAE"
    r"of(?=\s+(?:the\s+)?(?:patients|those|subjects|participants|cases)\s+(?:receiving|"
    r"treated\s+with|given|undergoing|on|with|after|following|who\s+(?:underwent|received|had))"
    r"\b))\s+"
    r"(?:the\s+|(?:those|patients|subjects|participants|cases)\s+(?:with|who\s+(?:underwent|"
    r"received|had|were\s+treated\s+with)|who|treated\s+with|"
    r"receiving|undergoing|given|on|after|following)\s+|those\s+|patients\s+)?(?P<arm>[^,;:()\[\].]{1,60}?)"
    rf"(?=\s*(?:[,;:()\[\]]|\.(?!\d)|$|\s(?:and|vs\.?|versus|{RESPECTIVELY}|compared|while|whereas|"
    r"but|were|was|had|during|over|within|at|from|through|by|than|p\s*[=<>])\b))",
    re.IGNORECASE,
)


ARM_TRIM = re.compile(
    r"\s+(?:groups?|arms?|cohorts?|patients|tumou?rs|subgroups?|alone)$|^(?:the|a|an)\s+"
    r"|^(?:groups?|arms?|regimens?|cohorts?)\s+(?=\w+$)"
    # "45 patients treated with TACE" -> "TACE", but "10 mg everolimus" keeps its dose
    rf"|^{NUM}\s+(?:(?:patients|subjects)\s+(?:(?:allocated|assigned|randomi[sz]ed|treated)\s+)?"
    r"(?:(?:to|with)\s+)?|(?:allocated|assigned|randomi[sz]ed|treated)\s+(?:(?:to|with)\s+)?)",
    re.I,
)


_ARM_LIST = re.compile(
    # "median survival times (MSTs) for the A and B groups": the name's own abbreviation
    rf"^\s*(?:(?:rates?|times?|estimates?|probabilit(?:y|ies)|was|were|,|{RESPECTIVELY})\s+"
    r"|[(\[][A-Za-z0-9-]{1,10}[)\]]\s*)*"
    r"(?:(?:[a-z]+ed|seen|found|shown|given)\s+)?"
    # "in 28% and 23% of patients in the A and B arms, respectively"
    r"(?:of\s+(?:the\s+)?(?:patients|cases|subjects|participants)\s+)?"
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


SENTENCE_RESPECTIVELY = re.compile(rf"\b{RESPECTIVELY}\b", re.IGNORECASE)


# "KPS ≤ 70", "≤2.5 ml", "> 18 Gy", "age >65 years": a subgroup named by a threshold
THRESHOLD_NAME = (
    r"(?:[A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*)?\s*)?(?:[<>≤≥⩽⩾]=?|>=|<=)\s*\d+(?:[.·]\d+)?"
    r"(?:\s*(?:%|[A-Za-z]{1,5}\d?))?"
)


# "(mitoxantrone = 106 days; carboplatin = 73.5 days)", "stay: TACE = 3 days, TAE = 2 days":
# a group's name set equal to its value
NAMED_EQUALS = re.compile(
    # "(group A: 134 months; group B: 76 months)": a colon sets a group equal as "=" does
    # "(5-year OS: G1: 92% vs. G2: 54% vs. G3: 43%)": each group of a chain set equal so
    # "(KPS ≤ 70: 122 days; KPS > 70: 342 days)", "(+WBRT: 341 days/-WBRT: 231 days)": a
    # subgroup named by a threshold, or by a treatment given or not
    r"(?:^|[(\[;,:]|(?<=\w)/|\band\b|\bvs\.?|\bversus\b)\s*(?P<arm>(?!(?:n|p|HR|OR|RR|CI|median|mean|"
    r"total|all|overall|"
    r"range|IQR|follow-up|results?)\s*[=:])"
    rf"(?:{THRESHOLD_NAME}|[+-]?[A-Za-z][\w+/.-]*(?:\s+[A-Za-z][\w+/.-]*){{0,2}}))\s*(?:=|(?<=\w):)\s*$",
    re.IGNORECASE,
)


BRACKETED_GROUP = re.compile(r"\s*[(\[](?P<arm>[^()\[\]]{1,30})[)\]]")


_GRADE_GROUP = re.compile(r"(?:G|grade\s*)[1-4](?:\s*(?:/|-|and)\s*G?[1-4])?", re.IGNORECASE)


def names_a_group(name: str, vocab: Vocabulary) -> bool:
    """A modality ("TACE", "bland embolization") or a tumour grade ("G1/G2") and nothing else."""
    name = name.strip()
    modality = vocab.modalities.find(name)
    return bool(
        (modality and modality[0].start == 0 and modality[-1].end == len(name))
        or _GRADE_GROUP.fullmatch(name)
    )


# "was 40 months and for small bowel NET 87 months": a later group named just before its value
GROUP_JUST_BEFORE = re.compile(
    # "..., while in the TARE group it was 17.2 months"
    r"(?:[,;]|\band|\bwhile|\bwhereas|\bbut)\s+(?:for|in|among)\s+(?:the\s+)?(?:patients\s+with\s+)?"
    r"(?P<arm>[A-Za-z][^,;:()\[\]]{0,40}?)\s+(?:(?:it|they|these|the\s+rates?)\s+)?"
    r"(?:(?:was|were)\s+)?$",
    re.IGNORECASE,
)


# "69%, with no difference between DA (71%) and DClo (66%)": a comparison, not a group's name
# "with stability of the lesions in 64% of them": a name holding a share is another result
NOT_AN_ARM = re.compile(
    r"\b(?:no|differences?|between|significant(?:ly)?|them|these|those|this|that)\b|\d\s*%\s+of\b"
    # "after the first session": when, not which group
    r"|\b(?:first|second|third|last|initial|final|each|every)\s+(?:sessions?|cycles?|"
    r"procedures?|treatments?|courses?|doses?|infusions?)\b"
    # "with stabilization of disease in 12%", "for median duration of 13 months": a phrase
    # holding a value of its own is another result, not a group
    # "fell from 25% in the first period to 12% in the second": nor one running to the next value
    r"|\b(?:in|of|was|were|to)\s+\d[\d.]*\s*(?:%|(?:months?|years?|weeks?|days?)\b)"
    # "6 %, with the most frequent being hemorrhage": the commonest item, not a group
    r"|\b(?:most|more|least)\s+(?:frequent(?:ly)?|common(?:ly)?)\b|\bcommonest\b|\bbeing\b",
    re.I,
)


# "(10-year OS: intrahepatic only, 42.5% vs extrahepatic only, 0%)", "(resection survival,
# 1,558 days; nonresection survival, 1,000 days)": inside a bracket, a group's name and a comma
# before its value, after the bracket's start, a colon, a semicolon, "vs" or "and"
LABELLED_IN_BRACKET = re.compile(
    r"(?:(?<=[(\[])|[:;]|\bvs\.?|\bversus|\band)\s*(?P<arm>(?!(?:range|IQR|CI|SD|p|n|median|mean|total|"
    r"overall|all|age|aged|follow-up|respectively)\b)"
    # "(5-year CSS: before PSM, 75.4% vs. 50.6%; after PSM, ...)": the analysis the pair comes
    # from, not a group
    r"(?!(?:before|after)\s|(?:in|within|among)\s+(?:the\s+)?(?:un)?(?:matched|weighted|"
    r"adjusted|PSM|IPTW|propensity)\b)"
    r"[A-Za-z][\w-]*(?:\s+[A-Za-z][\w.-]*){0,4}?)"
    r"\s*,\s*$",
    re.IGNORECASE,
)


# "(5-year CSS: before PSM, 75.4% vs. 50.6%; after PSM, 76.3% vs. 49.5%)", "(in the matched
# cohort, 40 vs. 30 months)": the analysis a bracket's values come from, opening its clause
ANALYSIS_LABEL = re.compile(
    r"(?:^|(?<=[(\[:;]))\s*(?:(?:before|after)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?|(?:in|within|among)"
    r"\s+(?:the\s+)?(?:un)?(?:matched|weighted|adjusted|PSM|IPTW|propensity)(?:[\w-]*)"
    r"(?:\s+[\w-]+)?)\s*,",
    re.IGNORECASE,
)


_NAME_WORD = r"(?!(?:in|for|among|with|than|and|or|was|were|is|of|at|to)\b)[A-Za-z][\w/+-]*"


GROUP_BEFORE_BRACKET = re.compile(
    r"\b(?:for|in|among|than(?:\s+(?:did|does|do))?(?:\s+(?:in|for|among))?|compared\s+(?:to|with)(?:\s+(?:that\s+of\s+)?)?|"
    r"vs\.?|versus|and)\s+(?:the\s+)?(?:(?:patients|those)\s+(?:with|who\s+\w+|treated\s+with)\s+)?"
    rf"(?P<arm>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}?)\s*[(\[]\s*$",
    re.IGNORECASE,
)


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


# "(any grade, 90.1 vs 93.6%; grade≥3, 25.9 vs 23.8%)": a severity a bracket's values are
# counted at qualifies the event named before it; it names no group. A tumour's grade can be a
# group ("grade 1, 12 months"), so only forms no tumour grade takes are read: any or all grades,
# a bound ("≥3", "3 or higher") or a range reaching grade 4 ("3-4", "III/IV").
_G = r"(?:[1-5]|I{1,3}V?|IV|V)"
SEVERITY_LABEL = re.compile(
    # "(> Clavien-Dindo grade II, 1.3%)", "(Clavien-Dindo grade III or higher, 4.1%)": the
    # classification may be named, and the bound written before it
    r"(?:(?:[≥>≧⩾]=?|>=)\s*(?:Clavien[- ]Dindo\s+|CTCAE\s+)?grades?\s*" + _G + r"\b"
    r"|\b(?:Clavien[- ]Dindo\s+|CTCAE\s+)?(?:(?:any|all)\s+grades?|grades?\s*(?:[≥>≧⩾]=?|>=)\s*"
    + _G
    + r"|grades?\s*(?:[2-5]|II|III|IV)\s*(?:-|–|/|to|or|and)\s*(?:[3-5]|III|IV|V)\b"
    + r"|grades?\s*"
    + _G
    + r"\s+or\s+(?:higher|above|more|worse|greater)))"
    + r"(?:\s+(?:adverse\s+events?|AEs?|toxicit(?:y|ies)|events?|reactions?))?",
    re.IGNORECASE,
)


def labelled_group(sentence: str, pos: int, vocab: Vocabulary) -> tuple[str, int] | None:
    """The group a bracket names just before the value at ``pos`` ("intrahepatic only, 42.5%"),
    without the outcome named with it ("nonresection survival, 1,000 days" -> "nonresection"),
    and where the name ends; None when there is none."""
    open_at = _open_bracket(sentence, pos)
    if open_at < 0:
        return None
    match = LABELLED_IN_BRACKET.search(sentence, open_at + 1, pos)
    if not match:
        return None
    name = match.group("arm")
    if SEVERITY_LABEL.fullmatch(name.strip()):
        return None
    named = vocab.outcomes.find(name)
    if named and named[-1].end == len(name):
        name = name[: named[-1].start].strip()
    if not name or vocab.outcomes.find(name):
        return None
    if restates_outcome(sentence[:open_at], name, vocab):
        return None
    return name, match.start("arm") + len(name)


def restates_outcome(before: str, name: str, vocab: Vocabulary) -> bool:
    """ "complete response rate (CRR, 43% vs. 20%": the letters at the bracket's start are the
    initials of the outcome named just before it, not a group."""
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return False
    words = re.findall(r"[A-Za-z]+", before)[-len(name) :]
    if len(words) != len(name) or "".join(w[0] for w in words).upper() != name:
        return False
    phrase = " ".join(words)
    return any(m.end == len(phrase) for m in vocab.outcomes.find(phrase))


# "(CE 20%, Y90 26%; p > 0.9)": a name written straight before its value, after the bracket's
# start or a clause's
_BARE_BEFORE = re.compile(
    r"(?:(?<=[(\[:])|[;,]|\bvs\.?|\bversus|\band)\s*(?P<arm>[A-Za-z][\w+/.-]*(?:\s+[A-Za-z][\w+/.-]*){0,2}?)"
    r"\s+$",
    re.IGNORECASE,
)


def group_named_bare(sentence: str, pos: int, vocab: Vocabulary) -> tuple[str, int] | None:
    """The group named with no word between it and the value at ``pos`` inside a bracket
    ("(CE 20%, Y90 26%"), and where the name ends. Only a treatment or a tumour grade counts
    as such a name: "(median 12 months)", "(range 2-5)" name no group."""
    open_at = _open_bracket(sentence, pos)
    if open_at < 0:
        # "1-year survival: TACE 78%, TAE 71%": a colon opens the list as a bracket does
        open_at = sentence.rfind(":", 0, pos)
        if open_at < 0 or re.search(r"[.;()\[\]]", sentence[open_at + 1 : pos]):
            return None
    match = _BARE_BEFORE.search(sentence, open_at + 1, pos)
    if not match:
        return None
    if not names_a_group(match.group("arm"), vocab) and not breakdown(sentence, open_at, vocab):
        return None
    return match.group("arm"), match.end("arm")


# "Median overall survival was 58 months (PRG 60 months, SRG 50 months)": a value for all,
# then a bracket giving it group by group, each item a name and its value
_AFTER_A_VALUE = re.compile(r"\d\s*(?:%|percent|per\s?cent|[A-Za-z]{1,7})?\s*$")
_BREAKDOWN_ITEM = re.compile(
    r"\s*(?:and\s+)?(?P<name>[A-Za-z][\w+/-]*(?:\s+[A-Za-z][\w+/-]*){0,2}?)\s*:?\s+[\d.·]+"
    r"\s*(?:%|percent|per\s?cent|[A-Za-z]{1,7})?\s*$"
)
_NO_GROUP_NAME = re.compile(
    r"\b(?:median|mean|range|iqr|ci|p|n|hr|or|rr|vs|versus|grades?|any|all|overall|total|"
    r"at|by|in|of|to|from|after|year|years|months?|days?|weeks?|sd|se)\b",
    re.IGNORECASE,
)


def breakdown(sentence: str, open_at: int, vocab: Vocabulary) -> bool:
    """The bracket opened at ``open_at`` right after a value gives it group by group."""
    if (
        open_at < 1
        or sentence[open_at] not in "(["
        or not _AFTER_A_VALUE.search(sentence, max(0, open_at - 20), open_at)
    ):
        return False
    close = sentence.find(")" if sentence[open_at] == "(" else "]", open_at)
    inner = sentence[open_at + 1 : close if close >= 0 else len(sentence)]
    if re.search(r"[()\[\]]", inner):
        return False
    items = re.split(r"[,;]", inner)
    if len(items) < 2:
        return False
    for item in items:
        named = _BREAKDOWN_ITEM.fullmatch(item)
        if not named:
            return False
        name = named.group("name")
        if (
            _NO_GROUP_NAME.search(name)
            or vocab.outcomes.find(name)
            or vocab.other_endpoints.find(name)
        ):
            return False
    return True


# "patients who underwent resection, ablation, and TACE" -> "resection"
_PEOPLE_WHO = re.compile(
    r"^(?:the\s+)?(?:patients|those|subjects)\s+(?:who\s+(?:underwent|received|had)|treated\s+"
    r"with|receiving|undergoing)\s+",
    re.IGNORECASE,
)


# "low-, intermediate- and high-risk", "well- and poorly differentiated": the words after the
# last item's first word, which the earlier items leave out (a suspended hyphen)
_SUSPENDED_TAIL = re.compile(r"^[^\s-]+(?:[-\u2010\u2013]|\s+)(?P<tail>[^\s-].*)")


def complete_suspended_hyphens(arms: list[str]) -> list[str]:
    """["low-", "intermediate-", "high-risk"] -> ["low-risk", "intermediate-risk", "high-risk"]."""
    if len(arms) < 2 or not any(a.endswith(("-", "\u2010", "\u2013")) for a in arms[:-1]):
        return arms
    tail = _SUSPENDED_TAIL.match(arms[-1])
    if not tail:
        return arms
    return [
        a + tail.group("tail") if a.endswith(("-", "\u2010", "\u2013")) and " " not in a else a
        for a in arms[:-1]
    ] + [arms[-1]]


def arm_list(region: str) -> list[str]:
    """ "for NET vs NEC were", "in the TEGAFIRI and TEGAFOX groups, respectively" -> arms."""
    match = _ARM_LIST.match(region)
    if not match:
        return []
    arms = [
        ARM_TRIM.sub("", _PEOPLE_WHO.sub("", a.strip())).strip()
        for a in _ARM_SPLIT.split(match.group("list"))
    ]
    arms = [a for a in arms if a and len(a) <= 40 and not re.search(r"\bof\s+\d", a)]
    arms = complete_suspended_hyphens(arms)
    if any(re.match(r"[\d.]+\s?%", a) for a in arms):
        return []  # "with 2% and 1% mortality, respectively": values, not groups
    if arms and re.match(r"[\d.]+(?:\s|$)", arms[-1]):
        # "67.0 months for primary cancer, and 6.7 and 18.1 months for recurrent cancer": the
        # next run's value closes the list, which names one group only
        return []
    return arms if len(arms) >= 2 else []


def pre_arms(text: str, frame: Frame, first_value: Value) -> list[str]:
    return arm_list(text[frame.end : first_value.start])


VS_JOIN = re.compile(rf"\s*\b{VERSUS}(?:\s+|$)", re.IGNORECASE)


# "41% vs 28%", "379 [33%] patients vs 417 [36%] patients": two values set against each other
PAIR_JOIN = re.compile(
    r"\s*[)\]]?\s*(?:(?:patients|cases|participants|subjects|events|deaths)\s*)?,?\s*"
    rf"(?:{VERSUS}|compared\s+(?:with|to))\s*",
    re.IGNORECASE,
)


RESPECTIVELY_NEXT = re.compile(rf"\s*,?\s*{RESPECTIVELY}\b", re.IGNORECASE)
