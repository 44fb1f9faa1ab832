"""A percentage tied to the outcome written around it rather than to a frame before it.

A count with its share and the outcome after them ("40 (3.3%) deaths", "213 LEs (17.4%)"), a
verb after the people counted ("86 (9.9%) participants in the A group ... died"), people "with"
an event ("78 (11.7%) patients with SSIs"), and the group a bracketed count names after it when
the count is set against another ("20 of 150 patients (13%) treated with TACE vs ...")."""

from __future__ import annotations

import re

from litreview.extract.arm_names import ARM_TRIM, NOT_AN_ARM
from litreview.extract.numbers import COUNT, NUM
from litreview.extract.outcome_frames import follows_treatment, restates
from litreview.extract.outcome_types import Value
from litreview.extract.timepoints import timepoint_label
from litreview.extract.value_grammar import RESPECTIVELY
from litreview.extract.vocab import Mention, Vocabulary

_COUNT_NOUN = re.compile(rf"(?P<count>{COUNT})\s+(?P<noun>[A-Za-z][\w-]*)\s*$", re.IGNORECASE)


_DOSE_UNIT = re.compile(r"(?:[mμµn]?g|mcg|[mμµ]?M|m[lL]|IU|Gy|cGy|mg/m2|mg/kg)", re.IGNORECASE)


# "two [1%]": counts are written in words too
_COUNT_BARE = re.compile(rf"(?<![\w.])(?P<count>{COUNT})\s*$", re.IGNORECASE)


_RATE_NOUN_OF = re.compile(
    r"(?:\s*(?:overall|cumulative|total|crude|actuarial)?\s*(?:incidence|rate|frequency|"
    r"prevalence|occurrence)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)


_OF_PATIENTS = re.compile(
    r"\s*(?:of\s+(?:the\s+|all\s+)?(?:patients|cases|procedures|subjects)\s*"
    r"|of\s+(?:these|those|them)\s*)?"
)


COUNT_IN_BRACKET = re.compile(rf"[(\[]\s*(?:[nN]\s*=\s*)?{COUNT}\s*[,;]\s*$", re.IGNORECASE)


# The people a percentage counts, and their group, between the value and a verb that reports
# their outcome: "(9.9%) participants in the intervention group died", "12% of patients died".
_PEOPLE = (
    r"(?:patients|participants|subjects|people|persons|individuals|men|women|children|infants|"
    r"cases|animals|dogs|cats|recipients)"
)


_NOT_COUNTED = (
    r"(?:had|have|has|in|of|and|or|needed|required|underwent|received|were|was|did|"
    r"developed|experienced|achieved|showed)"
)
_COUNTED_PEOPLE = re.compile(
    # "37 (9%) and 64 (16%), respectively, died of X": the groups were named before
    rf"(?:\s*,?\s*{RESPECTIVELY}\s*,?)?"
    # "41% (n = 387) of patients experienced a complication": the count after the share
    rf"(?:\s*[(\[]\s*[nN]\s*=\s*{COUNT}\s*[)\]])?"
    rf"\s*(?:of\s+(?:the\s+|all\s+|these\s+|those\s+)?(?:{COUNT}\s+)?)?"
    # "14 (29.2%) of 48 patients in the TP53 cohort and 9 (27.3%) of 33 in the elderly cohort
    # achieved": the share, then how many it is of
    # "Twenty-two patients (14.5%) needed hospitalization and 8 patients (5.3%) died": a verb
    # of their own ("needed", "underwent") ends what the first value counts
    rf"(?:{_PEOPLE}\b|(?P<counted>(?!{_NOT_COUNTED}\b)[a-z][\w-]*"
    rf"(?:\s+(?!{_NOT_COUNTED}\b)[a-z][\w-]*)?))?"
    r"(?:\s*(?:in|from|among|on|receiving|treated\s+with|allocated\s+to|assigned\s+to)\s+"
    r"(?:the\s+)?(?P<arm>[^,;:()\[\].]{1,50}?))?"
    # "26 patients (16.0%) (11 from LCA and 15 from PCA) died": the count split by group
    r"(?:\s*[(\[][^()\[\]%]{1,80}[)\]])?"
    r"\s*(?:\b(?:had|have|has|eventually|subsequently|ultimately|later|all)\s+)*$",
    re.IGNORECASE,
)


_ELIDED_HEAD_PIECE = re.compile(
    rf"\s*[)\]]?\s*(?:{_PEOPLE}\s+)?(?P<verb>had|experienced|developed|suffered|showed)\s+"
    r"(?:early|late|minor|major|mild|moderate|severe|serious|acute|chronic|local|systemic|"
    r"medical|surgical|low-grade|high-grade)\s*"
    # no group and no noun counted (the groups the chain's other pieces name)
    r"(?P<arm>(?!))?(?P<counted>(?!))?"
)


# the next value of a chain counted the same way: "and 111 (12.9%) participants in ..."
_NEXT_COUNTED = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|vs\.?|versus|compared\s+with)\s+)"
    # "145 (68%) and 31 patients (15%) developed ...": the people named after the count
    rf"(?:{COUNT}(?:\s+of\s+{NUM})?\s*(?:{_PEOPLE}\s*)?[(\[]\s*)?{NUM}\s*%\s*[)\]]?"
    rf"(?:\s*[(\[]\s*[nN]\s*=\s*{COUNT}\s*[)\]])?",
    re.IGNORECASE,
)


