"""The infant: newborn and preterm caution (rule 8), serious infant effects, monitoring."""

from __future__ import annotations

from advice.engine.context import Context, Finding
from advice.engine.phrases import CNS_MONITORING, NTI_MONITORING
from advice.engine.types import (
    Category,
    RuleId,
)


def serious_effects(ctx: Context) -> list[str]:
    out = []
    for e in ctx.drug.infant_effects:
        if e.severity != "serious":
            continue
        group = e.age_group
        young = ctx.infant_age_days is not None and ctx.infant_age_days < (
            ctx.thresholds.neonate_age_days
        )
        if group == "neonate" and young and ctx.single_usual_dose_term:
            continue  # one usual dose with low exposure: monitored (see rule_infant_age)
        if (
            group in {"any", "infant"}
            or (group == "neonate" and young)
            or (group == "preterm" and ctx.preterm)
        ):
            out.append(e.description)
    return out


def rule_infant_age(
    ctx: Context, *, rid_pct: float | None, exposure_ok: bool, curated_note: str = ""
) -> Finding | None:
    """Rule 8: a neonate (< 60 days) or preterm infant and a drug that accumulates or
    depresses the CNS.

    CNS depressants: `use_alternative` (most reported reactions in breastfed newborns involved
    CNS-active drugs) unless curated guidance addressing newborns matched. Drugs that only
    accumulate (long half-life, active metabolites): the RID must be below the lowered
    threshold (LactRx policy); when it is (`exposure_ok`) the finding is informational,
    otherwise, or when no RID is known, `use_alternative`.
    """
    if not ctx.newborn_caution:
        return None
    who = []
    if ctx.infant_age_days is not None and ctx.infant_age_days < ctx.thresholds.neonate_age_days:
        who.append(f"{ctx.infant_age_days} day{'' if ctx.infant_age_days == 1 else 's'} old")
    if ctx.preterm:
        who.append("preterm")
    lowered = f"{ctx.thresholds.rid_neonatal_pct:g} % (LactRx policy)"
    why = list(ctx.accumulation_reasons)
    why_text = why[0] if len(why) == 1 else ", ".join(why[:-1]) + " and " + why[-1]
    text = (
        f"The infant is {' and '.join(who)}, and {ctx.drug.name} "
        + why_text
        + ". Newborn and preterm infants clear drugs slowly and had most reported reactions, "
        "about half with CNS-active drugs."
    )
    category: Category | None = Category.USE_ALTERNATIVE
    code = f"{RuleId.INFANT_AGE}.rid_unknown" if rid_pct is None else RuleId.INFANT_AGE.value
    if (
        ctx.drug.cns_depressant
        and exposure_ok
        and rid_pct is not None
        and (ctx.single_usual_dose_term)
    ):
        text += (
            f" This is one dose of at most the usual dose, and the RID ({rid_pct:.2g} %) is below "
            f"the threshold lowered to {lowered}: breastfeeding can continue with close "
            "watching of the baby for drowsiness and breathing (LactRx policy; repeated doses "
            "would need an alternative)."
        )
        category = None
        code = f"{RuleId.INFANT_AGE}.one_usual_dose"
    elif ctx.drug.cns_depressant:
        text += f" {ctx.prefer_alternatives()}."
        code = f"{RuleId.INFANT_AGE}.cns_depressant"
    elif exposure_ok and rid_pct is not None:
        text += f" The RID ({rid_pct:.2g} %) is below the threshold lowered to {lowered}."
        category = None
        code = f"{RuleId.INFANT_AGE}.below"
    else:
        known = f"The RID ({rid_pct:.2g} %) is not" if rid_pct is not None else "No RID is known"
        text += f" {known} below the threshold lowered to {lowered}. {ctx.prefer_alternatives()}."
    if curated_note and category is not None:
        text += f" {curated_note}"
    return Finding(
        rule=RuleId.INFANT_AGE,
        category=category,
        text=text,
        citation_keys=("anderson-2003",),
        monitoring=(CNS_MONITORING,) if ctx.drug.cns_depressant else (),
        code=code,
        params={
            "drug": ctx.drug.name,
            "infant_age_days": ctx.infant_age_days,
            "preterm": ctx.preterm,
            "long_half_life": ctx.drug.half_life_h is not None
            and ctx.drug.half_life_h.value > ctx.thresholds.accumulation_half_life_h,
            "active_metabolites": ctx.drug.active_metabolites,
            "cns_depressant": ctx.drug.cns_depressant,
            "rid_pct": rid_pct,
            "threshold_pct": ctx.thresholds.rid_neonatal_pct,
            "alternatives": [a.name for a in ctx.drug.alternatives],
            "curated_note": bool(curated_note and category is not None),
        },
    )


def monitoring_for(ctx: Context) -> tuple[str, ...]:
    """What to watch for in the baby, from the profile's infant effects and flags."""
    d = ctx.drug
    out: list[str] = []
    for e in d.infant_effects:
        if e.severity in {"mild", "moderate", "serious"}:
            out.append(f"Watch for: {e.description}")
    if d.cns_depressant:
        out.append(CNS_MONITORING)
    if d.narrow_therapeutic_index:
        out.append(NTI_MONITORING)
    return tuple(out)
