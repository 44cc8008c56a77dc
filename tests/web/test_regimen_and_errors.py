"""Regimen page, error pages (404/500/503)."""

import re

import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from lactmed import views as project_views
from tests.web.web_helpers import text

pytestmark = pytest.mark.django_db


def test_regimen_empty_form(client, seeded):
    response = client.get("/regimen/")
    assert response.status_code == 200
    page = text(response)
    assert "Several drugs at once" in page
    assert response.content.decode().count('name="drug"') == 4


def test_regimen_valid_shows_each_and_combined_verdict(client, seeded):
    response = client.get(
        "/regimen/",
        {"drug": ["sertraline", "Zoloft", "ibuprofen", ""], "dose_mg": ["50", "", "400", ""]},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Combined verdict" in page
    assert "Every drug is compatible: keep breastfeeding." in page
    assert "Sertraline" in page and "Ibuprofen" in page


def test_regimen_combined_verdict_names_the_driving_drug(client, seeded):
    response = client.get("/regimen/", {"drug": ["sertraline", "codeine", "ibuprofen"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-driver="codeine"' in html
    page = text(response)
    assert "The combined verdict is that of Codeine, the most restrictive drug." in page
    assert "Instead of codeine" in page  # its preferred alternatives, with their verdicts
    # The driver leads the list of each drug.
    each = page.split("Each drug", 1)[1]
    assert each.index("Codeine") < each.index("Sertraline")


def test_regimen_ambiguous_name_lists_clickable_candidates(client, seeded):
    response = client.get("/regimen/", {"drug": ["sert", "ibuprofen"], "dose_mg": ["", "400"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-choices="1"' in html
    links = re.findall(r'<a class="button secondary choice" href="([^"]+)">([^<]+)</a>', html)
    assert "sertraline" in [name for _, name in links], links
    url = dict((name, href) for href, name in links)["sertraline"]
    # Following a candidate chooses it: the row now names it and the regimen is answered.
    chosen = client.get("/regimen/" + url.replace("&amp;", "&"))
    assert chosen.status_code == 200
    assert "Combined verdict" in text(chosen)
    assert 'value="sertraline"' in chosen.content.decode()
    assert 'value="400"' in chosen.content.decode()  # the other rows are kept


def test_regimen_warns_about_additive_sedation(client, seeded):
    response = client.get("/regimen/", {"drug": ["lorazepam", "oxycodone", "sertraline"]})
    assert response.status_code == 200
    page = text(response)
    assert "Interaction warnings" in page
    assert "Additive infant sedation" in page


def test_regimen_unknown_drug_is_400_naming_the_row(client, seeded):
    response = client.get("/regimen/", {"drug": ["sertraline", "qqqxxz"], "dose_mg": ["", ""]})
    assert response.status_code == 400
    page = text(response)
    assert "Drug 2 (qqqxxz), drug:" in page
    assert "Combined verdict" not in page


def test_regimen_bad_dose_is_400(client, seeded):
    response = client.get("/regimen/", {"drug": ["sertraline"], "dose_mg": ["lots"]})
    assert response.status_code == 400
    assert "Drug 1 (sertraline), dose (mg):" in text(response)


def test_regimen_submitted_without_drugs_is_400(client, seeded):
    response = client.get("/regimen/", {"drug": ["", ""], "infant_age_days": "10"})
    assert response.status_code == 400
    assert "Enter at least one drug." in text(response)


def test_regimen_bad_infant_age_is_400(client, seeded):
    response = client.get("/regimen/", {"drug": ["sertraline"], "infant_age_days": "old"})
    assert response.status_code == 400
    assert "Infant age (days)" in text(response)


def test_custom_404(client, seeded):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert "Traceback" not in response.content.decode()


def test_custom_500():
    request = RequestFactory().get("/drugs/x/")
    response = project_views.server_error(request)
    assert response.status_code == 500
    assert "No advice has been given." in response.content.decode()


def test_database_outage_is_503_page():
    request = RequestFactory().get("/drugs/x/")
    try:
        raise DatabaseError("down")
    except DatabaseError:
        response = project_views.server_error(request)
    assert response.status_code == 503
    assert "Verdict unavailable" in response.content.decode()
