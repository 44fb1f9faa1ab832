"""Quality and risk-of-bias scoring with instruments defined as data (config/instruments/*.yaml).

A first pass, not a verdict: every item of every instrument gets a row with its score, the rule
that gave it and the evidence span in the study's text, or ``not_reported`` when the abstract says
nothing. Reviewers' scores (config/quality_assessments/*.csv) override the automatic ones and are
marked; two reviewers' agreement is measured with Cohen's kappa.

The matching engine is written here because no library scores appraisal items: it is a small
interpreter of the rules the YAML describes (patterns, conditions on extracted fields, stated
numbers such as follow-up), so instruments change without code changes.
"""

from __future__ import annotations

import csv
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "instrument.schema.yaml"

DESIGNS = (
    "rct",
    "prospective_cohort",
    "retrospective_cohort",
    "population_based_cohort",
    "case_series",
    "systematic_review_meta_analysis",
    "narrative_review",
    "protocol",
    "other",
)

# Keys of the study dict copied into every row, so each row names its study and source.
STUDY_KEYS = ("study_id", "record_id", "source_sha256")

QUALITY_COLUMNS = [
    *STUDY_KEYS,
    "instrument",
    "kind",
    "item_order",
    "item_id",
    "domain",
    "item",
    "applies",
    "score",
    "max_score",
    "not_reported",
    "rule_id",
    "start",
    "end",
    "quote",
    "basis",
    "reason",
]

# Columns apply_assessments adds.
ASSESSED_COLUMNS = ["auto_score", "score_source", "reviewer_scores", "reviewer_notes"]

ASSESSMENT_COLUMNS = ["study_id", "instrument", "item_id", "score", "note"]
CONSENSUS_REVIEWER = "consensus"

DEFAULT_NEGATION_CUE = (
    r"\b(?:no|not|non|without|neither|nor|never|none|lack\s+of|absence\s+of)\b"
    r"(?:[\s-]+[\w%]+){0,2}[\s-]*$"
)
DEFAULT_NEGATION_WINDOW = 40

# A sentence ends at . ! ? followed by white space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


class InstrumentError(ValueError):
    """An instrument file is invalid; the message names the file, the item and what to fix."""


class AssessmentError(ValueError):
    """A reviewer assessment file is invalid; the message names the file and line."""


@dataclass(frozen=True)
class Measure:
    patterns: tuple[re.Pattern, ...]
    unit_factors: dict
    percent_of: str | None
    at_least: float | None
    below: float | None


@dataclass(frozen=True)
class Rule:
    id: str
    score: int
    description: str
    patterns: tuple[re.Pattern, ...] = ()
    absent_patterns: tuple[re.Pattern, ...] = ()
    reject_sentence: re.Pattern | None = None
    fields: dict = field(default_factory=dict)
    measure: Measure | None = None
    negation: bool = True


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    domain: str
    scores: tuple[int, ...]
    rules: tuple[Rule, ...]
    score_labels: dict = field(default_factory=dict)
    applies_when: dict = field(default_factory=dict)
    not_applicable_reason: str = ""

    @property
    def max_score(self) -> int:
        return max(self.scores)


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    kind: str
    designs: tuple[str, ...]
    not_applicable_reason: str
    items: tuple[Item, ...]
    negation_cue: re.Pattern
    negation_window: int
    reference: str = ""
    path: str = ""

    def item(self, item_id: str) -> Item | None:
        return next((it for it in self.items if it.id == item_id), None)


# --------------------------------------------------------------------------------------------
# Loading and validation


