"""The one adapter between published monographs and the engine, and advice orchestration.

``drug_profile`` turns a published snapshot (``Drug.published_data``) into an engine
``DrugProfile``; nothing else in the project builds engine inputs from the database.
``advice_for`` resolves a typed drug name (brands, synonyms, misspellings, combination
products), validates the scenario and returns the verdict(s). Pages, the API, the CDS Hooks
service and ``manage.py advise`` all call it, so they all give the same answer.
"""

import dataclasses
import datetime
import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
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
    Scenario,
    ScenarioError,
)
from advice.engine.bounds import bound_errors, dose_time_error
from drugs.models import Drug
from drugs.published import combination_of, monograph_of
from drugs.selectors import (
    FOUND,
    DrugNotFound,
    Ingredient,
    Product,
    Resolution,
    product_get,
    product_resolve,
    published_drugs_for,
    search_index_current,
    with_search_index,
)
from drugs.snapshot import MonographSnapshot
from drugs.vocabulary import Flag

_PK_FIELDS = {
    "half_life_h",
    "oral_bioavailability_pct",
    "vd_l_per_kg",
    "mw_da",
    "mp_ratio",
    "protein_binding_pct",
}
# (slug, revision, published_at) -> profile without alternatives: a published snapshot never
# changes once written, and revisions are never reused. Alternatives are attached per request
# from their own current revisions, so a republished alternative is seen at once.
_PROFILE_CACHE: dict[tuple[str, int, str], DrugProfile] = {}


