"""Curated guidance: matching a scenario against guideline entries, the decision among the
matching followed entries, dissent and the dose floor above every curated dose range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from advice.engine import pk
from advice.engine.context import Context, Finding
from advice.engine.phrases import LEAD, Lead, verdict_phrase
from advice.engine.types import (
    Category,
    Evidence,
    Guidance,
    Regimen,
    RuleId,
    strictness,
)


def guidance_hours(g: Guidance) -> float | None:
    """The interruption a guidance entry asks for; the upper value when a range is given."""
    return g.interrupt_hours_max if g.interrupt_hours_max is not None else g.interrupt_hours_min


def open_top_band(g: Guidance | None) -> bool:
    """An open-ended top band ("above X MBq / mg: at least N h"): the guideline gives a minimum
    pause and no upper value, for an activity or dose range with no upper bound."""
    if g is None or g.verdict is not Category.INTERRUPT:
        return False
    if g.interrupt_hours_max is not None or g.interrupt_hours_min is None:
        return False
    open_activity = g.has_activity_condition and g.activity_max_mbq is None
    open_dose = g.dose_min_mg is not None and g.dose_max_mg is None
    return open_activity or open_dose


def guideline_name(g: Guidance) -> str:
    return f"{g.guideline} ({g.guideline_version})" if g.guideline_version else g.guideline


def is_perioperative_guidance(g: Guidance) -> bool:
    """ABM Clinical Protocol #15 (2017), analgesia and anaesthesia for the breastfeeding mother."""
    return "protocol #15" in g.guideline.lower() or "abm-15-2017" in g.citation_keys


def _guidance_text(g: Guidance, *, avoid: bool = False) -> str:
    hours = guidance_hours(g)
    phrase = verdict_phrase(g.verdict, hours, at_least=open_top_band(g), avoid=avoid)
    if (
        g.verdict is Category.COMPATIBLE
        and is_perioperative_guidance(g)
        and g.regimen is Regimen.SINGLE
    ):
        # The procedure wording fits a perioperative dose only: ABM #15 entries for everyday
        # analgesics (any regimen) say what the guideline says, not "after the procedure".
        phrase = (
            "breastfeed as soon as the mother is awake and alert after the procedure; there is "
            "no need to pump and discard milk"
        )
    text = f"{guideline_name(g)}: {phrase}."
    if (
        g.verdict is Category.INTERRUPT
        and g.interrupt_hours_min is not None
        and g.interrupt_hours_max is not None
        and g.interrupt_hours_min != g.interrupt_hours_max
    ):
        text += (
            f" The guideline gives {g.interrupt_hours_min:g}-{g.interrupt_hours_max:g} h; "
            "LactRx uses the upper value."
        )
    if g.rationale:
        text += f" {g.rationale}"
    return text


def _age_matches(g: Guidance, ctx: Context) -> bool:
    lo, hi = g.infant_age_min_days, g.infant_age_max_days
    if lo is None and hi is None:
        return True
    age = ctx.infant_age_days
    if age is None:
        # Unknown age means the documented default: a term infant older than 2 months.
        return hi is None or hi >= ctx.thresholds.neonate_age_days
    return (lo is None or age >= lo) and (hi is None or age <= hi)


def guidance_matches(
    g: Guidance, ctx: Context, *, ignore_dose: bool = False, ignore_activity: bool = False
) -> bool:
    if g.regimen is not None and g.regimen is not ctx.regimen:
        return False
    if g.routes and ctx.route not in g.routes:
        return False
    if g.has_interval_condition:
        # Hours between doses, to the nearest hour (1/7 or 0.143 a day: 168 h, weekly); a single
        # dose has no interval to compare.
        exact = ctx.dosing_interval_h
        if exact is None:
            return False
        interval = round(exact)
        if (g.interval_min_h is not None and interval < g.interval_min_h) or (
            g.interval_max_h is not None and interval > g.interval_max_h
        ):
            return False
    if not ignore_dose and (g.dose_min_mg is not None or g.dose_max_mg is not None):
        d = ctx.dose_mg
        if d is None:
            return False
        if (g.dose_min_mg is not None and d < g.dose_min_mg) or (
            g.dose_max_mg is not None and d > g.dose_max_mg
        ):
            return False
    if not ignore_dose and (g.dose_per_day_min_mg is not None or g.dose_per_day_max_mg is not None):
        daily = ctx.daily_dose_mg
        if daily is None:
            return False
        if (g.dose_per_day_min_mg is not None and daily < g.dose_per_day_min_mg) or (
            g.dose_per_day_max_mg is not None and daily > g.dose_per_day_max_mg
        ):
            return False
    if not _age_matches(g, ctx):
        return False
    if g.preterm is not None and g.preterm != ctx.preterm:
        return False
    if not ignore_activity and g.has_activity_condition:
        a = ctx.activity_mbq
        if a is None:
            return False
        if (g.activity_min_mbq is not None and a < g.activity_min_mbq) or (
            g.activity_max_mbq is not None and a >= g.activity_max_mbq
        ):
            return False
    return True


