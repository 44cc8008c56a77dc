"""Search: home page, HTMX suggestions and the no-JavaScript results page."""

import pytest

from tests.web.web_helpers import text

pytestmark = pytest.mark.django_db


def test_home_has_one_autofocused_labelled_search_box(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="search"') == 1
    assert "autofocus" in html
    assert '<label for="q">' in html
    assert 'hx-get="/search/suggest"' in html
    page = text(response)
    assert "Can she keep breastfeeding?" in page
    assert "Decision support for health professionals" in page  # footer disclaimer


def test_home_sends_csp_without_unsafe_inline_and_no_inline_script(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html
    assert "/static/js/vendor/htmx.min.js" in html


def test_suggest_brand_shows_generic_and_typical_verdict(client, seeded):
    response = client.get("/search/suggest", {"q": "zol"})
    assert response.status_code == 200
    page = text(response)
    assert "Zoloft — sertraline" in page
    assert 'href="/drugs/sertraline/"' in response.content.decode()
    # The verdict is a word plus a colour class, never colour alone.
    assert "chip v-" in response.content.decode()
    assert "Compatible" in page or "Use an alternative" in page
    assert "<html" not in response.content.decode()  # a fragment, not a page
    assert 'id="suggest-status"' in response.content.decode()  # announced count (out of band)


def test_suggest_warns_about_lookalike_names(client, seeded):
    response = client.get("/search/suggest", {"q": "zoloft"})
    page = text(response)
    assert "Zoloft — sertraline" in page
    assert "Look-alike name: not the same drug as sertraline" in page  # cetirizine (ISMP)


def test_suggest_handles_misspelling(client, seeded):
    page = text(client.get("/search/suggest", {"q": "sertralene"}))
    assert "Showing results for sertraline — you typed “sertralene”." in page
    assert "Close spelling of what you typed" in page


def test_suggest_class_match(client, seeded):
    page = text(client.get("/search/suggest", {"q": "ssri"}))
    assert "“ssri” is a group of medicines. The best breastfeeding choices come first" in page
    assert "sertraline" in page and "fluoxetine" in page


@pytest.mark.parametrize("q", ["", "z", "zo"])
def test_suggest_waits_for_the_third_letter(client, seeded, q):
    response = client.get("/search/suggest", {"q": q})
    assert response.status_code == 200
    assert "suggestion" not in response.content.decode()


def test_suggest_no_match_says_so(client, seeded):
    response = client.get("/search/suggest", {"q": "qqqxxz"})
    assert response.status_code == 200
    assert "LactRx has no monograph for “qqqxxz”" in text(response)


def test_search_results_page_works_without_javascript(client, seeded):
    response = client.get("/search", {"q": "zol"})
    assert response.status_code == 200
    page = text(response)
    assert "Results for “zol”" in page
    assert "Zoloft — sertraline" in page


@pytest.mark.parametrize(
    ("q", "location"),
    [
        ("acetaminophen", "/drugs/acetaminophen/"),
        ("Tylenol", "/drugs/acetaminophen/"),
        ("Zoloft", "/drugs/sertraline/"),
        ("Percocet", "/combinations/oxycodone+acetaminophen/"),
        ("hydrocodone/acetaminophen", "/combinations/hydrocodone+acetaminophen/"),
    ],
)
def test_enter_on_an_exact_name_opens_the_product(client, seeded, q, location):
    response = client.get("/search", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == location


def test_search_empty_query_asks_for_a_name(client, seeded):
    response = client.get("/search", {"q": "  "})
    assert response.status_code == 200
    assert "Type a drug name to search." in text(response)


def test_search_no_match(client, seeded):
    response = client.get("/search", {"q": "qqqxxz"})
    assert response.status_code == 200
    assert "LactRx has no monograph for “qqqxxz”." in text(response)
    assert "Search LactMed (NLM, on NCBI Bookshelf) for “qqqxxz”" in text(response)


def test_search_rejects_post(client, seeded):
    assert client.post("/search", {"q": "zol"}).status_code == 405
