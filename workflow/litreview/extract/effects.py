"""Effect estimates (hazard ratios, relative risks, odds ratios) with CI, p-value, whether
adjusted, and the factor compared, each anchored to the words that state it.

A measure's name is followed by its number within a few words ("HR 0.71", "hazard ratio [HR]
1.8", "odds ratio [OR], 1.90"); a full name may also stand further off when only words lie
between ("the hazard ratio for death with X was 1.13"). Further estimates in the same sentence
are taken only when each carries its own confidence interval ("..., and 1.35 (95% CI
0.86-2.10) among users"), because a bare number after an estimate is as often a p-value,
count or percentage.
"""

from __future__ import annotations

import re

from litreview.extract.annotations import read_annotations, set_p_value
from litreview.extract.numbers import (
    CI_LEAD,
    NUM,
    P_VALUE,
    RANGE_DASH,
    SIGNED_NUM,
    parse_number,
)
from litreview.extract.value_grammar import RESPECTIVELY
from litreview.extract.vocab import Mention, Vocabulary

# "HR (95% CI) 0.66 (0.55-0.79)", "hazard ratio (95% confidence interval), 0.663 (0.447-0.983)",
# "[hazard ratio (HR); 95 % CI 1.9; 1.2, 3.1]": a header naming the interval before the value,
# so the bounds that follow the value need no lead of their own.
_CI_HEADER = (
    # "(aHRs) (95% confidence intervals [CIs]) of ... were": plural, with its own abbreviation
    r"(?P<header>\s*[;,]?\s*[(\[]?\s*(?:9[05]|99)\s?%\s*(?:CIs?|C\.I\.|confidence\s+"
    r"(?:intervals?|limits?)(?:\s*[(\[]CIs?[)\]])?)\s*[)\]]?)?"
)
# "HR vs. warfarin 1.01": the comparator named between the measure and its value
_COMPARATOR = r"(?:\s+(?:vs\.?|versus)\s+[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)?"
_BRACKETED_ABBREVIATION = re.compile(r"[(\[][a-zA-Z]{1,4}s?[)\]]")

