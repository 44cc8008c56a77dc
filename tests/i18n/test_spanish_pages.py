"""Every clinician page in Spanish: no interface string left in English, no English drug name
where a Spanish one exists, and English that has no translation yet marked as English.

Allowed English: text inside an element with ``lang="en"`` (the fallback for curated text
without a current translation, labelled "(en inglés)"; the switch's own "English" link), the
references list (the sources' own titles), brand names, and the English record name written
beside the Spanish one ("Paracetamol (acetaminophen)").
"""

import html
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

PAGES = [
    "/",
    "/drugs/sertraline/",
    "/drugs/codeine/advice?infant_age_days=10",
    "/drugs/acetaminophen/",
    "/drugs/ibuprofen/",
    "/drugs/amoxicillin/",
    "/drugs/iohexol/",
    "/drugs/sodium-iodide-i-131/",
    "/drugs/morphine/advice?regimen=single&dose_mg=5&route=iv",
    "/drugs/sertraline/summary",
    "/drugs/codeine/handout?lang=es",
    "/combinations/acetaminophen+codeine/",
    "/combinations/acetaminophen+codeine/handout?lang=es",
    "/regimen/?drug=sertralina&drug=ibuprofeno",
    "/search?q=zzzzqq",
    "/search?q=tyleno",
]
# Interface wording that must never show on a Spanish page (each is translated in locale/es).
ENGLISH_UI = [
    "Search",
    "New search",
    "Brands",
    "Alternatives",
    "Key facts",
    "Pharmacokinetics",
    "References",
    "Watch for",
    "What to watch",
    "Typical dose",
    "Also known as",
    "unverified",
    "Printable handout",
    "Several drugs",
    "Skip to content",
    "Use an alternative",
    "Interrupt breastfeeding",
    "Evidence",
    "For the parent",
    "Milk-level studies",
    "Effects in breastfed infants",
    "Infant age not given",
    "Defaults assumed",
    "For reference",
    "is below the",
    "Too little is known",
    "can lower milk supply",
    "mg/kg/day",
    "chronic",
    "None reported",
    "Half-life",
    "Molecular weight",
    "Seed data",
    "and breastfeeding",
    "Each ingredient",
    "combination product",
    "RID",
]
# English record name -> its Spanish name: the English must not stand on its own.
NAMES = {
    "acetaminophen": "paracetamol",
    "codeine": "codeína",
    "ibuprofen": "ibuprofeno",
    "sertraline": "sertralina",
    "amoxicillin": "amoxicilina",
    "morphine": "morfina",
    "cetirizine": "cetirizina",
    "paroxetine": "paroxetina",
    "sodium iodide i 131": "yoduro sódico (131I)",
}


def _strip_lang_en(markup: str) -> str:
    """Remove every element marked lang="en" (nested elements included)."""
    out, pos = [], 0
    opener = re.compile(r'<(\w+)\b[^>]*\blang="en"[^>]*>')
    while True:
        m = opener.search(markup, pos)
        if m is None:
            out.append(markup[pos:])
            return "".join(out)
        out.append(markup[pos : m.start()])
        tag, depth, i = m[1], 1, m.end()
        tokens = re.compile(rf"<(/?){tag}\b[^>]*>")
        while depth:
            t = tokens.search(markup, i)
            if t is None:
                return "".join(out)
            depth += -1 if t[1] else 1
            i = t.end()
        pos = i


def visible(markup: str) -> str:
    markup = re.sub(r"<(script|style|head)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'<ol class="refs">.*?</ol>', " ", markup, flags=re.S)
    # "También conocido como" lists every name the drug is searched by, English ones included.
    markup = re.sub(r"También conocido como</dt><dd>.*?</dd>", " ", markup, flags=re.S)
    markup = _strip_lang_en(markup)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("url", PAGES)
def test_a_spanish_page_has_no_english_interface_string(es_client, url):
    response = es_client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert re.search(r'<html lang="es"', body), url
    shown = visible(body)
    left = [w for w in ENGLISH_UI if re.search(rf"\b{re.escape(w)}\b", shown)]
    assert left == [], (url, left, shown[:600])


@pytest.mark.parametrize("url", PAGES)
def test_a_spanish_page_names_drugs_in_spanish(es_client, url):
    shown = visible(es_client.get(url).content.decode())
    shown = re.sub(r"https?://\S+", " ", shown)  # addresses hold the slug
    # The English record name written beside the Spanish one: "(acetaminophen and codeine)".
    shown = re.sub(r"\((?:[a-z0-9 ,/+-])+\)", " ", shown)
    for english in NAMES:
        # Lower case: brand names ("Tylenol with Codeine") keep their capitals.
        alone = re.search(rf"(?<!\()\b{re.escape(english)}\b", shown)
        assert alone is None, (url, english, shown[max(0, alone.start() - 80) : alone.end() + 80])


def test_untranslated_curated_text_is_marked_english(es_client):
    """Guidance for a drug without seed translations: shown in English, marked, lang="en"."""
    body = es_client.get("/drugs/zuranolone/").content.decode()
    assert '<span lang="en">' in body and "(en inglés)" in body


def test_the_seed_translation_is_shown_in_spanish(es_client):
    body = html.unescape(es_client.get("/drugs/sertraline/").content.decode())
    assert "La sertralina pasa a la leche en cantidades muy pequeñas" in body
    assert "Vigile: En raras ocasiones, los prematuros" in body
    assert "Sertraline passes into milk" not in body
