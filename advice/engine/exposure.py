"""Infant exposure: RID from measured milk levels (rule 6) or PK estimates (rule 7), compared
with the threshold in force, and the single-dose pause (rule 9).
"""

from __future__ import annotations

from advice.engine import pk
from advice.engine.context import (
    LOCAL_ROUTES,
    SYSTEMIC_F100_ROUTES,
    Context,
    Exposure,
    Finding,
    number,
)
from advice.engine.infant import serious_effects
from advice.engine.types import (
    Category,
    DrugProfile,
    Evidence,
    PkValue,
    Regimen,
    RidSource,
    Route,
    RuleId,
)
from drugs.vocabulary import PK_UNITS
from drugs.vocabulary import PkParameter as P

RID_CITES = ("who-rid-10", "ausprescriber-drugs-bf")


def _alt_names(ctx: Context) -> list[str]:
    return [a.name for a in ctx.drug.alternatives]


def _decide_exposure(
    ctx: Context,
    *,
    rule: RuleId,
    evidence: Evidence,
    rid_total: float,
    rid_peak: float | None,
    basis: str,
    cites: tuple[str, ...],
    basis_params: dict[str, object],
) -> tuple[list[Finding], Category, float | None]:
    """Shared by rules 6 and 7: compare the RID with the threshold in force; rule 9 if single.

    The decision uses the RID of the whole exposure (for one dose, the total the baby would take
    in equals the steady-state RID under linear PK). Only when that is too high does a single
    dose get a pause, long enough for the peak milk level to fall to the acceptable level.
    """
    thr = ctx.rid_threshold_pct
    thr_text = f"{thr:g} %" + (
        " (lowered for a newborn or preterm infant; LactRx policy)" if ctx.newborn_caution else ""
    )
    findings: list[Finding] = []
    single = ctx.per_dose
    rid = rid_total
    cites = (*cites, *RID_CITES)
    label = "RID"
    if ctx.regimen is Regimen.SINGLE:
        label = "RID for the whole exposure from this single dose"
    elif single:
        label = "RID for the whole exposure from each dose"
    upper = ctx.thresholds.rid_upper_unverified_pct
    params: dict[str, object] = {
        **basis_params,
        "rid_pct": rid,
        "threshold_pct": thr,
        "newborn_threshold": ctx.newborn_caution,
        "per_dose": "single" if ctx.regimen is Regimen.SINGLE else "each" if single else "",
    }
    if rid < thr:
        category = Category.COMPATIBLE
        text = f"{basis} {label} {rid:.2g} % is below the {thr_text} threshold."
        serious = serious_effects(ctx)
        findings.append(
            Finding(rule, category, text, cites, evidence, code=f"{rule}.below", params=params)
        )
        if serious:
            findings.append(
                Finding(
                    rule=RuleId.INFANT_EFFECTS,
                    category=Category.USE_ALTERNATIVE,
                    text=(
                        "Although little reaches the milk, serious effects in breastfed infants "
                        "are reported: " + "; ".join(e.rstrip(". ") for e in serious) + ". Prefer "
                        f"{ctx.alternative_names()}, or use with close infant monitoring."
                    ),
                    citation_keys=tuple(
                        k
                        for e in ctx.drug.infant_effects
                        if e.severity == "serious"
                        for k in e.citation_keys
                    ),
                    params={"effects": list(serious), "alternatives": _alt_names(ctx)},
                )
            )
            category = Category.USE_ALTERNATIVE
        return findings, category, None
    text = f"{basis} {label} {rid:.2g} % is at or above the {thr_text} threshold."
    if upper is not None and rid >= upper:
        text += f" It is also above the {upper:g} % line (a common literature line, unverified)."
        params["upper_pct"] = upper
    t_half = ctx.drug.half_life_h
    if single and t_half is not None:
        peak = max(rid_peak if rid_peak is not None else rid, rid)
        exact = pk.hours_to_fall(t_half.value, peak, thr)
        hours = pk.practical_hours(exact)
        findings.append(
            Finding(rule, None, text, cites, evidence, code=f"{rule}.above", params=params)
        )
        findings.append(
            Finding(
                rule=RuleId.SINGLE_DOSE_INTERRUPT,
                category=Category.INTERRUPT,
                text=(
                    f"At its peak the milk level corresponds to an RID of {peak:.3g} %; it falls "
                    f"with the half-life ({t_half.value:g} h) to the acceptable level in "
                    f"t1/2 x log2({peak:.3g} / {thr:g}) = {exact:.1f} h, rounded up to "
                    f"{hours:g} h. Pause breastfeeding for {hours:g} h (express and discard to "
                    "keep the supply), then resume."
                ),
                citation_keys=(*t_half.citation_keys, "ausprescriber-drugs-bf"),
                evidence=evidence,
                interrupt_hours=hours,
                params={
                    "peak_rid_pct": peak,
                    "half_life_h": t_half.value,
                    "threshold_pct": thr,
                    "exact_hours": exact,
                    "hours": hours,
                },
            )
        )
        return findings, Category.INTERRUPT, hours
    if single:
        text += " The half-life is unknown, so no safe pause can be computed."
        params["half_life_unknown"] = True
    text += f" Prefer {ctx.alternative_names()}."
    params["alternatives"] = _alt_names(ctx)
    findings.append(
        Finding(
            rule,
            Category.USE_ALTERNATIVE,
            text,
            cites,
            evidence,
            code=f"{rule}.above_alternative",
            params=params,
        )
    )
    return findings, Category.USE_ALTERNATIVE, None


