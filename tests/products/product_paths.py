"""Helpers that ask every interface the same question (chip, results, page, handout, API, CDS,
`manage.py advise`), so the product matrix and the not-found table can compare the answers."""

import html
import io
import json
import re

from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CDS_URL = "/cds-services/lactation-medication-check"
CDS_INDICATOR = {"compatible": "info", "use_alternative": "warning", "interrupt": "warning"}


def text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def cds_request(order_text: str) -> dict:
    return {
        "hook": "order-select",
        "hookInstance": "4b2b9c7e-0000-4000-8000-000000000001",
        "context": {
            "userId": "Practitioner/dr-1",
            "patientId": "pat-ana",
            "selections": ["MedicationRequest/mr-1"],
            "draftOrders": {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "MedicationRequest",
                            "id": "mr-1",
                            "status": "draft",
                            "intent": "order",
                            "medicationCodeableConcept": {"text": order_text},
                            "subject": {"reference": "Patient/pat-ana"},
                        }
                    }
                ],
            },
        },
        "prefetch": {
            "lactation": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "63895-7"}]},
                "effectiveDateTime": "2026-11-01",
                "valueCodeableConcept": {
                    "coding": [{"system": "http://loinc.org", "code": "LA29252-6"}]
                },
            }
        },
    }


class Interfaces:
    """One query through each clinician-facing path."""

    def __init__(self, client):
        self.client = client
        self.api = APIClient()

    def suggest(self, q: str) -> str:
        return self.client.get("/search/suggest", {"q": q}).content.decode()

    def results(self, q: str):
        return self.client.get("/search", {"q": q})

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    def api_search(self, q: str) -> list[dict]:
        return self.api.get("/api/v1/drugs/", {"q": q}).json()["results"]

    def api_advice(self, q: str):
        return self.api.post("/api/v1/advice", {"drug": q}, format="json")

    def cds(self, order_text: str) -> list[dict]:
        response = self.api.post(CDS_URL, cds_request(order_text), format="json")
        assert response.status_code == 200, response.content
        return response.json()["cards"]

    def advise(self, q: str) -> dict | None:
        out = io.StringIO()
        try:
            call_command("advise", q, "--json", stdout=out)
        except CommandError:
            return None
        return json.loads(out.getvalue())
