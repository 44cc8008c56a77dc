"""Builders of realistic FHIR R4 CDS Hooks requests (order-select / order-sign)."""

import copy
import uuid

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"


def medication_request(
    order_id: str,
    *,
    text: str | None = None,
    coding: list[dict] | None = None,
    dose: tuple[float, str] | None = None,
    route: dict | None = None,
    timing: dict | None = None,
) -> dict:
    concept: dict = {}
    if coding:
        concept["coding"] = coding
    if text:
        concept["text"] = text
    resource: dict = {
        "resourceType": "MedicationRequest",
        "id": order_id,
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/pat-ana"},
        "encounter": {"reference": "Encounter/enc-1"},
        "authoredOn": "2026-11-28",
        "requester": {"reference": "Practitioner/dr-1"},
    }
    instruction: dict = {"text": "as directed"}
    if dose is not None:
        value, unit = dose
        instruction["doseAndRate"] = [
            {"doseQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}
        ]
    if route is not None:
        instruction["route"] = route
    if timing is not None:
        instruction["timing"] = {"repeat": timing}
    if dose is not None or route is not None or timing is not None:
        resource["dosageInstruction"] = [instruction]
    return resource


def oral_route() -> dict:
    return {"coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}]}


def lactation_observation(code: str | None, *, value_boolean: bool | None = None) -> dict:
    obs: dict = {
        "resourceType": "Observation",
        "id": "bf-1",
        "status": "final",
        "code": {
            "coding": [
                {"system": "http://loinc.org", "code": "63895-7", "display": "Breastfeeding status"}
            ]
        },
        "subject": {"reference": "Patient/pat-ana"},
        "effectiveDateTime": "2026-11-20T10:00:00Z",
    }
    if value_boolean is not None:
        obs["valueBoolean"] = value_boolean
    else:
        obs["valueCodeableConcept"] = {"coding": [{"system": "http://loinc.org", "code": code}]}
    return obs


BREASTFEEDING = "LA29252-6"
NOT_BREASTFEEDING = "LA29253-4"


def hook_request(
    orders: list[dict],
    *,
    hook: str = "order-select",
    lactation: dict | str | None = BREASTFEEDING,
    selections: list[str] | None = None,
    gender: str = "female",
) -> dict:
    """A hook request. ``lactation``: a LOINC answer code or an Observation for the
    ``lactation`` prefetch (default: currently breastfeeding); None leaves the key out."""
    context: dict = {
        "userId": "Practitioner/dr-1",
        "patientId": "pat-ana",
        "encounterId": "enc-1",
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": copy.deepcopy(o)} for o in orders],
        },
    }
    if hook == "order-select":
        context["selections"] = (
            selections
            if selections is not None
            else [f"MedicationRequest/{o['id']}" for o in orders]
        )
    body: dict = {
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.example.org/fhir",
        "hook": hook,
        "context": context,
        "prefetch": {
            "patient": {
                "resourceType": "Patient",
                "id": "pat-ana",
                "gender": gender,
                "birthDate": "1994-03-02",
            }
        },
    }
    if isinstance(lactation, str):
        lactation = lactation_observation(lactation)
    if lactation is not None:
        body["prefetch"]["lactation"] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": lactation}],
        }
    return body
