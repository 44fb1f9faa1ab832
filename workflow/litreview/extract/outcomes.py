"""Outcome values (medians, rates) with their arm, time point, CI and p-value.

Abstracts state results in a handful of shapes, and each shape is one rule here:

* a *frame*: one or more outcome names ("median HPFS and OS", "the median, 5 and 10 year OS",
  "local, hepatic, and overall PFS") followed by the values that report them;
* the values in a frame are matched to the frame's slots and to arms, in the order the text
  gives: outcome-major ("for NET vs NEC were 6.7 vs 2.9 months, 4.8 vs 1.5 months"), arm-major
  ("18.5 and 125.1 months for G1, 12.2 and 33.9 months for G2"), or one segment per arm
  ("hepatic resection (n = 58), 160 months, 90%, 70%; ablation (n = 28), ...");
* a count with a percentage naming its outcome after it ("40 (3.3%) deaths").

A value no rule can tie to an outcome is dropped: a wrong value costs a reviewer more than a
missing one. Differences ("5.5-month shorter"), follow-up times, ages and durations are not
outcome values and are excluded by context.

This module reads a text sentence by sentence and turns what the steps find into rows:
``outcome_frames`` finds the frames, ``outcome_values`` the values (with ``value_grammar``,
``timepoints``, ``bracket_context``, ``arm_names`` and ``value_binding``), ``value_labels``
judges bracketed values by their labels, ``arm_assignment`` matches values to slots and arms,
and ``sentence_arms`` gives arms from the rest of the sentence; ``outcome_types`` holds the
types they share.
"""

from __future__ import annotations

import re

from litreview.extract.arm_assignment import assign_values
from litreview.extract.bracket_context import enclosing_close
from litreview.extract.numbers import NUM, NUMBER_WORDS, normalise_time, words_to_number
from litreview.extract.outcome_frames import events_in_view, find_frames
from litreview.extract.outcome_types import Frame, Slot, Value
from litreview.extract.outcome_values import (
    NAME_UNIT_BRACKET,
    STAY_WITHOUT_UNIT,
    find_values,
    spans_without_values,
)
from litreview.extract.sentence_arms import (
    VERSUS_BETWEEN,
    arms_contrasted_before,
    arms_from_lead,
    arms_of_sentence,
    compared_pairs,
)
from litreview.extract.timepoints import TP_NUM, timepoint_label, timepoints_after
from litreview.extract.value_grammar import (
    VALUE_RE,
    ZERO_RATE,
    is_rate_unit,
    unit_fits,
)
from litreview.extract.value_labels import labelled_values
from litreview.extract.vocab import Vocabulary


def _outcome_id(kind: str, concept: str, stat: str, unit: str) -> str:
    if is_rate_unit(unit):
        return f"{concept}_rate"
    return f"{concept}_{'mean' if stat == 'mean' else 'median'}"