# "HR[hazard ratio] = 2.318": the abbreviation glossed in brackets before its value
_GLOSS = r"[a-zA-Z]{1,4}|(?:adjusted\s+)?(?:hazards?|odds|risk|rate)\s+ratios?|relative\s+risks?"
# "HR per 10 years 1.29", "OR, 1.03 per year; 95% CI ...", "HR 1.22 per cm, 95% CI ...": the
# unit an estimate is given per
_PER_UNIT = (
    r"(?:\s*,?\s*per\s+(?:\d+(?:\.\d+)?\s*-?\s*)?[A-Za-z/µ]+(?:[-\s](?:increase|increment|rise))?"
    r"|/(?:year|yr|y|month|cm|mm|kg|g|unit|point|day|week|decade))\b"
)
_PER_UNIT_AFTER = re.compile(_PER_UNIT)
_ABBREV_GAP = re.compile(
    rf"(?:\s*[\[(](?:{_GLOSS})[\])])?{_COMPARATOR}(?:{_PER_UNIT})?{_CI_HEADER}"
    rf"(?:\s*(?:was|were|of|is|=|:|,|-|–|≈|\s))*\s*"
    # "(aHR) of 5-year OS to 0.64": a time point is no estimate
    rf"(?P<num>{NUM})(?![\d.·]*\s*(?:%|[-‐‑]?\s*(?:months?|years?|weeks?|days?|patients)\b)"
    rf"|[\d,·]*%)",
)
# Between a measure's name and its value: words, a bracket of words naming the comparison
# ("(rizatriptan vs. other oral triptans)", "(S vs. SP)") and a time point ("at 3 months"),
# but no other number, which would be a different value's context.
_GAP_TOKEN = (
    r"(?:[^.;\d()\[\]%]|[(\[][^()\[\]\d;%=<>]{1,60}[)\]]"
    r"|\b(?:at|after|within|by)\s+\d+\s*-?\s*(?:months?|years?|weeks?|days?)\b"
    # "the hazard ratio of 5-year OS": a time point naming the endpoint
    r"|\b\d+\s*[-‐‑]\s*(?:months?|years?|weeks?|days?)\b)"
)
_TERM_GAP = re.compile(
    rf"(?:\s*[\[(](?:[a-zA-Z]{{1,4}})[\])])?{_CI_HEADER}(?P<gap>{_GAP_TOKEN}{{0,120}}?)"
    rf"(?:\b(?:was|were|are|of|is|:|,|at)|(?<![<>≤≥⩽⩾=])=|[:,]"
    # "(hazard ratio; 0.6, p = 0.009)": a semicolon right after the name
    rf"|(?<=ratio);|(?<=\b[HOR]R);"
    # "reduced the hazard ratio of death to 0.64 (95% CI ...)": "to" when an interval follows
    rf"|\bto(?=\s*{NUM}\s*[(\[]\s*(?:9[05]|99)\s?%))\s*(?P<num>{NUM})"
    # no time, share or range of levels ("for intervals of 6-8 weeks")
    rf"(?![\d.·]*\s*(?:%|[-‐‑]?\s*(?:months?|years?|weeks?|days?)\b)|[\d,·]*%"
    rf"|{RANGE_DASH}{NUM}\s*(?:%|(?:months?|years?|weeks?|days?|cm|mm)\b))",
    re.IGNORECASE,
)
# "the overall survival hazard ratio for intervals 4-5 weeks, 5-6 weeks and >7 weeks were 1.02
# (0.73-1.42), ...", "the HRs for quartiles 2, 3 and 4 were", "the relative risk of grade >= 3
# toxicity was 1.62 (95% CI ...)", "HRs comparing freedom from death or eGFR <20 mL/min were":
# a phrase naming the levels compared, numbers and all, up to a verb; read only when the value
# carries its own interval, since a number so far off is otherwise as often some other value.
_LEVELS_GAP = re.compile(
    rf"(?:\s*[\[(](?:[a-zA-Z]{{1,4}})[\])])?{_CI_HEADER}"
    rf"(?P<gap>(?:[^.;()\[\]%]|(?<=\d)\.(?=\d)){{1,150}}?)"
    rf"(?:\b(?:was|were|are|is)|(?<![<>≤≥⩽⩾=])=(?!=)|:)\s*(?P<num>{NUM})"
    rf"(?![\d.·]*\s*(?:%|(?:months?|years?|weeks?|days?)\b)|[\d,·]*%)",
    re.IGNORECASE,
)
_VERSUS_LEVELS = re.compile(
    r"(?:\s*[\[(][a-zA-Z]{1,4}[\])])?(?P<gap>\s+(?!(?:of|for|in|was|were|is)\b)[^\s,;:()\[\]=]+(?:\s+[^\s,;:()\[\]=]+){0,3}?"
    r"\s+(?:vs\.?|versus)\s+[^\s,;:()\[\]=]+(?:\s+[^\s,;:()\[\]=]+){0,3}?)\s*(?::|=)\s*"
    rf"(?P<num>{NUM})(?![\d.·]*\s*(?:%|(?:months?|years?|weeks?|days?)\b)|[\d,·]*%)",
    re.IGNORECASE,
)
_ABBREV_LEVELS_LEAD = re.compile(
    r"\s*(?:for|of|in|among|with|comparing|over|between|across|per)\b", re.IGNORECASE
)
# "(P = 0.04 HR 2.12", and inside a bracket after the values it compares: "(2.27 vs. 1.67%;
# P=0.30; odds ratio [OR], 1.36; 95% CI ...)"
_P_BEFORE = re.compile(rf"(?:[(\[]|(?<=[\d%)\]]);)\s*{P_VALUE}\s*(?:[,;]\s*|\s)?$")
_P_JUST_BEFORE = re.compile(rf"(?<![\w.]){P_VALUE}\s*,\s*(?:(?:an?\s+|the\s+)?(?:adjusted\s+)?)?$")
_ENDS_SENTENCE = re.compile(r"\s*(?:[.;]\s*)?$")
_BARE_P_AFTER = re.compile(r"\s*,\s*(?P<p_text>(?P<p_op>[=<>≤])\s*(?P<p_num>0?\.\d+))(?=\s*[)\]])")
_CONTINUATION = re.compile(
    rf"\s*(?:,|;)?\s*(?:and|or|vs\.?|versus|while|whereas|but)?\s*(?:(?:it\s+)?was\s+)?"
    # "Q2 1.12 (1.10-1.14) p<0.001, Q3 1.42 (...)": a level's label may hold digits
    # "(2005: 1.7, 95% CI: 1.5-1.9; 2013: 1.9, 95% CI: 1.6-2.2)": or be a number before a colon
    rf"(?P<lead>(?:[^.;\d()\[\]]|(?<![\w.])[A-Za-z]{{1,2}}\d{{1,2}}(?![\w.])"
    rf"|(?<![\w.])\d{{1,4}}(?=\s*:)){{0,60}}?)"
    rf"\s*(?P<open>[(\[]\s*)?(?P<num>{NUM})(?=\s*[(\[]|\s*[,;]\s*95\s*%)",
    re.IGNORECASE,
)
_MEASURE_OPENS = re.compile(
    r"\s*[(\[]\s*(?:adjusted\s+)?(?:a?HR|a?OR|a?RR|SHR|hazard|odds|relative\s+risk|risk\s+ratio)\b",
    re.IGNORECASE,
)
# The bounds after a value whose header named the interval: "0.66 (0.55-0.79)", "1.9; 1.2, 3.1".
_HEADED_BOUNDS = re.compile(
    rf"\s*[;,]?\s*[(\[]?\s*(?P<ci_low>{SIGNED_NUM})(?:{RANGE_DASH}|\s*,\s*)(?P<ci_high>{SIGNED_NUM})"
    r"\s*[)\]]?"
)
# "(OR 0.60, 0.42 to 0.84)", "RR 0.71, 0.55-0.92;": bounds after a comma that close the
# clause, read as the interval only when they hold the estimate
_BARE_INTERVAL_AFTER = re.compile(
    rf"\s*,\s*(?P<ci_low>{SIGNED_NUM})\s*(?:to|-|–)\s*(?P<ci_high>{SIGNED_NUM})"
    r"(?=\s*(?:[)\];]|,\s*[Pp]\b|\.?\s*$))"
)
_SPLIT_BOUNDS = re.compile(
    rf"\s*[(\[]\s*(?P<ci_low>{SIGNED_NUM})\s*;\s*(?P<ci_high>{SIGNED_NUM})\s*[)\]]"
)
# "HR 0.86 vs. 0.85": a second estimate of the same measure for the other group, no interval.
_BARE_VERSUS = re.compile(
    rf"\s*(?:vs\.?|versus)\s*(?P<num>{NUM})(?![\d.·]*\s*(?:%|(?:months?|years?|weeks?|days?)\b)|[\d,·]*%)"
)
# A further estimate standing alone in a bracket after a named one, value and interval only:
# "... was 19.3% versus 17.2% (1.29, 0.78-2.14)", "(> Q1) (0.71, 95% CI: 0.57-0.87)",
# "(<= Q1: 0.69, 95% CI: 0.44-1.09; ...", "(0.41, 95% CI 0.13-1.28 vs 0.80, 95% CI 0.45-1.40)".
# The bracket must close (or the list go on) right after the interval and the estimate must lie
# inside it: a bracket that goes on with words ("4.7 [3.8-5.8] for 2% gel") reports a value.
_ESTIMATE_END = r"(?:\s*[)\]]|(?=\s*(?:;|,\s*respectively|\s(?:vs\.?|versus)\s|,\s*[Pp]\s*[=<>])))"
_BRACKETED_ESTIMATE = re.compile(
    # "(2005: 1.7, 95% CI: 1.5-1.9; 2013: 1.9, 95% CI: 1.6-2.2)": a labelled one after a ";"
    # "(OS, HR 0.88; 95% CI 0.50–1.58) (DFS, 0.86; 95% CI 0.50–1.50)": the endpoint and a comma
    rf"(?:[(\[]\s*(?:[^()\[\];:]{{1,12}}:\s*|[^()\[\];:,\d]{{1,12}},\s*)?|;\s*[^()\[\];:,]{{1,12}}:\s*"
    rf"|\b(?:vs\.?|versus)\s+)"
    rf"(?P<num>{NUM})(?:\s*[,;]\s*(?P<comma>)|\s*[(\[]\s*)(?:{CI_LEAD})?"
    rf"(?P<ci_low>{SIGNED_NUM}){RANGE_DASH}(?P<ci_high>{SIGNED_NUM})"
    rf"(?(comma){_ESTIMATE_END}|\s*[)\]]{_ESTIMATE_END})",
    re.IGNORECASE,
)
# A ratio has no unit: "11 [7-21] vs. 14 [8-36] days" or "11 [7-21] days" is a median with its
# range, so a bracketed pair whose comparison ends in a unit is no estimate.
_UNIT_AFTER = re.compile(
    rf"\s*[)\]]?(?:\s*(?:vs\.?|versus)\s*{NUM}\s*[(\[][^()\[\]]*[)\]])?\s*"
    r"(?:%|(?:hours?|h|days?|weeks?|months?|years?|min(?:utes)?|mg|kg|g|ml|mL)\b)"
)
# "(hazard ratio, 2.120 and 2.421, respectively", "hazard ratios of 1.63, 2.06 and 1.02,
# respectively": one estimate per factor named before, in order. Only a list that ends in
# "respectively" is read: bare numbers after an estimate are as often counts or p-values.
_LISTED_ESTIMATES = re.compile(
    rf"(?P<items>(?:\s*,\s*(?:and\s+)?|\s+and\s+){NUM}(?![\d.·]*\s*%))+"
    rf"\s*,?\s*{RESPECTIVELY}\b",
    re.IGNORECASE,
)
# "(hazard ratio, 1.84 and 2.31, respectively; both P < 0.01)": one p-value for the list
_SHARED_P = re.compile(
    rf"\s*[;,]?\s*(?:both|all|each|all\s+(?:two|three|four|five))\s+(?:with\s+)?{P_VALUE}",
    re.IGNORECASE,
)
# "The HR was 1.5 for grade 2 and 2.8 for grade 3 tumours": a second estimate set beside the
# first in the same words, its preposition and all
_PARALLEL_PREPOSITION = re.compile(
    rf"\s*,?\s*(?:and|or|vs\.?|versus|while|whereas|but)\s+(?P<num>{NUM})"
    r"(?![\d.·]*\s*%)\s+(?P<prep>for|in|among|with)\b",
    re.IGNORECASE,
)
_FOR_CLAUSE_ESTIMATE = re.compile(
    r"\s*(?:[,:;]\s*(?:and\s+)?|\s+and\s+)for\s+(?P<factor>[^,;:.()\[\]\d]{1,60}?)\s+"
    rf"(?:it\s+)?(?:was|were|is)\s+(?P<num>{NUM})"
    r"(?![\d.·]*\s*(?:%|[-‐‑]?\s*(?:months?|years?|weeks?|days?|patients)\b))",
    re.IGNORECASE,
)
_LISTED_ITEM = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<num>{NUM})")