def _keys(key: str | None) -> tuple[str, ...]:
    return (key,) if key else ()


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def profile_from_snapshot(
    snapshot: MonographSnapshot | dict[str, Any],
    alternatives: dict[str, DrugProfile] | None = None,
) -> DrugProfile:
    """Build an engine profile from a published snapshot (pure; no database).

    ``snapshot`` is the typed snapshot (`drugs.snapshot`); a raw ``published_data`` dict is
    parsed first (an older snapshot's missing keys take the schema's defaults).
    """
    data = (
        snapshot if isinstance(snapshot, MonographSnapshot) else MonographSnapshot.parse(snapshot)
    )
    pk: dict[str, PkValue] = {}
    for item in data.pk:
        if item.parameter in _PK_FIELDS:
            pk[item.parameter.value] = PkValue(
                value=float(item.value),
                low=item.low,
                high=item.high,
                citation_keys=_keys(item.citation),
                verified=item.verified,
            )
    flags, dose = data.flags, data.typical_dose
    alternatives = alternatives or {}
    return DrugProfile(
        slug=data.slug,
        name=data.name,
        kind=data.kind.value,
        classes=data.classes,
        half_life_h=pk.get("half_life_h"),
        oral_bioavailability_pct=pk.get("oral_bioavailability_pct"),
        vd_l_per_kg=pk.get("vd_l_per_kg"),
        mw_da=pk.get("mw_da"),
        mp_ratio=pk.get("mp_ratio"),
        protein_binding_pct=pk.get("protein_binding_pct"),
        typical_dose_mg=dose.dose_mg,
        typical_doses_per_day=dose.doses_per_day,
        typical_route=dose.route,
        typical_regimen=dose.regimen,
        typical_activity_mbq=dose.activity_mbq,
        max_dose_mg=dose.max_dose_mg,
        milk_studies=tuple(
            MilkStudy(
                maternal_dose_mg=s.maternal_dose_mg,
                regimen=s.regimen,
                doses_per_day=s.doses_per_day,
                milk_conc_avg_mg_per_l=s.milk_conc_avg_mg_per_l,
                milk_conc_peak_mg_per_l=s.milk_conc_peak_mg_per_l,
                rid_pct=s.rid_pct,
                n_mothers=s.n_mothers,
                citation_keys=_keys(s.citation),
                description=s.maternal_dose_text or "",
            )
            for s in data.milk_studies
        ),
        infant_effects=tuple(
            InfantEffect(
                description=e.description,
                severity=e.severity.value,
                age_group=e.age_group.value,
                citation_keys=_keys(e.citation),
            )
            for e in data.infant_effects
        ),
        lactation_effects=tuple(
            LactationEffect(
                effect=e.effect.value,
                description=e.description or "",
                citation_keys=_keys(e.citation),
            )
            for e in data.lactation_effects
        ),
        guidance=tuple(
            Guidance(
                key=g.key,
                verdict=g.verdict,
                interrupt_hours_min=g.interrupt_hours_min,
                interrupt_hours_max=g.interrupt_hours_max,
                regimen=g.regimen,
                routes=g.routes,
                dose_min_mg=g.dose_min_mg,
                dose_max_mg=g.dose_max_mg,
                infant_age_min_days=g.infant_age_min_days,
                infant_age_max_days=g.infant_age_max_days,
                preterm=g.preterm,
                activity_min_mbq=g.activity_min_mbq,
                activity_max_mbq=g.activity_max_mbq,
                guideline=g.guideline,
                guideline_version=g.guideline_version or "",
                rationale=g.rationale or "",
                citation_keys=_keys(g.citation),
                followed=g.followed,
                dose_per_day_min_mg=g.dose_per_day_min_mg,
                dose_per_day_max_mg=g.dose_per_day_max_mg,
                interval_min_h=g.interval_min_h,
                interval_max_h=g.interval_max_h,
            )
            for g in data.guidance
        ),
        alternatives=tuple(
            AlternativeRef(
                slug=a.slug,
                name=a.name,
                indication=a.indication or "",
                reason=a.reason or "",
                citation_keys=_keys(a.citation),
                profile=alternatives.get(a.slug),
            )
            for a in data.alternatives
        ),
        # Every yes/no fact of the vocabulary (`drugs.vocabulary.Flag`), by its one name.
        **{flag.value: bool(getattr(flags, flag.value)) for flag in Flag},
        isotope=flags.isotope,
        physical_half_life_h=flags.physical_half_life_h,
        minimal_absorption_routes=flags.minimal_absorption_routes,
        citations=tuple(
            Citation(
                key=c.key,
                kind=c.kind.value,
                title=c.title,
                url=c.url,
                pmid=c.pmid,
                doi=c.doi,
                publisher=c.publisher,
                year=c.year,
            )
            for c in data.citations
        ),
        last_reviewed=data.last_reviewed.date if data.last_reviewed else None,
        revision=str(data.revision) if data.revision is not None else "",
    )


def _base_profile(drug: Drug) -> DrugProfile:
    data = drug.published_data
    if data is None:
        raise DrugNotFound(Resolution(query=drug.name, status="not_found"))
    stamp = drug.published_at.isoformat() if drug.published_at else ""
    key = (drug.slug, drug.published_revision, stamp)
    profile = _PROFILE_CACHE.get(key)
    if profile is None:
        profile = profile_from_snapshot(monograph_of(drug) or data)
        if len(_PROFILE_CACHE) > 4096:
            _PROFILE_CACHE.clear()
        _PROFILE_CACHE[key] = profile
    return profile


