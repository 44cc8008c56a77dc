"""Physical bounds (advice.engine.bounds) on every numeric input, on every interface.

The absurd values of issue 16 (heparin 1e300 mg, FDG 1e12 MBq, sestamibi 1e15 MBq: drugs whose
monograph has no maximum dose, or a radiopharmaceutical whose activity was never bounded) are a
400 naming the field in the API, a form error on the page, a clear error on the command line and,
in a CDS order, a dose left out and said on the card. Values just inside the bounds still get a
verdict, and sane values get the same verdict as before.
"""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from advice import engine
from advice.engine import Scenario, ScenarioError
from advice.engine.bounds import BOUNDS, bound_error, bound_errors
from advice.services import advice_for, drug_profile, scenario_from_input
from drugs.models import Drug
from tests.cds.fhir_requests import hook_request, medication_request

ABSURD = [
    ("heparin", {"dose_mg": 1e300}, "dose_mg"),
    ("heparin", {"dose_mg": 2_000_000}, "dose_mg"),
    ("fludeoxyglucose-f-18", {"activity_mbq": 1e12}, "activity_mbq"),
    ("technetium-tc-99m-sestamibi", {"activity_mbq": 1e15}, "activity_mbq"),
    ("sertraline", {"doses_per_day": 1000}, "doses_per_day"),
    ("sertraline", {"infant_weight_kg": 300}, "infant_weight_kg"),
    ("sertraline", {"maternal_weight_kg": 5000}, "maternal_weight_kg"),
    ("sertraline", {"infant_age_days": 40000}, "infant_age_days"),
]


# --- the one module (pure) ----------------------------------------------------------------
def test_every_bound_has_a_reason_and_a_message_naming_its_limit():
    for name, bound in BOUNDS.items():
        assert bound.field == name
        assert bound.reason and bound.low < bound.high
        assert f"{bound.high:g}" in bound.message or f"{bound.high:,.0f}" in bound.message


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_edges_inside_pass_and_just_outside_fail(name):
    bound = BOUNDS[name]
    assert bound_error(name, bound.high) == ""
    assert bound_error(name, bound.high * 1.01) == bound.message
    assert bound_error(name, float("nan")) == bound.message
    if bound.low_exclusive:
        assert bound_error(name, bound.low) == bound.message
        assert bound_error(name, 1e-6) == ""
    else:
        assert bound_error(name, bound.low) == ""
        assert bound_error(name, bound.low - 0.01) == bound.message


def test_bound_errors_skips_missing_and_non_numbers():
    assert bound_errors({"dose_mg": None, "route": "oral", "preterm": True}) == {}
    assert set(bound_errors({"dose_mg": -1, "activity_mbq": 1e9})) == {"dose_mg", "activity_mbq"}


@pytest.mark.django_db
@pytest.mark.parametrize("slug,data,field", ABSURD)
def test_engine_refuses_absurd_values_whether_or_not_a_maximum_exists(seeded, slug, data, field):
    profile = drug_profile(drug=Drug.objects.get(slug=slug))
    if field == "dose_mg":
        assert profile.max_dose_mg is None  # the gap of issue 16: no monograph maximum
    with pytest.raises(ScenarioError) as caught:
        engine.advise(profile, Scenario(**data))
    assert field in caught.value.errors
    with pytest.raises(ScenarioError) as parsed:
        scenario_from_input(data)
    assert parsed.value.errors[field] == BOUNDS[field].message


@pytest.mark.django_db
def test_sane_inputs_keep_their_verdict(seeded):
    """The same verdicts as without the bounds: sane values lie well inside them."""
    sertraline = advice_for(drug="sertraline", data={"dose_mg": 100, "infant_age_days": 60})
    assert sertraline.category.value == "compatible"
    fdg = advice_for(drug="fludeoxyglucose-f-18", data={"activity_mbq": 370})
    assert fdg.verdict is not None
    heparin = advice_for(drug="heparin", data={"dose_mg": 50})  # 5,000 units is ~50 mg
    assert heparin.category.value == "compatible"
    edge = advice_for(
        drug="sertraline",
        data={"infant_weight_kg": 0.4, "maternal_weight_kg": 250, "infant_age_days": 1096},
    )
    assert edge.verdict is not None