_FOR_FACTOR = re.compile(
    r"\s+(?:for|in|among|with)\s+(?P<factor>[^,;()\[\]]{1,60}?)(?=\s*(?:[(\[,;)\]]|\s(?:and|vs)\b|$))",
    re.IGNORECASE,
)
_TRAILING_SUBGROUP = re.compile(
    r"\s*(?P<sub>(?:among|in|for)\s+[^,;()\[\].]{1,60}?)(?=\s*(?:[,;.)]|\s+and\b|$))", re.IGNORECASE
)
_FACTOR_CLAUSE_START = re.compile(r"[,;:(\[]|\band\b|\bwere\b|\bwas\b|\bwith\b", re.IGNORECASE)


def _adjusted(vocab: Vocabulary, mention_text: str, local: str, sentence: str) -> str:
    if mention_text.rstrip("s") in vocab.adjusted_abbreviations or mention_text.lower().startswith(
        "adjusted"
    ):
        return "yes"
    for context in (local, sentence):
        unadjusted = vocab.unadjusted_words and vocab.unadjusted_words.search(context)
        adjusted = vocab.adjusted_words and vocab.adjusted_words.search(context)
        if unadjusted and not adjusted:
            return "no"
        if adjusted and not unadjusted:
            return "yes"
        if adjusted and unadjusted:
            # the nearer word to the estimate decides ("unadjusted Cox model: HR 2.1")
            return "no" if unadjusted.end() > adjusted.end() else "yes"
    return "unclear"


