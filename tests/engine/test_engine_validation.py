"""Invalid input gets a clear error and no verdict."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from advice.engine import (
    DrugProfile,
    Regimen,
    Route,
    Scenario,
    ScenarioError,
    advise,
    parse_regimen,
    parse_route,
    validate_scenario,
)
from tests.engine import profiles as p


@pytest.mark.parametrize(
    ("profile", "scenario", "field", "message"),
    [
        pytest.param(p.ibuprofen, Scenario(dose_mg=0), "dose_mg", "greater than 0", id="zero"),
        pytest.param(p.ibuprofen, Scenario(dose_mg=-5), "dose_mg", "greater than 0", id="neg"),
        pytest.param(
            p.ibuprofen, Scenario(dose_mg=400_000), "dose_mg", "not micrograms", id="units"
        ),
        pytest.param(
            p.ibuprofen, Scenario(activity_mbq=100), "activity_mbq", "not radioactive", id="act"
        ),
        pytest.param(
            p.pertechnetate, Scenario(activity_mbq=-1), "activity_mbq", "negative", id="neg-act"
        ),
        pytest.param(
            p.pertechnetate, Scenario(activity_mbq=0), "activity_mbq", "greater than 0",
            id="zero-act"
        ),
        # Unit slips: below 1/25 of the typical activity (185 MBq -> 7.4 MBq), e.g. 5 mCi
        # typed as "5".
        pytest.param(
            lambda: p.pertechnetate(185.0), Scenario(activity_mbq=5), "activity_mbq",
            "mCi) x 37 = MBq", id="act-mci"
        ),
        pytest.param(
            lambda: p.pertechnetate(185.0), Scenario(activity_mbq=5), "activity_mbq",
            "5 mCi = 185 MBq", id="act-mci-example"
        ),
        # No typical activity: 1/25 of the lowest curated band (100 MBq -> 4 MBq).
        pytest.param(
            p.pertechnetate, Scenario(activity_mbq=3), "activity_mbq", "confirm the units",
            id="act-band"
        ),
        pytest.param(p.ibuprofen, Scenario(infant_age_days=-1), "infant_age_days", "0 and 1096",
                     id="age-neg"),
        pytest.param(p.ibuprofen, Scenario(infant_age_days=1097), "infant_age_days", "3 years",
                     id="age-old"),
        pytest.param(p.ibuprofen, Scenario(maternal_weight_kg=29), "maternal_weight_kg", "30",
                     id="mother-light"),
        pytest.param(p.ibuprofen, Scenario(maternal_weight_kg=251), "maternal_weight_kg", "250",
                     id="mother-heavy"),
        pytest.param(p.ibuprofen, Scenario(infant_weight_kg=0.3), "infant_weight_kg", "0.4",
                     id="infant-light"),
        pytest.param(p.ibuprofen, Scenario(infant_weight_kg=26), "infant_weight_kg", "25",
                     id="infant-heavy"),
        pytest.param(p.ibuprofen, Scenario(doses_per_day=0), "doses_per_day", "between 1/180",
                     id="dpd-zero"),
        pytest.param(p.ibuprofen, Scenario(doses_per_day=-1), "doses_per_day", "between 1/180",
                     id="dpd-neg"),
        pytest.param(p.ibuprofen, Scenario(doses_per_day=1 / 200), "doses_per_day", "1/7",
                     id="dpd-below-floor"),
        pytest.param(p.ibuprofen, Scenario(doses_per_day=25), "doses_per_day", "24",
                     id="dpd-high"),
        pytest.param(
            p.ibuprofen,
            Scenario(dose_time=datetime.datetime(2026, 1, 1, 8, 0)),  # naive on purpose
            "dose_time",
            "time zone",
            id="naive-time",
        ),
    ],
)  # fmt: skip
def test_invalid_scenarios(
    profile: Callable[[], DrugProfile], scenario: Scenario, field: str, message: str
) -> None:
    with pytest.raises(ScenarioError) as exc:
        advise(profile(), scenario)
    assert field in exc.value.errors
    assert message in exc.value.errors[field]


def test_all_errors_are_reported_together() -> None:
    with pytest.raises(ScenarioError) as exc:
        validate_scenario(p.ibuprofen(), Scenario(dose_mg=-1, infant_age_days=5000))
    assert set(exc.value.errors) == {"dose_mg", "infant_age_days"}
    assert "dose_mg" in str(exc.value)


def test_boundaries_are_valid() -> None:
    validate_scenario(
        p.ibuprofen(),
        Scenario(
            dose_mg=8000,  # exactly 10 x the maximum
            infant_age_days=1096,
            maternal_weight_kg=30,
            infant_weight_kg=0.4,
            doses_per_day=24,
        ),
    )
    validate_scenario(p.pertechnetate(), Scenario(activity_mbq=4))  # 100 MBq / 25
    validate_scenario(p.pertechnetate(185.0), Scenario(activity_mbq=7.4))  # 185 MBq / 25
    # 20 MBq is above 185 / 25 = 7.4 MBq, so the 1/25 rule does not refuse it (a "20" meant as
    # 20 mCi = 740 MBq is not caught; only activities typed in mCi near the typical are).
    validate_scenario(p.pertechnetate(185.0), Scenario(activity_mbq=20))
    validate_scenario(p.ibuprofen(), Scenario(doses_per_day=1 / 180))
    validate_scenario(p.ibuprofen(), Scenario(doses_per_day=1 / 7))
    validate_scenario(p.ibuprofen(), Scenario(doses_per_day=0.5))


def test_activity_check_without_typical_or_bands() -> None:
    validate_scenario(p.unlisted_isotope(), Scenario(activity_mbq=0.001))


def test_dose_check_needs_a_maximum() -> None:
    validate_scenario(p.hydrocortisone(), Scenario(dose_mg=1_000_000))


@pytest.mark.parametrize(
    ("text", "route"),
    [("oral", Route.ORAL), (" IV ", Route.IV), ("PO", Route.ORAL), ("subcutaneous", Route.SC),
     ("local", Route.LOCAL), ("percutaneous", Route.PERCUTANEOUS)],
)  # fmt: skip
def test_parse_route(text: str, route: Route) -> None:
    assert parse_route(text) is route


def test_parse_route_unknown() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_route("intraocular-ish")
    assert "Unknown route" in exc.value.errors["route"]
    assert "ophthalmic" in exc.value.errors["route"]


@pytest.mark.parametrize(
    ("text", "regimen"),
    [("single", Regimen.SINGLE), ("CHRONIC", Regimen.CHRONIC), ("regular", Regimen.CHRONIC)],
)
def test_parse_regimen(text: str, regimen: Regimen) -> None:
    assert parse_regimen(text) is regimen


def test_parse_regimen_unknown() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_regimen("weekly")
    assert "single" in exc.value.errors["regimen"]
