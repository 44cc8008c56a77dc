"""GET /api/v1/drugs/ and /api/v1/drugs/<slug>/: search, monograph, read-only, 404."""

import pytest

from drugs.selectors import published_drugs

pytestmark = pytest.mark.django_db


def test_search_by_brand_returns_generic_with_typical_verdict(seeded, api):
    response = api.get("/api/v1/drugs/", {"q": "Zoloft"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    first = body["results"][0]
    assert first["slug"] == "sertraline"
    assert first["matched_name"] == "Zoloft"
    assert first["matched_kind"] == "brand"
    assert first["match"] == "exact"
    assert first["verdict"] == {
        "category": "compatible",
        "interrupt_hours": None,
        "evidence": first["verdict"]["evidence"],
        "driven_by": None,
        "rid_pct": first["verdict"]["rid_pct"],
    }
    assert 0 < first["verdict"]["rid_pct"] < 10  # sertraline's measured RID at 50 mg
    assert first["verdict"]["evidence"] in {"curated", "measured", "estimated", "insufficient"}


def test_search_flags_lookalike_partner(seeded, api):
    results = api.get("/api/v1/drugs/", {"q": "sertraline"}).json()["results"]
    lookalikes = [r for r in results if r["match"] == "lookalike"]
    assert any(r["slug"] == "cetirizine" and r["lookalike_of"] == "sertraline" for r in lookalikes)


def test_search_combination_brand_gets_combined_verdict(seeded, api):
    results = api.get("/api/v1/drugs/", {"q": "Tylenol with Codeine"}).json()["results"]
    combo = results[0]
    assert combo["matched_name"] == "Tylenol with Codeine"
    assert combo["slug"] == "acetaminophen+codeine"
    assert combo["kind"] == "combination" and combo["target"] == "combination"
    assert [i["slug"] for i in combo["ingredients"]] == ["acetaminophen", "codeine"]
    assert combo["verdict"]["category"] in {"use_alternative", "interrupt", "wean"}
    assert combo["verdict"]["driven_by"] == {"slug": "codeine", "name": "codeine"}


def test_search_without_query_lists_every_published_drug_paginated(seeded, api):
    body = api.get("/api/v1/drugs/").json()
    assert body["count"] == published_drugs().count()
    assert len(body["results"]) == 20
    assert body["next"].endswith("page=2")
    page2 = api.get("/api/v1/drugs/", {"page": 2, "page_size": 5}).json()
    assert len(page2["results"]) == 5


def test_search_unknown_page_is_404_and_long_query_is_400(seeded, api):
    missing = api.get("/api/v1/drugs/", {"page": 999})
    assert missing.status_code == 404
    assert "detail" in missing.json()
    too_long = api.get("/api/v1/drugs/", {"q": "x" * 201})
    assert too_long.status_code == 400
    assert "q" in too_long.json()["errors"]


def test_search_nothing_found_is_empty_page(seeded, api):
    body = api.get("/api/v1/drugs/", {"q": "qqqqzzzz"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_typical_verdicts_are_cached(seeded, api, django_assert_max_num_queries):
    api.get("/api/v1/drugs/", {"q": "ibuprofen"})
    with django_assert_max_num_queries(6):  # the search is cached; the chip too
        again = api.get("/api/v1/drugs/", {"q": "ibuprofen"}).json()
    assert again["results"][0]["verdict"]["category"] == "compatible"


def test_monograph_serves_published_snapshot_with_units(seeded, api):
    response = api.get("/api/v1/drugs/sertraline/")
    assert response.status_code == 200
    body = response.json()
    drug = published_drugs().get(slug="sertraline")
    assert body["name"] == drug.published_data["name"]
    assert body["revision"] == drug.published_revision
    assert body["stale"] is False
    assert body["pk"]
    units = {p["parameter"]: p["unit"] for p in body["pk"]}
    assert units.get("mw_da", "Da") == "Da"
    assert units.get("half_life_h", "h") == "h"
    assert all(isinstance(p["verified"], bool) for p in body["pk"])
    keys = {c["key"] for c in body["citations"]}
    assert all(p["citation"] in keys for p in body["pk"] if p["citation"])
    for section in ("milk_studies", "infant_effects", "lactation_effects", "guidance"):
        assert isinstance(body[section], list)
    assert body["last_reviewed"]


def test_every_published_monograph_serialises(seeded, api):
    for slug in published_drugs().values_list("slug", flat=True):
        response = api.get(f"/api/v1/drugs/{slug}/")
        assert response.status_code == 200, slug


def test_unknown_slug_is_404_json(seeded, api):
    response = api.get("/api/v1/drugs/no-such-drug/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no-such-drug" in response.json()["detail"]


def test_draft_monograph_is_not_served(seeded, api):
    drug = published_drugs().get(slug="ibuprofen")
    drug.published_data = None
    drug.save(update_fields=["published_data"])
    assert api.get("/api/v1/drugs/ibuprofen/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/drugs/", "/api/v1/drugs/sertraline/"])
def test_curated_content_is_read_only(seeded, api, admin_user, method, path):
    api.force_authenticate(admin_user)  # not even an administrator may write through the API
    response = getattr(api, method)(path, {"name": "x"}, format="json")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert published_drugs().get(slug="sertraline").name == "sertraline"
