"""The outcome values of one sentence: each number ``VALUE_RE`` reads that no context excludes,
with its annotations (interval, p-value, n), the bare numbers before it that share its unit
("12.1 vs 8.4 months", "12.5 in G1, 11.2 in G2 and 6.3 years in G3"), the arm written next to
each, and a unit carried forward to a later bare number with an interval; and the spans of a
sentence where no value is read."""

from __future__ import annotations

import dataclasses
import re

from litreview.extract.annotations import GROUP_COUNT_BEFORE, read_annotations
from litreview.extract.arm_names import (
    ARM_AFTER,
    ARM_TRIM,
    BRACKETED_GROUP,
    GROUP_BEFORE_BRACKET,
    GROUP_JUST_BEFORE,
    NAMED_EQUALS,
    NOT_AN_ARM,
    PAIR_JOIN,
    SEVERITY_LABEL,
    VS_JOIN,
    arm_list,
    group_named_bare,
    labelled_group,
    names_a_group,
)
from litreview.extract.bracket_context import bracket_context_ok
from litreview.extract.numbers import CI_LEAD, CI_RANGE, NUM, canonical_time_unit, parse_number
from litreview.extract.outcome_types import Frame, Value
from litreview.extract.timepoints import TIMEPOINT_LIST, TP_AFTER, timepoint_label
from litreview.extract.value_binding import COUNT_IN_BRACKET, WITHOUT_BEFORE, bind_share
from litreview.extract.value_grammar import (
    ARM_SIZE,
    CAUSE_OF_EVENTS_BEFORE,
    CONCENTRATION_AFTER,
    EXCLUDE_AFTER,
    EXCLUDE_BEFORE,
    FOLLOW_UP,
    HYPHEN_UNIT_ENDS,
    MEAN_JUST_BEFORE,
    NAMES_THE_NEXT,
    RANGE_BRACKET,
    RANGE_RESULT,
    RESPECTIVELY,
    SHARE_OF_EVENTS_AFTER,
    SHARE_OF_EVENTS_BEFORE,
    SIZED_SHARE,
    SPREAD,
    UNIT,
    VALUE_RE,
    VERSUS,
    ZERO_RATE,
    per_person_years,
)
from litreview.extract.vocab import Mention, Vocabulary

# "(3.2 ± 1.4 vs 9.8 ± 4.1 days)": a mean before the pair keeps its standard deviation, which
# is not a value of its own
# "p = 0.012 and 4.4 vs 2.7 months": a p-value is no member of the series after it, nor is
# an interval's upper bound ("33 months, 95% CI 27.0–38.9 vs. 30 months")
_SERIES_BEFORE = re.compile(
    rf"(?<![\w.·,/−±=<>≤≥⩽⩾~–—‐‑-])(?<![=<>≤≥⩽⩾±]\s)(?<![–—‐‑-]\s)(?<!\d\sof\s)(?<!\d\sto\s)(?P<num>{NUM})(?P<sd>\s?(?:±|\+/-)\s?{NUM})?"
    rf"(?P<ann>\s*[(\[][^()\[\]]{{0,80}}[)\]])?"
    rf"\s*(?:,\s*(?:and\s+)?|\s+(?:{VERSUS}|and|or|compared\s+(?:with|to))\s+|\s+vs\.)$",
    re.IGNORECASE,
)


_VERSUS_JUST_BEFORE = re.compile(rf"\b{VERSUS}\s*$", re.IGNORECASE)


# "had one or more complications (31% of the men and 21% of the women)": "of" the people too
_BREAKDOWN_OPENS = re.compile(
    rf"\s*[(\[]\s*{NUM}\s?%\s+(?:in|for|among|with|after|of)\s+", re.IGNORECASE
)


_TENTHS = re.compile(r"\d[.·](?!5\b)\d")


_SD_AFTER_UNIT = re.compile(rf"\s?(?:±|\+/-)\s?{NUM}")


_SIZE_JUST_BEFORE = re.compile(rf"[(\[]\s*[nN]\s*=\s*{NUM}\s*;\s*$")


_LIST_FROM_HERE = re.compile(
    rf"{NUM}\s?%[^()\[\]]*?(?:{NUM}\s?%|\b{RESPECTIVELY}\b)", re.IGNORECASE
)


_AT_TIMEPOINT = re.compile(r"\bat\s+$", re.IGNORECASE)
# "intrathoracic PFS (IT-PFS; 39.3% vs. 20.5%, p = 0.004) at 1 year", "LRFS of 89±10.5% after 10
# years": a time after the rates (or their bracket) is their time point, not a value
_POINT_AFTER_RATES = re.compile(r"(?:%\s*[)\]]?|\d\s*[)\]])\s*,?\s*(?:at|after)\s+$", re.I)


# "(250 [22%] vs ...", "(47% vs 30%)", "was 47%": values of the time point, not an interval
_VALUE_FOLLOWS = re.compile(
    rf"\s*(?:[(\[](?![^()\[\]]*\bCI\b)\s*{NUM}\s*(?:[(\[%/]|of\b|vs\.?|versus)"
    rf"|,?\s*(?:was|were|is|are|of|:|=)\s*{NUM})",
    re.IGNORECASE,
)


_PREP_AFTER = re.compile(r"\s+(?P<prep>in|for|among|with)\s+", re.IGNORECASE)


_GROUPED_BEFORE = re.compile(
    rf"(?<![\w.·,/−-])(?P<num>{NUM})\s+(?P<prep>in|for|among|with)\s+(?:the\s+)?"
    r"(?P<grp>[A-Za-z][\w/+-]*(?:\s+(?!and\b|or\b)[A-Za-z][\w/+-]*){0,3})"
    r"\s*(?:,\s*(?:and\s+)?|\s+(?:vs\.?|versus|and)\s+"
    # "The median OS was 20 for arm A, whereas it was 15 months for arm B"
    r"|,?\s*(?:and|whereas|while|but)\s+(?:it|this)\s+(?:was|reached)\s+)$",
    re.IGNORECASE,
)


