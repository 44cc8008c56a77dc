"""End-to-end: search to verdict, adjusting the scenario, the Spanish handout and its PDF,
keyboard-only navigation, axe-core on every page, phone and desktop layouts."""

import re

import pytest

from tests.e2e.conftest import assert_accessible, shoot
from tests.web.web_helpers import age_sensitive_drug

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _type_in_search(page, letters: str) -> None:
    page.goto("/")
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    assert focused == "q", "the search box must have focus on load"
    page.keyboard.type(letters, delay=40)
    page.wait_for_selector("#suggestions a.suggestion")


def test_type_zol_and_pick_zoloft(new_page, seeded):
    page = new_page("desktop")
    _type_in_search(page, "zol")
    zoloft = page.locator("#suggestions a.suggestion", has_text="Zoloft")
    assert "sertraline" in zoloft.inner_text()
    assert zoloft.locator(".chip").count() == 1  # the typical-dose verdict, word + colour
    # Screen readers hear the count through the role=status element (htmx out-of-band swap).
    assert re.search(r"\d+ suggestions?", page.locator("#suggest-status").inner_text())
    assert_accessible(page, "search with suggestions")
    shoot(page, "search-suggestions-desktop")
    zoloft.click()
    page.wait_for_url("**/drugs/sertraline/")
    verdict = page.locator("section.verdict")
    assert verdict.get_attribute("data-verdict") in {
        "compatible",
        "use_alternative",
        "interrupt",
        "wean",
    }
    assert page.locator("#verdict-word").inner_text().strip()
    assert_accessible(page, "drug page")
    assert page.console_errors == [], page.console_errors  # no CSP violations


def test_keyboard_only_search_navigation(new_page, seeded):
    page = new_page("desktop")
    _type_in_search(page, "zol")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.className")
    assert "suggestion" in first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "q"
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if "Zoloft" in page.evaluate("document.activeElement.innerText"):
            break
    else:
        pytest.fail("Zoloft not reachable with the arrow keys")
    page.keyboard.press("Enter")
    page.wait_for_url("**/drugs/sertraline/")
    # Escape from the list returns to the box.
    _type_in_search(page, "zol")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "q"


def test_adjust_dose_and_infant_age_changes_the_verdict(new_page, seeded):
    slug, default, newborn = age_sensitive_drug()
    page = new_page("desktop")
    page.goto(f"/drugs/{slug}/")
    assert page.locator("section.verdict").get_attribute("data-verdict") == default
    page.get_by_label("Dose (mg per dose)").fill("10")
    page.get_by_label("Infant age (days)").fill("10")
    page.get_by_role("button", name="Show the verdict").click()
    page.wait_for_url(re.compile(rf"/drugs/{slug}/advice\?.*infant_age_days=10"))
    assert "dose_mg=10" in page.url
    assert page.locator("section.verdict").get_attribute("data-verdict") == newborn
    assert "infant 10 days old" in page.locator("section.verdict").inner_text()
    assert_accessible(page, "adjusted verdict")
    shoot(page, "verdict-adjusted-desktop")
    # The verdict URL is bookmarkable: loading it again gives the same verdict.
    url = page.url
    page.goto(url)
    assert page.locator("section.verdict").get_attribute("data-verdict") == newborn


def test_invalid_dose_shows_field_error(new_page, seeded):
    page = new_page("phone")
    page.goto("/drugs/sertraline/advice?dose_mg=-3")
    summary = page.locator("#form-errors")
    assert "Dose (mg per dose)" in summary.inner_text()
    assert page.locator("section.verdict").count() == 0
    assert_accessible(page, "form errors")
    shoot(page, "form-errors-phone")


def test_spanish_handout_and_pdf(new_page, seeded):
    page = new_page("desktop")
    page.goto("/drugs/sertraline/advice?dose_mg=50&infant_age_days=30")
    page.get_by_label("Language").select_option("es")
    page.get_by_label("Clinician's name").fill("Dra. Ana Ruiz")
    page.get_by_role("button", name="Printable handout").click()
    page.wait_for_url("**/drugs/sertraline/handout?**")
    assert page.evaluate("document.documentElement.lang") == "es"
    body = page.locator("body").inner_text()
    assert "Dra. Ana Ruiz" in body
    assert "Qué vigilar en su bebé" in body
    assert_accessible(page, "Spanish handout")
    shoot(page, "handout-es-desktop")
    pdf_link = page.locator("a#pdf-link")
    assert pdf_link.count() == 1, "WeasyPrint unavailable: " + body[:200]
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_search_without_javascript(new_page, seeded):
    page = new_page("phone", java_script_enabled=False)
    page.goto("/")
    page.fill("#q", "zol")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=zol")
    assert "Zoloft" in page.locator("main").inner_text()
    page.locator("a.suggestion", has_text="Zoloft").click()
    page.wait_for_url("**/drugs/sertraline/")


PAGES = {
    "home": "/",
    "drug": "/drugs/sertraline/",
    "verdict": "/drugs/sertraline/advice?dose_mg=50&infant_age_days=10&preterm=on",
    "summary": "/drugs/sertraline/summary?dose_mg=50",
    "handout-en": "/drugs/sertraline/handout?lang=en&clinician=Dr+Li",
    "regimen": "/regimen/?drug=sertraline&drug=ibuprofen&drug=&dose_mg=50&dose_mg=400&dose_mg=",
    "unknown-drug": "/drugs/sertralin/",
    "not-found": "/no/such/page",
    "results": "/search?q=zol",
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_page_is_accessible_and_fits_the_screen(new_page, seeded, viewport):
    page = new_page(viewport)
    for name, url in PAGES.items():
        page.console_errors.clear()
        response = page.goto(url)
        expected = 404 if name in {"unknown-drug", "not-found"} else 200
        assert response.status == expected, name
        assert_accessible(page, f"{name} ({viewport})")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name} overflows at {viewport}: {width}"
        shoot(page, f"{name}-{viewport}")
        # Only the document's own 404 may be logged; anything else (CSP, missing asset) fails.
        errors = [e for e in page.console_errors if expected != 404 or "404" not in e]
        assert errors == [], f"{name}: {errors}"
