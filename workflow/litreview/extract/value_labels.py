"""What the words before a bracketed value say about it: the outcome's name, qualified or
judged ("survival from relapse (7% vs 9%)", "morbidity was similar (2% vs 4%)"); an arm ("TACE
group (41%)", "between DA (71%) and DClo (66%)"); an item of a list the outcome opens
("toxicities were fatigue (23%), increased ALT (15%)"); or something else counted, whose value
is dropped ("most commonly post-embolization syndrome (27.9%)")."""

from __future__ import annotations

import re

from litreview.extract.arm_names import ARM_TRIM, PAIR_JOIN
from litreview.extract.numbers import NUM
from litreview.extract.outcome_types import Frame, Value
from litreview.extract.vocab import Vocabulary

_SIZE_OPENS = re.compile(rf"\s*[(\[]\s*[nN]\s*=\s*{NUM}\s*;")


_QUALIFIER = re.compile(r"\s+(?:from|after|at|in|of|among|for|since)\s+[\w-]+(?:\s+[\w-]+)?$", re.I)
# "mortality during the index admission (0.5% vs. 1.9%)", "morbidity over the follow-up period
# (22% vs. 31%)": the time the outcome was counted over, not something else the bracket counts
_TIME_FRAME = re.compile(
    r"\s+(?:during|within|over|throughout)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:admission|hospitali[sz]ation|(?:hospital\s+)?stay|follow-up|period|course|"
    r"days?|weeks?|months?|years?)$",
    re.I,
)
# "increased in the TACE + lenvatinib treatment (93.3% vs. 86.7%)": the people given a treatment
# are a group, though the label's last word is not "group"
_TREATED_GROUP = re.compile(
    r"\b(?:in|with|after|among|receiving)\s+(?:the\s+)?[^,;()]{1,50}?\b"
    r"(?:treatment|therapy|regimen)s?$",
    re.I,
)


# "3-year DFS rate (58.5% vs. 55.2%)", "median OS time (14 vs 9 months)": the head noun after an
# abbreviated name is part of the name, not something else the bracket counts
_HEAD_NOUN = re.compile(
    # "overall survival (OS) rate (66.2% vs. 79.5%": the name's abbreviation may stand between
    r"\s*(?:[(\[][A-Za-z0-9-]{1,10}[)\]]\s*)?(?:rates?|times?|durations?|estimates?|probabilit(?:y|ies)|values?|intervals?)\s*",
    re.IGNORECASE,
)


# "similar both before (94.4% for A ...) and after PSM (94.5% for A ...)": the analyses the
# brackets' values come from, not something else they count
_BOTH_ANALYSES = r"\s+both\s+(?:before|after)(?:\s+[\w-]+)?"
_NEXT_ANALYSIS = re.compile(
    r"(?:and|but|while)\s+(?:before|after)(?:\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"|.*\bboth\s+(?:before|after)(?:\s+[\w-]+)?",
    re.IGNORECASE,
)