# "for Ki67 0–5%", "in patients with Ki-67 6-20%": the upper end of a range of a marker
# written after a group's preposition and the marker's name
_RANGE_NAMES_GROUP = re.compile(
    r"\b(?:for|in|with|among)\s+(?:(?:the\s+)?(?:patients|those|tumou?rs|cases)\s+with\s+)?"
    rf"[A-Za-z][\w-]*\s+{NUM}\s*%?\s*(?:-|–|to)\s*$",
    re.IGNORECASE,
)


# The lower end of a range right before a bracket that opens with an effect measure; an
# outcome's value may stand there ("median OS 12.1 months (HR 0.80, ..."), a range may not
_FACTOR_LEVEL = re.compile(
    rf"\s*(?:-|–|to)\s*{NUM}\s*%?\s*[(\[]\s*(?:(?:adjusted\s+)?(?:hazard|odds)\s+ratio|"
    r"relative\s+risk|risk\s+ratio|a?HR|a?OR|a?RR|SHR)\b",
    re.IGNORECASE,
)


# "12 days (PT) and 13 days (LR)": two values set side by side, each followed by letters in
# brackets; the letters are the groups, whatever they stand for
_ABBREVIATED_PAIR = re.compile(
    rf"{NUM}\s*(?:%|[A-Za-z]{{1,7}})?\s*\((?P<a>[A-Z][A-Za-z0-9-]{{0,6}}[A-Z0-9])\)\s*,?\s*"
    rf"(?:and|or|vs\.?|versus|compared\s+(?:with|to))\s+{NUM}\s*(?:%|[A-Za-z]{{1,7}})?\s*"
    r"\((?P<b>[A-Z][A-Za-z0-9-]{0,6}[A-Z0-9])\)"
)


# "... for OS and 85%, 60%, and 50% for DFS": runs of rates, each closed by its outcome
_ANOTHER_RUN = re.compile(r"\s*(?:,\s*|;\s*)?(?:and\s+|while\s+|whereas\s+)?[\d.]+\s?%")
_RESPECTIVELY_AFTER = re.compile(rf"\s*,?\s*{RESPECTIVELY}\b", re.IGNORECASE)
_RUN_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")

_PEOPLE_WITH = re.compile(
    r"\b(?:patients|those|cases|subjects|participants|with|who)\s", re.IGNORECASE
)


def _abbreviated_pair(sentence: str, bracket_at: int, vocab: Vocabulary) -> bool:
    for pair in _ABBREVIATED_PAIR.finditer(sentence):
        if bracket_at in (pair.start("a") - 1, pair.start("b") - 1) and pair.group(
            "a"
        ) != pair.group("b"):
            return not any(
                vocab.outcomes.find(name)
                or name in ("CI", "IQR", "SD", "SE", "NR", "NS", "NA", "HR", "OR", "RR")
                for name in (pair.group("a"), pair.group("b"))
            )
    return False


# a definition's clause, up to the value: nothing closes it (no comma, semicolon, bracket)
# or a verb of its own ("was defined as ... and was seen in 20%")
_DEFINITION = re.compile(
    r"\b(?:defined|definition)\s+(?:as|by)\b"
    r"(?:(?!\b(?:was|were|is|are|occurred|developed|had|showed)\b)[^,;)\]])*$",
    re.IGNORECASE,
)


# "Hospital mortality declined significantly, from 6.6% to 3.1%": the rate before a change is a
# value as the rate after it is; "mortality ... was less than 5%": a bound reported as the
# result (not "vary from 14% to 48%", a range, nor "tumour burden below 25%", a threshold)
_REPORTED_BOUND_OR_CHANGE = re.compile(
    r"\b(?:(?:declined|decreased|fell|dropped|increased|rose|improved|reduced|went\s+(?:up|down))"
    r"(?:\s+[a-z]+ly)?\s*,?\s+from"
    # "together with a decrease in the rate of liver failure from 19·9 per cent": the noun
    r"|\b(?:decrease|increase|reduction|decline|drop|fall|rise|improvement)\s+in\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,5}?from"
    r"|(?:was|were|remained)\s+(?:(?:less|lower)\s+than|<|≤|⩽))\s*$",
    re.IGNORECASE,
)


# "were 8.0 months and 24.0 months, respectively, which were longer than 5.0 months and 18.0
# months in CG": after a clause closed by a comma, "(which were) longer than" sets the
# counterpart group's values against those reported (not "survived longer than 12 months", a
# threshold that defines who is counted)
_COUNTERPART_THAN = re.compile(
    r",\s*(?:(?:which|that)\s+(?:was|were)\s+|both\s+)?(?:(?:significantly|markedly|much|"
    r"slightly|also)\s+)?(?:longer|shorter|higher|lower|better|worse|greater|superior|inferior)"
    r"\s+than\s+(?:those\s+of\s+|that\s+of\s+)?$",
    re.IGNORECASE,
)


_CONDITION_CLAUSE = re.compile(
    r"\b(?:when|if|where|whenever|unless|whose)\b[^,;()]*$", re.IGNORECASE
)


_RANGE_OF_DIFFERENCE = re.compile(
    rf"\s*(?:-|–|\bto\b)\s*{NUM}\s?(?:%|percent\b|months?\b|years?\b|days?\b)?\s+(?:higher|lower|"
    r"greater|longer|shorter|improvement|increase|decrease|reduction|difference|benefit|gain)\b",
    re.IGNORECASE,
)
_NAME_JUST_BEFORE = re.compile(r"(?:\b[A-Z][A-Za-z]{0,2}[A-Z]{1,4}|survival|rates?)\s*$")


def _other_outcome_before(text, s_start, at, concept, vocab) -> bool:
    """Whether the clause before ``at`` names a recorded outcome other than ``concept``."""
    return any(m.concept and m.concept != concept for m in vocab.outcomes.find(text, s_start, at))


