"""One hook call: the breastfeeding status decides whether to speak, then a card per product.

- not breastfeeding, or a male patient without a lactation Observation -> no cards
- breastfeeding -> a card for every product ordered (compatible ones as ``info``)
- unknown -> cards only for verdicts other than compatible (every card when the setting
  ``LACTRX_CDS_INFO_WHEN_UNKNOWN`` is on), plus one short card saying the status is not
  recorded and how to record it; nothing at all when no order maps to a product
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings

from advice.cds.cards import product_card, regimen_for, resolve
from advice.cds.feedback import remember_cards
from advice.cds.fhir import BadHookRequest, map_order, order_ref, selected_orders
from advice.cds.status import (
    LOINC_BREASTFEEDING_STATUS,
    LOINC_CURRENTLY_BREASTFEEDING,
    LOINC_NOT_BREASTFEEDING,
    Lactation,
    lactation_status,
)
from drugs.selectors import with_search_index
from lactmed.logsafe import safe
from lactmed.site import site_url

logger = logging.getLogger(__name__)
_MALFORMED = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError)


def status_card() -> dict[str, Any]:
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
        "source": {"label": "LactRx", "url": f"{site_url()}/"},
    }


@with_search_index  # one read of the published index for the whole call
def cards_for(body: dict[str, Any]) -> list[dict[str, Any]]:
    lactation = lactation_status(body)
    if lactation.status in (Lactation.NOT_BREASTFEEDING, Lactation.MALE):
        logger.info("cds: no cards (%s, from %s)", lactation.status, lactation.source)
        return []
    patient_id = str(body["context"].get("patientId", ""))
    cards: list[dict[str, Any]] = []
    remembered: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for order in selected_orders(body):
        try:
            mapped = map_order(order, body)
            found = resolve(mapped) if mapped is not None else None
            if mapped is None or found is None:
                continue  # no product: no card, never another drug's card
            product, _how = found
            regimen = regimen_for(mapped, product)
        except _MALFORMED as exc:
            # The readers ignore wrong JSON types (advice.cds.shape); anything they still
            # cannot read is the client's error, said as such (a 400), never a 500 and never
            # an order silently left without its card.
            logger.warning(
                "cds: unreadable order %s (%s)", safe(order_ref(order)), type(exc).__name__
            )
            raise BadHookRequest(
                f"The draft order {order_ref(order) or '(no id)'} is not valid FHIR."
            ) from exc
        if product.slug in seen:
            continue
        seen.add(product.slug)
        card = product_card(mapped, product, regimen, patient_id)
        cards.append(card)
        remembered.append((card["uuid"], product.slug, product.name))
    if lactation.status is Lactation.UNKNOWN and cards:
        if not getattr(settings, "LACTRX_CDS_INFO_WHEN_UNKNOWN", False):
            cards = [c for c in cards if c["indicator"] != "info"]
        cards.append(status_card())
    remember_cards(remembered)
    return cards
