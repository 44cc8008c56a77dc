"""HL7 CDS Hooks 2.0 service: breastfeeding checks on draft medication orders.

Discovery (`GET /cds-services`) lists two services because a CDS Hooks service entry has
exactly one `hook` and ids must be unique:

- `lactation-medication-check`       on `order-select` (a medication is picked)
- `lactation-medication-check-sign`  on `order-sign`   (the orders are about to be signed)

Both read `context.draftOrders` (a FHIR R4 Bundle of MedicationRequest) and answer with one
card per recognised drug. A drug is matched by its RxNorm code when a published monograph has
that RxNorm CUI, else by the coding display / `medicationCodeableConcept.text` through the
search selector (`drug_resolve`); an unrecognised or ambiguous name gets no card, never a
guessed verdict. When the verdict cannot be computed the card says so as a warning: this
service never answers "compatible" by default.

The breastfeeding status decides whether the service speaks (advice.cds.status): not
breastfeeding, or a male patient without a lactation Observation -> no cards; breastfeeding ->
a card for every recognised drug; unknown -> cards only for verdicts other than compatible
(all with the setting ``LACTRX_CDS_INFO_WHEN_UNKNOWN``) plus one card saying the status is
not recorded and how to record it. A missing ``lactation`` prefetch is fetched from an
allowed ``fhirServer``; any failure reads as unknown.
"""

import datetime
import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from advice import engine
from advice.apis import ApiView
from advice.cds.feedback import feedback_store, remember_cards, valid_item
from advice.cds.status import (
    LOINC_BREASTFEEDING_STATUS,
    LOINC_CURRENTLY_BREASTFEEDING,
    LOINC_NOT_BREASTFEEDING,
    PREFETCH,
    Lactation,
    lactation_status,
)
from advice.engine import ScenarioError
from advice.services import AdviceResult, advice_for
from advice.text import render_result_text, verdict_headline
from drugs.models import Drug
from drugs.selectors import DrugNotFound, drug_resolve, published_drugs

logger = logging.getLogger(__name__)

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SUMMARY_MAX_CHARS = 140  # CDS Hooks 2.0: card.summary "<140-character summary"
MAX_SUGGESTIONS = 3

SERVICE_HOOKS = {
    "lactation-medication-check": "order-select",
    "lactation-medication-check-sign": "order-sign",
}
INDICATOR = {
    "compatible": "info",
    "use_alternative": "warning",
    "interrupt": "warning",
    "wean": "critical",
}
# Dose units accepted from doseQuantity (UCUM code or unit text) -> factor to mg.
DOSE_UNITS_TO_MG = {
    "mg": 1.0,
    "g": 1000.0,
    "ug": 0.001,
    "mcg": 0.001,
    "µg": 0.001,
    "microgram": 0.001,
    "micrograms": 0.001,
    "milligram": 1.0,
    "milligrams": 1.0,
    "gram": 1000.0,
    "grams": 1000.0,
}
# SNOMED CT route concepts most EHRs send (the display is tried first).
SNOMED_ROUTES = {
    "26643006": "oral",
    "47625008": "iv",
    "78421000": "im",
    "34206005": "sc",
    "37161004": "rectal",
    "6064005": "topical",
    "54485002": "ophthalmic",
    "16857009": "vaginal",
    "46713006": "nasal",
    "45890007": "transdermal",
}
_VALID_ORDER_STATUSES = {"draft", "active", "on-hold", "unknown"}


class BadHookRequest(exceptions.ParseError):
    default_detail = "Invalid CDS Hooks request."


# --- Discovery -----------------------------------------------------------------------------
def discovery() -> dict[str, Any]:
    return {
        "services": [
            {
                "hook": hook,
                "id": service_id,
                "title": "LactRx breastfeeding medication check",
                "description": (
                    "Checks each draft medication order against reviewed lactation monographs "
                    "and says whether the patient can keep breastfeeding (compatible, prefer "
                    "an alternative, interrupt for N hours, or not advised), with the basis."
                ),
                "prefetch": PREFETCH,
                "usageRequirements": (
                    "Send the draft MedicationRequests; prefetch the patient's latest "
                    f"LOINC {LOINC_BREASTFEEDING_STATUS} breastfeeding-status Observation."
                ),
            }
            for service_id, hook in SERVICE_HOOKS.items()
        ]
    }