_SHARE_VERB_AFTER = re.compile(
    r"\s*(?:of\s+(?:the\s+|all\s+|these\s+)?(?:[\w-]+\s+){0,2}?(?:patients|children|cases|subjects|"
    r"participants)\s+)?"
    r"(?:showed|achieved|attained|obtained|had|developed|experienced|suffered|died)\b",
    re.IGNORECASE,
)
_NOT_REACHED_AFTER = re.compile(
    r"\s*(?:[(\[][^()\[\]]{1,12}[)\]]\s*)?(?:(?:was|were|had|has)\s+)?(?:still\s+)?(?:not|never)\s+"
    r"(?:yet\s+)?(?:been\s+)?(?:reached|attained|achieved)",
    re.IGNORECASE,
)
_CI_BOUND_BEFORE = re.compile(
    r"[(\[;,]\s*(?:(?:9[05]|99)\s?(?:%|per\s?cent)\s*)?(?:CI|C\.I\.|confiden(?:ce|tial)\s+"
    r"(?:intervals?|limits?)(?:\s*[\[(]C[IL][\])])?)(?:\s*(?:was|of|=|:|,|;|from))*\s*$",
    re.IGNORECASE,
)


def find_values(text: str, s_start: int, s_end: int, vocab: Vocabulary, skip) -> list[Value]:
    """The values in ``text[s_start:s_end]`` outside the ``skip`` spans, each with its
    annotations, its series group and, where the words around it say, its arm, time point,
    label and the outcome it is bound to."""
    sentence = text[s_start:s_end]
    values: list[Value] = []
    group = 0
    for match in VALUE_RE.finditer(sentence):
        a, b = match.start() + s_start, match.end() + s_start
        if any(x <= a < y for x, y in skip):
            continue
        if match.group("hyphen") and (
            not HYPHEN_UNIT_ENDS.match(sentence, match.end())
            # "(OS 5-year; ...: 61%)": a time point written after the outcome's name
            or _NAME_JUST_BEFORE.search(sentence, max(0, match.start() - 30), match.start())
        ):
            # "a 17.5-month survival": a hyphenated unit qualifies the noun after it; only at
            # the end of its clause ("PFS was 17.5-month.") is it a value
            continue
        if any(v.num_start < a < v.end for v in values):
            continue
        if not bracket_context_ok(sentence, match.start(), vocab):
            continue
        if _CI_BOUND_BEFORE.search(sentence, max(0, match.start() - 45), match.start()):
            # "95.8% for the TP53 cohort (95% confidence interval, 85.7%-99.5%)": the interval
            # of a value the bracket does not follow at once; its bounds are no values
            continue
        if match.group("pct") and _RANGE_NAMES_GROUP.search(
            sentence, max(0, match.start() - 60), match.start()
        ):
            # "55 and 26% for Ki67 6–20%": the range of a marker names the group
            continue
        if _FACTOR_LEVEL.match(sentence, match.end()):
            # "hepatic tumor burden of 51%-75% (HR, 2.46; 95% CI ...)": the level of a factor
            # whose effect the bracket gives, not an outcome value
            continue
        if (
            EXCLUDE_BEFORE.search(sentence[max(0, match.start() - 25) : match.start()])
            and not (_COUNTERPART_THAN.search(sentence, max(0, match.start() - 60), match.start()))
            and not (
                match.group("pct")
                and _REPORTED_BOUND_OR_CHANGE.search(
                    sentence, max(0, match.start() - 70), match.start()
                )
                # "toxicity was 8.6% when rectal volume receiving 65 Gy was ≤ 15%": a condition
                and not _CONDITION_CLAUSE.search(
                    sentence, max(0, match.start() - 80), match.start()
                )
            )
        ):
            continue
        if "efin" in sentence[max(0, match.start() - 120) : match.start()] and _DEFINITION.search(
            sentence, max(0, match.start() - 120), match.start()
        ):
            # "Prolonged length of stay was defined as a hospital stay ⩾9 days": a threshold
            # that defines the endpoint, not a result (the substring test first is cheap:
            # most values have no definition before them)
            continue
        if match.group("pct") and (
            SHARE_OF_EVENTS_BEFORE.search(sentence, max(0, match.start() - 60), match.start())
            or SHARE_OF_EVENTS_AFTER.match(sentence, match.end())
            or ("ause" in sentence or "eason" in sentence or "ttribut" in sentence)
            and CAUSE_OF_EVENTS_BEFORE.search(sentence, max(0, match.start() - 200), match.start())
        ):
            continue
        unit = (
            "percent"
            if match.group("pct")
            else per_person_years(match.group("per"))
            if match.group("per")
            else canonical_time_unit(match.group("unit"))
        )
        # one-letter units only where an abbreviation is plainly meant ("5.6 y", "30 d",
        # "38.9m"), not a label or a measure ("m2", "d =", "5 m in diameter")
        if match.group("unit") == "Y" and match.start("unit") == match.end("num"):
            continue  # "treatment with 90Y, 6.7 months": yttrium-90, not 90 years
        if (
            match.group("unit")
            and match.group("unit").lower() in ("y", "d", "m")
            and not re.match(
                # "90Y-TARE": an isotope's mass number, not a time
                # "32.2 m/49%": a slash before the next value of a pair is no "m/s"
                r"[ydm]\b\.?(?![-‐]\w|\s*[=:²]|\s*/(?!\s?\d)|\s+(?:in\s+)?(?:diameter|long|wide|tall|high)\b)",
                sentence[match.start("unit") :],
                re.IGNORECASE,
            )
        ):
            continue
        if match.group("unit") == "M":
            continue  # "5 M": a concentration
        if (
            match.group("unit")
            and (named_next := NAMES_THE_NEXT.match(sentence, match.end()))
            and not (
                # "(median 1 day vs. 3 days PN/RN": a group's letters after the second value
                # of a pair, not an outcome the time qualifies
                _VERSUS_JUST_BEFORE.search(sentence, max(0, match.start() - 12), match.start())
                and not vocab.outcomes.find(named_next.group(0))
                and not vocab.other_endpoints.find(named_next.group(0))
            )
        ):
            continue  # "5 year RSR was 72%": the time point of the rate named after it
        if EXCLUDE_AFTER.match(sentence, match.end()):
            continue
        if _RANGE_OF_DIFFERENCE.match(sentence, match.end()):
            continue  # "a 6.8%-13.7% higher 5-year survival": the range of a difference
        if (
            match.group("unit")
            and _AT_TIMEPOINT.search(sentence, max(0, match.start() - 6), match.start())
            and _VALUE_FOLLOWS.match(sentence, match.end())
        ):
            continue  # "case fatality at 90 days (250 [22%] vs": the time point of what follows
        if match.group("unit") and _POINT_AFTER_RATES.search(
            sentence, max(0, match.start() - 12), match.start()
        ):
            continue
        if match.group("pct") and CONCENTRATION_AFTER.match(sentence, match.end()):
            continue
        note = read_annotations(text, b, s_end, allow_bare_ci=False)
        if note.end > b and _BREAKDOWN_OPENS.match(text, b, s_end):
            # "35% (38% in the stent group and 20% in the non-stent group; P = 0.03)": the
            # bracket breaks the value down by group; its values and p are the groups'
            note.end, note.p_text, note.p_value = b, "", None
            note.ci_low = note.ci_high = note.n = None
        inner_at = match.start("inner") if match.group("inner") else match.start("pct_inner")
        if inner_at >= 0:
            # bare bounds are an interval only where a percentage's unit follows them
            inner = read_annotations(text, inner_at + s_start, s_end, not match.group("inner"))
            note.ci_low, note.ci_high = inner.ci_low, inner.ci_high
            note.p_text, note.p_value = note.p_text or inner.p_text, note.p_value or inner.p_value
        value = Value(
            start=a, num_start=a, end=note.end, value=parse_number(match.group("num")), unit=unit,
            ci_low=note.ci_low, ci_high=note.ci_high, p_text=note.p_text, p_value=note.p_value,
            n=note.n, mean=bool(match.group("sd")) or bool(MEAN_JUST_BEFORE.search(
                sentence, max(0, match.start() - 12), match.start()))
            # "11.1 (±9) days": a standard deviation in brackets makes a mean too
            or bool(re.match(r"[(\[]\s*(?:±|\+/-)", (match.group("inner") or "").strip()))
            # "5.1 days ± 2.6 vs 6.9 days ± 2.8": the deviation written after the unit
            or bool(match.group("unit") and _SD_AFTER_UNIT.match(sentence, match.end())),
        )  # fmt: skip
        bracketed = BRACKETED_GROUP.match(text, value.end, s_end)
        if bracketed and (
            names_a_group(bracketed.group("arm"), vocab)
            or _abbreviated_pair(sentence, bracketed.start("arm") - 1 - s_start, vocab)
        ):
            # "48.1 months (TAE) and 42.6 months (TACE)": the group in brackets after its value
            value.arm = bracketed.group("arm").strip()
            value.arm_end = value.end = bracketed.end()
        labelled = labelled_group(sentence, match.start(), vocab)
        counted_group = GROUP_COUNT_BEFORE.search(
            sentence, max(0, match.start() - 60), match.start()
        )
        if counted_group and match.group("pct") and not vocab.outcomes.find(counted_group["arm"]):
            # "(PRG: n = 2 (4.8%); SRG: n = 1 (8.3%))": the group's share
            value.arm, value.arm_end = counted_group["arm"], counted_group.end("arm") + s_start
        elif labelled:
            value.arm, value.arm_end = labelled[0], labelled[1] + s_start
        elif not match.group("pct"):
            # "for group A (152 months, 95%CI: ...) compared to group B (63 months", "among
            # responders (80.5 months) than in non-responders (39.6 months)": a time opening a
            # bracket after a group is that group's (percentages keep their own label rules)
            fronted = GROUP_BEFORE_BRACKET.search(
                sentence, max(0, match.start() - 70), match.start()
            )
            close = sentence.find(")", match.start())
            inside = sentence[match.start() : close if close >= 0 else len(sentence)]
            if re.search(r"\b(?:vs\.?|versus)(?:\s|$)", inside, re.IGNORECASE):
                fronted = None  # "than B (74.8 vs 25.3 months)": a pair, read as a comparison
            if fronted and not vocab.outcomes.find(fronted.group("arm")):
                name = ARM_TRIM.sub("", fronted.group("arm")).strip()
                if name and not NOT_AN_ARM.search(name):
                    value.arm, value.arm_end = name, fronted.end("arm") + s_start
        named = NAMED_EQUALS.search(
            sentence, max(0, match.start() - 60), match.start()
        ) or GROUP_JUST_BEFORE.search(sentence, max(0, match.start() - 60), match.start())
        if (
            named
            and not vocab.outcomes.find(named.group("arm"))
            and not NOT_AN_ARM.search(named.group("arm"))
            # "(A vs. B: 2% vs. 6%)" names two groups, one per value of the pair
            and not VS_JOIN.search(named.group("arm"))
            and not SEVERITY_LABEL.fullmatch(named.group("arm").strip())
        ):
            value.arm = ARM_TRIM.sub("", named.group("arm")).strip() or named.group("arm")
            value.arm_end = named.end("arm") + s_start
        elif not value.arm:
            bare = group_named_bare(sentence, match.start(), vocab)
            if bare:
                value.arm, value.arm_end = bare[0], bare[1] + s_start
        # Bare numbers written before it in a series share its unit: "12.1 vs 8.4 months".
        series = [value]
        cursor = match.start()
        # "fatigue (31, 86.1%)", "(n = 31, 86.1%)": a count of people before their share
        counted = unit == "percent" and COUNT_IN_BRACKET.search(sentence, 0, match.start())
        if (
            counted
            and _SIZE_JUST_BEFORE.search(sentence, 0, match.start())
            and _LIST_FROM_HERE.match(sentence, match.start())
        ):
            counted = None  # "(n=24; 21% and 71%, respectively)": the group's values
        while not counted:
            window = sentence[max(0, cursor - 120) : cursor]
            prior = _SERIES_BEFORE.search(window)
            grouped = None
            if not prior and _PREP_AFTER.match(sentence, match.end()):
                # "12.5 in G1, 11.2 in G2 and 6.3 years in G3": each number followed by its
                # group as the last one is; the unit written once holds for all
                grouped = _GROUPED_BEFORE.search(window)
                if (
                    grouped
                    and grouped.group("prep").lower()
                    != _PREP_AFTER.match(sentence, match.end()).group("prep").lower()
                ):
                    grouped = None
                prior = grouped
            if not prior:
                break
            p_start = cursor - (len(sentence[max(0, cursor - 120) : cursor]) - prior.start())
            if any(v.num_start == p_start + s_start for v in values):
                break
            if _GRADE_BEFORE.search(sentence, max(0, p_start - 12), p_start):
                break  # "(28% grade 3, 5% grade 4)": a grade's level, no value of the series
            num_end = p_start + len(prior.group("num"))
            ann = read_annotations(text, num_end + s_start, s_end, allow_bare_ci=False)
            series.insert(
                0,
                Value(
                    start=p_start + s_start, num_start=p_start + s_start, end=ann.end,
                    value=parse_number(prior.group("num")), unit=unit, ci_low=ann.ci_low,
                    ci_high=ann.ci_high, p_text=ann.p_text, p_value=ann.p_value,
                    mean=bool(prior.groupdict().get("sd")),
                ),
            )  # fmt: skip
            if grouped:
                name = ARM_TRIM.sub("", grouped.group("grp")).strip() or grouped.group("grp")
                series[0].arm = name
                series[0].arm_end = grouped.end("grp") - len(window) + cursor + s_start
            cursor = p_start
        group += 1
        last_p = series[-1]
        for item in series:
            item.group = group
            if not item.p_text and last_p.p_text:
                item.p_text, item.p_value = last_p.p_text, last_p.p_value
        if counted:
            value.sized = True
        bind_share(sentence, s_start, value, match.start(), match.end(), counted, vocab)
        if (
            value.bound is not None
            and not value.verb
            and value.bound.start >= b
            and _RESPECTIVELY_AFTER.match(text, value.bound.end, s_end)
        ):
            # "with 3.6% and 1.6% intrahospital mortality, respectively": a run of rates
            # closed by the outcome's name and "respectively" is all that outcome's
            _bind_run_before(text, values, value)
        # "71.4% and 80.0% for arm A and B": one arm per value of the series, in order
        listed = arm_list(text[series[-1].end : s_end]) if len(series) > 1 else []
        if len(listed) == len(series):
            for item, name in zip(series, listed, strict=True):
                item.arm = name
                item.arm_end = series[-1].end + 1
            values.extend(series)
            continue
        for item in series:
            each = _EACH.match(text, item.end) if item.unit == "percent" else None
            if each:  # "while 83% each for nonseminoma": the group after "each"
                item.end = each.end()
            arm = ARM_AFTER.match(text, item.end, s_end)
            if arm and item is series[-1] and not WITHOUT_BEFORE.search(text, s_start, item.start):
                named = vocab.outcomes.find(arm.group("arm"))
                whole = len(arm.group("arm").strip())
                unrecorded = vocab.other_endpoints.find(arm.group("arm"))
                if (
                    unrecorded
                    and unrecorded[0].start == 0
                    and unrecorded[0].end == whole
                    # "15 months for patients with local recurrence": people named by it
                    and not _PEOPLE_WITH.search(text, item.end, arm.start("arm"))
                ):
                    # "15.1% versus 13.1% for deaths due to unknown causes": an endpoint the
                    # review does not record, named after the values, takes them
                    named = [Mention(0, whole, "", unrecorded[0].text)]
                if named and (
                    _NOT_REACHED_AFTER.match(text, arm.end(), s_end)
                    or _NOT_REACHED_AFTER.match(arm.group("arm"), named[0].end)
                ):
                    # "a median PFS of 26.1 months (95% CI: 17.1-NA) with overall survival (OS)
                    # not reached": the outcome after the values has none of its own
                    named, arm = [], None
                if (
                    named
                    and named[0].concept
                    and vocab.outcome_kind.get(named[0].concept) == "event"
                    and _PEOPLE_WITH.search(text, item.end, arm.start("arm"))
                    and _other_outcome_before(text, s_start, item.start, named[0].concept, vocab)
                ):
                    # "a 5-year OS of 70%, compared with 35% for those with partial response":
                    # people named by their response are a group of the outcome named before
                    named = []
                if named and named[0].start == 0 and named[0].end == whole:
                    m = named[0]
                    a0 = arm.start("arm")
                    for other in series:
                        other.bound = Mention(a0 + m.start, a0 + m.end, m.concept, m.text)
                    # "(23.5% vs 11.8% for ORR; ...)": the value set against it names the same
                    earlier = values[-1] if values else None
                    if (
                        earlier is not None
                        and earlier.bound is None
                        and PAIR_JOIN.fullmatch(text, earlier.end, series[0].start)
                    ):
                        earlier.bound = series[0].bound
                    elif (
                        m.concept
                        and series[0].unit == "percent"
                        and (
                            _ANOTHER_RUN.match(text, a0 + m.end)
                            or any(v.bound is not None and v.bound.concept for v in values)
                            # "with 3.6% and 1.6% intrahospital mortality, respectively"
                            or _RESPECTIVELY_AFTER.match(text, a0 + m.end)
                        )
                    ):
                        # "95%, 80%, and 70% for OS and 85%, 60%, and 50% for DFS": a run of
                        # rates closed by the outcome's name is all that outcome's
                        _bind_run_before(text, values, series[0])
                    series[-1].end = a0 + m.end
                    break
            if arm and not item.arm and item is series[-1] or (arm and len(series) == 1):
                name = ARM_TRIM.sub("", arm.group("arm").strip()).strip()
                if (
                    name
                    and not re.fullmatch(
                        r"[\d\s.%,]+|all|total|both|overall|each|whole|entire|study", name, re.I
                    )
                    and not NOT_AN_ARM.search(name)
                ):
                    item.arm = name
                    item.arm_end = arm.end()
                    arm_note = read_annotations(text, arm.end(), s_end, allow_bare_ci=False)
                    if arm_note.n is not None:
                        item.arm_n = arm_note.n
                        item.arm_end = arm_note.end
            after_tp = TP_AFTER.match(text, item.end, s_end)
            if after_tp and unit == "percent" and after_tp.group("prep").lower() != "for":
                nums = re.findall(NUM, after_tp.group("list"))
                if len(nums) == 1:
                    item.timepoint = timepoint_label(nums[0], after_tp.group("u"))
        values.extend(series)
    _counterparts_of_verbs(text, values)
    values.extend(_unit_carried_forward(text, s_start, s_end, values, skip))
    if "(" in sentence:
        values.extend(_unit_in_name_bracket(text, s_start, s_end, values, skip))
    paired = _pair_in_the_difference_unit(text, s_start, s_end, values, skip)
    paired += _rates_in_words(text, s_start, s_end)
    if "from" in sentence and _FROM_NUMBER.search(sentence):
        paired += _change_from(text, s_start, s_end, values, skip)
    if "tay" in sentence or "LOS" in sentence:
        paired += _stay_without_unit(text, s_start, s_end, values, skip)
    if paired:
        values = sorted(values + paired, key=lambda v: v.num_start)
    if " each" in sentence:
        values = _each_twice(text, values)
    return values


