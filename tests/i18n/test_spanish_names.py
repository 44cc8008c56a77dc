"""Spanish drug names (DCI) resolve exactly to their monograph on every path, in both
languages, and pages show them (fixtures/spanish/names.json -> published names -> index)."""

import pytest

from drugs.selectors import EXACT, FOUND, product_resolve
from drugs.translations import display_name
from tests.products.product_paths import Interfaces, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

SPANISH = {
    "amoxicilina": "amoxicillin",
    "paracetamol": "acetaminophen",
    "levotiroxina": "levothyroxine",
    "morfina": "morphine",
    "prednisona": "prednisone",
    "codeína": "codeine",
    "codeina": "codeine",
    "Codeína": "codeine",
    "ibuprofeno": "ibuprofen",
    "sertralina": "sertraline",
    "yoduro sódico (131I)": "sodium-iodide-i-131",
    "yodo 131": "sodium-iodide-i-131",
    "salbutamol": "albuterol",
    "petidina": "meperidine",
}


@pytest.mark.parametrize(("query", "slug"), sorted(SPANISH.items()))
def test_a_spanish_name_is_an_exact_match_not_a_misspelling(query, slug):
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.match == EXACT, (query, resolution.match)
    assert resolution.product.slug == slug
    assert resolution.note is None  # not "Showing results for ..."


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    ("query", "slug"), [("amoxicilina", "amoxicillin"), ("codeina", "codeine")]
)
def test_every_path_finds_the_spanish_name(client, settings, lang, query, slug):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    paths = Interfaces(client)
    first = paths.suggest(query).split('<a class="suggestion', 2)[1]
    assert f'href="/drugs/{slug}/"' in first and 'data-match="exact"' in first
    response = paths.results(query)  # Enter on the name opens the drug
    assert response.status_code == 302 and response["Location"] == f"/drugs/{slug}/"
    assert paths.api_search(query)[0]["slug"] == slug
    body = paths.api_advice(query).json()
    assert body["product"]["slug"] == slug
    advised = paths.advise(query)
    assert advised["product"]["slug"] == slug
    assert advised["resolved_from"]["match"] == EXACT and not advised["resolved_from"]["note"]


def test_display_name_is_the_spanish_name_with_the_english_beside_it():
    from drugs.models import Drug

    data = Drug.objects.get(slug="acetaminophen").published_data
    assert display_name(data, "en") == "acetaminophen"
    assert display_name(data, "es") == "paracetamol"
    assert display_name(data, "es-MX") == "paracetamol"
    assert display_name(data, "es", with_english=True) == "paracetamol (acetaminophen)"
    # Spelt the same in both: nothing added beside it.
    tramadol = Drug.objects.get(slug="tramadol").published_data
    assert display_name(tramadol, "es", with_english=True) == "tramadol"


def test_spanish_pages_name_the_drug_in_spanish(es_client):
    page = text(es_client.get("/drugs/acetaminophen/").content.decode())
    assert "Paracetamol (acetaminophen)" in page
    handout = text(es_client.get("/drugs/acetaminophen/handout?lang=es").content.decode())
    assert "Paracetamol y la lactancia" in handout
    combo = text(es_client.get("/combinations/acetaminophen+codeine/").content.decode())
    assert "Paracetamol y codeína" in combo
    results = text(es_client.get("/search/suggest", {"q": "tylenol"}).content.decode())
    assert "paracetamol" in results.lower()


def test_english_pages_keep_the_english_record_name(client):
    page = text(client.get("/drugs/acetaminophen/").content.decode())
    assert "Acetaminophen" in page and "Paracetamol (acetaminophen)" not in page


@pytest.mark.parametrize("query", ["paracetamol y codeína", "paracetamol con codeina"])
def test_a_combination_written_in_spanish_is_read_as_the_combination(es_client, query):
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.product.slug == "acetaminophen+codeine"
    page = text(es_client.get("/search/suggest", {"q": query}).content.decode())
    assert "Leído como paracetamol y codeína" in page


def test_the_switch_remembers_the_language_and_only_goes_back_to_this_site(client, settings):
    response = client.get("/language/es", {"next": "/drugs/sertraline/"})
    assert response.status_code == 302 and response["Location"] == "/drugs/sertraline/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get("/drugs/sertraline/").content.decode()
    assert '<html lang="es"' in page and "Sertralina (sertraline)" in page
    away = client.get("/language/en", {"next": "https://evil.example/"})
    assert away["Location"] == "/"  # never to another site
    assert client.get("/language/xx").cookies.get(settings.LANGUAGE_COOKIE_NAME) is None