# --- Request parsing -----------------------------------------------------------------------
def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise BadHookRequest(reason)


def _validate(body: Any, hook: str) -> dict[str, Any]:
    _require(isinstance(body, dict), "The request body must be a JSON object.")
    _require(isinstance(body.get("hook"), str), "'hook' is required.")
    _require(body["hook"] == hook, f"This service answers the '{hook}' hook, not {body['hook']!r}.")
    _require(isinstance(body.get("hookInstance"), str), "'hookInstance' is required.")
    context = body.get("context")
    _require(isinstance(context, dict), "'context' is required and must be an object.")
    _require(isinstance(context.get("patientId"), str), "'context.patientId' is required.")
    orders = context.get("draftOrders")
    _require(
        isinstance(orders, dict) and orders.get("resourceType") == "Bundle",
        "'context.draftOrders' must be a FHIR Bundle of MedicationRequest resources.",
    )
    _require(
        isinstance(orders.get("entry", []), list), "'context.draftOrders.entry' must be a list."
    )
    prefetch = body.get("prefetch")
    _require(prefetch is None or isinstance(prefetch, dict), "'prefetch' must be an object.")
    return body


def _when(resource: dict[str, Any]) -> str:
    period = resource.get("effectivePeriod") or {}
    return str(
        resource.get("effectiveDateTime")
        or (period.get("start") if isinstance(period, dict) else None)
        or resource.get("issued")
        or ""
    )


def _rxnorm_map() -> dict[str, str]:
    """RxNorm CUI -> slug for published monographs that carry one (cached)."""
    key = "cds:rxnorm-map"
    mapping = cache.get(key)
    if mapping is None:
        mapping = {}
        rows = published_drugs().values_list("slug", "published_data__rxnorm_cui")
        for slug, cui in rows:
            if cui:
                mapping[str(cui)] = slug
        cache.set(key, mapping, timeout=300)
    return mapping


def _medication_concept(order: dict[str, Any], bundle: dict[str, Any]) -> dict[str, Any]:
    concept = order.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        return concept
    reference = order.get("medicationReference")
    ref = reference.get("reference") if isinstance(reference, dict) else None
    if not isinstance(ref, str):
        return {}
    candidates = list(order.get("contained") or [])
    candidates += [e.get("resource") for e in bundle.get("entry") or [] if isinstance(e, dict)]
    for resource in candidates:
        if not isinstance(resource, dict) or resource.get("resourceType") != "Medication":
            continue
        if ref in (f"#{resource.get('id')}", f"Medication/{resource.get('id')}"):
            return resource.get("code") or {}
    return {}


def _names(concept: dict[str, Any]) -> list[str]:
    """Names to try, most specific first: each coding display and the text, then the part of
    each before the strength ('sertraline 50 MG Oral Tablet' -> 'sertraline')."""
    raw = [
        c.get("display")
        for c in concept.get("coding") or []
        if isinstance(c, dict) and isinstance(c.get("display"), str)
    ]
    if isinstance(concept.get("text"), str):
        raw.append(concept["text"])
    names: list[str] = []
    for value in raw:
        value = value.replace("\x00", "").strip()
        if not value:
            continue
        names.append(value)
        bracket = re.search(r"\[([^\]]+)\]", value)  # RxNorm SBD: '... [Zoloft]'
        if bracket:
            names.append(bracket.group(1).strip())
        words = []
        for word in value.split():
            if any(ch.isdigit() for ch in word):
                break
            words.append(word)
        if words and len(words) < len(value.split()):
            names.append(" ".join(words))
    return list(dict.fromkeys(names))