# "The 5- and 10-year PFS was 88% and 76% for A, while 83% each for B": a rate written once for
# both time points stands in both places
_EACH = re.compile(r"\s+each\b")
_ENDS_EACH = re.compile(r"\beach$")


def _each_twice(text: str, values: list[Value]) -> list[Value]:
    out = []
    for v in values:
        out.append(v)
        if v.unit == "percent" and not v.each_copy and _ENDS_EACH.search(text, v.num_start, v.end):
            out.append(dataclasses.replace(v, each_copy=True))
    return out


# "8 patients (18.2%) died within 90 days, compared with 32 of the 515 patients without leakage
# (6.2%)": the people set against those a verb counted, with their share, had the same outcome
_COUNTERPART_PEOPLE = re.compile(
    r"[^;()\[\]]{0,80}?,?\s*(?:compared\s+(?:with|to)|versus|vs\.?|than)\s+"
    rf"(?:{NUM}\s+(?:of\s+(?:the\s+)?{NUM}\s+)?)?(?:the\s+)?(?:patients|those|cases|participants)"
    r"\b(?P<arm>[^;()\[\]]{0,60}?)\s*[(\[]\s*$",
    re.IGNORECASE,
)


# "80.4% of laparoscopy patients were still alive, compared to 68.6% in the open group": the
# share set against the one a verb counted is of the same outcome
# "All 20 women (100%) in the A arm achieved remission compared with 14 (73.6%) in 19 women in
# the B arm": also without the comma, the share after its count
_COUNTERPART_SHARE = re.compile(
    r"[^;()\[\]]{0,40}?(?:,\s*|\s+)(?:compared\s+(?:with|to)|versus|vs\.?|against)\s+"
    rf"(?:{NUM}\s*[(\[]\s*)?",
    re.IGNORECASE,
)