def extract_outcomes(text: str, sentences: list[tuple[int, int]], vocab: Vocabulary) -> list[dict]:
    """One row per outcome value in ``sentences`` (spans of ``text``), with its arm, time
    point, interval, p-value and the quote it came from."""
    vocab = vocab.with_defined_abbreviations(text)
    rows: list[dict] = []
    previous_start = None
    last_slots: list[Slot] = []  # the previous sentence's last frame with values
    last_count = 0  # how many outcomes the previous sentence gave values
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        window_start, previous_start = (
            s_start if previous_start is None else previous_start,
            s_start,
        )
        before, last_slots = last_slots, []
        outcomes_before, last_count = last_count, 0
        if (
            not VALUE_RE.search(sentence)
            and not ZERO_RATE.search(sentence)
            and not ("(" in sentence and NAME_UNIT_BRACKET.search(sentence))
            # a stay written without its unit; "tay" and "LOS" are a cheap gate before the
            # expression ("stay", "Stay", "LOS"), which most sentences do not pass
            and not (
                ("tay" in sentence or "LOS" in sentence) and STAY_WITHOUT_UNIT.search(sentence)
            )
        ):
            continue

        # whether named events are in view is asked only where the sentence names one
        def cue(window: str = text[window_start:s_end], sentence: str = sentence) -> bool:
            return bool(vocab.event_names) and events_in_view(window, sentence, vocab)

        frames = find_frames(sentence, s_start, vocab, cue, before, outcomes_before)
        skip = spans_without_values(sentence, s_start, frames, vocab)
        values = find_values(text, s_start, s_end, vocab, skip)
        first_row = len(rows)
        if not values:
            continue
        timepoints_after(sentence, s_start, values)
        bound_starts = {v.bound.start for v in values if v.bound is not None}
        frames = [f for f in frames if not all(sl.mention.start in bound_starts for sl in f.slots)]
        _give_values_to_frames(text, s_start, s_end, frames, values)
        with_values = [f for f in frames if f.values and not f.difference]
        if with_values:
            last_slots = with_values[-1].slots
            last_count = len({sl.concept for f in with_values for sl in f.slots})
        sentence_arms = arms_of_sentence(text, with_values, values, s_end)
        for v, slot, arm, arm_n, rule in compared_pairs(
            text, s_start, s_end, _bound_values(text, values, vocab)
        ):
            if not v.each_copy:
                rows.append(_row(text, v, slot, arm, arm_n, rule, v.start, vocab))
        for frame in frames:
            if not frame.values:
                continue
            if frame.difference:
                continue
            keep = labelled_values(text, frame, vocab)
            if not keep:
                continue
            _pair_means(text, keep)
            assigned = list(assign_values(text, frame, keep, s_end, vocab, sentence_arms, s_start))
            assigned = compared_pairs(text, s_start, s_end, assigned)
            assigned = arms_contrasted_before(text, assigned, sentences, vocab)
            for i, (v, slot, arm, arm_n, rule) in enumerate(assigned):
                if not slot.concept or v.each_copy:
                    continue
                start = frame.start if i == 0 and v.start - frame.end <= 80 else v.start
                rows.append(_row(text, v, slot, arm, arm_n, rule, start, vocab))
        arms_from_lead(text[s_start:s_end], rows[first_row:], vocab)
        _timepoint_from_lead(sentence, rows[first_row:])
    if any(row["outcome"].startswith("morbidity_") for row in rows) and _radiation_only(
        text, vocab
    ):
        for row in rows:
            if row["outcome"].startswith("morbidity_"):
                row["outcome"] = "adverse_event_" + row["outcome"][len("morbidity_") :]
    elif any(row["outcome"].startswith("adverse_event_") for row in rows) and _operation_only(
        text, vocab
    ):
        for row in rows:
            if row["outcome"].startswith("adverse_event_") and not row.get("event"):
                row["outcome"] = "morbidity_" + row["outcome"][len("adverse_event_") :]
    return rows


def _radiation_only(text: str, vocab: Vocabulary) -> bool:
    """The abstract treats with radiation and names no operation or ablation (its complications
    are adverse events: config/vocabulary.yaml, complication_family)."""
    kinds = vocab.complication_family
    return _names(kinds, "radiation", text) and not _names(kinds, "operation", text)


def _operation_only(text: str, vocab: Vocabulary) -> bool:
    """The abstract treats by an operation and names no radiation, drug, ablation or other
    treatment (its adverse events are its complications)."""
    kinds = vocab.complication_family
    return (
        _names(kinds, "operation_alone", text)
        and not _names(kinds, "radiation", text)
        and not _names(kinds, "other_treatment", text)
    )


def _names(kinds: dict, kind: str, text: str) -> bool:
    return kind in kinds and bool(kinds[kind].search(text))


# "At 5 years, OS was 61% and 48% ...", "After three years of follow-up, the survival rate was"
_LEAD_TIMEPOINT = re.compile(
    # a heading may stand before it ("RESULTS: At 3 years, ...")
    r"\s*(?:[A-Z][A-Za-z. ]{2,30}:\s*)?"
    rf"(?:At|After|By|Within)\s+(?P<n>{NUM}|{NUMBER_WORDS})[\s-]*"
    r"(?P<u>years?|months?|weeks?|days?)(?:\s+(?:of\s+follow-up|after\s+[\w-]+(?:\s+[\w-]+)?|postoperatively|"
    r"post-?treatment|post-?operatively))?\s*,",
    re.IGNORECASE,
)


