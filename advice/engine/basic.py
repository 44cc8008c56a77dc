"""The basic rules: regulatory avoidance, cytotoxic drugs, milk supply, little reaching the
baby, milk studies without a usable level and too little data.
"""

from __future__ import annotations

from advice.engine import pk
from advice.engine.context import (
    LOCAL_ROUTES,
    SUPPLY_LOCAL_ROUTES,
    Context,
    Finding,
    lactation_keys,
    monograph_keys,
)
from advice.engine.phrases import CNS_MONITORING, SUPPLY_MONITORING, TEXT, Phrase, study_summary
from advice.engine.thresholds import INSUFFICIENT_PAUSE_MAX_H
from advice.engine.types import (
    Category,
    Evidence,
    Regimen,
    RuleId,
)
from drugs.vocabulary import PROTEIN_KINDS


def rule_regulatory_avoid(ctx: Context) -> Finding | None:
    """A regulator recommends against the drug in breastfeeding (codeine, tramadol: FDA Drug
    Safety Communication, 20 April 2017): `use_alternative` at every infant age, dose, route and
    regimen; never "use with monitoring", never a pause."""
    key = ctx.regulatory_avoid_key
    if key is None:
        return None
    d = ctx.drug
    alts = [a.name for a in d.alternatives]
    use = f"Use {', '.join(alts)} or another analgesic instead" if alts else "Use another analgesic"
    return Finding(
        rule=RuleId.REGULATORY_AVOID,
        category=Category.USE_ALTERNATIVE,
        text=(
            f"The FDA (Drug Safety Communication, 20 April 2017) recommends against {d.name} "
            "while breastfeeding: some mothers convert it very quickly into its active opioid "
            "(ultra-rapid CYP2D6 metabolisers), and breastfed infants have had serious breathing "
            "problems and deaths. This applies at every infant age, dose and route, and a pause "
            f"in feeding does not make it safe. {use}."
        ),
        citation_keys=(key,),
        evidence=Evidence.CURATED,
        monitoring=(CNS_MONITORING,),
        params={"drug": d.name, "alternatives": alts},
    )


def rule_cytotoxic(ctx: Context) -> Finding | None:
    """Rule 3: cytotoxic chemotherapy means weaning for the course (LactRx policy, DESIGN)."""
    if not ctx.drug.cytotoxic:
        return None
    if ctx.local_low_absorption:
        return Finding(
            rule=RuleId.CYTOTOXIC,
            category=None,
            text=(
                f"{ctx.drug.name} is cytotoxic, but after {ctx.route_word} use little is "
                "absorbed into the mother's blood (monograph), so the weaning rule for "
                "systemic chemotherapy does not apply. Keep it away from the breast and nipple "
                "and from the baby's skin."
            ),
            citation_keys=monograph_keys(ctx.drug),
            code=f"{RuleId.CYTOTOXIC}.local",
            params={"drug": ctx.drug.name, "route": ctx.route.value},
        )
    return Finding(
        rule=RuleId.CYTOTOXIC,
        category=Category.WEAN,
        text=(
            f"{ctx.drug.name} is cytotoxic: breastfeeding is contraindicated for the course of "
            "treatment (and a drug-specific washout after the last dose), unless curated "
            "guidance for this exact situation says otherwise."
        ),
        evidence=Evidence.CURATED,
        params={"drug": ctx.drug.name},
    )


def rule_milk_supply(ctx: Context) -> Finding | None:
    """Rule 4: drugs that lower milk supply -> use_alternative, naming the alternatives."""
    d = ctx.drug
    effects = [e for e in d.lactation_effects if e.effect == "decreases_supply"]
    if not (d.reduces_milk_supply or effects):
        return None
    detail = " ".join(e.description for e in effects if e.description)
    text = f"{d.name} can lower milk supply."
    if detail:
        text += f" {detail}"
    local = ctx.route in SUPPLY_LOCAL_ROUTES or ctx.local_low_absorption
    if local:
        text += (
            f" That effect is known from use that reaches the whole body; after "
            f"{ctx.route_word} use much less reaches the mother's blood, so it is noted here "
            "rather than deciding. Watch milk supply."
        )
    else:
        text += f" Prefer {ctx.alternative_names()}."
    return Finding(
        rule=RuleId.MILK_SUPPLY,
        category=None if local else Category.USE_ALTERNATIVE,
        text=text,
        citation_keys=tuple(k for e in effects for k in e.citation_keys),
        monitoring=(SUPPLY_MONITORING,),
        code=f"{RuleId.MILK_SUPPLY}.local" if local else "",
        params={
            "drug": d.name,
            "details": [e.description for e in effects if e.description],
            "route": ctx.route.value,
            "alternatives": [a.name for a in d.alternatives],
        },
    )


