"""Clinical precision (issue 13): the FDA 2017 codeine/tramadol statement, route, dose and
infant age as inputs of every rule, evidence honesty. Each test asserts verdicts and rule ids."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advice.engine import Category, Regimen, Route, Scenario, advise
from tests.engine import profiles as p

C, UA, INT, W = Category.COMPATIBLE, Category.USE_ALTERNATIVE, Category.INTERRUPT, Category.WEAN


def tramadol_like():
    """Codeine's profile under tramadol's slug, with a compatible curated entry followed (a
    permissive source must not win over the FDA statement)."""
    base = p.codeine()
    permissive = p.guidance(
        "tramadol-sps",
        C,
        guideline="NHS SPS",
        version="2024",
        rationale="Lowest dose.",
        cites=("codeine:mhra",),
    )
    return replace(base, slug="tramadol", name="Tramadol", guidance=(permissive,))


@pytest.mark.parametrize("age", [0, 3, 14, 30, 59, 61, 120, 400, None])
@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(),
        Scenario(dose_mg=15, regimen=Regimen.SINGLE),
        Scenario(dose_mg=60, regimen=Regimen.CHRONIC, doses_per_day=4),
        Scenario(route=Route.IV, regimen=Regimen.SINGLE),
    ],
    ids=["default", "single-low", "regular-high", "iv-single"],
)
@pytest.mark.parametrize("factory", [p.codeine, tramadol_like], ids=["codeine", "tramadol"])
def test_fda_2017_decides_codeine_and_tramadol_at_every_age(factory, scenario, age):
    v = advise(factory(), replace(scenario, infant_age_days=age))
    assert v.category is UA
    assert v.interrupt_hours is None
    assert v.reasons[0].rule == "regulatory_avoid"
    assert "fda-dsc-codeine-tramadol-2017" in v.reasons[0].citation_keys
    assert any(c.key == "fda-dsc-codeine-tramadol-2017" for c in v.citations)
    decisive = [r for r in v.reasons if r.category is not None]
    assert all(r.category is UA for r in decisive)
    for r in decisive:
        assert "infant monitoring" not in r.text
        assert "breastfeeding can continue" not in r.text


def test_other_opioids_are_not_caught_by_the_fda_rule():
    v = advise(p.oxycodone(), Scenario(infant_age_days=120))
    assert "regulatory_avoid" not in v.rules
