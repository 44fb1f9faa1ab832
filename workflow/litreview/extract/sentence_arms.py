"""Arms a value takes from its sentence, or an earlier one, rather than from the words next to
it: the arms a sentence lists for its values, a sentence led by one group ("In the TAE group,
there were 3 (4.7%) deaths"), the two groups compared around a pair of values ("higher in A
than in B (41% vs 28%)", read by ``comparisons``), and the nearest "A vs B" before an arm-less
pair."""

from __future__ import annotations

import re

from litreview.extract.arm_names import (
    ARM_TRIM,
    NOT_AN_ARM,
    PAIR_JOIN,
    RESPECTIVELY_NEXT,
    SENTENCE_RESPECTIVELY,
    arm_list,
    pre_arms,
)
from litreview.extract.comparisons import (
    comparison_arms,
    group_before_pair,
    leading_group,
    subject_group,
)
from litreview.extract.outcome_types import Frame, Value
from litreview.extract.value_grammar import VERSUS
from litreview.extract.vocab import Vocabulary, _norm

# "In the TAE group, there were 3 (4.7%) deaths": a sentence led by one group reports that
# group's values; "In the resection and ablation cohorts, 5 (4%) and 9 (11%), respectively,
# died" lists the groups of its values in order; "After MWA, the 1-, 2- and 3-year ..." leads
# with a treatment (which the rules below ask the name to be).
_LEAD_GROUP = re.compile(
    r"^\s*(?:[A-Z][A-Z .'-]+:\s*)?(?:in|among|for|of|after|following)\s+(?:the\s+)?"
    r"(?:(?:patients|those|subjects|participants|cases)\s+(?P<who>with|treated\s+with|receiving|undergoing|who\s+"
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


# "Patients without complications had a mean length of stay of 4.1 days": people described
# by what sets them apart, as the subject of a sentence with one value
_DESCRIBED_SUBJECT = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'&-]{2,30}:\s*)?(?:the\s+)?(?:patients|those)\s+"
    r"(?P<who>without|with\s+no)\s+(?P<arm>[^,;:()\[\]]{1,40}?)\s+(?:had|showed|experienced)\b",
    re.IGNORECASE,
)


def arms_from_lead(sentence: str, rows: list[dict], vocab: Vocabulary) -> None:
    lead = _LEAD_GROUP.match(sentence)
    armless = [r for r in rows if not r["arm"]]
    described = _DESCRIBED_SUBJECT.match(sentence)
    if described and len(rows) == 1 and armless and not _OTHER_GROUPS.search(sentence):
        arm = "without " + described.group("arm").strip()
        armless[0]["arm"], armless[0]["modality"] = arm, ""
        return
    if not lead or not armless or _OTHER_GROUPS.search(sentence, lead.end()):
        return
    name = lead.group("arm").strip()
    if _NOT_A_LEAD.search(name) or NOT_AN_ARM.search(name):
        return
    listed = arm_list(sentence[: lead.end()].lstrip())
    if listed:
        if SENTENCE_RESPECTIVELY.search(sentence) and len(armless) == len(listed):
            for row, arm in zip(armless, listed, strict=True):
                row["arm"], row["modality"] = arm, vocab.modality_of(arm)
        return
    if not (lead.group("who") or _GROUP_NOUN.search(name) or vocab.modalities.find(name)):
        return
    if " and " in name or SENTENCE_RESPECTIVELY.search(sentence):
        return
    arm = ARM_TRIM.sub("", name).strip() or name
    for row in armless:
        row["arm"], row["modality"] = arm, vocab.modality_of(arm)