def rule_low_transfer(ctx: Context) -> list[Finding]:
    """Rule 5: little reaches the baby -> supports compatible (evidence estimated).

    Biologics above the molecular-weight line count only after the first week (colostrum
    passes IgG); unknown age uses the documented default (term infant older than 2 months).
    """
    d = ctx.drug
    why: list[str] = []
    because: list[str] = []  # the codes of `why`, for the reason's params
    cites: list[str] = []
    notes: list[Finding] = []
    if ctx.route in d.minimal_absorption_routes:
        why.append(f"little is absorbed into the mother's blood after {ctx.route_word} use")
        because.append("minimal_absorption")
        cites.extend(("ausprescriber-drugs-bf", *monograph_keys(d)))
    if d.poor_infant_oral_absorption:
        why.append("it is hardly absorbed from the baby's gut")
        because.append("poor_infant_oral_absorption")
        cites.extend(("ausprescriber-drugs-bf", *monograph_keys(d)))
    mw = d.mw_da
    if mw is not None and mw.value > ctx.thresholds.large_molecule_da:
        age = ctx.infant_age_days
        if (
            d.kind in PROTEIN_KINDS
            and age is not None
            and age <= ctx.thresholds.antibody_min_infant_age_days
        ):
            notes.append(
                Finding(
                    rule=RuleId.LOW_TRANSFER,
                    category=None,
                    text=TEXT[Phrase.COLOSTRUM_ANTIBODIES],
                    code=Phrase.COLOSTRUM_ANTIBODIES.value,
                )
            )
        else:
            why.append(
                f"the molecule is very large ({mw.value:g} Da > "
                f"{ctx.thresholds.large_molecule_da:g} Da) and passes poorly into milk"
            )
            cites.extend(("ausprescriber-drugs-bf", *mw.citation_keys))
            because.append("large_molecule")
    if not why:
        return notes
    return [
        *notes,
        Finding(
            rule=RuleId.LOW_TRANSFER,
            category=Category.COMPATIBLE,
            text=f"Little {d.name} reaches the baby: " + "; ".join(why) + ".",
            citation_keys=tuple(dict.fromkeys(cites)),
            evidence=Evidence.ESTIMATED,
            params={
                "drug": d.name,
                "because": because,
                "route": ctx.route.value,
                "mw_da": mw.value if mw is not None else None,
                "large_molecule_da": ctx.thresholds.large_molecule_da,
            },
        ),
    ]


def rule_milk_studies(ctx: Context) -> Finding | None:
    """Milk studies that give no level LactRx can scale to the dose are still reported
    (informational): "no milk data" is said only when the monograph lists no milk study."""
    d = ctx.drug
    if not d.milk_studies:
        return None
    n = len(d.milk_studies)
    return Finding(
        rule=RuleId.MILK_STUDIES,
        category=None,
        text=(
            f"The monograph lists {n} milk stud{'y' if n == 1 else 'ies'} without a milk level "
            f"or RID that can be scaled to this dose: {study_summary(d)}."
        ),
        citation_keys=tuple(dict.fromkeys(k for s in d.milk_studies for k in s.citation_keys)),
        params={"n_studies": n},
    )


def _single_dose_pause_hours(ctx: Context) -> float | None:
    """Insufficient data, one dose: the pause that clears ~97 % of it (5 half-lives), when that
    is short (5 half-lives <= 12 h), the dose is not above the usual maximum and no milk study
    exists
    (a qualitative study, often "not detected", never turns into a pause). LactRx policy."""
    d = ctx.drug
    t = d.half_life_h
    if ctx.regimen is not Regimen.SINGLE or t is None or ctx.dose_mg is None:
        return None
    if d.milk_studies:
        # Qualitative milk studies exist (often "not detected"): no pause is invented.
        return None
    if d.max_dose_mg is not None and ctx.dose_mg > d.max_dose_mg:
        return None
    if 5 * t.value > INSUFFICIENT_PAUSE_MAX_H:
        # A long pause is a real harm to breastfeeding: not invented without data.
        return None
    return pk.practical_hours(5 * t.value)