def _load_schema(schema_path: Path) -> dict:
    with open(schema_path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _describe_location(data: dict, path: Sequence) -> str:
    """Name the item and rule a JSON path (['items', 3, 'rules', 0, 'score']) points into."""
    parts = []
    node = data
    for position, key in enumerate(path):
        last = position == len(path) - 1
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(key, int) and isinstance(node, dict) and "id" in node:
            kind = "rule" if parts and parts[-1][0] == "item" else "item"
            parts.append((kind, node["id"]))
        elif isinstance(key, str) and last:
            parts.append(("field", key))
    return ", ".join(f"{kind} {name!r}" for kind, name in parts) or "top level"


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InstrumentError(
            f"{where}: the pattern {pattern!r} is not a valid regular expression ({exc}). "
            "Fix the pattern; remember that YAML single quotes keep backslashes as written."
        ) from exc


def _build_measure(raw: dict, where: str) -> Measure:
    patterns = tuple(_compile(p, where) for p in raw["patterns"])
    for pattern in patterns:
        if "value" not in pattern.groupindex:
            raise InstrumentError(
                f"{where}: the measure pattern {pattern.pattern!r} has no named group "
                "(?P<value>...); add one around the number to read."
            )
    if raw.get("at_least") is None and raw.get("below") is None:
        raise InstrumentError(f"{where}: a measure needs at_least or below to compare with.")
    return Measure(
        patterns=patterns,
        unit_factors={str(k).lower(): float(v) for k, v in (raw.get("unit_factors") or {}).items()},
        percent_of=raw.get("percent_of"),
        at_least=raw.get("at_least"),
        below=raw.get("below"),
    )


def _build_instrument(data: dict, path: str) -> Instrument:
    negation = data.get("negation") or {}
    inst_id = data["id"]
    where_inst = f"{path}: instrument {inst_id!r}"
    cue = _compile(negation.get("cue", DEFAULT_NEGATION_CUE), f"{where_inst}, negation cue")
    items = []
    seen_items: set[str] = set()
    seen_rules: set[str] = set()
    for raw_item in data["items"]:
        item_id = raw_item["id"]
        where_item = f"{path}: item {item_id!r}"
        if item_id in seen_items:
            raise InstrumentError(f"{where_item}: the item id is used twice; ids must be unique.")
        seen_items.add(item_id)
        scores = tuple(sorted(raw_item["scores"]))
        rules = []
        for raw_rule in raw_item["rules"]:
            rule_id = raw_rule["id"]
            where = f"{where_item}, rule {rule_id!r}"
            if rule_id in seen_rules:
                raise InstrumentError(f"{where}: the rule id is used twice; ids must be unique.")
            seen_rules.add(rule_id)
            if raw_rule["score"] not in scores:
                raise InstrumentError(
                    f"{where}: score {raw_rule['score']} is not one of the item's allowed "
                    f"scores {list(scores)}. Change the rule's score or the item's scores."
                )
            if not any(k in raw_rule for k in ("patterns", "fields", "measure")):
                raise InstrumentError(
                    f"{where}: the rule has no condition (patterns, fields or measure), so it "
                    "would score every study. Add a condition."
                )
            rules.append(
                Rule(
                    id=rule_id,
                    score=int(raw_rule["score"]),
                    description=" ".join(raw_rule["description"].split()),
                    patterns=tuple(_compile(p, where) for p in raw_rule.get("patterns", [])),
                    absent_patterns=tuple(
                        _compile(p, where) for p in raw_rule.get("absent_patterns", [])
                    ),
                    reject_sentence=(
                        _compile(raw_rule["reject_sentence"], where)
                        if raw_rule.get("reject_sentence")
                        else None
                    ),
                    fields=dict(raw_rule.get("fields") or {}),
                    measure=(
                        _build_measure(raw_rule["measure"], where)
                        if "measure" in raw_rule
                        else None
                    ),
                    negation=bool(raw_rule.get("negation", True)),
                )
            )
        items.append(
            Item(
                id=item_id,
                text=raw_item["text"],
                domain=raw_item.get("domain", ""),
                scores=scores,
                rules=tuple(rules),
                score_labels={int(k): v for k, v in (raw_item.get("score_labels") or {}).items()},
                applies_when=dict(raw_item.get("applies_when") or {}),
                not_applicable_reason=" ".join(raw_item.get("not_applicable_reason", "").split()),
            )
        )
    if data["kind"] == "level" and len(items) != 1:
        raise InstrumentError(
            f"{where_inst}: a 'level' instrument has exactly one item (the level); "
            f"found {len(items)}."
        )
    return Instrument(
        id=inst_id,
        name=data["name"],
        kind=data["kind"],
        designs=tuple(data["applies_to"]["designs"]),
        not_applicable_reason=" ".join(data["applies_to"].get("reason", "").split()),
        items=tuple(items),
        negation_cue=cue,
        negation_window=int(negation.get("window", DEFAULT_NEGATION_WINDOW)),
        reference=" ".join(data.get("reference", "").split()),
        path=path,
    )


def load_instruments(
    paths: Iterable[str | Path], schema_path: str | Path = SCHEMA_PATH
) -> list[Instrument]:
    """Read and validate instrument YAML files, in the order given. Raises InstrumentError naming
    the file, the item and the rule at fault."""
    import jsonschema

    schema = _load_schema(Path(schema_path))
    validator = jsonschema.Draft202012Validator(schema)
    instruments: list[Instrument] = []
    for path in paths:
        path = str(path)
        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
        except OSError as exc:
            raise InstrumentError(f"{path}: cannot read the instrument file ({exc}).") from exc
        except yaml.YAMLError as exc:
            raise InstrumentError(f"{path}: not valid YAML ({exc}).") from exc
        if not isinstance(data, dict):
            raise InstrumentError(f"{path}: expected a mapping with id, name, kind, items.")
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            error = errors[0]
            where = _describe_location(data, list(error.absolute_path))
            raise InstrumentError(
                f"{path}: {where}: {error.message}. See {Path(schema_path).name} for the "
                f"expected structure ({len(errors)} problem(s) in this file)."
            )
        instrument = _build_instrument(data, path)
        if any(other.id == instrument.id for other in instruments):
            raise InstrumentError(
                f"{path}: instrument id {instrument.id!r} is already defined by another file; "
                "give each instrument its own id."
            )
        instruments.append(instrument)
    return instruments


# --------------------------------------------------------------------------------------------
# Scoring one study


def _known(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str | list | tuple | set) and len(value) == 0)