def drug_profile(*, drug: Drug, with_alternatives: bool = True) -> DrugProfile:
    """The engine profile of a published monograph, with its alternatives one level deep."""
    profile = _base_profile(drug)
    if not with_alternatives or not profile.alternatives:
        return profile
    slugs = [a.slug for a in profile.alternatives]
    found = {slug: _base_profile(alt) for slug, alt in published_drugs_for(slugs).items()}
    return dataclasses.replace(
        profile,
        alternatives=tuple(
            dataclasses.replace(ref, profile=found.get(ref.slug)) for ref in profile.alternatives
        ),
    )


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
            if dose_time_error(parsed):
                errors["dose_time"] = dose_time_error(parsed)
            else:
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
                values["dose_time"] = parsed
        except (ValueError, OverflowError):
            errors["dose_time"] = "Enter a date and time like 2026-11-28T14:30."
    # Physical bounds (advice.engine.bounds): refused here, before any drug is looked up, on
    # every interface; the engine checks the same bounds again for its own callers.
    out_of_bounds = bound_errors(values)
    if errors:
        raise ScenarioError({**out_of_bounds, **errors})
    if out_of_bounds:
        exc = ScenarioError(out_of_bounds)
        # The rest of the scenario, for the drug's own checks (advice_for names them too).
        exc.within_bounds = Scenario(  # type: ignore[attr-defined]
            **{k: (None if k in out_of_bounds else v) for k, v in values.items()},
            today=today or timezone.localdate(),
        )
        raise exc
    return Scenario(**values, today=today or timezone.localdate())


def _drug_errors(drug: str | Drug | Product, scenario: Scenario) -> ScenarioError | None:
    """The drug's own checks of a scenario whose other fields were out of bounds, so every
    bad field is named at once (e.g. a negative dose and an activity for a non-radioactive
    drug); None when there is nothing more to say."""
    try:
        if isinstance(drug, Product):
            product: Product | None = drug
        elif isinstance(drug, Drug):
            product = product_get(slug=drug.slug)
        else:
            product, _resolution = resolve_for_advice(drug)
        if product is None or product.is_combination:
            return None
        engine.validate_scenario(drug_profile(drug=_ingredient_drugs(product)[0]), scenario)
    except ScenarioError as exc:
        return exc
    return None


@dataclass
class AdviceResult:
    """The product verdict: one drug's verdict, or a combination's (each ingredient's verdict,
    the combined one and the ingredient that drives it). Every interface renders this."""

    product: Product
    drug: Drug  # the (first) ingredient's monograph row
    ingredients: list[Drug]
    verdict: engine.Verdict | None
    regimen: engine.RegimenVerdict | None
    resolution: Resolution | None = None

    @property
    def category(self) -> engine.Category:
        if self.regimen is not None:
            return self.regimen.combined
        assert self.verdict is not None  # noqa: S101 - invariant of construction
        return self.verdict.category

    @property
    def interrupt_hours(self) -> float | None:
        if self.regimen is not None:
            return self.regimen.combined_interrupt_hours
        return self.verdict.interrupt_hours if self.verdict else None

    @property
    def evidence(self) -> engine.Evidence:
        if self.regimen is not None:  # the least certain of the ingredients
            return max((v.evidence for v in self.regimen.items), key=_EVIDENCE_ORDER.index)
        assert self.verdict is not None  # noqa: S101
        return self.verdict.evidence

    @property
    def items(self) -> list[tuple[engine.Verdict, Drug]]:
        """Each ingredient's verdict, the most restrictive first (the driver leads)."""
        if self.regimen is None:
            return []
        pairs = list(zip(self.regimen.items, self.ingredients, strict=True))
        return sorted(pairs, key=lambda p: _verdict_rank(p[0]))

    @property
    def driver(self) -> Ingredient | None:
        """The ingredient whose verdict is the combined verdict."""
        if self.regimen is None:
            return None
        verdict, drug = self.items[0]
        return Ingredient(drug.slug, verdict.drug_name)

    def to_dict(self) -> dict[str, Any]:
        body = self._body()
        if self.resolution is not None:
            note = self.resolution.note
            body["resolved_from"] = {
                "query": self.resolution.query,
                "match": self.resolution.match,
                "note": note,
            }
            if note:  # a reinterpreted name is always said
                body["warnings"] = [note, *body.get("warnings", [])]
        return body

    def _body(self) -> dict[str, Any]:
        product = self.product.as_dict()
        if self.regimen is not None:
            body = self.regimen.to_dict()
            # Each ingredient's verdict, the most restrictive first (the driver leads): the
            # items serialised above plus their rules, as Verdict.to_dict gives them.
            items = self.regimen.items
            order = sorted(range(len(items)), key=lambda i: _verdict_rank(items[i]))
            serialised = body["items"]
            body["items"] = [
                {**serialised[i], "rules": list(items[i].rules)}  # type: ignore[index]
                for i in order
            ]
            body["verdict"] = body["combined"]
            body["combination"] = [d.slug for d in self.ingredients]
            for item in body["items"]:  # type: ignore[attr-defined]
                item["verdict"] = item["category"]
            driver = self.driver
            body["driven_by"] = {"slug": driver.slug, "name": driver.name} if driver else None
            body["product"] = product
            return body
        assert self.verdict is not None  # noqa: S101 - invariant of construction
        body = self.verdict.to_dict()
        body["verdict"] = body["category"]
        body["product"] = product
        return body