def _factor_before(text: str, s_start: int, anchor: int) -> str:
    """The phrase before the bracket that holds an estimate: "rural residence (aRR 0.43...)"."""
    before = text[s_start:anchor]
    depth = 0
    open_at = -1
    for i in range(len(before) - 1, -1, -1):
        if before[i] in ")]":
            depth += 1
        elif before[i] in "([":
            if depth == 0:
                open_at = i
                break
            depth -= 1
    if open_at < 0:
        return ""
    phrase = before[:open_at]
    while True:
        trimmed = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", "", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    cut = 0
    for match in re.finditer(
        r"[,;:(\[]|\b(?:and|or|were|was|is|are|included|including|namely)\b", phrase
    ):
        cut = match.end()
    phrase = phrase[cut:].strip()
    phrase = re.sub(r"^(?:the|a|an|of|for)\s+", "", phrase, flags=re.IGNORECASE)
    return phrase[-100:]


_RECEPTOR_STATUS = re.compile(
    r"(?:\s*[(\[][A-Z]{2,3}[)\]])?\s*(?:[+\-−](?![\d.])|[-\s]?(?:positive|negative|status)\b)",
    re.IGNORECASE,
)


_SUBJECT_TAIL = re.compile(
    r"\s*(?:had|has|have|showed|shows|with|was\s+associated\s+with|were\s+associated\s+with|"
    r"yielded|gave)?\s*(?:an?|the)?\s*(?:adjusted\s+|unadjusted\s+|crude\s+)?$",
    re.IGNORECASE,
)


def _subject_before(text: str, s_start: int, anchor: int) -> str:
    """ "pancreatic primary had an odds ratio of 1.9": the clause's subject is the factor."""
    phrase = text[s_start:anchor]
    cut = 0
    for match in re.finditer(r"[,;:(\[]", phrase):
        cut = match.end()
    phrase = phrase[cut:]
    tail = _SUBJECT_TAIL.search(phrase)
    phrase = phrase[: tail.start()] if tail else phrase
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    phrase = re.sub(r"\s+(?:was|were|is|are)$", "", phrase)
    if not phrase or len(phrase.split()) > 8 or re.search(r"[=)\]]|\d", phrase):
        return ""
    return phrase


