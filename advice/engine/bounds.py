"""Physical bounds of every numeric scenario input: the one place that refuses the impossible.

These are absolute limits, not plausibility checks: a value outside them cannot describe a real
patient, infant or administration, so no verdict is given for it, whether or not the monograph
has a maximum dose. Pages, the API, the command line (through
``advice.services.scenario_from_input``) and the engine (``validate_scenario``) call
`bound_errors`; the CDS service calls `bound_error` to leave an impossible ordered dose out and
say so on the card. Whether a dose is *usual* for a drug, route or indication is another,
narrower question (``advice.engine.validation.dose_unit_warning``, ``confirm_dose``); every
sane input lies well inside these bounds, so no verdict for one changes.

Each bound is LactRx policy with its reason stated beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "BOUNDS",
    "DOSE_TIME_MAX_YEAR",
    "DOSE_TIME_MIN_YEAR",
    "Bound",
    "bound_error",
    "bound_errors",
    "dose_time_error",
]


@dataclass(frozen=True, slots=True)
class Bound:
    """low <= value <= high (low < value when `low_exclusive`), in `unit`."""

    field: str
    low: float
    high: float
    unit: str
    message: str  # what the user is told, naming the bound
    reason: str  # why this bound (documentation, shown nowhere)
    low_exclusive: bool = False

    def contains(self, value: float) -> bool:
        above_low = value > self.low if self.low_exclusive else value >= self.low
        return above_low and value <= self.high


BOUNDS: dict[str, Bound] = {
    "dose_mg": Bound(
        "dose_mg",
        0.0,
        1_000_000.0,
        "mg",
        "The dose must be greater than 0 mg and at most 1,000,000 mg (1 kg) per dose.",
        "No medicine, contrast agent or bowel preparation is given at a kilogram per dose: the "
        "largest (oral bowel preparations, contrast media) are a few hundred grams. Zero or a "
        "negative amount is not a dose.",
        low_exclusive=True,
    ),
    "doses_per_day": Bound(
        "doses_per_day",
        1.0 / 180.0,
        24.0,
        "per day",
        "Doses per day must be between 1/180 (one dose every 180 days) and 24; for a weekly "
        "dose enter 1/7 (0.143), for a monthly dose about 0.033.",
        "From a 6-monthly depot injection to hourly dosing; a shorter interval than one hour "
        "is an infusion, not separate doses.",
    ),
    "infant_age_days": Bound(
        "infant_age_days",
        0,
        1096,
        "days",
        "The infant age must be between 0 and 1096 days (3 years).",
        "From birth to 3 years, the age range the engine's infant thresholds describe; there is "
        "no gestational-age input (prematurity is the `preterm` yes/no).",
    ),
    "infant_weight_kg": Bound(
        "infant_weight_kg",
        0.4,
        25.0,
        "kg",
        "The infant weight must be between 0.4 and 25 kg.",
        "0.4 kg is about the birth weight of the most preterm infants fed breast milk; 25 kg is "
        "above the heaviest 3-year-olds on growth charts.",
    ),
    "maternal_weight_kg": Bound(
        "maternal_weight_kg",
        30.0,
        250.0,
        "kg",
        "The maternal weight must be between 30 and 250 kg.",
        "Outside the weights of adults who breastfeed; a weight outside is a typing or unit "
        "(lb) error.",
    ),
    "activity_mbq": Bound(
        "activity_mbq",
        0.0,
        100_000.0,
        "MBq",
        "The administered activity must be greater than 0 MBq (it cannot be zero or negative) "
        "and at most 100,000 MBq (100 GBq).",
        "The largest activities given to a patient (radioiodine and lutetium therapies) are about "
        "7.4-11 GBq; 100 GBq is ten times that. Zero or negative is not an activity.",
        low_exclusive=True,
    ),
}

# A dose time outside these years is a typing error, and near the ends of the calendar the
# resume-time arithmetic would overflow (datetime stops at 9999-12-31).
DOSE_TIME_MIN_YEAR = 1900
DOSE_TIME_MAX_YEAR = 2100


def dose_time_error(value: datetime.datetime) -> str:
    """The message when a dose time is outside DOSE_TIME_MIN_YEAR..DOSE_TIME_MAX_YEAR."""
    if DOSE_TIME_MIN_YEAR <= value.year <= DOSE_TIME_MAX_YEAR:
        return ""
    return f"The dose time must be between {DOSE_TIME_MIN_YEAR} and {DOSE_TIME_MAX_YEAR}."


def bound_error(field: str, value: float | None) -> str:
    """The message when `value` is outside the physical bounds of `field`; "" when inside
    (or when the field has no bound or the value is not given)."""
    bound = BOUNDS.get(field)
    if bound is None or value is None:
        return ""
    if value != value or not bound.contains(value):  # NaN is outside every bound
        return bound.message
    return ""


def bound_errors(values: Mapping[str, object]) -> dict[str, str]:
    """field -> message for every bounded numeric value outside its bounds."""
    errors: dict[str, str] = {}
    for field in BOUNDS:
        value = values.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        message = bound_error(field, float(value))
        if message:
            errors[field] = message
    return errors
