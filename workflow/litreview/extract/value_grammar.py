"""How an outcome value is written, and what a number that looks like one is instead.

Owns ``VALUE_RE`` (a number with its unit: percent, a time unit or "per 100 person-years",
optionally with a standard deviation, an interval between number and unit, or a running "11+"),
the contexts around a number that make it no outcome value (follow-up times, ages,
differences, concentrations, a group's size, spreads and bracketed ranges) and the unit helpers.
Patterns and small predicates only; ``outcome_values`` applies them."""

from __future__ import annotations

import re

from litreview.extract.numbers import NUM, NUMBER_WORDS

UNIT = r"(?:months?|mos?|mths?|weeks?|wks?|years?|yrs?|days?|y|d)"


# Words that say values follow the order their names were written in: "were 80% and 85%,
# respectively" and the same with "separately", "in turn" or "correspondingly"
RESPECTIVELY = r"(?:respectively|separately|in\s+turn|correspondingly)"


# "35.0% vs 61.7%", "35.0% v 61.7%" (a lower-case "v" alone, as many journals print it):
# two values set against each other
VERSUS = r"(?:vs\.?|versus|(?-i:v)\.?(?=\s))"


# "4.6 per 100 woman-years": an incidence rate, kept in its own unit "per 100 person-years"
_PER_PERSON_TIME = (
    r"\s?per\s+(?P<per>100|1,?000|10,?000|100,?000)\s+(?:person|patient|woman|women|man|men|"
    r"participant|subject)s?[\s-]+years?\b"
)


# A confidence interval written between a number and its unit, "44 (95% CI: 7-NR) months";
# its bounds are read from the bracket like any other annotation.
# The same holds for a standard deviation or a range: "34.1 (± 3.7) mo", "8 (range, 2 to 51) mo".
_INNER_CI = (
    r"\s*[(\[](?=[^()\[\]]{0,60}\b(?:CI\b|C\.I\.)|\s*(?:±|\+/-|range\b|IQR\b|i\.q\.r\.|SD\b))"
    r"[^()\[\]]{1,60}[)\]]"
    # "12 (0-40) months", "14 (11–19) days", "3 (1~6) days": a median's range or IQR written as
    # its bare bounds; before a time unit they are no interval (a percentage's are, below)
    rf"|\s*[(\[]\s*{NUM}\s*(?:-|–|‑|~|\bto\b)\s*{NUM}\s*[)\]]"
)


# "80·9 (95 per cent c.i. 80·2 to 81·6) per cent", "49·6 (46·0 to 53·2) per cent": before a
# percentage, an interval may also be written as its bare bounds
_INNER_PCT_CI = _INNER_CI


# "433.78 ± 66.98 days": a mean with its standard deviation, the unit written after both;
# "11+ months": a duration still running when counted; "38.9m": months as one letter.
# "(14.9 vs.7.2 months": a page may drop the space after "vs.", which is no decimal point.
VALUE_RE = re.compile(
    # "Four percent of the patients experienced ...": a percentage may be written in words
    # "30/90-day mortalities of 0.7%/1.7%", "32.2 m/49%": a value after a slash that closes
    # a value's unit is the next of a pair ("28/141" is a count's)
    rf"(?:(?<![\w.·,/−-])|(?<=\bvs\.)|(?<=/)(?:(?<=%/)|(?<=\dm/)|(?<=\d\sm/)|(?<=months/)))(?P<num>{NUM}|{NUMBER_WORDS}(?=\s?per\s?cent\b))"
    rf"(?P<plus>\+(?!/))?(?P<sd>\s?(?:±|\+/-)\s?{NUM})?"
    rf"(?:(?P<pct_inner>{_INNER_PCT_CI})?\s?(?P<pct>%|percent\b|per\s?cent\b)|{_PER_PERSON_TIME}"
    rf"|(?P<inner>{_INNER_CI})?(?P<hyphen>\s?[-‐‑])?\s?(?P<unit>{UNIT}|m|hours?|hrs?)\b\.?)",
    re.IGNORECASE,
)


# "The in-hospital mortality rate was zero": a rate written as a word, read as 0%
ZERO_RATE = re.compile(
    r"\b(?:rates?|incidences?|mortality|morbidity|frequency)\s+(?:was|were|is|are)\s+"
    r"(?P<num>zero|nil)\b(?!\s*(?:[-‐‑]|\bof\b))",
    re.IGNORECASE,
)


