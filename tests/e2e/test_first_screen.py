# ruff: noqa: RUF001, RUF003 - the page shows the arithmetic with the real signs (× ÷)
"""The clinician's answer in the first screen (360x740 and 1280x800), search that opens the drug
or ranks a class, the regimen page's autocomplete and candidates, the integrators' pages.

Screenshots of each first screen are written to tests/e2e/screenshots/first-*.png."""

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS, assert_accessible, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
FOLDS = ["phone-fold", "desktop-fold"]

# name -> (url, verdict, whether "what to use instead" must be in the first screen)
FIRST_SCREENS = {
    "sertraline": ("/drugs/sertraline/", "compatible", False),
    "codeine-newborn": ("/drugs/codeine/advice?infant_age_days=7", "use_alternative", True),
    "iohexol": ("/drugs/iohexol/", "compatible", False),
    "i131": ("/drugs/sodium-iodide-i-131/", "wean", True),
}


def _bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def _top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"]


@pytest.mark.parametrize("fold", FOLDS)
@pytest.mark.parametrize("name", list(FIRST_SCREENS))
def test_first_screen_holds_the_answer(new_page, seeded, name, fold):
    url, verdict, instead = FIRST_SCREENS[name]
    page = new_page(fold)
    page.goto(url)
    height = page.viewport_size["height"]
    box = page.locator("section.verdict")
    assert box.get_attribute("data-verdict") == verdict
    # The verdict word, the action and the one-line reason are above the fold.
    for selector in ("#verdict-word", ".verdict-sub", "[data-headline-reason]"):
        assert _bottom(page, selector) <= height, f"{selector} below the fold ({name}, {fold})"
    if instead:
        assert _bottom(page, "[data-instead]") <= height, f"alternatives below the fold ({name})"
        chips = page.locator("[data-instead] .chip")
        assert chips.count() >= 1  # each alternative with its own verdict
    # Then the scenario controls, then the rest.
    assert _top(page, "#adjust-h") > _bottom(page, "section.verdict")
    assert _top(page, "#why-h") > _top(page, "#adjust-h")
    # No rule ids or versions on show: they sit in the closed technical-details disclosure.
    assert not page.locator("details.technical").get_attribute("open")
    assert not page.locator("code.rule-id").first.is_visible()
    assert "engine 1." not in page.locator("main").inner_text()
    assert_accessible(page, f"{name} first screen ({fold})")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} overflows at {fold}: {width}"
    shoot(page, f"first-{name}-{fold}", full_page=False)
    shoot(page, f"full-{name}-{fold}")
    assert page.console_errors == [], page.console_errors


def test_codeine_newborn_why_shows_the_arithmetic(new_page, seeded):
    page = new_page("phone-fold")
    page.goto("/drugs/codeine/advice?infant_age_days=7")
    steps = page.locator("ol.steps li")
    text = " ".join(steps.all_inner_texts())
    # RID = infant dose ÷ maternal dose × 100, with this patient's numbers.
    assert re.search(r"0\.0191 mg/kg/day\s*÷\s*1\.71 mg/kg/day\s*×\s*100\s*=\s*1\.1 %", text), text
    assert re.search(r"30 mg\s*×\s*4 per day\s*÷\s*70 kg\s*=\s*1\.71 mg/kg/day", text), text
    assert "5 % threshold" in text  # the newborn threshold
    # Defaults are a quiet line, only because defaults were assumed here.
    assert "Defaults assumed" in page.locator("[data-defaults]").inner_text()
    assert page.locator(".banner.info", has_text="Defaults assumed").count() == 0


