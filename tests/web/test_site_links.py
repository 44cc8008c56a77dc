"""Links printed on handouts and summaries and sent in CDS cards: LACTRX_SITE_URL when it is
set, otherwise the address the request was made to (never a hard-coded 127.0.0.1)."""

import pytest
from rest_framework.test import APIClient

from advice import tasks
from advice.handouts import content as handouts
from drugs.models import Drug
from tests.cds.fhir_requests import hook_request
from tests.cds.test_cds_hooks import SELECT, sertraline_order

pytestmark = pytest.mark.django_db
HOST = "lactrx.example.org"


@pytest.fixture
def served_as(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return HOST


def test_handout_links_to_the_request_host(client, seeded, served_as):
    response = client.get("/drugs/sertraline/handout", {"dose_mg": "50"}, HTTP_HOST=served_as)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"http://{HOST}/drugs/sertraline/advice?dose_mg=50" in html
    assert "127.0.0.1" not in html


def test_summary_links_to_the_request_host_over_https(client, seeded, served_as):
    response = client.get(
        "/drugs/sertraline/summary", {"dose_mg": "50"}, HTTP_HOST=served_as, secure=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"https://{HOST}/drugs/sertraline/advice?dose_mg=50" in html
    assert "127.0.0.1" not in html


def test_cds_card_links_to_the_request_host(seeded, served_as):
    api = APIClient()
    response = api.post(
        SELECT, hook_request([sertraline_order()]), format="json", HTTP_HOST=served_as
    )
    assert response.status_code == 200, response.content
    card = response.json()["cards"][0]
    assert card["source"]["url"] == f"http://{HOST}/drugs/sertraline/"
    assert card["links"] and all(
        link["url"].startswith(f"http://{HOST}/drugs/sertraline/") for link in card["links"]
    )


def test_configured_site_url_wins_over_the_request_host(client, seeded, served_as, settings):
    settings.SITE_URL = "https://lactrx.hospital.example"
    html = client.get("/drugs/sertraline/handout", HTTP_HOST=served_as).content.decode()
    assert "https://lactrx.hospital.example/drugs/sertraline/advice" in html
    assert f"http://{HOST}/" not in html


def test_pdf_task_prints_the_address_of_the_request_that_asked(seeded, settings, monkeypatch):
    """The Celery task has no request: it is handed the asking request's address."""
    settings.SITE_URL = ""
    seen = {}

    def fake_render(**kwargs):
        ctx = handouts.handout_context(
            drug=kwargs["drug"],
            verdict=handouts_verdict(kwargs["drug"]),
            lang="en",
            clinician="",
            query="",
        )
        seen["live_url"] = ctx["live_url"]
        return b"%PDF-1.7 fake"

    def handouts_verdict(drug):
        from advice.services import advice_for

        return advice_for(drug=drug).verdict

    monkeypatch.setattr(handouts, "render_handout_pdf", fake_render)
    drug = Drug.objects.get(slug="sertraline")
    tasks.render_handout_pdf(drug.pk, {}, "en", "", "", "test:site-pdf", f"https://{HOST}")
    assert seen["live_url"] == f"https://{HOST}/drugs/sertraline/advice"
