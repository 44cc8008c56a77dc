"""POST /api/v1/advice and /api/v1/advice/regimen: verdicts, identical to the CLI, errors."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _advise_cli(*args: str) -> dict:
    out = StringIO()
    call_command("advise", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("body", "cli_args"),
    [
        ({"drug": "sertraline"}, ["sertraline"]),
        (
            {
                "drug": "sertraline",
                "dose_mg": 100,
                "regimen": "chronic",
                "doses_per_day": 1,
                "route": "oral",
                "infant_age_days": 20,
                "preterm": True,
                "infant_weight_kg": 2.5,
                "maternal_weight_kg": 60,
            },
            [
                "sertraline",
                "--dose-mg=100",
                "--regimen=chronic",
                "--doses-per-day=1",
                "--route=oral",
                "--infant-age-days=20",
                "--preterm",
                "--infant-weight-kg=2.5",
                "--maternal-weight-kg=60",
            ],
        ),
        ({"drug": "Zoloft"}, ["Zoloft"]),
        (
            {"drug": "midazolam", "dose_mg": 2, "regimen": "single"},
            ["midazolam", "--dose-mg=2", "--regimen=single"],
        ),
        (
            {"drug": "midazolam", "dose_mg": 2, "dose_time": "2026-11-28T14:30:00+02:00"},
            ["midazolam", "--dose-mg=2", "--dose-time=2026-11-28T14:30:00+02:00"],
        ),
        (
            {"drug": "sodium-iodide-i-131", "activity_mbq": 5000},
            ["sodium-iodide-i-131", "--activity-mbq=5000"],
        ),
        ({"drug": "Tylenol with Codeine"}, ["Tylenol with Codeine"]),
    ],
)
def test_advice_is_identical_to_manage_py_advise_json(seeded, api, body, cli_args):
    response = api.post("/api/v1/advice", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == _advise_cli(*cli_args)


def test_advice_verdicts(seeded, api):
    # A newborn: LactMed's 6-8 h wait (older term infants follow ABM #15: no pause).
    midazolam = api.post(
        "/api/v1/advice", {"drug": "midazolam", "infant_age_days": 14}, format="json"
    ).json()
    assert midazolam["verdict"] == "interrupt"
    assert midazolam["interrupt_hours"] == 8
    assert midazolam["reasons"]
    wean = api.post("/api/v1/advice", {"drug": "doxorubicin"}, format="json").json()
    assert wean["verdict"] == "wean"
    combo = api.post("/api/v1/advice", {"drug": "Tylenol with Codeine"}, format="json").json()
    assert combo["combination"] == ["acetaminophen", "codeine"] or len(combo["items"]) == 2


def test_unknown_drug_gets_suggestions(seeded, api):
    response = api.post("/api/v1/advice", {"drug": "vilazodone"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["drug"].startswith("LactRx has no monograph for 'vilazodone'.")
    assert "trazodone" in [s["slug"] for s in body["suggestions"]]  # offered, never the answer
    assert body["detail"].startswith("Invalid input.")


def test_misspelling_is_answered_with_a_note(seeded, api):
    body = api.post("/api/v1/advice", {"drug": "sertralinne"}, format="json").json()
    assert body["drug_slug"] == "sertraline"
    note = "Showing results for sertraline — you typed “sertralinne”."
    assert body["resolved_from"] == {"query": "sertralinne", "match": "misspelling", "note": note}
    assert body["warnings"][0] == note


def test_nothing_like_it_is_400_without_suggestions(seeded, api):
    response = api.post("/api/v1/advice", {"drug": "qqqqzzzz"}, format="json")
    assert response.status_code == 400
    assert "qqqqzzzz" in response.json()["errors"]["drug"]


def test_negative_dose_and_activity_for_non_radioactive_drug_are_both_named(seeded, api):
    response = api.post(
        "/api/v1/advice", {"drug": "sertraline", "dose_mg": -5, "activity_mbq": 3}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["dose_mg"].startswith("The dose must be greater than 0 mg")
    assert "not radioactive" in errors["activity_mbq"]


def test_bad_route_and_unknown_drug_are_both_named(seeded, api):
    response = api.post("/api/v1/advice", {"drug": "zzzqqq", "route": "telepathic"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Unknown route" in errors["route"]
    assert "zzzqqq" in errors["drug"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"drug": "sertraline", "dose_mg": "fifty"}, "dose_mg"),
        ({"drug": "sertraline", "dose_mg": "50"}, "dose_mg"),
        ({"drug": "sertraline", "dose_mg": True}, "dose_mg"),
        ({"drug": "sertraline", "infant_age_days": 3.5}, "infant_age_days"),
        ({"drug": "sertraline", "preterm": "yes"}, "preterm"),
        ({"drug": "sertraline", "regimen": "sometimes"}, "regimen"),
        ({"drug": "sertraline", "dose_time": "yesterday"}, "dose_time"),
        ({"drug": 42}, "drug"),
        ({"dose_mg": 50}, "drug"),
        ({"drug": "sertraline", "dosemg": 50}, "dosemg"),
        ({"drug": "sertraline", "infant_age_days": 5000}, "infant_age_days"),
        ({"drug": "sertraline", "dose_mg": 50000}, "dose_mg"),
    ],
)
def test_wrong_types_and_values_name_the_field(seeded, api, body, field):
    response = api.post("/api/v1/advice", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_several_type_errors_are_reported_together(seeded, api):
    body = {"drug": "sertraline", "dose_mg": "x", "preterm": 1, "extra": 1}
    errors = api.post("/api/v1/advice", body, format="json").json()["errors"]
    assert set(errors) == {"dose_mg", "preterm", "extra"}


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('"sertraline"', "application/json", 400),
        ("", "application/json", 400),
        ("drug=sertraline", "application/x-www-form-urlencoded", 415),
        ('{"drug": "sertraline", "dose_mg": NaN}', "application/json", 400),
        ('{"drug": "sertraline", "dose_mg": 1e999}', "application/json", 400),
    ],
)
def test_malformed_bodies_are_4xx_with_detail(seeded, api, raw, content_type, status):
    response = api.generic("POST", "/api/v1/advice", raw, content_type=content_type)
    assert response.status_code == status
    assert response.json()["detail"]


@override_settings(LACTRX_MAX_REQUEST_BYTES=1024)
def test_oversized_body_is_413(seeded, api):
    body = json.dumps({"drug": "sertraline", "route": "x" * 2000})
    response = api.generic("POST", "/api/v1/advice", body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_get_on_advice_is_405(seeded, api):
    assert api.get("/api/v1/advice").status_code == 405


def test_regimen_gives_each_verdict_and_the_combined_one(seeded, api):
    body = {
        "items": [
            {"drug": "sertraline", "dose_mg": 50, "infant_age_days": 14},
            {"drug": "midazolam", "dose_mg": 2, "infant_age_days": 14},
        ]
    }
    response = api.post("/api/v1/advice/regimen", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert [i["drug_slug"] for i in data["items"]] == ["sertraline", "midazolam"]
    assert [i["verdict"] for i in data["items"]] == ["compatible", "interrupt"]
    assert data["combined"] == data["verdict"] == "interrupt"
    assert data["combined_interrupt_hours"] == 8


def test_regimen_errors_are_keyed_by_item(seeded, api):
    body = {
        "items": [
            {"drug": "sertraline"},
            {"drug": "ibuprofen", "dose_mg": -1},
            {"drug": "qqqzzz"},
            {"drug": "sertraline", "dose_mg": "x"},
        ]
    }
    response = api.post("/api/v1/advice/regimen", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"items[3].dose_mg"}  # type errors first, before any drug lookup
    body["items"].pop()
    errors = api.post("/api/v1/advice/regimen", body, format="json").json()["errors"]
    assert set(errors) == {"items[1].dose_mg", "items[2].drug"}


@pytest.mark.parametrize("items", [[], [{"drug": "sertraline"}] * 11, "sertraline", None])
def test_regimen_needs_one_to_ten_items(seeded, api, items):
    response = api.post("/api/v1/advice/regimen", {"items": items}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()["errors"]
