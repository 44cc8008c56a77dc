"""The rules applied once a verdict is decided: the safety floors and overrides (cytotoxic drugs,
regular dosing) and the notes that explain the verdict (long dosing interval, the length of a
pause without a stated duration, a chart peak above the line). Each reads `Context.decided`."""

from __future__ import annotations

from advice.engine import facts, pk
from advice.engine.context import Context, Finding
from advice.engine.phrases import interval_words
from advice.engine.types import Category, Regimen, RuleId


def rule_cytotoxic_floor(ctx: Context) -> Finding | None:
    """Curated guidance called a cytotoxic drug compatible: LactRx never does."""
    cyto = facts.cytotoxic(ctx)
    if cyto is None or cyto.category is None or ctx.decided is not Category.COMPATIBLE:
        return None
    return Finding(
        RuleId.CYTOTOXIC_FLOOR,
        Category.USE_ALTERNATIVE,
        f"{ctx.drug.name} is cytotoxic; LactRx never calls it compatible. Use only with "
        "specialist advice and infant monitoring, or prefer an alternative.",
        params={"drug": ctx.drug.name},
    )


def rule_long_interval(ctx: Context) -> Finding | None:
    """Doses further apart than 5 half-lives: each behaves like a single dose."""
    t_half = ctx.drug.half_life_h
    if not ctx.long_interval or ctx.dosing_interval_h is None or t_half is None:
        return None
    n = ctx.thresholds.long_interval_half_lives
    t_h = t_half.value
    # Only an interruption makes the pause worth saying: next to "compatible" it would read as
    # advice to pause, and next to "wean" it would contradict the verdict.
    consequence = (
        " and timing feeds or a pause after each dose is meaningful"
        if ctx.decided is Category.INTERRUPT
        else ""
    )
    return Finding(
        RuleId.LONG_INTERVAL,
        None,
        f"Doses are {ctx.dosing_interval_h:.3g} h apart ({interval_words(ctx.doses_per_day)}), "
        f"longer than {n:g} half-lives ({n:g} x {t_h:g} h = "
        f"{n * t_h:.3g} h): the drug clears between doses, so each dose behaves like a "
        f"single dose{consequence}.",
        (*t_half.citation_keys, "ausprescriber-drugs-bf"),
        code=f"{RuleId.LONG_INTERVAL}.pause" if consequence else "",
        params={
            "interval_h": ctx.dosing_interval_h,
            "doses_per_day": ctx.doses_per_day,
            "half_lives": n,
            "half_life_h": t_h,
        },
    )


def rule_regular_dosing(ctx: Context) -> Finding | None:
    """An interruption under regular dosing does not help at steady state."""
    if (
        ctx.decided is not Category.INTERRUPT
        or ctx.regimen is not Regimen.CHRONIC
        or ctx.long_interval
    ):
        return None
    return Finding(
        RuleId.REGULAR_DOSING,
        Category.USE_ALTERNATIVE,
        "The regimen is regular (chronic) dosing: milk levels reach a steady state, so "
        f"pausing or timing feeds does not help. Prefer {ctx.alternative_names()}.",
        ("ausprescriber-drugs-bf",),
        params={"alternatives": [a.name for a in ctx.drug.alternatives]},
    )


def rule_interrupt_duration(ctx: Context) -> Finding | None:
    """An interruption without a stated duration: ~5 half-lives clear ~97 % of a drug
    (Australian Prescriber, "Drugs in breastfeeding"; physical half-life if radioactive)."""
    if ctx.decided is not Category.INTERRUPT or ctx.decided_hours is not None:
        return None
    d = ctx.drug
    t_half = d.physical_half_life_h or (d.half_life_h.value if d.half_life_h else None)
    note = "The guidance gives no duration for the pause."
    if t_half is None:
        return Finding(
            RuleId.INTERRUPT_DURATION,
            None,
            note,
            warnings=(note,),
            code=f"{RuleId.INTERRUPT_DURATION}.none",
        )
    hours = pk.practical_hours(5 * t_half)
    note += f" LactRx uses 5 half-lives ({5 * t_half:g} h, rounded to {hours:g} h)."
    return Finding(
        RuleId.INTERRUPT_DURATION,
        None,
        note,
        ("ausprescriber-drugs-bf",),
        interrupt_hours=hours,
        params={"half_life_h": t_half, "hours": hours},
    )


def rule_estimate_overridden(ctx: Context) -> Finding | None:
    """One picture: when a compatible single dose has an estimated peak milk level above the
    acceptable level (the chart's curve starts above the line), say what decides instead."""
    exposure = facts.exposure(ctx)
    if ctx.decided is not Category.COMPATIBLE or not ctx.per_dose or exposure is None:
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
    params: dict[str, object] = {"peak_rid_pct": peak, "threshold_pct": thr}
    if t_half is not None:
        params["hours_above"] = pk.hours_to_fall(t_half.value, float(peak), thr)
    code = f"{RuleId.ESTIMATE_OVERRIDDEN}.curated"
    decision = facts.curated(ctx).decision
    if decision is not None and decision.guidance is not None:
        g = decision.guidance
        text += (
            f"Curated guidance overrides this estimate: {g.guideline} says breastfeeding can "
            "continue after this dose."
        )
        cites = g.citation_keys
        params["guideline"] = g.guideline
    else:
        rid = exposure.rid_pct
        code = f"{RuleId.ESTIMATE_OVERRIDDEN}.whole_exposure"
        params["rid_pct"] = rid
        text += (
            "The verdict follows the whole exposure from the dose"
            + (f" (RID {rid:.2g} %)" if rid is not None else "")
            + ", which is below the threshold: the peak is brief and the total reaching the "
            "baby is what the RID threshold is set for."
        )
        cites = ("who-rid-10",)
    return Finding(RuleId.ESTIMATE_OVERRIDDEN, None, text, cites, code=code, params=params)
