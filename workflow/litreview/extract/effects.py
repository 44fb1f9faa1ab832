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

from litreview.extract.annotations import read_annotations
from litreview.extract.numbers import NUM, parse_number
from litreview.extract.vocab import Vocabulary

_ABBREV_GAP = re.compile(
    rf"(?:\s*[\[(](?:[a-zA-Z]{{1,4}})[\])])?(?:\s*(?:was|were|of|is|=|:|,|-|–|≈|\s))*\s*"
    rf"(?P<num>{NUM})(?![\d.·]*\s*(?:%|months?|years?|weeks?|days?|patients)\b|[\d,·]*%)",
)
_TERM_GAP = re.compile(
    rf"(?:\s*[\[(](?:[a-zA-Z]{{1,4}})[\])])?(?P<gap>[^.;\d()\[\]%]{{0,120}}?)"
    rf"(?:\b(?:was|were|of|is|=|:|,|at)|[=:,])\s*(?P<num>{NUM})(?![\d.·]*\s*(?:%|months?|years?)\b|[\d,·]*%)",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    rf"\s*(?:,|;)?\s*(?:and|or|vs\.?|versus|while|whereas|but)?\s*(?:(?:it\s+)?was\s+)?"
    rf"(?P<lead>[^.;\d()\[\]]{{0,60}}?)\s*(?P<num>{NUM})(?=\s*[(\[])",
    re.IGNORECASE,
)
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
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        mentions = vocab.effects.find(sentence)
        # "hazard ratio (HR)", "odds ratio [OR]": the bracketed abbreviation restates the name.
        mentions = [
            m
            for i, m in enumerate(mentions)
            if not (i and re.fullmatch(r"\s*[(\[]", sentence[mentions[i - 1].end : m.start]))
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
            if not match:
                match = _TERM_GAP.match(text, m_end, limit)
                # an abbreviation stands off its number only by a "for ..." phrase ("HR for OS
                # was 0.93"); other words between are too often a different number's context
                if (
                    match
                    and is_abbrev
                    and not re.match(
                        r"\s*(?:for|of|in|among|with)\b[^,;]{0,60}$", match.group("gap")
                    )
                ):
                    match = None
            if not match:
                # "hazard ratio (HR) 1.0": the abbreviation in brackets is itself a mention
                continue
            num_end = match.end("num")
            note = read_annotations(text, num_end, s_end, allow_bare_ci=True)
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
            elif not is_abbrev and match.groupdict().get("gap"):
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
            rows.append(
                _row(text, mention.concept, parse_number(match.group("num")), note, adjusted,
                     factor, start, end, "effect.measure_value.v1")
            )  # fmt: skip
            taken_until = end
            # Further estimates of the same measure, each with its own CI.
            cursor = end
            base_factor = factor
            while True:
                cont = _CONTINUATION.match(text, cursor, limit)
                if not cont:
                    break
                c_note = read_annotations(text, cont.end("num"), s_end, allow_bare_ci=True)
                if c_note.ci_low is None:
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
    return rows


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