def _counterparts_of_verbs(text: str, values: list[Value]) -> None:
    for before, value in zip(values, values[1:], strict=False):
        if not (
            before.verb
            and before.bound is not None
            and value.bound is None
            and value.unit == "percent"
            and before.unit == "percent"
        ):
            continue
        counter = _COUNTERPART_PEOPLE.fullmatch(
            text, max(before.end, before.bound.end), value.num_start
        )
        # (the share set against it must name its own group: "compared with 40% at baseline"
        # is no counterpart)
        if counter or (
            value.arm
            and _COUNTERPART_SHARE.fullmatch(
                text, max(before.end, before.bound.end), value.num_start
            )
        ):
            value.bound = before.bound
            value.verb = True
            if not counter:
                continue
            arm = re.sub(r"^(?:in|from|of|among)\s+(?:the\s+)?", "", counter.group("arm").strip())
            arm = ARM_TRIM.sub("", arm).strip()
            if arm and not value.arm and not NOT_AN_ARM.search(arm):
                value.arm = arm


def _rates_in_words(text: str, s_start: int, s_end: int) -> list[Value]:
    """ "The 30-day mortality rate was zero": 0%, its quote the word."""
    found = []
    for match in ZERO_RATE.finditer(text, s_start, s_end):
        a = match.start("num")
        note = read_annotations(text, match.end("num"), s_end, allow_bare_ci=False)
        found.append(
            Value(start=a, num_start=a, end=note.end, value=0.0, unit="percent",
                  p_text=note.p_text, p_value=note.p_value, group=-3)
        )  # fmt: skip
    return found


