"""Table-driven rule tests: each case asserts the verdict and the rule that must fire."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

import pytest

from advice.engine import (
    Category,
    DrugProfile,
    Evidence,
    MilkStudy,
    PkValue,
    Regimen,
    Route,
    Scenario,
    Thresholds,
    advise,
)
from tests.engine import profiles as p

C, UA, INT, W = Category.COMPATIBLE, Category.USE_ALTERNATIVE, Category.INTERRUPT, Category.WEAN
OLDER = 120  # days: a term infant older than 2 months

# (id, profile factory, scenario, verdict, rule that must fire, evidence, interrupt hours)
CASES: list[
    tuple[
        str,
        Callable[[], DrugProfile],
        Scenario,
        Category,
        str,
        Evidence | None,
        float | None,
    ]
] = [
    # 1. curated guidance
    ("sertraline curated", p.sertraline, Scenario(infant_age_days=OLDER), C, "curated_guidance",
     Evidence.CURATED, None),
    ("sertraline newborn guidance covers age", p.sertraline, Scenario(infant_age_days=5), C,
     "curated_guidance", Evidence.CURATED, None),
    ("codeine FDA", p.codeine, Scenario(infant_age_days=OLDER), UA, "curated_guidance",
     Evidence.CURATED, None),
    ("codeine MHRA disagreement", p.codeine, Scenario(infant_age_days=OLDER), UA,
     "guidance_disagreement", Evidence.CURATED, None),
    ("iohexol ACR", p.iohexol, Scenario(infant_age_days=10), C, "curated_guidance",
     Evidence.CURATED, None),
    ("methotrexate single low dose", p.methotrexate,
     Scenario(dose_mg=15, regimen=Regimen.SINGLE, infant_age_days=OLDER), INT,
     "curated_guidance", Evidence.CURATED, 24.0),
    ("ranged dose in range", p.dose_ranged, Scenario(dose_mg=400, infant_age_days=OLDER), INT,
     "curated_guidance", Evidence.CURATED, 6.0),
    ("ranged dose above range", p.dose_ranged, Scenario(dose_mg=2000, infant_age_days=OLDER),
     INT, "curated_dose_floor", Evidence.CURATED, 24.0),
    ("oxycodone older infant", p.oxycodone, Scenario(infant_age_days=OLDER), C,
     "curated_guidance", Evidence.CURATED, None),
    ("oxycodone newborn not covered", p.oxycodone, Scenario(infant_age_days=10), UA,
     "infant_age", Evidence.CURATED, None),
    # 2. radioactive
    ("Tc low activity", p.pertechnetate, Scenario(activity_mbq=50), C, "radioactive",
     Evidence.CURATED, None),
    ("Tc 500 MBq", p.pertechnetate, Scenario(activity_mbq=500), INT, "curated_guidance",
     Evidence.CURATED, 12.0),
    ("Tc 1200 MBq", p.pertechnetate, Scenario(activity_mbq=1200), INT, "radioactive",
     Evidence.CURATED, 24.0),
    ("Tc no activity: strictest row", p.pertechnetate, Scenario(), INT, "radioactive",
     Evidence.CURATED, 24.0),
    ("Tc no activity, typical known: strictest row, not the typical",
     lambda: p.pertechnetate(185.0), Scenario(), INT, "radioactive", Evidence.CURATED, 24.0),
    ("Tc no activity, typical in the top band", lambda: p.pertechnetate(1500.0), Scenario(), INT,
     "radioactive", Evidence.CURATED, 24.0),
    ("all-compatible table, no activity", p.all_compatible_tracer, Scenario(), C, "radioactive",
     Evidence.CURATED, None),
    ("unconditional compatible but a stricter row, no activity", p.tracer_with_general_guidance,
     Scenario(), INT, "radioactive", Evidence.CURATED, 12.0),
    ("unconditional compatible, activity in the low row", p.tracer_with_general_guidance,
     Scenario(activity_mbq=200), C, "curated_guidance", Evidence.CURATED, None),
    ("I-131 therapy", p.iodine131, Scenario(activity_mbq=5550), W, "radioactive",
     Evidence.CURATED, None),
    ("I-131 no activity", p.iodine131, Scenario(), W, "radioactive", Evidence.CURATED, None),
    ("tracer without guidance", p.unlisted_isotope, Scenario(activity_mbq=200), INT,
     "radioactive", Evidence.ESTIMATED, 24.0),
    # 3. cytotoxic
    ("cyclophosphamide", p.cyclophosphamide, Scenario(infant_age_days=OLDER), W, "cytotoxic",
     Evidence.CURATED, None),
    ("methotrexate chronic", p.methotrexate, Scenario(dose_mg=15, infant_age_days=OLDER), W,
     "cytotoxic", Evidence.CURATED, None),
    ("cytotoxic never compatible", p.cytotoxic_curated_compatible,
     Scenario(infant_age_days=OLDER), UA, "cytotoxic_floor", Evidence.CURATED, None),
    # 4. milk supply
    ("cabergoline", p.cabergoline, Scenario(infant_age_days=OLDER), UA, "milk_supply",
     Evidence.INSUFFICIENT, None),
    ("pseudoephedrine single dose", p.pseudoephedrine,
     Scenario(regimen=Regimen.SINGLE, infant_age_days=OLDER), UA, "milk_supply",
     Evidence.MEASURED, None),
    # 5. little reaches the baby
    ("hydrocortisone topical", p.hydrocortisone, Scenario(infant_age_days=OLDER), C,
     "low_transfer", Evidence.ESTIMATED, None),
    ("gentamicin gut", p.gentamicin, Scenario(infant_age_days=OLDER), C, "low_transfer",
     Evidence.ESTIMATED, None),
    ("adalimumab older infant", p.adalimumab, Scenario(infant_age_days=OLDER), C,
     "low_transfer", Evidence.ESTIMATED, None),
    ("adalimumab unknown age (default)", p.adalimumab, Scenario(), C, "low_transfer",
     Evidence.ESTIMATED, None),
    ("adalimumab first week", p.adalimumab, Scenario(infant_age_days=3), UA,
     "insufficient_data", Evidence.INSUFFICIENT, None),
    # 6. measured milk levels
    ("ibuprofen measured", p.ibuprofen, Scenario(infant_age_days=OLDER), C, "measured_rid",
     Evidence.MEASURED, None),
    ("fluoxetine older infant", p.fluoxetine, Scenario(infant_age_days=OLDER), C,
     "measured_rid", Evidence.MEASURED, None),
    ("lithium high RID", p.lithium, Scenario(infant_age_days=OLDER), UA, "measured_rid",
     Evidence.MEASURED, None),
    ("serious infant effects", p.serious_effects, Scenario(infant_age_days=OLDER), UA,
     "infant_effects", Evidence.MEASURED, None),
    ("measured peak single dose", p.peak_measured, Scenario(infant_age_days=OLDER), INT,
     "single_dose_interrupt", Evidence.MEASURED, 8.0),
    # 7. PK estimate
    ("metronidazole chronic", p.metronidazole, Scenario(infant_age_days=OLDER), C,
     "pk_estimate", Evidence.ESTIMATED, None),
    ("F unknown, oral", p.oral_f_unknown, Scenario(infant_age_days=OLDER), C, "pk_estimate",
     Evidence.ESTIMATED, None),
    # 8. infant age
    ("fluoxetine newborn", p.fluoxetine, Scenario(infant_age_days=20), UA, "infant_age",
     Evidence.MEASURED, None),
    ("fluoxetine preterm older", p.fluoxetine, Scenario(infant_age_days=90, preterm=True), UA,
     "infant_age", Evidence.MEASURED, None),
    # 9. single dose
    ("metronidazole 2 g single: whole exposure < 10 %", p.metronidazole,
     Scenario(dose_mg=2000, regimen=Regimen.SINGLE, infant_age_days=OLDER), C,
     "pk_estimate", Evidence.ESTIMATED, None),
    ("tinidazole 2 g single", p.tinidazole, Scenario(infant_age_days=OLDER), INT,
     "single_dose_interrupt", Evidence.ESTIMATED, 24.0),
    ("tinidazole chronic", p.tinidazole,
     Scenario(dose_mg=500, regimen=Regimen.CHRONIC, infant_age_days=OLDER), UA,
     "pk_estimate", Evidence.ESTIMATED, None),
    ("interrupt under chronic dosing", p.chronic_interrupt_guidance,
     Scenario(regimen=Regimen.CHRONIC, infant_age_days=OLDER), UA, "regular_dosing",
     Evidence.CURATED, None),
    ("interrupt guidance single dose", p.chronic_interrupt_guidance,
     Scenario(regimen=Regimen.SINGLE, infant_age_days=OLDER), INT, "curated_guidance",
     Evidence.CURATED, 12.0),
    # 9b. long-interval regular dosing (interval > 5 half-lives): each dose acts like one dose
    ("interrupt guidance, weekly dosing, short half-life", p.weekly_interrupt_guidance,
     Scenario(regimen=Regimen.CHRONIC, doses_per_day=1 / 7, infant_age_days=OLDER), INT,
     "long_interval", Evidence.CURATED, 12.0),
    ("interrupt guidance, weekly dosing: the curated entry decides", p.weekly_interrupt_guidance,
     Scenario(regimen=Regimen.CHRONIC, doses_per_day=1 / 7, infant_age_days=OLDER), INT,
     "curated_guidance", Evidence.CURATED, 12.0),
    ("interrupt guidance, 4 doses a day: steady state", p.weekly_interrupt_guidance,
     Scenario(regimen=Regimen.CHRONIC, doses_per_day=4, infant_age_days=OLDER), UA,
     "regular_dosing", Evidence.CURATED, None),
    ("tinidazole weekly 2 g: pause after each dose", p.tinidazole,
     Scenario(dose_mg=2000, regimen=Regimen.CHRONIC, doses_per_day=1 / 7, infant_age_days=OLDER),
     INT, "single_dose_interrupt", Evidence.ESTIMATED, 24.0),
    ("tinidazole every 3 days (72 h > 65 h)", p.tinidazole,
     Scenario(dose_mg=2000, regimen=Regimen.CHRONIC, doses_per_day=1 / 3, infant_age_days=OLDER),
     INT, "long_interval", Evidence.ESTIMATED, 24.0),
    ("tinidazole every 2 days (48 h < 65 h): steady state", p.tinidazole,
     Scenario(dose_mg=2000, regimen=Regimen.CHRONIC, doses_per_day=0.5, infant_age_days=OLDER),
     UA, "pk_estimate", Evidence.ESTIMATED, None),
    ("methotrexate weekly low dose (curated, chronic)", p.methotrexate_weekly,
     Scenario(dose_mg=15, infant_age_days=OLDER), INT, "long_interval", Evidence.CURATED, 24.0),
    # 10. insufficient data
    ("novel drug", p.novel_drug, Scenario(infant_age_days=OLDER), UA, "insufficient_data",
     Evidence.INSUFFICIENT, None),
    # ties between equally strict followed entries
    ("tie: one entry addresses term infants, term newborn", p.tied_guidance,
     Scenario(infant_age_days=10), C, "curated_guidance", Evidence.CURATED, None),
    ("tie: preterm newborn not addressed by either", p.tied_guidance,
     Scenario(infant_age_days=10, preterm=True), UA, "infant_age", Evidence.CURATED, None),
    ("tie: entry applying from birth addresses a newborn", p.from_birth_guidance,
     Scenario(infant_age_days=3), C, "curated_guidance", Evidence.CURATED, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "scenario", "verdict", "rule", "evidence", "hours"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_rule_table(
    profile: Callable[[], DrugProfile],
    scenario: Scenario,
    verdict: Category,
    rule: str,
    evidence: Evidence | None,
    hours: float | None,
) -> None:
    v = advise(profile(), scenario)
    assert v.category is verdict, v.reasons
    assert rule in v.rules, v.rules
    if evidence is not None:
        assert v.evidence is evidence
    assert v.interrupt_hours == hours
    assert v.reasons, "every verdict has at least one reason"
    if verdict in {Category.INTERRUPT, Category.WEAN}:
        assert v.interruption_costs
    else:
        assert v.interruption_costs == ()


def test_curated_guidance_cites_its_source() -> None:
    v = advise(p.codeine(), Scenario(infant_age_days=OLDER))
    curated = next(r for r in v.reasons if r.rule == "curated_guidance")
    assert curated.citation_keys == ("fda-dsc-codeine-tramadol-2017",)
    assert "fda-dsc-codeine-tramadol-2017" in {c.key for c in v.citations}
    assert any("UK MHRA" in w for w in v.warnings)
    disagreement = next(r for r in v.reasons if r.rule == "guidance_disagreement")
    assert disagreement.category is None
    assert "LactRx follows FDA" in disagreement.text


def test_curated_decides_but_measured_numbers_are_kept() -> None:
    v = advise(p.sertraline(), Scenario(dose_mg=100, infant_age_days=OLDER))
    assert v.rid_source is not None
    assert v.rid_pct == pytest.approx(0.045 * 0.15 / (100 / 70) * 100)
    reference = [r for r in v.reasons if r.rule == "measured_rid"]
    assert reference and reference[0].category is None


def test_radioactive_activity_table_is_always_given() -> None:
    v = advise(p.pertechnetate(), Scenario(activity_mbq=500))
    assert [(r.activity_min_mbq, r.activity_max_mbq) for r in v.activity_table] == [
        (None, 100.0),
        (100.0, 1100.0),
        (1100.0, None),
    ]
    assert [r.applies for r in v.activity_table] == [False, True, False]
    assert [r.interrupt_hours for r in v.activity_table] == [None, 12.0, 24.0]


def test_radioactive_without_activity_says_so() -> None:
    v = advise(p.pertechnetate(), Scenario())
    text = next(r.text for r in v.reasons if r.rule == "radioactive")
    assert "No administered activity was given" in text
    assert "most restrictive" in text
    assert v.activity_table[-1].applies


def test_radioactive_without_activity_names_the_typical_row_and_asks() -> None:
    v = advise(p.pertechnetate(185.0), Scenario())
    assert v.category is Category.INTERRUPT and v.interrupt_hours == 24.0
    text = next(r.text for r in v.reasons if r.rule == "radioactive")
    assert "No administered activity was given" in text
    assert "at least 24 h" in text  # the open top band
    assert "At the typical 185 MBq the pause would be 12 h" in text
    assert "Ask for the administered activity" in text
    # The full table is kept; the strictest row applies.
    assert len(v.activity_table) == 3
    assert [r.applies for r in v.activity_table] == [False, False, True]
    assert any("activity not given" in w for w in v.warnings)
    assert v.inputs["activity_mbq"] == {
        "value": None,
        "defaulted": False,
        "note": "not given: the most restrictive activity row applies",
    }
    assert not any("(typical)" in w and "MBq" in w for w in v.warnings)


def test_radioactive_without_activity_typical_in_a_compatible_row() -> None:
    v = advise(p.pertechnetate(80.0), Scenario())
    text = next(r.text for r in v.reasons if r.rule == "radioactive")
    assert "At the typical 80 MBq no pause would be needed" in text
    assert v.interrupt_hours == 24.0


def test_open_top_band_says_at_least() -> None:
    v = advise(p.pertechnetate(), Scenario(activity_mbq=1200))
    text = next(r.text for r in v.reasons if r.rule == "curated_guidance")
    assert "at least 24 h" in text
    closed = advise(p.pertechnetate(), Scenario(activity_mbq=500))
    assert "at least" not in " ".join(r.text for r in closed.reasons)


def test_activity_above_tabulated_ranges_lengthens_the_pause() -> None:
    closed = tuple(
        p.guidance(
            g.key,
            g.verdict,
            guideline=g.guideline,
            hours=(g.interrupt_hours_min, g.interrupt_hours_max),
            activity=(g.activity_min_mbq, g.activity_max_mbq or 2000.0),
        )
        for g in p.TC_ROWS
    )
    v = advise(p.pertechnetate(rows=closed), Scenario(activity_mbq=4000))
    # 24 h + 6.01 h x log2(4000 / 2000) = 30.01 h -> 48 h
    assert v.category is Category.INTERRUPT
    assert v.interrupt_hours == 48.0


def test_i131_means_stopping_for_this_child() -> None:
    v = advise(p.iodine131(), Scenario(activity_mbq=5550))
    text = next(r.text for r in v.reasons if r.rule == "radioactive")
    assert "stop for this child" in text
    assert v.interruption_costs


def test_resume_at_from_dose_time() -> None:
    t = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    v = advise(p.pertechnetate(), Scenario(activity_mbq=500, dose_time=t))
    assert v.resume_at == t + datetime.timedelta(hours=12)


def test_no_resume_at_without_interruption() -> None:
    t = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    v = advise(p.ibuprofen(), Scenario(dose_time=t, infant_age_days=OLDER))
    assert v.resume_at is None


def test_milk_supply_names_alternatives() -> None:
    v = advise(p.pseudoephedrine(), Scenario(infant_age_days=OLDER))
    text = next(r.text for r in v.reasons if r.rule == "milk_supply")
    assert "Saline nasal spray" in text
    assert any("supply" in m for m in v.monitoring)
    assert any("no monograph" in w for w in v.warnings)


def test_low_transfer_route_only_for_minimal_routes() -> None:
    v = advise(p.hydrocortisone(), Scenario(route=Route.ORAL, infant_age_days=OLDER))
    assert "low_transfer" not in v.rules
    assert v.category is Category.USE_ALTERNATIVE
    assert "insufficient_data" in v.rules


def test_antibody_first_week_explains_why_large_molecule_rule_is_off() -> None:
    v = advise(p.adalimumab(), Scenario(infant_age_days=3))
    notes = [r for r in v.reasons if r.rule == "low_transfer"]
    assert notes and notes[0].category is None and "colostrum" in notes[0].text


def test_unknown_infant_age_warns_and_is_echoed() -> None:
    v = advise(p.fluoxetine(), Scenario())
    assert v.category is Category.COMPATIBLE
    assert any("assumes a term infant older than 2 months" in w for w in v.warnings)
    assert v.inputs["infant_age_days"] == {
        "value": None,
        "defaulted": True,
        "note": "unknown: term infant over 2 months",
    }


def test_newborn_lowers_threshold_and_says_it_is_policy() -> None:
    v = advise(p.fluoxetine(), Scenario(infant_age_days=20))
    age = next(r for r in v.reasons if r.rule == "infant_age")
    assert "LactRx policy" in age.text and "Sertraline" in age.text
    assert age.citation_keys == ("anderson-2003",)
    threshold = v.numbers["rid_threshold_pct"]
    assert isinstance(threshold, dict) and threshold["value"] == 5.0
    # The measured RID 6.8 % is above the lowered threshold too.
    measured = next(r for r in v.reasons if r.rule == "measured_rid")
    assert measured.category is Category.USE_ALTERNATIVE


def test_codeine_newborn_gets_sedation_monitoring() -> None:
    v = advise(p.codeine(), Scenario(infant_age_days=10))
    assert v.category is Category.USE_ALTERNATIVE
    assert any("drowsiness" in m for m in v.monitoring)
    assert any("apnoea" in m for m in v.monitoring)


def test_single_dose_interrupt_shows_the_formula() -> None:
    v = advise(p.tinidazole(), Scenario(infant_age_days=OLDER))
    text = next(r.text for r in v.reasons if r.rule == "single_dose_interrupt")
    # Peak RID = M/P x F x 0.15 / Vd x 100 = 21.4 %; 13 h x log2(21.4 / 10) = 14.3 h -> 24 h
    assert "log2(21.4 / 10) = 14.3 h" in text and "24 h" in text
    peak = v.numbers["rid_peak_pct"]
    assert isinstance(peak, dict)
    assert peak["value"] == pytest.approx(1.0 * 1.0 * 0.15 / 0.7 * 100, rel=1e-5)
    # The decision uses the whole exposure: 13 x 0.15 x 100 / (24 x 0.7 x ln2) = 16.7 %
    assert v.rid_pct == pytest.approx(13 * 15 / (24 * 0.7 * 0.6931471805599453))


def test_newborn_single_dose_pause_is_longer() -> None:
    older = advise(p.tinidazole(), Scenario(infant_age_days=OLDER))
    newborn = advise(p.tinidazole(), Scenario(infant_age_days=20))
    assert newborn.category is Category.INTERRUPT
    assert newborn.interrupt_hours is not None and older.interrupt_hours is not None
    assert newborn.interrupt_hours >= older.interrupt_hours
    assert "infant_age" in newborn.rules


def test_pk_estimate_assumes_full_bioavailability_and_warns() -> None:
    v = advise(p.oral_f_unknown(), Scenario(infant_age_days=OLDER))
    assert any("100 % assumed" in w for w in v.warnings)
    assert any("Unverified values used in the estimate: half-life, Vd" in w for w in v.warnings)
    used = v.numbers["oral_bioavailability_used_pct"]
    assert isinstance(used, dict) and used["value"] == 100.0


def test_insufficient_data_never_compatible_and_alternatives_get_their_own_verdicts() -> None:
    v = advise(p.novel_drug(), Scenario(infant_age_days=20))
    assert v.category is Category.USE_ALTERNATIVE
    assert v.evidence is Evidence.INSUFFICIENT
    names = [a.name for a in v.alternatives]
    assert names == ["Sertraline", "Fluoxetine"]  # compatible first, then stricter
    sert, fluox = v.alternatives
    assert sert.category is Category.COMPATIBLE and sert.evidence is Evidence.CURATED
    # The same 20-day-old infant: fluoxetine accumulates, so it is not a good alternative.
    assert fluox.category is Category.USE_ALTERNATIVE


def test_alternatives_use_the_same_infant() -> None:
    older = advise(p.novel_drug(), Scenario(infant_age_days=OLDER))
    assert {a.slug: a.category for a in older.alternatives}["fluoxetine"] is Category.COMPATIBLE


def test_stale_monograph_warning() -> None:
    v = advise(p.ibuprofen(), Scenario(infant_age_days=OLDER, today=datetime.date(2028, 2, 16)))
    assert any("last reviewed on 2026-01-15" in w for w in v.warnings)
    fresh = advise(p.ibuprofen(), Scenario(infant_age_days=OLDER, today=datetime.date(2028, 1, 15)))
    assert not any("last reviewed" in w for w in fresh.warnings)


def test_no_review_date_warning() -> None:
    v = advise(p.lithium(), Scenario(infant_age_days=OLDER, today=datetime.date(2026, 6, 1)))
    assert any("no review date" in w for w in v.warnings)


def test_optional_unverified_upper_line() -> None:
    t = Thresholds(rid_upper_unverified_pct=15.0)
    v = advise(p.lithium(), Scenario(infant_age_days=OLDER), thresholds=t)
    text = next(r.text for r in v.reasons if r.rule == "measured_rid")
    assert "unverified" in text
    plain = advise(p.lithium(), Scenario(infant_age_days=OLDER))
    assert "unverified" not in next(r.text for r in plain.reasons if r.rule == "measured_rid")


def test_thresholds_are_configurable() -> None:
    strict = Thresholds(rid_acceptable_pct=0.1)
    v = advise(p.ibuprofen(), Scenario(infant_age_days=OLDER), thresholds=strict)
    assert v.category is Category.USE_ALTERNATIVE


def test_lithium_monitoring_mentions_narrow_therapeutic_index() -> None:
    v = advise(p.lithium(), Scenario(infant_age_days=OLDER))
    assert any("Narrow therapeutic index" in m for m in v.monitoring)


def test_defaults_are_echoed_and_flagged() -> None:
    v = advise(p.ibuprofen(), Scenario(infant_age_days=OLDER))
    assert v.inputs["dose_mg"] == {"value": 400.0, "defaulted": True, "note": "typical dose"}
    assert v.inputs["maternal_weight_kg"] == {"value": 70.0, "defaulted": True}
    weight = v.inputs["infant_weight_kg"]
    assert isinstance(weight, dict) and weight["defaulted"] is True
    assert weight["value"] == pytest.approx(6.5, abs=0.3)
    assert any(w.startswith("Defaults assumed: dose 400 mg") for w in v.warnings)


def test_interrupt_without_duration_uses_five_half_lives() -> None:
    drug = DrugProfile(
        slug="nodur",
        name="No duration",
        kind="drug",
        half_life_h=PkValue(2.0, verified=True),
        typical_dose_mg=10.0,
        typical_regimen=Regimen.SINGLE,
        guidance=(p.guidance("nd", Category.INTERRUPT, guideline="G"),),
    )
    v = advise(drug, Scenario(infant_age_days=OLDER))
    assert v.category is Category.INTERRUPT
    assert v.interrupt_hours == 12.0  # 5 x 2 h = 10 h -> 12 h
    assert "interrupt_duration" in v.rules


def test_low_transfer_with_agreeing_milk_data_is_measured() -> None:
    drug = DrugProfile(
        slug="gut",
        name="Gut",
        kind="drug",
        typical_dose_mg=100.0,
        poor_infant_oral_absorption=True,
        milk_studies=(MilkStudy(100.0, Regimen.CHRONIC, 1.0, None, None, 1.0, 5, ()),),
    )
    v = advise(drug, Scenario(infant_age_days=OLDER))
    assert v.category is Category.COMPATIBLE
    assert v.evidence is Evidence.MEASURED
    assert {"low_transfer", "measured_rid"} <= set(v.rules)
    assert v.rid_pct == 1.0


def test_accumulating_drug_with_low_rid_stays_compatible_for_a_newborn() -> None:
    """Sertraline-like numbers without curated guidance: t1/2 26 h, but RID 0.47 % < 5 %."""
    drug = replace(p.sertraline(), guidance=())
    v = advise(drug, Scenario(infant_age_days=10))
    assert v.category is Category.COMPATIBLE
    age = next(r for r in v.reasons if r.rule == "infant_age")
    assert age.category is None and "below the threshold lowered to 5 %" in age.text


def test_tied_entries_are_all_listed_with_their_citations() -> None:
    v = advise(p.tied_guidance(), Scenario(infant_age_days=10))
    curated = [r for r in v.reasons if r.rule == "curated_guidance"]
    assert {k for r in curated for k in r.citation_keys} == {"t:lactmed", "t:ukmi"}
    assert all(r.category is Category.COMPATIBLE for r in curated)
    assert {"t:lactmed", "t:ukmi"} <= {c.key for c in v.citations}
    # The entry addressing the infant is named first.
    assert curated[0].citation_keys == ("t:ukmi",)


def test_less_strict_matching_entries_are_listed_for_the_record() -> None:
    drug = replace(
        p.tied_guidance(),
        guidance=(
            p.guidance("a", Category.COMPATIBLE, guideline="A", cites=("t:lactmed",)),
            p.guidance("b", Category.USE_ALTERNATIVE, guideline="B", cites=("t:ukmi",)),
        ),
    )
    v = advise(drug, Scenario(infant_age_days=OLDER))
    assert v.category is Category.USE_ALTERNATIVE
    curated = [r for r in v.reasons if r.rule == "curated_guidance"]
    assert [r.category for r in curated] == [Category.USE_ALTERNATIVE, None]
    assert "less strict" in curated[1].text


def test_not_addressed_note_names_every_matching_guideline() -> None:
    v = advise(p.tied_guidance(), Scenario(infant_age_days=10, preterm=True))
    age = next(r for r in v.reasons if r.rule == "infant_age")
    assert "LactMed does not address newborn or preterm infants" in age.text


def test_accumulating_drug_without_rid_needs_newborn_guidance() -> None:
    """Curated 'compatible' that does not address newborns, and no RID to check."""
    drug = replace(
        p.sertraline(),
        milk_studies=(),
        guidance=(p.guidance("plain", Category.COMPATIBLE, guideline="G"),),
    )
    assert advise(drug, Scenario(infant_age_days=OLDER)).category is Category.COMPATIBLE
    v = advise(drug, Scenario(infant_age_days=10))
    assert v.category is Category.USE_ALTERNATIVE
    age = next(r for r in v.reasons if r.rule == "infant_age")
    assert "G does not address newborn or preterm infants" in age.text
    # Guidance that does address newborns (here: term infants of any age) is followed.
    addressed = replace(
        drug, guidance=(p.guidance("term", Category.COMPATIBLE, guideline="G", preterm=False),)
    )
    assert advise(addressed, Scenario(infant_age_days=10)).category is Category.COMPATIBLE


@pytest.mark.parametrize(
    ("profile", "rule", "key"),
    [
        (p.hydrocortisone, "low_transfer", "ausprescriber-drugs-bf"),
        (p.gentamicin, "low_transfer", "ausprescriber-drugs-bf"),
        (p.adalimumab, "low_transfer", "adalimumab:label"),
        (lambda: replace(p.novel_drug(), citations=(p.lactmed("n", "N"),)), "insufficient_data",
         "n:lactmed"),
        # No LactMed record: the monograph's own citations (`<slug>:...`) are cited instead.
        (lambda: replace(p.novel_drug(), citations=(p.own_source("novelumab-small", "briggs"),)),
         "insufficient_data", "novelumab-small:briggs"),
    ],
)  # fmt: skip
def test_every_basis_is_cited(profile: Callable[[], DrugProfile], rule: str, key: str) -> None:
    v = advise(profile(), Scenario(infant_age_days=OLDER))
    reason = next(r for r in v.reasons if r.rule == rule)
    assert key in reason.citation_keys
    assert key in {c.key for c in v.citations}


def test_insufficient_data_prefers_lactmed_over_other_own_sources() -> None:
    drug = replace(
        p.novel_drug(),
        citations=(
            p.own_source("novelumab-small", "briggs"),
            p.lactmed("novelumab-small", "Novel"),
        ),
    )
    v = advise(drug, Scenario(infant_age_days=OLDER))
    reason = next(r for r in v.reasons if r.rule == "insufficient_data")
    assert reason.citation_keys == ("novelumab-small:lactmed",)


def test_insufficient_data_without_any_source_warns() -> None:
    v = advise(p.novel_drug(), Scenario(infant_age_days=OLDER))
    assert v.category is Category.USE_ALTERNATIVE
    assert v.evidence is Evidence.INSUFFICIENT
    assert any("no lactation-specific source" in w.lower() for w in v.warnings)
    # A shared (non-monograph) citation is not a lactation-specific source for this drug.
    other = replace(p.novel_drug(), citations=(p.NRC,))
    assert any(
        "no lactation-specific source" in w.lower() for w in advise(other, Scenario()).warnings
    )


def test_long_interval_reason_explains_the_interval() -> None:
    v = advise(
        p.weekly_interrupt_guidance(),
        Scenario(regimen=Regimen.CHRONIC, doses_per_day=1 / 7, infant_age_days=OLDER),
    )
    text = next(r.text for r in v.reasons if r.rule == "long_interval")
    assert "168 h apart" in text and "5 x 2 h = 10 h" in text
    assert "regular_dosing" not in v.rules
    assert v.inputs["doses_per_day"] == {"value": 1 / 7, "defaulted": False}


def test_monthly_dosing_is_accepted() -> None:
    v = advise(
        p.tinidazole(), Scenario(dose_mg=2000, regimen=Regimen.CHRONIC, doses_per_day=1 / 30)
    )
    assert v.category is Category.INTERRUPT
    assert "long_interval" in v.rules


@pytest.mark.parametrize(("intake", "shown"), [(None, "0.15"), (0.2, "0.2")])
def test_pk_reason_states_the_milk_intake_actually_used(intake: float | None, shown: str) -> None:
    """An overridden infant milk intake is the one the PK reason names (issue 12)."""
    thresholds = Thresholds() if intake is None else Thresholds(milk_intake_l_per_kg_day=intake)
    v = advise(p.oral_f_unknown(), Scenario(infant_age_days=OLDER), thresholds=thresholds)
    text = next(r.text for r in v.reasons if r.rule == "pk_estimate")
    assert f"infant intake {shown} L/kg/day;" in text
    assert v.numbers["milk_intake_l_per_kg_day"]["value"] == float(shown)  # type: ignore[index]


def test_radioactive_pause_carries_its_decay_arithmetic() -> None:
    """Tc-99m at 1200 MBq: the pause in half-lives and what is left when feeding resumes."""
    v = advise(p.pertechnetate(), Scenario(activity_mbq=1200))
    assert v.category is INT and v.interrupt_hours
    n = v.interrupt_hours / 6.01
    assert v.numbers["half_lives_in_pause"]["value"] == pytest.approx(n, rel=1e-5)
    assert v.numbers["activity_remaining_pct"]["value"] == pytest.approx(100 * 0.5**n, rel=1e-5)
    assert v.numbers["activity_remaining_mbq"]["value"] == pytest.approx(1200 * 0.5**n, rel=1e-5)


def test_no_decay_arithmetic_without_a_pause() -> None:
    """Compatible at a low activity, and I-131 (stop for this child): no pause to decay over."""
    for profile, s in ((p.pertechnetate(), Scenario(activity_mbq=50)), (p.iodine131(), Scenario())):
        v = advise(profile, s)
        assert "half_lives_in_pause" not in v.numbers
        assert "activity_remaining_pct" not in v.numbers