def compared_pairs(text: str, s_start: int, s_end: int, assigned: list) -> list:
    """Pairs of arm-less values joined by "vs" take the two groups the sentence compares
    around them ("higher in A than in B (x vs y)"); a chain of three or more is left alone."""
    values = [a[0] for a in assigned]
    out = list(assigned)

    def joined(i: int) -> bool:
        return 0 <= i < len(values) - 1 and bool(
            PAIR_JOIN.fullmatch(text, values[i].end, values[i + 1].start)
        )

    for i in range(len(values) - 1):
        if not joined(i) or joined(i - 1) or joined(i + 1):
            continue
        if not out[i][2] and out[i + 1][2]:
            # "Patients with G1/G2 tumours had a median OS of 84 months compared with 24
            # months for G3": the counterpart names its group, the subject is the first's
            before = text[s_start : values[i].start]
            first = subject_group(before)
            second = values[i + 1]
            if not first and second.arm_end > 0:
                window = text[max(s_start, second.arm_end - len(out[i + 1][2]) - 40) : s_end]
                first = leading_group(before, window, out[i + 1][2])
            first = ARM_TRIM.sub("", first).strip()
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


def arms_of_sentence(text: str, frames: list[Frame], values: list[Value], s_end: int):
    """The arms a sentence lists for its values: before a frame's values ("in groups A and B
    were ...") or, closing the sentence, after all of them ("... in arms A and B
    respectively")."""
    for frame in frames:
        arms = pre_arms(text, frame, frame.values[0])
        if arms:
            return arms
    last = max(values, key=lambda v: v.end)
    if SENTENCE_RESPECTIVELY.search(text, last.end, s_end):
        listed = arm_list(text[last.end : s_end])
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
                and RESPECTIVELY_NEXT.match(text, other.values[-1].end)
            ):
                return named
    return []


VERSUS_BETWEEN = re.compile(rf"\s*(?:{VERSUS}|compared\s+(?:with|to))\s*", re.IGNORECASE)


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


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def _side_of(subject: str, arms: tuple[str, str], vocab: Vocabulary | None) -> int | None:
    """Which of two contrasted groups ``subject`` names: by its words ("resection" in "the
    resection group"), else by its treatment when the two groups' treatments differ ("RFA",
    "radiofrequency ablation"); None when it names neither or both."""
    name = _norm(subject)
    by_name = [i for i, arm in enumerate(arms) if name and _overlaps(name, _norm(arm))]
    if len(by_name) == 1:
        return by_name[0]
    if vocab is None or by_name:
        return None
    treatments = [vocab.modality_of(arm) for arm in arms]
    own = vocab.modality_of(subject)
    if own and treatments[0] != treatments[1] and own in treatments:
        return treatments.index(own)
    return None


def arms_contrasted_before(
    text: str,
    assigned: list[tuple],
    sentences: list[tuple[int, int]],
    vocab: Vocabulary | None = None,
) -> list[tuple]:
    """``assigned`` (value, slot, arm, n_arm, rule_id) with the arms of a lone arm-less pair
    set against each other taken from the nearest "A vs B" before it."""
    if len(assigned) == 2 and not any(a[2] for a in assigned):
        # "[...] reduced with A vs. B [...], as was death (3.7 vs. 4.9%)": a pair of
        # values set against each other takes the pair of arms contrasted before it.
        first, second = assigned[0][0], assigned[1][0]
        if VERSUS_BETWEEN.fullmatch(text, first.end, second.num_start):
            arms = _contrast_before(text, first.num_start, sentences)
            # "..., but the resection group had a higher DFS (22 vs. 14 months)" after "RFA
            # versus resection": the group the clause is about comes first, whatever order the
            # earlier contrast named them in; a subject naming neither group gives no arms
            s_start = max((a for a, _ in sentences if a <= first.num_start), default=0)
            subject = subject_group(text[s_start : first.num_start]) or group_before_pair(
                text[s_start : first.num_start]
            )
            if arms and subject:
                side = _side_of(subject, arms, vocab)
                arms = () if side is None else arms if side == 0 else (arms[1], arms[0])
            elif subject:
                # "was longer in the combination arm (11.2 vs. 7.4 months)" with no contrast
                # named before: the first value's group only
                arms = (subject, "")
            if arms:
                assigned = [
                    (a[0], a[1], arm, a[3], a[4]) for a, arm in zip(assigned, arms, strict=True)
                ]
    return assigned