# "Morbidity and mortality were similar between the two groups (2% vs 4%; 1% vs 0%)": the name
# is the subject of a verb that judges the values, and the bracket gives them; a noun after the
# verb ("were mostly fatigue (23%)") would be what the bracket counts instead
_PREDICATE = re.compile(
    # "MWC-rate was found": the rate's noun joined to an abbreviation by a hyphen
    r"\s*(?:[-‐]?rates?\s+)?"
    # "the 3-year OS and recurrence rates of the RG and LG groups were also comparable (..."
    r"(?:(?:of|in|for)\s+(?:the\s+|both\s+)?(?:[\w-]+\s+(?:and|or|vs\.?|versus)\s+)?[\w-]+\s+"
    r"(?:groups?|arms?|cohorts?)\s+)?"
    r"(?:(?:was|were|is|are|remained|appeared)\s+(?:(?:not|also|statistically|"
    r"significantly|very|relatively|quite|overall|generally|similarly|(?:the\s+)?most)\s+)*"
    r"(?:similar|comparable|"
    r"low|lower|high|higher|acceptable|rare|uncommon|common|frequent|equivalent|identical|"
    r"different|observed|reported|seen|noted|recorded|found|detected|achieved|excellent|"
    r"favou?rable|good|poor|"
    r"encouraging|modest|limited|better|worse)"
    # "Complications differed (10.7% for A versus 23.3% for B)"
    r"|(?:(?:significantly|statistically|also|not)\s+)*(?:differed|"
    r"did\s+not\s+differ(?:\s+significantly)?))"
    # "between the two groups", not "higher with A (64%)", where the label names the group
    r"(?:\s+(?:between|in|among|for|across)\s+(?:the\s+|all\s+|both\s+)?(?:two\s+|three\s+|"
    r"2\s+|3\s+|these\s+(?:two\s+|2\s+)?"
    # "similar in the non-PVE and PVE groups (22% and 4% vs. 31% and 7%, respectively)": the
    # groups named, then their values; the arms are read from the sentence
    r"|[\w-]+(?:\s+[\w-]+)?\s+(?:and|or|vs\.?|versus)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+)?"
    r"(?:groups|arms|cohorts|treatments|procedures|techniques)"
    # "did not differ for PT or LR (24% vs. 31%; ...)", "were similar with A and B (...)": the
    # two groups named bare after the verb
    r"|\s+(?:between|in|among|for|with|after)\s+(?:the\s+)?"
    # "similar between patients treated with A and B (31.4% vs. 18.2%)"
    r"(?:(?:patients|those|participants)\s+(?:treated\s+with|receiving|who\s+(?:received|underwent)|"
    r"undergoing|given)\s+)?"
    r"[\w-]+(?:\s+[\w-]+)?\s+(?:and|or|vs\.?|"
    r"versus)\s+(?:(?:with|after|in|for)\s+)?(?:the\s+)?[\w-]+(?:\s+[\w-]+)?"
    r"(?:\s+(?:groups|arms|cohorts|patients))?)?"
    # "similar between the 2 treatments both before (94.4% for A and 90.1% for B)"
    rf"(?:{_BOTH_ANALYSES})?\s*",
    re.IGNORECASE,
)


_PREDICATE_CLOSES = re.compile(rf"(?<!\S)(?:{_PREDICATE.pattern})$", re.IGNORECASE)


