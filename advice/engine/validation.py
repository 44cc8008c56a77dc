"""Scenario validation: invalid input gets a clear error and no verdict.

Controls the hazards "unit errors (mg vs microgram)", "wrong radiopharmaceutical activity" and
"chronic dosing treated as a single dose" (the regimen must parse to a known value).
"""

from __future__ import annotations

from advice.engine.bounds import bound_error, bound_errors
from advice.engine.thresholds import (
    ACTIVITY_UNIT_CHECK_DIVISOR,
    DOSE_UNIT_CHECK_FACTOR,
    MBQ_PER_MCI,
)
from advice.engine.types import DrugProfile, Regimen, Route, Scenario

__all__ = [
    "ScenarioError",
    "dose_needs_confirmation",
    "dose_unit_warning",
    "parse_regimen",
    "parse_route",
    "validate_scenario",
]

# Common spellings a form or an EHR may send; anything else is refused.
_ROUTE_ALIASES: dict[str, Route] = {
    "po": Route.ORAL,
    "by mouth": Route.ORAL,
    "intravenous": Route.IV,
    "intramuscular": Route.IM,
    "subcutaneous": Route.SC,
    "inhalation": Route.INHALED,
    "intranasal": Route.NASAL,
    "cutaneous": Route.TOPICAL,
    "eye": Route.OPHTHALMIC,
    "pr": Route.RECTAL,
    "sl": Route.SUBLINGUAL,
    "under the tongue": Route.SUBLINGUAL,
    "intra-articular": Route.INTRA_ARTICULAR,
    "intraarticular": Route.INTRA_ARTICULAR,
    "ear": Route.OTIC,
    "iud": Route.INTRAUTERINE,
    "breast": Route.TOPICAL_BREAST,
    "nipple": Route.TOPICAL_BREAST,
    "topical-breast": Route.TOPICAL_BREAST,
}
_REGIMEN_ALIASES: dict[str, Regimen] = {
    "once": Regimen.SINGLE,
    "single dose": Regimen.SINGLE,
    "regular": Regimen.CHRONIC,
    "repeated": Regimen.CHRONIC,
}


class ScenarioError(Exception):
    """Invalid scenario; `.errors` maps each offending field to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())))


def parse_route(value: str) -> Route:
    key = value.strip().lower()
    try:
        return Route(key)
    except ValueError:
        pass
    if key in _ROUTE_ALIASES:
        return _ROUTE_ALIASES[key]
    allowed = ", ".join(r.value for r in Route)
    raise ScenarioError({"route": f"Unknown route {value!r}; use one of: {allowed}."})


def parse_regimen(value: str) -> Regimen:
    key = value.strip().lower()
    try:
        return Regimen(key)
    except ValueError:
        pass
    if key in _REGIMEN_ALIASES:
        return _REGIMEN_ALIASES[key]
    raise ScenarioError(
        {"regimen": f"Unknown regimen {value!r}; use 'single' (one dose) or 'chronic' (regular)."}
    )


def _activity_unit_error(drug: DrugProfile, activity_mbq: float) -> str:
    """An activity far below the usual one is probably in mCi (or kBq): ask to confirm units."""
    reference = drug.typical_activity_mbq
    label = "the typical administered activity"
    if reference is None or reference <= 0:
        bounds = [
            g.activity_min_mbq
            for g in drug.guidance
            if g.followed and g.activity_min_mbq is not None and g.activity_min_mbq > 0
        ]
        reference = min(bounds) if bounds else None
        label = "the lowest activity in the curated guidance"
    if reference is None:
        return ""
    floor = reference / ACTIVITY_UNIT_CHECK_DIVISOR
    if activity_mbq >= floor:
        return ""
    return (
        f"{activity_mbq:g} MBq is less than 1/{ACTIVITY_UNIT_CHECK_DIVISOR:g} of {label} of "
        f"{drug.name} ({reference:g} MBq). Please confirm the units: the activity is in "
        f"megabecquerels (MBq); an activity in millicuries (mCi) x {MBQ_PER_MCI:g} = MBq "
        f"(e.g. {activity_mbq:g} mCi = {activity_mbq * MBQ_PER_MCI:g} MBq)."
    )


def dose_unit_warning(drug: DrugProfile, scenario: Scenario) -> str:
    """The unit check: a dose far above the monograph's maximum usual dose, for its usual route.

    The maximum usual dose belongs to the monograph's typical route (an oral form of a drug that
    also comes as a cream or eye drops, an antineoplastic dose of a drug with a low-dose regimen):
    on another route the check only warns. Empty when the dose is plausible.
    """
    s = scenario
    if s.dose_mg is None or s.dose_mg <= 0 or drug.max_dose_mg is None:
        return ""
    if s.dose_mg <= DOSE_UNIT_CHECK_FACTOR * drug.max_dose_mg:
        return ""
    return (
        f"{s.dose_mg:g} mg is more than {DOSE_UNIT_CHECK_FACTOR:g} times the maximum "
        f"usual dose of {drug.name} ({drug.max_dose_mg:g} mg, {drug.typical_route.value}). "
        "Please confirm the units: the dose is in milligrams (mg), not micrograms."
    )


def dose_needs_confirmation(drug: DrugProfile, scenario: Scenario) -> bool:
    """True when the unit check refuses the dose: far above the usual maximum, on the
    monograph's usual route, and not confirmed by the clinician."""
    route = scenario.route or drug.typical_route
    return (
        bool(dose_unit_warning(drug, scenario))
        and route is drug.typical_route
        and not scenario.confirm_dose
    )


def validate_scenario(drug: DrugProfile, scenario: Scenario) -> None:
    """Raise ScenarioError listing every invalid field; return None when the scenario is valid."""
    s = scenario
    # Physical bounds first (advice.engine.bounds, shared by every interface), then what
    # depends on the drug.
    errors = bound_errors(
        {
            "dose_mg": s.dose_mg,
            "doses_per_day": s.doses_per_day,
            "infant_age_days": s.infant_age_days,
            "infant_weight_kg": s.infant_weight_kg,
            "maternal_weight_kg": s.maternal_weight_kg,
            "activity_mbq": s.activity_mbq,
        }
    )

    if s.dose_mg is not None and "dose_mg" not in errors and dose_needs_confirmation(drug, s):
        errors["dose_mg"] = (
            dose_unit_warning(drug, s)
            + " If the dose is right, confirm it (confirm_dose) to go on."
        )

    if s.activity_mbq is not None:
        if not drug.radioactive:
            errors["activity_mbq"] = (
                f"{drug.name} is not radioactive; an administered activity does not apply."
            )
        elif not bound_error("activity_mbq", s.activity_mbq):
            unit_error = _activity_unit_error(drug, s.activity_mbq)
            if unit_error:
                errors["activity_mbq"] = unit_error

    if s.dose_time is not None and s.dose_time.utcoffset() is None:
        errors["dose_time"] = "The dose time must include a time zone (UTC offset)."

    if s.regimen is not None and not isinstance(s.regimen, Regimen):
        errors["regimen"] = "Unknown regimen; use 'single' or 'chronic'."
    if s.route is not None and not isinstance(s.route, Route):
        errors["route"] = "Unknown route."

    if errors:
        raise ScenarioError(errors)
