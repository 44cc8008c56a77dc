"""The precedence is data (advice.engine.rules) and the flags are explicit monograph facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advice.engine import Category, PkValue, Scenario, advise, advise_regimen
from advice.engine import rules as r
from advice.engine.assembly import decide
from advice.engine.resolve import resolve_context
from advice.engine.thresholds import DEFAULT
from tests.engine import profiles as p


def test_every_step_names_a_declared_rule_and_every_decider_has_its_steps() -> None:
    assert set(r.AFTER) == set(r.DECIDERS)
    for rule_id in r.DECIDERS:
        assert r.RULES[rule_id].role is r.Role.DECIDES
    for step in (*(s for steps in r.AFTER.values() for s in steps), *r.LATE):
        assert step.rule in r.RULES, step.rule
    # Too little data always decides when nothing stronger does: it comes last.
    assert r.DECIDERS[-1] == "insufficient_data"


@pytest.mark.parametrize(
    ("factory", "scenario", "decided_by"),
    [
        (p.sertraline, Scenario(infant_age_days=120), "curated_guidance"),
        (p.pertechnetate, Scenario(activity_mbq=100.0, infant_age_days=120), "curated_guidance"),
        (p.cyclophosphamide, Scenario(infant_age_days=120), "cytotoxic"),
        (p.adalimumab, Scenario(infant_age_days=120), "low_transfer"),
        (p.oral_f_unknown, Scenario(infant_age_days=120), "exposure"),
        (p.novel_drug, Scenario(infant_age_days=120), "insufficient_data"),
    ],
)
def test_the_first_deciding_rule_in_the_declared_order_decides(
    factory, scenario, decided_by
) -> None:
    ctx = resolve_context(factory(), scenario, DEFAULT)
    decision = decide(ctx)
    assert decision.decided_by == decided_by
    assert decision.category is advise(factory(), scenario).category


def test_each_rule_has_the_one_signature() -> None:
    ctx = resolve_context(p.codeine(), Scenario(infant_age_days=14), DEFAULT)
    for rule in r.RULES.values():
        out = rule.check(ctx)
        assert out is None or out.rule, rule.id


def test_serotonergic_warning_follows_the_flag_not_class_names() -> None:
    flagged = advise_regimen([(p.sertraline(), Scenario()), (p.fluoxetine(), Scenario())])
    assert any("Serotonergic" in w for w in flagged.warnings)
    unflagged = advise_regimen(
        [
            (replace(p.sertraline(), serotonergic=False), Scenario()),
            (replace(p.fluoxetine(), serotonergic=False), Scenario()),
        ]
    )
    assert not any("Serotonergic" in w for w in unflagged.warnings)


def test_radioiodine_sentence_follows_the_flag() -> None:
    scenario = Scenario(activity_mbq=100.0, infant_age_days=120)
    v = advise(p.iodine131(), scenario)
    assert v.category is Category.WEAN
    assert any("stop for this child" in x.text for x in v.reasons)
    plain = advise(replace(p.iodine131(), radioiodine=False), scenario)
    assert plain.category is Category.WEAN
    assert not any("stop for this child" in x.text for x in plain.reasons)


def test_colostrum_rule_follows_the_kind_not_the_class_name() -> None:
    """A large protein passes into colostrum in the first week: the large-molecule rule is held
    back for a biologic (kind), never guessed from "mab" in a class name."""
    week_old = Scenario(infant_age_days=3)
    biologic = advise(p.adalimumab(), week_old)
    assert any("colostrum" in x.text for x in biologic.reasons)
    small = replace(
        p.adalimumab(), kind="drug", classes=("monoclonal antibody",), mw_da=PkValue(900.0)
    )
    v = advise(small, week_old)
    assert not any("colostrum" in x.text for x in v.reasons)
    assert any(x.rule == "low_transfer" and x.category is Category.COMPATIBLE for x in v.reasons)