# "(12%) had minor complications", "(58%) procedures produced an objective response"
_HAVING = re.compile(
    r"\b(?:had|has|have|achieved|produced|showed|demonstrated|exhibited|displayed|experienced|"
    r"developed|attained|obtained|"
    # "44 patients (7.9%) sustained an anastomotic leak", "24% of the wounds were affected
    # with cellulitis"
    r"reached|suffered|reported|presented\s+with|sustained|(?:were|was)\s+affected\s+(?:with|by))"
    # "Twenty-eight per cent of the patients had one or more complications"
    r"\s+(?:an?\s+|the\s+|(?:one|two)\s+or\s+more\s+|at\s+least\s+(?:one|two)\s+)?"
    r"(?:[\w-]+\s+){0,2}?",
    re.IGNORECASE,
)


# a severity grade qualifying the outcome: "grade 3-4", "grade ≥3", "(grade 3 or higher)",
# "Clavien-Dindo grade III or higher"
# "G1-G3 treatment-related adverse events": the grade letter alone
# "more than grade 2 toxicity", "grade III/IV or V (fatal) complications"
_GRADE = (
    r"[(\[]?(?:(?:more|greater|higher|worse)\s+than\s+|at\s+least\s+|above\s+)?"
    r"(?:(?:CTCAE|NCI|Clavien[-–]Dindo)\s+)*(?:(?:grades?|Clavien[-–]Dindo)\s*|"
    r"(?-i:G)(?=[1-5]))(?:[≥>⩾]\s*=?\s*)?(?:[1-5]|IV|V|I{1,3})[ab]?"
    r"(?:\s*(?:-|–|/|or|and|to)\s*(?-i:G)?(?:[1-5]|IV|V|I{1,3})[ab]?){0,2}"
    r"(?:\s+or\s+(?:higher|above|greater|worse|more))?[)\]]?\s+(?:\((?:fatal|lethal)\)\s+)?"
)


# at most three plain words (or a grade) between the verb and the outcome: "had minor
# complications", "experienced grade 3-4 toxicities", but not "had a 39% lower mortality" (a
# difference)
_PLAIN_WORDS = re.compile(
    rf"(?:{_GRADE}|(?!(?:lower|higher|greater|less|more|fewer|reduced|increased|decreased|no|"
    r"any)\b)[a-z][\w-]*\s+){0,3}",
    re.IGNORECASE,
)


_ONSET = re.compile(
    r"(?:developed|experienced|suffered|sustained|(?:were|was)\s+affected)\b", re.IGNORECASE
)


def _outcome_covers(text: str, other: Mention, vocab: Vocabulary) -> bool:
    """ "had stable disease or partial response": an outcome of the review written from the
    same word on and at least as long (disease control) outranks the unrecorded endpoint."""
    return any(
        m.start == other.start and m.end >= other.end
        for m in vocab.outcomes.find(text, other.start, other.end + 60)
    )