def _pk_number(v: PkValue | None, unit: str) -> dict[str, object]:
    if v is None:
        return number(None, unit, "missing")
    return number(v.value, unit, "profile", v.citation_keys, verified=v.verified)


def pk_numbers(d: DrugProfile) -> dict[str, object]:
    return {
        "half_life_h": _pk_number(d.half_life_h, PK_UNITS[P.HALF_LIFE_H]),
        "oral_bioavailability_pct": _pk_number(
            d.oral_bioavailability_pct, PK_UNITS[P.ORAL_BIOAVAILABILITY_PCT]
        ),
        "vd_l_per_kg": _pk_number(d.vd_l_per_kg, PK_UNITS[P.VD_L_PER_KG]),
        "mw_da": _pk_number(d.mw_da, PK_UNITS[P.MW_DA]),
        "mp_ratio": _pk_number(d.mp_ratio, PK_UNITS[P.MP_RATIO]),
        "protein_binding_pct": _pk_number(d.protein_binding_pct, PK_UNITS[P.PROTEIN_BINDING_PCT]),
    }


def rule_measured_rid(ctx: Context) -> Exposure | None:
    """Rule 6: measured milk levels scaled to this dose (the most conservative study wins).

    A reported RID is already dose-normalised, so it is used as is (linear PK) and the infant
    dose is scaled; a measured average concentration is scaled by the daily dose ratio.
    """
    d = ctx.drug
    daily = ctx.daily_dose_mg
    per_dose = ctx.dose_mg
    if daily is None or per_dose is None:
        return None
    intake = ctx.thresholds.milk_intake_l_per_kg_day
    maternal = pk.maternal_dose_mg_per_kg_day(daily, ctx.maternal_weight_kg)
    best: tuple[float, float, dict[str, object], tuple[str, ...]] | None = None
    for s in d.milk_studies:
        study_daily = None
        if s.maternal_dose_mg is not None:
            study_daily = s.maternal_dose_mg * (
                1.0 if s.regimen is Regimen.SINGLE else (s.doses_per_day or 1.0)
            )
        nums: dict[str, object] = {}
        rid_avg: float | None = None
        if s.milk_conc_avg_mg_per_l is not None and study_daily:
            conc = pk.scale_to_dose(s.milk_conc_avg_mg_per_l, study_daily, daily)
            infant = pk.infant_dose_mg_per_kg_day(conc, intake)
            rid_avg = pk.rid_pct(infant, maternal)
            nums["milk_conc_avg_mg_per_l"] = number(
                conc, "mg/L", "measured, scaled to this dose", s.citation_keys
            )
        elif s.rid_pct is not None:
            rid_avg = s.rid_pct
        elif s.milk_conc_peak_mg_per_l is not None and study_daily:
            # Only a peak level was measured: used as the average (an overestimate, so the
            # conservative choice) rather than ignoring the study.
            conc = pk.scale_to_dose(s.milk_conc_peak_mg_per_l, study_daily, daily)
            rid_avg = pk.rid_pct(pk.infant_dose_mg_per_kg_day(conc, intake), maternal)
            nums["milk_conc_avg_mg_per_l"] = number(
                conc,
                "mg/L",
                "measured peak used as the average (conservative), scaled to this dose",
                s.citation_keys,
            )
        if rid_avg is None:
            continue
        rid_dec = rid_avg
        if ctx.per_dose:
            if s.milk_conc_peak_mg_per_l is not None and s.maternal_dose_mg:
                c0 = pk.scale_to_dose(s.milk_conc_peak_mg_per_l, s.maternal_dose_mg, per_dose)
                rid_dec = pk.rid_pct(pk.infant_dose_mg_per_kg_day(c0, intake), maternal)
                nums["milk_conc_peak_mg_per_l"] = number(
                    c0, "mg/L", "measured peak, scaled to this dose", s.citation_keys
                )
            else:
                nums["milk_conc_peak_mg_per_l"] = number(
                    None, "mg/L", "not measured", note="the average-level RID is used as the peak"
                )
        if best is None or (rid_avg, rid_dec) > (best[0], best[1]):
            best = (rid_avg, rid_dec, nums, s.citation_keys)
    if best is None:
        return None
    rid_avg, rid_dec, nums, cites = best
    infant = rid_avg / 100.0 * maternal
    n = sum(1 for s in d.milk_studies)
    basis = f"Measured milk levels ({n} stud{'y' if n == 1 else 'ies'}, the highest used):"
    findings, category, hours = _decide_exposure(
        ctx,
        rule=RuleId.MEASURED_RID,
        evidence=Evidence.MEASURED,
        rid_total=rid_avg,
        rid_peak=rid_dec,
        basis=basis,
        cites=cites,
        basis_params={"n_studies": n},
    )
    numbers: dict[str, object] = {
        **nums,
        "maternal_dose_mg_per_kg_day": number(maternal, "mg/kg/day", "scenario"),
        "infant_dose_mg_per_kg_day": number(infant, "mg/kg/day", "measured", cites),
        "rid_pct": number(rid_avg, "%", "measured", cites),
        "acceptable_milk_conc_mg_per_l": number(
            ctx.rid_threshold_pct / 100.0 * maternal / intake,
            "mg/L",
            "threshold",
            RID_CITES,
            note="RID threshold x maternal dose / intake",
        ),
    }
    if ctx.per_dose:
        numbers["rid_peak_pct"] = number(rid_dec, "%", "measured", cites)
    return Exposure(
        findings=tuple(findings),
        category=category,
        evidence=Evidence.MEASURED,
        rid_pct=rid_avg,
        rid_source=RidSource.MEASURED,
        infant_dose_mg_per_kg_day=infant,
        interrupt_hours=hours,
        numbers=numbers,
    )


