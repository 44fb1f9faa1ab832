"""The extraction vocabulary (config/vocabulary.yaml): loaded, validated, and compiled once.

Every list of terms becomes one alternation regex (longest phrase first, so "hepatic PFS" wins
over "PFS") plus a lookup from the normalised matched text back to its concept id; compiling
once per vocabulary keeps extraction of an abstract to a few milliseconds.
"""

from __future__ import annotations

import bisect
import copy as _copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from litreview.extract.sections import background_sentences

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


class ConfigError(ValueError):
    """A configuration file is missing, not YAML, or does not match its schema."""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    concept: str
    text: str


def _norm(text: str) -> str:
    return re.sub(r"[\s\-‐‑–]+", "", text.lower())


_SPACE = r"(?:\s+|[-‐‑])"


def term_regex(term: str) -> str:
    """A literal phrase as a regex: spaces match any whitespace or a hyphen ("time to
    progression" finds "time-to-progression"), hyphens match a hyphen, a space or nothing, so
    "re-admission" also finds "readmission" and "re admission"."""
    parts = []
    for char in term.strip():
        if char.isspace():
            if not parts or parts[-1] != _SPACE:
                parts.append(_SPACE)
        elif char in "-‐‑":
            parts.append(r"[-‐‑\s]?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _atoms(term: str) -> list[str]:
    """``term_regex`` cut into one regex unit per character (letters lower-cased: matchers
    ignore case), so terms can share their common prefixes."""
    atoms: list[str] = []
    for char in term.strip():
        if char.isspace():
            if not atoms or atoms[-1] != _SPACE:
                atoms.append(_SPACE)
        elif char in "-‐‑":
            atoms.append(r"[-‐‑\s]?")
        else:
            atoms.append(re.escape(char.lower()))
    return atoms


def trie_regex(terms: list[str]) -> str:
    """One regex for many phrases, factored on shared prefixes ("overall survival",
    "overall survival rate", "overall response" share "overall "). Python's engine tries an
    alternation's branches one by one at every position, so a flat list of a hundred phrases
    is slow; the factored form decides on each character once. At a phrase's end a longer
    phrase is tried first (greedy "?"), so the longest phrase still wins."""
    root: dict = {}
    for term in terms:
        node = root
        for atom in _atoms(term):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(root)


class TermMatcher:
    """Finds the phrases of many concepts in a text in one pass and names each one's concept."""

    def __init__(
        self,
        terms: dict[str, list[str]],
        abbreviations: dict[str, list[str]] | None = None,
        patterns: dict[str, list[str]] | None = None,
    ):
        self._lookup: dict[str, str] = {}
        self._abbrev: dict[str, str] = {}
        self._patterns: list[tuple[re.Pattern, str]] = []
        alternatives: list[str] = []
        for concept, items in terms.items():
            for term in items:
                self._lookup.setdefault(_norm(term), concept)
                alternatives.append(term)
        for concept, items in (patterns or {}).items():
            for pattern in items:
                self._patterns.append((re.compile(pattern, re.IGNORECASE), concept))
        abbrevs: list[str] = []
        for concept, items in (abbreviations or {}).items():
            for abbrev in items:
                self._abbrev.setdefault(abbrev, concept)
                abbrevs.append(abbrev)
        # Phrases (any case) and abbreviations (case kept, via a scoped "(?-i:...)") in one
        # regex, so each text is scanned once. A look-ahead on the possible first letters lets
        # the engine skip most positions before trying the alternation.
        branches = []
        if alternatives:
            branches.append(r"(?<![\w])" + trie_regex(alternatives) + r"(?:s|es)?(?![\w])")
        if abbrevs:
            ordered = sorted(set(abbrevs), key=len, reverse=True)
            branches.append(
                r"(?<![\w-])(?-i:(?:" + "|".join(re.escape(a) for a in ordered) + r")s?)(?![\w])"
            )
        firsts = {t.strip()[0].lower() for t in alternatives + abbrevs if t.strip()}
        firsts |= {f.upper() for f in firsts}
        guard = "(?=[" + re.escape("".join(sorted(firsts))) + "])"
        self.regex = (
            re.compile(guard + "(?:" + "|".join(branches) + ")", re.IGNORECASE)
            if branches
            else None
        )
        # Configured regular expressions cannot be guarded by first letters: a scan of their own.
        self.pattern_regex = (
            re.compile(
                r"(?<![\w])(?:" + "|".join(p.pattern for p, _ in self._patterns) + r")(?![\w])",
                re.IGNORECASE,
            )
            if self._patterns
            else None
        )

    def concept_of(self, text: str) -> str | None:
        key = _norm(text)
        for candidate in (key, key[:-1] if key.endswith("s") else key, key[:-2]):
            if candidate in self._lookup:
                return self._lookup[candidate]
        for pattern, concept in self._patterns:
            if pattern.fullmatch(text):
                return concept
        stripped = text.strip()
        if stripped in self._abbrev:
            return self._abbrev[stripped]
        if stripped.endswith("s") and stripped[:-1] in self._abbrev:
            return self._abbrev[stripped[:-1]]
        return None

    def _pattern_concept(self, text: str, match: re.Match) -> str | None:
        """The concept of the configured pattern that matched, read in place: a pattern may
        look at the words after it ("response(?= and disease control rates)")."""
        for pattern, concept in self._patterns:
            own = pattern.match(text, match.start())
            if own and own.end() == match.end():
                return concept
        return self.concept_of(match.group(0))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        found: list[Mention] = []
        for regex in (self.regex, self.pattern_regex):
            if regex is None:
                continue
            for match in regex.finditer(text, start, end):
                concept = (
                    self._pattern_concept(text, match)
                    if regex is self.pattern_regex
                    else self.concept_of(match.group(0))
                )
                if concept is not None:
                    found.append(Mention(match.start(), match.end(), concept, match.group(0)))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        # Keep the longest of overlapping mentions ("hepatic PFS" over "PFS").
        kept: list[Mention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept


_FREE_BEFORE = re.compile(r"(?:-|\b)(?:free|specific|related)\s*$", re.IGNORECASE)


@dataclass
class Vocabulary:
    raw: dict
    source: str = ""
    modalities: TermMatcher = field(init=False)
    outcomes: TermMatcher = field(init=False)
    effects: TermMatcher = field(init=False)
    verbs: TermMatcher = field(init=False)  # "died": reports the outcome of people counted
    other_endpoints: TermMatcher = field(init=False)  # "stable disease": a slot reporting nothing
    designs: TermMatcher = field(init=False)
    settings: TermMatcher = field(init=False)
    sites: TermMatcher = field(init=False)
    outcome_kind: dict[str, str] = field(init=False)
    design_order: list[str] = field(init=False)
    adjusted_abbreviations: set[str] = field(init=False)
    adjusted_words: re.Pattern | None = field(init=False)
    unadjusted_words: re.Pattern | None = field(init=False)
    coordination: dict[str, dict[str, str]] = field(init=False)
    event_names: dict[str, str] = field(init=False)  # normalised spelling -> recorded name
    background_cues: re.Pattern | None = field(init=False)
    background_headings: frozenset[str] = field(init=False)
    # the treatments named in an abstract that decide its complications' family
    complication_family: dict[str, re.Pattern] = field(init=False)

    def __post_init__(self):
        raw = self.raw

        def lists(section: str, key: str) -> dict[str, list[str]]:
            return {k: list(v.get(key) or []) for k, v in (raw.get(section) or {}).items()}

        self.modalities = TermMatcher(
            lists("modalities", "terms"),
            lists("modalities", "abbreviations"),
            lists("modalities", "patterns"),
        )
        # Named events ("neutropenia") are found with their outcome's terms, and remembered
        # by spelling so a row can carry the event's recorded name.
        self.event_names = {}
        outcome_terms = lists("outcomes", "terms")
        for concept, entry in (raw.get("outcomes") or {}).items():
            for item in entry.get("events") or []:
                spellings = [item] if isinstance(item, str) else list(item)
                for spelling in spellings:
                    self.event_names.setdefault(_norm(spelling), spellings[0])
                    outcome_terms[concept].append(spelling)
        self.outcomes = TermMatcher(
            outcome_terms,
            lists("outcomes", "abbreviations"),
            lists("outcomes", "patterns"),
        )
        self.effects = TermMatcher(
            lists("effect_measures", "terms"), lists("effect_measures", "abbreviations")
        )
        self.verbs = TermMatcher(lists("outcomes", "verbs"))
        other = raw.get("other_endpoints") or {}
        self.other_endpoints = TermMatcher(
            {"other": list(other.get("terms") or [])},
            {"other": list(other.get("abbreviations") or [])},
        )
        self.designs = TermMatcher({k: list(v) for k, v in (raw.get("designs") or {}).items()})
        self.settings = TermMatcher({k: list(v) for k, v in (raw.get("settings") or {}).items()})
        self.sites = TermMatcher(
            {k: [t for t in v if not t.isupper() and not re.search(r"[A-Z]{2}", t)]
             for k, v in (raw.get("primary_sites") or {}).items()},
            {k: [t for t in v if re.search(r"[A-Z]{2}", t)]
             for k, v in (raw.get("primary_sites") or {}).items()},
        )  # fmt: skip
        self.outcome_kind = {k: v["kind"] for k, v in raw["outcomes"].items()}
        self.design_order = list((raw.get("designs") or {}).keys())
        self.adjusted_abbreviations = {
            a
            for v in raw["effect_measures"].values()
            for a in v.get("adjusted_abbreviations") or []
        }
        adjustment = raw.get("adjustment") or {}
        self.adjusted_words = _word_regex(adjustment.get("adjusted") or [])
        self.unadjusted_words = _word_regex(adjustment.get("unadjusted") or [])
        # figures quoted from others and figures assumed for a model are both not this
        # study's results: one scan finds either
        self.background_cues = _word_regex(
            (raw.get("background_cues") or []) + (raw.get("assumption_cues") or [])
        )
        self.background_headings = frozenset(
            w.lower() for w in raw.get("background_headings") or []
        )
        self.coordination = {
            head: {_norm(m): c for m, c in mods.items()}
            for head, mods in (raw.get("coordination") or {}).items()
        }
        self.complication_family = {
            kind: re.compile(expression, re.IGNORECASE)
            for kind, expression in (raw.get("complication_family") or {}).items()
        }

    def background_spans(self, text: str, sentences: list[tuple[int, int]]) -> set:
        """The sentences of ``text`` that quote other studies (hold a configured cue); the
        text is scanned once, not sentence by sentence."""
        if self.background_cues is None:
            return set()
        cues = [m.start() for m in self.background_cues.finditer(text)]
        spans = set()
        for a, b in sentences:
            inside = cues[bisect.bisect_left(cues, a) : bisect.bisect_left(cues, b)]
            if not inside:
                continue
            # "... is comparable to previous studies, with a lower prevalence of ulcerations
            # (3.7%) at our centre": a sentence setting this study's own figures against others'
            # reports its own, when every cue stands after a comparison
            if _OWN_STUDY.search(text, a, b) and all(
                _SET_AGAINST.search(text, max(a, c - 40), c) for c in inside
            ):
                continue
            spans.add((a, b))
        return spans

    def opening_section_spans(self, text: str, sentences: list[tuple[int, int]]) -> set:
        """The sentences of a structured abstract's Background section (headings from
        ``background_headings``) that do not speak of this study in the first person."""
        return background_sentences(text, sentences, self.background_headings)

    def event_name(self, text: str) -> str:
        """The recorded name of a named event ("diarrhea" -> "diarrhoea"), or ""."""
        key = _norm(text)
        for candidate in (key, key[:-1] if key.endswith("s") else key):
            if candidate in self.event_names:
                return self.event_names[candidate]
        return ""

    def with_defined_abbreviations(self, text: str) -> Vocabulary:
        """This vocabulary, whose outcome matcher also finds the abbreviations ``text``
        defines for an outcome ("objective response (OR)" makes "produced an OR" a response);
        the abbreviations the vocabulary already knows keep their meaning. The outcomes and
        the effects of one record both ask: the last answer is kept."""
        last = self.__dict__.get("_last_defined")
        if last is not None and last[0] == text:
            return last[1]
        found = self._with_defined_abbreviations(text)
        self.__dict__["_last_defined"] = (text, found)
        return found

    def _with_defined_abbreviations(self, text: str) -> Vocabulary:
        defined: dict[str, str] = {}
        other: dict[str, str] = {}
        arms: dict[str, str] = {}
        events: dict[str, str] = {}  # abbreviation -> the named event's recorded name
        for match in _defined_matches(text):
            abbr = match.group("abbr")
            if abbr in defined or abbr in other:
                continue
            if abbr.islower():
                # "overall survival (os)", "local recurrence-free survival (lrfs)": letters in
                # lower case define an endpoint only when they are its name's initials
                window = (text, max(0, match.start() - 80), match.start())
                for matcher, found in ((self.other_endpoints, other), (self.outcomes, defined)):
                    named = matcher.find(*window)
                    if (
                        named
                        and self.outcomes.concept_of(abbr) is None
                        and _DEFINITION_GAP.fullmatch(text, named[-1].end, match.start())
                        and _initials(named[-1].text) == abbr
                    ):
                        found[abbr] = named[-1].concept
                        break
                continue
            known = self.outcomes.concept_of(abbr)
            window = (text, max(0, match.start() - 80), match.start())
            if abbr[0].islower():
                # "prolonged length of stay (pLOS)": letters led by a lower-case one are read
                # for unrecorded endpoints only ("bPFS events were reported: 46/145 (32%)")
                named = self.other_endpoints.find(*window)
                if named and _DEFINITION_GAP.fullmatch(text, named[-1].end, match.start()):
                    other[abbr] = "other"
                continue
            if known is not None:
                # "liver progression-free survival (LPFS)": the text's own definition outranks
                # the vocabulary's reading of the letters (local PFS); a definition naming the
                # same outcome, or none, leaves the vocabulary's
                named = self.outcomes.find(*window)
                if (
                    named
                    and _DEFINITION_GAP.fullmatch(text, named[-1].end, match.start())
                    and named[-1].concept != known
                    and not self.event_name(named[-1].text)
                    # "progress-free survival (PFS)": a kind of survival the vocabulary does
                    # not know leaves the letters' own reading
                    and not _FREE_BEFORE.search(text, max(0, named[-1].start - 12), named[-1].start)
                ):
                    defined[abbr] = named[-1].concept
                continue
            matchers = ((self.outcomes, defined), (self.other_endpoints, other))
            unrecorded = self.other_endpoints.find(*window)
            if unrecorded and _COUNTED_GROUP(abbr).search(text):
                # "primary tumors (PT) and local recurrence (LR)" then "for PT (n=71) and LR
                # (n=39)": letters counted as a group's size name patients, not an endpoint
                continue
            recorded = self.outcomes.find(*window)
            if (
                unrecorded
                and recorded
                and unrecorded[-1].start <= recorded[-1].start
                and recorded[-1].end <= unrecorded[-1].end
            ):
                # "distant metastasis-free survival (DMFS)": the longer, unrecorded name is
                # defined, not the "survival" inside it
                matchers = matchers[1:]
            if (
                recorded
                and recorded[-1].concept == "os"
                and _DEFINITION_GAP.fullmatch(text, recorded[-1].end, match.start())
                and _FREE_BEFORE.search(text, max(0, recorded[-1].start - 12), recorded[-1].start)
            ):
                # "colostomy-free survival (CFS)": a kind of survival the vocabulary does not
                # know is no overall survival; its letters keep their own values
                other[abbr] = "other"
                continue
            for matcher, found in matchers:
                named = matcher.find(*window)
                # "Overall median survival times (MSTs)": a head noun may close the name
                if named and _DEFINITION_GAP.fullmatch(text, named[-1].end, match.start()):
                    found[abbr] = named[-1].concept
                    if matcher is self.outcomes and self.event_name(named[-1].text):
                        # "radiation-induced liver disease (RILD)": the abbreviation is that
                        # named event, which counts only near its outcome as the name does
                        events[_norm(abbr)] = self.event_name(named[-1].text)
                    # "objective response (OR) rates ... The best target ORs were": a defined
                    # abbreviation is also written in the plural
                    if match.group("plural") or (
                        not abbr.endswith("s") and self.outcomes.concept_of(abbr + "s") is None
                    ):
                        found[abbr + "s"] = named[-1].concept
                    break
            else:
                if _UNKNOWN_ENDPOINT_BEFORE.search(*window):
                    # "time to untreatable progression with TACE (TTUP)": an endpoint the
                    # review does not record, whose abbreviation keeps its own values
                    other[abbr] = "other"
                    continue
                # "chemoembolization (CE)", "laparoscopic liver resection (LLR)": a text's own
                # name for a treatment group; "(CE 20%, Y90 26%)" then names two groups
                treatment = self.modalities.find(*window)
                if (
                    treatment
                    and abbr not in arms
                    and self.modalities.concept_of(abbr) is None
                    and not text[treatment[-1].end : match.start()].strip()
                    and not _TREATMENT_AS_OBJECT.search(text, 0, treatment[-1].start)
                ):
                    arms[abbr] = treatment[-1].concept
        if not defined and not other and not arms:
            return self
        copy = _copy.copy(self)
        copy.__dict__.pop("_last_defined", None)
        if arms:
            copy.modalities = _DefinedAbbreviations(self.modalities, arms)
        if defined:
            copy.outcomes = _DefinedAbbreviations(self.outcomes, defined)
        if events:
            copy.event_names = {**self.event_names, **events}
        if other:
            copy.other_endpoints = _DefinedAbbreviations(self.other_endpoints, other)
        return copy

    def abbreviations_defined_as_outcomes(self, text: str) -> set[str]:
        """The abbreviations ``text`` defines for an outcome of the vocabulary ("objective
        response (OR)", "response rate (RR)"), with their plurals: in that text they name the
        outcome, not an effect measure written with the same letters."""
        outcomes = self.with_defined_abbreviations(text).outcomes
        return set(getattr(outcomes, "defined", {}))

    def modality_of(self, text: str) -> str:
        """The modality id of the first modality term in ``text``, or ""."""
        mentions = self.modalities.find(text)
        return mentions[0].concept if mentions else ""


_OWN_STUDY = re.compile(
    r"\b(?:our|we)\b|\b(?:this|the\s+present|the\s+current)\s+(?:study|series|cohort|trial)\b",
    re.IGNORECASE,
)
_SET_AGAINST = re.compile(
    r"\b(?:comparable\s+(?:to|with)|compar(?:es|ed|ing)\s+(?:favou?rably\s+)?(?:to|with)|"
    r"consistent\s+with|similar\s+to|in\s+line\s+with|in\s+keeping\s+with|"
    r"in\s+agreement\s+with|than\s+(?:in|those\s+(?:of|in))|superior\s+to|inferior\s+to|"
    r"better\s+than|worse\s+than|higher\s+than|lower\s+than)\s+(?:those\s+(?:of|in)\s+)?"
    r"(?:the\s+|most\s+|many\s+)?$",
    re.IGNORECASE,
)


# "progression after TACE (TTP)": the treatment is the object of a longer name
_TREATMENT_AS_OBJECT = re.compile(r"\b(?:after|following|before|of|to|from)\s+$", re.I)


_UNKNOWN_ENDPOINT_BEFORE = re.compile(
    r"\btime\s+(?:to|until)\s+[\w-]+(?:\s+[\w-]+){0,5}\s*$", re.IGNORECASE
)
# between an outcome's name and the abbreviation defined for it: nothing, or a head noun
# ("median survival times (MSTs)", "response rate (RR)")
_DEFINITION_GAP = re.compile(r"(?:\s+(?:rates?|times?|durations?))?\s*", re.IGNORECASE)


# "objective response (OR)": an abbreviation in brackets right after the name it stands for;
# "relative survival rates (RSRs)" defines the singular "RSR" and its plural
# "(CE)", "(RE, n = 42)": an abbreviation, alone or with its group's size
def _COUNTED_GROUP(abbr: str) -> re.Pattern:
    """ "LR (n=39)", "the LR group": the abbreviation names a group of patients."""
    return re.compile(
        rf"(?<![\w-]){re.escape(abbr)}\s*(?:[(\[]\s*n\s*=|,\s*n\s*=|groups?\b|patients\b|cohorts?\b)"
    )


_DEFINED = re.compile(
    # "major wound complications (MWC, subclassified as ...)": the letters, then words on them
    r"\s*\((?P<abbr>[a-z]?[A-Z][A-Za-z0-9-]{0,6}[A-Z0-9])(?P<plural>s)?(?:\)|[,;]\s*n\s*=|"
    r",\s+(?=[a-z]{3}))"
)


# "overall survival (os)": a page that writes its abbreviations in lower case
_DEFINED_LOWER = re.compile(r"\s*\((?P<abbr>[a-z]{2,5})(?P<plural>)\)")


def _defined_matches(text: str) -> list[re.Match]:
    found = list(_DEFINED.finditer(text))
    if "(" in text:
        found += [m for m in _DEFINED_LOWER.finditer(text)]
        found.sort(key=lambda m: m.start())
    return found


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-‐‑–]+", name.lower()) if w)


class _DefinedAbbreviations:
    """A matcher that also finds the abbreviations one text defines (see
    ``Vocabulary.with_defined_abbreviations``)."""

    def __init__(self, base: TermMatcher, defined: dict[str, str]):
        self.base = base
        self.defined = defined
        ordered = sorted(defined, key=len, reverse=True)
        self.regex = re.compile(
            # "(CR)" alone in brackets restates the name before it: not a mention of its own
            r"(?<![\w-])(?<!\()(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w-])"
        )

    def concept_of(self, text: str) -> str | None:
        return self.defined.get(text.strip()) or self.base.concept_of(text)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        # letters the vocabulary knows, redefined by the text, are read the text's way
        found = [m for m in self.base.find(text, start, end) if m.text not in self.defined]
        end = len(text) if end is None else end
        extra = [
            Mention(m.start(), m.end(), self.defined[m.group(0)], m.group(0))
            for m in self.regex.finditer(text, start, end)
            if not any(f.start < m.end() and m.start() < f.end for f in found)
        ]
        return sorted(found + extra, key=lambda m: m.start) if extra else found


def _word_regex(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    firsts = "".join(sorted({w.strip()[0].lower() for w in words if w.strip()}))
    guard = "(?=[" + re.escape(firsts + firsts.upper()) + "])"
    return re.compile(rf"{guard}(?<![\w])(?:{trie_regex(words)})(?![\w])", re.IGNORECASE)


def load_yaml_validated(path: str | Path, schema_name: str) -> dict:
    """Read a YAML config and validate it against ``workflow/schemas/<schema_name>``; errors
    name the file, the key path and what was expected."""
    import jsonschema

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found; create it or fix the path in config") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    schema = yaml.safe_load((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data if data is not None else {}), key=str)
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ConfigError(
            f"{path}: key {where}: {error.message} (schema workflow/schemas/{schema_name}); "
            f"{len(errors)} problem(s) in total"
        )
    return data


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Load and compile config/vocabulary.yaml. Regular expressions in `patterns:` are checked
    here so a typo fails at load time, naming the file and key."""
    data = load_yaml_validated(path, "vocabulary.schema.yaml")
    for section in ("modalities", "outcomes"):
        for concept, entry in data[section].items():
            for pattern in entry.get("patterns") or []:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(
                        f"{path}: key {section}/{concept}/patterns: {pattern!r} is not a valid "
                        f"regular expression ({exc})"
                    ) from exc
    for head, mods in (data.get("coordination") or {}).items():
        for modifier, concept in mods.items():
            if concept not in data["outcomes"]:
                raise ConfigError(
                    f"{path}: key coordination/{head}/{modifier}: {concept!r} is not an outcome "
                    f"id; expected one of {sorted(data['outcomes'])}"
                )
    return Vocabulary(raw=data, source=str(path))
