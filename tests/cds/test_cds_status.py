"""Breastfeeding status decides whether the service speaks; missing prefetch is fetched from
a local fake FHIR server; every failure reads as unknown, never as compatible."""

import time

import pytest
from fake_fhir import FakeFhir
from fhir_requests import (
    BREASTFEEDING,
    NOT_BREASTFEEDING,
    RXNORM,
    hook_request,
    lactation_observation,
    medication_request,
    oral_route,
)

from advice.cds.status import Lactation, lactation_status, status_from_observations

pytestmark = pytest.mark.django_db
SELECT = "/cds-services/lactation-medication-check"


def _post(client, body):
    response = client.post(SELECT, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()["cards"]


def sertraline():
    return medication_request(
        "mr-sertraline",
        coding=[{"system": RXNORM, "code": "312941", "display": "sertraline 50 MG Oral Tablet"}],
        dose=(50, "mg"),
        route=oral_route(),
        timing={"frequency": 1, "period": 1, "periodUnit": "d"},
    )


def codeine():
    return medication_request("mr-codeine", text="Codeine 30 mg tablet", dose=(30, "mg"))


def bundle(*observations):
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": o} for o in observations],
    }


@pytest.fixture
def fhir(settings):
    with FakeFhir() as server:
        settings.LACTRX_CDS_FHIR_SERVERS = [server.base]
        settings.LACTRX_CDS_FHIR_TIMEOUT_S = 0.5
        yield server


def without_prefetch(orders, server, **kwargs):
    body = hook_request(orders, lactation=None, **kwargs)
    del body["prefetch"]
    body["fhirServer"] = server.base
    body["fhirAuthorization"] = {
        "access_token": "tok-123",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/Observation.read patient/Patient.read",
        "subject": "lactrx",
    }
    return body


# --- Prefetch ------------------------------------------------------------------------------
def test_status_from_observations():
    assert status_from_observations(bundle(lactation_observation(BREASTFEEDING))) is True
    assert status_from_observations(lactation_observation(NOT_BREASTFEEDING)) is False
    assert status_from_observations(bundle()) is None
    assert status_from_observations(None) is None
    unknown_answer = lactation_observation("LA4489-6")  # "Unknown"
    assert status_from_observations(bundle(unknown_answer)) is None


def test_breastfeeding_gets_a_card_for_every_drug_compatible_as_info(seeded, cds):
    cards = _post(cds, hook_request([sertraline(), codeine()], lactation=BREASTFEEDING))
    assert sorted(c["indicator"] for c in cards) == ["info", "warning"]
    assert not any("status not recorded" in c["summary"] for c in cards)


def test_not_breastfeeding_gets_no_cards_even_for_codeine(seeded, cds):
    assert _post(cds, hook_request([codeine()], lactation=NOT_BREASTFEEDING)) == []


def test_unknown_status_shows_only_action_cards_and_one_status_card(seeded, cds):
    cards = _post(cds, hook_request([sertraline(), codeine()], lactation=None))
    assert [c["indicator"] for c in cards] == ["warning", "info"]
    assert cards[0]["summary"].lower().startswith("codeine")
    assert cards[1]["summary"].startswith("Breastfeeding status not recorded")
    assert "LOINC 63895-7" in cards[1]["detail"]


def test_unknown_status_with_the_info_setting_shows_compatible_cards(seeded, cds, settings):
    settings.LACTRX_CDS_INFO_WHEN_UNKNOWN = True
    cards = _post(cds, hook_request([sertraline(), codeine()], lactation=None))
    assert len(cards) == 3
    assert any(c["summary"].startswith("sertraline") for c in cards)


def test_unknown_status_and_no_recognised_drug_says_nothing(seeded, cds):
    order = medication_request("mr-x", text="Unobtainium 5 MG Oral Tablet")
    assert _post(cds, hook_request([order], lactation=None)) == []


def test_male_patient_without_observation_gets_no_cards(seeded, cds):
    assert _post(cds, hook_request([codeine()], lactation=None, gender="male")) == []


def test_male_patient_with_a_breastfeeding_observation_gets_cards(seeded, cds):
    cards = _post(cds, hook_request([codeine()], lactation=BREASTFEEDING, gender="male"))
    assert [c["indicator"] for c in cards] == ["warning"]


# --- Missing prefetch: the service asks the FHIR server --------------------------------------
def test_missing_prefetch_is_fetched_with_the_bearer_token(seeded, cds, fhir):
    fhir.routes["Observation"] = (200, bundle(lactation_observation(BREASTFEEDING)), 0)
    cards = _post(cds, without_prefetch([sertraline()], fhir))
    assert [c["indicator"] for c in cards] == ["info"]
    (request,) = fhir.requests
    assert request["authorization"] == "Bearer tok-123"
    assert "patient=pat-ana" in request["query"]
    assert "63895-7" in request["query"]


def test_fetched_not_breastfeeding_gets_no_cards(seeded, cds, fhir):
    fhir.routes["Observation"] = (200, bundle(lactation_observation(NOT_BREASTFEEDING)), 0)
    assert _post(cds, without_prefetch([codeine()], fhir)) == []


def test_fetched_empty_observations_and_male_patient(seeded, cds, fhir):
    fhir.routes["Observation"] = (200, bundle(), 0)
    fhir.routes["Patient/pat-ana"] = (200, {"resourceType": "Patient", "gender": "male"}, 0)
    assert _post(cds, without_prefetch([codeine()], fhir)) == []
    assert [r["path"] for r in fhir.requests] == ["Observation", "Patient/pat-ana"]


@pytest.mark.parametrize(
    "route",
    [
        (500, {"resourceType": "OperationOutcome"}, 0),
        (401, {"resourceType": "OperationOutcome"}, 0),
        (302, {}, 0),
        (200, {"resourceType": "Bundle", "entry": "not a list"}, 0),
        (200, {"resourceType": "Bundle"}, 2.0),  # slower than the timeout
    ],
)
def test_fhir_failures_read_as_unknown_never_compatible(seeded, cds, fhir, route):
    fhir.routes["Observation"] = route
    fhir.routes["Patient/pat-ana"] = (200, {"resourceType": "Patient", "gender": "female"}, 0)
    started = time.perf_counter()
    cards = _post(cds, without_prefetch([sertraline(), codeine()], fhir))
    assert time.perf_counter() - started < 1.9
    assert [c["indicator"] for c in cards] == ["warning", "info"]
    assert cards[1]["summary"].startswith("Breastfeeding status not recorded")
    assert not any(c["summary"].startswith("sertraline") for c in cards)


def test_server_not_allowed_is_never_called(seeded, cds, fhir, settings):
    settings.LACTRX_CDS_FHIR_SERVERS = ["https://ehr.example.org/fhir"]
    fhir.routes["Observation"] = (200, bundle(lactation_observation(NOT_BREASTFEEDING)), 0)
    cards = _post(cds, without_prefetch([codeine()], fhir))
    assert fhir.requests == []
    assert [c["indicator"] for c in cards] == ["warning", "info"]


def test_no_fhir_server_and_no_prefetch_is_unknown():
    body = {"context": {"patientId": "p1"}}
    assert lactation_status(body).status is Lactation.UNKNOWN
