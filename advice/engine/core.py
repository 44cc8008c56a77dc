"""`advise()` and `advise_regimen()`: run the rules in their order of precedence.

Precedence (a weaker rule never overrides a stronger one):

1. Curated guidance matching the scenario decides (`curated_guidance`), the most restrictive
   of the matching followed entries (every matching followed entry is listed with its
   citation); non-followed matching entries are reported as disagreements.
   Radiopharmaceuticals (2) use activity-dependent guidance and always carry an activity table
   (without an activity, the most restrictive row); cytotoxic drugs (3) are `wean` unless
   curated guidance matched.
2. Otherwise the verdict is the most restrictive of: milk supply (4); the exposure rules, in
   this order, the first that applies: little reaches the baby (5), measured milk levels (6), PK
   estimate (7), too little data (10); the newborn/preterm rule (8); the single-dose pause (9,
   produced by 6 or 7); and the curated dose floor (a dose above every curated dose range is
   treated at least as strictly as the strictest entry below it).
3. Safety floors applied last: curated guidance that calls a cytotoxic drug compatible is raised
   to `use_alternative` (`cytotoxic_floor`); curated "compatible" for a newborn/preterm infant
   and a CNS-depressant drug counts only when a matching followed entry addresses infant age or
   prematurity, and for a drug that accumulates only when one does or the RID is below the
   lowered newborn threshold (else `infant_age` raises it); an interruption under a chronic
   regimen becomes `use_alternative` (`regular_dosing`) because timing feeds does not help at
   steady state, unless the dosing interval is longer than 5 half-lives (`long_interval`: each
   dose then behaves like a single dose). Rule 5 (little reaches the baby) switches the newborn
   rule off.

Defaults, echoed in `Verdict.inputs` with `defaulted: true`: dose, route, regimen and doses per
day from the profile's typical values; maternal weight 70 kg; infant age unknown means the
drug page's default, a term infant older than 2 months (with a warning that a newborn or
preterm infant may get a stricter answer); infant weight from age (WHO medians, pk.py). The
administered activity of a radiopharmaceutical is never defaulted: without it the most
restrictive activity row applies and the reason says what the typical activity would give.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from advice.engine import pk
from advice.engine.context import Context, Exposure, Finding, most_restrictive, number
from advice.engine.exposure import pk_numbers
from advice.engine.infant import monitoring_for
from advice.engine.phrases import INTERRUPTION_COSTS
from advice.engine.rules import (
    rule_curated_guidance,
    rule_cytotoxic,
    rule_infant_age,
    rule_insufficient_data,
    rule_low_transfer,
    rule_measured_rid,
    rule_milk_studies,
    rule_milk_supply,
    rule_pk_estimate,
    rule_radioactive,
    rule_regulatory_avoid,
)
from advice.engine.thresholds import DEFAULT, THRESHOLD_CITATIONS, Thresholds
from advice.engine.types import (
    ActivityRow,
    AlternativeVerdict,
    Category,
    Citation,
    DrugProfile,
    Evidence,
    Reason,
    Regimen,
    RegimenVerdict,
    RidSource,
    Scenario,
    Verdict,
    strictness,
)
from advice.engine.validation import ScenarioError, dose_unit_warning, validate_scenario

ENGINE_VERSION = "1.2.0"

_EVIDENCE_RANK = {
    Evidence.CURATED: 0,
    Evidence.MEASURED: 1,
    Evidence.ESTIMATED: 2,
    Evidence.INSUFFICIENT: 3,
}


def resolve_context(drug: DrugProfile, s: Scenario, thresholds: Thresholds) -> Context:
    regimen = s.regimen or drug.typical_regimen
    if regimen is Regimen.SINGLE:
        doses_per_day = 1.0
    else:
        doses_per_day = s.doses_per_day or drug.typical_doses_per_day or 1.0
    weight = s.infant_weight_kg
    if weight is None and s.infant_age_days is not None:
        weight = pk.infant_weight_from_age_kg(s.infant_age_days)
    return Context(
        drug=drug,
        thresholds=thresholds,
        dose_mg=s.dose_mg if s.dose_mg is not None else drug.typical_dose_mg,
        regimen=regimen,
        doses_per_day=doses_per_day,
        route=s.route or drug.typical_route,
        maternal_weight_kg=s.maternal_weight_kg or thresholds.default_maternal_weight_kg,
        infant_age_days=s.infant_age_days,
        preterm=s.preterm,
        infant_weight_kg=weight,
        activity_mbq=s.activity_mbq,  # never defaulted: see rule_radioactive
    )


def _echo(value: object, defaulted: bool, note: str = "") -> dict[str, object]:
    out: dict[str, object] = {"value": value, "defaulted": defaulted}
    if note:
        out["note"] = note
    return out


def _inputs(ctx: Context, s: Scenario) -> dict[str, object]:
    d = ctx.drug
    age_note = "" if s.infant_age_days is not None else "unknown: term infant over 2 months"
    weight_note = ""
    if s.infant_weight_kg is None:
        weight_note = "from age (WHO medians)" if ctx.infant_weight_kg else "age unknown"
    return {
        "dose_mg": _echo(
            ctx.dose_mg, s.dose_mg is None, "typical dose" if s.dose_mg is None else ""
        ),
        "regimen": _echo(ctx.regimen.value, s.regimen is None),
        "doses_per_day": _echo(ctx.doses_per_day, s.doses_per_day is None),
        "route": _echo(ctx.route.value, s.route is None),
        "maternal_weight_kg": _echo(ctx.maternal_weight_kg, s.maternal_weight_kg is None),
        "infant_age_days": _echo(ctx.infant_age_days, s.infant_age_days is None, age_note),
        "preterm": _echo(ctx.preterm, False),
        "infant_weight_kg": _echo(ctx.infant_weight_kg, s.infant_weight_kg is None, weight_note),
        "activity_mbq": _echo(
            ctx.activity_mbq,
            False,
            "not given: the most restrictive activity row applies"
            if ctx.activity_mbq is None
            else "",
        )
        if d.radioactive
        else _echo(None, False, "not radioactive"),
        "dose_time": _echo(s.dose_time.isoformat() if s.dose_time else None, False),
        "confirm_dose": _echo(s.confirm_dose, False),
        "today": _echo(s.today.isoformat() if s.today else None, False),
        "drug_revision": _echo(d.revision, False),
        "last_reviewed": _echo(d.last_reviewed.isoformat() if d.last_reviewed else None, False),
    }


def interval_words(ctx: Context) -> str:
    """ "4 doses a day", "one dose a day", "one dose every 7 days" (never "0.143 doses/day")."""
    per_day = ctx.doses_per_day
    if per_day >= 1:
        n = f"{per_day:g}"
        return "one dose a day" if n == "1" else f"{n} doses a day"
    days = 1.0 / per_day
    return (
        f"one dose every {round(days):g} days"
        if abs(days - round(days)) < 0.05
        else (f"one dose every {days:.1f} days")
    )


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def _default_warnings(ctx: Context, s: Scenario) -> list[str]:
    out: list[str] = []
    d = ctx.drug
    if s.today is not None:
        if d.last_reviewed is None:
            out.append("The monograph has no review date; check that it is current.")
        else:
            months = _months_between(d.last_reviewed, s.today)
            if months > ctx.thresholds.stale_after_months:
                out.append(
                    f"The monograph was last reviewed on {d.last_reviewed.isoformat()} "
                    f"({months} months ago, more than {ctx.thresholds.stale_after_months}); "
                    "newer evidence may exist."
                )
    if s.infant_age_days is None:
        out.append(
            "Infant age not given: the verdict assumes a term infant older than 2 months. A "
            "newborn (under 60 days) or preterm infant may get a stricter answer."
        )
    assumed = []
    if s.dose_mg is None and ctx.dose_mg is not None and not d.radioactive:
        assumed.append(f"dose {ctx.dose_mg:g} mg (typical)")
    if s.regimen is None:
        assumed.append(f"regimen {ctx.regimen.value} (typical)")
    if s.route is None:
        assumed.append(f"route {ctx.route.value} (typical)")
    if s.maternal_weight_kg is None:
        assumed.append(f"maternal weight {ctx.maternal_weight_kg:g} kg")
    if assumed:
        out.append("Defaults assumed: " + ", ".join(assumed) + ".")
    unit = dose_unit_warning(d, s)
    if unit:
        how = "confirmed by the clinician" if s.confirm_dose else "on a route other than the usual"
        out.append(f"Unusually high dose ({how}): {unit}")
    if s.regimen is Regimen.SINGLE and s.doses_per_day not in (None, 1.0):
        out.append("A single dose was given with several doses per day; one dose is assumed.")
    return out


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _citations(d: DrugProfile, keys: Iterable[str]) -> tuple[tuple[Citation, ...], list[str]]:
    by_key = {c.key: c for c in d.citations}
    found: list[Citation] = []
    missing: list[str] = []
    for k in dict.fromkeys(keys):
        c = by_key.get(k) or THRESHOLD_CITATIONS.get(k)
        if c is None:
            missing.append(k)
        else:
            found.append(c)
    return tuple(found), missing


def _reason(f: Finding, category: Category | None = None) -> Reason:
    return Reason(f.rule, f.category if category is None else category, f.text, f.citation_keys)


def _info(f: Finding, prefix: str) -> Finding:
    """A finding that did not decide, kept for the record."""
    return Finding(f.rule, None, f"{prefix}{f.text}", f.citation_keys)


def _alternatives(ctx: Context, s: Scenario) -> tuple[tuple[AlternativeVerdict, ...], list[str]]:
    out: list[AlternativeVerdict] = []
    warnings: list[str] = []
    same_infant = Scenario(
        maternal_weight_kg=s.maternal_weight_kg,
        infant_age_days=s.infant_age_days,
        preterm=s.preterm,
        infant_weight_kg=s.infant_weight_kg,
        today=s.today,
    )
    for ref in ctx.drug.alternatives:
        category, evidence, rid = Category.USE_ALTERNATIVE, Evidence.INSUFFICIENT, None
        if ref.profile is None:
            warnings.append(f"Alternative {ref.name} has no monograph; its verdict is unknown.")
        else:
            try:
                validate_scenario(ref.profile, same_infant)
                v = _advise(ref.profile, same_infant, ctx.thresholds, with_alternatives=False)
                category, evidence, rid = v.category, v.evidence, v.rid_pct
            except ScenarioError as exc:  # pragma: no cover - same infant was validated
                warnings.append(f"Alternative {ref.name} could not be assessed: {exc}")
        out.append(
            AlternativeVerdict(
                ref.slug, ref.name, ref.indication, ref.reason, category, evidence, rid
            )
        )
    out.sort(key=lambda a: (strictness(a.category), _EVIDENCE_RANK[a.evidence]))
    return tuple(out), warnings


def advise(drug: DrugProfile, scenario: Scenario, *, thresholds: Thresholds = DEFAULT) -> Verdict:
    """The verdict for one drug and one scenario. Raises ScenarioError on invalid input."""
    validate_scenario(drug, scenario)
    return _advise(drug, scenario, thresholds, with_alternatives=True)


def _advise(
    drug: DrugProfile, s: Scenario, thresholds: Thresholds, *, with_alternatives: bool
) -> Verdict:
    ctx = resolve_context(drug, s, thresholds)
    curated = rule_curated_guidance(ctx)
    radio = rule_radioactive(ctx, curated) if drug.radioactive else None
    cyto = rule_cytotoxic(ctx)
    supply = rule_milk_supply(ctx)
    low = rule_low_transfer(ctx)
    low_decides = any(f.category is Category.COMPATIBLE for f in low)
    exposure = None
    bound_info: list[Finding] = []
    if not drug.radioactive:
        exposure = rule_measured_rid(ctx) or rule_pk_estimate(ctx)
    if (
        exposure is not None
        and exposure.upper_bound
        and exposure.category is not Category.COMPATIBLE
    ):
        # An estimate that assumes all of a locally given dose is absorbed can clear a drug but
        # cannot decide against it: kept for reference, the data rules decide.
        bound_info = [
            _info(f, "For reference (an upper bound; it does not decide): ")
            for f in exposure.findings
        ]
        exposure = None
    cyto_decides = cyto is not None and cyto.category is not None
    # Milk studies that did not give a scalable level are still reported.
    studies_note = None
    if exposure is None or exposure.rid_source is not RidSource.MEASURED:
        studies_note = rule_milk_studies(ctx)

    # Exposure acceptable against the threshold in force (lowered for newborns where needed).
    exposure_ok = exposure is not None and exposure.category is Category.COMPATIBLE
    decisive: list[Finding] = []
    info: list[Finding] = list(curated.disagreements)
    evidence: Evidence
    if curated.decision is not None:
        decisive.append(curated.decision)
        decisive.extend(f for f in curated.also if f.category is not None)
        info.extend(f for f in curated.also if f.category is None)
        evidence = Evidence.CURATED
        if radio is not None:
            decisive.append(radio.finding)
        if (
            curated.decision.category is Category.COMPATIBLE
            and ctx.newborn_caution
            and not low_decides
            and not curated.addresses_infant
        ):
            names = list(dict.fromkeys(g.guideline for g in curated.followed))
            verb = "does" if len(names) == 1 else "do"
            age = rule_infant_age(
                ctx,
                rid_pct=exposure.rid_pct if exposure else None,
                exposure_ok=exposure_ok,
                curated_note=(
                    f"{' and '.join(names)} {verb} not address newborn or preterm infants."
                ),
            )
            if age is not None:
                (decisive if age.category is not None else info).append(age)
        if cyto is not None:
            info.append(_info(cyto, "Curated guidance for this situation decides. "))
        if supply is not None:
            info.append(_info(supply, "Curated guidance decides; note: "))
        if exposure is not None:
            info.extend(_info(f, "For reference: ") for f in exposure.findings)
        info.extend(f if f.category is None else _info(f, "Also: ") for f in low)
    elif radio is not None:
        decisive.append(radio.finding)
        evidence = radio.finding.evidence or Evidence.CURATED
        if cyto is not None:
            decisive.append(cyto)
    elif cyto is not None and cyto_decides:
        decisive.append(cyto)
        evidence = Evidence.CURATED
        if exposure is not None:
            info.extend(
                _info(f, "For reference (the cytotoxic rule decides): ") for f in exposure.findings
            )
    else:
        if cyto is not None:
            info.append(cyto)
        info.extend(bound_info)
        if low_decides:
            decisive.extend(f for f in low if f.category is not None)
            info.extend(f for f in low if f.category is None)
            evidence = Evidence.ESTIMATED
            if exposure is not None and exposure.category is Category.COMPATIBLE:
                # Milk data agree: they are the stronger basis for the evidence level.
                decisive.extend(exposure.findings)
                evidence = exposure.evidence
            elif exposure is not None:
                info.extend(
                    _info(f, "For reference (little reaches the baby, so this does not decide): ")
                    for f in exposure.findings
                )
        else:
            info.extend(low)
            if exposure is not None:
                decisive.extend(exposure.findings)
                evidence = exposure.evidence
            else:
                decisive.append(rule_insufficient_data(ctx))
                evidence = Evidence.INSUFFICIENT
            age = rule_infant_age(
                ctx, rid_pct=exposure.rid_pct if exposure else None, exposure_ok=exposure_ok
            )
            if age is not None:
                (decisive if age.category is not None else info).append(age)
        if supply is not None:
            (decisive if supply.category is not None else info).append(supply)
        if curated.floor is not None:
            decisive.append(curated.floor)
            if strictness(curated.floor.category or Category.COMPATIBLE) >= max(
                strictness(f.category) for f in decisive if f.category is not None
            ):
                evidence = Evidence.CURATED

    category = most_restrictive(f.category for f in decisive if f.category is not None)
    hours_candidates = [
        f.interrupt_hours
        for f in decisive
        if f.category is Category.INTERRUPT and f.interrupt_hours is not None
    ]
    interrupt_hours = max(hours_candidates) if hours_candidates else None

    # Safety floors.
    avoid = rule_regulatory_avoid(ctx)
    if avoid is not None and category is not Category.WEAN:
        # A regulator recommends against the drug whatever the exposure (codeine, tramadol):
        # it decides first; a pause or "compatible" from other rules is kept for reference only.
        kept = [f for f in decisive if f.category is Category.USE_ALTERNATIVE]
        moved = [f for f in decisive if f.category is not Category.USE_ALTERNATIVE]
        decisive = [avoid, *kept]
        info = [
            *(
                _info(f, "For reference (the FDA recommendation decides): ")
                if f.category is not None
                else f
                for f in moved
            ),
            *info,
        ]
        category = Category.USE_ALTERNATIVE
        interrupt_hours = None
        evidence = Evidence.CURATED
    if cyto_decides and category is Category.COMPATIBLE:
        decisive.append(
            Finding(
                "cytotoxic_floor",
                Category.USE_ALTERNATIVE,
                f"{drug.name} is cytotoxic; LactRx never calls it compatible. Use only with "
                "specialist advice and infant monitoring, or prefer an alternative.",
            )
        )
        category = Category.USE_ALTERNATIVE
    if ctx.long_interval and ctx.dosing_interval_h is not None and drug.half_life_h is not None:
        n = thresholds.long_interval_half_lives
        t_h = drug.half_life_h.value
        decisive.append(
            Finding(
                "long_interval",
                None,
                f"Doses are {ctx.dosing_interval_h:.3g} h apart ({interval_words(ctx)}), "
                f"longer than {n:g} half-lives ({n:g} x {t_h:g} h = "
                f"{n * t_h:.3g} h): the drug clears between doses, so each dose behaves like a "
                "single dose and timing feeds or a pause after each dose is meaningful.",
                (*drug.half_life_h.citation_keys, "ausprescriber-drugs-bf"),
            )
        )
    if category is Category.INTERRUPT and ctx.regimen is Regimen.CHRONIC and not ctx.long_interval:
        decisive.append(
            Finding(
                "regular_dosing",
                Category.USE_ALTERNATIVE,
                "The regimen is regular (chronic) dosing: milk levels reach a steady state, so "
                "pausing or timing feeds does not help. Prefer "
                f"{ctx.alternative_names()}.",
                ("ausprescriber-drugs-bf",),
            )
        )
        category = Category.USE_ALTERNATIVE
    if category is not Category.INTERRUPT:
        interrupt_hours = None
    elif interrupt_hours is None:
        # An interruption without a stated duration: ~5 half-lives clear ~97 % of a drug
        # (Australian Prescriber, "Drugs in breastfeeding"; physical half-life if radioactive).
        t_half = drug.physical_half_life_h or (drug.half_life_h.value if drug.half_life_h else None)
        note = "The guidance gives no duration for the pause."
        if t_half is not None:
            interrupt_hours = pk.practical_hours(5 * t_half)
            note += (
                f" LactRx uses 5 half-lives ({5 * t_half:g} h, rounded to {interrupt_hours:g} h)."
            )
            decisive.append(Finding("interrupt_duration", None, note, ("ausprescriber-drugs-bf",)))
        else:
            decisive.append(Finding("interrupt_duration", None, note, warnings=(note,)))

    if studies_note is not None:
        info.append(studies_note)
    chart = _chart_note(ctx, category, exposure, curated.decision)
    if chart is not None:
        decisive.append(chart)
    findings = decisive + info
    warnings = _default_warnings(ctx, s)
    for f in findings:
        warnings.extend(f.warnings)
    if exposure is not None:
        warnings.extend(exposure.warnings)
    if any(f.rule == "single_dose_interrupt" for f in decisive):
        t = drug.half_life_h
        if t is not None and not t.verified:
            warnings.append("The half-life used for the pause is unverified.")

    numbers: dict[str, object] = pk_numbers(drug)
    numbers["rid_threshold_pct"] = number(
        ctx.rid_threshold_pct,
        "%",
        "LactRx policy (newborn/preterm)" if ctx.newborn_caution else "threshold",
        () if ctx.newborn_caution else ("who-rid-10",),
    )
    numbers["milk_intake_l_per_kg_day"] = number(
        thresholds.milk_intake_l_per_kg_day, "L/kg/day", "threshold", ("ausprescriber-drugs-bf",)
    )
    if drug.radioactive:
        numbers["physical_half_life_h"] = number(drug.physical_half_life_h, "h", "profile")
        numbers["activity_mbq"] = number(
            ctx.activity_mbq, "MBq", "not given" if ctx.activity_mbq is None else "scenario"
        )
    if exposure is not None:
        numbers.update(exposure.numbers)
        if exposure.infant_dose_mg_per_kg_day is not None and ctx.infant_weight_kg is not None:
            numbers["infant_dose_mg_per_day"] = number(
                exposure.infant_dose_mg_per_kg_day * ctx.infant_weight_kg, "mg/day", "computed"
            )

    alternatives: tuple[AlternativeVerdict, ...] = ()
    if with_alternatives:
        alternatives, alt_warnings = _alternatives(ctx, s)
        warnings.extend(alt_warnings)

    monitoring = list(monitoring_for(ctx))
    for f in findings:
        monitoring.extend(f.monitoring)

    keys = [k for f in findings for k in f.citation_keys]
    citations, missing = _citations(drug, keys)
    if missing:
        warnings.append("Citation keys not found in the monograph: " + ", ".join(missing) + ".")

    resume_at = None
    if interrupt_hours is not None and s.dose_time is not None:
        try:
            resume_at = s.dose_time + datetime.timedelta(hours=interrupt_hours)
            resume_at.astimezone(datetime.UTC)  # also representable once shown in UTC
        except (OverflowError, ValueError) as exc:
            raise ScenarioError(
                {"dose_time": "The dose time is too far in the future to give a resume time."}
            ) from exc

    activity_table: tuple[ActivityRow, ...] = radio.table if radio is not None else ()
    show_exposure = exposure is not None and (
        not low_decides or exposure.category is Category.COMPATIBLE
    )
    return Verdict(
        category=category,
        interrupt_hours=interrupt_hours,
        resume_at=resume_at,
        rid_pct=exposure.rid_pct if show_exposure and exposure else None,
        rid_source=exposure.rid_source if show_exposure and exposure else None,
        infant_dose_mg_per_kg_day=(
            exposure.infant_dose_mg_per_kg_day if show_exposure and exposure else None
        ),
        evidence=evidence,
        reasons=tuple(_reason(f) for f in findings),
        citations=citations,
        alternatives=alternatives,
        monitoring=_dedupe(monitoring),
        interruption_costs=(
            INTERRUPTION_COSTS if category in {Category.INTERRUPT, Category.WEAN} else ()
        ),
        warnings=_dedupe(warnings),
        inputs=_inputs(ctx, s),
        numbers=numbers,
        drug_slug=drug.slug,
        drug_name=drug.name,
        engine_version=ENGINE_VERSION,
        activity_table=activity_table,
    )


def _chart_note(
    ctx: Context, category: Category, exposure: Exposure | None, decision: Finding | None
) -> Finding | None:
    """One picture: when a compatible single dose has an estimated peak milk level above the
    acceptable level (the chart's curve starts above the line), say what decides instead."""
    if category is not Category.COMPATIBLE or not ctx.per_dose or exposure is None:
        return None
    peak_item = exposure.numbers.get("rid_peak_pct")
    peak = peak_item.get("value") if isinstance(peak_item, dict) else None
    thr = ctx.rid_threshold_pct
    t_half = ctx.drug.half_life_h
    if not isinstance(peak, float | int) or peak <= thr:
        return None
    above = (
        f" for about {pk.hours_to_fall(t_half.value, float(peak), thr):.1f} h after the dose"
        if t_half is not None
        else ""
    )
    text = (
        f"The chart's estimated peak milk level (an RID of {peak:.3g} % at its peak) is above the "
        f"acceptable level ({thr:g} %){above}. "
    )
    cites: tuple[str, ...] = ()
    if decision is not None and decision.guidance is not None:
        g = decision.guidance
        text += (
            f"Curated guidance overrides this estimate: {g.guideline} says breastfeeding can "
            "continue after this dose."
        )
        cites = g.citation_keys
    else:
        rid = exposure.rid_pct
        text += (
            "The verdict follows the whole exposure from the dose"
            + (f" (RID {rid:.2g} %)" if rid is not None else "")
            + ", which is below the threshold: the peak is brief and the total reaching the "
            "baby is what the RID threshold is set for."
        )
        cites = ("who-rid-10",)
    return Finding("estimate_overridden", None, text, cites)


def advise_regimen(
    items: Sequence[tuple[DrugProfile, Scenario]], *, thresholds: Thresholds = DEFAULT
) -> RegimenVerdict:
    """Each drug's verdict, the most restrictive combined verdict and interaction warnings."""
    if not items:
        raise ScenarioError({"items": "Give at least one drug."})
    errors: dict[str, str] = {}
    for i, (drug, scenario) in enumerate(items):
        try:
            validate_scenario(drug, scenario)
        except ScenarioError as exc:
            errors.update({f"items[{i}].{k}": v for k, v in exc.errors.items()})
    if errors:
        raise ScenarioError(errors)
    verdicts = tuple(_advise(d, s, thresholds, with_alternatives=True) for d, s in items)
    combined = most_restrictive(v.category for v in verdicts)
    hours = [v.interrupt_hours for v in verdicts if v.interrupt_hours is not None]
    combined_hours = max(hours) if hours and combined is Category.INTERRUPT else None

    drugs = [d for d, _ in items]
    warnings: list[str] = []
    cns = [d.name for d in drugs if d.cns_depressant]
    if len(cns) >= 2:
        warnings.append(
            "Additive infant sedation: " + ", ".join(cns) + " all depress the central nervous "
            "system. Watch the baby for drowsiness, poor feeding and slow breathing."
        )
    sero = [d.name for d in drugs if d.serotonergic]
    if len(sero) >= 2:
        warnings.append(
            "Serotonergic combination (" + ", ".join(sero) + "): risk of serotonin toxicity in "
            "the mother; watch the baby for irritability, poor feeding and tremor."
        )
    supply = [
        d.name
        for d in drugs
        if d.reduces_milk_supply or any(e.effect == "decreases_supply" for e in d.lactation_effects)
    ]
    if len(supply) >= 2:
        warnings.append(
            "Several drugs can lower milk supply (" + ", ".join(supply) + "); the effect may add "
            "up. Watch milk supply and the baby's weight gain."
        )
    slugs = [d.slug for d in drugs]
    dupes = sorted({x for x in slugs if slugs.count(x) > 1})
    if dupes:
        warnings.append("The same drug appears more than once: " + ", ".join(dupes) + ".")
    infants = {(s.infant_age_days, s.preterm, s.infant_weight_kg) for _, s in items}
    if len(infants) > 1:
        warnings.append("The drugs describe different infants; check the infant details.")
    return RegimenVerdict(
        items=verdicts,
        combined=combined,
        combined_interrupt_hours=combined_hours,
        warnings=tuple(warnings),
        engine_version=ENGINE_VERSION,
    )