# --- API: a 400 naming the field ------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("slug,data,field", ABSURD)
def test_api_answers_400_naming_the_field(seeded, slug, data, field):
    api = APIClient()
    response = api.post("/api/v1/advice", {"drug": slug, **data}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"][field] == BOUNDS[field].message
    regimen = api.post(
        "/api/v1/advice/regimen",
        {"items": [{"drug": "ibuprofen"}, {"drug": slug, **data}]},
        format="json",
    )
    assert regimen.status_code == 400
    assert f"items[1].{field}" in regimen.json()["errors"]


@pytest.mark.django_db
def test_combination_dose_out_of_bounds_is_refused_not_dropped(seeded):
    # A combination's ingredients are advised at their typical doses; an impossible dose typed
    # for it is still an error, not silently replaced.
    with pytest.raises(ScenarioError) as caught:
        advice_for(drug="acetaminophen+codeine", data={"dose_mg": 1e300})
    assert "dose_mg" in caught.value.errors


# --- pages: a form error on the field --------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("slug,data,field", ABSURD)
def test_drug_page_shows_the_error_on_the_field_and_no_verdict(seeded, slug, data, field):
    key, value = next(iter(data.items()))
    response = Client().get(f"/drugs/{slug}/advice", {key: repr(value)})
    body = response.content.decode()
    assert response.status_code == 400
    assert BOUNDS[field].message.split(";")[0].split("(")[0] in body.replace("&#x27;", "'")
    assert f'href="#id_{field}"' in body  # the error summary links to the field


@pytest.mark.django_db
def test_form_max_hint_comes_from_the_same_bounds(seeded):
    body = Client().get("/drugs/sertraline/").content.decode()
    assert 'name="infant_weight_kg"' in body
    assert 'max="25"' in body and 'min="0.4"' in body


@pytest.mark.django_db
def test_combination_handout_refuses_out_of_bounds_values(seeded):
    response = Client().get(
        "/combinations/acetaminophen+codeine/handout", {"infant_weight_kg": "900"}
    )
    assert response.status_code == 400
    assert BOUNDS["infant_weight_kg"].message in response.content.decode()


@pytest.mark.django_db
def test_regimen_page_checks_the_infant_bounds(seeded):
    response = Client().get(
        "/regimen/", {"drug": ["sertraline", "ibuprofen"], "infant_weight_kg": "900"}
    )
    assert response.status_code == 400
    assert BOUNDS["infant_weight_kg"].message in response.content.decode()


# --- command line ------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("slug,data,field", ABSURD)
def test_cli_is_a_clear_error_naming_the_field(seeded, slug, data, field):
    (key, value) = next(iter(data.items()))
    with pytest.raises(CommandError, match=f"{field}: "):
        call_command("advise", slug, f"--{key.replace('_', '-')}", str(value), stdout=io.StringIO())
    batch = io.StringIO()
    source = io.StringIO(json.dumps({"id": "x", "drug": slug, **data}) + "\n")

    stdin, sys.stdin = sys.stdin, source
    try:
        call_command("advise", "--batch", "-", stdout=batch)
    finally:
        sys.stdin = stdin
    line = json.loads(batch.getvalue())
    assert line["id"] == "x" and f"{field}: {BOUNDS[field].message}" in line["error"]


# --- CDS: the impossible ordered dose is not used, and the card says so -----------------------
@pytest.mark.django_db
@pytest.mark.parametrize("dose", [(1e300, "mg"), (5000, "g"), (2e9, "mcg"), (1e306, "g")])
def test_cds_leaves_an_impossible_dose_out_and_says_so(seeded, dose):
    order = medication_request("mr-1", text="heparin", dose=dose)
    response = APIClient().post(
        "/cds-services/lactation-medication-check", hook_request([order]), format="json"
    )
    assert response.status_code == 200, response.content[:300]
    (card,) = response.json()["cards"]
    assert "outside any possible dose" in card["detail"]
    assert "not used" in card["detail"]
    assert "could not be completed" not in card["summary"]
    plain = APIClient().post(
        "/cds-services/lactation-medication-check",
        hook_request([medication_request("mr-1", text="heparin")]),
        format="json",
    )
    assert plain.json()["cards"][0]["summary"] == card["summary"]  # the typical-dose verdict


@pytest.mark.django_db
def test_cds_implausible_frequency_is_not_used(seeded):
    order = medication_request(
        "mr-1",
        text="sertraline",
        dose=(50, "mg"),
        timing={"frequency": 100, "period": 1, "periodUnit": "d"},
    )
    response = APIClient().post(
        "/cds-services/lactation-medication-check", hook_request([order]), format="json"
    )
    assert response.status_code == 200
    (card,) = response.json()["cards"]
    assert "100 doses a day is not plausible; it was not used." in card["detail"]


# --- property: any value outside the bounds is a 400 naming its field -------------------------
def _outside(name: str):
    bound = BOUNDS[name]
    above = st.floats(min_value=bound.high * 1.000001, max_value=1e308)
    below = st.floats(max_value=bound.low, exclude_max=not bound.low_exclusive, min_value=-1e308)
    values = above | below
    if name == "infant_age_days":
        values = st.integers(min_value=1097, max_value=10**15) | st.integers(max_value=-1)
    return values


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data(), name=st.sampled_from(sorted(BOUNDS)))
def test_any_value_outside_the_bounds_is_a_400_naming_it(seeded, data, name):
    value = data.draw(_outside(name))
    drug = "fludeoxyglucose-f-18" if name == "activity_mbq" else "heparin"
    response = APIClient().post("/api/v1/advice", {"drug": drug, name: value}, format="json")
    assert response.status_code == 400, (name, value, response.content[:300])
    assert response.json()["errors"][name] == BOUNDS[name].message


@pytest.mark.django_db
def test_every_bad_field_is_named_at_once(seeded):
    with pytest.raises(ScenarioError) as caught:
        advice_for(
            drug="sertraline",
            data={"dose_mg": 1e300, "activity_mbq": 3, "infant_weight_kg": "x"},
        )
    errors = caught.value.errors
    assert errors["dose_mg"] == BOUNDS["dose_mg"].message
    assert errors["infant_weight_kg"] == "Enter a number."
    with pytest.raises(ScenarioError) as both:
        advice_for(drug="sertraline", data={"dose_mg": -5, "activity_mbq": 3})
    assert "not radioactive" in both.value.errors["activity_mbq"]
    assert both.value.errors["dose_mg"] == BOUNDS["dose_mg"].message
