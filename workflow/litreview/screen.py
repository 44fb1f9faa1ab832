"""Title/abstract screening against configured eligibility criteria, reviewer overrides, and
inter-reviewer agreement.

Every record gets include / exclude / unclear, a reason code from config/screening.yaml, and
the evidence (criterion, term, span in the text) that decided it, so a reviewer checking a
decision sees the words the rule saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from litreview.extract.sentences import sentence_spans
from litreview.extract.vocab import ConfigError, TermMatcher, Vocabulary, load_yaml_validated

DECISIONS = ("include", "exclude", "unclear")
_SELF_REFERENCE = re.compile(
    r"\b(?:we|this|our|present|current|here|herein|these\s+authors)\b", re.IGNORECASE
)


@dataclass
class Criteria:
    raw: dict
    source: str = ""
    population: dict[str, TermMatcher] = field(init=False)
    exclude_designs: TermMatcher = field(init=False)
    outcome_terms: TermMatcher = field(init=False)
    intervention_terms: TermMatcher = field(init=False)
    modalities: set[str] = field(init=False)
    outcomes: set[str] = field(init=False)
    languages: set[str] = field(init=False)
    reason_codes: dict[str, str] = field(init=False)
    min_abstract_chars: int = field(init=False)

    def __post_init__(self):
        raw = self.raw
        self.population = {}
        for group, terms in (raw["population"].get("all_of") or {}).items():
            upper = [t for t in terms if re.fullmatch(r"[A-Z][A-Za-z-]*[A-Z]s?|[a-z][A-Z]+s?", t)]
            plain = [t for t in terms if t not in upper]
            self.population[group] = TermMatcher({group: plain}, {group: upper})
        self.exclude_designs = TermMatcher(
            {k: list(v) for k, v in (raw.get("exclude_designs") or {}).items()}
        )
        outcomes = raw.get("outcomes") or {}
        self.outcome_terms = TermMatcher({"outcome": list(outcomes.get("terms") or [])})
        self.outcomes = set(outcomes.get("outcomes") or [])
        interventions = raw["interventions"]
        self.intervention_terms = TermMatcher(
            {"intervention": list(interventions.get("terms") or [])}
        )
        self.modalities = set(interventions.get("modalities") or [])
        self.languages = {x.lower() for x in raw.get("languages") or []}
        self.reason_codes = dict(raw["reason_codes"])
        self.min_abstract_chars = int(raw.get("min_abstract_chars", 200))


def load_criteria(path: str | Path, vocab: Vocabulary | None = None) -> Criteria:
    """Load config/screening.yaml; with ``vocab``, also check its modality and outcome ids."""
    data = load_yaml_validated(path, "screening.schema.yaml")
    if vocab is not None:
        for key, section, known in (
            ("interventions/modalities", data["interventions"].get("modalities") or [],
             vocab.raw["modalities"]),
            ("outcomes/outcomes", (data.get("outcomes") or {}).get("outcomes") or [],
             vocab.raw["outcomes"]),
        ):  # fmt: skip
            unknown = [x for x in section if x not in known]
            if unknown:
                raise ConfigError(
                    f"{path}: key {key}: {unknown} are not ids in "
                    f"{vocab.source or 'the vocabulary'}; expected some of {sorted(known)}"
                )
    return Criteria(raw=data, source=str(path))


def _evidence(criterion: str, mention) -> dict:
    return {
        "criterion": criterion,
        "term": mention.text,
        "start": mention.start,
        "end": mention.end,
    }


def screen_record(text: str, criteria: Criteria, vocab: Vocabulary, language: str = "") -> dict:
    """Decide one record from ``text`` (title, blank line, abstract). The first failing check
    decides, in this order: language, design, abstract present, population, intervention,
    outcome."""
    title_end = text.find("\n\n")
    title_end = len(text) if title_end < 0 else title_end
    abstract = text[title_end:].strip()
    evidence: list[dict] = []

    def result(decision: str, code: str, reason: str) -> dict:
        if code not in criteria.reason_codes:
            raise ConfigError(f"{criteria.source}: reason_codes lacks {code!r}; add it")
        return {"decision": decision, "reason_code": code, "reason": reason, "evidence": evidence}

    if language and criteria.languages and language.strip().lower() not in criteria.languages:
        return result("exclude", "wrong_language", f"language {language!r} not accepted")

    design_hits = []
    for mention in criteria.exclude_designs.find(text):
        if mention.start < title_end:
            design_hits.append(mention)
            continue
        for s_start, s_end in sentence_spans(text):
            if s_start <= mention.start < s_end:
                if _SELF_REFERENCE.search(text[s_start:s_end]):
                    design_hits.append(mention)
                break
    if design_hits:
        evidence.extend(_evidence(f"design:{m.concept}", m) for m in design_hits)
        names = sorted({m.concept for m in design_hits})
        return result("exclude", "excluded_design", f"study design: {', '.join(names)}")

    if len(abstract) < criteria.min_abstract_chars:
        for group, matcher in criteria.population.items():
            evidence.extend(_evidence(f"population:{group}", m) for m in matcher.find(text)[:1])
        return result(
            "unclear", "no_abstract", f"abstract has {len(abstract)} characters; read full text"
        )

    missing = []
    for group, matcher in criteria.population.items():
        found = matcher.find(text)
        if found:
            evidence.append(_evidence(f"population:{group}", found[0]))
        else:
            missing.append(group)
    if missing:
        return result("exclude", "wrong_population", f"no mention of {', '.join(missing)}")

    interventions = [m for m in vocab.modalities.find(text) if m.concept in criteria.modalities]
    interventions += criteria.intervention_terms.find(text)
    if not interventions:
        return result("exclude", "wrong_intervention", "no liver-directed therapy named")
    first = {}
    for m in interventions:
        first.setdefault(m.concept, m)
    evidence.extend(_evidence(f"intervention:{c}", m) for c, m in sorted(first.items()))

    outcomes = [m for m in vocab.outcomes.find(text) if m.concept in criteria.outcomes]
    outcomes += criteria.outcome_terms.find(text)
    if not outcomes:
        return result("unclear", "no_outcome", "no outcome of interest named")
    evidence.append(_evidence(f"outcome:{outcomes[0].concept}", outcomes[0]))
    return result("include", "meets_criteria", criteria.reason_codes["meets_criteria"])


def read_decision_file(path: str | Path, reason_codes: dict | None = None) -> pd.DataFrame:
    """One reviewer's decisions, checked line by line (errors name file and line)."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several types for malformed CSV
        raise ConfigError(f"{path}: not a readable CSV ({exc})") from exc
    frame.columns = [c.strip() for c in frame.columns]
    ids = [c for c in ("record_id", "study_id") if c in frame.columns]
    missing = [c for c in ("decision", "reason", "reviewer") if c not in frame.columns]
    if not ids or missing:
        raise ConfigError(
            f"{path}: needs columns record_id or study_id, decision, reason, reviewer; "
            f"missing {missing or ['record_id/study_id']}"
        )
    for i, row in frame.iterrows():
        where = f"{path}: data row {i + 1}"
        if row["decision"].strip().lower() not in DECISIONS:
            raise ConfigError(f"{where}: decision {row['decision']!r}; expected one of {DECISIONS}")
        if not row["reviewer"].strip():
            raise ConfigError(f"{where}: reviewer is empty; name who decided")
        if not any(row[c].strip() for c in ids):
            raise ConfigError(f"{where}: neither record_id nor study_id is given")
        if reason_codes is not None and row["reason"].strip() not in reason_codes:
            raise ConfigError(
                f"{where}: reason {row['reason']!r} is not a reason code; expected one of "
                f"{sorted(reason_codes)}"
            )
    frame["decision"] = frame["decision"].str.strip().str.lower()
    for c in ("record_id", "study_id"):
        if c not in frame.columns:
            frame[c] = ""
    frame["source_file"] = path.name
    return frame


