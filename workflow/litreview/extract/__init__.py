"""Rule-based, deterministic extraction of study characteristics, outcome values and effect
estimates from a record's title and abstract, every value anchored to the characters it came
from (``text[start:end] == quote``) and naming the rule that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field

from litreview.extract.curation import apply_curation, load_curation
from litreview.extract.effects import extract_effects
from litreview.extract.outcomes import extract_outcomes
from litreview.extract.qa import qa_checks
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
    sentences = sentence_spans(text)
    study = extract_study(text, sentences, vocab)
    # Values in a sentence quoting other studies are theirs, not this study's.
    background = vocab.background_spans(text, sentences)
    own = [span for span in sentences if span not in background]
    outcomes = extract_outcomes(text, own, vocab)
    effects = extract_effects(text, own, vocab)
    outcomes = _drop_repeats(outcomes, ("arm", "outcome", "timepoint", "value", "start"))
    key = lambda r: (r["start"], r["end"], r.get("rule_id", ""))  # noqa: E731
    return Extraction(
        study=sorted(study, key=lambda r: (r["start"], r["field"], r["end"])),
        outcomes=sorted(outcomes, key=key),
        effects=sorted(effects, key=key),
    )


def _drop_repeats(rows: list[dict], key_fields: tuple[str, ...]) -> list[dict]:
    seen = set()
    kept = []
    for row in rows:
        key = tuple(row.get(f) for f in key_fields)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept
