"""A real drug the seed lacks: an honest answer on the results page and in the API (issue #17).

"LactRx has no monograph for <name>", the closest real matches offered only as suggestions, and a
link to search NLM's LactMed on NCBI for the name typed.
"""

import re

import pytest
from rest_framework.test import APIClient

from drugs.selectors import NOT_FOUND, lactmed_search_url, product_resolve

ABSENT = "pitavastatin"  # a real statin the seed has no monograph for (simvastatin is close)
LACTMED_SEARCH = "https://www.ncbi.nlm.nih.gov/books/NBK501922/?term=pitavastatin"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_the_lactmed_search_link_is_built_in_one_place() -> None:
    assert lactmed_search_url(ABSENT) == LACTMED_SEARCH
    assert lactmed_search_url("  potassium   chloride ") == (
        "https://www.ncbi.nlm.nih.gov/books/NBK501922/?term=potassium+chloride"
    )
    assert lactmed_search_url("goat's rue&x=1").endswith("?term=goat%27s+rue%26x%3D1")


@pytest.mark.django_db
def test_a_drug_the_seed_lacks_is_not_found_with_suggestions_and_a_lactmed_link(seeded) -> None:
    resolution = product_resolve(query=ABSENT)
    assert resolution.status == NOT_FOUND and resolution.product is None
    assert resolution.lactmed_search_url == LACTMED_SEARCH
    assert "simvastatin" in [h.slug for h in resolution.suggestions]
    # A found drug has no such link: the monograph is the answer.
    assert product_resolve(query="sertraline").lactmed_search_url is None


def test_results_page_says_no_monograph_and_offers_matches_only_as_suggestions(
    client, seeded
) -> None:
    response = client.get("/search", {"q": ABSENT})
    assert response.status_code == 200  # a page of its own, never a redirect to another drug
    html = response.content.decode()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f"LactRx has no monograph for “{ABSENT}”." in page
    assert "These are other drugs, not the one you typed; check before you choose:" in page
    assert 'class="suggestion s-maybe" href="/drugs/simvastatin/"' in html
    assert f'<a href="{LACTMED_SEARCH}" rel="noopener" data-lactmed-search>' in html
    assert f"Search LactMed (NLM, on NCBI Bookshelf) for “{ABSENT}”" in page


def test_results_page_for_a_found_drug_misspelling_has_no_lactmed_search(client, seeded) -> None:
    page = client.get("/search", {"q": "sertralin"}).content.decode()
    assert "Showing results for sertraline" in page
    assert "data-lactmed-search" not in page


def test_api_advice_says_no_monograph_with_suggestions_and_the_lactmed_link(seeded, api) -> None:
    response = api.post("/api/v1/advice", {"drug": ABSENT, "dose_mg": 2}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["drug"].startswith(f"LactRx has no monograph for '{ABSENT}'.")
    assert body["lactmed_search_url"] == LACTMED_SEARCH
    suggested = [s["slug"] for s in body["suggestions"]]
    assert "simvastatin" in suggested
    assert all(s["match"] != "exact" for s in body["suggestions"])  # never the answer
    assert "verdict" not in body


def test_api_advice_names_the_missing_drug_beside_another_bad_field(seeded, api) -> None:
    response = api.post("/api/v1/advice", {"drug": ABSENT, "route": "telepathic"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "Unknown route" in body["errors"]["route"]
    assert body["lactmed_search_url"] == LACTMED_SEARCH


def test_api_advice_for_a_found_drug_has_no_lactmed_link(seeded, api) -> None:
    body = api.post("/api/v1/advice", {"drug": "sertraline"}, format="json").json()
    assert "lactmed_search_url" not in body