def _timepoint_from_lead(sentence: str, rows: list[dict]) -> None:
    """Rates in a sentence led by a time point ("At 5 years, ...") are at that time point when
    nothing else in the sentence gives theirs."""
    lead = _LEAD_TIMEPOINT.match(sentence)
    if not lead:
        return
    number = lead.group("n")
    if not re.match(r"[\d.·]", number):
        number = str(words_to_number(number) or "")
        if not number:
            return
    label = timepoint_label(number, lead.group("u"))
    for row in rows:
        if not row["timepoint"] and is_rate_unit(row["unit"]):
            row["timepoint"] = label


def _give_values_to_frames(
    text: str, s_start: int, s_end: int, frames: list[Frame], values: list[Value]
) -> None:
    """Each value not bound to an outcome of its own goes to the last frame before it, unless
    that frame is inside brackets closed before the value."""
    for value in values:
        if value.bound is not None:
            continue
        owner = _name_after_points(text, s_start, s_end, frames, value)
        for frame in frames if owner is None else ():
            if frame.end <= value.num_start and not (
                0 <= enclosing_close(text, s_start, s_end, frame.start) <= value.num_start
            ):
                owner = frame
        if owner is not None:
            owner.values.append(value)
    _elided_names_respectively(text, s_end, frames)


_RESPECTIVELY_CLOSE = re.compile(r"\s*[,;]?\s*\(?(?:respectively|in\s+turn)\b", re.IGNORECASE)


def _elided_names_respectively(text: str, s_end: int, frames: list[Frame]) -> None:
    """ "In the A group, PFS was 8.5 months, and OS 24.0 months; in the B group, 6.1 months and
    18.2 months, respectively": a run after a semicolon that names no outcome and closes with
    "respectively" holds one value for each of the names the clause before gave one value, in
    their order."""
    if len(frames) < 2 or len(frames[-1].values) < 3:
        return
    last = frames[-1]
    split = next(
        (
            i
            for i in range(1, len(last.values))
            if ";" in text[last.values[i - 1].end : last.values[i].num_start]
        ),
        None,
    )
    if split != 1:
        return
    run = last.values[split:]
    if not _RESPECTIVELY_CLOSE.match(text, run[-1].end, s_end):
        return
    named = [f for f in frames if f.values][-len(run) :]
    if (
        len(named) != len(run)
        or named[-1] is not last
        or any(len(f.values) != 1 or len(f.slots) != 1 for f in named[:-1])
        or len({f.slots[0].concept for f in named}) != len(run)
        or any(f.values[0].unit != v.unit for f, v in zip(named, run, strict=True))
    ):
        return
    last.values = last.values[:split]
    for frame, value in zip(named, run, strict=True):
        frame.values.append(value)


# "no difference in 2-year (97.6% vs 92.4%; P = .45) and 5-year (95.8% vs 95.6%; P = .26)
# overall survival rate": each time point opens a bracket of its own values, and the outcome
# is named once, after the last bracket
# "(97.6% versus [vs] 92.4%": a page's gloss of "versus" in brackets stays inside its bracket
_IN_BRACKET = r"(?:[^()\[\]]|[(\[]vs\.?[)\]])"
_POINT_BRACKET_BEFORE = re.compile(
    rf"\b(?P<n>{TP_NUM})\s*[-‐‑]\s*(?P<u>years?|months?)\s*[(\[]{_IN_BRACKET}*$", re.IGNORECASE
)
_POINT_BRACKETS_THEN_NAME = re.compile(
    rf"^{_IN_BRACKET}*[)\]](?:\s*,?\s*(?:and\s+|or\s+)?{TP_NUM}\s*[-‐‑]\s*(?:years?|months?)"
    rf"\s*[(\[]{_IN_BRACKET}*[)\]])*\s*(?:(?:the|overall|cumulative|estimated)\s+)?$",
    re.IGNORECASE,
)