FOLLOW_UP = re.compile(
    rf"follow[- ]?up(?:\s+(?:time|period|duration|interval))?"
    # "The median follow-up for OS was 24.1 months": the follow-up of the endpoint's analysis
    rf"(?:\s+(?:for|of)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:survival|[A-Z]{{2,5}})(?:\s+\([A-Z]{{2,5}}\))?)?"
    rf"(?:\s+(?:of|was|is|=|:|for|"
    rf"lasted|after|approximately|about))*[:=\s]*{NUM}\s*{UNIT}\b"
    rf"|{NUM}\s*{UNIT}\b(?:\s+\([^()]*\))?\s+(?:of\s+)?(?:median\s+)?follow[- ]?up"
    rf"|after\s+a\s+median\s+(?:follow[- ]?up\s+)?(?:time\s+)?of\s+{NUM}\s*{UNIT}\b",
    re.IGNORECASE,
)


EXCLUDE_BEFORE = re.compile(
    r"(?:%\s+at|\b(?:within|every|for|during|over|up\s+to|per|each|lasting|lasted|aged?|than|range|"
    r"IQR|(?<!experienced\s)(?<!achieved\s)(?<!attained\s)(?<!reported\s)(?<!observed\s)"
    # "experienced by 76% of patients" is a share; "reduced by 5%" a difference
    r"(?<!obtained\s)(?<!seen\s)(?<!noted\s)by|"
    r"from|until|before|beyond|least|approximately\s+every|average|past|last|"
    # "tumour burden below 25%": a threshold that defines a subgroup
    r"below|above|under|exceeding|exceeded|exceeds|"
    # "mean age 61 years", but "Overall survival was mean 75.3 months" reports the mean
    r"(?<!was\s)(?<!were\s)(?<![(\[])mean|"
    # "(OS 3-year; >=50 years: 72%)": a threshold written with ASCII signs
    r"previous|next|first|prior|additional|further|another)|[<>≤≥⩽⩾±]|[<>]=|=[<>]|\bage\s+of|"
    # "with an absolute risk reduction of 17.7%"
    r"\b(?:gains?|benefits?|improvements?|increases?|prolongation|differences?|extension|"
    r"(?:(?:absolute|relative)\s+)?risk\s+reductions?|(?:absolute|relative)\s+reductions?)\s+"
    r"(?:of|by|in)(?:\s+(?:about|approximately|nearly))?"
    # "Survival was calculated for 1, 3 and 5 years": the later items of a list of times
    # after "for", "within", ... are times as the first is
    rf"|\b(?:for|within|during|over|up\s+to)\s+{NUM}(?:\s*,\s*{NUM})*\s*(?:,\s*(?:and|or)?|and|or)"
    # "survival at six and 12 months was 65% and 30%": the later item of a list of time points
    # after "at", the first written in words or as a number
    rf"|\bat\s+(?:{NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|"
    rf"twenty-four)(?:\s*,\s*{NUM})*\s*,?\s*(?:and|or)"
    r")\s*$",
    re.IGNORECASE,
)