def _as_number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _field_holds(value, condition: dict) -> bool:
    known = _known(value)
    if "present" in condition and condition["present"] != known:
        return False
    if not known:
        return condition.get("present") is False
    if "in" in condition:
        allowed = {str(v) for v in condition["in"]}
        values = value if isinstance(value, list | tuple | set) else [value]
        if not any(str(v) in allowed for v in values):
            return False
    if "at_least" in condition or "below" in condition:
        number = _as_number(value)
        if number is None:
            return False
        if "at_least" in condition and number < condition["at_least"]:
            return False
        if "below" in condition and number >= condition["below"]:
            return False
    return True


def _field_span(study: dict, name: str, text: str) -> tuple[int, int] | None:
    span = study.get(f"{name}_span")
    if not span or len(span) != 2:
        return None
    start, end = (_as_number(s) for s in span)
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return None
    return int(start), int(end)


def _format_value(value) -> str:
    if isinstance(value, list | tuple):
        return "|".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Text:
    """The study text with its sentence boundaries, shared by every rule of one study."""

    def __init__(self, text: str):
        self.text = text
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def sentence(self, pos: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self._ends, pos)
        start = self._ends[i - 1] if i > 0 else 0
        end = self._ends[i] if i < len(self._ends) else len(self.text)
        return start, end

    def usable(self, match: re.Match, rule: Rule, instrument: Instrument) -> bool:
        """A match counts unless it is negated or sits in a sentence the rule rejects."""
        s_start, s_end = self.sentence(match.start())
        if rule.negation:
            window_start = max(s_start, match.start() - instrument.negation_window)
            if instrument.negation_cue.search(self.text[window_start : match.start()]):
                return False
        rejected = rule.reject_sentence and rule.reject_sentence.search(self.text[s_start:s_end])
        return not rejected

    def first_match(self, patterns, rule, instrument) -> re.Match | None:
        # Pattern order is priority (most specific first), then position in the text.
        for pattern in patterns:
            for match in pattern.finditer(self.text):
                if self.usable(match, rule, instrument):
                    return match
        return None


def _measure_value(match: re.Match, measure: Measure, study: dict) -> float | None:
    value = _as_number(match.group("value"))
    if value is None:
        return None
    unit = match.groupdict().get("unit")
    if unit:
        unit = unit.lower()
        prefixes = [p for p in measure.unit_factors if unit.startswith(p)]
        if not prefixes:
            return None
        return value * measure.unit_factors[max(prefixes, key=len)]
    if measure.percent_of:
        total = _as_number(study.get(measure.percent_of))
        if not total:
            return None
        return 100.0 * value / total
    return value