def extract_effects(text: str, sentences: list[tuple[int, int]], vocab: Vocabulary) -> list[dict]:
    rows: list[dict] = []
    # "objective response (OR) ... The ORs were 94.4%": letters the text defines as an outcome
    # name that outcome there, not an effect measure
    outcome_letters = vocab.abbreviations_defined_as_outcomes(text)
    last_mention = None
    for s_start, s_end in sentences:
        first_of_sentence = len(rows)
        sentence = text[s_start:s_end]
        mentions = [
            m
            for m in vocab.effects.find(sentence)
            if m.text not in outcome_letters
            # "30 (66.7%) were HR-, 15 (33.3%) HR+": hormone-receptor status, no measure
            and not (m.text.isupper() and _RECEPTOR_STATUS.match(sentence, m.end))
        ]
        # "hazard ratio (HR)", "odds ratio [OR]": the bracketed abbreviation restates the name;
        # in "between LR and RR (HR 1.01, ...)" it names another measure (RR is a group there)
        mentions = [
            m
            for i, m in enumerate(mentions)
            if not (
                i
                and re.fullmatch(r"\s*[(\[]", sentence[mentions[i - 1].end : m.start])
                and mentions[i - 1].concept == m.concept
            )
        ]
        taken_until = s_start
        for index, mention in enumerate(mentions):
            m_start, m_end = mention.start + s_start, mention.end + s_start
            if m_start < taken_until:
                continue
            limit = mentions[index + 1].start + s_start if index + 1 < len(mentions) else s_end
            is_abbrev = mention.text.strip() == mention.text.strip().upper() or re.match(
                r"^[a-z]?[A-Z]{2,3}s?$", mention.text
            )
            match = _ABBREV_GAP.match(text, m_end, limit)
            if (
                not match
                and is_abbrev
                and _BRACKETED_ABBREVIATION.fullmatch(text, m_start - 1, m_end + 1)
            ):
                # "hazard radio [HR] = 2.35": the name before the bracket is misspelt or
                # unlisted, and the bracketed abbreviation is the only mention of the measure
                match = _ABBREV_GAP.match(text, m_end + 1, limit)
            if not match:
                match = _TERM_GAP.match(text, m_end, limit)
                # an abbreviation stands off its number only by a "for ..." phrase ("HR for OS
                # was 0.93"); other words between are too often a different number's context
                if (
                    match
                    and is_abbrev
                    and not re.match(
                        r"\s*(?:for|of|in|among|with|at)\b[^,;]{0,60}$", match.group("gap")
                    )
                    and not (
                        # "the HR for survival on univariate analysis for responders compared
                        # with nonresponders (per WHO criteria) was 0.26 (95% CI, 0.10-0.69)":
                        # a longer "for ..." phrase, when the value carries its own interval
                        re.match(r"\s*for\b[^,;]{0,120}$", match.group("gap"))
                        and read_annotations(
                            text, match.end("num"), s_end, allow_bare_ci=False
                        ).ci_low
                        is not None
                    )
                ):
                    match = None
            levels = False
            if not match:
                match = levels = _LEVELS_GAP.match(text, m_end, limit)
                if match and (
                    (is_abbrev and not _ABBREV_LEVELS_LEAD.match(match.group("gap")))
                    or read_annotations(text, match.end("num"), s_end, allow_bare_ci=True).ci_low
                    is None
                ):
                    match = levels = None
            if not match:
                # "HR ypT3-T4 vs. ypT0-T2: 1.837", "OR women vs. men = 1.52": the levels
                # compared, set equal to the estimate, need no interval to be read
                match = levels = _VERSUS_LEVELS.match(text, m_end, limit)
            if not match:
                # "hazard ratio (HR) 1.0": the abbreviation in brackets is itself a mention
                continue
            num_end = match.end("num")
            per_unit = _PER_UNIT_AFTER.match(text, num_end, s_end)
            if per_unit:
                num_end = per_unit.end()
            note = read_annotations(text, num_end, s_end, allow_bare_ci=True)
            if match.groupdict().get("header") and note.ci_low is None:
                bounds = _HEADED_BOUNDS.match(text, num_end, s_end)
                if bounds:
                    note = read_annotations(text, bounds.end(), s_end, allow_bare_ci=False)
                    note.ci_low = parse_number(bounds.group("ci_low"))
                    note.ci_high = parse_number(bounds.group("ci_high"))
            if note.ci_low is None and note.end > num_end:
                # "HR 0.61 [0.44; 0.85]": bounds split by a semicolon, holding the estimate
                split = _SPLIT_BOUNDS.match(text, num_end, s_end)
                value = parse_number(match.group("num"))
                if split and parse_number(split.group("ci_low")) <= value <= parse_number(
                    split.group("ci_high")
                ):
                    note.ci_low = parse_number(split.group("ci_low"))
                    note.ci_high = parse_number(split.group("ci_high"))
            if note.ci_low is None and note.end == num_end:
                bare = _BARE_INTERVAL_AFTER.match(text, num_end, s_end)
                value = parse_number(match.group("num"))
                if bare and parse_number(bare.group("ci_low")) <= value <= parse_number(
                    bare.group("ci_high")
                ):
                    # "OR 0.60, 0.42 to 0.84)": the interval after a comma, its label left out
                    note = read_annotations(text, bare.end(), s_end, allow_bare_ci=False)
                    note.ci_low = parse_number(bare.group("ci_low"))
                    note.ci_high = parse_number(bare.group("ci_high"))
            end = note.end
            factor = ""
            labels = [x for x in note.labels or [] if x]
            for_factor = None
            if note.end == num_end:
                for_factor = _FOR_FACTOR.match(text, num_end, s_end)
            if for_factor:
                factor = for_factor.group("factor").strip()
                note2 = read_annotations(text, for_factor.end(), s_end, allow_bare_ci=True)
                if note2.end > for_factor.end():
                    note, end = note2, note2.end
                    labels = [x for x in note2.labels or [] if x]
                    if labels:
                        factor = f"{factor} [{'; '.join(labels)}]"
            elif (not is_abbrev or levels) and match.groupdict().get("gap"):
                factor = re.sub(r"^\s*(?:for|of)\s+", "", match.group("gap")).strip()
                factor = re.sub(r"\s+(?:was|were|is)$", "", factor)
            if not factor:
                factor = _factor_before(text, s_start, m_start)
            if not factor:
                factor = _subject_before(text, s_start, m_start)
            local_start = max(
                [s_start]
                + [s_start + m.end() for m in re.finditer(r"[;(\[]", text[s_start:m_start])]
            )
            local = text[local_start:m_start]
            adjusted = _adjusted(vocab, mention.text, local, sentence)
            start = m_start
            if not note.p_text and (bare_p := _BARE_P_AFTER.match(text, note.end, s_end)):
                # "(odds ratio [OR] 3.21, < 0.001)": a page that lost the italic P keeps its
                # comparison and number, closing the estimate's bracket
                set_p_value(note, bare_p)
                end = bare_p.end("p_text")
            if not note.p_text:
                # "(P = 0.04 HR 2.12 95% CI ...)", "(p = 0.01, HR 1.9, ...)": a p-value opening
                # the estimate's bracket is the estimate's; "..., P = 0.017, odds ratio 1.94.":
                # one written just before an estimate standing alone at the sentence's end
                p_before = _P_BEFORE.search(text, max(s_start, m_start - 40), m_start) or (
                    _P_JUST_BEFORE.search(text, max(s_start, m_start - 40), m_start)
                    if _ENDS_SENTENCE.match(text, note.end, s_end)
                    else None
                )
                if p_before and p_before.start("p_text") < taken_until:
                    p_before = None  # "(HR 0.70, 95% CI 0.5-0.9; P = 0.01; OR 1.5": the HR's
                if p_before:
                    set_p_value(note, p_before)
                    start = p_before.start("p_text")
            value = parse_number(match.group("num"))
            first_row = len(rows)
            if not (value == 1 and note.ci_low is None and not note.p_text):
                # "Q1 HR 1.0, Q2 1.12 (1.10-1.14)", "1.00 (reference)": an estimate of one
                # with neither interval nor p-value is the reference level, no estimate
                rows.append(
                    _row(text, mention.concept, value, note, adjusted, factor, start, end,
                         "effect.measure_value.v1")
                )  # fmt: skip
            taken_until = end
            versus = _BARE_VERSUS.match(text, end, limit)
            if versus:
                v_note = read_annotations(text, versus.end("num"), s_end, allow_bare_ci=True)
                rows.append(
                    _row(text, mention.concept, parse_number(versus.group("num")), v_note,
                         adjusted, factor, versus.start("num"), v_note.end, "effect.versus.v1")
                )  # fmt: skip
                end = taken_until = v_note.end
            listed = _LISTED_ESTIMATES.match(text, end, limit) if note.ci_low is None else None
            if listed:
                for item in _LISTED_ITEM.finditer(text, listed.start(), listed.end("items")):
                    rows.append(
                        _row(text, mention.concept, parse_number(item.group("num")), note,
                             adjusted, factor, item.start("num"), item.end("num"),
                             "effect.respectively_list.v1")
                    )  # fmt: skip
                end = taken_until = listed.end()
                shared = _SHARED_P.match(text, end, limit)
                if shared:
                    shared_note = read_annotations(text, end, end, allow_bare_ci=False)
                    set_p_value(shared_note, shared)
                    for row in rows[first_row:]:
                        row["p_value"] = row["p_value"] or shared_note.p_value
                        row["p_value_text"] = row["p_value_text"] or shared_note.p_text
                    end = taken_until = shared.end()
            parallel = (
                _PARALLEL_PREPOSITION.match(text, max(end, for_factor.end()), limit)
                if for_factor and note.ci_low is None and not listed
                else None
            )
            p_factor = parallel and _FOR_FACTOR.match(text, parallel.end("num"), s_end)
            if (
                p_factor
                and parallel.group("prep").lower() == for_factor.group(0).split()[0].lower()
                and not re.search(r"\b(?:was|were|is|are|had|has|have|died)\b", p_factor.group(0))
            ):
                p_note = read_annotations(text, p_factor.end(), s_end, allow_bare_ci=True)
                rows.append(
                    _row(text, mention.concept, parse_number(parallel.group("num")), p_note,
                         adjusted, p_factor.group("factor").strip(" ."),
                         parallel.start("num"), max(p_note.end, p_factor.end()),
                         "effect.parallel.v1")
                )  # fmt: skip
                end = taken_until = max(p_note.end, p_factor.end())
            # "The odds ratio for complication for men versus women was 1.75: for no
            # antibiotics versus antibiotic prophylaxis it was 2.5", "after subtotal resection
            # was 2.2, for total gastrectomy was 3.9, and for proximal resection was 7.6": the
            # same measure for another comparison, each named by "for ..." and "was"
            while not listed and (more := _FOR_CLAUSE_ESTIMATE.match(text, end, limit)):
                m_note = read_annotations(text, more.end("num"), s_end, allow_bare_ci=True)
                rows.append(
                    _row(text, mention.concept, parse_number(more.group("num")), m_note,
                         adjusted, more.group("factor").strip(), more.start("num"),
                         max(m_note.end, more.end("num")), "effect.for_clause.v1")
                )  # fmt: skip
                end = taken_until = max(m_note.end, more.end("num"))
            # Further estimates of the same measure, each with its own CI.
            cursor = end
            base_factor = factor
            while True:
                cont = _CONTINUATION.match(text, cursor, limit)
                if not cont or _MEASURE_OPENS.match(text, cont.end("num")):
                    # "and a performance status above 0 (HR, 7.98; ...)": the number is a
                    # factor's threshold and the bracket holds an estimate named on its own
                    break
                c_note = read_annotations(text, cont.end("num"), s_end, allow_bare_ci=True)
                if c_note.ci_low is None or _UNIT_AFTER.match(text, c_note.end):
                    break
                sub = _TRAILING_SUBGROUP.match(text, c_note.end, s_end)
                lead = cont.group("lead").strip()
                c_factor = base_factor
                if sub:
                    c_factor = f"{base_factor}; {sub.group('sub').strip()}".strip("; ")
                elif lead:
                    c_factor = f"{base_factor}; {lead}".strip("; ")
                rows.append(
                    _row(text, mention.concept, parse_number(cont.group("num")), c_note,
                         adjusted, c_factor, cont.start("num"), c_note.end,
                         "effect.continuation.v1")
                )  # fmt: skip
                cursor = c_note.end
                taken_until = cursor
        if mentions:
            rows.extend(_bracketed_estimates(text, s_start, s_end, mentions, rows, vocab))
            rows.extend(_named_list_estimates(text, s_start, s_end, mentions, rows))
            last_mention = mentions[-1]
        elif last_mention is not None and _SAME_AGAIN.match(sentence):
            # "The same was true in the German cohort (2005: 1.4, 95% CI: 0.9-2.1; ...)": the
            # measure of the sentence before, again
            again = Mention(0, 0, last_mention.concept, last_mention.text)
            rows.extend(_bracketed_estimates(text, s_start, s_end, [again], rows, vocab))
        else:
            last_mention = None
            odds = _ODDS_WORD.search(sentence)
            if odds:
                # "higher initial 3-month mortality odds for prostatectomy (USA: 9.4, 95% CI:
                # 7.8-11.2; Germany: 9.1, ...)": odds named without "ratio", estimates in the
                # bracket that follows
                word = Mention(odds.start(), odds.end(), "or", odds.group(0))
                rows.extend(
                    r
                    for r in _bracketed_estimates(text, s_start, s_end, [word], rows, vocab)
                    if r["start"] - s_start - odds.end() <= 80
                )
        rows.extend(_odds_in_words(text, s_start, s_end, rows))
        if "azard" in text[s_start:s_end]:  # "hazard", "Hazards"
            rows.extend(_hazard_in_words(text, s_start, s_end, rows))
        if "fold" in sentence:
            rows.extend(_fold_risks(text, s_start, s_end, rows))
        _p_closing_the_list(text, s_end, rows[first_of_sentence:])
    return rows


