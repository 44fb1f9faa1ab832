"""Distributing a frame's values over its slots and arms, one rule per shape the text uses:
per-arm segments ("A (n = 58), 160 months, 90%; B ..."), arm-major ("18.5 and 125.1 months for
G1, 12.2 and 33.9 months for G2"), arm-major split at "vs", pairs per outcome ("2.4% vs 6.6%,
0.8% vs 1.8% ... for A and B"), runs each closed by its arms, arms listed after or before the
values, the sentence's arms, "respectively", and last the one slot a value's unit fits. Each
pairing carries the rule_id that produced it."""

from __future__ import annotations

import re

from litreview.extract.arm_names import (
    ARM_AFTER,
    ARM_TRIM,
    NOT_AN_ARM,
    VS_JOIN,
    arm_list,
    pre_arms,
)
from litreview.extract.comparisons import comparison_arms
from litreview.extract.numbers import NUM, parse_number
from litreview.extract.outcome_types import Frame, Slot, Value
from litreview.extract.value_grammar import RESPECTIVELY, UNIT, VERSUS, unit_fits
from litreview.extract.vocab import Vocabulary, _norm


def _runs_with_arms_after(text: str, values: list[Value], s_end: int):
    """ "71.4% and 80.0% for arm A and B, and 70.0% and 73.9% for arm C and D": runs of
    values, each closed by its own list of as many arms; None unless every value is in one."""
    pairs, run, closed = [], [], 0
    for i, value in enumerate(values):
        run.append(value)
        end = values[i + 1].num_start if i + 1 < len(values) else s_end
        # the list ends where a bracket (a p-value, a CI) or a clause begins
        region = re.split(r"[(\[;]", text[value.end : end], maxsplit=1)[0]
        arms = arm_list(region) if len(run) > 1 else []
        if arms:
            if len(arms) != len(run):
                return None
            pairs += list(zip(run, arms, strict=True))
            run, closed = [], closed + 1
    # one run alone is the plain "values for A and B" form, read elsewhere
    return pairs if closed > 1 and not run else None


_SINGLE_PRE_ARM = re.compile(
    r"^\s*(?:(?:rates?|times?)\s+)?(?:for|in|with|among|after|following)\s+(?:the\s+)?"
    r"(?:(?:patients|subjects)\s+(?:treated\s+with|receiving|undergoing|who\s+received|with)\s+)?"
    r"(?P<arm>[^,;:()\[\]]{1,50}?)\s+(?:was|were|is|of|reached)\s*$",
    re.IGNORECASE,
)


_SINCE = re.compile(r"\s*(?:after|following)\b", re.IGNORECASE)


def _single_pre_arm(text: str, frame: Frame, first_value: Value) -> str:
    match = _SINGLE_PRE_ARM.match(text[frame.end : first_value.start])
    if not match:
        return ""
    if _SINCE.match(text, frame.end) and re.search(rf"\b{UNIT}$", text[frame.start : frame.end]):
        return ""  # "rates at 5 and 10 years after surgery were": when, not which group
    name = ARM_TRIM.sub("", match.group("arm").strip()).strip()
    return "" if re.fullmatch(r"all|both|each|the\s+\w+\s+population|overall", name, re.I) else name


# "was 40 months and for small bowel NET 87 months": another group named between the values
_ANOTHER_GROUP = re.compile(r"\b(?:for|in|among|after|with|following|than|compared)\b", re.I)


def _vs_groups(text: str, values: list) -> list[list]:
    """Split a frame's values at "vs"/"versus"/"compared with": one group per arm."""
    groups = [[values[0]]]
    for prev, cur in zip(values, values[1:], strict=False):
        between = text[prev.end : cur.num_start]
        if re.search(rf"\b(?:{VERSUS}|compared\s+(?:with|to))(?:\s|$)", between, re.I):
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


# "(HACE vs. HAE: 2.4% vs. 6.6%; ...": the groups of every pair, named once before them
_PAIR_LEGEND = re.compile(
    r"[(\[]\s*(?P<a>[^()\[\]:;,]{1,40}?)\s+(?:vs\.?|versus)\s+(?P<b>[^()\[\]:;,]{1,40}?)\s*:\s*$",
    re.IGNORECASE,
)


def _vs_runs(text: str, values: list[Value]) -> list[list[Value]]:
    """The values in runs set against each other: "x vs y, a vs b" gives [[x, y], [a, b]]."""
    runs = [[values[0]]]
    for prev, cur in zip(values, values[1:], strict=False):
        if VS_JOIN.fullmatch(text, prev.end, cur.num_start):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    return runs