_EVIDENCE_ORDER = list(engine.Evidence)


def _verdict_rank(v: engine.Verdict) -> tuple[int, float, int]:
    return (
        -engine.strictness(v.category),
        -(v.interrupt_hours or 0.0),
        -_EVIDENCE_ORDER.index(v.evidence),
    )


def most_restrictive_first(verdicts: Any) -> list[int]:
    """Indexes of `verdicts`, the most restrictive first: the first one drives a combined
    verdict (the same order as a combination product's ingredients)."""
    items = list(verdicts)
    return sorted(range(len(items)), key=lambda i: _verdict_rank(items[i]))


def _ingredient_drugs(product: Product) -> list[Drug]:
    slugs = [i.slug for i in product.ingredients]
    found = published_drugs_for(slugs)
    missing = [i.name for i in product.ingredients if i.slug not in found]
    if missing:
        # Never a verdict for part of a product: an ingredient without a reviewed monograph
        # means no combined verdict at all.
        raise ScenarioError(
            {
                "drug": f"LactRx has no published monograph for {', '.join(missing)}, an "
                f"ingredient of {product.name}; no verdict can be given for the product."
            }
        )
    return [found[s] for s in slugs]


def resolve_for_advice(query: str) -> tuple[Product, Resolution]:
    """The one product a query names, or ScenarioError naming `drug` (with suggestions)."""
    resolution = product_resolve(query=query)
    if resolution.status != FOUND or resolution.product is None:
        raise ScenarioError({"drug": resolution.message}) from DrugNotFound(resolution)
    return resolution.product, resolution


def advice_for(
    *,
    drug: str | Drug | Product,
    data: dict[str, Any] | None = None,
    today: datetime.date | None = None,
    with_alternatives: bool = True,
) -> AdviceResult:
    """The product verdict: resolve the query (one resolver), parse the scenario, advise.

    A combination is advised as each ingredient at its own typical dose for the same infant;
    the combined verdict is the most restrictive and names its driver. Raises ScenarioError
    (field -> message; an unknown or ambiguous drug is the `drug` field, with the
    DrugNotFound carrying suggestions as its cause). ``with_alternatives=False`` leaves out
    the verdicts of the alternatives (``Verdict.alternatives``), which never change the
    product's own verdict: for the chip, which shows only that.
    """
    try:
        scenario = scenario_from_input(data or {}, today=today)
    except ScenarioError as exc:
        partial = getattr(exc, "within_bounds", None)
        more = _drug_errors(drug, partial) if partial is not None else None
        if more is None:
            raise
        raise ScenarioError({**more.errors, **exc.errors}) from more.__cause__
    resolution: Resolution | None = None
    if isinstance(drug, Drug):
        product = product_get(slug=drug.slug)
        if product is None:
            raise ScenarioError({"drug": f"{drug.name} has no published monograph."})
    elif isinstance(drug, Product):
        product = drug
    else:
        product, resolution = resolve_for_advice(drug)
    ingredients = _ingredient_drugs(product)
    if product.is_combination:
        items = [
            (
                drug_profile(drug=d, with_alternatives=with_alternatives),
                # Each ingredient at its own typical dose; everything else as given.
                dataclasses.replace(scenario, dose_mg=None, activity_mbq=None),
            )
            for d in ingredients
        ]
        regimen = engine.advise_regimen(items)
        return AdviceResult(product, ingredients[0], ingredients, None, regimen, resolution)
    profile = drug_profile(drug=ingredients[0], with_alternatives=with_alternatives)
    verdict = engine.advise(profile, scenario)
    return AdviceResult(product, ingredients[0], ingredients, verdict, None, resolution)


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
            product, _resolution = resolve_for_advice(str(item.get("drug", "")))
            for ingredient in _ingredient_drugs(product):
                profile = drug_profile(drug=ingredient)
                engine.validate_scenario(profile, scenario)
                pairs.append((profile, scenario))
                drugs.append(ingredient)
        except ScenarioError as exc:
            for field, message in exc.errors.items():
                errors[f"items[{index}].{field}"] = message
    if errors:
        raise ScenarioError(errors)
    if not pairs:
        raise ScenarioError({"items": "Give at least one drug."})
    return engine.advise_regimen(pairs), drugs


