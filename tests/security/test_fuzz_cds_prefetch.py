"""Malformed FHIR in every part of a CDS Hooks request: a 400 or parts ignored, never a 500.

A bounded, derandomized hypothesis run (the same examples on every CI run) takes a realistic
order-select request (a MedicationRequest with dose, timing and route, a Medication in the
prefetch, the patient and a lactation Observation bundle) and replaces one part with junk:
wrong JSON types, bundles whose `entry` is a number, a `valueCodeableConcept` of "x", huge
numbers, nested lists and objects. The answer is a 200 with a list of cards or a 400 naming
what is wrong.
"""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.cds.fhir_requests import hook_request, medication_request, oral_route

pytestmark = pytest.mark.django_db

SERVICES = [
    "/cds-services/lactation-medication-check",
    "/cds-services/lactation-medication-check-sign",
]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _base(hook: str) -> dict:
    order = medication_request(
        "mr-1",
        text="sertraline 50 mg tablet",
        dose=(50, "mg"),
        route=oral_route(),
        timing={"frequency": 1, "period": 1, "periodUnit": "d"},
    )
    ref_order = medication_request("mr-2", dose=(1, "TAB"))
    del ref_order["medicationCodeableConcept"]
    ref_order["medicationReference"] = {"reference": "Medication/med-1"}
    ref_order["contained"] = [{"resourceType": "Medication", "id": "c1", "code": {"text": "x"}}]
    body = hook_request([order, ref_order], hook=hook)
    prefetch = body["prefetch"]
    prefetch["medications"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {
                "resource": {
                    "resourceType": "Medication",
                    "id": "med-1",
                    "code": {"text": "ibuprofen 200 mg tablet"},
                }
            }
        ],
    }
    prefetch["conditions"] = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    prefetch["observations"] = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    return body


# Paths into the request: every part a client sends (keys, then list indices).
ORDER = ("context", "draftOrders", "entry", 0, "resource")
REF_ORDER = ("context", "draftOrders", "entry", 1, "resource")
DOSE = (*ORDER, "dosageInstruction", 0)
LACTATION = ("prefetch", "lactation")
PATHS = [
    ("context",),
    ("context", "patientId"),
    ("context", "userId"),
    ("context", "selections"),
    ("context", "selections", 0),
    ("context", "draftOrders"),
    ("context", "draftOrders", "resourceType"),
    ("context", "draftOrders", "entry"),
    ("context", "draftOrders", "entry", 0),
    ORDER,
    (*ORDER, "status"),
    (*ORDER, "id"),
    (*ORDER, "medicationCodeableConcept"),
    (*ORDER, "medicationCodeableConcept", "text"),
    (*ORDER, "medicationCodeableConcept", "coding"),
    (*ORDER, "dosageInstruction"),
    DOSE,
    (*DOSE, "doseAndRate"),
    (*DOSE, "doseAndRate", 0, "doseQuantity"),
    (*DOSE, "doseAndRate", 0, "doseQuantity", "value"),
    (*DOSE, "doseAndRate", 0, "doseQuantity", "unit"),
    (*DOSE, "timing"),
    (*DOSE, "timing", "repeat"),
    (*DOSE, "timing", "repeat", "frequency"),
    (*DOSE, "timing", "repeat", "period"),
    (*DOSE, "timing", "repeat", "periodUnit"),
    (*DOSE, "route"),
    (*DOSE, "route", "coding"),
    (*DOSE, "asNeededBoolean"),
    (*DOSE, "asNeededCodeableConcept"),
    (*ORDER, "dispenseRequest"),
    (*REF_ORDER, "medicationReference"),
    (*REF_ORDER, "medicationReference", "reference"),
    (*REF_ORDER, "contained"),
    (*REF_ORDER, "contained", 0),
    ("prefetch",),
    ("prefetch", "patient"),
    ("prefetch", "patient", "gender"),
    ("prefetch", "patient", "birthDate"),
    LACTATION,
    (*LACTATION, "entry"),
    (*LACTATION, "entry", 0),
    (*LACTATION, "entry", 0, "resource"),
    (*LACTATION, "entry", 0, "resource", "status"),
    (*LACTATION, "entry", 0, "resource", "valueCodeableConcept"),
    (*LACTATION, "entry", 0, "resource", "valueCodeableConcept", "coding"),
    (*LACTATION, "entry", 0, "resource", "effectiveDateTime"),
    (*LACTATION, "entry", 0, "resource", "effectivePeriod"),
    ("prefetch", "medications"),
    ("prefetch", "medications", "entry"),
    ("prefetch", "medications", "entry", 0, "resource", "code"),
    ("prefetch", "conditions"),
    ("prefetch", "conditions", "entry"),
    ("prefetch", "observations"),
    ("prefetch", "observations", "entry"),
    ("fhirServer",),
    ("fhirAuthorization",),
    ("hookInstance",),
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, -1, 1e308, -1e308, 5e-324, 10**30, "x", "", "NaN", "1e999"])
    | st.text(max_size=20)
)
junk = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["resourceType", "entry", "resource", "coding", "code", "value", "x"])
            | st.text(max_size=6),
            children,
            max_size=3,
        )
    ),
    max_leaves=12,
)
wrong_fhir = st.sampled_from(
    [
        {"resourceType": "Bundle", "entry": 5},
        {"resourceType": "Bundle", "entry": [5, "x", None, [], {"resource": 5}]},
        {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": 7}}]},
        {"resourceType": "Observation", "status": "final", "valueCodeableConcept": "x"},
        {"resourceType": "Observation", "status": "final", "valueCodeableConcept": {"coding": 5}},
        {"resourceType": "Observation", "status": "final", "effectivePeriod": "x"},
        {"resourceType": "Patient", "gender": {"x": 1}},
        {"resourceType": "Medication", "id": ["med-1"], "code": "x"},
        {"resourceType": "MedicationRequest", "status": 5},
        {"coding": [{"system": 5, "code": [1], "display": {"x": 1}}], "text": 5},
        {"value": 1e308, "unit": 5, "code": None},
        {"repeat": {"frequency": 10**30, "period": 5e-324, "periodUnit": "s"}},
        {"repeat": {"frequency": -1, "period": 0, "periodUnit": "d"}},
        [[[[[[[[[["deep"]]]]]]]]]],
        {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}},
    ]
)