def _events_listed(sentence: str, vocab: Vocabulary) -> bool:
    """ "64 (22.5%) had pneumonia, 55 (19.4%) had anastomotic leakage": the sentence counts an
    event outcome by its own name beside the named event, so the named event is in view too."""
    if _BASELINE_WORDS.search(sentence):
        return False
    return any(
        vocab.outcome_kind.get(m.concept) == "event" and not vocab.event_name(m.text)
        for m in vocab.outcomes.find(sentence)
    )


_BASELINE_WORDS = re.compile(
    r"\b(?:baseline|history\s+of|comorbidit(?:y|ies)|at\s+(?:presentation|referral|diagnosis|"
    r"admission))\b",
    re.IGNORECASE,
)


def _verb_then_outcome(clause: str, vocab: Vocabulary, sentence: str = "") -> list[Mention]:
    """The event outcome a generic verb reports, as a mention spanning verb and outcome."""
    verb = _HAVING.search(clause)
    if not verb:
        return []
    found = _outcome_after_verb(clause, verb, vocab, sentence)
    if not found and _ELIDED_HEAD_PIECE.match(clause, clause.rfind(")", 0, verb.start()) + 1):
        # "29 (29.3%) women experienced early and 12 (12.1%) had late complications": the
        # verb after the next count names the outcome both report
        later = _HAVING.search(clause, verb.end())
        if later:
            found = _outcome_after_verb(clause, later, vocab, sentence)
    return found


def _outcome_after_verb(clause: str, verb: re.Match, vocab: Vocabulary, sentence: str):
    other = vocab.other_endpoints.find(clause, verb.end(), verb.end() + 60)
    if (
        other
        and _PLAIN_WORDS.fullmatch(clause, verb.end(), other[0].start)
        and not _outcome_covers(clause, other[0], vocab)
    ):
        # "30 (34%) lesions had SD": the share of an endpoint the review does not record
        return [Mention(verb.start(), other[0].end, "", other[0].text)]
    for named in vocab.outcomes.find(clause, verb.start()):
        between = clause[verb.end() : named.start]
        if not _PLAIN_WORDS.fullmatch(between) or vocab.outcome_kind.get(named.concept) != "event":
            return []
        if (
            vocab.event_name(named.text)
            and not _ONSET.match(verb.group(0))
            and not follows_treatment(clause, named.end, vocab)
            and not (sentence and _events_listed(sentence, vocab))
        ):
            # a named event needs its outcome in view ("had diarrhoea" may be a symptom at
            # baseline); "developed", "experienced" and "suffered" say it came after treatment,
            # as "had liver decompensation after TACE" does
            return []
        return [Mention(verb.start(), named.end, named.concept, named.text)]
    return []


# "30-day mortality was 2% in patients without, and 4% of patients with anastomotic leakage":
# people with and without a condition set against each other are groups, not its rate
WITHOUT_BEFORE = re.compile(rf"\b(?:{_PEOPLE}|those)\s+without\b", re.IGNORECASE)


# "46 patients (26%) died from other causes", "died of unrelated causes": deaths the
# treatment and the cancer did not cause (competing risks) are no mortality rate of either
_OTHER_CAUSES = re.compile(
    r"\s+(?:of|from|due\s+to|because\s+of)\s+(?:(?:other|unrelated|intercurrent|competing|"
    r"non-?(?:cancer|tumou?r|oncologic(?:al)?|disease)[- ]related|non-?cancer|"
    r"non-?oncologic(?:al)?)\s+(?:causes?|diseases?|reasons?|illness(?:es)?|conditions?)|"
    r"causes?\s+(?:unrelated|other\s+than|not\s+related))",
    re.IGNORECASE,
)