# --- The typical-verdict chip -----------------------------------------------------------------
CHIP_TTL_S = 24 * 3600
# A chip is keyed on what it is computed from: the engine version, the day and each
# ingredient's published stamp (row id, revision, published at; drugs.search_index), so a
# republished ingredient changes its products' keys at once and nothing else is recomputed.
# Kept in this process (a suggestion list reads eight chips in microseconds) and shared through
# the cache; the first list after a publish or a restart computes every chip still missing.
ChipKey = tuple[str, str, tuple[tuple[int, int, str], ...]]
_CHIPS: dict[ChipKey, dict[str, Any]] = {}
_CHIPS_MAX = 20_000
_CHIPS_DONE: set[tuple[str, str]] = set()  # (index token, day): every published product done


def _chip_summary(product: Product) -> dict[str, Any]:
    try:
        # The product's own verdict: its alternatives' verdicts are not shown on a chip.
        result = advice_for(drug=product, with_alternatives=False)
    except (ScenarioError, DrugNotFound):
        return {}
    driver = result.driver
    return {
        "category": result.category.value,
        "interrupt_hours": result.interrupt_hours,
        "evidence": result.evidence.value,
        "driven_by": {"slug": driver.slug, "name": driver.name} if driver else None,
        # The typical-dose RID when it counted (ranks the members of a class).
        "rid_pct": result.verdict.rid_pct if result.verdict is not None else None,
    }


def _published_products(index: Any) -> list[Product]:
    """Every product a search hit can name: each visible monograph and each published
    combination product, as the resolver builds them."""
    products = [
        Product(slug=slug, name=row[1], ingredients=(Ingredient(slug, row[5]),))
        for (target, slug), row in index.generic.items()
        if target == "drug"
    ]
    for _slug, data in index.combos:
        products.append(
            Product(
                slug=data["slug"],
                name=data["name"],
                ingredients=tuple(Ingredient(i["slug"], i["name"]) for i in data["ingredients"]),
                brands=tuple(data.get("brands") or ()),
            )
        )
    return products


def _chip_key(product: Product, stamps: dict[str, tuple[int, int, str]]) -> ChipKey | None:
    """None when an ingredient has no visible monograph (no verdict, nothing to read)."""
    try:
        parts = tuple(stamps[i.slug] for i in product.ingredients)
    except KeyError:
        return None
    return (engine.ENGINE_VERSION, timezone.localdate().isoformat(), parts)


def _chips_compute(todo: list[tuple[ChipKey, Product]]) -> None:
    # One query for every monograph still needed (by primary key); each chip then reads this
    # process's copy of its snapshots.
    published_drugs_for(sorted({i.slug for _k, p in todo for i in p.ingredients}))
    for key, product in todo:
        _CHIPS[key] = _chip_summary(product)