def _set(body: dict, path: tuple, value) -> None:
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute", "user": "1000000/minute"}
    )
    return APIClient(raise_request_exception=False)


def _check(client, path: str, body: dict) -> None:
    response = client.generic(
        "POST", path, json.dumps(body, default=str), content_type="application/json"
    )
    assert response.status_code in (200, 400), (response.status_code, response.content[:400])
    data = response.json()
    if response.status_code == 200:
        assert isinstance(data["cards"], list)
        for card in data["cards"]:
            assert card["indicator"] in ("info", "warning", "critical")
    else:
        assert data["detail"]


def test_the_unbroken_request_gets_cards(seeded, client):
    for path, hook in zip(SERVICES, ("order-select", "order-sign"), strict=True):
        response = client.post(path, _base(hook), format="json")
        assert response.status_code == 200
        assert response.json()["cards"]


@FUZZ
@given(
    service=st.sampled_from(list(zip(SERVICES, ("order-select", "order-sign"), strict=True))),
    parts=st.lists(st.tuples(st.sampled_from(PATHS), junk | wrong_fhir), min_size=1, max_size=3),
)
def test_malformed_fhir_anywhere_is_never_a_500(seeded, client, service, parts):
    path, hook = service
    body = _base(hook)
    for where, value in parts:
        try:
            _set(body, where, copy.deepcopy(value))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier part already replaced this one's parent
    _check(client, path, body)


@FUZZ
@given(prefetch=junk | wrong_fhir, extra=st.dictionaries(st.text(max_size=8), junk, max_size=3))
def test_a_whole_junk_prefetch_is_never_a_500(seeded, client, prefetch, extra):
    body = _base("order-select")
    body["prefetch"] = prefetch
    _check(client, SERVICES[0], body)
    body = _base("order-select")
    body["prefetch"].update(extra)
    _check(client, SERVICES[0], body)


@pytest.mark.parametrize(
    "where,value",
    [
        (("prefetch", "lactation", "entry"), 5),
        (("prefetch", "lactation", "entry", 0, "resource", "valueCodeableConcept"), "x"),
        (("prefetch", "medications", "entry"), 5),
        ((*REF_ORDER, "contained"), 5),
        ((*DOSE, "doseAndRate", 0, "doseQuantity", "value"), 10**400),
    ],
)
def test_issue_16_examples(seeded, client, where, value):
    body = _base("order-select")
    _set(body, where, value)
    _check(client, SERVICES[0], body)