# "improved the median OS from 6.0 to 8.0 months", "The median PFS increased from 12 months to
# 18 months": a median before a change is a value as the median after it is (the first takes
# the unit written after the second)
_FROM_NUMBER = re.compile(r"\bfrom\s+\d")
_CHANGE_FROM = re.compile(
    r"(?:\b(?:declined|decreased|fell|dropped|increased|rose|improved|reduced|prolonged|extended|"
    r"lengthened|shortened)(?:\s+[a-z]+ly)?(?:\s+(?:the\s+)?(?:median|mean)\s+[\w-]+"
    # "... and the median CSS from 7.0 to 9.0 months": the verb shared with the change before
    r"(?:\s+[\w-]+)?)?\s*,?\s+from\s+|\band\s+the\s+(?:median|mean)\s+[\w-]+(?:\s+[\w-]+)?\s+from\s+"
    rf")(?P<a>{NUM})\s*(?P<ua>{UNIT}\b)?\s+to\s+(?P<b>{NUM})\s*(?P<ub>{UNIT})\b",
    re.IGNORECASE,
)


def _change_from(text: str, s_start: int, s_end: int, values: list[Value], skip) -> list[Value]:
    found = []
    for change in _CHANGE_FROM.finditer(text, s_start, s_end):
        unit = canonical_time_unit(change.group("ub"))
        for which in ("a", "b"):
            at = change.start(which)
            if any(v.num_start <= at < v.end for v in values) or any(x <= at < y for x, y in skip):
                continue
            end = change.end("ua") if which == "a" and change.group("ua") else change.end(which)
            if which == "b":
                end = change.end("ub")
            note = read_annotations(text, end, s_end, allow_bare_ci=False)
            found.append(
                Value(start=at, num_start=at, end=max(end, note.end),
                      value=parse_number(change.group(which)), unit=unit,
                      p_text=note.p_text, p_value=note.p_value, group=-4)
            )  # fmt: skip
    return found


