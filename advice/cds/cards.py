"""Cards: one per product (one ingredient or a combination), never one per ingredient.

Indicator from the product's combined verdict (the most restrictive of its ingredients):

    compatible       -> info
    use_alternative  -> warning
    interrupt        -> warning   (feeding goes on after the interruption)
    wean             -> critical  (breastfeeding not advised during the treatment)
    no verdict       -> warning   (never "compatible" by default)

A card says which ingredient drives the verdict, each ingredient's verdict and key numbers
(relative infant dose, interruption hours, evidence), what it read from the order and what it
assumed, the sources, a link to the verdict page with this scenario filled in (``absolute``;
also ``smart`` when ``LACTRX_SMART_LAUNCH_URL`` is set), suggestions that swap to a compatible
alternative (a MedicationRequest with the alternative's RxNorm code when known) and the
``overrideReasons`` the clinician can pick.

Products come from the one product resolver and verdicts from the one product verdict
service (advice.products): this module never resolves names or splits products itself.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from advice import fragments
from advice.cds.dose import OrderRegimen, ProductStrength, order_regimen
from advice.cds.fhir import RXNORM, MappedOrder, order_ref
from advice.cds.products import (
    FOUND,
    product_advice,
    product_from_ingredients,
    product_resolve,
)
from advice.engine import ScenarioError
from advice.text import render_result_text, verdict_headline
from drugs.models import RxNormConcept
from drugs.published import monograph_of
from drugs.selectors import published_drugs_for
from drugs.snapshot import MonographSnapshot
from lactmed.site import site_url

logger = logging.getLogger(__name__)

SUMMARY_MAX_CHARS = 140  # CDS Hooks 2.0: card.summary "<140-character summary"
MAX_SUGGESTIONS = 3
INDICATOR = {
    "compatible": "info",
    "use_alternative": "warning",
    "interrupt": "warning",
    "wean": "critical",
}
OVERRIDE_SYSTEM = "https://lactrx.org/fhir/CodeSystem/cds-override-reason"
OVERRIDE_REASONS = [
    {"code": "benefit-outweighs-risk", "display": "Benefit outweighs the risk for this patient"},
    {"code": "not-breastfeeding", "display": "Patient is not breastfeeding"},
    {"code": "infant-monitored", "display": "Infant will be monitored as advised"},
    {"code": "already-tolerated", "display": "Infant has tolerated this medicine before"},
    {"code": "no-suitable-alternative", "display": "No suitable alternative"},
]


def _absolute(path: str) -> str:
    return f"{site_url()}{path}"


def _summary(text: str) -> str:
    return text if len(text) < SUMMARY_MAX_CHARS else text[: SUMMARY_MAX_CHARS - 2] + "…"


def _page_path(product: Any, driver: str | None = None) -> str:
    """The product's page: a drug's monograph, or the combination page (each ingredient)."""
    if product.is_combination:
        return reverse("advice:combination", args=[product.slug])
    return reverse("advice:drug", args=[product.slug])


def verdict_url(product: Any, regimen: OrderRegimen) -> str:
    """The verdict page with this order's scenario filled in (each ingredient's dose)."""
    if not product.is_combination:
        query = regimen.scenario(product.slug)
        path = reverse("advice:verdict", args=[product.slug])
        return _absolute(path + (f"?{urlencode(query)}" if query else ""))
    pairs: list[tuple[str, Any]] = []
    for ingredient in product.ingredients:
        scenario = regimen.scenario(ingredient.slug)
        pairs.append(("drug", ingredient.slug))
        pairs.append(("dose_mg", scenario.get("dose_mg", "")))
        pairs.append(("regimen", scenario.get("regimen", "")))
    return _absolute(reverse("advice:regimen") + "?" + urlencode(pairs))


def resolve(mapped: MappedOrder) -> tuple[Any, str] | None:
    """(product, how) for a mapped order, or None: steps 1-2 by ingredients, else step 3."""
    if mapped.slugs:
        product = product_from_ingredients(slugs=list(mapped.slugs))
        if product is not None:
            return product, mapped.mapped_by or "rxcui"
        logger.info("cds: no product for ingredients %s", ",".join(mapped.slugs))
    for name in mapped.names:
        resolution = product_resolve(query=name)
        if resolution.status == FOUND and resolution.product is not None:
            if resolution.match == "misspelling":
                continue  # an order names its drug exactly; a misspelling is never corrected
            return resolution.product, "name"
    logger.info(
        "cds: order %s maps to no product (%s)",
        order_ref(mapped.order) or "(no id)",
        "; ".join(mapped.names)[:200] or "no name",
    )
    return None


def regimen_for(mapped: MappedOrder, product: Any) -> OrderRegimen:
    strengths = [
        ProductStrength(i.slug, i.name, mapped.strengths.get(i.slug)) for i in product.ingredients
    ]
    return order_regimen(
        order=mapped.order,
        ingredients=strengths,
        form_route=mapped.form_route,
        route_options=mapped.route_options,
        dose_form=mapped.dose_form,
    )


def _ingredient_lines(body: dict[str, Any], regimen: OrderRegimen) -> list[str]:
    lines = []
    for item in body.get("items") or []:
        slug = item.get("drug_slug")
        dose = regimen.dose_mg.get(slug) if slug else None
        numbers = [verdict_headline(item)]
        if item.get("rid_pct") is not None:
            numbers.append(f"relative infant dose {item['rid_pct']:.2g} %")
        numbers.append(f"evidence {item.get('evidence')}")
        shown = f" {dose:g} mg" if dose else ""
        lines.append(f"- **{item.get('drug_name')}**{shown}: " + "; ".join(numbers))
    return lines


def _snapshot(drug: Any) -> MonographSnapshot:
    return monograph_of(drug) or MonographSnapshot(slug=drug.slug, name=drug.name)


def _alternative_codes(slugs: list[str]) -> dict[str, str]:
    drugs = published_drugs_for(slugs)
    codes = {slug: str(cui) for slug, drug in drugs.items() if (cui := _snapshot(drug).rxnorm_cui)}
    missing = [s for s in slugs if s not in codes and s in drugs]
    if missing:
        names = {_snapshot(drugs[s]).name: s for s in missing}
        for rxcui, name in RxNormConcept.objects.filter(tty="IN", name__in=list(names)).values_list(
            "rxcui", "name"
        ):
            codes.setdefault(names[name], rxcui)
    return codes


def _suggestions(order: dict[str, Any], body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    alternatives = [a for a in body.get("alternatives") or [] if a.get("category") == "compatible"]
    if not alternatives and body.get("items"):
        driver = body["items"][0]
        alternatives = [
            a for a in driver.get("alternatives") or [] if a.get("category") == "compatible"
        ]
    alternatives = alternatives[:MAX_SUGGESTIONS]
    if not alternatives:
        return []
    codes = _alternative_codes([a["slug"] for a in alternatives])
    ref = order_ref(order)
    out = []
    for alt in alternatives:
        concept: dict[str, Any] = {"text": alt["name"]}
        if alt["slug"] in codes:
            concept["coding"] = [
                {"system": RXNORM, "code": codes[alt["slug"]], "display": alt["name"]}
            ]
        new_order: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "status": "draft",
            "intent": order.get("intent") or "proposal",
            "medicationCodeableConcept": concept,
            "subject": order.get("subject"),
        }
        if order.get("encounter"):
            new_order["encounter"] = order["encounter"]
        actions: list[dict[str, Any]] = []
        if ref:
            actions.append(
                {
                    "type": "delete",
                    "description": f"Remove the draft order for {name}.",
                    "resourceId": ref,
                }
            )
        actions.append(
            {
                "type": "create",
                "description": f"Order {alt['name']} instead (set dose and route).",
                "resource": new_order,
            }
        )
        out.append(
            {
                "label": f"Switch to {alt['name']} (compatible with breastfeeding)",
                "uuid": str(uuid.uuid4()),
                "actions": actions,
            }
        )
    return out


def _links(product: Any, regimen: OrderRegimen, patient_id: str) -> list[dict[str, Any]]:
    query = regimen.scenario(None if product.is_combination else product.slug)
    links = [
        {
            "label": f"{product.name}: verdict for this order",
            "url": verdict_url(product, regimen),
            "type": "absolute",
        }
    ]
    if not product.is_combination:
        handout = reverse("advice:handout", args=[product.slug])
        links.append(
            {
                "label": f"Patient handout: {product.name} and breastfeeding",
                "url": _absolute(handout + (f"?{urlencode(query)}" if query else "")),
                "type": "absolute",
            }
        )
    launch = getattr(settings, "LACTRX_SMART_LAUNCH_URL", "")
    if launch:
        links.append(
            {
                "label": f"Open {product.name} in LactRx (SMART)",
                "url": launch,
                "type": "smart",
                "appContext": json.dumps(
                    {"product": product.slug, "scenario": query, "patient": patient_id},
                    sort_keys=True,
                ),
            }
        )
    return links


def failure_card(product: Any, why: str) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(f"{product.name}: breastfeeding check could not be completed"),
        "indicator": "warning",
        "detail": (
            f"LactRx could not complete the breastfeeding check for **{product.name}** ({why}). "
            "No verdict is given: do not assume it is compatible with breastfeeding; "
            "check the monograph."
        ),
        "source": {"label": "LactRx monograph", "url": _absolute(_page_path(product))},
        "overrideReasons": _override_reasons(),
    }


def _override_reasons() -> list[dict[str, str]]:
    return [{"system": OVERRIDE_SYSTEM, **r} for r in OVERRIDE_REASONS]


def product_card(
    mapped: MappedOrder, product: Any, regimen: OrderRegimen, patient_id: str
) -> dict[str, Any]:
    per_ingredient = {i.slug: regimen.scenario(i.slug) for i in product.ingredients}

    def build() -> tuple[dict[str, Any], str]:
        result = product_advice(
            product=product, data=regimen.scenario(), per_ingredient_data=per_ingredient
        )
        body = result.to_dict()  # serialised once, for the card and its text
        return body, render_result_text(result, markdown=True, body=body)

    key = fragments.fragment_key("cds-card", product.slug, regimen.scenario(), per_ingredient)
    try:
        # The verdict body and text per revision and order regimen (advice.fragments); the
        # card around them (uuid, links, suggestions) is built for each request.
        body, verdict_text = fragments.cached(key, build)
    except ScenarioError as exc:
        return failure_card(product, "; ".join(f"{k}: {v}" for k, v in sorted(exc.errors.items())))
    except Exception:  # never let a failure read as "compatible"
        logger.exception("CDS check failed for %s", product.slug)
        return failure_card(product, "an internal error occurred")
    category = str(body.get("verdict") or body.get("combined") or body.get("category"))
    title = product.name
    driver = body.get("driven_by")
    if product.is_combination and driver and category != "compatible":
        title = f"{product.name} (because of {driver['name']})"
    detail_parts = []
    if product.is_combination:
        detail_parts.append("Each ingredient:\n" + "\n".join(_ingredient_lines(body, regimen)))
    detail_parts.append(verdict_text)
    if regimen.used:
        detail_parts.append("Read from the order: " + "; ".join(regimen.used) + ".")
    if regimen.assumed:
        detail_parts.append("Assumed:\n" + "\n".join(f"- {a}" for a in regimen.assumed))
    detail_parts.append("Decision support for clinicians; check the cited sources.")
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(f"{title}: {verdict_headline(body)}"),
        "indicator": INDICATOR.get(category, "warning"),
        "detail": "\n\n".join(detail_parts),
        "source": {
            "label": "LactRx monograph",
            "url": _absolute(_page_path(product, driver["slug"] if driver else None)),
        },
        "links": _links(product, regimen, patient_id),
    }
    if card["indicator"] != "info":
        suggestions = _suggestions(mapped.order, body, product.name)
        if suggestions:
            card["suggestions"] = suggestions
            card["selectionBehavior"] = "at-most-one"
        card["overrideReasons"] = _override_reasons()
    return card
