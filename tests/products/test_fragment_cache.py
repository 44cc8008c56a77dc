"""Per-revision caches of rendered verdicts (advice.fragments): few queries, never stale.

Warm, the drug page costs one query (the monograph's revision and the search version), the
suggestion list, the advice API and a CDS card one or two; a republish is seen at once on every
one of them, a curator's stale flag at once on the page, and a working copy never.
"""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from drugs import services
from drugs.models import Drug
from tests.cds.fhir_requests import hook_request, medication_request

pytestmark = pytest.mark.django_db

CDS = "/cds-services/lactation-medication-check"


def _advice(client, drug: str) -> dict:
    response = client.post("/api/v1/advice", {"drug": drug}, format="json")
    assert response.status_code == 200
    return response.json()


def _cds(client, text: str) -> list[dict]:
    body = hook_request([medication_request("mr-1", text=text)])
    response = client.post(CDS, body, format="json")
    assert response.status_code == 200
    return response.json()["cards"]


def test_warm_pages_and_apis_use_few_queries(seeded, django_assert_max_num_queries):
    client, api = Client(), APIClient()
    page = client.get("/drugs/sertraline/").content
    suggest = client.get("/search/suggest?q=sertr").content
    advice = _advice(api, "sertraline")
    cards = _cds(api, "sertraline 50 mg tablet")
    with django_assert_max_num_queries(1):  # the monograph's stamp and the search version
        assert client.get("/drugs/sertraline/").content == page
    with django_assert_max_num_queries(1):
        assert client.get("/search/suggest?q=sertr").content == suggest
    with django_assert_max_num_queries(1):
        assert _advice(api, "sertraline") == advice
    with django_assert_max_num_queries(3):
        again = _cds(api, "sertraline 50 mg tablet")
    assert [c["summary"] for c in again] == [c["summary"] for c in cards]
    assert again[0]["uuid"] != cards[0]["uuid"]  # a new card, its body from the cache


def _republish_as(slug: str, verdict: str, curator, reviewer) -> None:
    drug = Drug.objects.get(slug=slug)
    for guidance in drug.guidance.filter(followed=True):
        guidance.verdict = verdict  # only to see the change propagate
        guidance.save()
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=Drug.objects.get(slug=slug), by=curator)
    services.monograph_approve(drug=Drug.objects.get(slug=slug), by=reviewer)
    services.monograph_publish(drug=Drug.objects.get(slug=slug), by=reviewer)


def _republish_metoprolol_as(verdict: str, curator, reviewer) -> None:
    _republish_as("metoprolol", verdict, curator, reviewer)


def test_a_republish_is_seen_at_once_through_every_cache(seeded, curator, reviewer):
    client, api = Client(), APIClient()
    before = {
        "page": client.get("/drugs/metoprolol/").content.decode(),
        "alternative": client.get("/drugs/acebutolol/").content.decode(),
        "suggest": client.get("/search/suggest?q=metoprolol").content.decode(),
    }
    assert _advice(api, "metoprolol")["category"] == "compatible"
    assert _cds(api, "metoprolol")[0]["indicator"] == "info"
    assert "Use an alternative" not in before["suggest"]

    _republish_metoprolol_as("use_alternative", curator, reviewer)

    page = client.get("/drugs/metoprolol/").content.decode()
    assert page != before["page"]
    assert client.get("/drugs/acebutolol/").content.decode() != before["alternative"]
    suggest = client.get("/search/suggest?q=metoprolol").content.decode()
    assert suggest != before["suggest"] and "v-use_alternative" in suggest
    assert _advice(api, "metoprolol")["category"] == "use_alternative"
    assert _cds(api, "metoprolol")[0]["indicator"] == "warning"


def test_a_working_copy_edit_changes_no_cached_answer(seeded, curator):
    client = Client()
    page = client.get("/drugs/metoprolol/").content
    metoprolol = Drug.objects.get(slug="metoprolol")
    for guidance in metoprolol.guidance.filter(followed=True):
        guidance.verdict = "wean"
        guidance.save()
    services.monograph_record_edit(drug=metoprolol, by=curator)
    assert client.get("/drugs/metoprolol/").content == page


def test_the_stale_flag_shows_on_a_cached_page_at_once(seeded):
    client = Client()
    assert (
        "Not reviewed in over 24 months." not in client.get("/drugs/sertraline/").content.decode()
    )
    Drug.objects.filter(slug="sertraline").update(stale=True)
    assert "Not reviewed in over 24 months." in client.get("/drugs/sertraline/").content.decode()


def test_errors_are_never_cached_as_answers(seeded):
    api = APIClient()
    bad = api.post("/api/v1/advice", {"drug": "sertraline", "dose_mg": -1}, format="json")
    assert bad.status_code == 400
    assert _advice(api, "sertraline")["category"] == "compatible"
    again = api.post("/api/v1/advice", {"drug": "sertraline", "dose_mg": -1}, format="json")
    assert again.status_code == 400
    assert json.loads(again.content)["errors"]["dose_mg"]


def test_the_page_with_a_query_string_is_rendered_for_that_request(seeded):
    client = Client()
    plain = client.get("/drugs/sertraline/").content.decode()
    tagged = client.get("/drugs/sertraline/?ref=x").content.decode()
    assert 'name="ref" value="x"' in tagged and 'name="ref"' not in plain


def test_a_list_never_seen_before_costs_one_query(seeded, django_assert_max_num_queries):
    """Once the chip table of the published index is filled, a new suggestion list reads only
    the search version: resolving, the chips and the rendering are all in the process."""
    client = Client()
    client.get("/search/suggest?q=sertr")  # fills the chip table
    for q in ("amoxi", "ibupro", "Advair", "metoprolol", "sertralin"):
        with django_assert_max_num_queries(1):
            assert client.get(f"/search/suggest?q={q}").status_code == 200


def test_a_republished_ingredient_changes_its_combinations_chip_at_once(seeded, curator, reviewer):
    client, api = Client(), APIClient()
    before = client.get("/search/suggest?q=advair").content.decode()
    assert 'data-slug="fluticasone+salmeterol"' in before and "v-compatible" in before
    page_before = client.get("/combinations/fluticasone+salmeterol/").content.decode()

    _republish_as("salmeterol", "use_alternative", curator, reviewer)

    after = client.get("/search/suggest?q=advair").content.decode()
    assert "v-use_alternative" in after, after
    assert "because of salmeterol" in after.lower()
    assert client.get("/combinations/fluticasone+salmeterol/").content.decode() != page_before
    listed = api.get("/api/v1/drugs/?q=advair").json()
    hit = next(h for h in listed["results"] if h["slug"] == "fluticasone+salmeterol")
    assert hit["verdict"]["category"] == "use_alternative"
    assert _advice(api, "Advair")["verdict"] == "use_alternative"


def test_every_chip_is_the_product_verdict(seeded):
    """The chip table is computed without the alternatives' verdicts: the category, pause,
    evidence and driving ingredient are still exactly what advice_for gives every interface."""
    from advice.services import _published_products, advice_for, product_chips
    from drugs.selectors import search_index_current

    products = _published_products(search_index_current())
    assert len(products) > 300
    chips = product_chips(products)
    for product in products:
        result = advice_for(drug=product)
        chip = chips[product.slug]
        assert chip is not None, product.slug
        driver = result.driver
        assert chip == {
            "category": result.category.value,
            "interrupt_hours": result.interrupt_hours,
            "evidence": result.evidence.value,
            "driven_by": {"slug": driver.slug, "name": driver.name} if driver else None,
            "rid_pct": result.verdict.rid_pct if result.verdict is not None else None,
        }, product.slug
