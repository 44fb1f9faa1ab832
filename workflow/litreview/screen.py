"""Title/abstract screening against configured eligibility criteria, reviewer overrides, and
inter-reviewer agreement.

Every record gets include / exclude / unclear, a reason code from config/screening.yaml, and
the evidence (criterion, term, span in the text) that decided it, so a reviewer checking a
decision sees the words the rule saw.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from litreview.extract.numbers import COUNT
from litreview.extract.sentences import sentence_spans
from litreview.extract.vocab import (
    ConfigError,
    Mention,
    TermMatcher,
    Vocabulary,
    load_yaml_validated,
    term_regex,
)

DECISIONS = ("include", "exclude", "unclear")
_DEFAULT_SELF_REFERENCE = ["we", "this", "our", "present", "current", "here", "herein",
                           "these authors"]  # fmt: skip
# Words of a proximity window: a window never crosses a sentence stop or a semicolon.
_GAP = r"[^\w.;:!?]+"


def _phrases(terms: list[str]) -> str:
    """An alternation of literal phrases (vocabulary term syntax), longest first."""
    return "|".join(term_regex(t) for t in sorted(set(terms), key=len, reverse=True))


def _near_regex(first: list[str], second: list[str], within: int) -> re.Pattern:
    """Either word list, then at most ``within`` words, then the other, in one sentence."""
    a, b = _phrases(first), _phrases(second)
    gap = rf"{_GAP}(?:[\w-]+{_GAP}){{0,{within}}}?"
    return re.compile(rf"\b(?:(?:{a}){gap}(?:{b})|(?:{b}){gap}(?:{a}))\b", re.IGNORECASE)


def _first_words(terms: list[str]) -> tuple[str, ...]:
    """The lower-cased first word of each term: a text holding none of them as a substring
    cannot hold any of the terms (a term's hyphen or space may vary, its first word not)."""
    return tuple(sorted({re.split(r"[\s\-‐‑]+", t.strip())[0].lower() for t in terms}))


def _case_split_matcher(group: str, terms: list[str]) -> TermMatcher:
    """A matcher whose all-capital terms ("NET", "pNET", "PH-NETs") keep their case, so "net"
    and "Net" in running text are not taken for them; other terms ignore case."""
    upper = [t for t in terms if re.fullmatch(r"[A-Z][A-Za-z-]*[A-Z]s?|[a-z][A-Z]+s?", t)]
    plain = [t for t in terms if t not in upper]
    return TermMatcher({group: plain}, {group: upper})


def _cue_regex(patterns: list[str], **placeholders: str) -> re.Pattern | None:
    if not patterns:
        return None
    body = []
    for pattern in patterns:
        for key, value in placeholders.items():
            pattern = pattern.replace("{" + key + "}", value)
        body.append(f"(?:{pattern})")
    return re.compile("|".join(body), re.IGNORECASE)


@dataclass
class Criteria:
    raw: dict
    source: str = ""
    population: dict[str, TermMatcher] = field(init=False)
    # group -> (first words of `first`, of `second`, window regex) per window
    population_near: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], re.Pattern]]] = field(
        init=False
    )
    title_excludes: TermMatcher | None = field(init=False)
    title_excludes_unless: TermMatcher | None = field(init=False)
    negation: re.Pattern | None = field(init=False)
    exclude_designs: TermMatcher = field(init=False)
    self_reference: re.Pattern = field(init=False)
    outcome_terms: TermMatcher = field(init=False)
    intervention_terms: TermMatcher = field(init=False)
    modalities: set[str] = field(init=False)
    modality_terms: TermMatcher | None = field(init=False)
    ambiguous_modalities: set[str] = field(init=False)
    other_modalities: set[str] = field(init=False)
    prior: re.Pattern | None = field(init=False)
    unfit: re.Pattern | None = field(init=False)
    liver_treatment: list[re.Pattern] = field(init=False)
    primary_surgery: re.Pattern | None = field(init=False)
    liver_words: re.Pattern | None = field(init=False)
    unbinding: re.Pattern | None = field(init=False)
    liver_outcome: re.Pattern | None = field(init=False)
    own_data: list[re.Pattern] = field(init=False)
    pooled: re.Pattern | None = field(init=False)
    own_site: re.Pattern | None = field(init=False)
    future: re.Pattern | None = field(init=False)
    case_report_cues: re.Pattern | None = field(init=False)
    protocol_cues: re.Pattern | None = field(init=False)
    review_cues: re.Pattern | None = field(init=False)
    review_title_cues: re.Pattern | None = field(init=False)
    mixed_primaries: TermMatcher | None = field(init=False)
    mixed_min_distinct: int = field(init=False)
    mixed_title_group: str | None = field(init=False)
    mixed_title_min_distinct: int = field(init=False)
    mixed_subject_min: int | None = field(init=False)
    aim: re.Pattern | None = field(init=False)
    outcomes: set[str] = field(init=False)
    languages: set[str] = field(init=False)
    reason_codes: dict[str, str] = field(init=False)
    min_abstract_chars: int = field(init=False)

    def __post_init__(self):
        raw = self.raw
        population = raw["population"]
        self.population = {
            group: _case_split_matcher(group, terms)
            for group, terms in (population.get("all_of") or {}).items()
        }
        title_excludes = population.get("title_excludes") or {}
        self.title_excludes = (
            _case_split_matcher("excluded", title_excludes["terms"])
            if title_excludes.get("terms")
            else None
        )
        unless = title_excludes.get("unless") or []
        self.title_excludes_unless = _case_split_matcher("unless", unless) if unless else None
        # each window with the literal first words of its two lists: a window is only sought
        # in a text that holds a word of each, as the window regex tried at every position of a
        # long text is costly
        self.population_near = {
            group: [
                (
                    _first_words(w["first"]),
                    _first_words(w["second"]),
                    _near_regex(w["first"], w["second"], int(w["within"])),
                )
                for w in windows
            ]
            for group, windows in (population.get("near") or {}).items()
        }
        negations = population.get("negations") or []
        self.negation = (
            re.compile(rf"\b(?:{_phrases(negations)})[-‐‑\s]*$", re.IGNORECASE)
            if negations
            else None
        )
        self.exclude_designs = TermMatcher(
            {k: list(v) for k, v in (raw.get("exclude_designs") or {}).items()}
        )
        self.self_reference = re.compile(
            rf"\b(?:{_phrases(raw.get('self_reference') or _DEFAULT_SELF_REFERENCE)})\b",
            re.IGNORECASE,
        )
        outcomes = raw.get("outcomes") or {}
        self.outcome_terms = TermMatcher({"outcome": list(outcomes.get("terms") or [])})
        self.outcomes = set(outcomes.get("outcomes") or [])
        interventions = raw["interventions"]
        self.intervention_terms = TermMatcher(
            {"intervention": list(interventions.get("terms") or [])}
        )
        self.modalities = set(interventions.get("modalities") or [])
        extra = {k: list(v) for k, v in (interventions.get("modality_terms") or {}).items() if v}
        self.modality_terms = TermMatcher(extra) if extra else None
        self.other_modalities = set(interventions.get("other_modalities") or [])
        prior_words = interventions.get("prior_words") or []
        # the prior word, then at most four words, then the therapy: "prior liver-directed
        # therapy", "had previously undergone hepatic resection"
        self.prior = (
            re.compile(
                rf"\b(?:{_phrases(prior_words)})\b(?!\s+to\b)(?:{_GAP}[\w-]+){{0,4}}?{_GAP}$",
                re.IGNORECASE,
            )
            if prior_words
            else None
        )
        unfit_words = interventions.get("unfit_words") or []
        # the words, then at most one word and no comma, then the therapy: "not candidates for
        # surgery", "unsuitable for major hepatectomy"; a longer reach would find the therapy the
        # unfit patients were given instead ("unfit for surgery underwent TACE", "not
        # candidates for resection, TACE was ...")
        self.unfit = (
            re.compile(rf"\b(?:{_phrases(unfit_words)})(?:\s+[\w-]+)?\s+$", re.IGNORECASE)
            if unfit_words
            else None
        )
        self.liver_treatment = [
            _near_regex(w["first"], w["second"], int(w["within"]))
            for w in interventions.get("liver_treatment_near") or []
        ]
        primary = interventions.get("primary_tumour_surgery") or {}
        self.ambiguous_modalities = set(primary.get("ambiguous_modalities") or [])
        self.primary_surgery = _cue_regex(
            primary.get("patterns") or [],
            op=rf"\b(?:{_phrases(primary.get('operation_words') or ['resection', 'surgery'])})",
            organ=_phrases(primary.get("organ_words") or []) or r"(?!)",
        )
        liver_words = primary.get("liver_words") or []
        self.liver_words = (
            re.compile(rf"\b(?:{_phrases(liver_words)})", re.IGNORECASE) if liver_words else None
        )
        unbinding = primary.get("unbinding_words") or []
        self.unbinding = (
            re.compile(rf"\b(?:{_phrases(unbinding)})\b", re.IGNORECASE) if unbinding else None
        )
        self.liver_outcome = _cue_regex(primary.get("liver_outcome") or [])
        cues = raw.get("study_cues") or {}
        # one regex per cue, tried in the configured order: a cheap cue that finds most primary
        # studies ("underwent") spares the costly ones (a count in words) on most records
        self.own_data = [_cue_regex([p], count=COUNT) for p in cues.get("own_data") or []]
        self.case_report_cues = _cue_regex(cues.get("case_report") or [], count=COUNT)
        self.pooled = _cue_regex(cues.get("pooled") or [], count=COUNT)
        self.own_site = _cue_regex(cues.get("own_site") or [])
        self.future = _cue_regex([cues["future"]] if cues.get("future") else [])
        self.protocol_cues = _cue_regex(cues.get("protocol") or [])
        self.review_cues = _cue_regex(cues.get("review") or [])
        self.review_title_cues = _cue_regex(cues.get("review_title") or [])
        mixed = raw.get("mixed_population") or {}
        terms = {k: list(v) for k, v in (mixed.get("primaries") or {}).items()}
        if mixed.get("terms"):
            terms[_MIXED] = list(mixed["terms"])
        self.mixed_primaries = TermMatcher(terms) if terms else None
        self.mixed_min_distinct = int(mixed.get("min_distinct", 3))
        untitled = mixed.get("title_lacks") or {}
        self.mixed_title_group = untitled.get("group")
        self.mixed_title_min_distinct = int(untitled.get("min_distinct", self.mixed_min_distinct))
        subject_min = untitled.get("min_in_subject")
        self.mixed_subject_min = int(subject_min) if subject_min is not None else None
        self.aim = _cue_regex([untitled["aim"]] if untitled.get("aim") else [])
        if self.mixed_title_group and self.mixed_title_group not in self.population:
            raise ConfigError(
                f"{self.source}: mixed_population/title_lacks/group "
                f"{self.mixed_title_group!r} is not a group of population/all_of; expected one "
                f"of {sorted(self.population)}"
            )
        self.languages = {x.lower() for x in raw.get("languages") or []}
        self.reason_codes = dict(raw["reason_codes"])
        self.min_abstract_chars = int(raw.get("min_abstract_chars", 200))


