"""Outcome frames: the outcome names of a sentence, grouped into frames whose slots follow the
order the names are written in ("median HPFS and OS", "local, hepatic, and overall PFS", "the
5-year rates", "these percentages"), each marked when it reports nothing the review records (a
difference, a threshold, a median not reached, an endpoint the vocabulary does not record).
Also whether named events ("neutropenia") count in a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

from litreview.extract.numbers import NUM
from litreview.extract.outcome_types import Frame, Slot
from litreview.extract.timepoints import (
    TP_AFTER,
    TP_NUM,
    TP_PREFIX,
    listed_timepoints,
    prefix_slots,
    timepoint_label,
)
from litreview.extract.value_grammar import UNIT
from litreview.extract.vocab import Mention, Vocabulary, _norm

# "median survival time and 5-year survival rate": a head noun may close the first name
_JOIN_MENTIONS = re.compile(
    r"^\s*(?:(?:times?|periods?|rates?|durations?)\s*)?(?:[(\[][A-Za-z0-9-]{1,10}[)\]]\s*)?"
    # "overall survival (OS) and, intracranial progression-free survival": a stray comma
    r"(?:,|and|or|&|/|,\s*and|,\s*or|and\s*,)\s*"
    r"(?:the\s+)?"
    # "complications and in-hospital mortality": where and when, said before the next name
    r"(?:(?:in-hospital|hospital|operative|perioperative|peri-operative|postoperative|"
    r"post-operative|early|late|overall|total|severe|serious|major|minor|"
    # "OS and intracranial PFS": where in the body
    r"intracranial|extracranial|intrahepatic|extrahepatic|locoregional|distant)\s+)*$",
    re.IGNORECASE,
)


# A survival named by a kind the vocabulary does not know ("distant metastasis-free survival").
_UNKNOWN_SURVIVAL_KIND = re.compile(r"(?:-|\b)(?:free|specific|related)\s*$", re.IGNORECASE)


_RATES_AGAIN = re.compile(
    rf"\b(?:the\s+)?{NUM}\s*[-‐‑]?\s*{UNIT}\s+(?P<word>rates?|estimates?)\b", re.IGNORECASE
)


# An outcome followed by these words reports a difference, not a level ("survival benefit of 3
# months", "survival increase").
_DIFFERENCE_AFTER = re.compile(
    # "Median OS increased from 12.5 months to 18.5 months": a change's two levels are values
    r"\s*(?:rates?\s+)?(?!(?:increased|improved|prolonged|decreased)\s+from\s)"
    r"(?:increase|increased|benefit|advantage|gain|"
    # "no OS difference between SU and PZ (22.3 versus 22.6 months)": the groups' own levels
    # in a pair after "between" are no difference
    rf"differences?(?!\s+between\b[^.;()\[\]]{{0,80}}[(\[]\s*{NUM}[^()\[\]]*?\b(?:vs\.?|versus)\s)|"
    r"improvement|improved|prolongation|prolonged|reduction|decrease|extension|"
    # "these AEs resolved or improved in 85%": how many events went away, not how many occurred
    r"resolved|(?:were|was|had)\s+resolved|resolution|"
    # "Adverse events led to discontinuation in 12%": why treatment stopped
    r"(?:led|leading)\s+to\s+(?:treatment\s+|dose\s+)?(?:discontinuation|interruption|"
    r"withdrawal)|was\s+"
    r"(?:prolonged|improved|extended|increased|reduced|longer|shorter)\s+by)\b",
    re.IGNORECASE,
)


# "selected if they had a minimal progression-free survival of 18 months": a threshold that
# decides who is studied, not a result
_THRESHOLD_BEFORE = re.compile(
    # ("best target ORs", "target lesion response": RECIST's measured lesions, not a goal)
    r"\b(?:minimal|minimum|maximal|maximum|required|expected|(?<!best\s)target(?!\s+lesions?\b)|"
    r"anticipated|hypothesi[sz]ed)\s+(?:[\w-]+\s+){0,3}[(\[]?\s*$"
    # "Indications for HAE were: symptom control in 21%": why patients were treated
    r"|\b(?:indications?|reasons?)\s+(?:for\s+[^.;:()]{1,40}?\s+)?(?:were|was|included?|:)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


# "Treatment was discontinued for progressive disease in 20 (23.3%) patients and for adverse
# events in 5 (5.8%)": why treatment stopped, not how often the event occurred
_REASON_FOR_STOPPING = re.compile(
    r"\b(?:discontinu\w*|stopp(?:ed|ing)|interrupt\w*|withdr[ae]wn?|withdrawal|held|"
    r"dose\s+(?:reductions?|delays?|modifications?)|terminat\w*)\b\s*(?:(?:of\s+)?[\w-]+\s+){0,3}?"
    r"(?:(?:[^.;]|\.\d){0,70}?\s+and\s+)?,?\s*(?:for|due\s+to|because\s+of|owing\s+to)\s+(?:the\s+|an?\s+)?"
    # "had a dose delay, due to hematological (N=21, 46.7% vs ...) and non-hematological AEs (":
    # the reasons chained, each qualifying the events named last
    r"(?:[\w-]+(?:\s*[(\[][^()\[\]]{0,60}[)\]])?\s+(?:and|or)\s+(?:[\w-]+\s+)?)?$",
    re.IGNORECASE,
)


# "long-term survivors did not reach median OS after 7 years": the time is how long they were
# followed, and the median is unknown
_NOT_REACHED_BEFORE = re.compile(
    r"\b(?:not|never)\s+(?:yet\s+)?(?:reach(?:ed)?|attain(?:ed)?|achieve[ds]?)\s+(?:the\s+|a\s+|their\s+)?$",
    re.IGNORECASE,
)


_OWN_ABBREVIATION = r"(?:\s*[(\[][A-Za-z][\w-]{0,7}[)\]])"


_OWN_POINT = rf"{TP_NUM}\s*[-‐‑]\s*(?:years?|months?)"
_OWN_POINT_BEFORE = re.compile(
    rf"(?P<n>{TP_NUM})\s*[-‐‑]\s*(?P<u>years?|months?)\s+$", re.IGNORECASE
)


# "At 5 and 10 years, the ...", "After 1, 3 and 5 years of follow-up, ...": a list of time
# points leading the sentence (one alone is read later, for every rate of the sentence)
_LEAD_POINTS = re.compile(
    r"\s*(?:[A-Z][A-Za-z. ]{2,30}:\s*)?(?:At|After|By)\s+"
    rf"(?P<prefix>{TP_NUM}(?:\s*,\s*(?:and\s+)?{TP_NUM})*,?\s+(?:and|or)\s+{TP_NUM}[\s-]*{UNIT})"
    r"(?:\s+of\s+follow-up)?\s*,\s*(?:the\s+)?(?:(?:overall|cumulative|actuarial|estimated)\s+)*",
    re.IGNORECASE,
)

_FRONTED_PEOPLE = re.compile(
    r"\s*(?:[A-Z][A-Za-z. ]{2,30}:\s*)?(?:In|Among|For|Of)\s+(?:the\s+|all\s+)?(?:patients|those|"
    r"cases|subjects|participants|women|men)\s+(?:who|with|having|that)\b[^,;]*$",
    re.IGNORECASE,
)

_HEAD_NOUN_TAIL = re.compile(r"\s+(?:rates?|times?|estimates?)", re.IGNORECASE)


def _own_points(sentence: str, offset: int, heads: list[Mention]) -> list[str] | None:
    """ "the 5-year recurrence-free and 10-year disease-specific survival rates": the time
    point written before each coordinated name, or None unless every name has its own."""
    points = []
    for head in heads:
        point = _OWN_POINT_BEFORE.search(sentence, max(0, head.start - offset - 20),
                                         head.start - offset)  # fmt: skip
        if not point:
            return None
        points.append(timepoint_label(point.group("n"), point.group("u")))
    return points if len(set(points)) > 1 else None


def _modifier_words(vocab: Vocabulary, head: str) -> str:
    """The modifiers of ``head`` as one alternation, longest first (built once per vocabulary)."""
    cache = vocab.__dict__.setdefault("_modifier_words", {})
    if head not in cache:
        cache[head] = "|".join(
            sorted((re.escape(m) for m in vocab.raw["coordination"][head]), key=len, reverse=True)
        )
    return cache[head]


def _expand_coordination(sentence: str, offset: int, mention: Mention, vocab: Vocabulary):
    """Mentions for "local, hepatic, and overall PFS": one per modifier before the head."""
    for head, modifiers in vocab.coordination.items():
        # "the median overall and recurrence-free survivals": the head may be plural, or
        # followed by what it counts ("recurrence-free and overall survival rates")
        if not re.search(
            rf"\b{re.escape(head)}(?:s|\s+(?:rates?|times?|probabilit(?:y|ies)))?$",
            mention.text,
            re.IGNORECASE,
        ):
            continue
        words = _modifier_words(vocab, head)
        before = sentence[: mention.start - offset]
        # "Wound, pulmonary, and cardiac complications": the last modifier stands on the bare
        # head noun, and is its mention's (the chain is the modifiers before it)
        last = (
            re.search(rf"(?<![\w-])(?:{words})\s+$", before, re.IGNORECASE)
            if re.fullmatch(rf"{re.escape(head)}s?", mention.text, re.IGNORECASE)
            else None
        )
        if last:
            before = before[: last.start()]
        # "recurrence-free (RFS) and overall survival": a modifier may carry its abbreviation
        # "the 5-year recurrence-free and 10-year disease-specific survival": a time point may
        # stand before each modifier
        chain = re.search(
            rf"(?:(?:{_OWN_POINT}\s+)?(?<![\w-])(?:{words}){_OWN_ABBREVIATION}?"
            # "Progression-free and median overall survival were 30.0 and 67.0 months": the
            # statistic may stand before the last modifier
            rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))+(?:{_OWN_POINT}\s+)?"
            r"(?:(?:median|mean)\s+)?$",
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


def _modifier_before_points(
    before: str, mention: Mention, vocab: Vocabulary, abbreviated: bool = False
):
    """(concept, length) of a coordination modifier written just before the time points that
    precede a bare head noun ("disease-free 1-, 3- and 5-year survival"), or None; with
    ``abbreviated``, of a modifier and its own abbreviation just before the head
    ("disease-specific (DSS) survival")."""
    for head, modifiers in vocab.coordination.items():
        if not re.fullmatch(
            rf"{re.escape(head)}(?:s|\s+(?:rates?|probabilit(?:y|ies)))?", mention.text, re.I
        ):
            continue
        words = _modifier_words(vocab, head)
        found = re.search(
            rf"(?<![\w-])(?P<word>{words})"
            + (rf"{_OWN_ABBREVIATION}\s*$" if abbreviated else r"\s+$"),
            before,
            re.IGNORECASE,
        )
        if found:
            concept = modifiers.get(_norm(found.group("word").strip()))
            if concept:
                return concept, len(found.group(0))
    return None


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
        # "partial response or better": a level and those above it, no composite
        if not covered and not re.fullmatch(
            r"\d+|the|a|an|any|both|better|higher|greater|more|above", join.group("word"), re.I
        ):
            return True
    return False


_KIND_WORD = (
    r"(?:overall|(?:local\s+)?(?:disease|recurrence|relapse|progression|event)[- ]free|"
    r"(?:cancer|disease|cause)[- ]specific)"
)
# "The survival rates of disease free and overall were 80% and 90%": the head noun first, then
# the kinds it is written for
_KINDS_AFTER_HEAD = re.compile(
    rf"\s+(?:rates?\s+)?of\s+(?:the\s+)?(?P<kinds>{_KIND_WORD}(?:\s*,\s*{_KIND_WORD})*"
    rf"(?:\s*,)?\s+(?:and|or)\s+{_KIND_WORD})(?!\s*(?:survival|[\w-]*free))",
    re.IGNORECASE,
)


def _kinds_after_head(sentence: str, offset: int, mentions: list[Mention], vocab):
    kinds = vocab.coordination.get("survival") or {}
    out = []
    for m in mentions:
        after = (
            _KINDS_AFTER_HEAD.match(sentence, m.end - offset)
            if m.concept == "os" and re.search(r"survival(?:\s+rates?)?$", m.text, re.I)
            else None
        )
        if not after:
            out.append(m)
            continue
        at = after.start("kinds")
        for kind in re.finditer(_KIND_WORD, after.group("kinds"), re.IGNORECASE):
            concept = kinds.get(_norm(kind.group(0)))
            a, b = at + kind.start() + offset, at + kind.end() + offset
            out.append(Mention(a, b, concept or "", kind.group(0)))
    return out


def _elided_heads(sentence: str, offset: int, mentions: list[Mention], vocab) -> list[Mention]:
    """ "relapse-free (31% vs 32%) or overall survival (23% vs 22%)": a modifier whose head
    noun is written only once, later in the sentence, still names its own outcome."""
    found = []
    for head, modifiers in vocab.coordination.items():
        heads = [m for m in mentions if m.text.lower().endswith(head.lower())]
        if not heads:
            continue
        words = _modifier_words(vocab, head)
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


# "Efficacy and disease control rates were 21% and 71%": a word the vocabulary does not know,
# joined to a name whose plural head it shares, names an outcome of its own; its slot takes
# the first value, which is not the named outcome's
_SHARED_PLURAL_HEAD = re.compile(r"\b(?:rates|survivals|times|intervals)$", re.IGNORECASE)
_UNKNOWN_BEFORE_AND = re.compile(r"(?<![\w-])(?P<word>[A-Za-z][\w-]{2,})\s+(?:and|or)\s+$")
_NOT_A_NAME = re.compile(
    r"(?:the|both|all|their|its|median|mean|overall|respective|corresponding|cumulative|"
    r"actuarial|estimated|observed|crude|adjusted|\w+-year|\w+-month|years?|months?)",
    re.IGNORECASE,
)


def _unknown_coordinated(sentence: str, offset: int, mentions: list[Mention], vocab):
    found = []
    modifiers = vocab.__dict__.get("_coordination_modifiers")
    if modifiers is None:  # built once per vocabulary, not per sentence
        modifiers = {_norm(w) for mods in vocab.raw.get("coordination", {}).values() for w in mods}
        vocab.__dict__["_coordination_modifiers"] = modifiers
    for mention in mentions:
        if not mention.concept or not _SHARED_PLURAL_HEAD.search(mention.text):
            continue
        before = _UNKNOWN_BEFORE_AND.search(sentence, 0, mention.start - offset)
        if not before:
            continue
        a, b = before.start("word") + offset, before.end("word") + offset
        word = before.group("word")
        if (
            _NOT_A_NAME.fullmatch(word)
            or _norm(word) in modifiers
            or any(m.start < b and a < m.end for m in mentions)
        ):
            continue
        found.append(Mention(a, b, "", word))
    return found


# "a greater percentage of patients treated with A died than those treated with B (76.1% vs.
# 66.7%)": a share of people whose verb reports the outcome names it, and the values follow
_SHARE_OF_PEOPLE = re.compile(
    r"\b(?:percentages?|proportions?|shares?|fractions?)\s+of\s+(?:the\s+|all\s+)?"
    r"(?:patients|participants|subjects|people|cases)\b[^.;:()\[\]]{0,80}$",
    re.IGNORECASE,
)


_TIME_AFTER_VERB = re.compile(
    rf"\s*(?:for\s+|beyond\s+|past\s+)?(?:more\s+than\s+|at\s+least\s+|over\s+)?{NUM}"
    rf"\s*[-‐]?\s*{UNIT}\b",
    re.IGNORECASE,
)


def _share_verbs(sentence: str, offset: int, mentions: list[Mention], vocab) -> list[Mention]:
    found = []
    for verb in vocab.verbs.find(sentence):
        a, b = verb.start + offset, verb.end + offset
        if any(m.start < b and a < m.end for m in mentions):
            continue
        if not _SHARE_OF_PEOPLE.search(sentence, 0, verb.start):
            continue
        # "who survived 5 years was 40%": the time belongs to the name, as a time point
        time = _TIME_AFTER_VERB.match(sentence, verb.end)
        if time:
            b = time.end() + offset
        found.append(Mention(a, b, verb.concept, sentence[a - offset : b - offset]))
    return found


# "these percentages were ...": the outcome of the sentence before, reported again
_ANAPHOR = re.compile(
    r"\b(?:these|those|the\s+corresponding|corresponding|the\s+respective)\s+"
    r"(?:percentages?|rates?|figures?|values|proportions?|estimates?|numbers)\b"
    # "The median overall survival was 15 months. It reached 25 months for selected patients":
    # the pronoun opening the next sentence (or clause) is the one outcome named before
    r"|(?:^\s*|[,;]\s*(?:and|while|whereas|but)\s+)it(?=\s+(?:was|reached|rose\s+to|increased\s+to|"
    r"improved\s+to|fell\s+to|decreased\s+to|dropped\s+to|amounted\s+to)\s+(?:only\s+)?\d)",
    re.IGNORECASE,
)


# "no postoperative mortality", but not "no difference in case fatality" (what is denied there
# is the difference), nor "versus no VT had OSs of" (a group without X, then its verb)
_NEGATED = re.compile(
    r"\b(?:there\s+(?:was|were)\s+no|no|nil|zero)\s+"
    r"(?:(?!(?:in|of|on|for|between|with|to|at|had|has|have|was|were|showed|achieved|"
    r"differences?|significant|significantly|"
    r"statistically|changes?|effects?|impact|increased?|reductions?|associations?|benefits?)\b)"
    r"[a-z][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)


_DIFFERENCE_NAMED = re.compile(r"\s+(?:rates?\s+)?differences?\b", re.IGNORECASE)


_TOPIC_BEFORE = re.compile(
    r"\b(?:regarding|concerning|as\s+(?:for|to|regards)|in\s+terms\s+of|with\s+(?:regard|"
    r"respect)\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_ASIDE_WORD = re.compile(r"\b(?:exclud|includ|except|censor|apart|not\s+counting)", re.IGNORECASE)
_ASIDE_BEFORE = re.compile(
    r",\s*(?:excluding|including|except(?:\s+for)?|censoring|censored\s+for|apart\s+from|"
    r"not\s+counting)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_ASIDE_AFTER = re.compile(r"(?:\s+(?:rates?|events?|deaths?))?\s*,")
_TOPIC_AFTER = re.compile(r"(?:\s+(?:profiles?|outcomes?|data|analys[ie]s|endpoints?))?\s*,")


# "The incidence of post-embolization syndrome was 45.6%", "cholecystitis occurred in 3%": the
# words say the event followed treatment, so it is a result without its outcome in view
_INCIDENCE_BEFORE = re.compile(
    # "The risk of RILD was lower in the proton group (11.8% vs. 36%)"
    # "There were fewer cases of fever in the MWA group (16.2% vs 73.0%"
    r"\b(?:incidences?|occurrence|rates?|frequency|development|risks?|"
    r"(?:fewer|more|no|[0-9]+)\s+(?:cases|episodes))\s+of\s+(?:the\s+)?"
    # "the risk of treatment-emergent AF", "the rate of new-onset hypothyroidism"
    r"(?:(?:[a-z]+-)?(?:emergent|related|induced|associated|onset|severe|new|symptomatic|"
    r"clinical|postoperative)\s+)?$",
    re.I,
)
_OCCURRED_AFTER = re.compile(
    r"\s+(?:(?:was|were)\s+(?:observed|seen|noted|reported|recorded)|occurred|developed|"
    r"was\s+the\s+most\s+common)\b",
    re.IGNORECASE,
)


# "15 months for patients with local recurrence, 17 months for those with ...": people named
# by what happened to them are a group, not the endpoint's values
_GROUP_BY_CONDITION = re.compile(
    r"\b(?:patients|those|cases|subjects|participants|people|individuals|ones)\s+"
    r"(?:with|without|who\s+(?:had|developed|experienced|showed|presented\s+with))\s+"
    r"(?:(?:an?|the|isolated|only|first)\s+)?$",
    re.IGNORECASE,
)


_AMONG_PEOPLE_WITH = re.compile(
    r"\b(?:among|in|for)\s+(?:the\s+|those\s+)?(?:patients|cases|subjects|participants|people)\s+"
    r"(?:with|who\s+(?:had|developed|experienced|suffered|sustained))\s+"
    r"(?:(?:an?|the|postoperative)\s+)?$",
    re.IGNORECASE,
)


def _needs_its_outcome(sentence: str, mention: Mention, vocab, event_cue: bool) -> bool:
    """A named event with no outcome word (or event reported as occurring) in view."""
    return not event_cue and bool(vocab.event_name(mention.text))


# "36 patients (58%) had liver decompensation after TACE": an event written as following a
# treatment is its result
_AFTER_TREATMENT = re.compile(
    r"\s+(?:after|following)\s+(?:the\s+)?(?:(?:first|initial|index)\s+)?"
    r"(?P<what>[\w-]+(?:\s+[\w-]+)?)",
    re.IGNORECASE,
)
_TREATMENT_WORD = re.compile(
    r"(?:treatments?|therapy|procedures?|surgery|operation|interventions?|sessions?)\b", re.I
)


def follows_treatment(sentence: str, end: int, vocab: Vocabulary) -> bool:
    """The words from ``end`` say what came before was after a treatment ("after TACE",
    "following the procedure")."""
    after = _AFTER_TREATMENT.match(sentence, end)
    return bool(after) and bool(
        _TREATMENT_WORD.match(after.group("what"))
        or any(m.start == 0 for m in vocab.modalities.find(after.group("what")))
    )


# "Of the 284 patients, 64 (22.5%) had pneumonia, 55 (19.4%) had anastomotic leakage": people
# counted, with their share, as having had the event
_COUNTED_AS_HAVING = re.compile(
    rf"(?<![\w.]){NUM}\s*(?:patients\s*)?[(\[]\s*{NUM}\s*%\s*[)\]]\s*(?:patients\s+)?"
    r"(?:had|developed|experienced|suffered(?:\s+from)?)\s+(?:(?:an?|postoperative)\s+)?$",
    re.IGNORECASE,
)


def _reported_as_occurring(sentence: str, mention: Mention, vocab: Vocabulary) -> bool:
    return bool(
        _INCIDENCE_BEFORE.search(sentence, max(0, mention.start - 30), mention.start)
        or _COUNTED_AS_HAVING.search(sentence, max(0, mention.start - 45), mention.start)
        or _OCCURRED_AFTER.match(sentence, mention.end)
        or follows_treatment(sentence, mention.end, vocab)
    ) and not _BASELINE.search(sentence)


def _is_topic(sentence: str, mention: Mention) -> bool:
    start, end = mention.start, mention.end
    return bool(
        _TOPIC_BEFORE.search(sentence, max(0, start - 40), start)
        and _TOPIC_AFTER.match(sentence, end)
    )


_UNKNOWN_KIND_WORDS = re.compile(r"(?:[\w/]+[-\s])*?[\w/]+[-\s](?:free|specific|related)\s*$", re.I)


def _unknown_survival(sentence: str, offset: int, m: Mention) -> Mention:
    """An unknown kind of survival ("laryngectomy-free survival") as a name of no family that
    starts at its modifier, so a list joining it to recorded names ("The 3-year DFS,
    laryngectomy-free survival and OS were") keeps its order."""
    if m.concept != "os":
        return m
    window = sentence[max(0, m.start - offset - 40) : m.start - offset]
    if not _UNKNOWN_SURVIVAL_KIND.search(window):
        return m
    words = _UNKNOWN_KIND_WORDS.search(window[-25:])
    start = m.start - (len(window[-25:]) - words.start()) if words else m.start
    lead = sentence[start - offset : m.start - offset]
    if words and not re.search(r"[,;()\[\]]|\b(?:and|or)\b", lead):
        return Mention(start, m.end, "", sentence[start - offset : m.end - offset])
    return Mention(m.start, m.end, "", m.text)


_LETTERS_ITEM = re.compile(
    r"\s*,\s*(?P<abbr>[A-Z][A-Za-z]{0,2}[A-Z]{1,3})(?=\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
)
_NOT_NAMES = {"HR", "OR", "RR", "CI", "NR", "NA", "SD", "IQR", "vs", "AEs", "AE"}


def _unknown_letters_in_lists(
    sentence: str, offset: int, mentions: list[Mention], vocab: Vocabulary
) -> list[Mention]:
    """ "The 3-year DFS, LFS, and OS were 70%, 75%, and 80%": letters the vocabulary does not
    know, listed between two names of outcomes, are a name of no family in that list, so the
    values keep the names' order."""
    added = []
    for here, nxt in zip(mentions, mentions[1:], strict=False):
        items, at = [], here.end - offset
        while (item := _LETTERS_ITEM.match(sentence, at)) and item.end() <= nxt.start - offset:
            items.append(item)
            at = item.end()
        if not items or any(
            i.group("abbr") in _NOT_NAMES or vocab.outcomes.find(i.group("abbr")) for i in items
        ):
            continue
        gap = sentence[at : nxt.start - offset]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)(?:the\s+)?", gap):
            continue
        for i in items:
            added.append(Mention(i.start("abbr") + offset, i.end("abbr") + offset, "", i["abbr"]))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def find_frames(
    sentence: str,
    offset: int,
    vocab: Vocabulary,
    event_cue: bool | Callable[[], bool] = True,
    before: list[Slot] | None = None,
    outcomes_before: int = 1,
) -> list[Frame]:
    """The outcome frames of one sentence; ``before`` are the slots of the previous sentence's
    last frame, which "these rates" refers back to; ``outcomes_before`` counts the outcomes the
    previous sentence gave values (a pronoun, "It reached ...", refers back only to one)."""
    mentions = vocab.outcomes.find(sentence)
    # "complete response (CR)": an abbreviation restating the name before it is no new name
    mentions = [m for i, m in enumerate(mentions) if not restates(sentence, mentions, i)]
    # "Regarding survival, PFS [...] and OS [...]": a topic, not a name of its own values
    mentions = [m for m in mentions if not _is_topic(sentence, m)]
    # "Five-year overall survival ..., excluding in-hospital mortality, did not differ; 43.7%":
    # an outcome named in an aside after another's name qualifies it, and owns no value
    mentions = [
        m
        for i, m in enumerate(mentions)
        if not (
            i
            and _ASIDE_WORD.search(sentence)
            and _ASIDE_BEFORE.search(sentence, max(0, m.start - 30), m.start)
            and _ASIDE_AFTER.match(sentence, m.end)
        )
    ]
    # "30-day mortality ... was higher among patients who had an anastomotic leak (8.4% vs
    # 1.4%)": after another outcome's name, people named by an event are a group, not a name
    mentions = [
        m
        for i, m in enumerate(mentions)
        if not (
            any(o.concept and o.concept != m.concept for o in mentions[:i])
            and _AMONG_PEOPLE_WITH.search(sentence, max(0, m.start - 60), m.start)
        )
    ]
    # "There was no postoperative mortality and 26% morbidity; 10.1% ...": a negated name says
    # none occurred; it takes no value, and no value of the names joined to it
    # ("no OS difference between A and B (..)" denies the difference, not the outcome)
    negated = {
        m.start + offset
        for m in mentions
        if _NEGATED.search(sentence, 0, m.start) and not _DIFFERENCE_NAMED.match(sentence, m.end)
    }
    # A named event ("neutropenia") is that outcome's only where the outcome itself is in view;
    # otherwise its frame reports nothing (a baseline "hypertension (45%)").
    # "Fever was observed in 30% of procedures and nausea in 12%": the events listed with one
    # reported as occurring share its verb
    # (``event_cue`` may be a callable, asked only where the sentence names an event)
    named_events = [m for m in mentions if vocab.event_name(m.text)]
    if not named_events:
        event_cue = True
    elif callable(event_cue):
        event_cue = event_cue()
    event_cue = event_cue or any(_reported_as_occurring(sentence, m, vocab) for m in named_events)
    mentions = [
        Mention(
            m.start + offset,
            m.end + offset,
            "" if _needs_its_outcome(sentence, m, vocab, event_cue) else m.concept,
            m.text,
        )
        for m in mentions
    ]
    # An unknown kind of survival still opens a frame, so its values are not given to the
    # outcome named before it; the frame reports nothing.
    mentions = [_unknown_survival(sentence, offset, m) for m in mentions]
    mentions = _unknown_letters_in_lists(sentence, offset, mentions, vocab)
    # "hospitalization or cardiovascular death": a composite of an outcome and an event the
    # vocabulary does not know is not that outcome; its frame reports nothing.
    mentions = [
        Mention(m.start, m.end, "", m.text) if _is_composite(sentence, offset, m, mentions) else m
        for m in mentions
    ]
    taken = [(m.start - offset, m.end - offset) for m in mentions]
    for other in vocab.other_endpoints.find(sentence):
        # "stable disease", "local control": a slot of its own that reports nothing; "for
        # patients with local recurrence" names a group, which opens no frame
        if _GROUP_BY_CONDITION.search(sentence, max(0, other.start - 60), other.start):
            continue
        # "distant metastasis-free survival rates": the recorded "survival rates" may run on
        # past the longer name by its head noun
        inside = [
            m
            for m in mentions
            if other.start <= m.start - offset
            and (
                m.end - offset <= other.end
                or _HEAD_NOUN_TAIL.fullmatch(sentence, other.end, m.end - offset)
            )
        ]
        if inside and len(inside) == sum(a < other.end and other.start < b for a, b in taken):
            # "distant metastasis-free survival": the longer name wins over the "survival" in it
            mentions = [m for m in mentions if m not in inside]
            taken = [(m.start - offset, m.end - offset) for m in mentions]
        if not any(a < other.end and other.start < b for a, b in taken):
            mentions.append(Mention(other.start + offset, other.end + offset, "", other.text))
            taken.append((other.start, other.end))
    for unknown in _UNKNOWN_TIME_TO.finditer(sentence):
        # "mean time to relapse" (not in the vocabulary) still closes the frame before it
        if not any(a < unknown.end() and unknown.start() < b for a, b in taken):
            mentions.append(
                Mention(unknown.start() + offset, unknown.end() + offset, "", unknown.group(0))
            )
    mentions = _kinds_after_head(sentence, offset, mentions, vocab)
    mentions.extend(_elided_heads(sentence, offset, mentions, vocab))
    mentions.extend(_unknown_coordinated(sentence, offset, mentions, vocab))
    mentions.extend(_share_verbs(sentence, offset, mentions, vocab))
    for again in _RATES_AGAIN.finditer(sentence):
        # "..., and the 5-year rates were 81.4 and 48.3%": the outcome named earlier, again.
        earlier = [m for m in mentions if m.end <= again.start() + offset]
        carried = {sl.concept for sl in before or []}
        if not earlier and len(carried) == 1 and before[0].concept and before[0].mention:
            # "The 1-year OS was 80%. The 3-year rate was 55%": the one outcome of the
            # sentence before, at another time point
            earlier = [before[0].mention]
        if earlier:
            m = earlier[-1]
            mentions.append(Mention(again.start("word") + offset, again.end() + offset, m.concept,
                                    again.group("word")))  # fmt: skip
    anaphors = {}
    concepts = {(sl.concept, sl.stat, sl.timepoint) for sl in before or []}
    # "the 1- and 3-year OS rates were 98.5 and 83.9%. In the surgery group, these rates were
    # 98.5 and 89.4%": one outcome at several time points is carried over with all of them
    if len({c[0] for c in concepts}) == 1 and next(iter(concepts))[0]:
        for match in _ANAPHOR.finditer(sentence):
            a, b = match.start() + offset, match.end() + offset
            if outcomes_before != 1 and match.group(0)[-2:].lower() == "it":
                continue
            # "OS at 1 and 3 years was 58 and 26% in A, higher than the corresponding rates of
            # 49 and 14% in B": after a name of its own sentence, the anaphor refers to that
            if not any(m.start < b for m in mentions if m.concept):
                mention = Mention(a, b, before[0].concept, match.group(0))
                anaphors[a] = before
                mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    expanded = {id(m): _expand_coordination(sentence, offset, m, vocab) for m in mentions}
    # "recurrence-free (RFS) and overall survival rates": the bracketed abbreviation restates
    # the modifier before it, which the coordination reads as a name of its own
    chains = [(c[0].start, m.start) for m in mentions if (c := expanded[id(m)])]
    mentions = [
        m
        for m in mentions
        if not any(a < m.start < b and sentence[m.start - offset - 1] in "([" for a, b in chains)
    ]
    frames: list[Frame] = []
    for mention in mentions:
        coordinated = expanded[id(mention)]
        local = sentence[: (coordinated[0].start if coordinated else mention.start) - offset]
        prefix = TP_PREFIX.search(local[-80:])
        slots_spec = prefix_slots(prefix.group("prefix")) if prefix else []
        if not prefix and not frames and (lead := _LEAD_POINTS.fullmatch(local)):
            # "At 5 and 10 years, the OS, LC and DFS were ...": time points listed leading the
            # sentence are the first name's, as "5- and 10-year OS" would be
            slots_spec = prefix_slots(lead.group("prefix"))
        start = (coordinated[0].start if coordinated else mention.start) - (
            len(prefix.group(0)) if prefix else 0
        )
        if not prefix and not coordinated:
            # "Disease-specific(DSS) survival at 3 years was 83%": a modifier and its own
            # abbreviation before the bare head name the outcome
            kind = _modifier_before_points(sentence[: start - offset], mention, vocab, True)
            if kind:
                start -= kind[1]
                mention = Mention(mention.start, mention.end, kind[0], mention.text)
        if prefix and not coordinated:
            kind = _modifier_before_points(sentence[: start - offset], mention, vocab)
            if kind:
                # "The local progression-free 5- and 10-year survival rates were": the
                # modifier names the outcome across the time points
                start -= kind[1]
                mention = Mention(mention.start, mention.end, kind[0], mention.text)
        end = mention.end
        after = TP_AFTER.match(sentence, mention.end - offset)
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
        if (
            after
            and after.group("prep").lower() == "for"
            and not (after.group("rate") or re.search(r"\brates?$", mention.text, re.I))
        ):
            # "disease free survival rates for 6 months and 1 year periods": the times of
            # rates; "survival for 12 months" may be a value
            after = None
        points_after = bool(after and not slots_spec)
        if points_after:
            for point in listed_timepoints(after.group("list"), after.group("u")):
                slots_spec.append(("rate", point))
            end = offset + after.end()
        heads = coordinated + [mention]
        slots = []
        own = _own_points(sentence, offset, heads) if coordinated and not points_after else None
        for head, point in zip(heads, own or [None] * len(heads), strict=True):
            for stat, tp in [("rate", point)] if point else slots_spec or [("", "")]:
                slots.append(Slot(head.concept, stat, tp, head))
        if mention.start in anaphors:
            slots = [Slot(e.concept, e.stat, e.timepoint, mention) for e in anaphors[mention.start]]
        previous = frames[-1] if frames else None
        if mention.start in negated:
            slots = [Slot("", sl.stat, sl.timepoint, sl.mention) for sl in slots]
        if (
            previous
            and _JOIN_MENTIONS.match(sentence[previous.end - offset : start - offset])
            and mention.start not in negated
            # "In patients who had at least 1 morbidity, mortality was 10.1%": the people a
            # fronted clause names by an event are no list with the outcome after its comma
            and not (
                "," in sentence[previous.end - offset : start - offset]
                and _FRONTED_PEOPLE.match(sentence, 0, previous.end - offset)
            )
            and not any(sl.mention.start in negated for sl in previous.slots)
        ):
            # "HPFS and OS": one frame whose slots follow the order the names are written in;
            # a prefix written once ("median HPFS and OS") holds for every name.
            if not slots_spec and all(s.stat or s.timepoint for s in previous.slots):
                shared = {(s.stat, s.timepoint) for s in previous.slots}
                if len(shared) == 1:
                    stat, tp = shared.pop()
                    for slot in slots:
                        slot.stat, slot.timepoint = stat, tp
                elif len(slots) == 1 and all(s.timepoint for s in previous.slots):
                    # "The 1- and 2-year overall survival and progression-free survival rates
                    # were 57% and 36%, 30% and 17%": the time points written once before the
                    # first name hold for the next, name by name
                    first = previous.slots[0].mention
                    spec = [(s.stat, s.timepoint) for s in previous.slots if s.mention is first]
                    names = len({id(s.mention) for s in previous.slots})
                    if len(spec) > 1 and len(spec) * names == len(previous.slots):
                        head = slots[0]
                        slots = [Slot(head.concept, st, tp, head.mention) for st, tp in spec]
            elif points_after and not any(s.stat or s.timepoint for s in previous.slots):
                # "OS and DFS rates at 5 and 10 years were 33% and 19%, and 37% and 30%": time
                # points listed after the last name hold for every name, name by name
                previous.slots = [
                    Slot(sl.concept, stat, tp, sl.mention)
                    for sl in previous.slots
                    for stat, tp in slots_spec
                ]
            previous.slots.extend(slots)
            previous.end = end
            continue
        frames.append(Frame(max(start, offset), end, slots))
        frames[-1].difference = (
            bool(_DIFFERENCE_AFTER.match(sentence, end - offset))
            or bool(_THRESHOLD_BEFORE.search(sentence, 0, start - offset))
            or bool(_NOT_REACHED_BEFORE.search(sentence, 0, start - offset))
            or bool(
                _REASON_FOR_STOPPING.search(sentence, max(0, start - offset - 120), start - offset)
            )
        )
    for frame in frames:
        # a frame of names the review does not record reports nothing; one that joins such a
        # name to a recorded outcome ("LC and PFS") keeps its slots, so values go in order
        if not any(sl.concept for sl in frame.slots):
            frame.difference = True
    return frames


def restates(text: str, mentions: list[Mention], i: int) -> bool:
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


_GRADE = re.compile(
    r"\bgrades?\s*(?:[≥>⩾]=?\s*)?(?:[1-5]|I{1,3}V?|IV)\b"
    # "Severe (≥G3) hypertension", "G3-4 toxicity"
    r"|(?<![\w-])(?:[≥>⩾]=?\s*)?G[1-5](?:\s*[-–/]\s*[1-5])?\b",
    re.IGNORECASE,
)


_BASELINE = re.compile(
    r"\b(?:baseline|history\s+of|comorbidit(?:y|ies)|at\s+(?:presentation|referral|diagnosis|admission))\b",
    re.I,
)


def events_in_view(window: str, sentence: str, vocab: Vocabulary) -> bool:
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