def match_drug(concept: dict[str, Any]) -> tuple[Drug | None, str | None]:
    """(monograph, name to advise on) or (None, None) when no single drug matches."""
    mapping = _rxnorm_map()
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and coding.get("system") == RXNORM:
            slug = mapping.get(str(coding.get("code")))
            if slug:
                drug = published_drugs().filter(slug=slug).first()
                if drug is not None:
                    return drug, drug.slug
    for name in _names(concept):
        try:
            primary, _ingredients = drug_resolve(name=name[:200])
        except DrugNotFound:  # includes DrugAmbiguous: never pick among look-alikes
            continue
        return primary, name[:200]
    return None, None


def _dosage(order: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Scenario fields from dosageInstruction[0], and notes on what could not be used."""
    data: dict[str, Any] = {}
    notes: list[str] = []
    instructions = order.get("dosageInstruction")
    if not isinstance(instructions, list) or not instructions:
        return data, notes
    first = instructions[0] if isinstance(instructions[0], dict) else {}
    rates = first.get("doseAndRate")
    quantity = (
        rates[0].get("doseQuantity")
        if isinstance(rates, list) and rates and isinstance(rates[0], dict)
        else None
    )
    value = quantity.get("value") if isinstance(quantity, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = str(quantity.get("code") or quantity.get("unit") or "").strip()
        factor = DOSE_UNITS_TO_MG.get(unit) or DOSE_UNITS_TO_MG.get(unit.lower())
        if factor is None:
            notes.append(
                f"The ordered dose is in '{unit or 'no unit'}', not a mass; it was not used "
                "and the verdict assumes the typical adult dose."
            )
        else:
            data["dose_mg"] = float(value) * factor
    route = first.get("route")
    if isinstance(route, dict):
        parsed = _route(route)
        if parsed:
            data["route"] = parsed
        else:
            shown = route.get("text") or next(
                (c.get("display") for c in route.get("coding") or [] if isinstance(c, dict)),
                "unknown",
            )
            notes.append(f"The route '{shown}' was not recognised; the typical route was used.")
    repeat = (
        (first.get("timing") or {}).get("repeat") if isinstance(first.get("timing"), dict) else None
    )
    if isinstance(repeat, dict):
        frequency, period, unit = (
            repeat.get("frequency"),
            repeat.get("period"),
            repeat.get("periodUnit"),
        )
        per_unit = {"h": 24.0, "d": 1.0, "wk": 1 / 7}
        if (
            isinstance(frequency, int | float)
            and isinstance(period, int | float)
            and period > 0
            and unit in per_unit
        ):
            data["doses_per_day"] = frequency / period * per_unit[unit]
            data["regimen"] = "chronic"
    return data, notes


def _route(route: dict[str, Any]) -> str | None:
    texts = [route.get("text")]
    for coding in route.get("coding") or []:
        if not isinstance(coding, dict):
            continue
        if str(coding.get("code")) in SNOMED_ROUTES:
            return SNOMED_ROUTES[str(coding.get("code"))]
        texts.append(coding.get("display"))
    for text in texts:
        if not isinstance(text, str):
            continue
        key = re.sub(r"\s+(route|use)$", "", text.strip().lower())
        try:
            return engine.parse_route(key).value
        except ScenarioError:
            continue
    return None


# --- Cards ---------------------------------------------------------------------------------
def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _summary_text(text: str) -> str:
    return text if len(text) < SUMMARY_MAX_CHARS else text[: SUMMARY_MAX_CHARS - 2] + "…"


def _source(drug: Drug) -> dict[str, Any]:
    return {
        "label": "LactRx monograph",
        "url": _absolute(reverse("advice:drug", args=[drug.slug])),
    }


def _order_ref(order: dict[str, Any]) -> str | None:
    return f"MedicationRequest/{order['id']}" if isinstance(order.get("id"), str) else None


def _suggestions(order: dict[str, Any], body: dict[str, Any]) -> list[dict[str, Any]]:
    ref = _order_ref(order)
    out = []
    alternatives = [a for a in body.get("alternatives", []) if a["category"] == "compatible"]
    cuis = dict(
        published_drugs()
        .filter(slug__in=[a["slug"] for a in alternatives])
        .values_list("slug", "published_data__rxnorm_cui")
    )
    for alt in alternatives[:MAX_SUGGESTIONS]:
        concept: dict[str, Any] = {"text": alt["name"]}
        if cuis.get(alt["slug"]):
            concept["coding"] = [
                {"system": RXNORM, "code": cuis[alt["slug"]], "display": alt["name"]}
            ]
        new_order = {
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
                    "description": f"Remove the draft order for {body['drug_name']}.",
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


def _handout_link(drug: Drug, data: dict[str, Any]) -> dict[str, Any]:
    path = reverse("advice:handout", args=[drug.slug])
    query = {k: v for k, v in data.items() if k in {"dose_mg", "route", "regimen", "doses_per_day"}}
    url = _absolute(path + (f"?{urlencode(query)}" if query else ""))
    return {
        "label": f"Patient handout: {drug.name} and breastfeeding",
        "url": url,
        "type": "absolute",
    }


def card_for(
    order: dict[str, Any], drug: Drug, name: str, data: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    try:
        result: AdviceResult = advice_for(drug=drug if name == drug.slug else name, data=data)
        body = result.to_dict()
    except ScenarioError as exc:
        return _failure_card(drug, "; ".join(f"{k}: {v}" for k, v in sorted(exc.errors.items())))
    except Exception:  # never let a failure read as "compatible"
        logger.exception("CDS check failed for %s", drug.slug)
        return _failure_card(drug, "an internal error occurred")
    category = str(body["verdict"])
    title = (
        " + ".join(item["drug_name"] for item in body["items"]) if "items" in body else drug.name
    )
    summary = _summary_text(f"{title}: {verdict_headline(body)}")
    detail = render_result_text(result, markdown=True)
    if notes:
        detail += "\n\nNotes on the order:\n" + "\n".join(f"- {n}" for n in notes)
    detail += "\n\nDecision support for clinicians; check the cited sources."
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": summary,
        "indicator": INDICATOR.get(category, "warning"),
        "detail": detail,
        "source": _source(drug),
        "links": [_handout_link(drug, data)],
    }
    if category != "compatible" and "items" not in body:
        suggestions = _suggestions(order, body)
        if suggestions:
            card["suggestions"] = suggestions
            card["selectionBehavior"] = "at-most-one"
    return card


def _failure_card(drug: Drug, why: str) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _summary_text(f"{drug.name}: breastfeeding check could not be completed"),
        "indicator": "warning",
        "detail": (
            f"LactRx could not complete the breastfeeding check for **{drug.name}** ({why}). "
            "No verdict is given: do not assume the drug is compatible with breastfeeding; "
            "check the monograph."
        ),
        "source": _source(drug),
    }


def status_card() -> dict[str, Any]:
    """The one card per call when the chart has no breastfeeding status."""
    return {
        "uuid": str(uuid.uuid4()),
        "summary": "Breastfeeding status not recorded: only medicines needing action shown",
        "indicator": "info",
        "detail": (
            "No breastfeeding status was found for this patient, so LactRx shows only the "
            "medicines that need action while breastfeeding. If she is breastfeeding, record "
            f'it as an Observation LOINC {LOINC_BREASTFEEDING_STATUS} "Breastfeeding status" '
            f'with the answer {LOINC_CURRENTLY_BREASTFEEDING} "Currently breastfeeding" '
            f"({LOINC_NOT_BREASTFEEDING} if not) to see every check, including the compatible "
            "ones."
        ),
        "source": {"label": "LactRx", "url": _absolute("/")},
    }


def cards_for(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Cards for the draft orders, or none, depending on the breastfeeding status:
    not breastfeeding or male (without a lactation Observation) -> no cards; breastfeeding ->
    a card for every recognised drug; unknown -> cards only for verdicts other than
    compatible (all of them with ``LACTRX_CDS_INFO_WHEN_UNKNOWN``) plus one status card."""
    lactation = lactation_status(body)
    if lactation.status in (Lactation.NOT_BREASTFEEDING, Lactation.MALE):
        logger.info("cds: no cards (%s, from %s)", lactation.status, lactation.source)
        return []
    cards = _drug_cards(body)
    if lactation.status is Lactation.UNKNOWN:
        if not cards:
            return []
        if not getattr(settings, "LACTRX_CDS_INFO_WHEN_UNKNOWN", False):
            cards = [c for c in cards if c["indicator"] != "info"]
        cards.append(status_card())
    return cards


def _drug_cards(body: dict[str, Any]) -> list[dict[str, Any]]:
    context = body["context"]
    bundle = context["draftOrders"]
    selections = context.get("selections")
    selected = (
        {s for s in selections if isinstance(s, str)}
        if isinstance(selections, list) and selections
        else None
    )
    cards = []
    remembered: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for index, entry in enumerate(bundle.get("entry") or []):
        try:
            parsed = _parse_order(entry, bundle, selected)
        except (TypeError, AttributeError, KeyError) as exc:
            raise BadHookRequest(
                f"'context.draftOrders.entry[{index}]' is not a valid MedicationRequest."
            ) from exc
        if parsed is None:
            continue
        order, drug, name, data, notes = parsed
        if drug.slug in seen:
            continue
        seen.add(drug.slug)
        card = card_for(order, drug, name, data, notes)
        cards.append(card)
        remembered.append((card["uuid"], drug.slug, drug.name))
    remember_cards(remembered)
    return cards


def _parse_order(
    entry: Any, bundle: dict[str, Any], selected: set[str] | None
) -> tuple[dict[str, Any], Drug, str, dict[str, Any], list[str]] | None:
    order = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(order, dict) or order.get("resourceType") != "MedicationRequest":
        return None
    status = order.get("status", "draft")
    if not isinstance(status, str) or status not in _VALID_ORDER_STATUSES:
        return None
    if selected is not None and _order_ref(order) not in selected:
        return None
    drug, name = match_drug(_medication_concept(order, bundle))
    if drug is None or name is None:
        return None  # unknown drug: no card, never a guessed verdict
    data, notes = _dosage(order)
    return order, drug, name, data, notes


# --- Views ---------------------------------------------------------------------------------
@extend_schema(exclude=True)
class DiscoveryApi(ApiView):
    def get(self, request: Request) -> Response:
        return Response(discovery())


@extend_schema(exclude=True)
class ServiceApi(ApiView):
    def post(self, request: Request, service_id: str) -> Response:
        hook = SERVICE_HOOKS.get(service_id)
        if hook is None:
            raise exceptions.NotFound(f"No CDS service '{service_id}'.")
        started = datetime.datetime.now(tz=datetime.UTC)
        body = _validate(request.data, hook)
        cards = cards_for(body)
        elapsed_ms = (datetime.datetime.now(tz=datetime.UTC) - started).total_seconds() * 1000
        logger.info("cds %s: %d card(s) in %.0f ms", service_id, len(cards), elapsed_ms)
        return Response({"cards": cards})


@extend_schema(exclude=True)
class FeedbackApi(ApiView):
    """CDS Hooks feedback: the EHR reports whether a card was accepted or overridden.

    Stored per card (advice.cds.models.CdsFeedback, with the drug the card was about) and
    logged: why clinicians override a verdict is a review signal. The admin shows counts per
    drug and outcome.
    """

    def post(self, request: Request, service_id: str) -> Response:
        if service_id not in SERVICE_HOOKS:
            raise exceptions.NotFound(f"No CDS service '{service_id}'.")
        body = request.data
        items = body.get("feedback") if isinstance(body, dict) else None
        _require(isinstance(items, list), "'feedback' must be a list.")
        for item in items:
            _require(
                valid_item(item),
                "Each feedback item needs 'card' (a card uuid) and 'outcome' "
                "('accepted' or 'overridden').",
            )
            override = item.get("overrideReason")
            reason = override.get("reason") if isinstance(override, dict) else None
            logger.info(
                "cds feedback %s card=%s outcome=%s reason=%s",
                service_id,
                item["card"],
                item["outcome"],
                reason.get("code") if isinstance(reason, dict) else None,
            )
        feedback_store(service=service_id, items=items)
        return Response({})
