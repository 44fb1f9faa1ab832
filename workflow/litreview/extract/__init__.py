"""Rule-based, deterministic extraction of study characteristics, outcome values and effect
estimates from a record's title and abstract, every value anchored to the characters it came
from (``text[start:end] == quote``) and naming the rule that produced it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from litreview.extract.curation import apply_curation, load_curation
from litreview.extract.effects import extract_effects
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