def _bind_verb(sentence: str, pos: int, s_start: int, value: Value, vocab: Vocabulary) -> None:
    """ "86 (9.9%) participants in the A group and 111 (12.9%) in the B group died": each
    percentage of the chain is the rate of the outcome the verb reports, for its own group."""
    clause = re.split(r"[;.](?!\d)|,\s*(?:while|whereas|but)\b", sentence[pos : pos + 200])[0]
    if sentence.count("(", 0, pos) > sentence.count(")", 0, pos):
        # "35% (38% in the stent group and 20% in the other, p = 0.03) and 13% of the patients
        # were readmitted": a value inside brackets is not reported by a verb outside them
        depth = 0
        for i, char in enumerate(clause):
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    clause = clause[:i]
                    break
                depth -= 1
    verbs = vocab.verbs.find(clause)
    if not verbs:
        verbs = _verb_then_outcome(clause, vocab, sentence)
    elif verbs[0].start > 0 and _HAVING.search(clause, 0, verbs[0].start):
        # "27 cases (31%) had severe morbidity and 3 patients died": the first verb reports
        had = _verb_then_outcome(clause[: verbs[0].start], vocab, sentence)
        verbs = had or verbs
    if not verbs:
        if not WITHOUT_BEFORE.search(sentence, 0, pos):
            _bind_people_with(clause, pos + s_start, value, vocab)
        return
    verb = verbs[0]
    if _OTHER_CAUSES.match(clause, verb.end):
        return
    pieces = _NEXT_COUNTED.split(clause[: verb.start])
    counted = [_COUNTED_PEOPLE.fullmatch(piece) for piece in pieces]
    if (
        len(pieces) > 1
        and not counted[0]
        and all(counted[1:])
        and (elided := _ELIDED_HEAD_PIECE.fullmatch(pieces[0]))
    ):
        # "29 (29.3%) women experienced early and 12 (12.1%) had late complications": the
        # first count's verb and qualifier, its head noun left for the last to name
        counted[0] = elided
    if not all(counted):
        return
    value.bound = Mention(verb.start + pos + s_start, verb.end + pos + s_start, verb.concept,
                          verb.text)  # fmt: skip
    value.verb = True
    arm = (counted[0].group("arm") or counted[0].group("counted") or "").strip()
    if arm and not NOT_AN_ARM.search(arm):
        value.arm = ARM_TRIM.sub("", arm).strip() or arm
        value.arm_end = pos + s_start + counted[0].end("arm")
    if len(pieces) == 1:  # the quote reaches the verb unless another value stands between
        value.end = max(value.end, value.bound.end)
    # "5 patients (6.3%) died within 90 days of surgery": the time point after the verb
    when = _WITHIN_TIME.match(clause, verb.end)
    if when and not value.timepoint:
        value.timepoint = _time_of(when)


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
    if other and other[0].start == people.end() and not _outcome_covers(clause, other[0], vocab):
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
    if group and not NOT_AN_ARM.search(group.group("arm")):
        value.arm = ARM_TRIM.sub("", group.group("arm").strip()).strip()
        value.arm_end = at + group.end("arm")


# "complete remission (CR) 60% CRi 9%": a percentage written right after an outcome's name
# reports that outcome, not the one named after it.
_NAME_THEN_VALUE = re.compile(
    r"\s*(?:[(\[][A-Za-z]{1,8}[)\]])?\s*(?:[:=]|was|were|of|in)?\s*$", re.IGNORECASE
)


_OWN_PREDICATE = re.compile(
    r"\s*of\s+(?:the\s+|all\s+|these\s+|those\s+)?(?:[a-z-]+\s+)?"
    rf"(?:{_PEOPLE}|lesions|tumou?rs|nodules|metastases|them)\s+"
    r"(?P<verb>showed|had|exhibited|demonstrated|displayed|achieved|attained|developed|"
    r"experienced|presented\s+with|underwent|required|received|needed|were|was)\b",
    re.IGNORECASE,
)


def _named_just_before(before: str, vocab: Vocabulary) -> bool:
    """Whether the value's own name stands just before it ("the leak rate was 4%"), an outcome
    or an endpoint the review does not record ("a reoperation rate of 3.9%, and 2% of the
    patients died": the 3.9% is the reoperations', not a share of the deaths after it)."""
    tail = before[-50:]
    named = vocab.outcomes.find(tail)
    named = [m for i, m in enumerate(named) if not restates(tail, named, i)]
    if named and _NAME_THEN_VALUE.fullmatch(tail, named[-1].end):
        return True
    other = vocab.other_endpoints.find(tail)
    return bool(other) and bool(_NAME_THEN_VALUE.fullmatch(tail, other[-1].end))


_CLOSING_BRACKET = re.compile(r"\s*[)\]]")


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
    name = ARM_TRIM.sub("", group.group("arm").strip()).strip()
    if paired and name and not NOT_AN_ARM.search(name):
        value.arm = name
        value.arm_end = group.end("arm") + s_start


