"""The language switch in a real browser: visible on every clinician page, keyboard usable,
remembered (cookie) across pages, the page's lang attribute follows; Spanish pages pass axe
at phone and desktop widths. Screenshots: tests/e2e/screenshots/es-*.png."""

import pytest

from tests.e2e.conftest import assert_accessible, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_switch_to_spanish_is_remembered_and_accessible(new_page, seeded, viewport):
    page = new_page(viewport)
    page.goto("/drugs/sertraline/")
    assert page.evaluate("document.documentElement.lang") == "en"
    switch = page.locator('.lang-switch a[hreflang="es"]')
    assert switch.inner_text() == "Español"
    switch.focus()  # keyboard: focus the link and press Enter
    with page.expect_navigation(url="**/drugs/sertraline/"):
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("h1").inner_text().startswith("Sertralina (sertraline)")
    body = page.locator("body").inner_text()
    assert "La sertralina pasa a la leche" in body
    assert page.locator('.lang-switch [aria-current="true"]').inner_text() == "Español"
    assert_accessible(page, f"sertraline in Spanish ({viewport})")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"overflows at {viewport}: {width}"
    shoot(page, f"es-sertraline-{viewport}")

    # Remembered: another page, typed into the address bar, is in Spanish too.
    page.goto("/drugs/codeine/advice?infant_age_days=10")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("h1").inner_text().startswith("Codeína (codeine)")
    assert (
        "Use en su lugar paracetamol, ibuprofeno u otro analgésico."
        in page.locator("body").inner_text()
    )
    assert_accessible(page, f"codeine in Spanish ({viewport})")
    shoot(page, f"es-codeine-newborn-{viewport}")

    page.goto("/search?q=amoxicilina")  # Enter on a Spanish name opens the drug
    page.wait_for_url("**/drugs/amoxicillin/")
    assert page.locator("h1").inner_text().startswith("Amoxicilina (amoxicillin)")

    # And back to English from the same switch.
    with page.expect_navigation(url="**/drugs/amoxicillin/"):
        page.locator('.lang-switch a[hreflang="en"]').click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text().startswith("Amoxicillin")


def test_spanish_search_suggests_spanish_names(new_page, seeded):
    page = new_page("desktop")
    page.goto("/")
    with page.expect_navigation():
        page.locator('.lang-switch a[hreflang="es"]').click()
    assert page.evaluate("document.documentElement.lang") == "es"
    page.locator("#q").focus()
    page.keyboard.type("levotir", delay=40)
    page.wait_for_selector("#suggestions a.suggestion")
    first = page.locator("#suggestions a.suggestion").first.inner_text()
    assert "levotiroxina" in first.lower()
    assert_accessible(page, "Spanish suggestions")
    shoot(page, "es-suggestions-desktop")