def _name_after_points(
    text: str, s_start: int, s_end: int, frames: list[Frame], value: Value
) -> Frame | None:
    """The frame named after a run of brackets each opened by its time point, for a value in
    one of them that no frame before it owns; the value takes its bracket's time point."""
    lead = _POINT_BRACKET_BEFORE.search(text, max(s_start, value.num_start - 60), value.num_start)
    if not lead:
        return None
    after = [f for f in frames if f.start >= value.end]
    if not after or not _POINT_BRACKETS_THEN_NAME.match(text[value.end : after[0].start]):
        return None
    if not value.timepoint:
        value.timepoint = timepoint_label(lead.group("n"), lead.group("u"))
        value.own_timepoint = True
    value.named_after = True
    return after[0]


def _bound_values(text: str, values: list[Value], vocab: Vocabulary) -> list[tuple]:
    """(value, slot, arm, n_arm, rule_id) for the values bound to the outcome written after
    them ("40 (3.3%) deaths", "(9.9%) participants died") whose unit fits it."""
    bound_assigned = []
    for value in values:
        if value.bound is None or not value.bound.concept:
            continue
        slot = Slot(value.bound.concept, "", "", value.bound)
        arm, arm_n = value.arm, value.arm_n
        if not arm:
            # "213 LEs (17.4%) including 40 (3.3%) deaths": the count belongs to that arm.
            earlier = [v for v in values if v.arm and v.end <= value.start]
            if earlier and not re.search(r";|,\s*(?:and|while|whereas)\b",
                                         text[earlier[-1].end : value.start]):  # fmt: skip
                arm = earlier[-1].arm
        rule = "outcome.count_then_verb.v1" if value.verb else "outcome.count_then_outcome.v1"
        if unit_fits(vocab.outcome_kind[slot.concept], "", value.unit):
            bound_assigned.append((value, slot, arm, arm_n, rule))
    return bound_assigned


def _pair_means(text: str, values: list[Value]) -> None:
    """ "671 days vs. 433.78 ± 66.98 days": values set against each other are the same
    statistic, so one standard deviation makes both means."""
    for a, b in zip(values, values[1:], strict=False):
        if (a.mean or b.mean) and VERSUS_BETWEEN.fullmatch(text, a.end, b.num_start):
            a.mean = b.mean = True


def _row(text, value: Value, slot: Slot, arm: str, arm_n, rule: str, start: int, vocab) -> dict:
    kind = vocab.outcome_kind[slot.concept]
    stat = slot.stat or ("mean" if value.mean else "")
    outcome = _outcome_id(kind, slot.concept, stat, value.unit)
    number, unit = value.value, value.unit
    value_original, unit_original = "", ""
    ci_low, ci_high = value.ci_low, value.ci_high
    if not is_rate_unit(unit) and kind == "time_to_event" and unit != "months":
        value_original, unit_original = value.value, unit
        number, _ = normalise_time(value.value, unit)
        if ci_low is not None and ci_high is not None:
            ci_low, ci_high = normalise_time(ci_low, unit)[0], normalise_time(ci_high, unit)[0]
        unit = "months"
    end = value.end
    if value.p_text and value.group:
        end = max(end, value.end)
    quote = text[start:end]
    while quote and quote[-1] in " ,;":
        end -= 1
        quote = text[start:end]
    return {
        "arm": arm,
        "modality": vocab.modality_of(arm) if arm else "",
        "outcome": outcome,
        "event": value.event or vocab.event_name(slot.mention.text),
        "timepoint": value.timepoint if value.own_timepoint else slot.timepoint or value.timepoint,
        "value": number,
        "unit": unit,
        "value_original": value_original,
        "unit_original": unit_original,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "p_value": value.p_value,
        "p_value_text": value.p_text,
        "n_arm": arm_n if arm_n is not None else value.n,
        "start": start,
        "end": end,
        "quote": quote,
        "rule_id": rule,
    }
