"""Absurd JSON against the API and CDS endpoints: always an answer, never a 500.

Deeply nested bodies are refused before parsing (400 naming the nesting), dose times at the
ends of the calendar are refused naming `dose_time` (no OverflowError in the resume-time
arithmetic), and a bounded hypothesis run (fixed examples per endpoint, no deadline: the CI
machine is shared) throws random JSON and random scenario values at every endpoint.
"""

import datetime
import json

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from advice import engine
from advice.engine import ScenarioError
from advice.services import drug_profile
from drugs.models import Drug
from tests.reliability.conftest import cds_body

pytestmark = pytest.mark.django_db

ADVICE = "/api/v1/advice"
REGIMEN = "/api/v1/advice/regimen"
CDS = "/cds-services/lactation-medication-check"
FEEDBACK = "/cds-services/lactation-medication-check/feedback"
ENDPOINTS = [ADVICE, REGIMEN, CDS, FEEDBACK]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every CI run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute", "user": "1000000/minute"}
    )
    return APIClient(raise_request_exception=False)


def _post_raw(client, path, raw: str | bytes):
    return client.generic("POST", path, raw, content_type="application/json")


# --- Nesting -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_929_nested_levels_are_a_400_naming_the_nesting(seeded, client, path, opener):
    raw = opener * 929 + "1" + ("]" if opener == "[" else "}") * 929
    response = _post_raw(client, path, raw)
    assert response.status_code == 400, response.content[:200]
    assert "nested deeper than 32" in response.json()["detail"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_unbalanced_deep_opening_is_a_400(seeded, client, path):
    response = _post_raw(client, path, "[" * 5000)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count(seeded, client):
    body = {"drug": "sertraline", "route": "[" * 100 + '\\"{' * 50}
    response = _post_raw(client, ADVICE, json.dumps(body))
    assert response.status_code == 400
    assert "route" in response.json()["errors"]  # the route is wrong, the nesting is fine


def test_a_real_fhir_depth_is_accepted(seeded, client):
    body = cds_body()
    leaf: dict = {"url": "http://example.org/ext", "valueString": "x"}
    for _ in range(10):  # 10 nested FHIR extensions (depth 28), beyond what EHRs send
        leaf = {"url": "http://example.org/ext", "extension": [leaf]}
    body["context"]["draftOrders"]["entry"][0]["resource"]["extension"] = [leaf]
    response = client.post(CDS, body, format="json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["cards"]


# --- dose_time at the ends of the calendar -----------------------------------------------------
@pytest.mark.parametrize(
    "dose_time",
    ["9999-12-31T23:00:00+00:00", "9999-12-31T20:00:00-05:00", "9999-12-31", "0001-01-01T00:00"],
)
def test_dose_time_near_the_end_of_the_calendar_is_a_400_naming_it(seeded, client, dose_time):
    # midazolam gives an interruption: the resume time would be computed from dose_time.
    body = {"drug": "midazolam", "dose_mg": 2, "dose_time": dose_time}
    response = client.post(ADVICE, body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "dose_time" in response.json()["errors"]
    regimen = client.post(REGIMEN, {"items": [body]}, format="json")
    assert regimen.status_code == 400
    assert any("dose_time" in field for field in regimen.json()["errors"])


def test_a_normal_dose_time_still_gives_the_resume_time(seeded, client):
    # One IV midazolam dose for a newborn: LactMed's wait (ABM #15 covers older infants).
    body = {
        "drug": "midazolam",
        "dose_mg": 2,
        "infant_age_days": 10,
        "dose_time": "2026-11-28T14:30:00+02:00",
    }
    data = client.post(ADVICE, body, format="json").json()
    assert data["verdict"] == "interrupt"
    hours = data["interrupt_hours"]
    expected = datetime.datetime(
        2026, 11, 28, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    ) + datetime.timedelta(hours=hours)
    assert datetime.datetime.fromisoformat(data["resume_at"]) == expected


def test_engine_refuses_a_resume_time_past_the_calendar(seeded):
    """The engine itself (used by every caller) never lets the addition overflow."""
    profile = drug_profile(drug=Drug.objects.get(slug="midazolam"))
    late = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)
    with pytest.raises(ScenarioError) as caught:
        engine.advise(profile, engine.Scenario(dose_mg=2, infant_age_days=10, dose_time=late))
    assert "dose_time" in caught.value.errors


def test_drug_page_with_a_far_future_dose_time_is_not_a_500(seeded, client):
    response = client.get("/drugs/midazolam/advice", {"dose_time": "9999-12-31T23:00"})
    assert response.status_code in (200, 400)
    assert b"1900" in response.content and b"2100" in response.content


# --- Property: random JSON, random scenario values ---------------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
numbers = (
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.sampled_from([0, -1, 1e300, 1e-300, 1e15, "1e999", "NaN", "x", True])
)
dose_times = st.datetimes(
    min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30)
).map(lambda d: d.isoformat()) | st.sampled_from(
    ["9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00+14:00", "x"]
)
drugs = st.sampled_from(["midazolam", "sertraline", "codeine", "sodium-iodide-i-131", "zzz"])
scenario = st.fixed_dictionaries(
    {"drug": drugs},
    optional={
        "dose_mg": numbers,
        "doses_per_day": numbers,
        "infant_age_days": numbers,
        "infant_weight_kg": numbers,
        "maternal_weight_kg": numbers,
        "activity_mbq": numbers,
        "regimen": st.sampled_from(["single", "chronic", "weekly", ""]) | st.text(max_size=8),
        "route": st.sampled_from(["oral", "iv", "topical"]) | json_values,
        "preterm": st.booleans() | json_values,
        "dose_time": dose_times | json_values,
    },
)


def _never_a_server_error(response) -> None:
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json")


def _dumps(value) -> str:
    return json.dumps(value, default=str)  # ints beyond float range stay JSON integers


@FUZZ
@given(body=json_values)
def test_random_json_is_never_a_500(seeded, client, body):
    raw = _dumps(body)
    for path in ENDPOINTS:
        _never_a_server_error(_post_raw(client, path, raw))


@FUZZ
@given(item=scenario, extra=st.lists(scenario, max_size=2))
def test_random_scenarios_are_never_a_500(seeded, client, item, extra):
    _never_a_server_error(_post_raw(client, ADVICE, _dumps(item)))
    _never_a_server_error(_post_raw(client, REGIMEN, _dumps({"items": [item, *extra]})))


@FUZZ
@given(
    text=st.text(max_size=60),
    dose=st.tuples(numbers, st.sampled_from(["mg", "g", "MBq", "mL", "x"])),
    entry=json_values,
    card=st.text(max_size=60),
    reason=json_values,
)
def test_random_cds_requests_and_feedback_are_never_a_500(
    seeded, client, text, dose, entry, card, reason
):
    # Malformed FHIR in every other part of the request, the prefetch included:
    # tests/security/test_fuzz_cds_prefetch.py.
    body = cds_body(text or "sertraline")
    order = body["context"]["draftOrders"]["entry"][0]["resource"]
    order["dosageInstruction"] = [
        {"doseAndRate": [{"doseQuantity": {"value": dose[0], "unit": dose[1]}}]}
    ]
    body["context"]["draftOrders"]["entry"].append(entry)
    _never_a_server_error(_post_raw(client, CDS, _dumps(body)))
    feedback = {"feedback": [{"card": card, "outcome": "overridden", "overrideReason": reason}]}
    _never_a_server_error(_post_raw(client, FEEDBACK, _dumps(feedback)))


def test_the_depth_limit_is_configured():
    assert django_settings.LACTRX_MAX_JSON_DEPTH == 32
