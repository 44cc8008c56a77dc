"""The parent's "real risk" sentence says why another medicine is advised."""

import pytest

from tests.web.web_helpers import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "params", "sentence"),
    [
        ("codeine", {}, "advises not to use it while breastfeeding"),
        (
            "ciprofloxacin",
            {"dose_mg": 500},
            "Experts advise a different medicine while breastfeeding",
        ),
        ("cabergoline", {}, "This medicine can lower your milk supply."),
        ("fluoxetine", {"infant_age_days": 10}, "Babies under 2 months old"),
    ],
)
def test_summary_names_the_kind_of_caution(client, seeded, slug, params, sentence):
    page = text(client.get(f"/drugs/{slug}/summary", params))
    assert "Use an alternative" in page or "alternative" in page.lower()
    assert sentence in page


def test_spanish_summary_translates_the_caution(client, seeded):
    page = text(client.get("/drugs/cabergoline/handout", {"lang": "es"}))
    assert "Este medicamento puede bajar su cantidad de leche." in page