def _pick(entries: Iterable[Guidance]) -> Guidance | None:
    """The most restrictive entry; ties go to the longer interruption."""
    return max(
        entries,
        key=lambda g: (strictness(g.verdict), guidance_hours(g) or 0.0),
        default=None,
    )


@dataclass(frozen=True, slots=True)
class CuratedResult:
    decision: Finding | None
    disagreements: tuple[Finding, ...]
    floor: Finding | None
    # Every matching followed entry other than the decision: equally strict ones decide with it
    # (category set), less strict ones are informational (category None).
    also: tuple[Finding, ...] = ()
    followed: tuple[Guidance, ...] = ()  # every matching followed entry, the decision first

    @property
    def addresses_infant(self) -> bool:
        """True when any matching followed entry explicitly addresses this infant (an infant
        age range or a preterm condition; matching means the condition covers this infant)."""
        return any(g.has_infant_condition for g in self.followed)


def _guidance_params(g: Guidance) -> dict[str, object]:
    """A curated entry's reason params: which entry (its key), whose advice and what it says."""
    return {
        "key": g.key,
        "guideline": g.guideline,
        "guideline_version": g.guideline_version,
        "verdict": g.verdict.value,
        "hours": guidance_hours(g),
        "interrupt_hours_min": g.interrupt_hours_min,
        "interrupt_hours_max": g.interrupt_hours_max,
    }


def _guidance_finding(
    g: Guidance, category: Category | None, prefix: Lead | None = None, *, avoid: bool = False
) -> Finding:
    return Finding(
        rule=RuleId.CURATED_GUIDANCE,
        category=category,
        text=(LEAD[prefix] if prefix else "") + _guidance_text(g, avoid=avoid),
        citation_keys=g.citation_keys,
        evidence=Evidence.CURATED,
        interrupt_hours=guidance_hours(g) if g.verdict is Category.INTERRUPT else None,
        guidance=g,
        code=f"{RuleId.CURATED_GUIDANCE}.avoid" if avoid else "",
        params=_guidance_params(g),
        prefix=prefix.value if prefix else "",
    )


def rule_curated_guidance(ctx: Context) -> CuratedResult:
    """Rule 1: curated guidance matching the scenario decides; only followed entries decide.

    The most restrictive matching followed entry decides (ties: the longer interruption, then an
    activity row, then an entry that addresses infant age or prematurity). Every other matching
    followed entry is listed too, with its citation: equally strict entries decide alongside it.
    """
    matching = [g for g in ctx.drug.guidance if guidance_matches(g, ctx)]
    followed = [g for g in matching if g.followed]

    def rank(g: Guidance) -> tuple[int, float]:
        return strictness(g.verdict), guidance_hours(g) or 0.0

    # Ties: an activity row (so the activity table marks the row applied), then an entry that
    # addresses infant age or prematurity, then an open top band ("at least N h").
    chosen = max(
        followed,
        key=lambda g: (
            *rank(g),
            g.has_activity_condition,
            g.has_infant_condition,
            open_top_band(g),
        ),
        default=None,
    )
    decision = None
    also: list[Finding] = []
    if chosen is not None:
        avoid = ctx.regulatory_avoid_key is not None
        decision = _guidance_finding(chosen, chosen.verdict, avoid=avoid)
        for g in followed:
            if g is chosen:
                continue
            if rank(g) == rank(chosen):
                also.append(_guidance_finding(g, g.verdict, Lead.ALSO, avoid=avoid))
            else:
                also.append(_guidance_finding(g, None, Lead.ALSO_LESS_STRICT))
        followed = [chosen, *(g for g in followed if g is not chosen)]
    disagreements = []
    for g in matching:
        if g.followed:
            continue
        follows = f" LactRx follows {chosen.guideline}." if chosen else ""
        text = (
            f"Sources disagree: {guideline_name(g)} says "
            f"{verdict_phrase(g.verdict, guidance_hours(g))}. {g.rationale}".rstrip()
            + follows
        )
        disagreements.append(
            Finding(
                rule=RuleId.GUIDANCE_DISAGREEMENT,
                category=None,
                text=text,
                citation_keys=g.citation_keys,
                warnings=(text,),
                params={
                    **_guidance_params(g),
                    "followed_guideline": chosen.guideline if chosen else None,
                },
            )
        )
    floor = None if chosen is not None else _dose_floor(ctx)
    return CuratedResult(decision, tuple(disagreements), floor, tuple(also), tuple(followed))