def _pairs_per_outcome(text: str, frame: Frame, values: list[Value], s_end: int):
    """ "Morbidity, mortality and symptom improvement were 2.4% vs 6.6%, 0.8% vs 1.8% and 88% vs
    83% for A and B, respectively": as many runs of values set against each other ("x vs y") as
    the frame has names, the runs in the names' order and the values of each run in the
    groups' order. Returns (value, slot, arm) triples, or None when the text has another shape."""
    slots = frame.slots
    runs = _vs_runs(text, values)
    width = len(runs[0])
    if len(slots) < 2 or width < 2:
        return None
    if len(runs) != len(slots):
        # "Morbidity, mortality, blood loss and operation time did not differ (24% vs. 31%,
        # p=0.41; 7.0% vs. 5.1%, p=1.0; 1000 ml vs. 1500 ml, ...)": one part of the bracket
        # per name; a part whose values are not read (millilitres) keeps its name's place
        slots = _slots_by_bracket_part(text, frame, runs)
        if slots is None:
            return None
    if any(len(run) != width for run in runs) or any(v.arm for run in runs[:-1] for v in run):
        return None
    # "... and 88% vs 83% for A and B": the last run took the list's names already
    names = [v.arm for v in runs[-1]] if all(v.arm for v in runs[-1]) else []
    if len(names) != width:
        names = arm_list(text[values[-1].end : s_end])
    if len(names) != width:
        legend = _PAIR_LEGEND.search(text, frame.end, values[0].num_start)
        names = [legend.group("a").strip(), legend.group("b").strip()] if legend else []
    if len(names) != width:
        names = pre_arms(text, frame, values[0])
    if len(names) != width and width == 2:
        # "did not differ for PT or LR (24% vs. 31%, ...; 7.0% vs. 5.1%, ...)"
        pair = _PAIR_BEFORE_BRACKET.search(text, frame.end, values[0].num_start)
        names = [pair.group("a"), pair.group("b")] if pair else []
    if len(names) != width:
        names = [""] * width
    return [(v, slots[j], names[i]) for j, run in enumerate(runs) for i, v in enumerate(run)]


_GROUP_WORD = r"(?!(?:the|two|both|all|patients|groups?|with|without|and|or)\b)[\w+/-]+"
_PAIR_BEFORE_BRACKET = re.compile(
    r"\b(?:between|for|in|with|after)\s+(?:the\s+)?"
    rf"(?P<a>{_GROUP_WORD}(?:\s+{_GROUP_WORD})?)\s+(?:and|or|vs\.?|versus)\s+(?:the\s+)?"
    rf"(?P<b>{_GROUP_WORD}(?:\s+{_GROUP_WORD})?)(?:\s+(?:groups|arms|cohorts|patients))?\s*[(\[]\s*$",
    re.IGNORECASE,
)