# "Of all complications, 79% were minor", "62% of recurrences were intrahepatic": a share of
# the events, not of the people, so no rate of the outcome
_EVENTS = (
    r"(?:complications|adverse\s+events|events|deaths|recurrences|relapses|toxicities|"
    r"side\s+effects|failures|progressions|readmissions|re-admissions|reoperations|"
    # "contribute up to 90.7% of the major complications and 80% of mortality"
    r"reinterventions|infections|leaks|fistulas|fistulae|mortality)"
)
SHARE_OF_EVENTS_BEFORE = re.compile(
    rf"\b(?:of|among)\s+(?:all\s+|the\s+|these\s+|those\s+)*(?:{NUM}\s+)?(?:[a-z-]+\s+)?"
    rf"{_EVENTS}\s*,\s*$"
    # "The vast majority of complications (85.2%) were contained within the first 2 weeks",
    # "most deaths (70%) occurred": the events counted, not the patients
    rf"|\b(?:majority|most|half|minority|bulk|thirds?|quarters?|fifths?)\s+(?:of\s+)?"
    r"(?:all\s+|the\s+|these\s+)*"
    rf"(?:[a-z-]+\s+)?{_EVENTS}\s*[(\[]\s*$"
    # "Of the patients who developed complications, 30% were readmitted", "Of the readmitted
    # patients, 55% had ...": a share of the people an event defines, not of the cohort
    rf"|\b(?:of|among)\s+(?:all\s+|the\s+|these\s+|those\s+)*(?:{NUM}\s+)?"
    r"(?:(?:readmitted|re-admitted|deceased|reoperated)\s+(?:patients|cases)|"
    r"(?:patients|cases)\s+(?:who|that)\s+(?:had\s+)?(?:died|developed\s+(?:a\s+)?"
    r"(?:complications?|recurrences?)|were\s+readmitted|required\s+reoperation|recurred)|"
    r"(?:patients|cases)\s+with\s+(?:a\s+)?(?:postoperative\s+)?(?:complications?|recurrences?|"
    r"readmissions?))\s*,\s*$",
    re.IGNORECASE,
)
# "complications were identified as primary cause of readmission in 39.5%, 23.5%, 22.3% and
# 17%, respectively": the shares of the events by cause, each value of the run
CAUSE_OF_EVENTS_BEFORE = re.compile(
    r"\b(?:causes?|reasons?)\s+(?:of|for)\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:readmissions?|"
    r"re-admissions?|deaths?|mortality|morbidity|complications?|reoperations?)\s+"
    rf"(?:in|was|were|:)\s*(?:{NUM}\s?%\s*(?:,\s*(?:and\s+)?|\s+and\s+))*$"
    # "The most common reasons for reoperation and readmission were intracranial hemorrhage
    # (18.5%) and wound-related complications (11.9%)": each cause named with its share
    r"|\b(?:causes?|reasons?)\s+(?:of|for)\s+(?:the\s+)?[^.;:()]{1,60}?\s+(?:were|was|included?|:)"
    r"\s+(?:[^.;()]{1,60}[(\[][^()\[\]]*[)\]]\s*,?\s*(?:and\s+)?)*[^.;()]{1,60}[(\[]\s*$"
    # "Renal cancers were the leading cause of death (77.3%), followed by nonrenal cancers
    # (11%)": a cause named before, its share of the deaths in the bracket after
    r"|\b(?:causes?|reasons?)\s+(?:of|for)\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:readmissions?|"
    r"re-admissions?|deaths?|mortality|complications?|reoperations?)\s*[(\[]"
    r"(?:[^()\[\]]*[)\]]\s*,?\s*(?:followed\s+by|then|and)\s+"
    r"(?:[^.;()]{1,50}[(\[][^()\[\]]*[)\]]\s*,?\s*(?:and\s+)?)*[^.;()]{1,50}[(\[])?\s*$"
    # "the proportion of deaths attributable to the toxicity of treatment did not differ
    # between AML (25/47, 53.2%) and ALL (55/107, 51.4%)": the deaths' share by cause
    r"|\b(?:proportion|share|percentage|fraction)\s+of\s+(?:all\s+|the\s+)?(?:deaths|"
    r"readmissions|complications|reoperations)\s+(?:attributable|attributed|due|related)\s+to\b"
    r"(?:[^.;]|\.\d)*$",
    re.IGNORECASE,
)
SHARE_OF_EVENTS_AFTER = re.compile(
    # "Fifty percent readmissions occurred in the first two weeks": the events' share by timing
    rf"\s*%?\s*(?:of\s+)?(?:all\s+|the\s+|these\s+)*(?:[a-z-]+\s+)?{_EVENTS}\s+(?:occurred|arose|"
    r"happened|took\s+place)\s+(?:in|within|during)\s+the\s+first\b|"
    rf"\s*%?\s*of\s+(?:all\s+|the\s+|these\s+|those\s+)*(?:[a-z-]+\s+)?{_EVENTS}\s+"
    r"(?:were|was|occurred|involved|arose|developed|required|had|due|related|attributed)\b"
    # "Complications led to 40% of readmissions.": the clause ends on the events counted
    rf"|\s*%?\s*of\s+(?:all\s+|the\s+|these\s+|those\s+)*(?:[a-z-]+\s+)?{_EVENTS}"
    r"\s*(?:[.;]|$)"
    # "Fifty-eight fistulas (65.9%) were grade A, 22 cases (25.0%) were grade B": the share of
    # the events with one grade, not a rate of the event ("had grade 3 toxicity" still is one)
    r"|\s*[)\]]\s*(?:were|was)\s+(?:(?:of|classified\s+as|rated)\s+)?(?:Clavien[- ]Dindo\s+)?"
    r"grade\s+[A-E1-5IV]+\b(?!\s*(?:or|and|-|–|/|to)\s*(?:higher|above|worse|more|[A-E1-5IV]+\b))",
    re.IGNORECASE,
)


# "in the 2% PRO2000 group", "0.5% chlorhexidine gel": a concentration naming an arm
CONCENTRATION_AFTER = re.compile(
    r"\s+(?!(?:of|in|at|and|or|vs|versus|for|with|among|after|following|from|to|by|on|than|"
    rf"per|the|a|an|each|both|all|{RESPECTIVELY})\b)[\w·.+/-]+(?:\s+[\w+/-]+)?\s+"
    r"(?:groups?|arms?|gel|cream|solution|ointment|rinse|mouthwash|patch|spray)\b",
    re.IGNORECASE,
)


