"""The one adapter between published monographs and the engine, and advice orchestration.

``drug_profile`` turns a published snapshot (``Drug.published_data``) into an engine
``DrugProfile``; nothing else in the project builds engine inputs from the database.
``advice_for`` resolves a typed drug name (brands, synonyms, misspellings, combination
products), validates the scenario and returns the verdict(s). Pages, the API, the CDS Hooks
service and ``manage.py advise`` all call it, so they all give the same answer.
"""

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from advice import engine
from advice.engine import (
    AlternativeRef,
    Citation,
    DrugProfile,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PkValue,
    Regimen,
    Route,
    Scenario,
    ScenarioError,
)
from drugs.models import Drug
from drugs.selectors import DrugNotFound, drug_resolve, published_drugs

_PK_FIELDS = {
    "half_life_h",
    "oral_bioavailability_pct",
    "vd_l_per_kg",
    "mw_da",
    "mp_ratio",
    "protein_binding_pct",
}
# (slug, revision) -> profile; published snapshots are immutable per revision.
_PROFILE_CACHE: dict[tuple[str, int, bool], DrugProfile] = {}


def _keys(key: str | None) -> tuple[str, ...]:
    return (key,) if key else ()


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def profile_from_snapshot(
    data: dict[str, Any], alternatives: dict[str, DrugProfile] | None = None
) -> DrugProfile:
    """Build an engine profile from a published snapshot (pure; no database)."""
    pk: dict[str, PkValue] = {}
    for item in data.get("pk", []):
        if item["parameter"] in _PK_FIELDS:
            pk[item["parameter"]] = PkValue(
                value=float(item["value"]),
                low=item.get("low"),
                high=item.get("high"),
                citation_keys=_keys(item.get("citation")),
                verified=bool(item.get("verified")),
            )
    flags = data.get("flags", {})
    dose = data.get("typical_dose", {})
    alternatives = alternatives or {}
    return DrugProfile(
        slug=data["slug"],
        name=data["name"],
        kind=data.get("kind", "drug"),
        classes=tuple(data.get("classes", [])),
        half_life_h=pk.get("half_life_h"),
        oral_bioavailability_pct=pk.get("oral_bioavailability_pct"),
        vd_l_per_kg=pk.get("vd_l_per_kg"),
        mw_da=pk.get("mw_da"),
        mp_ratio=pk.get("mp_ratio"),
        protein_binding_pct=pk.get("protein_binding_pct"),
        typical_dose_mg=dose.get("dose_mg"),
        typical_doses_per_day=dose.get("doses_per_day"),
        typical_route=Route(dose.get("route") or "oral"),
        typical_regimen=Regimen(dose.get("regimen") or "chronic"),
        typical_activity_mbq=dose.get("activity_mbq"),
        max_dose_mg=dose.get("max_dose_mg"),
        milk_studies=tuple(
            MilkStudy(
                maternal_dose_mg=s.get("maternal_dose_mg"),
                regimen=Regimen(s.get("regimen") or "chronic"),
                doses_per_day=s.get("doses_per_day"),
                milk_conc_avg_mg_per_l=s.get("milk_conc_avg_mg_per_l"),
                milk_conc_peak_mg_per_l=s.get("milk_conc_peak_mg_per_l"),
                rid_pct=s.get("rid_pct"),
                n_mothers=s.get("n_mothers"),
                citation_keys=_keys(s.get("citation")),
                description=s.get("maternal_dose_text") or "",
            )
            for s in data.get("milk_studies", [])
        ),
        infant_effects=tuple(
            InfantEffect(
                description=e["description"],
                severity=e["severity"],
                age_group=e["age_group"],
                citation_keys=_keys(e.get("citation")),
            )
            for e in data.get("infant_effects", [])
        ),
        lactation_effects=tuple(
            LactationEffect(
                effect=e["effect"],
                description=e.get("description") or "",
                citation_keys=_keys(e.get("citation")),
            )
            for e in data.get("lactation_effects", [])
        ),
        guidance=tuple(
            Guidance(
                key=g["key"],
                verdict=engine.Category(g["verdict"]),
                interrupt_hours_min=g.get("interrupt_hours_min"),
                interrupt_hours_max=g.get("interrupt_hours_max"),
                regimen=Regimen(g["regimen"]) if g.get("regimen") else None,
                routes=tuple(Route(r) for r in g.get("routes") or []),
                dose_min_mg=g.get("dose_min_mg"),
                dose_max_mg=g.get("dose_max_mg"),
                infant_age_min_days=g.get("infant_age_min_days"),
                infant_age_max_days=g.get("infant_age_max_days"),
                preterm=g.get("preterm"),
                activity_min_mbq=g.get("activity_min_mbq"),
                activity_max_mbq=g.get("activity_max_mbq"),
                guideline=g["guideline"],
                guideline_version=g.get("guideline_version") or "",
                rationale=g.get("rationale") or "",
                citation_keys=_keys(g.get("citation")),
                followed=bool(g.get("followed", True)),
                dose_per_day_min_mg=g.get("dose_per_day_min_mg"),
                dose_per_day_max_mg=g.get("dose_per_day_max_mg"),
            )
            for g in data.get("guidance", [])
        ),
        alternatives=tuple(
            AlternativeRef(
                slug=a["slug"],
                name=a["name"],
                indication=a.get("indication") or "",
                reason=a.get("reason") or "",
                citation_keys=_keys(a.get("citation")),
                profile=alternatives.get(a["slug"]),
            )
            for a in data.get("alternatives", [])
        ),
        cytotoxic=bool(flags.get("cytotoxic")),
        radioactive=bool(flags.get("radioactive")),
        isotope=flags.get("isotope"),
        physical_half_life_h=flags.get("physical_half_life_h"),
        narrow_therapeutic_index=bool(flags.get("narrow_therapeutic_index")),
        reduces_milk_supply=bool(flags.get("reduces_milk_supply")),
        cns_depressant=bool(flags.get("cns_depressant")),
        active_metabolites=bool(flags.get("active_metabolites")),
        poor_infant_oral_absorption=bool(flags.get("poor_infant_oral_absorption")),
        minimal_absorption_routes=tuple(
            Route(r) for r in flags.get("minimal_absorption_routes") or []
        ),
        citations=tuple(
            Citation(
                key=c["key"],
                kind=c["kind"],
                title=c["title"],
                url=c.get("url"),
                pmid=c.get("pmid"),
                doi=c.get("doi"),
                publisher=c.get("publisher"),
                year=c.get("year"),
            )
            for c in data.get("citations", [])
        ),
        last_reviewed=_date(data.get("last_reviewed")),
        revision=str(data.get("revision", "")),
    )


def drug_profile(*, drug: Drug, with_alternatives: bool = True) -> DrugProfile:
    """The engine profile of a published monograph, with its alternatives one level deep."""
    data = drug.published_data
    if data is None:
        raise DrugNotFound(drug.name, [])
    cache_key = (drug.slug, drug.published_revision, with_alternatives)
    profile = _PROFILE_CACHE.get(cache_key)
    if profile is not None:
        return profile
    alternatives: dict[str, DrugProfile] = {}
    if with_alternatives and data.get("alternatives"):
        slugs = [a["slug"] for a in data["alternatives"]]
        for alt in (
            published_drugs()
            .filter(slug__in=slugs)
            .only("slug", "name", "published_data", "published_revision")
        ):
            alternatives[alt.slug] = drug_profile(drug=alt, with_alternatives=False)
    profile = profile_from_snapshot(data, alternatives)
    if len(_PROFILE_CACHE) > 4096:
        _PROFILE_CACHE.clear()
    _PROFILE_CACHE[cache_key] = profile
    return profile


# --- Scenario input ------------------------------------------------------------------------
SCENARIO_FIELDS = (
    "dose_mg",
    "regimen",
    "doses_per_day",
    "route",
    "infant_age_days",
    "preterm",
    "infant_weight_kg",
    "maternal_weight_kg",
    "activity_mbq",
    "dose_time",
    "confirm_dose",
)