def rule_insufficient_data(ctx: Context) -> Finding:
    """Rule 10: too little data -> never compatible by default.

    Scales with dose, regimen and route: one dose (at most the usual maximum, half-life known,
    5 half-lives at most 12 h) gets a pause of 5 half-lives (~97 % cleared; LactRx policy
    following Australian Prescriber); regular or higher doses get `use_alternative`, and the
    reason says how the dose compares with the usual one and what the route means.
    """
    missing = []
    d = ctx.drug
    if not d.milk_studies:
        missing.append("no milk-level studies")
    else:
        n = len(d.milk_studies)
        missing.append(
            f"{n} milk stud{'y' if n == 1 else 'ies'} but no level that can be scaled to this dose"
        )
    for label, v in (("M/P ratio", d.mp_ratio), ("half-life", d.half_life_h)):
        if v is None:
            missing.append(f"no {label}")
    if d.vd_l_per_kg is None:
        missing.append("no volume of distribution")
    if ctx.dose_mg is None:
        missing.append("no dose (and no typical dose)")
    keys = lactation_keys(d)
    warnings: tuple[str, ...] = ()
    if not keys:
        warnings = (
            f"No lactation-specific source: the monograph of {d.name} cites none; check "
            "LactMed or a drug information service.",
        )
    text = (
        f"Too little is known about {d.name} in breastfeeding ("
        + ", ".join(missing or ["data incomplete"])
        + ")."
    )
    usual = d.max_dose_mg
    if usual is not None and ctx.dose_mg is not None and ctx.dose_mg > usual:
        text += (
            f" The dose ({ctx.dose_mg:g} mg) is above the usual maximum dose "
            f"({usual:g} mg), so more can reach the milk."
        )
    if ctx.route in LOCAL_ROUTES and not ctx.local_low_absorption:
        text += (
            f" After {ctx.route_word} use less usually reaches the mother's blood than after "
            "a dose by mouth or injection, but the monograph gives no figure."
        )
    hours = _single_dose_pause_hours(ctx)
    t = d.half_life_h
    category = Category.USE_ALTERNATIVE
    if hours is not None and t is not None:
        category = Category.INTERRUPT
        text += (
            f" For one dose, about 5 half-lives (5 x {t.value:g} h, rounded to {hours:g} h) "
            "clear about 97 % of it: feed just before the dose, then pause breastfeeding for "
            f"{hours:g} h (express to keep the supply) - LactRx policy when nothing measured in "
            f"milk is known. For regular use, {ctx.prefer_alternatives().lower()}."
        )
        keys = (*keys, *t.citation_keys, "ausprescriber-drugs-bf")
    else:
        text += f" {ctx.prefer_alternatives()}, especially for a newborn or preterm infant."
    return Finding(
        rule=RuleId.INSUFFICIENT_DATA,
        category=category,
        text=text,
        citation_keys=tuple(dict.fromkeys(keys)),
        evidence=Evidence.INSUFFICIENT,
        warnings=warnings,
        interrupt_hours=hours if category is Category.INTERRUPT else None,
        code=f"{RuleId.INSUFFICIENT_DATA}.pause" if category is Category.INTERRUPT else "",
        params={
            "drug": d.name,
            "n_studies": len(d.milk_studies),
            "missing_mp_ratio": d.mp_ratio is None,
            "missing_half_life": d.half_life_h is None,
            "missing_vd": d.vd_l_per_kg is None,
            "missing_dose": ctx.dose_mg is None,
            "dose_mg": ctx.dose_mg,
            "max_dose_mg": usual,
            "route": ctx.route.value,
            "half_life_h": t.value if t is not None else None,
            "hours": hours if category is Category.INTERRUPT else None,
            "alternatives": [a.name for a in d.alternatives],
        },
    )
