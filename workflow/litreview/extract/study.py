"""Study characteristics: design, setting, accrual years, patient and procedure counts,
modalities (with counts where given), primary tumour sites (with counts), median follow-up."""

from __future__ import annotations

import re

from litreview.extract.numbers import COUNT, NUM, canonical_time_unit, parse_number
from litreview.extract.vocab import Vocabulary

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_ACCRUAL = re.compile(
    rf"\b(?:between|from)\s+(?:(?:January|February|March|April|May|June|July|August|September|"
    rf"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+)?"
    rf"(?:\d{{1,2}}\s+)?(?P<a>{_YEAR})\s*(?:and|to|until|through|-|–)\s+(?:\w+\.?\s+)?"
    rf"(?:\d{{1,2}},?\s+)?(?P<b>{_YEAR})\b"
    rf"|\((?P<c>{_YEAR})\s*[-–]\s*(?P<d>{_YEAR})\)"
    rf"|\b(?P<e>{_YEAR})\s*[-–]\s*(?P<f>{_YEAR})\b",
    re.IGNORECASE,
)
# Nouns are found first and the count read backwards from them: scanning for number words at
# every position of the text would cost more than the rest of extraction together.
_PATIENT_NOUN = re.compile(
    r"\b(?:patients|participants|subjects|cases|women|men|individuals|children|persons)\b",
    re.IGNORECASE,
)
_COUNT_BEFORE_NOUN = re.compile(
    rf"(?<![\w.,])(?P<n>{COUNT})\s+(?:(?:consecutive|eligible|adult|evaluable|total|[A-Z]{{2,5}})"
    r"\s+)*$",
    re.IGNORECASE,
)


class _Found:
    """A match-like (start, end, group) for a count read backwards from its noun."""

    def __init__(self, start: int, end: int, n: str):
        self._start, self._end, self._n = start, end, n

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: str) -> str:
        return self._n


def _patients(text: str) -> list[_Found]:
    found = []
    for noun in _PATIENT_NOUN.finditer(text):
        window_start = max(0, noun.start() - 60)
        count = _COUNT_BEFORE_NOUN.search(text, window_start, noun.start())
        if count:
            found.append(_Found(count.start(), noun.end(), count.group("n")))
    return found


_OF_WHOM = re.compile(rf"of\s+whom\s+(?P<n>{COUNT})\s+(?:patients\s+)?", re.IGNORECASE)
_PROCEDURE_NOUN = re.compile(r"\b(?:procedures|sessions|treatments|interventions)\b", re.I)
_COUNT_BEFORE_PROCEDURE = re.compile(
    rf"(?<![\w.,])(?P<n>{COUNT})\s+(?:[A-Z]{{2,5}}\s+)?$", re.IGNORECASE
)


def _procedures(text: str) -> list[_Found]:
    """ "30 LDT procedures": read backwards from the noun, as for patients."""
    found = []
    for noun in _PROCEDURE_NOUN.finditer(text):
        count = _COUNT_BEFORE_PROCEDURE.search(text, max(0, noun.start() - 60), noun.start())
        if count:
            found.append(_Found(count.start(), noun.end(), count.group("n")))
    return found


_FOLLOW_UP = re.compile(
    rf"median\s+(?:duration\s+of\s+)?follow[- ]?up(?:\s+(?:time|period|duration|interval))?"
    rf"(?:\s+(?:of|was|is|=|:|lasted))*[:=\s]*(?P<n>{NUM})\s*(?P<u>months?|mo|years?|yrs?|y|weeks?|days?)\b"
    rf"|after\s+a\s+median\s+(?:follow[- ]?up\s+)?(?:time\s+)?of\s+(?P<n2>{NUM})\s*"
    rf"(?P<u2>months?|mo|years?|yrs?|y|weeks?|days?)\b",
    re.IGNORECASE,
)
_N_AFTER = re.compile(rf"\s*[(\[,]\s*[nN]\s*=\s*(?P<n>{NUM})\s*[)\],]?")
_COUNT_BEFORE = re.compile(rf"(?<![\w.,-])(?P<n>{COUNT})\s+$", re.IGNORECASE)
_EVENT_SHARE = re.compile(r"s?\s*[(\[]\s*\d+(?:[.·]\d+)?\s?%")
_IN_N_PATIENTS = re.compile(rf"\s+in\s+(?P<n>{COUNT})\s+(?:patients|cases)\b", re.IGNORECASE)


