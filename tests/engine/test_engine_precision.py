"""Clinical precision (issue 13): the FDA 2017 codeine/tramadol statement, route, dose and
infant age as inputs of every rule, evidence honesty. Each test asserts verdicts and rule ids."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advice.engine import Category, Evidence, MilkStudy, PkValue, Regimen, Route, Scenario, advise
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


# ------------------------------------------------------------------------- route
def topical_cytotoxic():
    return replace(p.cyclophosphamide(), minimal_absorption_routes=(Route.TOPICAL,))


@pytest.mark.parametrize(
    ("route", "expected"),
    [(Route.TOPICAL, C), (Route.TOPICAL_BREAST, W), (Route.IV, W), (Route.ORAL, W)],
)
def test_cytotoxic_is_judged_by_its_route(route, expected):
    v = advise(topical_cytotoxic(), Scenario(route=route, infant_age_days=120))
    assert v.category is expected
    if expected is C:
        assert "low_transfer" in v.rules
        assert "cytotoxic_floor" not in v.rules
        cyto = next(r for r in v.reasons if r.rule == "cytotoxic")
        assert cyto.category is None and "topical" in cyto.text


@pytest.mark.parametrize(
    ("route", "decides"),
    [(Route.NASAL, False), (Route.OPHTHALMIC, False), (Route.ORAL, True), (Route.IV, True)],
)
def test_milk_supply_rule_follows_the_route(route, decides):
    v = advise(p.pseudoephedrine(), Scenario(dose_mg=60, regimen=Regimen.SINGLE, route=route))
    supply = next(r for r in v.reasons if r.rule == "milk_supply")
    assert (supply.category is UA) is decides
    if not decides:
        assert "Watch milk supply" in supply.text


def high_transfer_drug():
    """PK-only profile whose estimate is far above 10 % when all of the dose is absorbed."""
    return replace(
        p.oral_f_unknown(),
        mp_ratio=PkValue(5.0, verified=True),
        vd_l_per_kg=PkValue(0.2, verified=True),
        half_life_h=PkValue(20.0, verified=True),
    )


def test_epidural_estimate_is_an_upper_bound_that_cannot_decide_against():
    iv = advise(high_transfer_drug(), Scenario(route=Route.IV, regimen=Regimen.SINGLE))
    epi = advise(high_transfer_drug(), Scenario(route=Route.EPIDURAL, regimen=Regimen.SINGLE))
    assert iv.category is INT and "single_dose_interrupt" in iv.rules
    assert epi.category is UA and epi.interrupt_hours is None
    assert "insufficient_data" in epi.rules
    pk_reason = next(r for r in epi.reasons if r.rule == "pk_estimate")
    assert pk_reason.category is None and "upper bound" in pk_reason.text


def test_epidural_upper_bound_can_clear_a_drug():
    v = advise(p.oral_f_unknown(), Scenario(route=Route.EPIDURAL, regimen=Regimen.SINGLE))
    assert v.category is C
    source = v.numbers["oral_bioavailability_used_pct"]["source"]  # type: ignore[index]
    assert "upper bound" in source and "epidural" in source


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("sublingual", Route.SUBLINGUAL),
        ("SL", Route.SUBLINGUAL),
        ("buccal", Route.BUCCAL),
        ("intradermal", Route.INTRADERMAL),
        ("intra-articular", Route.INTRA_ARTICULAR),
        ("intra_articular", Route.INTRA_ARTICULAR),
        ("intrauterine", Route.INTRAUTERINE),
        ("otic", Route.OTIC),
        ("ear", Route.OTIC),
        ("topical_breast", Route.TOPICAL_BREAST),
        ("nipple", Route.TOPICAL_BREAST),
    ],
)
def test_new_route_codes_parse(text, route):
    from advice.engine import parse_route

    assert parse_route(text) is route


def test_topical_route_on_the_breast_is_not_minimal_absorption():
    v = advise(p.hydrocortisone(), Scenario(route=Route.TOPICAL_BREAST, infant_age_days=120))
    assert "low_transfer" not in v.rules or all(
        "topical" not in r.text for r in v.reasons if r.rule == "low_transfer"
    )


# ---------------------------------------------------------------- evidence honesty
def short_novel():
    return replace(p.novel_drug(), half_life_h=PkValue(2.0, verified=True), max_dose_mg=200.0)


def test_insufficient_data_scales_with_dose_and_regimen():
    one = advise(short_novel(), Scenario(dose_mg=100, regimen=Regimen.SINGLE, infant_age_days=120))
    regular = advise(
        short_novel(), Scenario(dose_mg=100, regimen=Regimen.CHRONIC, infant_age_days=120)
    )
    high = advise(short_novel(), Scenario(dose_mg=400, regimen=Regimen.SINGLE, infant_age_days=120))
    assert one.category is INT and one.interrupt_hours == 12.0
    assert "5 x 2 h" in one.reasons[0].text
    assert regular.category is UA and regular.interrupt_hours is None
    assert high.category is UA and "above the usual maximum dose" in high.reasons[0].text
    assert {one.evidence, regular.evidence, high.evidence} == {Evidence.INSUFFICIENT}


def test_insufficient_data_never_invents_a_pause_when_milk_studies_exist():
    study = MilkStudy(50.0, Regimen.SINGLE, 1.0, None, None, None, 3, (), "not detected")
    drug = replace(short_novel(), milk_studies=(study,))
    v = advise(drug, Scenario(dose_mg=100, regimen=Regimen.SINGLE, infant_age_days=120))
    assert v.category is UA
    assert "no milk-level studies" not in v.reasons[0].text
    assert "1 milk study" in v.reasons[0].text
    note = next(r for r in v.reasons if r.rule == "milk_studies")
    assert "not detected (3 mothers)" in note.text


def test_insufficient_data_mentions_a_local_route():
    v = advise(short_novel(), Scenario(dose_mg=100, route=Route.OTIC, infant_age_days=120))
    assert "After ear use" in v.reasons[0].text


def test_a_peak_only_study_is_used_as_a_conservative_average():
    study = MilkStudy(5.0, Regimen.CHRONIC, 1.0, None, 0.0265, None, 1, ("z:lactmed",))
    drug = replace(p.novel_drug(), milk_studies=(study,))
    v = advise(drug, Scenario(dose_mg=5, regimen=Regimen.CHRONIC, doses_per_day=1))
    assert v.evidence is Evidence.MEASURED
    # 0.0265 mg/L x 0.15 L/kg/day / (5 mg / 70 kg) = 5.565 %
    assert v.rid_pct == pytest.approx(5.565, rel=1e-6)
    conc = v.numbers["milk_conc_avg_mg_per_l"]
    assert "peak used as the average" in conc["source"]  # type: ignore[index]


# ---------------------------------------------------------------------- anaesthesia
def test_abm15_compatible_says_feed_when_awake_and_no_discarding():
    abm = p.guidance(
        "x:abm15",
        C,
        guideline="ABM Clinical Protocol #15",
        version="2017",
        rationale="Healthy term infant.",
        cites=("abm-15-2017",),
        regimen=Regimen.SINGLE,
        preterm=False,
    )
    drug = replace(p.oral_f_unknown(), guidance=(abm,), cns_depressant=True)
    v = advise(drug, Scenario(regimen=Regimen.SINGLE, route=Route.IV, infant_age_days=14))
    assert v.category is C
    assert "awake and alert" in v.reasons[0].text and "discard" in v.reasons[0].text
    preterm = advise(
        drug, Scenario(regimen=Regimen.SINGLE, route=Route.IV, infant_age_days=14, preterm=True)
    )
    assert preterm.category is not C


def test_abm15_for_an_everyday_analgesic_does_not_speak_of_a_procedure():
    # ABM #15 also favours acetaminophen and NSAIDs in general; a regular oral dose for a
    # headache is not "after the procedure".
    abm = p.guidance(
        "x:abm15",
        C,
        guideline="ABM Clinical Protocol #15",
        version="2017",
        rationale="Non-opioid analgesics are favoured.",
        cites=("abm-15-2017",),
    )
    drug = replace(p.oral_f_unknown(), guidance=(abm,))
    v = advise(drug, Scenario(regimen=Regimen.CHRONIC, doses_per_day=3))
    assert v.category is C
    assert v.reasons[0].text.startswith("ABM Clinical Protocol #15 (2017): breastfeeding can")
    assert "procedure" not in v.reasons[0].text


def test_insufficient_data_never_invents_a_long_pause():
    drug = replace(short_novel(), half_life_h=PkValue(9.3, verified=True))
    v = advise(drug, Scenario(dose_mg=50, regimen=Regimen.SINGLE, infant_age_days=120))
    assert v.category is UA and v.interrupt_hours is None


# --------------------------------------------------------------------- per-day limits
def per_day_limited():
    ok = p.guidance("h:30", C, guideline="LactMed", cites=("h:lactmed",))
    ok = replace(ok, dose_per_day_max_mg=30.0)
    over = replace(
        p.guidance("h:over", UA, guideline="LactMed", cites=("h:lactmed",)),
        dose_per_day_min_mg=30.01,
    )
    return replace(p.oral_f_unknown(), guidance=(ok, over), typical_dose_mg=5.0)


@pytest.mark.parametrize(
    ("dose", "per_day", "expected"),
    [(5, 4, C), (10, 3, C), (10, 6, UA), (5, 10, UA), (10, 1, C)],
)
def test_guidance_conditions_per_day(dose, per_day, expected):
    v = advise(
        per_day_limited(),
        Scenario(dose_mg=dose, doses_per_day=per_day, regimen=Regimen.CHRONIC, infant_age_days=120),
    )
    assert v.category is expected
    assert v.rules[0] == "curated_guidance"


def test_a_daily_dose_above_every_per_day_range_gets_the_floor():
    ok = replace(p.guidance("h:30", UA, guideline="LactMed"), dose_per_day_max_mg=30.0)
    drug = replace(p.oral_f_unknown(), guidance=(ok,))
    v = advise(drug, Scenario(dose_mg=20, doses_per_day=3, regimen=Regimen.CHRONIC))
    floor = next(r for r in v.reasons if r.rule == "curated_dose_floor")
    assert floor.category is UA and "60 mg/day" in floor.text and "30 mg/day" in floor.text


def newborn_opioid():
    study = MilkStudy(2.0, Regimen.SINGLE, None, 0.001, None, 0.67, 8, ("o:lactmed",))
    effect = p.InfantEffect("CNS depression after large doses", "serious", "neonate", ())
    return replace(
        p.oral_f_unknown(),
        milk_studies=(study,),
        infant_effects=(effect,),
        cns_depressant=True,
        typical_dose_mg=2.0,
        max_dose_mg=4.0,
    )


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (Scenario(dose_mg=2, regimen=Regimen.SINGLE, infant_age_days=30), C),
        (Scenario(dose_mg=2, regimen=Regimen.SINGLE, infant_age_days=61), C),
        (Scenario(dose_mg=4, regimen=Regimen.SINGLE, infant_age_days=30), UA),
        (Scenario(dose_mg=2, regimen=Regimen.SINGLE, infant_age_days=30, preterm=True), UA),
        (Scenario(dose_mg=2, regimen=Regimen.CHRONIC, doses_per_day=6, infant_age_days=30), UA),
    ],
    ids=["once-30d", "once-61d", "double-dose-30d", "preterm", "regular-30d"],
)
def test_newborn_cns_rule_weighs_dose_and_regimen(scenario, expected):
    v = advise(newborn_opioid(), scenario)
    assert v.category is expected
    if expected is C and scenario.infant_age_days == 30:
        age = next(r for r in v.reasons if r.rule == "infant_age")
        assert age.category is None and "one dose" in age.text
        assert any("drowsiness" in m for m in v.monitoring)


# -------------------------------------------------------------------------- doses
def test_unit_check_is_a_warning_the_clinician_can_confirm():
    from advice.engine import ScenarioError

    drug = p.methotrexate()
    high = Scenario(dose_mg=2000, regimen=Regimen.SINGLE, route=drug.typical_route)
    with pytest.raises(ScenarioError) as exc:
        advise(drug, high)
    assert "confirm_dose" in exc.value.errors["dose_mg"]
    v = advise(drug, replace(high, confirm_dose=True))
    assert v.category is W
    assert any("confirmed by the clinician" in w for w in v.warnings)
    assert v.inputs["confirm_dose"] == {"value": True, "defaulted": False}


def test_unit_check_belongs_to_the_usual_route():
    drug = p.methotrexate()
    other = Route.IV if drug.typical_route is not Route.IV else Route.ORAL
    v = advise(drug, Scenario(dose_mg=2000, regimen=Regimen.SINGLE, route=other))
    assert v.category is W
    assert any("route other than the usual" in w for w in v.warnings)


def test_weekly_interval_is_worded_in_days():
    v = advise(
        p.methotrexate_weekly(),
        Scenario(dose_mg=15, regimen=Regimen.CHRONIC, doses_per_day=1 / 7, infant_age_days=120),
    )
    text = next(r.text for r in v.reasons if r.rule == "long_interval")
    assert "one dose every 7 days" in text and "{" not in text and "0.143" not in text


# ------------------------------------------------------------ dosing interval (weekly vs daily)
def methotrexate_by_interval():
    """LactMed methotrexate: 24 h pause after a low *weekly* dose; dosing more often than weekly
    is an antineoplastic course (contraindicated)."""
    weekly = replace(
        p.guidance(
            "mtx:weekly",
            INT,
            guideline="LactMed",
            hours=(24.0, 24.0),
            regimen=Regimen.CHRONIC,
            dose=(None, 30.0),
            cites=("mtx:lactmed",),
        ),
        interval_min_h=168.0,
    )
    course = replace(
        p.guidance("mtx:course", W, guideline="LactMed", regimen=Regimen.CHRONIC),
        interval_max_h=167.0,
    )
    return replace(p.methotrexate_weekly(), guidance=(weekly, course))


@pytest.mark.parametrize(
    ("per_day", "expected", "hours"),
    [(1 / 7, INT, 24.0), (0.143, INT, 24.0), (1 / 14, INT, 24.0), (1.0, W, None), (2 / 7, W, None)],
    ids=["1/7", "0.143", "fortnightly", "daily", "twice-weekly"],
)
def test_guidance_conditions_on_the_dosing_interval(per_day, expected, hours):
    v = advise(
        methotrexate_by_interval(),
        Scenario(dose_mg=15, regimen=Regimen.CHRONIC, doses_per_day=per_day, infant_age_days=120),
    )
    assert v.category is expected
    assert v.interrupt_hours == hours
    assert v.rules[0] == "curated_guidance"


def test_a_single_dose_never_matches_an_interval_condition():
    v = advise(methotrexate_by_interval(), Scenario(dose_mg=15, regimen=Regimen.SINGLE))
    assert "curated_guidance" not in v.rules
    assert v.rules[0] == "cytotoxic" and v.category is W


@pytest.mark.parametrize(("per_day", "pause_said"), [(1 / 7, True), (1.0, False)])
def test_a_pause_is_called_meaningful_only_beside_an_interruption(per_day, pause_said):
    # Weekly methotrexate is interrupt 24 h: a pause after each dose is the advice. Daily
    # methotrexate is wean: the long-interval note must not suggest pausing instead.
    v = advise(
        methotrexate_by_interval(),
        Scenario(dose_mg=15, regimen=Regimen.CHRONIC, doses_per_day=per_day, infant_age_days=120),
    )
    notes = [r.text for r in v.reasons if r.rule == "long_interval"]
    assert notes, v.rules
    assert ("a pause after each dose is meaningful" in notes[0]) is pause_said
    assert "each dose behaves like a single dose" in notes[0]
