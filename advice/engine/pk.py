"""Textbook lactation pharmacokinetics, as pure functions (mg, L, kg, h).

Formulas: Australian Prescriber, "Drugs in breastfeeding"; FDA draft guidance "Clinical
Lactation Studies" (2019); Atkinson & Begg, Clin Pharmacokinet 1990 (M/P approach).
"""

from __future__ import annotations

import itertools
import math

from advice.engine.thresholds import MILK_INTAKE_L_PER_KG_DAY, PRACTICAL_HOURS

LN2 = math.log(2.0)

# Approximate weight-for-age medians (average of boys and girls) read from the WHO Child Growth
# Standards, https://www.who.int/tools/child-growth-standards/standards/weight-for-age
# (transcription not verified; used only when the infant weight is not given, and echoed).
_INFANT_WEIGHT_BY_AGE_DAYS: tuple[tuple[int, float], ...] = (
    (0, 3.3),
    (30, 4.4),
    (61, 5.4),
    (91, 6.1),
    (122, 6.7),
    (183, 7.6),
    (274, 8.6),
    (365, 9.3),
    (548, 10.6),
    (730, 11.9),
    (1096, 14.1),
)


def infant_dose_mg_per_kg_day(
    milk_conc_mg_per_l: float, intake_l_per_kg_day: float = MILK_INTAKE_L_PER_KG_DAY
) -> float:
    """Infant dose = milk concentration x milk intake."""
    return milk_conc_mg_per_l * intake_l_per_kg_day


def maternal_dose_mg_per_kg_day(daily_dose_mg: float, maternal_weight_kg: float) -> float:
    return daily_dose_mg / maternal_weight_kg


def rid_pct(infant_mg_per_kg_day: float, maternal_mg_per_kg_day: float) -> float:
    """Relative infant dose: infant dose / weight-adjusted maternal dose x 100."""
    return infant_mg_per_kg_day / maternal_mg_per_kg_day * 100.0


def clearance_l_per_h(vd_l_per_kg: float, maternal_weight_kg: float, half_life_h: float) -> float:
    """CL = Vd x weight x ln2 / t1/2 (one-compartment)."""
    return vd_l_per_kg * maternal_weight_kg * LN2 / half_life_h


def average_plasma_conc_mg_per_l(
    *,
    f_fraction: float,
    daily_dose_mg: float,
    vd_l_per_kg: float,
    maternal_weight_kg: float,
    half_life_h: float,
) -> float:
    """Average steady-state plasma concentration = F x dose rate / clearance."""
    dose_rate_mg_per_h = daily_dose_mg / 24.0
    return (
        f_fraction
        * dose_rate_mg_per_h
        / clearance_l_per_h(vd_l_per_kg, maternal_weight_kg, half_life_h)
    )


def peak_plasma_single_dose_mg_per_l(
    *, f_fraction: float, dose_mg: float, vd_l_per_kg: float, maternal_weight_kg: float
) -> float:
    """C0 after a single dose ~ F x dose / (Vd x weight); ignores distribution, so it is high."""
    return f_fraction * dose_mg / (vd_l_per_kg * maternal_weight_kg)


def milk_conc_mg_per_l(mp_ratio: float, plasma_conc_mg_per_l: float) -> float:
    return mp_ratio * plasma_conc_mg_per_l


def hours_to_fall(half_life_h: float, c0: float, c: float) -> float:
    """Hours for a concentration to fall from c0 to c: t1/2 x log2(c0 / c) (0 if c0 <= c)."""
    if c0 <= c:
        return 0.0
    return half_life_h * math.log2(c0 / c)


def fraction_remaining(half_life_h: float, hours: float) -> float:
    """Fraction of a first-order quantity left after `hours`: 0.5 ^ (hours / t1/2)."""
    return float(0.5 ** (hours / half_life_h))


def practical_hours(hours: float) -> float:
    """Round up to whole hours, then to 1, 2, 3, 4, 6, 8, 12, 24, 48 h, then whole days."""
    if hours <= 0:
        return 0.0
    whole = float(math.ceil(hours - 1e-9))
    for step in PRACTICAL_HOURS:
        if whole <= step:
            return step
    return float(math.ceil(whole / 24.0 - 1e-9) * 24)


def scale_to_dose(value: float, reference_dose_mg: float, dose_mg: float) -> float:
    """Scale a milk concentration or infant dose linearly by dose (linear PK assumed)."""
    return value * dose_mg / reference_dose_mg


def infant_weight_from_age_kg(age_days: int) -> float:
    """Median infant weight for an age, by linear interpolation in the WHO-based table."""
    table = _INFANT_WEIGHT_BY_AGE_DAYS
    if age_days <= table[0][0]:
        return table[0][1]
    for (d0, w0), (d1, w1) in itertools.pairwise(table):
        if age_days <= d1:
            return round(w0 + (w1 - w0) * (age_days - d0) / (d1 - d0), 2)
    return table[-1][1]
