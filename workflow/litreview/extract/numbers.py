"""Reading the numbers abstracts write: numerals with thousands separators and middle-dot
decimals, numbers spelled as words, ranges ("to", "-", en dash), confidence intervals in the
forms journals print them, p-values, and time units.

No library reads clinical number notation (``95%CI 0.44-0.88``, ``CI.95``, ``P = .008``,
``5·5``, "Sixty-one"), so the patterns are written here; they are regex fragments shared by the
outcome, effect and study extractors so that all three read a number the same way.
"""

from __future__ import annotations

import re

# A numeral: thousands groups ("5,159", "5 159" is not accepted: too ambiguous in lists), a
# decimal point or a Lancet-style middle dot, or a bare leading-dot decimal (".008").
NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:[.·]\d+)?|[.·]\d+)"
SIGNED_NUM = r"[-−–]?\s?" + NUM
# "1.11~2.08": many pages join a range's bounds with a tilde
DASH = r"(?:\s*(?:-|–|—|−|‑|~)\s*|\s+to\s+|\s*,\s*|\s*;\s*)"
RANGE_DASH = r"(?:\s*(?:-|–|—|−|‑|~)\s*|\s+to\s+)"

# A confidence-interval lead: "95% CI", "95%CI", "95% confidence interval [CI]", "CI.95",
# "CI 95%", "95 % CI:", "95% confidence limit (CL)", "95 per cent c.i.", "95% confidential
# interval" (a common slip), with the punctuation
# journals put between it and the bounds.
CI_LEAD = (
    r"(?:(?:9[05]|99)\s?(?:%|per\s?cent)\s*(?:CI|CL|C\.I\.|"
    r"confiden(?:ce|tial)\s+(?:intervals?|limits?)(?:\s*[\[(]C[IL][\])])?)|CI\s*\.?\s*9[05](?:\s?%)?|CI"
    # "increased hazard of death (1.31, confidence interval 1.07-1.60)": named, with no level
    r"|confiden(?:ce|tial)\s+(?:intervals?|limits?))"
    # "(95% CI; 1.1-22.7 months)"
    r"(?:\s*(?:was|of|=|:|,|;|from))*\s*"
)
CI_RANGE = rf"(?P<ci_low>{SIGNED_NUM}){RANGE_DASH}(?P<ci_high>{SIGNED_NUM})"
CI_RANGE_COMMA = rf"(?P<ci_low>{SIGNED_NUM})(?:{RANGE_DASH}|\s*[,;]\s*)(?P<ci_high>{SIGNED_NUM})"
P_VALUE = (
    r"(?P<p_text>(?:two[- ]sided\s+)?(?:log[- ]rank\s+)?[Pp](?:[- ]?value)?(?:\s*(?:for\s+\w+\s*)?)"
    r"\s*(?P<p_op>[=<>≤≥⩽⩾]|&lt;|&gt;|<\s*=|>\s*=|:\s*[<>≤≥⩽⩾]|:)\s*(?P<p_num>0?[.·]\d+|1(?:\.0+)?|\d(?:\.\d+)?"
    r"\s?[x×]\s?10\s?[-−]\s?\d+|[.·]\d+)|[Pp]\s*(?:value)?\s*(?:was\s+)?(?:not\s+significant|NS|ns)"
    r"(?![a-z]))"
)

_WORD_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_WORD_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNITS_ALT = "|".join(sorted(_WORD_UNITS, key=len, reverse=True))
_TENS_ALT = "|".join(_WORD_TENS)
_BELOW_100 = rf"(?:(?:{_TENS_ALT})(?:[- ](?:{_UNITS_ALT}))?|{_UNITS_ALT})"
_BELOW_1000 = rf"(?:(?:{_UNITS_ALT})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100})"
# "two thousand three hundred and five", "Sixty-one", "one hundred and twelve"
NUMBER_WORDS = rf"(?:(?:{_BELOW_1000})\s+thousand(?:,?\s+(?:and\s+)?{_BELOW_1000})?|{_BELOW_1000})"
NUMBER_WORDS_RE = re.compile(rf"\b{NUMBER_WORDS}\b", re.IGNORECASE)
COUNT = rf"(?:{NUM}|{NUMBER_WORDS})"

TIME_UNITS = {
    "months": "months", "month": "months", "mo": "months", "mos": "months", "mths": "months",
    "mth": "months", "m": "months",
    "weeks": "weeks", "week": "weeks", "wk": "weeks", "wks": "weeks",
    "years": "years", "year": "years", "yr": "years", "yrs": "years", "y": "years",
    "days": "days", "day": "days", "d": "days",
    # a length of stay in hours ("42.7 vs. 112.6 hours"): kept as written, durations only
    "hours": "hours", "hour": "hours", "hrs": "hours", "hr": "hours",
}  # fmt: skip
TIME_UNIT = r"(?:months?|mo|mos|mths?|weeks?|wks?|wk|years?|yrs?|yr|days?|y|d|m)"

DAYS_PER_MONTH = 365.25 / 12


def parse_number(text: str) -> float:
    """A numeral or number words as a float: "5,159" -> 5159, "5·5" -> 5.5, ".008" -> 0.008,
    "Sixty-one" -> 61, "−0.3" -> -0.3."""
    raw = text.strip()
    cleaned = raw.replace("·", ".").replace("−", "-").replace("–", "-").replace(" ", "")
    cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    value = words_to_number(raw)
    if value is None:
        raise ValueError(f"not a number: {text!r}")
    return float(value)


def words_to_number(text: str) -> int | None:
    """English number words up to the thousands, or None when ``text`` is not one."""
    tokens = re.split(r"[\s-]+", text.strip().lower().replace(",", " "))
    total = 0
    current = 0
    seen = False
    for token in tokens:
        if not token or token == "and":
            continue
        if token in _WORD_UNITS:
            current += _WORD_UNITS[token]
        elif token in _WORD_TENS:
            current += _WORD_TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_p_value(op: str, num: str) -> tuple[str, float | None]:
    """``("<", ".001")`` -> ``("<0.001", None)``; ``("=", ".008")`` -> ``("0.008", 0.008)``.

    The float is given only for exact values, because "<0.001" is a bound, not a value."""
    # "P: 0.013", "P: <0.001": a colon stands for the sign or before it
    op = op.replace("&lt;", "<").replace("&gt;", ">").replace(" ", "").replace(":", "") or "="
    op = {"<=": "≤", ">=": "≥", "⩽": "≤", "⩾": "≥"}.get(op, op)
    num = num.replace("·", ".").replace("−", "-").replace(" ", "")
    sci = re.fullmatch(r"(\d(?:\.\d+)?)[x×]10-(\d+)", num)
    value = float(sci.group(1)) * 10 ** -int(sci.group(2)) if sci else float(num)
    text = f"{value:g}" if sci else (("0" + num) if num.startswith(".") else num)
    if op == "=":
        return text, value
    return f"{op}{text}", None


def normalise_time(value: float, unit: str) -> tuple[float, str]:
    """Time-to-event values in months: weeks and years (and days) converted, months kept."""
    unit = TIME_UNITS.get(unit.lower(), unit.lower())
    if unit == "months":
        return value, "months"
    if unit == "years":
        return round(value * 12, 2), "months"
    if unit == "weeks":
        return round(value * 7 / DAYS_PER_MONTH, 2), "months"
    if unit == "days":
        return round(value / DAYS_PER_MONTH, 2), "months"
    raise ValueError(f"not a time unit: {unit!r}")


def canonical_time_unit(unit: str) -> str:
    return TIME_UNITS.get(unit.lower().rstrip("."), unit.lower())