def _slots_by_bracket_part(text: str, frame: Frame, runs: list[list[Value]]):
    """The frame's slot of each run when the runs stand in one bracket of as many parts (split
    at ";") as the frame has names, one run to a part, in the names' order; else None."""
    first = runs[0][0]
    opened = max(text.rfind("(", frame.end, first.num_start),
                 text.rfind("[", frame.end, first.num_start))  # fmt: skip
    if opened < 0 or re.search(r"[)\]]", text[opened : first.num_start]):
        return None
    parts, depth, i = [opened], 0, opened
    while i < len(text):
        c = text[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                break
        elif c == ";" and depth == 1:
            parts.append(i)
        i += 1
    else:
        return None
    parts.append(i)
    if len(parts) - 1 != len(frame.slots):
        return None

    def part_of(value: Value) -> int:
        inside = (j for j in range(len(parts) - 1) if parts[j] < value.num_start < parts[j + 1])
        return next(inside, -1)

    placed = []
    for run in runs:
        where = {part_of(v) for v in run}
        if len(where) != 1 or -1 in where:
            return None
        placed.append(where.pop())
    if placed != sorted(set(placed)):
        return None
    return [frame.slots[j] for j in placed]


def _pairs_per_subgroup(text: str, frame: Frame, values: list[Value], arms: list[str]):
    """ "MSTs in the resection and non-resection groups, respectively, were 18.7 vs. 7.0 months
    for patients with IM, 23.4 vs. 5.7 months for those with VI, and ...": one outcome, the
    groups named once before it, then one run "x vs y" per subgroup, each in the groups' order.
    Returns (value, arm) pairs, or None when the text has another shape."""
    if len(frame.slots) != 1 or len(arms) < 2:
        return None
    runs = _vs_runs(text, values)
    if len(runs) < 2 or any(len(run) != len(arms) for run in runs):
        return None
    # a value naming its own group inside a run ("18.7 in A vs 7.0 in B") is not the list's
    if any(v.arm for run in runs for v in run[:-1]):
        return None
    return [(v, arms[i]) for run in runs for i, v in enumerate(run)]


def _segments(text: str, frame: Frame, values: list[Value], s_end: int):
    """ "as follows: A (n = 58), 160 months, 90%; B (n = 28), 123 months, 84%": per-arm
    segments of as many values as the frame has slots, each led by the arm's name."""
    colon = text.find(":", frame.end, values[0].start)
    if colon < 0:
        return None
    boundaries = [colon + 1]
    depth = 0
    for i in range(colon + 1, s_end):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth -= 1
        elif text[i] == ";" and depth == 0:
            boundaries.append(i + 1)
    boundaries.append(s_end)
    segments = []
    for a, b in zip(boundaries, boundaries[1:], strict=False):
        inside = [v for v in values if a <= v.start < b]
        if len(inside) != len(frame.slots):
            return None
        lead = text[a : inside[0].start]
        name = re.match(r"\s*(?:and\s+)?(?P<arm>[^,(\[:]+?)\s*(?:[(\[,:]|$)", lead)
        if not name or not name.group("arm").strip():
            return None
        n = re.search(rf"\(\s*[nN]\s*=\s*(?P<n>{NUM})", lead)
        segments.append((name.group("arm").strip(), int(parse_number(n.group("n"))) if n else None,
                         inside))  # fmt: skip
    return segments if len(segments) >= 2 else None


# "in the B group (n=24; 21% and 71%, respectively) ... than the A group (n=21; 38% and 67%,
# respectively)": each group's size opens a bracket holding its values in the names' order
_SIZED_BRACKET = re.compile(rf"[(\[]\s*[nN]\s*=\s*{NUM}\s*[;,]")


_NAME_BEFORE = re.compile(
    r"(?<![\w+/-])(?P<arm>(?:(?!(?:compared|than|versus|vs|were|was|is|are|in|for|among|of|with|to|the|"
    r"and|those|that)\b)[\w+/-]+\s+){0,3}(?!(?:compared|than|versus|vs|were|was|is|are|in|"
    r"for|among|of|with|to|the|and|those|that)\b)[\w+/-]+)\s*$",
    re.IGNORECASE,
)


# "in the SeR group (", "than that of the B arm [": a group, named as one, opening a bracket
_GROUP_OPENS = re.compile(
    r"\b(?:in|for|among|than|from|with|of)\s+(?:that\s+(?:in|of)\s+|those\s+(?:in|of)\s+)?"
    r"the\s+[\w+/-]+(?:\s+[\w+/-]+)?\s+(?:groups?|arms?|cohorts?)\s*[(\[]$",
    re.IGNORECASE,
)


def _sized_brackets(text: str, frame: Frame, values: list[Value]):
    """(name, [values]) per bracket opened by a group's size, or None for another shape."""
    groups: dict[int, list[Value]] = {}
    for value in values:
        opened = text.rfind("(", frame.end, value.num_start)
        square = text.rfind("[", frame.end, value.num_start)
        opened = max(opened, square)
        if (
            opened < 0
            or not (
                _SIZED_BRACKET.match(text, opened)
                # "in the SeR group (93.9 and 50.1%) was lower than that in the DeR group
                # (94.9 and 64.8%, P = 0.019)": a bracket opened straight after a group
                or _GROUP_OPENS.search(text, max(frame.end, opened - 50), opened + 1)
            )
            or ")" in text[opened : value.num_start]
        ):
            return None
        groups.setdefault(opened, []).append(value)
    if len(groups) < 2 or any(len(g) != len(frame.slots) for g in groups.values()):
        return None
    named = []
    for opened, inside in sorted(groups.items()):
        lead = _NAME_BEFORE.search(text, max(frame.end, opened - 60), opened)
        # "the A group" -> "A" (ARM_TRIM would take "A" for an article)
        name = (
            re.sub(r"\s+(?:groups?|arms?|cohorts?)$", "", lead.group("arm"), flags=re.I)
            if lead
            else ""
        )
        named.append((name, inside))
    return named


_SINGULAR_LINK = re.compile(
    rf"\s*(?:rate\s+)?(?:(?:at|within|after)\s+{NUM}\s*[-‐‑]?\s*{UNIT}\s+)?(?:was|is|of|:|=)\s*",
    re.IGNORECASE,
)


# "...; in the TAE group they were", "In the TACE group, the ... rates were": the group a
# clause names before its run of values
_CLAUSE_GROUP = re.compile(
    r"(?:^\s*(?:[A-Z][A-Za-z .'&-]{2,30}:\s*)?|[;,]\s*|\b(?:whereas|while|and)\s+)"
    r"(?:in|for|among|after|following|with)\s+"
    # "for the 63 patients in the standard-dose group, ...": the group's size before its name
    r"(?:the\s+)?(?:\d+\s+(?:patients|cases|subjects)\s+(?:in|of)\s+(?:the\s+)?)?"
    r"(?:(?:patients|those)\s+(?:treated\s+with|receiving|undergoing|who\s+"
    r"(?:underwent|received)|with)\s+)?(?P<arm>[^,;:()\[\]]{1,40}?)"
    r"(?:\s+(?:groups?|arms?|cohorts?|patients))?\s*(?:,|\s+(?:they|these|it|the|were|was)\b)",
    re.IGNORECASE,
)


_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:whereas|while)\b|,\s+and\s+(?=in|for|among|after|with)"
    # "8.0 months and 24.0 months, respectively, which were longer than 5.0 months and 18.0
    # months in CG": the counterpart's run set against the first
    rf"|,\s*(?:{RESPECTIVELY}\s*,\s*)?(?:(?:which|that)\s+(?:was|were)\s+)?(?:(?:significantly|"
    r"markedly|much|also)\s+)?(?:longer|shorter|higher|lower|better|worse|greater)\s+than\b",
    re.IGNORECASE,
)

# "The median PFS and OS in OG were 8.0 months and ...": the group written between the names
# and the verb leads the first run
_GROUP_BEFORE_VERB = re.compile(
    r"\b(?:in|for|among)\s+(?:the\s+)?(?P<arm>[^,;:()\[\]]{1,40}?)"
    r"(?:\s+(?:groups?|arms?|cohorts?))?\s+(?:were|was)\s+$",
    re.IGNORECASE,
)


# "87.4, 73.3, and 61.5%, respectively, for patients who received RFA": a run's own
# "respectively" between its last value and the group the run is of, its comma often left out
# ("15 and 12.5 months, respectively for early-stage disease")
_RESPECTIVELY_THEN = re.compile(
    rf"\s*,?\s*{RESPECTIVELY}\s*(?=,|\s(?:for|in|among|after|following)\s)", re.IGNORECASE
)


_FOR_OVERALL = re.compile(r"\s+for\s+overall(?=\s*[,;])", re.IGNORECASE)


def _run_closing_arm(text: str, value: Value, s_end: int) -> tuple[str, int | None]:
    """The group named right after the last value of a run, also past the run's own
    "respectively"; ("", None) when none is."""
    if value.arm and value.arm_end > value.end:
        return value.arm, value.arm_n
    if _FOR_OVERALL.match(text, value.end, s_end):
        return "overall", None
    past = _RESPECTIVELY_THEN.match(text, value.end, s_end)
    arm = ARM_AFTER.match(text, past.end(), s_end) if past else None
    if not arm:
        return "", None
    name = ARM_TRIM.sub("", arm.group("arm").strip()).strip()
    if not name or NOT_AN_ARM.search(name) or re.fullmatch(r"all|both|each", name, re.I):
        return "", None
    # "96.1%, 88.4% and 79.0% for overall; 90.2%, ... for disease free": "overall" closes a
    # run as the whole cohort does (no group; see _kind_named_as_group)
    return name, None


def _runs_per_name(text: str, values: list, a: int, s: int) -> bool:
    """Whether the "and"s (or semicolons) joining ``values`` close runs of ``a`` values (one
    per group) rather than pairs of ``s`` (one per name), and one of them cannot close a pair."""
    k = len(values)
    ands = [
        j
        for j in range(1, k)
        if re.search(r"\band\b|;", text[values[j - 1].end : values[j].start], re.IGNORECASE)
    ]
    return (
        a > 2
        and bool(ands)
        and all(j % a == 0 or (j + 1) % a == 0 for j in ands)
        and any(j % a == 0 and j != k - s for j in ands)
    )


def _runs_by_clause(text: str, frame: Frame, values: list[Value], s_start: int):
    """ "In the TACE group, the 1-, 2- and 3-year rates were 80%, 60% and 45%; in the TAE group
    they were 75%, 52% and 38%": runs of as many values as the frame has slots, one per clause,
    each clause naming its group (before its values or right after them); None otherwise."""
    s, k = len(frame.slots), len(values)
    if s < 2 or k % s or k == s:
        return None
    runs = [values[i : i + s] for i in range(0, k, s)]
    named = []
    clause_start = s_start
    for index, run in enumerate(runs):
        if index and not _CLAUSE_BREAK.search(text, runs[index - 1][-1].end, run[0].num_start):
            return None
        if any(
            _CLAUSE_BREAK.search(text, a.end, b.num_start)
            for a, b in zip(run, run[1:], strict=False)
        ):
            return None
        own = {v.arm for v in run if v.arm}
        leads = list(_CLAUSE_GROUP.finditer(text[clause_start : run[0].num_start]))
        lead = leads[-1] if leads else None
        if lead is None and not index:
            lead = _GROUP_BEFORE_VERB.search(text, frame.end, run[0].num_start)
        if len(own) == 1:
            named.append(own.pop())
        elif not own and lead:
            named.append(ARM_TRIM.sub("", lead.group("arm").strip()).strip())
        else:
            return None
        clause_start = run[-1].end
    if len(set(named)) != len(named) or not all(named):
        return None
    return [
        (v, sl, arm)
        for run, arm in zip(runs, named, strict=True)
        for v, sl in zip(run, frame.slots, strict=True)
    ]


def _points_per_name(frame: Frame, values: list[Value], kinds: dict):
    """ "RFS and OS rates were 51%, 36%, 27% and 89%, 74%, 60% at 1, 2, and 3 years,
    respectively": one run of rates per name, in the names' order, each run at the time points
    the list after the values gives (which only the last run took). Returns (value, slot,
    time point) triples, or None for another shape."""
    slots, k = frame.slots, len(values)
    s = len(slots)
    if s < 2 or k % s or any(sl.timepoint or not sl.concept for sl in slots):
        return None
    t = k // s
    points = [v.timepoint for v in values[-t:]]
    if (
        t < 2
        or not all(points)
        or len(set(points)) != t
        or any(v.timepoint for v in values[:-t])
        or any(v.arm for v in values)
        or not all(v.unit == "percent" for v in values)
    ):
        return None
    triples = [(values[j * t + i], slots[j], points[i]) for j in range(s) for i in range(t)]
    for j, slot in enumerate(slots):
        run = [v.value for v in values[j * t : (j + 1) * t]]
        order = sorted(range(t), key=lambda i: _years(points[i]) or 0)
        if kinds.get(slot.concept) == "time_to_event" and any(
            run[b] > run[a] for a, b in zip(order, order[1:], strict=False)
        ):
            return None  # survival can only fall with time: the runs are not the names'
    return triples


# "In regimens A, B, and C, the five-year LRFS and OS rates were ...": groups listed in a
# phrase that leads the sentence, right before the frame
_LEAD_LIST = re.compile(
    # a section heading may open the sentence ("Results: In regimens A, B, and C, ...")
    r"\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?"
    r"(?P<lead>(?:in|for|among)\s+[^,;:()\[\]]+(?:,\s*(?:and\s+|or\s+)?[^,;:()\[\]]+)+)"
    r"\s*,\s*(?:the\s+)?",
    re.IGNORECASE,
)


def _lead_arms(text: str, frame: Frame, s_start: int) -> list[str]:
    lead = _LEAD_LIST.fullmatch(text, s_start, frame.start)
    return arm_list(lead.group("lead") + " were") if lead else []


def _time_major(text: str, slots: list[Slot], values: list[Value], kinds: dict):
    """ "local-control and overall survival rates at 1, 3, and 5 years were 94.7% and 90.3%,
    91.4% and 50.0%, and 90.0% and 25.0%, respectively": one group of values per time point,
    each holding the names in order. The slots (name by name, each at every time point) in the
    order the values are written, or None when the values are written name by name.

    The text shows the groups: values joined by "and" or "vs" belong together, a comma or
    semicolon starts the next group. Where it does not, survival only falls with time."""
    names = list(dict.fromkeys(sl.mention.start for sl in slots))
    n, s = len(names), len(slots)
    if n < 2 or s % n:
        return None
    t = s // n
    points = [sl.timepoint for sl in slots[:t]]
    if t < 2 or not all(points) or len(set(points)) != t:
        return None
    for i, name in enumerate(names):
        run = slots[i * t : (i + 1) * t]
        if any(sl.mention.start != name for sl in run) or [sl.timepoint for sl in run] != points:
            return None
    by_time = [slots[i * t + j] for j in range(t) for i in range(n)]
    sizes, size = [], 1
    for a, b in zip(values, values[1:], strict=False):
        if re.search(r"[,;]", text[a.end : b.num_start]):
            sizes.append(size)
            size = 1
        else:
            size += 1
    sizes.append(size)
    if n != t and all(z == n for z in sizes):
        return by_time
    if n != t and all(z == t for z in sizes):
        return None

    def falls(order: list[Slot]) -> bool:
        series: dict[int, list[tuple[float, float]]] = {}
        for value, slot in zip(values, order, strict=True):
            when = _years(slot.timepoint)
            if kinds.get(slot.concept) != "time_to_event" or value.unit != "percent":
                continue
            if when is None:
                return False
            series.setdefault(slot.mention.start, []).append((when, value.value))
        ordered = [[v for _, v in sorted(points)] for points in series.values()]
        return bool(series) and all(
            later <= earlier
            for run in ordered
            for earlier, later in zip(run, run[1:], strict=False)
        )

    return by_time if not falls(slots) and falls(by_time) else None


def _years(timepoint: str) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([ymwd])", timepoint or "")
    if not match:
        return None
    return float(match.group(1)) / {"y": 1, "m": 12, "w": 52, "d": 365}[match.group(2)]


# the joint between two groups' runs: an "and" or a semicolon
_RUN_JOINT = re.compile(r"\band\b|;", re.IGNORECASE)


def _survival_falls(pairs: list, kinds: dict) -> bool:
    """Every group's survival rates fall (or hold) as their time points grow; False when the
    pairs are not survival rates at time points."""
    series: dict[str, list[tuple[float, float]]] = {}
    for value, slot, arm, _ in pairs:
        when = _years(slot.timepoint)
        if kinds.get(slot.concept) != "time_to_event" or value.unit != "percent" or when is None:
            return False
        series.setdefault(arm, []).append((when, value.value))
    for points in series.values():
        ordered = [v for _, v in sorted(points)]
        if any(later > earlier for earlier, later in zip(ordered, ordered[1:], strict=False)):
            return False
    return True


# "The 5-year overall survival was 42% (median, 51 months)": a bracket opened by "median" right
# after a rate holds the same outcome's median
_MEDIAN_IN_BRACKET = re.compile(r"\s*[(\[]\s*median\s*[,:=]?\s*", re.IGNORECASE)


def assign_values(
    text: str,
    frame: Frame,
    values: list[Value],
    s_end: int,
    vocab: Vocabulary,
    sentence_arms: list[str] = (),
    s_start: int = 0,
):
    """Yield (value, slot, arm, n_arm, rule_id) for the values of one frame.
    ``sentence_arms`` is a list of arms the sentence names for another of its frames ("in
    groups A and B were 93.4 and 66.0%, and the 5-year rates were 81.4 and 48.3%"); a frame
    of one outcome whose values no rule gives arms takes it when the counts agree."""
    named, values = _stat_named_times(text, frame, values, vocab.outcome_kind)
    assigned = [(v, slot, v.arm, v.arm_n, "outcome.stat_named.v1") for v, slot in named]
    medians = [
        (before, v)
        for before, v in zip(values, values[1:], strict=False)
        if before.unit == "percent"
        and v.unit != "percent"
        and _MEDIAN_IN_BRACKET.fullmatch(text, before.end, v.num_start)
    ]
    if medians:
        values = [v for v in values if all(v is not m for _, m in medians)]
    if values:
        assigned += _assign(text, frame, values, s_end, vocab, sentence_arms, s_start)
    for before, v in medians:
        # "were 84% and 14% (median, 18 months)": the median of the rate's outcome
        owner = next((item for item in assigned if item[0] is before), None)
        if owner is not None and owner[1].concept:
            slot = owner[1]
            median = Slot(slot.concept, "median", "", slot.mention)
            if unit_fits(vocab.outcome_kind[slot.concept], "median", v.unit):
                assigned.append((v, median, owner[2], owner[3], "outcome.median_in_bracket.v1"))
    assigned = [_kind_named_as_group(text, item, vocab) for item in assigned]
    # in the order written: the first value's quote starts at the frame's name
    yield from sorted(assigned, key=lambda item: item[0].num_start) if named else assigned


_GROUP_ARTICLE = re.compile(r"^(?:the|for)\s+", re.IGNORECASE)


def _kind_named_as_group(text: str, item, vocab: Vocabulary):
    """ "survival rates were 84.6%, 78.7% and 65% for general; 76.3%, 55.2%, 33% for disease
    free and ...": a group that is a modifier of the survival head ("disease free", "local
    progression free") names the kind of survival, not patients."""
    value, slot, arm, n, rule = item
    if arm and re.fullmatch(r"(?:for\s+)?overall", arm, re.I):
        return value, slot, "", None, rule  # the whole cohort
    if not slot.concept or vocab.outcome_kind.get(slot.concept) != "time_to_event":
        return item
    kinds = vocab.coordination.get("survival") or {}
    if not arm:
        # "Survival at 5 years was 60% overall and 45% disease-free": the kind written
        # straight after the value, closing its clause
        after = _KIND_AFTER.match(text, value.end)
        kind = after and kinds.get(_norm(after.group("kind")))
        if not kind or slot.concept != "os":
            return item
        return value, Slot(kind, slot.stat, slot.timepoint, slot.mention), arm, n, rule
    kind = kinds.get(_norm(_GROUP_ARTICLE.sub("", arm)))
    if not kind or slot.concept != "os":
        return item
    return value, Slot(kind, slot.stat, slot.timepoint, slot.mention), "", None, rule


_KIND_AFTER = re.compile(
    r"\s+(?P<kind>overall|(?:local\s+)?(?:disease|recurrence|relapse|progression|event)[- ]free|"
    r"(?:cancer|disease|cause)[- ]specific)(?=\s*(?:[,;.)]|and\b|$))",
    re.IGNORECASE,
)


# "(median 39.5 months)", ", median 39.2 months": the statistic written just before a time
_STAT_JUST_BEFORE = re.compile(r"(?:^|[(\[,;]|\band)\s*(?P<stat>median|mean)\s*[:=]?\s*$", re.I)


def _stat_named_times(text: str, frame: Frame, values: list[Value], kinds: dict):
    """ "1-, 3-, 5-year OS rates of 90%, 57% and 36% were documented (median 39.5 months)": a
    time with its statistic written just before it, in a frame of one survival outcome's rates,
    is that outcome's median or mean, not a value of the rates. Returns ([(value, slot)], the
    other values)."""
    concepts = {sl.concept for sl in frame.slots}
    if (
        len(concepts) != 1
        or kinds.get(next(iter(concepts))) != "time_to_event"
        or not all(sl.stat == "rate" for sl in frame.slots)
    ):
        return [], values
    concept, mention = frame.slots[0].concept, frame.slots[0].mention
    named, rest = [], []
    for value in values:
        stat = _STAT_JUST_BEFORE.search(text, max(0, value.num_start - 12), value.num_start)
        if stat and value.unit != "percent":
            named.append((value, Slot(concept, stat.group("stat").lower(), "", mention)))
        else:
            rest.append(value)
    return named, rest


_ONE_FOR_ALL = re.compile(r"\s*(?:rates?\s+)?(?:of|was|were|[:=])\s*", re.IGNORECASE)
_NAMES_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.IGNORECASE)


def _assign(
    text: str,
    frame: Frame,
    values: list[Value],
    s_end: int,
    vocab: Vocabulary,
    sentence_arms,
    s_start: int,
):
    slots = frame.slots
    kinds = vocab.outcome_kind

    def fits(value: Value, slot: Slot) -> bool:
        # a slot of an unrecorded endpoint takes any value, so the values keep their order
        return not slot.concept or unit_fits(kinds[slot.concept], slot.stat, value.unit)

    k, s = len(values), len(slots)
    if s > 1 and k % s == 0 and all(values[i].per_slot for i in range(0, k, s)):
        # "highest for A (52% and 16%) followed by B (38% and 8%)": each group's bracket holds
        # one value per outcome, in the order the outcomes are named
        pairs = [(values[i + j], slots[j], values[i].arm) for i in range(0, k, s) for j in range(s)]
        if all(fits(v, sl) for v, sl, _ in pairs):
            for v, sl, arm in pairs:
                yield v, sl, arm, None, "outcome.bracket_per_group.v1"
            return
    segments = _segments(text, frame, values, s_end) if s > 1 else None
    if segments:
        pairs = [
            (v, sl, arm, n)
            for arm, n, inside in segments
            for v, sl in zip(inside, slots, strict=True)
        ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.segment_per_arm.v1"
            return
    sized = _sized_brackets(text, frame, values) if s > 1 else None
    if sized:
        pairs = [(v, sl, arm) for arm, inside in sized for v, sl in zip(inside, slots, strict=True)]
        if all(fits(v, sl) for v, sl, _ in pairs):
            for v, sl, arm in pairs:
                yield v, sl, arm, None, "outcome.segment_per_arm.v1"
            return
    trailing = [v for v in values if v.arm and v.arm_end > v.end]
    closing = (
        [_run_closing_arm(text, values[i * s + s - 1], s_end) for i in range(k // s)]
        if s > 1 and k % s == 0 and k > s
        else []
    )
    closed_runs = (
        bool(closing)
        and all(arm for arm, _ in closing)
        and len({arm for arm, _ in closing}) == len(closing)
    )
    if (
        s > 1
        and k % s == 0
        and all(v in values[s - 1 :: s] for v in trailing)
        and (closed_runs or (trailing and len(trailing) == k // s))
    ):
        pairs = []
        for i in range(k // s):
            owner = values[i * s + s - 1]
            arm, arm_n = closing[i] if closed_runs else (owner.arm, owner.arm_n)
            for j in range(s):
                pairs.append((values[i * s + j], slots[j], arm, arm_n))
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arm_major.v1"
            return
    per_name = _points_per_name(frame, values, kinds)
    if per_name and all(fits(v, sl) for v, sl, _ in per_name):
        for v, sl, point in per_name:
            v.timepoint = point
            yield v, sl, "", None, "outcome.points_per_name.v1"
        return
    by_clause = _runs_by_clause(text, frame, values, s_start)
    if by_clause and all(fits(v, sl) for v, sl, _ in by_clause):
        for v, sl, arm in by_clause:
            yield v, sl, arm, None, "outcome.runs_by_clause.v1"
        return
    groups = _vs_groups(text, values)
    if s > 1 and len(groups) > 1 and all(len(g) == s for g in groups):
        names = [g[-1].arm for g in groups]
        single = _single_pre_arm(text, frame, values[0])
        if single and not names[0]:
            names[0] = single
        if len(groups) == 2 and not any(names):
            # "rates in the HR group were superior to those in the RFA group (66.7%, 44.4% vs.
            # 44.1%, 31.2%)": the two groups the sentence compares around the runs
            names = list(
                comparison_arms(text[s_start : values[0].start], text[values[-1].end : s_end])
                or names
            )
        pairs = [
            (v, slots[j], names[i], None) for i, g in enumerate(groups) for j, v in enumerate(g)
        ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arm_major_vs.v1"
            return
    paired = _pairs_per_outcome(text, frame, values, s_end)
    if paired and all(fits(v, sl) for v, sl, _ in paired):
        for v, sl, arm in paired:
            yield v, sl, arm, None, "outcome.pairs_per_outcome.v1"
        return
    arms = pre_arms(text, frame, values[0]) or _lead_arms(text, frame, s_start)
    runs = _runs_with_arms_after(text, values, s_end) if s == 1 and not arms else None
    if runs and all(fits(v, slots[0]) for v, _ in runs):
        for v, arm in runs:
            yield v, slots[0], arm, None, "outcome.arms_after_each_run.v1"
        return
    # values each followed by its own arm ("77.9% in A and 72.8% in the B group, for ...")
    # keep them; a list after the last one is not theirs
    own = len({v.arm for v in values if v.arm}) == k > 1
    post = arm_list(text[values[-1].end : s_end]) if not arms and not own else []
    if post and k == s * len(post):
        a = len(post)
        if s == 1:
            pairs = [(v, slots[0], post[i], None) for i, v in enumerate(values)]
        elif _runs_per_name(text, values, a, s):
            # "DFS and OS were 95%, 92%, 72%, 73%, and 100%, 84%, 90%, and 79% in stage I, II,
            # III and IV, respectively": an "and" closing a run of one value per group, where
            # it cannot close a group's pair, splits the list by name
            pairs = [
                (values[j * a + i], slots[j], post[i], None) for j in range(s) for i in range(a)
            ]
        else:
            pairs = [
                (values[i * s + j], slots[j], post[i], None) for i in range(a) for j in range(s)
            ]
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arms_after_values.v1"
            return
    per_subgroup = (
        _pairs_per_subgroup(text, frame, values, arms) if arms and k > len(arms) else None
    )
    if per_subgroup and all(fits(v, slots[0]) for v, _ in per_subgroup):
        for v, arm in per_subgroup:
            yield v, slots[0], arm, None, "outcome.pairs_per_subgroup.v1"
        return
    if arms and k == s * len(arms) and not own:
        # "the interval between surgery and recurrence was 78 months for A vs. 24 months for
        # B": values that name their own groups are not the list's
        a = len(arms)
        pairs = [(values[j * a + i], slots[j], arms[i], None) for j in range(s) for i in range(a)]
        rule = "outcome.outcome_major.v1"
        by_arm = [(values[i * s + j], slots[j], arms[i], None) for i in range(a) for j in range(s)]
        if not _survival_falls(pairs, kinds) and _survival_falls(by_arm, kinds):
            # "rates at 1, 3 and 5 years in A, B and C were 89.2, 69.4 and 61.2%, 86.0, 57.9
            # and 38.2%, ...": survival can only fall with time, so the runs are the groups'
            pairs, rule = by_arm, "outcome.arm_major.v1"
        if all(fits(v, sl) for v, sl, _, _ in pairs):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, rule
            return
    if (
        s == 1
        and not arms
        and not post
        and len(sentence_arms) == k > 1
        and not any(v.arm for v in values)
        and all(fits(v, slots[0]) for v in values)
    ):
        for v, arm in zip(values, sentence_arms, strict=True):
            yield v, slots[0], arm, None, "outcome.arms_of_sentence.v1"
        return
    a = len(sentence_arms)
    if (
        s > 1
        and a > 1
        and k == s * a
        and not arms
        and not post
        and not any(v.arm for v in values)
        and all(
            _RUN_JOINT.search(text, values[i * s - 1].end, values[i * s].num_start)
            for i in range(1, a)
        )
    ):
        # "The median OS of the A and B groups were 19.0 and 26.6 months, respectively, and the
        # 1-, 2- and 3-year survival rates were 78.0%, 39.0%, and 24.0%, and 89.0%, 61.0%, and
        # 30.0%, respectively": runs of one value per slot, one run per group the sentence
        # named for another of its frames, in that order
        pairs = [
            (values[i * s + j], slots[j], sentence_arms[i], None)
            for i in range(a)
            for j in range(s)
        ]
        if all(fits(v, sl) for v, sl, _, _ in pairs) and (
            _survival_falls(pairs, kinds)
            or not _survival_falls(
                [
                    (values[j * a + i], slots[j], sentence_arms[i], None)
                    for j in range(s)
                    for i in range(a)
                ],
                kinds,
            )
        ):
            for v, sl, arm, n in pairs:
                yield v, sl, arm, n, "outcome.arms_of_sentence.v1"
            return
    single = _single_pre_arm(text, frame, values[0])
    if (
        single
        and not any(v.arm for v in values)
        and len(groups) == 1
        and not any(
            _ANOTHER_GROUP.search(text, a.end, b.num_start)
            for a, b in zip(values, values[1:], strict=False)
        )
    ):
        # "survivals in the pre-MELD era were 79.5%, 61.4%, and 49.2% at 1, 3, and 5 years":
        # one group named before values set against no other
        for v in values:
            v.arm = single
    elif single and not values[0].arm:
        values[0].arm = single
    if k == s and s > 1:
        slots = _time_major(text, slots, values, kinds) or slots
    if k == s and s > 1 and all(fits(v, sl) for v, sl in zip(values, slots, strict=True)):
        for v, sl in zip(values, slots, strict=True):
            yield v, sl, v.arm, v.arm_n, "outcome.respectively.v1"
        return
    if s == 1 and arms and k == len(arms) and not own and all(fits(v, slots[0]) for v in values):
        for v, arm in zip(values, arms, strict=True):
            yield v, slots[0], arm, None, "outcome.arms_in_order.v1"
        return
    # "the commonest complication was fever and mortality was 4%": a named event ends the
    # clause before, so one value written right after the last name reports that name alone
    # ("morbidity and mortality was 4%" stays unread: it may be their sum)
    last = slots[-1]
    if (
        k == 1
        and s > 1
        and all(vocab.event_name(sl.mention.text) for sl in slots[:-1])
        and fits(values[0], last)
        and _SINGULAR_LINK.fullmatch(text, last.mention.end, values[0].num_start)
    ):
        yield values[0], last, values[0].arm, values[0].arm_n, "outcome.nearest_frame.v1"
        return
    # "a 5-year DSS and OS of 57.6% for those treated with surgery": one survival value
    # written once for two survivals named together just before it is each one's
    if (
        k == 1
        and s > 1
        and all(kinds.get(sl.concept) == "time_to_event" and fits(values[0], sl) for sl in slots)
        and len({(sl.stat, sl.timepoint) for sl in slots}) == 1
        and len({sl.concept for sl in slots}) == s
        and _ONE_FOR_ALL.fullmatch(text, last.mention.end, values[0].num_start)
        and all(
            _NAMES_JOINED.fullmatch(text, a.mention.end, b.mention.start)
            for a, b in zip(slots, slots[1:], strict=False)
        )
    ):
        for sl in slots:
            yield values[0], sl, values[0].arm, values[0].arm_n, "outcome.one_for_all.v1"
        return
    # Fallback: each value to the first slot its unit fits, only when that choice is unique.
    for v in values:
        fitting = [sl for sl in slots if fits(v, sl)]
        if len({(sl.concept, sl.stat, sl.timepoint) for sl in fitting}) == 1 or (
            fitting and len(values) == 1 and len(fitting) == 1
        ):
            yield v, fitting[0], v.arm, v.arm_n, "outcome.nearest_frame.v1"
