"""Parent-facing text (summary and handout, English and Spanish) on the seeded monographs."""

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
