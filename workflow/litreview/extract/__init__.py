"""Rule-based, deterministic extraction of study characteristics, outcome values and effect
estimates from a record's title and abstract, every value anchored to the characters it came
from (``text[start:end] == quote``) and naming the rule that produced it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from litreview.extract.curation import apply_curation, load_curation
from litreview.extract.effects import extract_effects
from litreview.extract.numbers import NUM, parse_number
from litreview.extract.outcomes import extract_outcomes
from litreview.extract.qa import qa_checks
from litreview.extract.sections import conclusion_sentences
from litreview.extract.sentences import sentence_spans
from litreview.extract.study import extract_study
from litreview.extract.vocab import ConfigError, Vocabulary, load_vocabulary

__all__ = [
    "ConfigError",
    "Extraction",
    "Vocabulary",
    "apply_curation",
    "extract_record",
    "load_curation",
    "load_vocabulary",
    "qa_checks",
]


@dataclass
class Extraction:
    study: list[dict] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)
    effects: list[dict] = field(default_factory=list)


def extract_record(text: str, vocab: Vocabulary) -> Extraction:
    """Extract the three tables from ``text`` (the lead passes ``title + "\\n\\n" + abstract``).
    Rows are sorted by position in the text, so output is deterministic."""
    # Some publishers print every hyphen as U+2010 ("progression‐free", "5‐year"); the rules
    # are read on the text with plain hyphens (one character for one, so offsets hold) and the
    # quotes are taken from the text as given
    given, text = text, text.translate(_HYPHENS)
    # "local progression–free survival": an en dash joining two words is a hyphen (between
    # capitals and digits it is a range: "grade I–II", "3–5")
    text = _WORD_DASH.sub("-", text)
    sentences = sentence_spans(text)
    study = extract_study(text, sentences, vocab)
    # Values in a sentence quoting other studies are theirs, not this study's.
    background = vocab.background_spans(text, sentences)
    own = [span for span in sentences if span not in background]
    outcomes = extract_outcomes(text, own, vocab)
    effects = extract_effects(text, own, vocab)
    outcomes = _drop_repeats(outcomes, ("arm", "outcome", "timepoint", "value", "start"))
    # A Background section's figures are known before the study ("median survival of untreated
    # disease is 16 months"); its sentences still name the groups later sentences refer to, so
    # they are read, and only their values dropped.
    opening = vocab.opening_section_spans(text, sentences)
    outcomes = [r for r in outcomes if not _inside(r["start"], opening)]
    effects = [r for r in effects if not _inside(r["start"], opening)]
    outcomes = _drop_restatements(text, outcomes, sentences, vocab)
    outcomes = _drop_subgroup_shares_and_conditions(text, outcomes, sentences)
    key = lambda r: (r["start"], r["end"], r.get("rule_id", ""))  # noqa: E731
    if given != text:
        for row in study + outcomes + effects:
            row["quote"] = given[row["start"] : row["end"]]
    return Extraction(
        study=sorted(study, key=lambda r: (r["start"], r["field"], r["end"])),
        outcomes=sorted(outcomes, key=key),
        effects=sorted(effects, key=key),
    )


_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_WORD_DASH = re.compile(r"(?<=[a-z])–(?=[a-z])")

# "The overall complication rate was 35.8%, of which 96.2% were mild complications", "N
# patients reported an event and, of these, 13 (17.3%) had grade 4 values": a share of the
# subgroup just counted, not a rate of the cohort (only after a value of the same sentence)
_SUBGROUP_BEFORE = re.compile(
    r"\b(?:of\s+(?:which|whom|these|them)|among\s+(?:them|these))\b[\s,]*"
    r"(?:[\w-]+\s*)?[(\[]?\s*$",
    re.IGNORECASE,
)
# "58.6% (17/29) of them required reoperation"
_SUBGROUP_AFTER = re.compile(
    r"\s*(?:[(\[][^()\[\]]{0,20}[)\]]\s*)?of\s+(?:them|these|which|whom)\b", re.IGNORECASE
)
# "Conditional overall survival for patients who survived 3, 6 and 12 months after surgery":
# times that define who is counted, not values
_CONDITION_BEFORE = re.compile(
    r"\bwho\s+(?:had\s+)?(?:survived|lived)\s+(?:(?:at\s+least|more\s+than|over|beyond)\s+)?"
    rf"(?:{NUM}\s*(?:,|and|or)?\s*)*$",
    re.IGNORECASE,
)


def _value_position(text: str, row: dict) -> int:
    """Where the row's number stands in its quote (the quote's start if it is not found)."""
    want = row.get("value_original") or row["value"]
    for match in re.finditer(NUM, text[row["start"] : row["end"]]):
        try:
            if abs(parse_number(match.group(0)) - float(want)) < 1e-9:
                return row["start"] + match.start()
        except ValueError:
            continue
    return row["start"]


_COUNT_BEFORE_SHARE = re.compile(rf"({NUM})\s*[(\[]\s*$")
_COUNT_OF = re.compile(rf"\s*[(\[]\s*({NUM})\s*/\s*({NUM})\s*[)\]]")


def _subgroup_share(text, row, rows, span, at) -> bool:
    """A share after "of which", "of these" that cannot be of the cohort: larger than the
    share before it, or its count over it gives the count before it ("75 (40.3%) patients
    reported an event and, of these, 13 (17.3%)": 13 of 75). "73 (83%) patients of which 41
    (47%) were severe" (41 of the cohort's 88) is the cohort's."""
    before = text[span[0] : at]
    after = text[at : span[1]]
    number = re.match(rf"{NUM}\s?%", after)
    if not (
        _SUBGROUP_BEFORE.search(before[-60:])
        or (number and _SUBGROUP_AFTER.match(after, number.end()))
    ):
        return False
    earlier = [
        other
        for other in rows
        if other is not row
        and other["outcome"].endswith("_rate")
        and span[0] <= other["start"]
        and other["end"] <= at
    ]
    if not earlier:
        return False
    previous = earlier[-1]
    if row["value"] > previous["value"]:
        return True
    count = _COUNT_BEFORE_SHARE.search(before[-20:])
    if count and row["value"]:
        whole = parse_number(count.group(1)) * 100 / row["value"]
        prev_at = _value_position(text, previous)
        prev_count = _COUNT_BEFORE_SHARE.search(text[max(span[0], prev_at - 20) : prev_at])
        return bool(prev_count) and abs(whole - parse_number(prev_count.group(1))) <= 1.5
    return False


def _drop_subgroup_shares_and_conditions(
    text: str, rows: list[dict], sentences: list[tuple[int, int]]
) -> list[dict]:
    kept = []
    for row in rows:
        span = _sentence_of(row["start"], sentences)
        if span is None:
            kept.append(row)
            continue
        at = _value_position(text, row)
        before = text[span[0] : at]
        if _CONDITION_BEFORE.search(before[-80:]):
            continue
        if row["outcome"].endswith("_rate") and _subgroup_share(text, row, rows, span, at):
            continue
        kept.append(row)
    return kept


def _drop_restatements(
    text: str, rows: list[dict], sentences: list[tuple[int, int]], vocab: Vocabulary
) -> list[dict]:
    """A value the conclusion states again ("Conclusion: ... a response rate of 52% and a
    median survival of 24 months") is the same result, not a second one: the first statement is
    kept, with its evidence. A repeat naming another group than the first is kept. Only
    conclusions are read so: in results, two groups may well share a value the text does not
    tie to them ("89 (22%) and 103 (26%) died", after "129 deaths (26%)")."""
    concluding = conclusion_sentences(text, sentences, vocab.background_headings)
    firsts: dict[tuple, dict] = {}
    kept = []
    ordered = sorted(rows, key=lambda r: r["start"])
    for row in ordered:
        key = tuple(row[f] for f in ("outcome", "value", "unit", "event"))
        first = firsts.setdefault(key, row)
        if (
            first is not row
            # "The 30-day mortality rate was 7 %" restated as "a mortality rate of 7 %"
            and row["arm"] in ("", first["arm"])
            and row["timepoint"] in ("", first["timepoint"])
            and _inside(row["start"], concluding)
            and not _inside(first["start"], concluding)
        ):
            continue
        if (
            first is not row
            and row["arm"] in ("", first["arm"])
            and row["timepoint"] == first["timepoint"]
            and _sentence_of(first["start"], sentences) == _sentence_of(row["start"], sentences)
            and _LEADS_A_PAIR.match(text, first["end"])
            and _LEADS_A_PAIR.match(text, row["end"])
            and _AGAINST_ONE_GROUP.search(text, max(0, first["end"] - 60), first["end"])
            and _AGAINST_ANOTHER_GROUP.search(text, max(0, row["end"] - 60), row["end"])
        ):
            # "lower after A than B (10.9 versus 16.3 per cent) or C (10.9 versus 17.4 per
            # cent)": A's value written again against each other group is one result, and the
            # value set against it is C's
            other = _AGAINST_ANOTHER_GROUP.search(text, max(0, row["end"] - 60), row["end"])
            second = next((r for r in ordered if r["start"] > row["start"]), None)
            if second is not None and not second["arm"] and second["outcome"] == row["outcome"]:
                second["arm"] = other.group("group")
                second["modality"] = vocab.modality_of(second["arm"])
            continue
        kept.append(row)
    return kept


_LEADS_A_PAIR = re.compile(r"\s*(?:%|per\s?cent)?\s*(?:vs\.?|versus)\s", re.IGNORECASE)
_GROUP_BRACKET = (
    r"(?:the\s+)?(?P<group>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})\s*[(\[]\s*[\d.·]+$"
)
_AGAINST_ONE_GROUP = re.compile(rf"\bthan\s+(?:those\s+having\s+|in\s+)?{_GROUP_BRACKET}")
_AGAINST_ANOTHER_GROUP = re.compile(rf"\b(?:or|and)\s+(?:in\s+)?{_GROUP_BRACKET}")


def _sentence_of(position: int, sentences: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in sentences if a <= position < b), None)


def _inside(position: int, spans: set[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _drop_repeats(rows: list[dict], key_fields: tuple[str, ...]) -> list[dict]:
    seen = set()
    kept = []
    for row in rows:
        key = tuple(row.get(f) for f in key_fields)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept
