"""Read a CDS Hooks request: validate it, find each selected MedicationRequest and its drug.

The drug is in ``medicationCodeableConcept`` or in ``medicationReference`` to a Medication
(contained in the order, an entry of the draft-orders bundle, or a prefetched resource).
Mapping an order to what it names, in this order, never a guess:

1. **RxCUI table**: an RxNorm coding whose code is an imported RxNorm concept (SCD, SBD,
   GPCK, BPCK, SCDF...; drugs.rxnorm) whose every active ingredient has a monograph, or whose
   code is the RxNorm CUI a published monograph carries.
2. **Name parser**: an RxNorm coding display (or the text) that follows NLM's naming
   conventions (drugs.rxnorm_names) and whose every ingredient has a monograph.
3. **Product resolver**: the coding displays, then the text, through ``product_resolve``
   (done by the caller, advice.cds.cards): an exact name, brand or combination only.

Steps 1 and 2 give ingredient slugs with their strengths and the dose form; step 3 gives only
the query. An order no step can map gets no card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rest_framework import exceptions

from advice.cds.shape import dicts, items
from drugs import rxnorm
from drugs.rxnorm_names import Strength, dose_form_route, parse_rxnorm_name

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
_VALID_ORDER_STATUSES = {"draft", "active", "on-hold", "unknown"}
MAX_NAME_CHARS = 200


class BadHookRequest(exceptions.ParseError):
    default_detail = "Invalid CDS Hooks request."


def require(condition: bool, reason: str) -> None:
    if not condition:
        raise BadHookRequest(reason)


def validate(body: Any, hook: str) -> dict[str, Any]:
    require(isinstance(body, dict), "The request body must be a JSON object.")
    require(isinstance(body.get("hook"), str), "'hook' is required.")
    require(body["hook"] == hook, f"This service answers the '{hook}' hook, not {body['hook']!r}.")
    require(isinstance(body.get("hookInstance"), str), "'hookInstance' is required.")
    context = body.get("context")
    require(isinstance(context, dict), "'context' is required and must be an object.")
    require(isinstance(context.get("patientId"), str), "'context.patientId' is required.")
    orders = context.get("draftOrders")
    require(
        isinstance(orders, dict) and orders.get("resourceType") == "Bundle",
        "'context.draftOrders' must be a FHIR Bundle of MedicationRequest resources.",
    )
    require(
        isinstance(orders.get("entry", []), list), "'context.draftOrders.entry' must be a list."
    )
    prefetch = body.get("prefetch")
    require(prefetch is None or isinstance(prefetch, dict), "'prefetch' must be an object.")
    return body


def order_ref(order: dict[str, Any]) -> str | None:
    return f"MedicationRequest/{order['id']}" if isinstance(order.get("id"), str) else None


def selected_orders(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The MedicationRequests to check: the ``selections`` (order-select) or every draft."""
    context = body["context"]
    bundle = context["draftOrders"]
    selections = context.get("selections")
    selected = (
        {s for s in selections if isinstance(s, str)}
        if isinstance(selections, list) and selections
        else None
    )
    out = []
    for index, entry in enumerate(items(bundle.get("entry"))):
        order = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(order, dict) or order.get("resourceType") != "MedicationRequest":
            continue
        status = order.get("status", "draft")
        if not isinstance(status, str):
            raise BadHookRequest(
                f"'context.draftOrders.entry[{index}]' is not a valid MedicationRequest."
            )
        if status not in _VALID_ORDER_STATUSES:
            continue
        if selected is not None and order_ref(order) not in selected:
            continue
        for key in ("medicationCodeableConcept", "medicationReference", "dosageInstruction"):
            value = order.get(key)
            expected = list if key == "dosageInstruction" else dict
            if value is not None and not isinstance(value, expected):
                raise BadHookRequest(
                    f"'context.draftOrders.entry[{index}].{key}' is not valid FHIR."
                )
        out.append(order)
    return out


def medication_concept(order: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The CodeableConcept naming the order's drug ({} when there is none)."""
    concept = order.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        return concept
    reference = order.get("medicationReference")
    ref = reference.get("reference") if isinstance(reference, dict) else None
    if not isinstance(ref, str):
        return {}
    candidates: list[Any] = list(items(order.get("contained")))
    bundle = body["context"]["draftOrders"]
    candidates += [e.get("resource") for e in dicts(bundle.get("entry"))]
    for value in (body.get("prefetch") or {}).values():
        if isinstance(value, dict) and value.get("resourceType") == "Bundle":
            candidates += [e.get("resource") for e in dicts(value.get("entry"))]
        else:
            candidates.append(value)
    for resource in candidates:
        if not isinstance(resource, dict) or resource.get("resourceType") != "Medication":
            continue
        rid = resource.get("id")
        if ref in (f"#{rid}", f"Medication/{rid}") or ref.endswith(f"/Medication/{rid}"):
            code = resource.get("code")
            return code if isinstance(code, dict) else {}
    return {}


@dataclass
class MappedOrder:
    """What an order names, as far as steps 1-2 could tell (see the module doc)."""

    order: dict[str, Any]
    names: list[str]  # displays then text: the queries for step 3
    slugs: tuple[str, ...] = ()  # ingredient monographs (steps 1-2)
    strengths: dict[str, Strength | None] = field(default_factory=dict)
    dose_form: str | None = None
    form_route: str | None = None
    route_options: tuple[str, ...] = ()
    brand: str | None = None
    rxcui: str | None = None
    mapped_by: str | None = None  # "rxcui" | "name" | None (left to the product resolver)


def _names(concept: dict[str, Any]) -> list[str]:
    raw = [
        c.get("display") for c in dicts(concept.get("coding")) if isinstance(c.get("display"), str)
    ]
    if isinstance(concept.get("text"), str):
        raw.append(concept["text"])
    names = [v.replace("\x00", "").strip()[:MAX_NAME_CHARS] for v in raw]
    return list(dict.fromkeys(n for n in names if n))


def _rxnorm_codes(concept: dict[str, Any]) -> list[str]:
    return [
        str(c.get("code")).strip()
        for c in dicts(concept.get("coding"))
        if c.get("system") == RXNORM and c.get("code")
    ]


def _one_strength(values: list[tuple[float | None, str]]) -> Strength | None:
    distinct = {(v, u) for v, u in values if v is not None and u}
    if len(distinct) != 1:
        return None  # no strength, or a pack with several strengths of it (phasic packs)
    value, unit = distinct.pop()
    return Strength(float(value), unit)  # type: ignore[arg-type]


def _from_concept(mapped: MappedOrder, code: str) -> bool:
    concept = rxnorm.rxnorm_concept_get(rxcui=code)
    if concept is None:
        slug = rxnorm.published_cui_slug(rxcui=code)
        if slug is None:
            return False
        mapped.slugs, mapped.rxcui, mapped.mapped_by = (slug,), code, "rxcui"
        return True
    slugs = rxnorm.concept_ingredient_slugs(concept)
    if not slugs:
        return False
    by_slug: dict[str, list[tuple[float | None, str]]] = {s: [] for s in slugs}
    for ingredient in concept.ingredients.all():
        slug = rxnorm.ingredient_slug(
            name=ingredient.name, rxcui=ingredient.rxcui, precise_name=ingredient.precise_name
        )
        if slug in by_slug:
            by_slug[slug].append((ingredient.strength_value, ingredient.strength_unit))
    mapped.slugs = tuple(slugs)
    mapped.strengths = {s: _one_strength(v) for s, v in by_slug.items()}
    parsed = parse_rxnorm_name(concept.name)
    form = concept.dose_form if concept.dose_form and concept.dose_form != "Pack" else None
    if form is None and parsed.is_pack and parsed.route:
        forms = {c.drug.dose_form for c in parsed.pack}
        form = forms.pop() if len(forms) == 1 else None
    mapped.dose_form = form or parsed.dose_form
    mapped.form_route, mapped.route_options = dose_form_route(mapped.dose_form)
    if mapped.form_route is None and parsed.route:
        mapped.form_route = parsed.route
    mapped.brand = concept.brand or None
    mapped.rxcui, mapped.mapped_by = code, "rxcui"
    return True


def _from_name(mapped: MappedOrder, name: str) -> bool:
    parsed = parse_rxnorm_name(name)
    if not parsed.structured or parsed.notes:
        return False
    ingredients = parsed.all_ingredients
    slugs = rxnorm.ingredient_slugs(ingredients=((i.base, "", i.name) for i in ingredients))
    if not slugs:
        return False
    by_slug: dict[str, list[tuple[float | None, str]]] = {s: [] for s in slugs}
    components = [c.drug for c in parsed.pack] if parsed.is_pack else [parsed]
    for drug in components:
        for ingredient in drug.ingredients:
            slug = rxnorm.ingredient_slug(name=ingredient.base, precise_name=ingredient.name)
            if slug in by_slug:
                strength = ingredient.strength
                by_slug[slug].append((strength.value, strength.unit) if strength else (None, ""))
    mapped.slugs = tuple(slugs)
    mapped.strengths = {s: _one_strength(v) for s, v in by_slug.items()}
    forms = {d.dose_form for d in components}
    mapped.dose_form = forms.pop() if len(forms) == 1 else None
    mapped.form_route, mapped.route_options = dose_form_route(mapped.dose_form)
    mapped.brand = parsed.brand
    mapped.mapped_by = "name"
    return True


def map_order(order: dict[str, Any], body: dict[str, Any]) -> MappedOrder | None:
    """Steps 1 and 2 of the mapping; None when the order names nothing at all."""
    concept = medication_concept(order, body)
    names = _names(concept)
    codes = _rxnorm_codes(concept)
    if not names and not codes:
        return None
    mapped = MappedOrder(order=order, names=names)
    for code in codes:
        if _from_concept(mapped, code):
            return mapped
    rx_displays = [
        c["display"]
        for c in dicts(concept.get("coding"))
        if c.get("system") == RXNORM and isinstance(c.get("display"), str)
    ]
    for name in [*rx_displays, *names]:
        if _from_name(mapped, name.replace("\x00", "")[:MAX_NAME_CHARS]):
            return mapped
    return mapped  # step 3 (the product resolver) is left to the caller
