"""HL7 CDS Hooks 2.0 service: breastfeeding checks on draft medication orders (the views).

Discovery (`GET /cds-services`) lists two services because a CDS Hooks service entry has
exactly one `hook` and ids must be unique:

- `lactation-medication-check`       on `order-select` (a medication is picked)
- `lactation-medication-check-sign`  on `order-sign`   (the orders are about to be signed)

Both read `context.draftOrders` (a FHIR R4 Bundle of MedicationRequest). The work is in the
advice.cds package:

- advice.cds.fhir     validation; the drug of each order: (1) the RxCUI table imported by
                      `manage.py import_rxnorm`, (2) the RxNorm name parser, (3) the product
                      resolver on the coding display / order text; unmapped -> no card
- advice.cds.dose     dose (strength x doseQuantity), schedule, regimen and route
- advice.cds.status   the breastfeeding status (prefetch, else the allowed fhirServer)
- advice.cds.cards    one card per product, indicator from the combined verdict
- advice.cds.service  whether to speak, given the status
- advice.cds.feedback feedback stored per card
"""

import datetime
import logging
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from advice.api.base import ApiView
from advice.cds.feedback import feedback_store, valid_item
from advice.cds.fhir import BadHookRequest, require, validate
from advice.cds.service import cards_for
from advice.cds.status import LOINC_BREASTFEEDING_STATUS, PREFETCH
from lactmed.logsafe import safe

logger = logging.getLogger(__name__)

SERVICE_HOOKS = {
    "lactation-medication-check": "order-select",
    "lactation-medication-check-sign": "order-sign",
}
_require = require
__all__ = ["BadHookRequest", "DiscoveryApi", "FeedbackApi", "ServiceApi", "discovery"]


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
                    "an alternative, interrupt for N hours, or not advised), with the basis. "
                    "Speaks only when the patient is breastfeeding or the status is unknown."
                ),
                "prefetch": PREFETCH,
                "usageRequirements": (
                    "Send the draft MedicationRequests (RxNorm-coded where possible); prefetch "
                    f"the patient and the latest LOINC {LOINC_BREASTFEEDING_STATUS} "
                    "breastfeeding-status Observation."
                ),
            }
            for service_id, hook in SERVICE_HOOKS.items()
        ]
    }


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
        body = validate(request.data, hook)
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
            logger.info(  # user-supplied values escaped: no forged log lines
                "cds feedback %s card=%s outcome=%s reason=%s",
                service_id,
                safe(item["card"]),
                item["outcome"],
                safe(reason.get("code") if isinstance(reason, dict) else None),
            )
        feedback_store(service=service_id, items=items)
        return Response({})