def _chips_fill(keyed: dict[ChipKey, Product], *, share: bool) -> None:
    """Put the chips of ``keyed`` in _CHIPS: the ones missing are read from the shared cache
    (``share``: one entry for the whole set, keyed on every stamp in it) or computed."""
    wanted = {k: p for k, p in keyed.items() if k not in _CHIPS}
    if not wanted:
        return
    if len(_CHIPS) + len(wanted) > _CHIPS_MAX:
        _CHIPS.clear()
        _CHIPS_DONE.clear()
    name = ""
    if share:
        digest = hashlib.sha1(repr(sorted(keyed)).encode(), usedforsecurity=False).hexdigest()
        name = f"advice:chips:{engine.ENGINE_VERSION}:{digest}"
        shared = cache.get(name)
        if isinstance(shared, dict):
            _CHIPS.update({k: v for k, v in shared.items() if k in wanted})
    todo = [(k, p) for k, p in wanted.items() if k not in _CHIPS]
    if todo:
        _chips_compute(todo)
        if share:
            cache.set(name, {k: _CHIPS[k] for k in keyed if k in _CHIPS}, timeout=CHIP_TTL_S)


@with_search_index
def product_chips(products: list[Product]) -> dict[str, dict[str, Any] | None]:
    """slug -> {category, interrupt_hours, evidence, driven_by, rid_pct} for the typical dose and
    a term infant over 2 months: the chip beside a search hit, in the pages and in the API.
    None when no verdict can be given (say so, never guess).

    The published index is read first (its search version is a database read: with the
    database down this raises, so no chip is ever served from a cache during an outage); the
    first call for a new index fills in the chip of every published product at once (one
    cache entry shared by the processes), a combination no product lists is computed here."""
    index = search_index_current()
    stamps = index.drug_stamps
    done = (index.token, timezone.localdate().isoformat())
    if done not in _CHIPS_DONE:
        everything = {}
        for product in _published_products(index):
            key = _chip_key(product, stamps)
            if key is not None:
                everything.setdefault(key, product)
        _chips_fill(everything, share=True)
        if len(_CHIPS_DONE) > 256:
            _CHIPS_DONE.clear()
        _CHIPS_DONE.add(done)
    keys = {p.slug: k for p in products if (k := _chip_key(p, stamps)) is not None}
    _chips_fill({keys[p.slug]: p for p in products if p.slug in keys}, share=False)
    return {
        p.slug: (_CHIPS.get(keys[p.slug]) or None) if p.slug in keys else None for p in products
    }


def product_chip(product: Product) -> dict[str, Any] | None:
    """The typical-verdict chip of one product (see ``product_chips``)."""
    return product_chips([product])[product.slug]


def hit_product(hit: Any) -> Product:
    """The product a search hit stands for (no database access)."""
    if hit.ingredients:
        return Product(
            slug=hit.slug,
            name=hit.name,
            ingredients=tuple(Ingredient(i["slug"], i["name"]) for i in hit.ingredients),
        )
    return Product(slug=hit.slug, name=hit.name, ingredients=(Ingredient(hit.slug, hit.name),))


def hit_chips(hits: list[Any]) -> dict[str, dict[str, Any] | None]:
    """slug -> chip for each search hit that names a product."""
    return product_chips([hit_product(h) for h in hits if h.slug])


def combinations_with(*, slug: str) -> list[dict[str, Any]]:
    """Published combination products that contain this ingredient (for its page)."""
    from drugs.selectors import published_combinations

    out = []
    for combo in published_combinations().only("published_data"):
        data = combination_of(combo)
        if data is not None and any(i.slug == slug for i in data.ingredients):
            out.append({"slug": data.slug, "name": data.name, "brands": list(data.brands)})
    return sorted(out, key=lambda c: c["name"])