def _row(field, value, start, end, rule, unit="", count=None, text=""):
    return {
        "field": field,
        "value": value,
        "unit": unit,
        "count": count,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "rule_id": rule,
    }


def _num(text: str) -> str:
    return f"{parse_number(text):g}"


def extract_study(text: str, sentences: list[tuple[int, int]], vocab: Vocabulary) -> list[dict]:
    rows: list[dict] = []
    # Design: the first design (in vocabulary order) named anywhere; then every setting named.
    found = {}
    for mention in vocab.designs.find(text):
        found.setdefault(mention.concept, mention)
    for design in vocab.design_order:
        if design in found:
            m = found[design]
            rows.append(_row("design", design, m.start, m.end, "study.design_term.v1", text=text))
            break
    settings = {}
    for mention in vocab.settings.find(text):
        settings.setdefault(mention.concept, mention)
    if "population_based" in settings:
        settings.pop("single_center", None)
    for setting, m in sorted(settings.items(), key=lambda kv: kv[1].start):
        rows.append(_row("setting", setting, m.start, m.end, "study.setting_term.v1", text=text))
    accrual = _ACCRUAL.search(text)
    if accrual:
        a, b = [g for g in accrual.groups() if g]
        if int(a) <= int(b):
            rows.append(_row("accrual_start", a, accrual.start(), accrual.end(),
                             "study.accrual_years.v1", text=text))  # fmt: skip
            rows.append(_row("accrual_end", b, accrual.start(), accrual.end(),
                             "study.accrual_years.v1", text=text))  # fmt: skip
    # Patients: "of whom N" narrows a cohort to the study population; otherwise the largest
    # count of patients named is the cohort (subgroups are smaller).
    of_whom = _OF_WHOM.search(text)
    candidates = [
        (parse_number(m.group("n")), m) for m in _patients(text) if _count_ok(m.group("n"))
    ]
    if of_whom:
        rows.append(_row("n_patients", _num(of_whom.group("n")), of_whom.start(), of_whom.end(),
                         "study.n_patients_of_whom.v1", text=text))  # fmt: skip
    elif candidates:
        n, m = max(candidates, key=lambda c: (c[0], -c[1].start()))
        groups = _group_total(text, sentences, candidates)
        if groups and groups[0] > n:
            total, first, last = groups
            rows.append(_row("n_patients", f"{total:g}", first.start(), last.end(),
                             "study.n_patients_sum_of_groups.v1", text=text))  # fmt: skip
        else:
            rows.append(_row("n_patients", f"{n:g}", m.start(), m.end(), "study.n_patients.v1",
                             text=text))  # fmt: skip
    procedures = [m for m in _procedures(text) if _count_ok(m.group("n"))]
    summed = _procedures_of_groups(text, sentences, candidates, procedures)
    if summed:
        total, first, last = summed
        rows.append(_row("n_procedures", f"{total:g}", first.start(), last.end(),
                         "study.n_procedures_sum_of_groups.v1", text=text))  # fmt: skip
    for m in procedures if not summed else []:
        rows.append(_row("n_procedures", _num(m.group("n")), m.start(), m.end(),
                         "study.n_procedures.v1", text=text))  # fmt: skip
    follow = _FOLLOW_UP.search(text)
    if follow:
        n = follow.group("n") or follow.group("n2")
        unit = canonical_time_unit(follow.group("u") or follow.group("u2"))
        rows.append(_row("median_follow_up", _num(n), follow.start(), follow.end(),
                         "study.median_follow_up.v1", unit=unit, text=text))  # fmt: skip
    rows.extend(_counted_terms(text, vocab.modalities.find(text), "modality"))
    site_rows = _counted_terms(text, vocab.sites.find(text), "primary_site", need_count=True)
    rows.extend(site_rows)
    return rows