# "..., and a 20-min increase in operative time (OR = 1.01) (p < 0.046).": a p-value in a
# bracket of its own after the last of a sentence's estimates, none of which has one, is
# written once for them all
_CLOSING_P = re.compile(rf"\s*[)\]]?\s*[(\[]\s*{P_VALUE}\s*[)\]]\s*[.;]?\s*$")


def _p_closing_the_list(text: str, s_end: int, rows: list[dict]) -> None:
    if not rows:
        return
    last = max(rows, key=lambda r: r["start"])
    # the last estimate's note may have read the bracket already ("(OR 1.8) (p < 0.05)")
    closing = _CLOSING_P.search(text, last["start"], s_end)
    if closing and closing.start() > max(last["end"], last["start"] + len(str(last["value"]))):
        return
    if not closing:
        return
    note = read_annotations(text, s_end, s_end, allow_bare_ci=False)  # an empty note
    set_p_value(note, closing)
    if last["p_value_text"] not in ("", None, note.p_text):
        return
    # the estimates before the last take it only when none of them has its own
    owners = rows if not any(r["p_value_text"] for r in rows if r is not last) else [last]
    for row in owners:
        row["p_value"], row["p_value_text"] = note.p_value, note.p_text


_ODDS_WORD = re.compile(r"\bodds\b(?!\s+ratio)(?=[^.;()\[\]]{0,60}[(\[])", re.IGNORECASE)
_SAME_AGAIN = re.compile(
    r"\s*(?:the\s+same\s+(?:was|is|held)\s+true|similarly|likewise|the\s+same\s+"
    r"(?:pattern|trend|result)s?\s+(?:was|were)\s+(?:seen|found|observed))\b",
    re.IGNORECASE,
)