# "between DA (71%) and DClo (66%)", "TEGAFIRI arm (16%) vs TEGAFOX (4%)": a name set against
# another by these words is an arm, so the bracketed percentage after it is that arm's value.
# "than those treated with B (76.1% vs. 66.7%)": the people named by their treatment
_PEOPLE_TREATED = (
    r"(?:(?:those|that|patients|the\s+patients|participants)\s+(?:treated\s+with|receiving|"
    r"who\s+(?:received|underwent|had)|undergoing|given|in|with|after|of|for)\s+)?"
)
_LINKED_LABEL = re.compile(
    r"\b(?:between|vs\.?|versus|than(?:\s+(?:did|does|do))?|compared\s+(?:with|to))\s+"
    rf"(?:(?:with|in|for|on)\s+)?{_PEOPLE_TREATED}(?:the\s+)?(?P<arm>[\w-]+(?:\s+[\w-]+){{0,3}})$"
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
    # "mortality: LAP (0.9%) and OPEN (1.3%)": the label of a later item holds its joining word
    joined = re.match(r"(?:and|or)\s+", value.label, re.IGNORECASE)
    if joined:
        label_start += joined.end()
    if _ENUMERATION.fullmatch(text, frame.end, label_start):
        return True
    # "Mortality was similar: group A (2.0%) and group B (3.5%)": the statement, then the list
    colon = text.find(":", frame.end, label_start)
    if (
        colon >= 0
        and _PREDICATE.fullmatch(text, frame.end, colon)
        and _ENUMERATION.fullmatch(text, colon, label_start)
    ):
        return True
    # the frame is itself an item: a named event, or a name the list opens with
    item = all(vocab.event_name(sl.mention.text) for sl in frame.slots) or bool(
        _LIST_OPENS.search(text, max(0, frame.start - 30), frame.start)
    )
    return item and bool(_ENUMERATION_GOES_ON.fullmatch(text, frame.end, label_start))


def _judged_after_qualifier(text: str, frame: Frame, value: Value) -> bool:
    """ "3a complications by Clavien-Dindo classification were significantly different between
    groups (10.7% for A versus 23.3% for B)": the label is the verb that judges the values, and
    the words between it and the outcome's name only qualify the name (no clause break)."""
    if value.label_end < frame.end:
        return False
    judged = _PREDICATE_CLOSES.search(text, frame.end, value.label_end)
    if not judged:
        return False
    between = text[frame.end : judged.start()]
    return len(between) <= 60 and not re.search(r"[;:()\[\]]|,\s|\b(?:and|but|while)\b", between)


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


# "disease-free and melanoma-specific survival were poor in patients with positive SLN (58.7%
# and 66.4%, respectively)", "was higher in those without pCR (78% vs. 95%)": the statement's
# people, described, are the group the bracket's (first) value is for
_PEOPLE_AFTER_PREDICATE = re.compile(
    r"\s*(?:rates?\s+)?(?:was|were|is|are|remained)\s+(?:[\w-]+\s+){1,3}(?:in|among|for)\s+"
    r"(?:the\s+)?(?:patients|those|cases|subjects|women|men|people|individuals)\s+"
    r"(?:with|without|who|whose|having|receiving|undergoing|treated)\b[^()\[\];,.]{1,50}",
    re.IGNORECASE,
)
# "were greater in B, but this was not statistically significant (65.7% vs. 64.3%)": a
# judgement of the comparison, which the bracket backs
# outcomes with no named events: the items of a list they open are groups
_ITEMS_ARE_GROUPS = frozenset({"mortality", "readmission"})


# "The overall complication rate was also lower in RG (9.7% vs 14.0%)", "liver failure appeared
# to occur more frequently after right hemihepatectomy (22% versus 11%": the outcome's predicate
# compares, and the group it names before a pair is the pair's first
_COMPARATIVE_NAMES = re.compile(
    r"\b(?:higher|lower|greater|smaller|shorter|longer|better|worse|more|less|fewer|increased|"
    # "The implant failure rate (4.7%) was lower without RT (2.4%) compared to ...": "without"
    r"reduced|decreased)(?:\s+(?:common|frequent|frequently|often))?\s+(?:in|with|without|after|"
    r"among|following)\s+(?:the\s+)?[\w+/-]+(?:\s+[\w+/-]+){0,2}$",
    re.IGNORECASE,
)
_COMPARED_IN_PEOPLE = re.compile(
    r"\b(?:higher|lower|greater|increased|reduced|worse|better|longer|shorter|more|less|fewer)"
    r"(?:\s+(?:common|frequent|often))?\s+(?:in|among|for)\s+(?:the\s+)?"
    r"(?P<arm>(?:[\w-]+\s+){0,2}?(?:patients|cases|subjects|participants|people|individuals|"
    r"women|men|those)\b[^()\[\];,.]{0,60}?)\s*$",
    re.IGNORECASE,
)
_SIGNIFICANCE = re.compile(
    r"\b(?:(?:not|statistically|clinically)\s+)?(?:significant(?:ly)?|significance)$",
    re.IGNORECASE,
)
_GRADE_ZERO = re.compile(r"\bgrade\s+0\s*(?:in|[:=(\[,])\s*$", re.IGNORECASE)


_CHAIN_LEAD = re.compile(
    r"^(?:(?:and|or|then|followed\s+by|compared\s+(?:with|to)|than|while|whereas)\s+)+",
    re.IGNORECASE,
)


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|vs\.?|versus)\s+|/)\s*", re.IGNORECASE)