def apply_screening_decisions(
    auto: pd.DataFrame, decision_files: list[Path], reason_codes: dict | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    """Override rule decisions with reviewers' decisions and measure their agreement.

    ``auto`` has one row per record (``record_id``, optionally ``study_id``, ``decision``,
    ``reason_code``, ...). Returns the table with ``decision_source`` (auto/manual),
    ``reviewers`` and the rule's decision kept in ``auto_decision``/``auto_reason_code``; and one
    agreement dict per pair of reviewers (reviewer_a, reviewer_b, n_both, observed_agreement,
    kappa, from statsmodels' Cohen's kappa)."""
    table = auto.copy()
    table["auto_decision"] = table["decision"]
    table["auto_reason_code"] = table["reason_code"]
    table["decision_source"] = "auto"
    table["reviewers"] = ""
    files = [read_decision_file(p, reason_codes) for p in sorted(map(Path, decision_files))]
    if not files:
        return table, []
    decisions = pd.concat(files, ignore_index=True)
    if (decisions["study_id"].str.strip() != "").any() and "study_id" not in table.columns:
        raise ConfigError("decisions name study_id but the screening table has no study_id column")
    by_record: dict[str, dict[str, tuple[str, str]]] = {}
    known = set(table["record_id"])
    for _, row in decisions.iterrows():
        if row["record_id"].strip():
            targets = [row["record_id"].strip()]
        else:
            targets = list(table.loc[table["study_id"] == row["study_id"].strip(), "record_id"])
        unknown = [t for t in targets if t not in known] or ([] if targets else [row["study_id"]])
        if unknown:
            raise ConfigError(
                f"{row['source_file']}: id {unknown[0]!r} is not a screened record or study; "
                "check it against results/screen/"
            )
        for target in targets:
            by_record.setdefault(target, {})[row["reviewer"].strip()] = (
                row["decision"],
                row["reason"].strip(),
            )
    index = {rid: i for i, rid in zip(table.index, table["record_id"], strict=True)}
    for record_id, votes in by_record.items():
        i = index[record_id]
        kinds = {d for d, _ in votes.values()}
        table.at[i, "decision_source"] = "manual"
        table.at[i, "reviewers"] = "; ".join(sorted(votes))
        if len(kinds) == 1:
            decision = kinds.pop()
            reasons = sorted({r for _, r in votes.values()})
            table.at[i, "decision"] = decision
            table.at[i, "reason_code"] = reasons[0]
            table.at[i, "reason"] = "reviewer decision"
        else:
            table.at[i, "decision"] = "unclear"
            table.at[i, "reason_code"] = "reviewer_conflict"
            table.at[i, "reason"] = "; ".join(f"{r}: {d}" for r, (d, _) in sorted(votes.items()))
    return table, _agreement(by_record)


def _agreement(by_record: dict[str, dict[str, tuple[str, str]]]) -> list[dict]:
    from statsmodels.stats.inter_rater import cohens_kappa

    reviewers = sorted({r for votes in by_record.values() for r in votes})
    results = []
    for a_i, a in enumerate(reviewers):
        for b in reviewers[a_i + 1 :]:
            pairs = [(v[a][0], v[b][0]) for v in by_record.values() if a in v and b in v]
            if not pairs:
                continue
            matrix = pd.crosstab(
                pd.Categorical([p[0] for p in pairs], categories=DECISIONS),
                pd.Categorical([p[1] for p in pairs], categories=DECISIONS),
                dropna=False,
            ).to_numpy()
            observed = sum(x == y for x, y in pairs) / len(pairs)
            try:
                kappa = float(cohens_kappa(matrix, return_results=False))
            except (ZeroDivisionError, ValueError):
                kappa = float("nan")
            results.append(
                {"reviewer_a": a, "reviewer_b": b, "n_both": len(pairs),
                 "observed_agreement": round(observed, 4), "kappa": round(kappa, 4)}
            )  # fmt: skip
    return results