# "41 of 52 patients with hormonal symptoms", "18 patients who had carcinoid syndrome": people
# counted, then described, right before the bracket with their share
_PEOPLE_DESCRIBED = re.compile(
    rf"(?<![\w.])(?P<count>{COUNT})\s+(?:of\s+(?P<total>{NUM})\s+)?(?:the\s+)?"
    rf"(?:[a-z][\w-]*\s+)?{_PEOPLE}"
    r"(?:\s+(?:with|who|having|presenting\s+with)\b[^()\[\];,.]{1,60})?\s*$",
    re.IGNORECASE,
)


# "seven (1.6%) perioperative deaths", "Two (4%) minor complications", "14 (11.7%) grade 3-4
# adverse events": words that qualify the outcome after the count, not another noun it counts
# ("(3.3%) patients died" is a verb's)
_ANOTHER_SHARE = re.compile(r"\d\s?%")


_RESPECTIVELY_NEXT = re.compile(rf"\s*,?\s*{RESPECTIVELY}\b", re.IGNORECASE)


_QUALIFIERS_ONLY = re.compile(
    r"\s*(?:(?:perioperative|postoperative|operative|procedural|procedure-related|"
    r"treatment-related|in-hospital|hospital|intrahospital|intra-hospital|inpatient|early|late|"
    r"minor|major|serious|severe|fatal|overall|"
    # organ systems: "3 (6.3%) grade 3 or higher biliary complications"
    r"biliary|hepatic|liver|gastrointestinal|infectious|pulmonary|respiratory|cardiac|"
    r"vascular|renal|surgical|medical|technical|"
    rf"additional|further|other|total|\d+-day)\s+|{_GRADE}){{0,3}}",
    re.IGNORECASE,
)


# "three patients died within 3 months (0.53%, ...)", "12 patients in the TACE group died
# (9%)": the people counted and the verb that reports their outcome, before the bracket
_PEOPLE_BEFORE_VERB = re.compile(
    rf"(?<![\w.])(?P<count>{COUNT})\s+(?:of\s+(?:the\s+)?{NUM}\s+)?(?:[a-z][\w-]*\s+)?{_PEOPLE}"
    r"(?:\s+(?:in|among|from|receiving|treated\s+with)\s+(?:the\s+)?"
    r"(?P<arm>[^,;:()\[\].]{1,40}?))?\s+(?:(?:had|have|subsequently|eventually|later)\s+)?$",
    re.IGNORECASE,
)


# what may stand between the verb and the bracket: when or where ("within 3 months", "in
# hospital", "after surgery") or of what ("of liver failure")
_VERB_TO_BRACKET = re.compile(
    r"\s*(?:(?:within|by|at|after|during|in|following|before|of|from)\b[^,;:()\[\]]{0,40})?\s*$",
    re.IGNORECASE,
)


# "died within 3 months", "had died by day 30": the time point of the share
_WITHIN_TIME = re.compile(
    rf"\s*\b(?:within|by|at)\s+(?:day\s+(?P<day>{NUM})|(?P<n>{NUM})\s*[-‐]?\s*"
    r"(?P<u>days?|weeks?|months?|years?)\b)",
    re.IGNORECASE,
)


def _time_of(when: re.Match) -> str:
    return timepoint_label(when.group("n") or when.group("day"), when.group("u") or "days")


def _verb_before_bracket(head: str, vocab: Vocabulary) -> tuple[Mention, re.Match] | None:
    tail_at = max(0, len(head) - 140)
    verbs = vocab.verbs.find(head, tail_at)
    if not verbs or not _VERB_TO_BRACKET.fullmatch(head, verbs[-1].end):
        return None
    people = _PEOPLE_BEFORE_VERB.search(head, tail_at, verbs[-1].start)
    return (verbs[-1], people) if people else None


def _counted_people_before(head: str) -> re.Match | None:
    return _PEOPLE_DESCRIBED.search(head, max(0, len(head) - 100))