def _evaluate_rule(rule: Rule, doc: _Text, study: dict, instrument: Instrument):
    """Return (span, basis) when every condition of the rule holds, else None."""
    basis = []
    field_span = None
    for name, condition in rule.fields.items():
        value = study.get(name)
        if not _field_holds(value, condition):
            return None
        if _known(value):
            basis.append(f"{name}={_format_value(value)}")
        field_span = field_span or _field_span(study, name, doc.text)
    for pattern in rule.absent_patterns:
        if any(doc.usable(m, rule, instrument) for m in pattern.finditer(doc.text)):
            return None
    span = None
    if rule.patterns:
        match = doc.first_match(rule.patterns, rule, instrument)
        if match is None:
            return None
        span = match.span()
        basis.append("text")
    if rule.measure is not None:
        match = doc.first_match(rule.measure.patterns, rule, instrument)
        if match is None:
            return None
        value = _measure_value(match, rule.measure, study)
        if value is None:
            return None
        if rule.measure.at_least is not None and value < rule.measure.at_least:
            return None
        if rule.measure.below is not None and value >= rule.measure.below:
            return None
        span = match.span()
        basis.append(f"stated value={value:.1f}")
    return (span or field_span), "; ".join(basis)


def _study_ids(study: dict) -> dict:
    return {key: study.get(key, "") for key in STUDY_KEYS}


def _row(ids, instrument: Instrument, order: int, item: Item, **values) -> dict:
    row = {
        **ids,
        "instrument": instrument.id,
        "kind": instrument.kind,
        "item_order": order,
        "item_id": item.id,
        "domain": item.domain,
        "item": item.text,
        "applies": "yes",
        "score": None,
        "max_score": item.max_score,
        "not_reported": None,
        "rule_id": "",
        "start": None,
        "end": None,
        "quote": "",
        "basis": "",
        "reason": "",
    }
    row.update(values)
    return row


def score_item(item: Item, instrument: Instrument, doc: _Text, study: dict) -> dict:
    """Score one item: the first rule that holds, or not reported. Returns the row's values."""
    for rule in item.rules:
        result = _evaluate_rule(rule, doc, study, instrument)
        if result is None:
            continue
        span, basis = result
        values = {
            "score": rule.score,
            "not_reported": "no",
            "rule_id": rule.id,
            "basis": basis,
            "reason": rule.description,
        }
        if span is not None:
            values.update(start=span[0], end=span[1], quote=doc.text[span[0] : span[1]])
        elif rule.score > 0:
            # Said, not hidden: the score rests on an extracted field that came without offsets.
            values["reason"] += " No evidence span: the extracted field came without offsets."
        return values
    return {
        # A level has no "0"; an unplaced study gets no level rather than a guessed one.
        "score": 0 if instrument.kind == "score" else None,
        "not_reported": "yes",
        "rule_id": f"{instrument.id}.{item.id}.not_reported",
        "reason": "The title and abstract do not address this item.",
    }


def score_study(text: str, study: dict, instruments: Sequence[Instrument]) -> list[dict]:
    """Score one study against every instrument. ``text`` is title + "\\n\\n" + abstract; every
    start/end indexes it. ``study`` holds the extracted characteristics (design, n_arms,
    median_follow_up_months, accrual_start, n_patients, ... and ``<field>_span`` offsets)."""
    doc = _Text(text or "")
    ids = _study_ids(study)
    design = study.get("design")
    rows = []
    for instrument in instruments:
        if not _known(design):
            excluded = "The study design was not extracted, so the instrument cannot be chosen."
        elif design not in instrument.designs:
            excluded = f"Design {design!r}: {instrument.not_applicable_reason}".strip()
        else:
            excluded = None
        for order, item in enumerate(instrument.items, start=1):
            if excluded:
                rows.append(_row(ids, instrument, order, item, applies="no", reason=excluded))
                continue
            unmet = [
                name
                for name, condition in item.applies_when.items()
                if not _field_holds(study.get(name), condition)
            ]
            if unmet:
                reason = item.not_applicable_reason or f"Condition on {', '.join(unmet)} not met."
                basis = "; ".join(f"{n}={_format_value(study.get(n))}" for n in unmet)
                rows.append(
                    _row(ids, instrument, order, item, applies="no", reason=reason, basis=basis)
                )
                continue
            scored = score_item(item, instrument, doc, study)
            rows.append(_row(ids, instrument, order, item, **scored))
    return rows


