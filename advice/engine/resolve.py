"""Resolving a scenario: every default filled in (`resolve_context`), the inputs echoed with
what was defaulted, and the warnings about defaults, staleness and unusual doses."""

from __future__ import annotations

from advice.engine import pk
from advice.engine.context import Context
from advice.engine.phrases import TEXT, Phrase
from advice.engine.thresholds import Thresholds
from advice.engine.types import DrugProfile, Regimen, Scenario
from advice.engine.validation import dose_unit_warning
from drugs.vocabulary import months_between, review_is_stale

__all__ = ["default_warnings", "inputs_echo", "resolve_context"]


def resolve_context(drug: DrugProfile, s: Scenario, thresholds: Thresholds) -> Context:
    regimen = s.regimen or drug.typical_regimen
    if regimen is Regimen.SINGLE:
        doses_per_day = 1.0
    else:
        doses_per_day = s.doses_per_day or drug.typical_doses_per_day or 1.0
    weight = s.infant_weight_kg
    if weight is None and s.infant_age_days is not None:
        weight = pk.infant_weight_from_age_kg(s.infant_age_days)
    return Context(
        drug=drug,
        thresholds=thresholds,
        dose_mg=s.dose_mg if s.dose_mg is not None else drug.typical_dose_mg,
        regimen=regimen,
        doses_per_day=doses_per_day,
        route=s.route or drug.typical_route,
        maternal_weight_kg=s.maternal_weight_kg or thresholds.default_maternal_weight_kg,
        infant_age_days=s.infant_age_days,
        preterm=s.preterm,
        infant_weight_kg=weight,
        activity_mbq=s.activity_mbq,  # never defaulted: see rule_radioactive
    )


def _echo(value: object, defaulted: bool, note: str = "") -> dict[str, object]:
    out: dict[str, object] = {"value": value, "defaulted": defaulted}
    if note:
        out["note"] = note
    return out


def inputs_echo(ctx: Context, s: Scenario) -> dict[str, object]:
    d = ctx.drug
    age_note = "" if s.infant_age_days is not None else "unknown: term infant over 2 months"
    weight_note = ""
    if s.infant_weight_kg is None:
        weight_note = "from age (WHO medians)" if ctx.infant_weight_kg else "age unknown"
    return {
        "dose_mg": _echo(
            ctx.dose_mg, s.dose_mg is None, "typical dose" if s.dose_mg is None else ""
        ),
        "regimen": _echo(ctx.regimen.value, s.regimen is None),
        "doses_per_day": _echo(ctx.doses_per_day, s.doses_per_day is None),
        "route": _echo(ctx.route.value, s.route is None),
        "maternal_weight_kg": _echo(ctx.maternal_weight_kg, s.maternal_weight_kg is None),
        "infant_age_days": _echo(ctx.infant_age_days, s.infant_age_days is None, age_note),
        "preterm": _echo(ctx.preterm, False),
        "infant_weight_kg": _echo(ctx.infant_weight_kg, s.infant_weight_kg is None, weight_note),
        "activity_mbq": _echo(
            ctx.activity_mbq,
            False,
            "not given: the most restrictive activity row applies"
            if ctx.activity_mbq is None
            else "",
        )
        if d.radioactive
        else _echo(None, False, "not radioactive"),
        "dose_time": _echo(s.dose_time.isoformat() if s.dose_time else None, False),
        "confirm_dose": _echo(s.confirm_dose, False),
        "today": _echo(s.today.isoformat() if s.today else None, False),
        "drug_revision": _echo(d.revision, False),
        "last_reviewed": _echo(d.last_reviewed.isoformat() if d.last_reviewed else None, False),
    }


def default_warnings(ctx: Context, s: Scenario) -> list[str]:
    out: list[str] = []
    d = ctx.drug
    if s.today is not None:
        if d.last_reviewed is None:
            out.append(TEXT[Phrase.NO_REVIEW_DATE])
        else:
            months = months_between(d.last_reviewed, s.today)
            if review_is_stale(
                d.last_reviewed, s.today, after_months=ctx.thresholds.stale_after_months
            ):
                out.append(
                    f"The monograph was last reviewed on {d.last_reviewed.isoformat()} "
                    f"({months} months ago, more than {ctx.thresholds.stale_after_months}); "
                    "newer evidence may exist."
                )
    if s.infant_age_days is None:
        out.append(TEXT[Phrase.INFANT_AGE_UNKNOWN])
    assumed = []
    if s.dose_mg is None and ctx.dose_mg is not None and not d.radioactive:
        assumed.append(f"dose {ctx.dose_mg:g} mg (typical)")
    if s.regimen is None:
        assumed.append(f"regimen {ctx.regimen.value} (typical)")
    if s.route is None:
        assumed.append(f"route {ctx.route.value} (typical)")
    if s.maternal_weight_kg is None:
        assumed.append(f"maternal weight {ctx.maternal_weight_kg:g} kg")
    if assumed:
        out.append("Defaults assumed: " + ", ".join(assumed) + ".")
    unit = dose_unit_warning(d, s)
    if unit:
        how = "confirmed by the clinician" if s.confirm_dose else "on a route other than the usual"
        out.append(f"Unusually high dose ({how}): {unit}")
    if s.regimen is Regimen.SINGLE and s.doses_per_day not in (None, 1.0):
        out.append("A single dose was given with several doses per day; one dose is assumed.")
    return out
