"""Property tests (hypothesis) on synthetic profiles: monotonicity, arithmetic, safety."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advice.engine import (
    Category,
    DrugProfile,
    Evidence,
    Guidance,
    InfantEffect,
    MilkStudy,
    PkValue,
    Regimen,
    Route,
    Scenario,
    advise,
    strictness,
)
from tests.engine.profiles import TC_ROWS, guidance, pertechnetate

settings.register_profile(
    "engine", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("engine")

pos = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)
maybe_pk = st.one_of(st.none(), pos.map(lambda v: PkValue(v, verified=True)))
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=1096))
CATS = list(Category)


@st.composite
def milk_studies(draw: st.DrawFn) -> MilkStudy:
    has_conc = draw(st.booleans())
    return MilkStudy(
        maternal_dose_mg=draw(st.floats(min_value=1, max_value=1000)),
        regimen=draw(st.sampled_from(list(Regimen))),
        doses_per_day=draw(st.sampled_from([1.0, 2.0, 3.0, 4.0])),
        milk_conc_avg_mg_per_l=draw(pos) if has_conc else None,
        milk_conc_peak_mg_per_l=draw(st.one_of(st.none(), pos)),
        rid_pct=None if has_conc else draw(st.floats(min_value=0.01, max_value=60)),
        n_mothers=3,
        citation_keys=(),
    )


@st.composite
def dose_guidance(draw: st.DrawFn) -> tuple[Guidance, ...]:
    """Contiguous dose ranges from 0 with verdicts that never get less strict as dose rises."""
    n = draw(st.integers(min_value=1, max_value=3))
    bounds = sorted(draw(st.lists(st.floats(min_value=1, max_value=5000), min_size=n, max_size=n)))
    cats = sorted(draw(st.lists(st.sampled_from(CATS), min_size=n, max_size=n)), key=strictness)
    out = []
    lo: float | None = None
    for i, (hi, cat) in enumerate(zip(bounds, cats, strict=True)):
        hours = (4.0, 8.0 * (i + 1)) if cat is Category.INTERRUPT else (None, None)
        out.append(guidance(f"g{i}", cat, guideline="G", hours=hours, dose=(lo, hi), regimen=None))
        lo = hi
    return tuple(out)


@st.composite
def drugs(draw: st.DrawFn, *, dose_ranges: bool = False, any_kind: bool = False) -> DrugProfile:
    gd: tuple[Guidance, ...] = ()
    if dose_ranges:
        gd = draw(dose_guidance())
    elif draw(st.booleans()):
        # A curated statement without age conditions (e.g. "short courses are fine").
        gd = (guidance("plain", draw(st.sampled_from(CATS)), guideline="G", hours=(6.0, 6.0)),)
    return DrugProfile(
        slug="synthetic",
        name="Synthetic",
        kind=draw(st.sampled_from(["drug", "biologic"])),
        half_life_h=draw(maybe_pk),
        oral_bioavailability_pct=draw(
            st.one_of(st.none(), st.floats(min_value=1, max_value=100).map(PkValue))
        ),
        vd_l_per_kg=draw(maybe_pk),
        mp_ratio=draw(st.one_of(st.none(), st.floats(min_value=0.01, max_value=10).map(PkValue))),
        mw_da=draw(st.one_of(st.none(), st.floats(min_value=100, max_value=200000).map(PkValue))),
        typical_dose_mg=draw(st.one_of(st.none(), pos)),
        typical_doses_per_day=draw(st.sampled_from([None, 1.0, 2.0, 4.0])),
        typical_regimen=draw(st.sampled_from(list(Regimen))),
        milk_studies=tuple(draw(st.lists(milk_studies(), max_size=2))),
        infant_effects=tuple(
            draw(
                st.lists(
                    st.builds(
                        InfantEffect,
                        description=st.just("effect"),
                        severity=st.sampled_from(["none", "mild", "moderate", "serious"]),
                        age_group=st.sampled_from(["any", "neonate", "preterm", "infant"]),
                        citation_keys=st.just(()),
                    ),
                    max_size=2,
                )
            )
        ),
        guidance=gd,
        cytotoxic=draw(st.booleans()) if any_kind else False,
        reduces_milk_supply=draw(st.booleans()),
        cns_depressant=draw(st.booleans()),
        active_metabolites=draw(st.booleans()),
        poor_infant_oral_absorption=draw(st.booleans()),
        minimal_absorption_routes=tuple(draw(st.sets(st.sampled_from(list(Route)), max_size=3))),
    )


routes = st.sampled_from(list(Route))
regimens = st.sampled_from(list(Regimen))


def rank(v: object) -> int:
    assert hasattr(v, "category")
    return strictness(v.category)


@given(
    drug=drugs(),
    d1=st.floats(min_value=0.1, max_value=5000),
    factor=st.floats(min_value=1.0, max_value=50),
    regimen=regimens,
    route=routes,
    age=ages,
    preterm=st.booleans(),
)
def test_higher_dose_never_less_restrictive(
    drug: DrugProfile,
    d1: float,
    factor: float,
    regimen: Regimen,
    route: Route,
    age: int | None,
    preterm: bool,
) -> None:
    base = {"regimen": regimen, "route": route, "infant_age_days": age, "preterm": preterm}
    low = advise(drug, Scenario(dose_mg=d1, **base))  # type: ignore[arg-type]
    high = advise(drug, Scenario(dose_mg=d1 * factor, **base))  # type: ignore[arg-type]
    assert rank(high) >= rank(low), (low.reasons, high.reasons)


@given(
    drug=drugs(dose_ranges=True),
    d1=st.floats(min_value=0.1, max_value=8000),
    factor=st.floats(min_value=1.0, max_value=20),
    regimen=regimens,
    age=ages,
)
def test_higher_dose_never_less_restrictive_with_dose_ranged_guidance(
    drug: DrugProfile, d1: float, factor: float, regimen: Regimen, age: int | None
) -> None:
    low = advise(drug, Scenario(dose_mg=d1, regimen=regimen, infant_age_days=age))
    high = advise(drug, Scenario(dose_mg=d1 * factor, regimen=regimen, infant_age_days=age))
    assert rank(high) >= rank(low), (low.reasons, high.reasons)
    if low.category is high.category is Category.INTERRUPT:
        assert (high.interrupt_hours or 0) >= (low.interrupt_hours or 0)


@given(
    drug=drugs(),
    young=st.integers(min_value=0, max_value=1096),
    older_by=st.integers(min_value=0, max_value=1096),
    young_preterm=st.booleans(),
    regimen=regimens,
    route=routes,
)
def test_older_term_infant_never_stricter(
    drug: DrugProfile,
    young: int,
    older_by: int,
    young_preterm: bool,
    regimen: Regimen,
    route: Route,
) -> None:
    older = min(young + older_by, 1096)
    common = {"regimen": regimen, "route": route}
    v_young = advise(drug, Scenario(infant_age_days=young, preterm=young_preterm, **common))  # type: ignore[arg-type]
    v_older = advise(drug, Scenario(infant_age_days=older, preterm=False, **common))  # type: ignore[arg-type]
    v_older_preterm = advise(drug, Scenario(infant_age_days=older, preterm=True, **common))  # type: ignore[arg-type]
    assert rank(v_older) <= rank(v_young)
    assert rank(v_older) <= rank(v_older_preterm)


@given(drug=drugs(), young=st.integers(min_value=0, max_value=59))
def test_unknown_age_is_never_stricter_than_a_newborn(drug: DrugProfile, young: int) -> None:
    assert rank(advise(drug, Scenario())) <= rank(advise(drug, Scenario(infant_age_days=young)))


@given(
    half_life=st.floats(min_value=0.5, max_value=200),
    vd=st.floats(min_value=0.05, max_value=50),
    f=st.floats(min_value=1, max_value=100),
    mp=st.floats(min_value=0.01, max_value=10),
    dose=st.floats(min_value=0.1, max_value=1000),
    k=st.floats(min_value=1.1, max_value=10),
    weight=st.floats(min_value=30, max_value=250),
    dpd=st.sampled_from([1.0, 2.0, 3.0, 4.0]),
)
def test_pk_estimate_arithmetic(
    half_life: float,
    vd: float,
    f: float,
    mp: float,
    dose: float,
    k: float,
    weight: float,
    dpd: float,
) -> None:
    drug = DrugProfile(
        slug="pk",
        name="PK",
        kind="drug",
        half_life_h=PkValue(half_life, verified=True),
        vd_l_per_kg=PkValue(vd, verified=True),
        oral_bioavailability_pct=PkValue(f, verified=True),
        mp_ratio=PkValue(mp, verified=True),
    )
    s = {"regimen": Regimen.CHRONIC, "doses_per_day": dpd, "maternal_weight_kg": weight}
    v1 = advise(drug, Scenario(dose_mg=dose, **s))  # type: ignore[arg-type]
    v2 = advise(drug, Scenario(dose_mg=dose * k, **s))  # type: ignore[arg-type]
    assert v1.rid_source is not None and v1.rid_source.value == "estimated"
    assert v1.rid_pct is not None and v2.rid_pct is not None
    assert v1.infant_dose_mg_per_kg_day is not None and v2.infant_dose_mg_per_kg_day is not None
    # Infant dose (and milk level) scale linearly with the dose; RID is dose-normalised.
    assert abs(v2.infant_dose_mg_per_kg_day / v1.infant_dose_mg_per_kg_day - k) < 1e-6 * k
    assert abs(v2.rid_pct - v1.rid_pct) <= 1e-6 * v1.rid_pct
    # Closed form: RID = M/P x F x t1/2 x 0.15 x 100 / (24 x Vd x ln2), independent of weight.
    expected = mp * f / 100 * half_life * 0.15 * 100 / (24 * vd * 0.6931471805599453)
    assert abs(v1.rid_pct - expected) <= 1e-6 * expected
    # Infant dose = milk concentration x 0.15 L/kg/day.
    milk = v1.numbers["milk_conc_avg_mg_per_l"]
    assert isinstance(milk, dict) and isinstance(milk["value"], float)
    # (numbers are reported to 6 significant digits)
    assert abs(v1.infant_dose_mg_per_kg_day - milk["value"] * 0.15) <= 1e-5 * (
        v1.infant_dose_mg_per_kg_day
    )


@given(
    conc=st.floats(min_value=0.001, max_value=50),
    study_dose=st.floats(min_value=1, max_value=1000),
    dose=st.floats(min_value=1, max_value=1000),
)
def test_measured_rid_arithmetic(conc: float, study_dose: float, dose: float) -> None:
    drug = DrugProfile(
        slug="m",
        name="M",
        kind="drug",
        milk_studies=(MilkStudy(study_dose, Regimen.CHRONIC, 1.0, conc, None, None, 5, ()),),
    )
    v = advise(drug, Scenario(dose_mg=dose, regimen=Regimen.CHRONIC, doses_per_day=1))
    scaled = conc * dose / study_dose
    assert v.evidence is Evidence.MEASURED
    assert v.infant_dose_mg_per_kg_day is not None and v.rid_pct is not None
    assert abs(v.infant_dose_mg_per_kg_day - scaled * 0.15) <= 1e-9 * max(scaled, 1)
    assert abs(v.rid_pct - scaled * 0.15 / (dose / 70) * 100) <= 1e-6 * v.rid_pct


@given(
    drug=drugs(any_kind=True),
    dose=st.one_of(st.none(), st.floats(min_value=0.1, max_value=5000)),
    regimen=st.one_of(st.none(), regimens),
    route=st.one_of(st.none(), routes),
    age=ages,
    preterm=st.booleans(),
)
def test_every_verdict_has_a_reason_and_keeps_the_safety_rules(
    drug: DrugProfile,
    dose: float | None,
    regimen: Regimen | None,
    route: Route | None,
    age: int | None,
    preterm: bool,
) -> None:
    s = Scenario(dose_mg=dose, regimen=regimen, route=route, infant_age_days=age, preterm=preterm)
    v = advise(drug, s)
    assert v.reasons
    assert any(r.category is v.category for r in v.reasons)
    json.dumps(v.to_dict())
    effective_route = route or drug.typical_route
    if drug.cytotoxic and effective_route not in drug.minimal_absorption_routes:
        # Systemic cytotoxic use is never compatible; a route the monograph lists as hardly
        # absorbed (a skin cream away from the breast) is judged by its route (issue 13).
        assert v.category is not Category.COMPATIBLE
    if v.evidence is Evidence.INSUFFICIENT:
        assert v.category is not Category.COMPATIBLE
    effective_regimen = regimen or drug.typical_regimen
    interval_h = 24.0 / (drug.typical_doses_per_day or 1.0)
    t_half = drug.half_life_h
    long_interval = t_half is not None and interval_h > 5 * t_half.value
    if effective_regimen is Regimen.CHRONIC and not long_interval:
        # Steady state: timing feeds does not help (a long interval acts like single doses).
        assert v.category is not Category.INTERRUPT
    if v.category is Category.INTERRUPT:
        assert v.interrupt_hours is not None and v.interrupt_hours > 0
    else:
        assert v.interrupt_hours is None


# Activities below 1/25 of the lowest curated band (100 MBq) are refused as a likely unit slip.
@given(activity=st.one_of(st.none(), st.floats(min_value=4, max_value=20000)))
def test_radioactive_above_threshold_never_compatible(activity: float | None) -> None:
    v = advise(pertechnetate(), Scenario(activity_mbq=activity))
    assert v.activity_table and len(v.activity_table) == len(TC_ROWS)
    if activity is None or activity >= 100:
        assert v.category is Category.INTERRUPT
    else:
        assert v.category is Category.COMPATIBLE
    assert sum(r.applies for r in v.activity_table) == 1


@given(a1=st.floats(min_value=4, max_value=10000), factor=st.floats(min_value=1, max_value=10))
def test_higher_activity_never_less_restrictive(a1: float, factor: float) -> None:
    low = advise(pertechnetate(), Scenario(activity_mbq=a1))
    high = advise(pertechnetate(), Scenario(activity_mbq=a1 * factor))
    assert rank(high) >= rank(low)
    assert (high.interrupt_hours or 0) >= (low.interrupt_hours or 0)