# "The median hospital stay was 7 (range 5-21)": a stay written without its unit is in days
STAY_WITHOUT_UNIT = re.compile(
    r"\b(?:(?:hospital|postoperative|inpatient)\s+stay|length\s+of\s+(?:hospital\s+)?stay|LOS)"
    r"(?:\s*[(\[][A-Za-z]{2,5}[)\]])?\s+(?:was|were|of|:)\s+(?:(?:a|the)\s+)?(?:median|mean)?\s*"
    rf"(?:of\s+)?(?P<num>{NUM})(?=\s*(?:[(\[]\s*(?:range|IQR|interquartile)|[.;](?:\s|$)|$))",
    re.IGNORECASE,
)


def _stay_without_unit(text, s_start, s_end, values: list[Value], skip) -> list[Value]:
    found = []
    for stay in STAY_WITHOUT_UNIT.finditer(text, s_start, s_end):
        at = stay.start("num")
        if any(v.num_start <= at < v.end for v in values) or any(x <= at < y for x, y in skip):
            continue
        note = read_annotations(text, stay.end("num"), s_end, allow_bare_ci=False)
        found.append(
            Value(start=at, num_start=at, end=max(note.end, stay.end("num")),
                  value=parse_number(stay.group("num")), unit="days",
                  p_text=note.p_text, p_value=note.p_value, group=-5)
        )  # fmt: skip
    return found


# "was nearly 4 days longer in the elderly cohort than in the younger group (13.4 vs 9.5;
# p = 0.003)": the difference gives the unit the bracketed pair leaves out
_DIFFERENCE = re.compile(
    rf"(?<![\w.]){NUM}\s*[-‐‑]?\s*(?P<unit>months?|weeks?|days?|years?)\s+(?:longer|shorter|"
    r"more|less|fewer)\b",
    re.IGNORECASE,
)
_BARE_PAIR = re.compile(
    rf"[(\[]\s*(?P<a>{NUM})\s+(?:vs\.?|versus)\s+(?P<b>{NUM})\s*(?=[;,)\]])", re.IGNORECASE
)


def _pair_in_the_difference_unit(text, s_start, s_end, values: list[Value], skip) -> list[Value]:
    difference = _DIFFERENCE.search(text, s_start, s_end)
    if not difference:
        return []
    pair = _BARE_PAIR.search(text, difference.end(), min(s_end, difference.end() + 150))
    if not pair or re.search(r"[;.]\s", text[difference.end() : pair.start()]):
        return []
    if any(v.num_start <= pair.start("a") < v.end for v in values):
        return []
    if any(x <= pair.start("a") < y for x, y in skip):
        return []
    unit = canonical_time_unit(difference.group("unit"))
    mean = bool(MEAN_JUST_BEFORE.search(text, s_start, difference.start())) or bool(
        re.search(r"\bmean\b", text[s_start : difference.start()], re.IGNORECASE)
    )
    found = []
    for key in ("a", "b"):
        note = read_annotations(text, pair.end(key), s_end, allow_bare_ci=False)
        found.append(
            Value(
                start=pair.start(key), num_start=pair.start(key), end=note.end,
                value=parse_number(pair.group(key)), unit=unit, p_text=note.p_text,
                p_value=note.p_value, group=-2, mean=mean,
            )
        )  # fmt: skip
    if not found[0].p_text:
        found[0].p_text, found[0].p_value = found[1].p_text, found[1].p_value
    return found


# "4.6 per 100 woman-years (95% CI 3.9-5.4) in the A group and 3.9 (3.2-4.6) in the B group":
# a bare number with its interval and its arm, joined to the value before, shares that unit.
_BARE_WITH_CI = re.compile(
    rf"(?<![\w.·,/−%-])(?P<num>{NUM})\s*[(\[]\s*(?:{CI_LEAD})?{CI_RANGE}\s*[)\]]", re.IGNORECASE
)


_CARRY_LINK = re.compile(
    r"\s*[,;]?\s*(?:and|while|whereas|but)?\s*(?:(?:it\s+)?(?:was|were)\s+)?", re.IGNORECASE
)


# "median rwOS (mo) was 18.1 in patients with X, 24.3 with Y": the unit written once in a
# bracket after the name, before its verb, holds for the bare numbers that follow
NAME_UNIT_BRACKET = re.compile(
    r"[(\[]\s*(?P<u>mo|mos|months?|days?|years?|yrs?|weeks?|wks?)\s*[)\]]\s*(?:was|were|:)\s",
    re.IGNORECASE,
)
_BARE_AFTER_NAME_UNIT = re.compile(
    rf"(?<![\w.·,/−±=<>≤≥⩽⩾~–—‐‑-])(?P<num>{NUM})(?=\s+(?:in|with|for|among|and|vs\.?|versus)\s|"
    r"\s*[,;]\s|\s*\.?$)"
)