def _dose_floor(ctx: Context) -> Finding | None:
    """Above every curated dose range, the most restrictive entry below is a floor."""
    dose = ctx.dose_mg
    if dose is None:
        return None
    below = [
        g
        for g in ctx.drug.guidance
        if g.followed
        and g.dose_max_mg is not None
        and dose > g.dose_max_mg
        and guidance_matches(g, ctx, ignore_dose=True)
    ]
    daily = ctx.daily_dose_mg
    if daily is not None:
        below.extend(
            g
            for g in ctx.drug.guidance
            if g.followed
            and g.dose_per_day_max_mg is not None
            and daily > g.dose_per_day_max_mg
            and guidance_matches(g, ctx, ignore_dose=True)
        )
    g = _pick(below)
    if g is None:
        return None
    if g.dose_max_mg is None or dose <= g.dose_max_mg:
        # Above a per-day range only: the same verdict, stated per day (no pause arithmetic).
        if g.dose_per_day_max_mg is None or daily is None:
            return None
        hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
        return Finding(
            rule=RuleId.CURATED_DOSE_FLOOR,
            category=g.verdict,
            text=(
                f"The daily dose ({daily:g} mg/day) is above the range covered by "
                f"{g.guideline} (up to {g.dose_per_day_max_mg:g} mg/day), which says "
                f"{verdict_phrase(g.verdict, hours)}; a higher daily dose is treated at least "
                "as strictly."
            ),
            citation_keys=g.citation_keys,
            evidence=Evidence.CURATED,
            interrupt_hours=hours,
            guidance=g,
            code=f"{RuleId.CURATED_DOSE_FLOOR}.daily",
            params={**_guidance_params(g), "daily_dose_mg": daily},
        )
    hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
    text = (
        f"The dose ({dose:g} mg) is above the range covered by {g.guideline} "
        f"(up to {g.dose_max_mg:g} mg), which says {verdict_phrase(g.verdict, hours)}; "
        "a higher dose is treated at least as strictly."
    )
    warnings: tuple[str, ...] = ()
    t_half = ctx.drug.half_life_h
    params: dict[str, object] = {**_guidance_params(g), "dose_mg": dose}
    if hours is not None:
        if t_half is not None and g.dose_max_mg > 0:
            extra = pk.hours_to_fall(t_half.value, dose, g.dose_max_mg)
            hours = pk.practical_hours(hours + extra)
            text += (
                f" The pause is lengthened by t1/2 x log2(dose ratio) = {extra:.1f} h, "
                f"to {hours:g} h."
            )
            params.update(extra_hours=extra, hours=hours)
        else:
            warnings = ("The pause may need to be longer at this dose; the half-life is unknown.",)
    return Finding(
        rule=RuleId.CURATED_DOSE_FLOOR,
        category=g.verdict,
        text=text,
        citation_keys=g.citation_keys,
        evidence=Evidence.CURATED,
        interrupt_hours=hours,
        warnings=warnings,
        guidance=g,
        params=params,
    )
