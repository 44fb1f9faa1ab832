"""The things outcome extraction passes between its steps, each anchored to character offsets
in the text: a ``Frame`` (outcome names written together, "median HPFS and OS"), its ``Slot``s
(one outcome, statistic and time point each) and a ``Value`` (a number with its unit, interval,
p-value, arm, and the outcome or label it was bound to). Kept apart so every step can import
them without importing another step."""

from __future__ import annotations

from dataclasses import dataclass, field

from litreview.extract.vocab import Mention


@dataclass
class Slot:
    concept: str
    stat: str  # "median", "mean", "rate" or "" (decided by the unit)
    timepoint: str
    mention: Mention


@dataclass
class Frame:
    start: int
    end: int
    slots: list[Slot]
    values: list = field(default_factory=list)
    difference: bool = False


@dataclass
class Value:
    start: int  # the number (or its count, "213 LEs (17.4%)")
    num_start: int
    end: int  # after unit and annotations
    value: float
    unit: str  # "percent" or a canonical time unit
    ci_low: float | None = None
    ci_high: float | None = None
    p_text: str = ""
    p_value: float | None = None
    n: int | None = None
    group: int = 0
    arm: str = ""
    arm_end: int = -1
    arm_n: int | None = None
    bound: Mention | None = None
    label: str = ""  # text right before "(27.9%)": names what the percentage counts
    label_end: int = -1
    timepoint: str = ""
    own_timepoint: bool = False  # written with the value ("at 3 months 64.1%"), over the name's
    mean: bool = False  # written with a standard deviation ("± 66.98"), so a mean
    verb: bool = False  # bound by a verb after the people counted ("(9.9%) patients died")
    event: str = ""  # an item of a list the outcome opens ("toxicities were fatigue (23%)")
    sized: bool = False  # after a count in its bracket ("(n = 31, 86.1%)"): a group's share
    people: bool = False  # a share of people counted before its bracket ("13 patients (26.5%)")
    # in a bracket its time point opens, the outcome named after the brackets ("2-year (97.6%
    # vs 92.4%) and 5-year (95.8% vs 95.6%) overall survival rate")
    named_after: bool = False
    # opens a bracket of one value per outcome of its frame, after the group's name ("highest
    # for proximal resections (52% and 16%) followed by total gastrectomy (38% and 8%)")
    per_slot: bool = False
    # "88% and 76% for A, while 83% each for B": the second of a rate written once for two time
    # points, which keeps the places of the values in order and reports no row of its own
    each_copy: bool = False