# "grade 3, 5%", "stage II, 40%": the level a number names after such a word is no value
_GRADE_BEFORE = re.compile(r"\b(?:grades?|stages?|cycles?|types?|levels?|G)\s*$", re.IGNORECASE)

_LEVEL_BEFORE = re.compile(
    r"\b(?:to|score|grades?|stages?|status|PS|levels?|of|than|aged?|cycles?)\s*$", re.IGNORECASE
)


def _bind_run_before(text: str, values: list[Value], first: Value) -> None:
    """The unbound percentages joined in a run just before ``first`` ("3.6% and" in "3.6% and
    1.6% intrahospital mortality") report what ``first`` is bound to."""
    nxt = first
    for earlier in reversed(values):
        if not (
            earlier.bound is None
            and earlier.unit == "percent"
            and _RUN_JOIN.fullmatch(text, earlier.end, nxt.start)
        ):
            break
        earlier.bound = first.bound
        nxt = earlier


def _is_taken(at: int, values: list[Value], skip) -> bool:
    """Whether the number at ``at`` is already a value's or lies where no value is read."""
    return any(v.num_start <= at < v.end for v in values) or any(x <= at < y for x, y in skip)


def _bare_value(text, match: re.Match, s_end: int, unit: str, allow_bare_ci: bool) -> Value:
    """A bare number (a match's group "num") as a value in ``unit``, with the interval and
    p-value written after it: the value the carrying rules below give a unit written
    elsewhere."""
    at = match.start("num")
    note = read_annotations(text, match.end("num"), s_end, allow_bare_ci=allow_bare_ci)
    return Value(
        start=at, num_start=at, end=note.end, value=parse_number(match.group("num")), unit=unit,
        ci_low=note.ci_low, ci_high=note.ci_high, p_text=note.p_text, p_value=note.p_value,
        group=-1,
    )  # fmt: skip


def _unit_in_name_bracket(text, s_start, s_end, values: list[Value], skip) -> list[Value]:
    lead = NAME_UNIT_BRACKET.search(text, s_start, s_end)
    if not lead:
        return []
    unit = canonical_time_unit(lead.group("u"))
    added: list[Value] = []
    for match in _BARE_AFTER_NAME_UNIT.finditer(text, lead.end(), s_end):
        a = match.start("num")
        if _is_taken(a, values, skip):
            continue
        if EXCLUDE_BEFORE.search(text[max(s_start, a - 25) : a]) or _LEVEL_BEFORE.search(
            text, max(s_start, a - 25), a
        ):
            continue  # "score greater than or equal to 2": the level that names the group
        added.append(_bare_value(text, match, s_end, unit, allow_bare_ci=False))
    return added


def _unit_carried_forward(text, s_start, s_end, values: list[Value], skip) -> list[Value]:
    added: list[Value] = []
    for match in _BARE_WITH_CI.finditer(text, s_start, s_end):
        a = match.start("num")
        taken = values + added
        if _is_taken(a, taken, skip):
            continue
        earlier = [v for v in taken if v.end <= a and v.arm]
        if not earlier:
            continue
        prev = max(earlier, key=lambda v: v.end)
        if not _CARRY_LINK.fullmatch(text, max(prev.end, prev.arm_end), a):
            continue
        value = _bare_value(text, match, s_end, prev.unit, allow_bare_ci=True)
        arm = ARM_AFTER.match(text, value.end, s_end)
        name = ARM_TRIM.sub("", arm.group("arm").strip()).strip() if arm else ""
        if not name or NOT_AN_ARM.search(name):
            continue
        value.arm, value.arm_end, value.mean = name, arm.end(), prev.mean
        added.append(value)
    return added


def spans_without_values(
    sentence: str, s_start: int, frames: list[Frame], vocab: Vocabulary
) -> list[tuple[int, int]]:
    """Where in the sentence starting at ``s_start`` a number is no outcome value: the
    frames' own names and time points, follow-up times, a group's size, the time points of a
    list, a range in brackets and a spread."""
    skip = [(f.start, f.end) for f in frames]
    lowered = sentence.lower()
    if "follow" in lowered or "median" in lowered:  # every follow-up shape holds one of these
        skip += [(m.start() + s_start, m.end() + s_start) for m in FOLLOW_UP.finditer(sentence)]
    events_before = [
        f.end
        for f in frames
        if any(vocab.outcome_kind.get(sl.concept) == "event" for sl in f.slots)
    ]
    skip += [
        (m.start() + s_start, m.end() + s_start)
        for m in ARM_SIZE.finditer(sentence)
        # "toxicities were fatigue (n = 31, 86.1%)": read, and kept only as a list's item
        if not (
            SIZED_SHARE.fullmatch(m.group(0))
            and (
                any(end <= m.start() + s_start for end in events_before)
                # "Most patients (n=40, 80%) achieved a partial response", "Almost half (n=23,
                # 46.9%) of the patients showed a good response": the share a verb reports
                or _SHARE_VERB_AFTER.match(sentence, m.end())
            )
        )
    ]
    skip += [
        (m.start() + s_start, m.end() + s_start)
        for m in TIMEPOINT_LIST.finditer(sentence)
        # "was significantly different at 19.8 months and 12.9 months, respectively": times
        # with tenths (other than a half) are results, not the time points of a list
        if not _TENTHS.search(m.group("nums"))
    ]
    skip += [(m.start() + s_start, m.end() + s_start) for m in RANGE_BRACKET.finditer(sentence)]
    skip += [(m.start() + s_start, m.end() + s_start) for m in SPREAD.finditer(sentence)]
    skip += [
        (m.start("span") + s_start, m.end("span") + s_start)
        for m in RANGE_RESULT.finditer(sentence)
    ]
    return skip