# "20 NET patients ... and 6 NEC patients": a count of patients qualified by a group label.
_GROUP_LABEL = re.compile(rf"{COUNT}\s+(?P<label>[A-Z][\w-]{{1,11}})\s+", re.IGNORECASE)


def _group_total(text: str, sentences, candidates):
    """(total, first, last) when one sentence counts two or more differently labelled groups of
    patients and no count elsewhere is as large: the study population is their sum."""
    best = None
    for s_start, s_end in sentences:
        labelled = _labelled_groups(text, s_start, s_end, candidates)
        if len(labelled) >= 2:
            total = sum(parse_number(m.group("n")) for _, m in labelled)
            if best is None or total > best[0]:
                best = (total, labelled[0][1], labelled[-1][1])
    return best


def _labelled_groups(text: str, s_start: int, s_end: int, candidates) -> list:
    labelled = []
    for m in sorted((m for _, m in candidates if s_start <= m.start() < s_end), key=_Found.start):
        label = _GROUP_LABEL.match(text, m.start(), m.end())
        name = label.group("label") if label else ""
        # a label's later counts are subgroups of it ("9 PRRT patients later crossed over")
        if name.isupper() and name not in {seen for seen, _ in labelled}:
            labelled.append((name, m))
    return labelled


def _procedures_of_groups(text: str, sentences, candidates, procedures):
    """(total, first, last) when one sentence gives each of two or more labelled groups of
    patients its own count of procedures ("20 NET patients underwent 30 procedures, and 6 NEC
    patients underwent 13"): the study's procedures are their sum."""
    for s_start, s_end in sentences:
        groups = [m for _, m in _labelled_groups(text, s_start, s_end, candidates)]
        own = [p for p in procedures if s_start <= p.start() < s_end]
        if len(groups) < 2 or len(own) != len(groups):
            continue
        bounds = [g.start() for g in groups] + [s_end]
        if all(bounds[i] < own[i].start() < bounds[i + 1] for i in range(len(own))):
            return sum(parse_number(p.group("n")) for p in own), own[0], own[-1]
    return None


def _count_ok(raw: str) -> bool:
    try:
        return parse_number(raw) >= 1
    except ValueError:
        return False


def _counted_terms(text: str, mentions, field: str, need_count: bool = False) -> list[dict]:
    """One row per concept; a count when the text gives one: "TACE, n = 50", "pancreas (n =
    71)", "1,224 LEs", "small intestine in 245 patients"."""
    rows: dict[str, dict] = {}
    counted: list[dict] = []
    for m in mentions:
        count = None
        start, end = m.start, m.end
        after = _N_AFTER.match(text, m.end)
        in_n = _IN_N_PATIENTS.match(text, m.end)
        before = _COUNT_BEFORE.search(text[max(0, m.start - 25) : m.start])
        if after:
            count, end = int(parse_number(after.group("n"))), after.end()
        elif in_n:
            count, end = int(parse_number(in_n.group("n"))), in_n.end()
        elif before and field == "modality" and not _EVENT_SHARE.match(text, m.end):
            # "213 LEs (17.4%)" counts events after a procedure, not the procedures done
            count = int(parse_number(before.group("n")))
            start = m.start - len(before.group(0))
        if count is not None:
            if not any(r["value"] == m.concept and r["count"] == count for r in counted):
                counted.append(_row(field, m.concept, start, end, f"study.{field}_count.v1",
                                    count=count, text=text))  # fmt: skip
        elif not need_count and m.concept not in rows:
            rows[m.concept] = _row(field, m.concept, start, end, f"study.{field}_term.v1",
                                   text=text)  # fmt: skip
    counted_concepts = {r["value"] for r in counted}
    plain = [r for c, r in rows.items() if c not in counted_concepts]
    return sorted(counted + plain, key=lambda r: r["start"])
