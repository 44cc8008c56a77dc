"""The CDS Hooks page for integrators: the discovery address, the hooks, the example request
(docs/cds/order-select-request.json, the one the README shows) and the cards this service
returns for it, produced live by the same code the EHR calls."""

import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from advice.cds.fhir import BadHookRequest, validate
from advice.cds.service import cards_for
from advice.cds.status import LOINC_BREASTFEEDING_STATUS
from advice.cds.views import SERVICE_HOOKS, discovery
from lactmed.site import site_url

logger = logging.getLogger(__name__)
EXAMPLE_REQUEST = Path(settings.BASE_DIR) / "docs" / "cds" / "order-select-request.json"
EXAMPLE_SERVICE = "lactation-medication-check"


def example_cards() -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """(the example request, the cards the service returns for it, an error message)."""
    body = json.loads(EXAMPLE_REQUEST.read_text(encoding="utf-8"))
    try:
        cards = cards_for(validate(body, SERVICE_HOOKS[EXAMPLE_SERVICE]))
    except BadHookRequest as exc:  # the checked example no longer validates: say so
        return body, [], str(exc)
    except Exception:
        logger.exception("cds guide: the example request failed")
        return body, [], "The service could not answer the example request just now."
    return body, cards, ""


@require_GET
def cds_guide(request: HttpRequest) -> HttpResponse:
    body, cards, error = example_cards()
    base = site_url()
    services = discovery()["services"]
    return render(
        request,
        "cds/guide.html",
        {
            "base": base,
            "discovery_url": base + reverse("cds:discovery"),
            "services": [
                {
                    **s,
                    "url": base + reverse("cds:service", args=[s["id"]]),
                    "feedback_url": base + reverse("cds:feedback", args=[s["id"]]),
                }
                for s in services
            ],
            "discovery_json": json.dumps(discovery(), indent=2, ensure_ascii=False),
            "request_json": json.dumps(body, indent=2, ensure_ascii=False),
            "example_url": base + reverse("cds:service", args=[EXAMPLE_SERVICE]),
            "cards": cards,
            "cards_json": json.dumps({"cards": cards}, indent=2, ensure_ascii=False),
            "error": error,
            "loinc": LOINC_BREASTFEEDING_STATUS,
        },
    )