# --------------------------------------------------------------------------------------------
# Summary per study


def _applicable(row: dict) -> bool:
    return row.get("applies") == "yes"


def summarise(rows: Iterable[dict]) -> list[dict]:
    """One row per study: for each scored instrument its total, maximum (of the applicable
    items), percentage of the maximum and number of items not reported; for each level
    instrument the level. Studies are sorted by study_id."""
    by_study: dict[str, dict] = {}
    for row in rows:
        study = by_study.setdefault(row["study_id"], {k: row.get(k, "") for k in STUDY_KEYS})
        inst = row["instrument"]
        if row.get("kind") == "level":
            study.setdefault(f"{inst}_level", None)
            study.setdefault(f"{inst}_rule_id", "")
            if _applicable(row) and row.get("score") is not None:
                study[f"{inst}_level"] = int(row["score"])
                study[f"{inst}_rule_id"] = row.get("rule_id", "")
            continue
        study.setdefault(f"{inst}_applies", "no")
        for suffix in ("total", "max", "not_reported"):
            study.setdefault(f"{inst}_{suffix}", 0)
        study.setdefault(f"{inst}_percent", None)
        if not _applicable(row):
            continue
        study[f"{inst}_applies"] = "yes"
        study[f"{inst}_total"] += int(row["score"] or 0)
        study[f"{inst}_max"] += int(row["max_score"] or 0)
        study[f"{inst}_not_reported"] += row.get("not_reported") == "yes"
    for study in by_study.values():
        for key in list(study):
            if key.endswith("_applies"):
                inst = key[: -len("_applies")]
                if study[key] == "yes" and study[f"{inst}_max"]:
                    study[f"{inst}_percent"] = round(
                        100.0 * study[f"{inst}_total"] / study[f"{inst}_max"], 1
                    )
                else:
                    study[f"{inst}_total"] = study[f"{inst}_max"] = None
                    study[f"{inst}_not_reported"] = None
    return [by_study[k] for k in sorted(by_study)]


# --------------------------------------------------------------------------------------------
# Reviewer assessments


def _instrument_index(instruments) -> dict[tuple[str, str], Item]:
    return {(inst.id, item.id): item for inst in instruments or () for item in inst.items}