# "a tumour burden of 25% or greater": a threshold that defines a subgroup
EXCLUDE_AFTER = re.compile(
    r"\s*(?:[-‐‑]\s*|or\s+)?(?:shorter|longer|improvement|improved|gain|increase|increased|decrease|"
    r"decreased|reduction|reduced|difference|higher|lower|greater|less|more|fewer|benefit|"
    r"prolongation|of\s+age|old|male|female|men|women|boys|girls|relative|absolute|"
    r"(?:risk\s+)?reduction|per\s+year|annually|of\s+(?:the\s+)?(?:variance|dose)|CI|CL|C\.I|"
    r"confidence|credible|power)\b"
    # "fell to a mean of 38% of baseline levels": a level relative to before treatment
    r"|\s*of\s+(?:the\s+|their\s+)?(?:baseline|pre-?treatment|pre-?procedur(?:e|al)|pre-?operative|"
    r"initial|original|upper\s+limit)\b",
    re.IGNORECASE,
)


# "(n = 58, 9%)": the arm's size and share of the cohort, not an outcome.
# "(n = 18; 1,571 +/- 291 days)" holds the group's result after its size, and is read.
# "(n=24; 21% and 71%, respectively)": the group's values after its size, in order, are read too
ARM_SIZE = re.compile(
    rf"[(\[]\s*[nN]\s*=\s*{NUM}(?![^()\[\]]*?{NUM}\s*(?:(?:±|\+/-)\s*{NUM}\s*)?{UNIT}\b)"
    rf"(?![^()\[\]]*?{NUM}\s?%[^()\[\]]*?(?:{NUM}\s?%|\b{RESPECTIVELY}\b))"
    r"[^()\[\]]*[)\]]",
    re.IGNORECASE,
)


SIZED_SHARE = re.compile(rf"[(\[]\s*[nN]\s*=\s*{NUM}\s*[,;]\s*{NUM}\s?%\s*[)\]]")


# an abbreviation right after a time ("5 year RSR", "3 years LRFS") is what the time qualifies
NAMES_THE_NEXT = re.compile(
    r"\s+(?!(?:HR|OR|RR|CI|IQR|SD|NR|NA|vs)s?\b)[A-Z][A-Z0-9]{1,5}s?\b(?!\s*[=:])"
)


MEAN_JUST_BEFORE = re.compile(r"\bmean\s*$", re.IGNORECASE)


HYPHEN_UNIT_ENDS = re.compile(
    r"(?<=\.)\s*$|\s*(?:[;)\]]|\.(?!\d)|$|,\s+(?:and|but|while|whereas|which|the)\b)", re.I
)


# "remains as high as 8% to 12%", "ranged from 20 to 40 months": a spread, not a result
SPREAD = re.compile(
    rf"\b(?:as\s+(?:high|low|much|many)\s+as|rang(?:e|es|ed|ing)(?:\s+from)?|between|"
    rf"vari(?:es|ed|ying)\s+(?:from|between))\s+{NUM}\s*(?:%|{UNIT}\b)?\s*(?:to|-|–|—|‑|and)\s*{NUM}\s*"
    rf"(?:%|{UNIT}\b)",
    re.IGNORECASE,
)


# "the ORR of the TARE group was 53.0–56.7%" (over two matched cohorts): a span reported as the
# result is no single value (the sets leave such spans unlabelled)
RANGE_RESULT = re.compile(
    rf"\b(?:was|were|is|are|of)\s+(?P<span>{NUM}\s*%?\s*(?:–|—|‑|-|to)\s*{NUM}\s*%)"
    r"(?!\s*(?:CI|confidence))",
    re.IGNORECASE,
)


RANGE_BRACKET = re.compile(
    # "(1~6 days)": a tilde joins a range's bounds on many pages
    rf"[(\[]\s*(?:range[:,]?\s*)?{NUM}\s*{UNIT}?\s*(?:to|-|–|—|‑|~)\s*{NUM}\s*{UNIT}?\s*[)\]]",
    re.IGNORECASE,
)


def per_person_years(per: str) -> str:
    return f"per {per.replace(',', '')} person-years"


def is_rate_unit(unit: str) -> bool:
    return unit == "percent" or unit.startswith("per ")


def unit_fits(concept_kind: str, stat: str, unit: str) -> bool:
    is_time = not is_rate_unit(unit)
    if unit == "hours" and concept_kind != "duration":
        return False  # hours: a length of stay's unit, not a survival's
    if concept_kind == "event" and is_time:
        return False
    if concept_kind == "duration" and not is_time:
        return False
    if stat in ("median", "mean") and not is_time:
        return False
    return not (stat == "rate" and is_time)
