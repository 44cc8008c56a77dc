"""Safety invariants over every published monograph, in three scenarios each (the drug's
defaults, a 14-day-old term infant, a preterm infant); see tests/clinical/sweep.py, which prints
the same sweep as a table.

- no cytotoxic drug is ever called compatible (issue 4, rule 3);
- a therapeutic radionuclide (I-131 and the like) always means weaning (ABM #31; NRC
  NUREG-1556 Vol. 9 App. U);
- no contrast agent gets an interruption at its typical dose (ACR Manual on Contrast Media;
  ABM #31);
- a drug that lowers milk supply is never compatible unless curated guidance says so (issue 4,
  rule 4; Aljazaf 2003, ABM #13);
- an unconditional, followed "compatible" statement (LactMed and the like) never turns into an
  interruption or weaning at the typical dose;
- a newborn or preterm infant never gets a less restrictive verdict than the default older
  infant (Anderson 2003);
- every verdict has a reason and a citation; every interruption has a duration.
"""

import importlib.util
from pathlib import Path

import pytest

from advice.engine import ScenarioError
from advice.services import advice_for
from drugs.selectors import published_drugs

_spec = importlib.util.spec_from_file_location(
    "clinical_sweep", Path(__file__).with_name("sweep.py")
)
sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sweep)


@pytest.fixture(scope="module")
def results(seeded_session, django_db_blocker):
    """[(published snapshot, {scenario name: verdict dict or {"error": ...}})] for all drugs."""
    out = []
    with django_db_blocker.unblock():
        drugs = list(published_drugs().order_by("slug"))
        for drug in drugs:
            by_scenario = {}
            for name, extra in sweep.SCENARIOS.items():
                try:
                    by_scenario[name] = advice_for(drug=drug, data=dict(extra)).to_dict()
                except ScenarioError as exc:
                    by_scenario[name] = {"error": "; ".join(exc.errors.values())}
            out.append((drug.published_data, by_scenario))
    return out


def _violations(results, predicate):
    return sorted(
        f"{data['slug']}[{name}]: {r.get('verdict', r.get('error'))}"
        for data, by_scenario in results
        for name, r in by_scenario.items()
        if predicate(data, name, r)
    )


def test_all_published_monographs_swept(results):
    assert len(results) >= 332
    assert _violations(results, lambda d, n, r: "error" in r) == []


def test_no_cytotoxic_drug_is_compatible(results):
    assert (
        _violations(
            results, lambda d, n, r: d["flags"].get("cytotoxic") and r["verdict"] == "compatible"
        )
        == []
    )


def test_therapeutic_radionuclides_mean_weaning(results):
    assert (
        _violations(
            results, lambda d, n, r: sweep.is_therapy_radionuclide(d) and r["verdict"] != "wean"
        )
        == []
    )


def test_no_contrast_agent_interrupts_at_typical_dose(results):
    assert (
        _violations(
            results,
            lambda d, n, r: d["kind"] == "contrast" and r["verdict"] in {"interrupt", "wean"},
        )
        == []
    )
    contrast = [d for d, _ in results if d["kind"] == "contrast"]
    assert len(contrast) >= 5  # iodinated and gadolinium agents are in the seed


def test_supply_lowering_drugs_not_compatible_without_curated_guidance(results):
    def bad(d, n, r):
        if not sweep.lowers_supply(d) or r["verdict"] != "compatible":
            return False
        return not any(
            x["rule"] in {"curated_guidance", "curated_dose_floor"}
            and x["category"] == "compatible"
            for x in r["reasons"]
        )

    assert _violations(results, bad) == []
    for slug in ("cabergoline", "bromocriptine", "pseudoephedrine"):
        by_scenario = next(s for d, s in results if d["slug"] == slug)
        assert {r["verdict"] for r in by_scenario.values()} == {"use_alternative"}, slug


def test_unconditional_compatible_guidance_never_becomes_interrupt(results):
    assert (
        _violations(
            results,
            lambda d, n, r: (
                n == "default"
                and sweep.unconditional_compatible(d)
                and r["verdict"] in {"interrupt", "wean"}
            ),
        )
        == []
    )


def test_newborn_and_preterm_never_less_restrictive(results):
    def bad(d, n, r):
        default = next(s for x, s in results if x is d)["default"]
        return n != "default" and (
            sweep.STRICTNESS[r["verdict"]] < sweep.STRICTNESS[default["verdict"]]
        )

    assert _violations(results, bad) == []


def test_every_verdict_has_a_reason(results):
    assert _violations(results, lambda d, n, r: not r.get("reasons")) == []


def test_every_interruption_has_a_duration(results):
    assert (
        _violations(
            results,
            lambda d, n, r: r["verdict"] == "interrupt" and not (r.get("interrupt_hours") or 0) > 0,
        )
        == []
    )


def _uncited(d, n, r):
    return not r.get("citations")


def test_uncited_verdicts_only_from_insufficient_data(results):
    """A verdict without any citation is tolerated only when "too little data" decided it
    (that rule cites the monograph's own lactation sources, and warns when there are none)."""

    def bad(d, n, r):
        if r.get("citations"):
            return False
        deciding = {x["rule"] for x in r["reasons"] if x["category"] is not None}
        return deciding != {"insufficient_data"}

    assert _violations(results, bad) == []


def test_every_verdict_has_a_citation(results):
    assert _violations(results, _uncited) == []