def load_assessments(
    paths: Iterable[str | Path], instruments: Sequence[Instrument] | None = None
) -> pd.DataFrame:
    """Read reviewer CSV files (study_id, instrument, item_id, score, note; lines starting with
    # are comments). The reviewer is the file's stem; ``consensus.csv`` holds adjudicated scores.
    With ``instruments``, instrument, item and score are checked against them."""
    index = _instrument_index(instruments)
    records = []
    for path in sorted(map(Path, paths)):
        reviewer = path.stem
        seen: dict[tuple[str, str, str], int] = {}
        with open(path, encoding="utf-8-sig", newline="") as handle:
            numbered = [
                (n, line)
                for n, line in enumerate(handle, start=1)
                if line.strip() and not line.lstrip().startswith("#")
            ]
        if not numbered:
            continue
        reader = csv.reader(line for _, line in numbered)
        header = [h.strip() for h in next(reader)]
        missing = [c for c in ASSESSMENT_COLUMNS if c != "note" and c not in header]
        if missing:
            raise AssessmentError(
                f"{path}, line {numbered[0][0]}: missing column(s) {', '.join(missing)}; the "
                f"header must be {','.join(ASSESSMENT_COLUMNS)}."
            )
        for (line_no, _), values in zip(numbered[1:], reader, strict=True):
            entry = dict(zip(header, (v.strip() for v in values), strict=False))
            where = f"{path}, line {line_no}"
            key = (entry.get("study_id", ""), entry.get("instrument", ""), entry.get("item_id", ""))
            if not all(key):
                raise AssessmentError(f"{where}: study_id, instrument and item_id are required.")
            try:
                score = int(entry.get("score", ""))
            except ValueError:
                raise AssessmentError(
                    f"{where}: score {entry.get('score', '')!r} is not a whole number."
                ) from None
            if index:
                item = index.get(key[1:])
                if item is None:
                    known = sorted({f"{i}/{t}" for i, t in index})
                    raise AssessmentError(
                        f"{where}: no item {key[2]!r} in instrument {key[1]!r}. "
                        f"Use one of: {', '.join(known)}."
                    )
                if score not in item.scores:
                    raise AssessmentError(
                        f"{where}: score {score} is not allowed for {key[1]} {key[2]}; "
                        f"allowed: {list(item.scores)}."
                    )
            if key in seen:
                raise AssessmentError(
                    f"{where}: {key[0]} {key[1]} {key[2]} was already scored on line "
                    f"{seen[key]}; keep one line per study and item."
                )
            seen[key] = line_no
            records.append(
                {
                    "reviewer": reviewer,
                    "study_id": key[0],
                    "instrument": key[1],
                    "item_id": key[2],
                    "score": score,
                    "note": entry.get("note", "") or "",
                    "file": str(path),
                    "line": line_no,
                }
            )
    columns = ["reviewer", *ASSESSMENT_COLUMNS, "file", "line"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.sort_values(["study_id", "instrument", "item_id", "reviewer"], kind="stable")


def apply_assessments(
    rows: Sequence[dict],
    assessment_files: Iterable[str | Path],
    instruments: Sequence[Instrument] | None = None,
) -> list[dict]:
    """Rows with reviewers' scores applied. A consensus score wins; otherwise the reviewers' score
    when they agree; when they disagree the automatic score stays and the row says so. Adds
    auto_score, score_source (auto, reviewer, consensus, auto-reviewers-disagree),
    reviewer_scores and reviewer_notes. An assessment naming no scored row is an error."""
    assessments = load_assessments(assessment_files, instruments)
    keyed: dict[tuple[str, str, str], list[dict]] = {}
    for entry in assessments.to_dict("records"):
        key = (entry["study_id"], entry["instrument"], entry["item_id"])
        keyed.setdefault(key, []).append(entry)
    row_keys = {(r["study_id"], r["instrument"], r["item_id"]) for r in rows}
    for key, entries in keyed.items():
        if key not in row_keys:
            entry = entries[0]
            raise AssessmentError(
                f"{entry['file']}, line {entry['line']}: no scored row for study {key[0]!r}, "
                f"{key[1]} {key[2]}. Check the study_id against results/quality; remove the "
                "line if the study left the review."
            )
    out = []
    for row in rows:
        row = dict(row)
        entries = keyed.get((row["study_id"], row["instrument"], row["item_id"]), [])
        row["auto_score"] = row.get("score")
        row["score_source"] = "auto"
        row["reviewer_scores"] = "; ".join(f"{e['reviewer']}={e['score']}" for e in entries)
        row["reviewer_notes"] = "; ".join(
            f"{e['reviewer']}: {e['note']}" for e in entries if e["note"]
        )
        consensus = [e for e in entries if e["reviewer"] == CONSENSUS_REVIEWER]
        reviewers = [e for e in entries if e["reviewer"] != CONSENSUS_REVIEWER]
        final = None
        if consensus:
            final, row["score_source"] = consensus[0]["score"], "consensus"
        elif reviewers and len({e["score"] for e in reviewers}) == 1:
            final, row["score_source"] = reviewers[0]["score"], "reviewer"
        elif reviewers:
            row["score_source"] = "auto-reviewers-disagree"
        if final is not None:
            if row.get("applies") != "yes":
                row["applies"] = "yes"
                row["reason"] = f"Applied by reviewer. {row.get('reason', '')}".strip()
            row["score"] = final
            if final > 0:
                row["not_reported"] = "no"
        out.append(row)
    return out


# --------------------------------------------------------------------------------------------
# Agreement between reviewers


def _kappa(first: Sequence[int], second: Sequence[int], categories: Sequence[int]) -> dict:
    from statsmodels.stats.inter_rater import cohens_kappa

    position = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for a, b in zip(first, second, strict=True):
        table[position[a], position[b]] += 1
    n = int(table.sum())
    observed = float(np.trace(table) / n) if n else float("nan")
    result = {"n_studies": n, "percent_agreement": round(100 * observed, 1) if n else None}
    expected_all_one = n and (table.sum(axis=0).max() == n and table.sum(axis=1).max() == n)
    if not n or len(categories) < 2 or expected_all_one:
        # Both reviewers used one and the same category: kappa is 0/0, undefined.
        result.update(kappa=None, kappa_low=None, kappa_high=None)
        result["note"] = "kappa undefined: both reviewers used a single category" if n else ""
        return result
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        # Linear weights over the ordered categories (0/1/2); for two categories this equals
        # the unweighted kappa.
        res = cohens_kappa(table, wt="linear")
    result.update(
        kappa=_rounded(res.kappa),
        kappa_low=_rounded(res.kappa_low),
        kappa_high=_rounded(res.kappa_upp),
    )
    result["note"] = ""
    return result


def _rounded(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, 3)


def agreement(
    assessments: pd.DataFrame | Iterable[str | Path],
    instruments: Sequence[Instrument] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement between every pair of reviewers (consensus excluded): per item and, per
    instrument, overall (item_id ALL), as linearly weighted Cohen's kappa over the studies both
    scored, with its 95% interval and percent agreement. Returns (agreement, disagreements);
    disagreements lists each study and item the two scored differently, to adjudicate."""
    if not isinstance(assessments, pd.DataFrame):
        assessments = load_assessments(assessments, instruments)
    index = _instrument_index(instruments)
    frame = assessments[assessments["reviewer"] != CONSENSUS_REVIEWER]
    reviewers = sorted(frame["reviewer"].unique())
    agree_rows, disagree_rows = [], []
    for rev_a, rev_b in combinations(reviewers, 2):
        a = frame[frame["reviewer"] == rev_a]
        b = frame[frame["reviewer"] == rev_b]
        keys = ["study_id", "instrument", "item_id"]
        both = a.merge(b, on=keys, suffixes=("_a", "_b"))
        for inst_id, inst_pairs in both.groupby("instrument", sort=True):
            pooled_categories: set[int] = set()
            for item_id, pairs in inst_pairs.groupby("item_id", sort=True):
                item = index.get((inst_id, item_id))
                observed = set(pairs["score_a"]) | set(pairs["score_b"])
                categories = sorted(set(item.scores) | observed if item else observed)
                pooled_categories |= set(categories)
                stats = _kappa(list(pairs["score_a"]), list(pairs["score_b"]), categories)
                agree_rows.append(
                    {
                        "reviewer_a": rev_a,
                        "reviewer_b": rev_b,
                        "instrument": inst_id,
                        "item_id": item_id,
                        "weighting": "linear",
                        **stats,
                    }
                )
            stats = _kappa(
                list(inst_pairs["score_a"]), list(inst_pairs["score_b"]), sorted(pooled_categories)
            )
            agree_rows.append(
                {
                    "reviewer_a": rev_a,
                    "reviewer_b": rev_b,
                    "instrument": inst_id,
                    "item_id": "ALL",
                    "weighting": "linear",
                    **stats,
                }
            )
        differ = both[both["score_a"] != both["score_b"]]
        for entry in differ.to_dict("records"):
            disagree_rows.append(
                {
                    "study_id": entry["study_id"],
                    "instrument": entry["instrument"],
                    "item_id": entry["item_id"],
                    "reviewer_a": rev_a,
                    "score_a": entry["score_a"],
                    "note_a": entry["note_a"],
                    "reviewer_b": rev_b,
                    "score_b": entry["score_b"],
                    "note_b": entry["note_b"],
                    "difference": abs(int(entry["score_a"]) - int(entry["score_b"])),
                }
            )
    agree_columns = [
        "reviewer_a",
        "reviewer_b",
        "instrument",
        "item_id",
        "weighting",
        "n_studies",
        "percent_agreement",
        "kappa",
        "kappa_low",
        "kappa_high",
        "note",
    ]
    disagree_columns = [
        "study_id",
        "instrument",
        "item_id",
        "reviewer_a",
        "score_a",
        "note_a",
        "reviewer_b",
        "score_b",
        "note_b",
        "difference",
    ]
    agree = pd.DataFrame.from_records(agree_rows, columns=agree_columns)
    disagree = pd.DataFrame.from_records(disagree_rows, columns=disagree_columns)
    disagree = disagree.sort_values(
        ["study_id", "instrument", "item_id", "reviewer_a", "reviewer_b"], kind="stable"
    ).reset_index(drop=True)
    return agree.reset_index(drop=True), disagree