def test_radioactive_pause_shows_the_decay_arithmetic(new_page, seeded):
    page = new_page("desktop-fold")
    page.goto(
        "/drugs/sodium-pertechnetate-tc-99m/advice?activity_mbq=1200&dose_time=2026-12-04T10:00"
    )
    assert page.locator("section.verdict").get_attribute("data-verdict") == "interrupt"
    assert _bottom(page, "[data-resume]") <= page.viewport_size["height"]
    text = " ".join(page.locator("ol.steps li").all_inner_texts())
    assert re.search(r"24 h\s*÷\s*6\.01 h\s*=\s*4 half-lives", text), text
    assert re.search(r"0\.5 \^\s*4 half-lives\s*=\s*6\.3 %", text), text
    assert re.search(r"1,200 MBq\s*×\s*6\.3 %\s*=\s*75\.3 MBq", text), text
    page.locator("details.technical summary").click()
    assert page.locator("code.rule-id", has_text="radioactive").is_visible()


def test_key_facts_never_break_a_word_at_360(new_page, seeded):
    page = new_page("phone-fold")
    for slug in ("sertraline", "codeine", "sodium-iodide-i-131", "iohexol", "methotrexate"):
        page.goto(f"/drugs/{slug}/")
        broken = page.evaluate(
            """() => {
              const out = [];
              for (const dd of document.querySelectorAll('dl.kv dd')) {
                const probe = document.createElement('span');
                probe.style.whiteSpace = 'nowrap';
                probe.style.position = 'absolute';
                probe.style.visibility = 'hidden';
                dd.appendChild(probe);
                for (const word of dd.textContent.split(/\\s+/)) {
                  if (!word || word.includes('://')) continue;
                  probe.textContent = word;
                  if (probe.getBoundingClientRect().width > dd.clientWidth + 0.5) out.push(word);
                }
                probe.remove();
              }
              return out;
            }"""
        )
        assert broken == [], (slug, broken)


def test_chart_labels_are_inside_the_chart(new_page, seeded):
    from tests.web.web_helpers import single_dose_interrupt

    slug, data, _hours = single_dose_interrupt()
    query = "&".join(f"{k}={v}" for k, v in data.items())
    for fold in FOLDS:
        page = new_page(fold)
        page.goto(f"/drugs/{slug}/advice?{query}&dose_time=2026-12-04T10:00")
        outside = page.evaluate(
            """() => {
              const svg = document.querySelector('svg.chart');
              const vb = svg.viewBox.baseVal;
              return [...svg.querySelectorAll('text')].filter(t => {
                const b = t.getBBox();
                if (t.getAttribute('transform')) return false;  // the rotated y label
                return b.x < vb.x - 0.5 || b.y < vb.y - 0.5 ||
                       b.x + b.width > vb.x + vb.width + 0.5 ||
                       b.y + b.height > vb.y + vb.height + 0.5;
              }).map(t => t.textContent);
            }"""
        )
        assert outside == [], outside
        page.locator("svg.chart").screenshot(path=str(SCREENSHOTS / f"chart-{fold}.png"))


# --- Search ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "slug"), [("Zoloft", "sertraline"), ("sertraline", "sertraline")]
)
def test_enter_on_an_exact_name_opens_the_drug(new_page, seeded, typed, slug):
    page = new_page("desktop-fold")
    page.goto("/")
    page.fill("#q", typed)
    page.wait_for_selector("#suggestions a.suggestion")  # the suggestion box is open (JS)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/drugs/{slug}/")


def _result_names(page) -> list[str]:
    return [n.strip().lower() for n in page.locator("ul.results .s-name").all_inner_texts()]


@pytest.mark.parametrize("fold", FOLDS)
def test_class_and_indication_words_rank_the_members(new_page, seeded, fold):
    page = new_page(fold)
    page.goto("/search?q=flu+vaccine")
    names = _result_names(page)
    assert names and "influenza" in names[0], names
    assert not any(re.search(r"rsv|measles|mmr|papilloma|hpv|fluvoxamine", n) for n in names)
    assert_accessible(page, f"flu vaccine results ({fold})")
    shoot(page, f"search-flu-vaccine-{fold}", full_page=False)
    for q in ("SSRI", "birth control", "MRI contrast", "opioid", "antibiotic"):
        page.goto(f"/search?q={q}")
        chips = page.locator("ul.results a.suggestion")
        assert chips.count() >= 2, q
        verdicts = [
            chips.nth(i).locator(".chip").first.get_attribute("class") or ""
            for i in range(chips.count())
        ]
        order = ["v-compatible", "v-use_alternative", "v-interrupt", "v-wean"]
        ranks = [next((order.index(c) for c in order if c in v), len(order)) for v in verdicts]
        assert ranks == sorted(ranks), (q, verdicts)  # the best breastfeeding choices first
        assert "v-compatible" in verdicts[0], q
    page.goto("/search?q=opioid")
    assert not {"ibuprofen", "naproxen", "ketorolac"} & set(_result_names(page))
    page.goto("/search?q=SSRI")
    shoot(page, f"search-ssri-{fold}", full_page=False)