def _bracket_per_slot(text: str, frame: Frame, i: int, vocab: Vocabulary) -> bool:
    """The value ``i`` opens a bracket that holds as many values as ``frame`` names outcomes
    (two or more), joined as a list, after a label that names no outcome."""
    v = frame.values[i]
    slots = len(frame.slots)
    if slots < 2 or i + slots > len(frame.values) or not v.label:
        return False
    if not re.fullmatch(r"\s*[(\[]\s*", text[v.label_end : v.num_start]):
        return False
    run = frame.values[i : i + slots]
    for a, b in zip(run, run[1:], strict=False):
        if b.label or not _LIST_JOIN.fullmatch(text, a.end, b.start):
            return False
    close = text.find(")" if text[v.label_end : v.num_start].strip()[:1] == "(" else "]", v.end)
    if close < 0 or close < run[-1].num_start:
        return False
    if i + slots < len(frame.values) and frame.values[i + slots].num_start < close:
        return False
    return not vocab.outcomes.find(v.label) and not vocab.event_name(v.label)


def labelled_values(text: str, frame: Frame, vocab: Vocabulary) -> list[Value]:
    """The values of ``frame`` that report its outcome, judged by the label written before a
    bracketed value: a label naming an arm sets the value's arm; a percentage labelled by a
    noun that is neither the outcome nor an arm counts something else ("most commonly
    post-embolization syndrome (27.9%)") and is dropped, unless it is an item of a list the
    outcome opens."""
    keep = []
    previous_armed = False  # the bracketed value before was an arm's
    # "patients' survival, an exclusion of 13 patients (26.5%)": people counted with their share
    # are how many had something, not a survival rate, unless the name gives the rate's time
    # point ("5-year survival was reached by 20 patients (45%)")
    survival_only = all(
        vocab.outcome_kind.get(sl.concept) == "time_to_event" and not sl.timepoint
        for sl in frame.slots
    )
    dropped = None  # the value before, dropped for its label
    for i, v in enumerate(frame.values):
        armed = previous_armed
        previous_armed = False
        if (
            dropped is not None
            and not v.label
            and text.find("(", dropped.end, v.start) < 0
            and PAIR_JOIN.fullmatch(text, dropped.end, v.start)
        ):
            # "prolonged intubation period (23.2% vs 19.3%)": the pair counts what its
            # label names, both values, not the outcome of the frame before
            dropped = v
            continue
        dropped = None
        v.per_slot = _bracket_per_slot(text, frame, i, vocab)
        if v.named_after:  # its label is its time point, which opens its bracket
            keep.append(v)
            continue
        if v.people and survival_only:
            continue
        if _GRADE_ZERO.search(text, max(0, v.num_start - 40), v.num_start):
            # "the highest grade of complication was grade 0 in 52%": grade 0 is no event
            continue
        if v.label and v.label_end >= 0 and v.label_end != frame.end:
            if (
                (
                    v.label_end - len(v.label) < frame.end <= v.label_end
                    and _QUALIFIER.match(text, frame.end, v.label_end)
                )
                or (
                    frame.end <= v.label_end and _TIME_FRAME.fullmatch(text, frame.end, v.label_end)
                )
                or (
                    frame.end <= v.label_end
                    and (
                        _PREDICATE.fullmatch(text, frame.end, v.label_end)
                        or _HEAD_NOUN.fullmatch(text, frame.end, v.label_end)
                        or (keep and not v.sized and _NEXT_ANALYSIS.fullmatch(v.label))
                        or _judged_after_qualifier(text, frame, v)
                        or _SIGNIFICANCE.search(v.label)
                    )
                )
            ):
                # "survival from relapse (7% vs 9%)": the outcome's name, qualified;
                # "morbidity was similar (2% vs 4%)": the bracket backs the statement
                keep.append(v)
                continue
            if (
                re.search(r"\b(?:arms|groups|cohorts)$", v.label, re.IGNORECASE)
                and i + 1 < len(frame.values)
                and PAIR_JOIN.fullmatch(text, v.end, frame.values[i + 1].start)
            ):
                # "in the 36-month OS between A and B groups (58.3% vs. 49.1%": both groups
                # named before a pair; the pair is read as a comparison below
                keep.append(v)
                continue
            named = vocab.modalities.find(v.label)
            # "... for recurrence (n=19; 21% and 58%, respectively)": a label before a group's
            # size names that group
            is_arm = (
                re.search(r"\b(?:arm|group|cohort)$", v.label, re.IGNORECASE)
                or _SIZE_OPENS.match(text, v.label_end)
                or _PEOPLE_AFTER_PREDICATE.fullmatch(text, frame.end, v.label_end)
                or (
                    frame.end <= v.label_end and _TREATED_GROUP.search(text, frame.end, v.label_end)
                )
                or (
                    frame.end <= v.label_end
                    and i + 1 < len(frame.values)
                    and PAIR_JOIN.fullmatch(text, v.end, frame.values[i + 1].start)
                    and _COMPARATIVE_NAMES.search(text, frame.end, v.label_end)
                )
            )
            compared = (
                None
                if is_arm or frame.end > v.label_end
                else _COMPARED_IN_PEOPLE.search(
                    text, max(frame.end, v.label_end - 120), v.label_end
                )
            )
            if compared:
                # "mortality was low (2.3%), but it was higher among patients who had a leak
                # (8.4% vs 1.4%)": the people the comparison names are a group
                v.arm = ARM_TRIM.sub("", compared.group("arm")).strip() or compared.group("arm")
                previous_armed = True
                keep.append(v)
                continue
            linked = _LINKED_LABEL.search(v.label)
            if not linked:
                # "higher than that in the TAE group (45% vs. 30%)": the comparison word
                # stands just before the label's five words
                label_start = v.label_end - len(v.label)
                lead = re.search(
                    # "compared with that of B (": the five words may start at "with"
                    r"\b(?:than|vs\.?|versus|compared(?:\s+(?:with|to))?)\s+$",
                    text[max(0, label_start - 20) : label_start],
                    re.IGNORECASE,
                )
                if lead:
                    linked = _LINKED_LABEL.search(lead.group(0) + v.label)
            if linked and linked.group("arm2") and not armed:
                # "neutropenia (20%) and grade 3 diarrhoea (13%)": "and" continues a
                # chain of arms only after an arm's value
                linked = None
            if (
                linked
                and linked.group("arm")
                and i + 1 < len(frame.values)
                and PAIR_JOIN.fullmatch(text, v.end, frame.values[i + 1].start)
            ):
                # "higher in A than in B (41% vs 28%)": the label names both groups;
                # the pair is read as a comparison below
                keep.append(v)
                continue
            # "more frequent with A (52%) than with B (38%)": A is set against B
            countered = _counterpart_follows(text, v, frame.values[i + 1 :])
            if v.per_slot:
                # "Complication and mortality rates were highest for proximal resections (52%
                # and 16%) followed by total gastrectomy (38% and 8%)": a bracket holding one
                # value per outcome of the frame is a group's, whatever names the group
                v.per_slot = True
                if not is_arm and not linked:
                    is_arm = True
                    v.label = _CHAIN_LEAD.sub("", v.label) or v.label
            if (
                not is_arm
                and not linked
                and not countered
                and (not named or named[-1].end != len(v.label))
            ):
                if _enumerated(text, frame, v, vocab) and _ITEMS_ARE_GROUPS.isdisjoint(
                    sl.concept for sl in frame.slots
                ):
                    v.event = re.sub(r"^(?:and|or)\s+", "", v.label)
                    # the evidence is the item: "elevated transaminases (9%)"
                    v.start = v.label_end - len(v.event)
                    close = text.find(")", v.end, v.end + 3)
                    v.end = close + 1 if close >= 0 else v.end
                    keep.append(v)
                elif _enumerated(text, frame, v, vocab) and not vocab.event_name(v.label):
                    # "30-day mortality: LAP (0.9%) and OPEN (1.3%)": a death is no named
                    # event, so the items listed are the groups
                    item = re.sub(r"^(?:and|or)\s+", "", v.label)
                    v.arm = ARM_TRIM.sub("", item).strip() or item
                    keep.append(v)
                else:
                    dropped = v
                continue
            if v.sized:
                continue  # "TACE (n = 58, 41%)": the group's share of the cohort
            v.arm = (linked.group("arm") or linked.group("arm2")) if linked else re.split(
                r"\b(?:with|in|for|after|among)\s+", v.label)[-1]  # fmt: skip
            v.arm = ARM_TRIM.sub("", v.arm).strip() or v.arm
            previous_armed = True
        keep.append(v)
    return keep