# "The odds of lower pain severity at 1 month were 14.0 (95% CI, 2.3-25.7; P < .0001) times
# higher than at baseline": an odds ratio written out as how many times the odds are
_ODDS_TIMES = re.compile(
    # "90-day mortality odd in patients aged 70-79 was 13 times higher": the singular too
    rf"\b(?P<lead>(?:the\s+)?odds?\b(?!\s+ratio)"
    rf"(?P<factor>(?:(?!\b(?:was|were|is|are|which|that)\b)[^;,()\[\]]){{0,100}}?))"
    rf"\s+(?:were|was|are|is)\s+"
    rf"(?:about\s+|approximately\s+|nearly\s+)?(?P<num>{NUM})"
    rf"(?P<bracket>\s*[(\[][^()\[\]]*[)\]])?\s*[-‐]?\s*(?:times|fold)\s+"
    r"(?:higher|greater|larger|lower|smaller|more|less|increased|decreased)\b",
    re.IGNORECASE,
)


def _in_words(pattern, measure, rule_id, factor_of, text, s_start, s_end, rows) -> list[dict]:
    """Estimates a ``pattern`` finds where the measure is named in words ("odds ... were 13 times
    higher", "hazard of death (1.31, ...)"), each with what follows its number; ``factor_of``
    gives what the match compares."""
    found = []
    for match in pattern.finditer(text, s_start, s_end):
        if any(r["start"] <= match.start("num") < r["end"] for r in rows):
            continue
        note = read_annotations(text, match.end("num"), s_end, allow_bare_ci=True)
        found.append(
            _row(text, measure, parse_number(match.group("num")), note, "unclear",
                 factor_of(match), match.start(), max(note.end, match.end()), rule_id)
        )  # fmt: skip
    return found


def _odds_in_words(text: str, s_start: int, s_end: int, rows: list[dict]) -> list[dict]:
    def factor(match):
        return re.sub(r"^\s*(?:of|for|at)\s+", "", match.group("factor")).strip()

    return _in_words(_ODDS_TIMES, "or", "effect.odds_times.v1", factor, text, s_start, s_end, rows)


# "an increased hazard of death (1.31, confidence interval 1.07-1.60)", "hazard for repeated
# brachytherapy (men vs. women 0.8, p = 0.47)": a hazard named without "ratio", its bare estimate
# opening a bracket (after the groups compared) and followed by its interval or p-value
_HAZARD_WORDS = re.compile(
    r"\bhazards?\s+(?:(?:were|was|similar|comparable|higher|lower)\s+){0,2}(?:of|for)\s+(?P<factor>[^.;()\[\]\d]{1,60}?)\s*[(\[]\s*"
    r"(?:(?P<cmp>[A-Za-z][\w-]*(?:\s+[\w-]+)?\s+(?:vs\.?|versus)\s+[A-Za-z][\w-]*)\s*,?\s*)?"
    rf"(?P<num>{NUM})\s*[,;]\s*(?=(?:9[05]\s?%\s*)?(?:CI\b|confidence\s+interval|[Pp]\s*[=<>≤]))",
    re.IGNORECASE,
)


def _hazard_in_words(text: str, s_start: int, s_end: int, rows: list[dict]) -> list[dict]:
    def factor(match):
        own = match.group("factor").strip()
        return f"{match.group('cmp')}, {own}" if match.group("cmp") else own

    return _in_words(
        _HAZARD_WORDS, "hr", "effect.hazard_words.v1", factor, text, s_start, s_end, rows
    )


