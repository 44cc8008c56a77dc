"""Shared-decision-making summary, printable handout (English/Spanish) and the PDF."""

import pytest

from advice import engine
from advice.engine import phrases as engine_phrases
from advice.handouts import content as handouts
from tests.web.web_helpers import single_dose_interrupt, text

pytestmark = pytest.mark.django_db


def test_summary_in_plain_english(client, seeded):
    response = client.get("/drugs/sertraline/summary")
    assert response.status_code == 200
    page = text(response)
    assert "deciding together" in page
    for heading in (
        "Your options",
        "Why breastfeeding is worth protecting",
        "The real risk to your baby",
        "What to watch for in your baby",
        "When to call",
    ):
        assert heading in page
    assert "Printable handout" in page


def test_summary_for_interrupt_lists_costs_of_interrupting(client, seeded):
    slug, data, hours = single_dose_interrupt()
    page = text(client.get(f"/drugs/{slug}/summary", data))
    assert "What stopping breastfeeding can cost" in page
    assert "plugged ducts and mastitis" in page
    assert f"Do not breastfeed for {hours:g} hour" in page


def test_spanish_handout_has_clinician_date_versions_and_live_url(client, seeded):
    response = client.get(
        "/drugs/sertraline/handout",
        {"lang": "es", "clinician": "Dra. Ana Ruiz", "dose_mg": "50", "infant_age_days": "30"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert '<html lang="es">' in html
    assert "Dra. Ana Ruiz" in page
    assert "Qué vigilar en su bebé" in page
    assert "Cuándo llamar" in page
    assert engine.ENGINE_VERSION in page
    assert "revisión de la información" in page
    # LACTRX_SITE_URL unset: the live page is on the address the request was made to.
    assert "http://testserver/drugs/sertraline/advice?dose_mg=50" in html
    # Print view: print stylesheet, no site navigation.
    assert "css/print.css" in html
    assert 'class="site-header' not in html


def test_english_handout_by_default(client, seeded):
    response = client.get("/drugs/sertraline/handout")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "What to watch for in your baby" in text(response)


def test_handout_invalid_scenario_is_400(client, seeded):
    response = client.get("/drugs/sertraline/handout", {"lang": "es", "dose_mg": "x"})
    assert response.status_code == 400
    assert "Dose (mg per dose)" in text(response)


def test_handout_unknown_language_is_400(client, seeded):
    response = client.get("/drugs/sertraline/handout", {"lang": "fr"})
    assert response.status_code == 400
    assert "Language" in text(response)


def test_pdf_in_spanish(client, seeded):
    if not handouts.pdf_support()["available"]:
        pytest.skip("WeasyPrint system libraries are not installed here")
    response = client.get("/drugs/sertraline/handout.pdf", {"lang": "es", "clinician": "Dr. Li"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_fits_on_one_or_two_pages(seeded):
    if not handouts.pdf_support()["available"]:
        pytest.skip("WeasyPrint system libraries are not installed here")
    from drugs.models import Drug

    slug, data, _hours = single_dose_interrupt()  # the longest handout: costs, tip, resume
    for lang in ("en", "es"):
        document = handouts.render_handout_document(
            drug=Drug.objects.get(slug=slug),
            params=data,
            lang=lang,
            clinician="Dra. Ana Ruiz",
            query="",
        )
        assert 1 <= len(document.pages) <= 2, (lang, len(document.pages))


def test_pdf_is_cached_by_revision_scenario_and_language(client, seeded, monkeypatch):
    calls = []
    monkeypatch.setattr(handouts, "pdf_support", lambda: {"available": True, "packages": ""})

    def fake_render(**kwargs):
        calls.append(kwargs["lang"])
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(handouts, "render_handout_pdf", fake_render)
    for _ in range(2):
        response = client.get("/drugs/sertraline/handout.pdf", {"lang": "es"})
        assert response.content == b"%PDF-1.7 fake"
    client.get("/drugs/sertraline/handout.pdf", {"lang": "en"})
    client.get("/drugs/sertraline/handout.pdf", {"lang": "en", "dose_mg": "100"})
    assert calls == ["es", "en", "en"]


def test_pdf_without_weasyprint_says_what_to_install(client, seeded, monkeypatch):
    missing = {"available": False, "error": "OSError", "packages": "libpango-1.0-0 x"}
    monkeypatch.setattr(handouts, "pdf_support", lambda: missing)
    response = client.get("/drugs/sertraline/handout.pdf", {"lang": "es"})
    assert response.status_code == 503
    assert "apt-get install -y libpango-1.0-0" in text(response)
    # The print view still works and its PDF link explains the missing libraries.
    handout = client.get("/drugs/sertraline/handout", {"lang": "en"})
    assert handout.status_code == 200
    assert "PDF unavailable on this server" in text(handout)


def test_pdf_render_failure_is_503_without_traceback(client, seeded, monkeypatch):
    monkeypatch.setattr(handouts, "pdf_support", lambda: {"available": True, "packages": "p"})

    def boom(**kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(handouts, "render_handout_pdf", boom)
    response = client.get("/drugs/sertraline/handout.pdf")
    assert response.status_code == 503
    assert "Traceback" not in response.content.decode()


def test_engine_phrases_mirrored_for_translation_match_the_engine():
    assert handouts.ENGINE_PHRASES["cns"] == engine_phrases.CNS_MONITORING
    assert handouts.ENGINE_PHRASES["supply"] == engine_phrases.SUPPLY_MONITORING
    assert tuple(handouts.INTERRUPTION_COST_PHRASES) == tuple(engine_phrases.INTERRUPTION_COSTS)


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(handouts, "pdf_support", lambda: {"available": True, "packages": ""})
    monkeypatch.setattr(handouts, "render_handout_pdf", lambda **kwargs: b"%PDF-1.7 fake")


def test_pdf_rendered_in_request_when_broker_is_down(client, seeded, fake_pdf, monkeypatch):
    from kombu.exceptions import OperationalError

    from advice import tasks

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.render_handout_pdf, "apply_async", down)
    response = client.get("/drugs/sertraline/handout.pdf", {"lang": "es"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_pdf_pending_page_while_a_worker_renders(client, seeded, fake_pdf, monkeypatch):
    from advice import tasks

    monkeypatch.setattr(tasks.render_handout_pdf, "apply_async", lambda *a, **k: None)
    monkeypatch.setitem(tasks.render_handout_pdf.app.conf, "task_always_eager", False)
    monkeypatch.setattr(handouts, "PDF_WAIT_SECONDS", 0.3)
    response = client.get("/drugs/sertraline/handout.pdf", {"lang": "en"})
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Preparing the PDF" in text(response)