def test_an_herb_without_a_monograph_gets_the_honest_no_monograph_answer(new_page, seeded):
    # St John's wort has its own monograph now; black cohosh is asked about and has none.
    page = new_page("phone-fold")
    page.goto("/search?q=black+cohosh")
    main = page.locator("main").inner_text()
    assert "LactRx has no monograph for “black cohosh”" in main
    assert page.locator("[data-lactmed-search]").count() == 1
    assert page.locator("section.verdict, .chip").count() == 0
    assert_accessible(page, "black cohosh")


# --- Regimen --------------------------------------------------------------------------------
@pytest.mark.parametrize("fold", FOLDS)
def test_regimen_autocomplete_fills_rows_and_names_the_driver(new_page, seeded, fold):
    page = new_page(fold)
    page.goto("/regimen/")
    for row, (letters, pick) in enumerate((("sert", "sertraline"), ("code", "codeine"))):
        box = page.locator(f"#drug-{row}")
        box.click()
        page.keyboard.type(letters, delay=40)
        option = page.locator(f"#drug-{row}-suggestions a.suggestion[data-name='{pick}']")
        option.wait_for()
        if row == 0:
            option.click()  # by mouse
        else:
            page.keyboard.press("ArrowDown")
            while page.evaluate("document.activeElement.dataset.name") != pick:
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")  # by keyboard
        assert box.input_value() == pick
        assert page.url.endswith("/regimen/")  # filled, not navigated away
    assert_accessible(page, f"regimen with suggestions ({fold})")
    page.get_by_role("button", name="Show the verdicts").click()
    page.wait_for_url("**/regimen/?*")
    sub = page.locator("[data-driver]")
    assert sub.get_attribute("data-driver") == "codeine"
    assert "Codeine" in sub.inner_text()
    assert _bottom(page, "[data-instead]") <= page.viewport_size["height"]
    assert_accessible(page, f"regimen verdict ({fold})")
    shoot(page, f"regimen-driver-{fold}", full_page=False)


def test_regimen_ambiguous_name_candidates_are_clickable(new_page, seeded):
    page = new_page("phone-fold")
    page.goto("/regimen/?drug=sert&drug=ibuprofen")
    candidate = page.locator("[data-choices='1'] a.choice", has_text="sertraline")
    assert candidate.count() == 1
    assert_accessible(page, "regimen candidates")
    shoot(page, "regimen-candidates-phone-fold", full_page=False)
    candidate.click()
    page.wait_for_url("**/regimen/?*")
    assert page.locator("#drug-0").input_value() == "sertraline"
    assert page.locator("[data-driver]").count() == 1


# --- Integrators ----------------------------------------------------------------------------
@pytest.mark.parametrize("fold", FOLDS)
def test_footer_links_to_api_docs_and_cds_page(new_page, seeded, fold):
    page = new_page(fold)
    page.goto("/drugs/sertraline/")
    page.locator("footer").get_by_role("link", name="CDS Hooks for integrators").click()
    page.wait_for_url("**/integrators/cds-hooks")
    assert page.locator("[data-discovery]").inner_text().endswith("/cds-services")
    assert page.locator("li[data-indicator]").count() == 3
    assert_accessible(page, f"CDS Hooks page ({fold})")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"CDS page overflows at {fold}: {width}"
    shoot(page, f"cds-hooks-{fold}", full_page=False)
    page.locator("footer").get_by_role("link", name="API documentation").click()
    page.wait_for_url("**/api/docs/")