_MIXED = "mixed_series"


def load_criteria(path: str | Path, vocab: Vocabulary | None = None) -> Criteria:
    """Load config/screening.yaml; with ``vocab``, also check its modality and outcome ids."""
    data = load_yaml_validated(path, "screening.schema.yaml")
    if vocab is not None:
        interventions = data["interventions"]
        ambiguous = (interventions.get("primary_tumour_surgery") or {}).get(
            "ambiguous_modalities"
        ) or []
        for key, section, known in (
            ("interventions/modalities", interventions.get("modalities") or [],
             vocab.raw["modalities"]),
            ("interventions/primary_tumour_surgery/ambiguous_modalities", ambiguous,
             vocab.raw["modalities"]),
            ("interventions/other_modalities", interventions.get("other_modalities") or [],
             vocab.raw["modalities"]),
            ("interventions/modality_terms", list(interventions.get("modality_terms") or {}),
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
    try:
        return Criteria(raw=data, source=str(path))
    except re.error as exc:
        raise ConfigError(
            f"{path}: a pattern under study_cues, near or primary_tumour_surgery is not a valid "
            f"regular expression ({exc}); fix it"
        ) from exc


def _evidence(criterion: str, mention) -> dict:
    return {
        "criterion": criterion,
        "term": mention.text,
        "start": mention.start,
        "end": mention.end,
    }


def _match_evidence(criterion: str, match: re.Match) -> dict:
    return {"criterion": criterion, "term": match.group(0), "start": match.start(),
            "end": match.end()}  # fmt: skip


class _Sentences:
    """The text's sentence spans, split once and only if a rule asks."""

    def __init__(self, text: str):
        self.text = text
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = sentence_spans(self.text)
        return self._spans

    def around(self, pos: int) -> tuple[int, int]:
        spans = self.spans
        i = bisect_right(spans, (pos, len(self.text) + 1)) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        return (pos, pos)


def _mentions(matcher: TermMatcher, text: str) -> Iterator[Mention]:
    """A matcher's mentions one by one, so a check that needs one stops at the first instead
    of finding all (TermMatcher.find); phrases in text order, then configured patterns."""
    for regex in (matcher.regex, matcher.pattern_regex):
        if regex is None:
            continue
        for match in regex.finditer(text):
            concept = matcher.concept_of(match.group(0))
            if concept is not None:
                yield Mention(match.start(), match.end(), concept, match.group(0))


def _population_found(
    group: str, text: str, criteria: Criteria
) -> tuple[str, Mention | re.Match] | None:
    """The first mention of a population group that is not negated ("non-neuroendocrine",
    "extra-hepatic metastases"), else the first such proximity window ("hepatic ...
    metastases") of the group."""

    def negated(start: int) -> bool:
        return criteria.negation is not None and bool(
            criteria.negation.search(text, max(0, start - 20), start)
        )

    for mention in _mentions(criteria.population[group], text):
        if not negated(mention.start):
            return "term", mention
    lowered = None
    for first, second, regex in criteria.population_near.get(group, []):
        lowered = text.lower() if lowered is None else lowered
        if not (any(w in lowered for w in first) and any(w in lowered for w in second)):
            continue
        for match in regex.finditer(text):
            if not negated(match.start()):
                return "near", match
    return None


def _first_match(patterns: list[re.Pattern], text: str) -> re.Match | None:
    for regex in patterns:
        match = regex.search(text)
        if match:
            return match
    return None


def _liver_bound(text: str, mention: Mention, criteria: Criteria) -> bool:
    """An operation aimed at the liver: a liver word in its own name ("hepatic resection") or
    among the three words on either side ("resection of liver metastases"), not beyond a word
    of time ("liver metastasis risk after surgical resection") and not in a phrase that makes
    the liver an outcome ("liver-only recurrence")."""
    after = re.match(rf"(?:{_GAP}[\w-]+){{0,3}}", text[mention.end :])
    before = re.search(
        rf"(?:[\w-]+{_GAP}){{0,3}}$", text[max(0, mention.start - 60) : mention.start]
    )
    before_text = before.group(0) if before else ""
    after_text = after.group(0) if after else ""
    if criteria.unbinding is not None:
        stops = list(criteria.unbinding.finditer(before_text))
        if stops:
            before_text = before_text[stops[-1].end() :]
        stop = criteria.unbinding.search(after_text)
        if stop:
            after_text = after_text[: stop.start()]
    return _names_liver(before_text + mention.text + after_text, 0, None, criteria)


def _names_liver(text: str, start: int, end: int | None, criteria: Criteria) -> bool:
    """A liver word in text[start:end] outside the phrases that make the liver an outcome."""
    end = len(text) if end is None else end
    outcomes = (
        [(m.start(), m.end()) for m in criteria.liver_outcome.finditer(text, start, end)]
        if criteria.liver_outcome is not None
        else []
    )
    for match in criteria.liver_words.finditer(text, start, end):
        if not any(a <= match.start() < b for a, b in outcomes):
            return True
    return False


def _title_excluded(title: str, criteria: Criteria) -> Mention | None:
    """A population outside the review named by the title ("primary hepatic neuroendocrine
    tumours"), while the title does not name metastases too."""
    if criteria.title_excludes is None or not title.strip():
        return None
    found = next(_mentions(criteria.title_excludes, title), None)
    if found is None:
        return None
    unless = criteria.title_excludes_unless
    if unless is not None and next(_mentions(unless, title), None) is not None:
        return None
    return found


def _title_negated(title: str, criteria: Criteria) -> tuple[str, Mention] | None:
    """A population group that the title names only to rule it out ("Liver resection for
    non-colorectal non-neuroendocrine metastases"): the study is of another population, though
    its abstract may name the review's in passing ("resection is a treatment of choice for
    neuroendocrine liver metastases")."""
    if not title.strip() or criteria.negation is None:
        return None
    for group, matcher in criteria.population.items():
        if _population_found(group, title, criteria) is not None:
            continue
        for mention in _mentions(matcher, title):
            if criteria.negation.search(title, max(0, mention.start - 20), mention.start):
                return group, mention
    return None


def _subject(text: str, title_end: int, criteria: Criteria) -> tuple[str, int, int] | None:
    """Where the study names its own subject: ``("title", start, end)``, or without a title
    ``("aim", start, end)``, the first sentence stating the aim ("The aim of the study was to
    evaluate TACE in patients with ...")."""
    if text[:title_end].strip():
        return "title", 0, title_end
    if criteria.aim is None:
        return None
    match = criteria.aim.search(text, title_end)
    return ("aim", *_clause(text, match.start(), match.end())) if match else None


def _other_primary_subject(
    text: str, title_end: int, criteria: Criteria
) -> tuple[Mention, str] | None:
    """A non-neuroendocrine primary that the title (or the aim) names as the study's subject
    while it names no neuroendocrine term ("TACE for liver metastases from pancreatic cancer"):
    the neuroendocrine patients the abstract names elsewhere are a part of the series."""
    group = criteria.mixed_title_group
    if not group or criteria.mixed_subject_min is None or criteria.mixed_primaries is None:
        return None
    found = _subject(text, title_end, criteria)
    if found is None:
        return None
    where, start, end = found
    subject = text[start:end]
    if _population_found(group, subject, criteria) is not None:
        return None
    named: dict[str, Mention] = {}
    for m in criteria.mixed_primaries.find(subject):
        named.setdefault(m.concept, Mention(m.start + start, m.end + start, m.concept, m.text))
    if len(named) < criteria.mixed_subject_min:
        return None
    return min(named.values(), key=lambda m: m.start), where


def _mixed_threshold(title: str, criteria: Criteria) -> int:
    """How many primaries make a mixed series: fewer when a title is there and does not name the
    review's population ("Microwave ablation of liver malignancies"), for then the
    neuroendocrine patients are likely one histology among several."""
    group = criteria.mixed_title_group
    if group and title.strip() and _population_found(group, title, criteria) is None:
        return criteria.mixed_title_min_distinct
    return criteria.mixed_min_distinct


def _primary_surgery_only(text: str, interventions: list[Mention], criteria: Criteria) -> bool:
    """Every therapy named is an operation that may be of either site ("surgery"), none is tied
    to the liver, and the abstract names an operation on the primary tumour."""
    if criteria.primary_surgery is None or criteria.liver_words is None:
        return False
    if any(m.concept not in criteria.ambiguous_modalities for m in interventions):
        return False
    if any(_liver_bound(text, m, criteria) for m in interventions):
        return False
    return criteria.primary_surgery.search(text) is not None


def _is_prior(text: str, mention: Mention, criteria: Criteria) -> bool:
    """A therapy named as earlier treatment ("prior liver-directed therapy", "had previously
    undergone hepatic resection") or as one the patients were unfit for ("not candidates for
    surgery"), a trait of the patients rather than what the study gives."""
    start = max(0, mention.start - 80)
    return any(
        regex is not None and regex.search(text, start, mention.start)
        for regex in (criteria.prior, criteria.unfit)
    )


def _operations_apart_from_liver(
    text: str, interventions: list[Mention], criteria: Criteria, sentences: _Sentences
) -> bool:
    """No sentence that names an operation names the liver or metastases: the operations are
    those on the primary tumour. Any such sentence leaves the doubt to a reviewer ("resection
    of the primary and of liver metastases", a title naming both)."""
    for mention in interventions:
        start, end = sentences.around(mention.start)
        if _names_liver(text, start, end, criteria):
            return False
    return True


# kind read by _study_kind -> (the design it names, why)
_WHY = {
    "case_report": ("case_report", "one patient described"),
    "protocol": ("protocol", "no own patients or results, future tense"),
    "review": ("review", "no own patients or results"),
    "pooled": ("review", "patients of other studies counted"),
    "review_title": ("review", "no own patients or results, a review's title"),
}
_STOP_BEFORE = re.compile(r".*[.!?;](?:\s|$)", re.DOTALL)
_STOP_AFTER = re.compile(r"[.!?;](?:\s|$)")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch between the sentence stops around a match. Cruder than sentence_spans (a
    "vs." may cut it short) but enough to read a clause's tense, and it costs nothing on the
    records whose first cue decides."""
    before = _STOP_BEFORE.match(text, max(0, start - 400), start)
    after = _STOP_AFTER.search(text, end, end + 400)
    return (before.end() if before else max(0, start - 400), after.start() if after else end + 400)


def _study_kind(text: str, title_end: int, criteria: Criteria) -> tuple[str, dict | None]:
    """``("case_report" | "pooled" | "own_data" | "protocol" | "review" | "review_title" |
    "unknown", evidence)``: what the abstract reports, read from tense and structure. One
    patient described makes a case report; other studies counted with their patients, a review.
    Otherwise own data (patients counted, methods in the past tense) wins: a primary study may
    speak of earlier work or of future trials in passing; without it, a protocol or review cue,
    and last a review's title, name the kind."""
    if criteria.case_report_cues is not None:
        match = criteria.case_report_cues.search(text)
        if match:
            return "case_report", _match_evidence("design:case_report_cue", match)
    # Studies counted with their patients ("22 series with 793 patients") make a review even
    # though its sentences read like own data ("were included"); a first-person site or
    # experience leaves the abstract to the own-data reading (it may pool its own series).
    if criteria.pooled is not None:
        match = criteria.pooled.search(text)
        if match and (criteria.own_site is None or not criteria.own_site.search(text)):
            return "pooled", _match_evidence("design:pooled_cue", match)
    for regex in criteria.own_data:
        for match in regex.finditer(text):
            if criteria.future is None or not criteria.future.search(
                text, *_clause(text, match.start(), match.end())
            ):
                return "own_data", _match_evidence("study:own_data", match)
    for kind, regex in (("protocol", criteria.protocol_cues), ("review", criteria.review_cues)):
        match = regex.search(text) if regex is not None else None
        if match:
            return kind, _match_evidence(f"design:{kind}_cue", match)
    # An abstract cut before its own words about itself still has its title ("Recent advances
    # in ...", "Therapeutic options for ...")
    if criteria.review_title_cues is not None:
        match = criteria.review_title_cues.search(text, 0, title_end)
        if match:
            return "review_title", _match_evidence("design:review_title_cue", match)
    return "unknown", None


def screen_record(text: str, criteria: Criteria, vocab: Vocabulary, language: str = "") -> dict:
    """Decide one record from ``text`` (title, blank line, abstract). The first failing check
    decides, in this order: language, design named, abstract present, population (the first
    group missing; a title naming a group only negated, "non-neuroendocrine"; a title naming a
    population outside the review, such as tumours born in the liver), intervention (none:
    excluded, unless a liver treatment the lists lack is named; a liver therapy only as earlier
    treatment or one the patients were unfit for: excluded when another treatment is the
    study's, else unclear; surgery of the primary tumour only: excluded, or unclear when a sentence
    naming an operation names the liver other than as an outcome), design read from tense and
    structure (other studies counted, no own data: a review or protocol is excluded, and so is
    a review's title; anything else unclear), the intervention's
    doubt (unclear), mixed primaries (unclear: another primary as the subject of the title, or
    of the aim when there is no title; or several primaries named), outcome (unclear). One
    reason per record: the PRISMA flow counts each excluded record once, under its code."""
    title_end = text.find("\n\n")
    title_end = len(text) if title_end < 0 else title_end
    abstract = text[title_end:].strip()
    evidence: list[dict] = []
    sentences = _Sentences(text)

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
        s_start, s_end = sentences.around(mention.start)
        if criteria.self_reference.search(text, s_start, s_end):
            design_hits.append(mention)
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

    # the first group missing decides: the groups after it are not sought (most records of a
    # broad search lack the first, and seeking the rest would double the cost of screening)
    for group in criteria.population:
        found = _population_found(group, text, criteria)
        if found is None:
            return result("exclude", "wrong_population", f"no mention of {group}")
        if found[0] == "term":
            evidence.append(_evidence(f"population:{group}", found[1]))
        else:
            evidence.append(_match_evidence(f"population:{group}", found[1]))
    negated = _title_negated(text[:title_end], criteria)
    if negated is not None:
        group, mention = negated
        evidence.insert(0, _evidence(f"population:title_negates:{group}", mention))
        return result(
            "exclude", "wrong_population",
            f"the title names {group} only negated ({mention.text!r} after a negation, as in "
            "'non-neuroendocrine'): the study is of another population",
        )  # fmt: skip
    excluded = _title_excluded(text[:title_end], criteria)
    if excluded is not None:
        evidence.insert(0, _evidence("population:title_excludes", excluded))
        return result(
            "exclude", "wrong_population",
            f"the title names a population outside the review ({excluded.text!r})",
        )  # fmt: skip

    named = vocab.modalities.find(text)
    if criteria.modality_terms is not None:
        extra = criteria.modality_terms.find(text)
        if extra:
            taken = [(m.start, m.end) for m in named]
            named = sorted(
                named + [m for m in extra if not any(a < m.end and m.start < b for a, b in taken)],
                key=lambda m: m.start,
            )
    interventions = [m for m in named if m.concept in criteria.modalities]
    interventions += criteria.intervention_terms.find(text)
    others = [
        m
        for m in named
        if m.concept in criteria.other_modalities and not _is_prior(text, m, criteria)
    ]
    # A doubt about the intervention is held until the design has been read: a review or
    # protocol is excluded for its design whatever it treats.
    doubt: tuple[str, str] | None = None
    if not interventions:
        window = None if others else _first_match(criteria.liver_treatment, text)
        if window is None:
            return result("exclude", "wrong_intervention", "no liver-directed therapy named")
        # the deciding span first: the decision table quotes the first
        evidence.insert(0, _match_evidence("intervention:liver_treatment", window))
        doubt = (
            "intervention_unclear",
            f"a treatment of the liver ({window.group(0)!r}) that is not a listed therapy; "
            "check that it is liver-directed",
        )
    elif all(_is_prior(text, m, criteria) for m in interventions):
        earlier = interventions[0]
        evidence.insert(0, _evidence(f"intervention:prior:{earlier.concept}", earlier))
        if others:
            evidence.insert(1, _evidence(f"intervention:other:{others[0].concept}", others[0]))
            return result(
                "exclude", "wrong_intervention",
                f"liver-directed therapy only as earlier treatment ({earlier.text!r}); the "
                f"study's treatment is {others[0].concept} ({others[0].text!r})",
            )  # fmt: skip
        doubt = (
            "intervention_unclear",
            f"liver-directed therapy only as earlier treatment ({earlier.text!r}); check what "
            "the study treats with",
        )
    else:
        first = {}
        for m in interventions:
            first.setdefault(m.concept, m)
        evidence.extend(_evidence(f"intervention:{c}", m) for c, m in sorted(first.items()))

    if interventions and _primary_surgery_only(text, interventions, criteria):
        match = criteria.primary_surgery.search(text)
        evidence.insert(0, _match_evidence("intervention:primary_tumour_surgery", match))
        if _operations_apart_from_liver(text, interventions, criteria, sentences):
            return result(
                "exclude", "wrong_intervention",
                f"surgery of the primary tumour only ({match.group(0)!r}); no sentence that "
                "names an operation names the liver",
            )  # fmt: skip
        return result(
            "unclear", "primary_tumour_surgery",
            f"surgery of the primary tumour ({match.group(0)!r}) and no operation on the "
            "liver named; check that liver metastases were treated",
        )  # fmt: skip

    kind, cue = _study_kind(text, title_end, criteria)
    if kind in _WHY:
        design, why = _WHY[kind]
        evidence.insert(0, cue)
        return result(
            "exclude", "excluded_design", f"study design: {design} ({why}; {cue['term']!r})"
        )
    if kind == "unknown" and criteria.own_data:
        return result(
            "unclear", "no_own_data",
            "no patients or results of its own described; may be a review or comment",
        )  # fmt: skip
    if doubt is not None:
        return result("unclear", *doubt)

    other = _other_primary_subject(text, title_end, criteria)
    if other is not None:
        mention, where = other
        evidence.insert(0, _evidence(f"population:mixed:{mention.concept}", mention))
        return result(
            "unclear", "mixed_population",
            f"the {where} names another primary ({mention.text!r}) as its subject and no "
            "neuroendocrine tumour; check that neuroendocrine results are reported apart",
        )  # fmt: skip
    if criteria.mixed_primaries is not None:
        named = {}
        for m in criteria.mixed_primaries.find(text):
            named.setdefault(m.concept, m)
        if _MIXED in named or len(named) >= _mixed_threshold(text[:title_end], criteria):
            evidence[:0] = [_evidence(f"population:mixed:{c}", m) for c, m in sorted(named.items())]
            return result(
                "unclear", "mixed_population",
                f"liver metastases of several primaries ({', '.join(sorted(named))}); check "
                "that neuroendocrine results are reported apart",
            )  # fmt: skip

    outcome = next(
        (m for m in _mentions(vocab.outcomes, text) if m.concept in criteria.outcomes),
        next(_mentions(criteria.outcome_terms, text), None),
    )
    if outcome is None:
        return result("unclear", "no_outcome", "no outcome of interest named")
    evidence.append(_evidence(f"outcome:{outcome.concept}", outcome))
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