def _number(value: Any, field: str, errors: dict[str, str], *, integer: bool = False) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors[field] = "Enter a number."
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors[field] = "Enter a number."
        return None
    if not math.isfinite(number):
        errors[field] = "Enter a finite number."
        return None
    if integer:
        if number != int(number):
            errors[field] = "Enter a whole number."
            return None
        return int(number)
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def scenario_from_input(data: dict[str, Any], *, today: datetime.date | None = None) -> Scenario:
    """Parse untrusted input (form, JSON, CLI) into a Scenario; ScenarioError names bad fields."""
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - set(SCENARIO_FIELDS) - {"drug", "id"})
    for name in unknown:
        errors[name] = "Unknown field."
    values: dict[str, Any] = {
        "dose_mg": _number(data.get("dose_mg"), "dose_mg", errors),
        "doses_per_day": _number(data.get("doses_per_day"), "doses_per_day", errors),
        "infant_age_days": _number(
            data.get("infant_age_days"), "infant_age_days", errors, integer=True
        ),
        "infant_weight_kg": _number(data.get("infant_weight_kg"), "infant_weight_kg", errors),
        "maternal_weight_kg": _number(data.get("maternal_weight_kg"), "maternal_weight_kg", errors),
        "activity_mbq": _number(data.get("activity_mbq"), "activity_mbq", errors),
        "preterm": _bool(data.get("preterm", False)),
        "confirm_dose": _bool(data.get("confirm_dose", False)),
    }
    for name, parser in (("regimen", engine.parse_regimen), ("route", engine.parse_route)):
        raw = data.get(name)
        if raw in (None, ""):
            values[name] = None
            continue
        try:
            values[name] = parser(str(raw))
        except ScenarioError as exc:
            errors[name] = "; ".join(exc.errors.values())
    raw_time = data.get("dose_time")
    values["dose_time"] = None
    if raw_time not in (None, ""):
        try:
            parsed = (
                raw_time
                if isinstance(raw_time, datetime.datetime)
                else datetime.datetime.fromisoformat(str(raw_time))
            )
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
            values["dose_time"] = parsed
        except ValueError:
            errors["dose_time"] = "Enter a date and time like 2026-11-28T14:30."
    if errors:
        raise ScenarioError(errors)
    return Scenario(**values, today=today or timezone.localdate())


@dataclass
class AdviceResult:
    """One verdict (a single drug) or a regimen verdict (a combination product)."""

    drug: Drug
    ingredients: list[Drug]
    verdict: engine.Verdict | None
    regimen: engine.RegimenVerdict | None

    def to_dict(self) -> dict[str, Any]:
        if self.regimen is not None:
            body = self.regimen.to_dict()
            body["verdict"] = body["combined"]
            body["combination"] = [d.slug for d in self.ingredients]
            for item in body["items"]:  # type: ignore[attr-defined]
                item["verdict"] = item["category"]
            return body
        assert self.verdict is not None  # noqa: S101 - invariant of construction
        body = self.verdict.to_dict()
        body["verdict"] = body["category"]
        return body


def advice_for(
    *, drug: str | Drug, data: dict[str, Any] | None = None, today: datetime.date | None = None
) -> AdviceResult:
    """Resolve the drug, parse the scenario and advise.

    Raises DrugNotFound (with suggestions) or ScenarioError (field -> message).
    """
    scenario = scenario_from_input(data or {}, today=today)
    if isinstance(drug, Drug):
        primary, ingredients = drug, [drug]
    else:
        try:
            primary, ingredients = drug_resolve(name=drug)
        except DrugNotFound as exc:
            raise ScenarioError({"drug": str(exc)}) from exc
    if len(ingredients) > 1:
        # A combination product: each ingredient at its own typical dose, same infant.
        items = [
            (
                drug_profile(drug=d),
                Scenario(
                    regimen=scenario.regimen,
                    doses_per_day=scenario.doses_per_day,
                    route=scenario.route,
                    maternal_weight_kg=scenario.maternal_weight_kg,
                    infant_age_days=scenario.infant_age_days,
                    preterm=scenario.preterm,
                    infant_weight_kg=scenario.infant_weight_kg,
                    dose_time=scenario.dose_time,
                    today=scenario.today,
                ),
            )
            for d in ingredients
        ]
        return AdviceResult(primary, ingredients, None, engine.advise_regimen(items))
    verdict = engine.advise(drug_profile(drug=primary), scenario)
    return AdviceResult(primary, ingredients, verdict, None)


def advice_regimen_for(
    *, items: list[dict[str, Any]], today: datetime.date | None = None
) -> tuple[engine.RegimenVerdict, list[Drug]]:
    """Several drugs at once. Raises ScenarioError keyed by ``items[i].field``."""
    errors: dict[str, str] = {}
    pairs = []
    drugs = []
    for index, item in enumerate(items):
        try:
            scenario = scenario_from_input(item, today=today)
            _primary, ingredients = drug_resolve(name=str(item.get("drug", "")))
            for ingredient in ingredients:
                profile = drug_profile(drug=ingredient)
                engine.validate_scenario(profile, scenario)
                pairs.append((profile, scenario))
                drugs.append(ingredient)
        except DrugNotFound as exc:
            errors[f"items[{index}].drug"] = str(exc)
        except ScenarioError as exc:
            for field, message in exc.errors.items():
                errors[f"items[{index}].{field}"] = message
    if errors:
        raise ScenarioError(errors)
    if not pairs:
        raise ScenarioError({"items": "Give at least one drug."})
    return engine.advise_regimen(pairs), drugs
