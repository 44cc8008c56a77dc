"""Several drugs at once: combined verdict and interaction warnings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advice.engine import Category, DrugProfile, Regimen, Scenario, ScenarioError, advise_regimen
from tests.engine import profiles as p

OLDER = Scenario(infant_age_days=120)


def test_combined_is_most_restrictive_with_max_hours() -> None:
    r = advise_regimen(
        [
            (p.ibuprofen(), OLDER),
            (p.pertechnetate(), Scenario(infant_age_days=120, activity_mbq=500)),
            (
                p.tinidazole(),
                Scenario(dose_mg=2000, regimen=Regimen.SINGLE, infant_age_days=120),
            ),
        ]
    )
    assert [v.category for v in r.items] == [
        Category.COMPATIBLE,
        Category.INTERRUPT,
        Category.INTERRUPT,
    ]
    assert r.combined is Category.INTERRUPT
    assert r.combined_interrupt_hours == 24.0
    assert r.engine_version == r.items[0].engine_version


def test_wean_dominates() -> None:
    r = advise_regimen([(p.ibuprofen(), OLDER), (p.cyclophosphamide(), OLDER)])
    assert r.combined is Category.WEAN
    assert r.combined_interrupt_hours is None


@pytest.mark.parametrize(
    ("drugs", "warning"),
    [
        pytest.param((p.codeine, p.oxycodone), "Additive infant sedation", id="cns"),
        pytest.param((p.sertraline, p.fluoxetine), "Serotonergic", id="serotonergic"),
        pytest.param((p.cabergoline, p.pseudoephedrine), "lower milk supply", id="supply"),
        pytest.param((p.ibuprofen, p.ibuprofen), "more than once", id="duplicate"),
    ],
)
def test_interaction_warnings(drugs: tuple[Callable[[], DrugProfile], ...], warning: str) -> None:
    r = advise_regimen([(d(), OLDER) for d in drugs])
    assert any(warning in w for w in r.warnings), r.warnings


def test_no_interaction_warning_for_one_cns_depressant() -> None:
    r = advise_regimen([(p.codeine(), OLDER), (p.ibuprofen(), OLDER)])
    assert r.warnings == ()


def test_different_infants_warned() -> None:
    r = advise_regimen([(p.ibuprofen(), OLDER), (p.ibuprofen(), Scenario(infant_age_days=10))])
    assert any("different infants" in w for w in r.warnings)


def test_errors_are_prefixed_by_item() -> None:
    with pytest.raises(ScenarioError) as exc:
        advise_regimen([(p.ibuprofen(), OLDER), (p.ibuprofen(), Scenario(dose_mg=-1))])
    assert set(exc.value.errors) == {"items[1].dose_mg"}


def test_empty_regimen_is_an_error() -> None:
    with pytest.raises(ScenarioError):
        advise_regimen([])