# "odds ratios addressing transfusion (0.49), intraoperative (0.53), wound (0.68), and pulmonary
# (0.71) complications favored RARC (all p < 0.01)": after a plural measure's name, a list of
# what it was computed for, each with its bare estimate in brackets
_NAMED_ITEM = rf"[^,;:()\[\]\d]{{1,40}}?\s*[(\[]\s*{NUM}\s*[)\]]"
_NAMED_LIST = re.compile(
    rf"[^.;()\[\]\d]{{0,40}}?(?P<items>{_NAMED_ITEM}(?:\s*,\s*(?:and\s+)?{_NAMED_ITEM}|\s+and\s+"
    rf"{_NAMED_ITEM})+)",
    re.IGNORECASE,
)
_NAMED_ITEM_RE = re.compile(
    rf"(?:^|\s*,\s*(?:and\s+)?|\s+and\s+)(?P<name>[^,;:()\[\]\d]{{1,40}}?)\s*[(\[]\s*(?P<num>{NUM})\s*[)\]]"
)
_ALL_P = re.compile(rf"[^.;()\[\]]{{0,60}}?[(\[]\s*(?:all|both|each)\s+{P_VALUE}\s*[)\]]", re.I)


def _named_list_estimates(text, s_start, s_end, mentions, rows) -> list[dict]:
    found = []
    for mention in mentions:
        if not re.search(r"(?:ratios|[HO]Rs)$", mention.text):
            continue
        end = mention.end + s_start
        listed = _NAMED_LIST.match(text, end, s_end)
        if not listed or any(end <= r["start"] < listed.end() for r in rows):
            continue
        shared = _ALL_P.match(text, listed.end(), s_end)
        note = read_annotations(text, listed.end(), listed.end(), allow_bare_ci=False)
        if shared:
            set_p_value(note, shared)
        for item in _NAMED_ITEM_RE.finditer(listed.group("items")):
            at = listed.start("items") + item.start("num")
            found.append(
                _row(text, mention.concept, parse_number(item.group("num")), note, "unclear",
                     item.group("name").strip(), at, at + len(item.group("num")),
                     "effect.named_list.v1")
            )  # fmt: skip
    return found


# "In multivariate Cox regression models, EBRT was associated with a 2.8-fold (p < 0.001) and
# 3.9-fold (p < 0.001) higher risk of mortality": in a sentence naming its model, a risk so many
# times higher is the model's estimate (a Cox model's hazard ratio, a logistic one's odds ratio)
_FOLD_RISK = re.compile(
    rf"(?P<num>{NUM})[-‐‑\s]fold(?P<p>\s*[(\[][^()\[\]]{{0,30}}[)\]])?"
    rf"(?=(?:\s*,?\s*(?:and|or)\s+{NUM}[-‐‑\s]fold(?:\s*[(\[][^()\[\]]{{0,30}}[)\]])?)*"
    r"\s+(?:higher|greater|increased|elevated|lower|reduced|decreased)\s+(?:risk|odds|hazard))",
    re.IGNORECASE,
)
_MODEL = re.compile(r"\b(?P<cox>Cox|proportional\s+hazards?)\b|\blogistic\b", re.IGNORECASE)


def _fold_risks(text: str, s_start: int, s_end: int, rows: list[dict]) -> list[dict]:
    model = _MODEL.search(text, s_start, s_end)
    if not model:
        return []
    measure = "hr" if model.group("cox") else "or"
    found = []
    for match in _FOLD_RISK.finditer(text, s_start, s_end):
        if any(r["start"] <= match.start("num") < r["end"] for r in rows):
            continue
        note = read_annotations(text, match.end("num"), match.end("num"), allow_bare_ci=False)
        if match.group("p"):
            p = re.search(P_VALUE, match.group("p"))
            if p:
                set_p_value(note, p)
        found.append(
            _row(text, measure, parse_number(match.group("num")), note, "adjusted", "",
                 match.start("num"), match.end(), "effect.fold_risk.v1")
        )  # fmt: skip
    return found


def _bracketed_estimates(text, s_start, s_end, mentions, rows, vocab) -> list[dict]:
    """Estimates after a named one that stand in brackets as a value and its interval; each
    takes the measure of the nearest name before it."""
    found = []
    taken = [(r["start"], r["end"]) for r in rows]
    for match in _BRACKETED_ESTIMATE.finditer(text, s_start + mentions[0].end, s_end):
        num_start = match.start("num")
        if any(a <= num_start < b for a, b in taken):
            continue
        value = parse_number(match.group("num"))
        low, high = parse_number(match.group("ci_low")), parse_number(match.group("ci_high"))
        if not low <= value <= high:
            continue
        if _UNIT_AFTER.match(text, match.end("ci_high")):
            continue
        mention = [m for m in mentions if m.end + s_start <= num_start][-1]
        note = read_annotations(text, match.end("num"), s_end, allow_bare_ci=True)
        if note.ci_low is None or note.end < match.end("ci_high"):
            note.ci_low, note.ci_high = low, high
            note.end = max(note.end, match.end())
        factor = _factor_before(text, s_start, num_start) or _subject_before(
            text, s_start, num_start
        )
        local = text[max(s_start, num_start - 80) : num_start]
        adjusted = _adjusted(vocab, mention.text, local, text[s_start:s_end])
        found.append(
            _row(text, mention.concept, value, note, adjusted, factor, num_start, note.end,
                 "effect.bracketed_estimate.v1")
        )  # fmt: skip
        taken.append((num_start, note.end))
    return found


def _row(text, measure, value, note, adjusted, factor, start, end, rule) -> dict:
    return {
        "measure": measure,
        "value": value,
        "ci_low": note.ci_low,
        "ci_high": note.ci_high,
        "p_value": note.p_value,
        "p_value_text": note.p_text,
        "adjusted": adjusted,
        "factor": factor,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "rule_id": rule,
    }
