"""Parent-facing text (summary and handout, English and Spanish) on the seeded monographs."""

import re

import pytest

from tests.web.web_helpers import text

pytestmark = pytest.mark.django_db

OFTEN_STILL = {
    "en": "you can often still breastfeed",
    "es": "a menudo puede seguir amamantando",
}


# source: FDA Drug Safety Communication, 20 April 2017 — recommends against codeine and tramadol
# in breastfeeding mothers; the parent text must never say feeding can often go on with them.
@pytest.mark.parametrize("slug", ["codeine", "tramadol"])
@pytest.mark.parametrize("age", ["3", "30", "120", "400"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_codeine_and_tramadol_parent_text_follows_fda_2017(client, seeded, slug, age, lang):
    for page in ("summary", "handout"):
        response = client.get(f"/drugs/{slug}/{page}", {"infant_age_days": age, "lang": lang})
        assert response.status_code == 200
        body = text(response).lower()
        assert OFTEN_STILL[lang] not in body
        if lang == "en":
            assert "do not take" in body and "food and drug administration" in body
        else:
            assert "no tome" in body and "fda" in body


# Clinician terms that must not reach a parent's summary or handout (both languages).
CLINICIAN_TERMS = [
    re.compile(p)
    for p in (
        r"\bCNS\b",
        r"\bSNC\b",
        r"\bRID\b",
        r"\bDIR\b",
        r"M/P",
        r"\bCYP\w*",
        r"\bSSRIs?\b",
        r"\bNSAIDs?\b",
        r"\bAINE",
        r"\bIV\b",
        r"\bIM\b",
        r"\bPK\b",
        r"t1/2",
        r"metaboli[sz]er",
        r"pharmacokinetic",
        r"farmacocin",
        r"bioavailab",
        r"biodisponib",
        r"therapeutic index",
        r"índice terapéutico",
        r"mg/kg",
        r"\bneonat",
        r"\bneonatal",
        r"\bapnoea\b|\bapnea\b",
        r"\bG6PD\b",
        r"\bserum\b",
        r"\bsuero\b",
        r"\bmetabolit",
    )
]
PARENT_SCENARIOS = [{}, {"infant_age_days": 14}]


def _parent_body(drug, data, lang):
    from django.template.loader import render_to_string
    from django.utils import translation

    from advice.handouts import content as handouts
    from advice.services import advice_for

    with translation.override(lang):
        result = advice_for(drug=drug, data=data)
        if result.verdict is None:
            return None
        context = handouts.handout_context(
            drug=drug, verdict=result.verdict, lang=lang, clinician="", query=""
        )
        return render_to_string("advice/_sdm_body.html", context)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_parent_text_has_no_clinician_terms(seeded, lang):
    from drugs.selectors import published_drugs

    found = []
    rendered = 0
    for drug in published_drugs().order_by("slug"):
        for data in PARENT_SCENARIOS:
            body = _parent_body(drug, data, lang)
            if body is None:
                continue
            rendered += 1
            plain = re.sub(r"<[^>]+>", " ", body)
            for pattern in CLINICIAN_TERMS:
                m = pattern.search(plain)
                if m:
                    start = max(0, m.start() - 60)
                    found.append(f"{drug.slug}|{data}|{m.group(0)}|{plain[start : m.end() + 40]!r}")
    assert rendered >= 500  # every single-ingredient seed monograph, two infants
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} in all)"