_IN_COUNT = re.compile(rf"\s*(?:In|Among)\s+{NUM}\s*", re.IGNORECASE)
_PEOPLE_FRONTED = re.compile(
    r"\s*(?:patients|cases|subjects|participants|procedures|operations)\s*(?P<comma>,)\s*(?:(?:at\s+least\s+"
    r"one|one\s+or\s+more|any|an?|some|the)\s+)?(?:(?:postoperative|perioperative|major|minor|"
    r"severe|serious|early|late)\s+)?",
    re.IGNORECASE,
)
_REPORTED_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:was|were|had\s+been|has\s+been)\s+(?:(?:also|thus)\s+)?"
    r"(?:registered|recorded|observed|reported|noted|documented|seen|found|diagnosed|"
    r"identified|detected|encountered)\b|\s*(?:occurred|developed|arose)\b",
    re.IGNORECASE,
)


def _unrecorded_first(rest: str, bound: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """ "25 deaths (6.4%) and 17 (4.3%) local recurrences": an endpoint the review does not
    record, named straight after the count, takes its share (which then reports nothing)."""
    other = vocab.other_endpoints.find(rest)
    if (
        other
        and (not bound or other[0].start < bound[0].start)
        and (_QUALIFIERS_ONLY.fullmatch(rest, 0, other[0].start))
    ):
        return [Mention(other[0].start, other[0].end, "", other[0].text)]
    return bound


_PAIR_INSIDE = re.compile(rf"[^()\[\]]*?\s{_PAIRED}\s", re.IGNORECASE)


def bind_share(
    sentence: str,
    s_start: int,
    value: Value,
    num_at: int,
    num_end: int,
    counted: re.Match | None,
    vocab: Vocabulary,
) -> None:
    """What a percentage counts: the count or label before its bracket and the outcome named
    (or reported by a verb) after it: "213 LEs (17.4%)", "40 (3.3%) deaths", "Adverse events
    ... (27.9%)", "12% of patients died". ``num_at``/``num_end`` delimit the number in
    ``sentence``; ``counted`` is the count written before it in its bracket ("(31, 86.1%)")."""
    if value.unit != "percent":
        return
    before = sentence[:num_at]
    if counted or before.rstrip().endswith(("(", "[")):
        head = before[: counted.start()] if counted else before.rstrip()[:-1]
        count_noun = _COUNT_NOUN.search(head)
        if count_noun and _DOSE_UNIT.fullmatch(count_noun.group("noun")):
            count_noun = None  # "sorafenib 400 mg (52%)": a dose, not a count of events
        tail_at = max(0, len(head) - 40)
        count_bare = _COUNT_BARE.search(head, tail_at)
        verb_before = None if counted else _verb_before_bracket(head, vocab)
        if verb_before:
            verb, people = verb_before
            value.start = people.start() + s_start
            value.bound = Mention(verb.start + s_start, verb.end + s_start, verb.concept,
                                  verb.text)  # fmt: skip
            value.verb = True
            arm = (people.group("arm") or "").strip()
            if arm and not NOT_AN_ARM.search(arm):
                value.arm = ARM_TRIM.sub("", arm).strip() or arm
                value.arm_end = people.end("arm") + s_start
            when = _WITHIN_TIME.search(head, verb.end)
            if when:
                value.timepoint = _time_of(when)
            return
        if count_noun:
            value.start = count_noun.start() + s_start
            noun = count_noun.group("noun")
            value.people = bool(re.fullmatch(_PEOPLE, noun, re.IGNORECASE))
            if vocab.modalities.concept_of(noun):
                value.arm = (
                    re.sub(r"s$", "", noun) if noun.isupper() or noun[:-1].isupper() else noun
                )
                value.arm_end = count_noun.end() + s_start
            else:
                value.label = noun
        elif count_bare:
            value.start = count_bare.start() + s_start
        elif people := _counted_people_before(head):
            # "improvement was reported by 41 of 52 patients with hormonal symptoms (79%)":
            # the share of the people counted, whatever describes them after the count
            value.start = people.start() + s_start
            value.people = True
        else:
            label = re.search(r"([\w-]+(?:\s+[\w-]+){0,4})\s*$", head)
            value.label = label.group(1) if label else ""
            value.label_end = s_start + len(head.rstrip())
        close = sentence.find(")", num_end)
        after_pos = close + 1 if close >= 0 else num_end
        shut = _CLOSING_BRACKET.match(sentence, value.end - s_start)
        if (count_noun or count_bare) and shut:
            # "26 patients (15.5%)": the value's quote closes its bracket, so what follows
            # it ("following R-PRRT") can name its group
            value.end = shut.end() + s_start
            if shut.end() < after_pos:  # "101 [9%] deaths in ... vs": the inner bracket
                after_pos = shut.end()
            _group_after_count(sentence, s_start, value)
        if close >= 0 and _ANOTHER_SHARE.search(sentence, num_end, close):
            # "35% (38% in the stent group and 20% in the other, p = 0.03) and 13% of the
            # patients were readmitted": a bracket holding more shares is a breakdown, not a
            # count's share of what follows it
            return
        rest = sentence[after_pos:]
        bound = _unrecorded_first(rest[:60], vocab.outcomes.find(rest[:60]), vocab)
        if bound and close >= 0 and _PAIR_INSIDE.match(sentence, num_end, close):
            # "wound (6% vs. 10%), and pulmonary (6% vs. 10%) complications": a pair in the
            # bracket belongs to the name before it (the head noun after the bracket is that
            # name's, written once), not to the outcome after the bracket
            bound = []
        fronted = _PEOPLE_FRONTED.match(rest) if _IN_COUNT.fullmatch(head) else None
        if fronted and bound and fronted.end("comma") <= bound[0].start <= fronted.end():
            # "In 43 (6.6%) patients, at least one complication was registered": the people
            # lead the sentence and the clause after them reports the outcome
            bound = bound if _REPORTED_AFTER.match(rest, bound[0].end) else []
        elif not (bound and _QUALIFIERS_ONLY.fullmatch(rest, 0, bound[0].start)):
            bound = []
        if bound:
            m = bound[0]
            value.bound = Mention(m.start + after_pos + s_start, m.end + after_pos + s_start,
                                  m.concept, m.text)  # fmt: skip
            value.end = max(value.end, value.bound.end)
        if value.bound is None:
            _bind_verb(sentence, after_pos, s_start, value, vocab)
    elif not _named_just_before(before, vocab):
        rest_pos = _OF_PATIENTS.match(sentence, num_end).end()
        # "There was a 9% overall incidence of complications": the share names its rate first
        rest_pos = _RATE_NOUN_OF.match(sentence, rest_pos).end()
        window = sentence[rest_pos : rest_pos + 60]
        bound = _unrecorded_first(window, vocab.outcomes.find(window), vocab)
        if (
            bound
            and (
                not sentence[rest_pos : rest_pos + bound[0].start].strip()
                # "18.1% developed wound dehiscence, 17.7% a lymphocele, and 20.4% lymphedema": an
                # item of a list whose verb the first item gave
                or (
                    re.fullmatch(r"\s*an?\s+", sentence[rest_pos : rest_pos + bound[0].start])
                    and re.search(r"[,;]\s*(?:and\s+)?$", before)
                )
                # "a 12% incidence of grade 3 toxicity", "a 3% rate of 90-day mortality"
                or (
                    rest_pos > num_end
                    and _QUALIFIERS_ONLY.fullmatch(sentence, rest_pos, rest_pos + bound[0].start)
                )
                # "with 3.6% and 1.6% intrahospital mortality, respectively"
                or (
                    rest_pos == num_end
                    and _QUALIFIERS_ONLY.fullmatch(sentence, rest_pos, rest_pos + bound[0].start)
                    and _RESPECTIVELY_NEXT.match(sentence, rest_pos + bound[0].end)
                )
            )
        ):
            m = bound[0]
            value.bound = Mention(m.start + rest_pos + s_start, m.end + rest_pos + s_start,
                                  m.concept, m.text)  # fmt: skip
            value.end = max(value.end, value.bound.end)
        else:
            _bind_verb(sentence, num_end, s_start, value, vocab)
            own = _OWN_PREDICATE.match(sentence, num_end) if value.bound is None else None
            if own:
                # "the response rate was 38% and 27% of lesions showed more than 90% necrosis":
                # people or lesions counted with a verb of their own report what the verb
                # says, which no outcome name covers; not the outcome before them
                value.bound = Mention(own.start("verb") + s_start, own.end() + s_start, "",
                                      own.group("verb"))  # fmt: skip
