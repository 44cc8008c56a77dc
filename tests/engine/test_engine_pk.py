"""The maths: RID arithmetic, concentrations, the hours formula and practical rounding."""

from __future__ import annotations

import math

import pytest

from advice.engine import pk


def test_infant_dose_is_concentration_times_intake() -> None:
    assert pk.infant_dose_mg_per_kg_day(2.0) == pytest.approx(0.3)
    assert pk.infant_dose_mg_per_kg_day(2.0, 0.2) == pytest.approx(0.4)


def test_rid() -> None:
    # 0.045 mg/L sertraline at 100 mg/day, 70 kg: 0.00675 / 1.4286 x 100 = 0.4725 %
    infant = pk.infant_dose_mg_per_kg_day(0.045)
    maternal = pk.maternal_dose_mg_per_kg_day(100, 70)
    assert pk.rid_pct(infant, maternal) == pytest.approx(0.4725)


def test_average_plasma_concentration() -> None:
    # F 1, 240 mg/day -> 10 mg/h; CL = 1 L/kg x 70 kg x ln2 / 7 h = 6.93 L/h
    cavg = pk.average_plasma_conc_mg_per_l(
        f_fraction=1.0, daily_dose_mg=240, vd_l_per_kg=1.0, maternal_weight_kg=70, half_life_h=7
    )
    assert cavg == pytest.approx(10 / (70 * math.log(2) / 7))
    assert pk.milk_conc_mg_per_l(0.5, cavg) == pytest.approx(cavg / 2)


def test_peak_after_single_dose() -> None:
    assert pk.peak_plasma_single_dose_mg_per_l(
        f_fraction=0.5, dose_mg=700, vd_l_per_kg=1.0, maternal_weight_kg=70
    ) == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("t_half", "c0", "c", "hours"),
    [(4, 8, 1, 12.0), (6, 2, 1, 6.0), (8, 1, 1, 0.0), (8, 0.5, 1, 0.0),
     (3, 10, 1, 3 * math.log2(10))],
)  # fmt: skip
def test_hours_to_fall(t_half: float, c0: float, c: float, hours: float) -> None:
    assert pk.hours_to_fall(t_half, c0, c) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("exact", "practical"),
    [(0, 0), (0.2, 1), (1, 1), (1.01, 2), (2.5, 3), (3.5, 4), (4.1, 6), (6.5, 8), (8.2, 12),
     (12, 12), (12.5, 24), (30, 48), (48, 48), (49, 72), (100, 120), (200, 216)],
)  # fmt: skip
def test_practical_hours(exact: float, practical: float) -> None:
    assert pk.practical_hours(exact) == practical


def test_scale_to_dose_is_linear() -> None:
    assert pk.scale_to_dose(0.1, 50, 200) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("days", "kg"),
    [(0, 3.3), (30, 4.4), (45, 4.88), (365, 9.3), (1096, 14.1), (2000, 14.1)],
)
def test_infant_weight_from_age(days: int, kg: float) -> None:
    assert pk.infant_weight_from_age_kg(days) == pytest.approx(kg, abs=0.01)


def test_infant_weight_increases_with_age() -> None:
    weights = [pk.infant_weight_from_age_kg(d) for d in range(0, 1097, 7)]
    assert weights == sorted(weights)