def rule_pk_estimate(ctx: Context) -> Exposure | None:
    """Rule 7: RID from M/P x average maternal plasma concentration (no milk data)."""
    d = ctx.drug
    mp, t_half, vd = d.mp_ratio, d.half_life_h, d.vd_l_per_kg
    daily, per_dose = ctx.daily_dose_mg, ctx.dose_mg
    if mp is None or t_half is None or vd is None or daily is None or per_dose is None:
        return None
    used: list[tuple[str, PkValue]] = [("M/P ratio", mp), ("half-life", t_half), ("Vd", vd)]
    notes: list[str] = []
    upper_bound = ctx.route in LOCAL_ROUTES
    if ctx.route in SYSTEMIC_F100_ROUTES:
        f_pct = 100.0
        f_source = f"assumed 100 % for {ctx.route_word} use"
    elif ctx.route is Route.ORAL and d.oral_bioavailability_pct is not None:
        f_pct = d.oral_bioavailability_pct.value
        f_source = "profile"
        used.append(("oral bioavailability", d.oral_bioavailability_pct))
    elif upper_bound:
        f_pct = 100.0
        f_source = (
            f"upper bound: the fraction absorbed after {ctx.route_word} use is not known, so "
            "all of the dose is assumed to reach the mother's blood"
        )
        notes.append(
            f"The fraction of the dose absorbed after {ctx.route_word} use is not known: the "
            "estimate assumes all of it (an upper bound) and can only show that exposure is low."
        )
    else:
        f_pct = 100.0
        f_source = "assumed 100 % (unknown; the conservative choice)"
        notes.append(f"Bioavailability for {ctx.route_word} use is unknown; 100 % assumed.")
    f = f_pct / 100.0
    w = ctx.maternal_weight_kg
    intake = ctx.thresholds.milk_intake_l_per_kg_day
    cavg = pk.average_plasma_conc_mg_per_l(
        f_fraction=f,
        daily_dose_mg=daily,
        vd_l_per_kg=vd.value,
        maternal_weight_kg=w,
        half_life_h=t_half.value,
    )
    milk = pk.milk_conc_mg_per_l(mp.value, cavg)
    infant = pk.infant_dose_mg_per_kg_day(milk, intake)
    maternal = pk.maternal_dose_mg_per_kg_day(daily, w)
    rid = pk.rid_pct(infant, maternal)
    c0 = pk.peak_plasma_single_dose_mg_per_l(
        f_fraction=f, dose_mg=per_dose, vd_l_per_kg=vd.value, maternal_weight_kg=w
    )
    milk0 = pk.milk_conc_mg_per_l(mp.value, c0)
    rid_peak = pk.rid_pct(pk.infant_dose_mg_per_kg_day(milk0, intake), maternal)
    cites = tuple(k for _, v in used for k in v.citation_keys)
    n_studies = len(d.milk_studies)
    data_note = (
        "no milk data"
        if not n_studies
        else f"the {n_studies} milk stud{'y' if n_studies == 1 else 'ies'} listed "
        f"give{'s' if n_studies == 1 else ''} no level "
        "that can be scaled to this dose"
    )
    bound_note = (
        f" an upper bound for {ctx.route_word} use (all of the dose assumed absorbed)"
        if upper_bound
        else ""
    )
    basis = (
        f"Estimated from pharmacokinetics ({data_note}):{bound_note} M/P x F x dose rate / "
        f"(Vd x weight x ln2 / t1/2), infant intake {intake:g} L/kg/day;"
    )
    findings, category, hours = _decide_exposure(
        ctx,
        rule=RuleId.PK_ESTIMATE,
        evidence=Evidence.ESTIMATED,
        rid_total=rid,
        rid_peak=rid_peak,
        basis=basis,
        cites=cites,
        basis_params={
            "n_studies": n_studies,
            "upper_bound": upper_bound,
            "route": ctx.route.value,
            "intake_l_per_kg_day": intake,
        },
    )
    unverified = [name for name, v in used if not v.verified]
    warnings = tuple(notes)
    if unverified:
        warnings += ("Unverified values used in the estimate: " + ", ".join(unverified) + ".",)
    acceptable = ctx.rid_threshold_pct / 100.0 * maternal / intake
    numbers: dict[str, object] = {
        "oral_bioavailability_used_pct": number(f_pct, "%", f_source),
        "clearance_l_per_h": number(
            pk.clearance_l_per_h(vd.value, w, t_half.value), "L/h", "estimated"
        ),
        "plasma_conc_avg_mg_per_l": number(cavg, "mg/L", "estimated"),
        "milk_conc_avg_mg_per_l": number(milk, "mg/L", "estimated"),
        "maternal_dose_mg_per_kg_day": number(maternal, "mg/kg/day", "scenario"),
        "infant_dose_mg_per_kg_day": number(infant, "mg/kg/day", "estimated"),
        "rid_pct": number(rid, "%", "estimated"),
        "acceptable_milk_conc_mg_per_l": number(
            acceptable,
            "mg/L",
            "threshold",
            RID_CITES,
            note="RID threshold x maternal dose / intake",
        ),
    }
    if ctx.per_dose:
        numbers["plasma_c0_mg_per_l"] = number(c0, "mg/L", "estimated", note="F x dose / Vd")
        numbers["milk_conc_peak_mg_per_l"] = number(milk0, "mg/L", "estimated")
        numbers["rid_peak_pct"] = number(rid_peak, "%", "estimated")
    return Exposure(
        findings=tuple(findings),
        category=category,
        evidence=Evidence.ESTIMATED,
        rid_pct=rid,
        rid_source=RidSource.ESTIMATED,
        infant_dose_mg_per_kg_day=infant,
        interrupt_hours=hours,
        numbers=numbers,
        warnings=warnings,
        upper_bound=upper_bound,
    )
