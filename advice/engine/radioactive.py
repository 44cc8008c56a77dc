"""Radiopharmaceuticals: the activity table and the activity-dependent interruption."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from advice.engine import pk
from advice.engine.context import Context, Finding
from advice.engine.guidance import CuratedResult, guidance_hours, guidance_matches, open_top_band
from advice.engine.phrases import TEXT, Phrase, verdict_phrase, would_be
from advice.engine.types import (
    ActivityRow,
    Category,
    DrugProfile,
    Evidence,
    Guidance,
    RuleId,
    strictness,
)


@dataclass(frozen=True, slots=True)
class RadioResult:
    finding: Finding
    decides: bool  # True when no curated entry matched and this finding decides
    table: tuple[ActivityRow, ...]


def _row(g: Guidance, applies: bool) -> ActivityRow:
    return ActivityRow(
        activity_min_mbq=g.activity_min_mbq,
        activity_max_mbq=g.activity_max_mbq,
        category=g.verdict,
        interrupt_hours=guidance_hours(g) if g.verdict is Category.INTERRUPT else None,
        guideline=g.guideline,
        guideline_version=g.guideline_version,
        citation_keys=g.citation_keys,
        applies=applies,
    )


def _strictest_row(rows: Iterable[Guidance]) -> Guidance | None:
    """The most restrictive activity row; ties go to the longer pause, then to an open top band
    ("at least N h")."""
    return max(
        rows,
        key=lambda g: (strictness(g.verdict), guidance_hours(g) or 0.0, open_top_band(g)),
        default=None,
    )


def _row_for_activity(
    rows: list[Guidance], a: float, d: DrugProfile
) -> tuple[Guidance | None, float | None, str]:
    """The activity row for activity `a` (MBq), its pause and a note on how it was chosen."""
    inside = [
        g
        for g in rows
        if (g.activity_min_mbq is None or a >= g.activity_min_mbq)
        and (g.activity_max_mbq is None or a < g.activity_max_mbq)
    ]
    if inside:
        g = _strictest_row(inside)
        hours = guidance_hours(g) if g is not None and g.verdict is Category.INTERRUPT else None
        return g, hours, ""
    above = [g for g in rows if g.activity_min_mbq is not None and g.activity_min_mbq > a]
    if above:
        # Below the lowest row or in a gap: use the next row up (conservative).
        g = min(above, key=lambda g: g.activity_min_mbq or 0.0)
        hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
        return g, hours, " The activity is not covered by a row; the next higher row is applied."
    g = _strictest_row(rows)
    if g is None:
        return None, None, ""
    hours = guidance_hours(g) if g.verdict is Category.INTERRUPT else None
    extra = " The activity is above the tabulated ranges; the strictest row is applied."
    if (
        g.verdict is Category.INTERRUPT
        and g.activity_max_mbq is not None
        and d.physical_half_life_h is not None
    ):
        more = pk.hours_to_fall(d.physical_half_life_h, a, g.activity_max_mbq)
        hours = pk.practical_hours((hours or 0.0) + more)
        extra += f" The pause is lengthened by the physical half-life, to {hours:g} h."
    return g, hours, extra


def rule_radioactive(ctx: Context, curated: CuratedResult) -> RadioResult:
    """Rule 2: activity-dependent interruption; always returns the activity table.

    Without an administered activity LactRx does not guess it: the most restrictive row of the
    activity table applies (never under-advise radiation), and the reason says what the typical
    activity would give and asks for the activity.
    """
    d = ctx.drug
    rows = sorted(
        (
            g
            for g in d.guidance
            if g.followed
            and g.has_activity_condition
            and guidance_matches(g, ctx, ignore_dose=True, ignore_activity=True)
        ),
        key=lambda g: (g.activity_min_mbq or 0.0, g.activity_max_mbq or math.inf),
    )
    a = ctx.activity_mbq
    if a is None:
        activity_text = "No administered activity was given"
    else:
        activity_text = f"Administered activity {a:g} MBq"
    isotope = d.isotope or d.name
    cites: tuple[str, ...] = ("ausprescriber-radiopharm",)

    chosen: Guidance | None = None
    category: Category
    hours: float | None = None
    evidence = Evidence.CURATED
    lead = ""
    extra = ""
    warnings: tuple[str, ...] = ()
    decision = curated.decision
    strictest = _strictest_row(rows) if a is None else None
    if (
        decision is not None
        and a is None
        and strictest is not None
        and (strictness(strictest.verdict), guidance_hours(strictest) or 0.0)
        > (strictness(decision.category or Category.COMPATIBLE), decision.interrupt_hours or 0.0)
    ):
        # Activity-independent guidance matched, but a higher activity needs more: the activity
        # table decides when the activity is unknown.
        decision = None
    decides = decision is None
    if decision is not None:
        chosen = decision.guidance
        category = decision.category or Category.INTERRUPT
        hours = decision.interrupt_hours
    elif rows and a is None:
        chosen = strictest
        lead = (
            "; LactRx does not assume one and applies the most restrictive row of the activity "
            "table"
        )
        typical = d.typical_activity_mbq
        if typical is not None and typical > 0:
            t_row, t_hours, _ = _row_for_activity(rows, typical, d)
            if t_row is not None:
                extra += (
                    f" At the typical {typical:g} MBq "
                    f"{would_be(t_row.verdict, t_hours, open_top_band(t_row))}."
                )
        extra += " Ask for the administered activity (MBq) for a specific answer."
        warnings = (TEXT[Phrase.ACTIVITY_NOT_GIVEN],)
    elif rows and a is not None:
        chosen, hours, extra = _row_for_activity(rows, a, d)
    if chosen is not None and decision is None:
        category = chosen.verdict
        if hours is None and category is Category.INTERRUPT:
            hours = guidance_hours(chosen)
        cites = (*cites, *chosen.citation_keys)
    elif chosen is None and decision is None:
        if d.physical_half_life_h is not None:
            n = ctx.thresholds.radioactive_half_lives
            hours = pk.practical_hours(n * d.physical_half_life_h)
            category = Category.INTERRUPT
            evidence = Evidence.ESTIMATED
            extra = (
                f" No curated activity guidance: pause for {n:g} physical half-lives "
                f"({n:g} x {d.physical_half_life_h:g} h, rounded to {hours:g} h)."
            )
        else:
            category = Category.USE_ALTERNATIVE
            evidence = Evidence.INSUFFICIENT
            extra = (
                " No activity guidance and no physical half-life: ask nuclear medicine or "
                "radiation safety before the study."
            )

    at_least = open_top_band(chosen) and hours == guidance_hours(chosen) if chosen else False
    phrase = verdict_phrase(category, hours, at_least=at_least)
    text = f"{d.name} is radioactive ({isotope}). {activity_text}{lead}: {phrase}.{extra}"
    if category is Category.WEAN and d.radioiodine:
        text += (
            " Radioiodine (I-131): breastfeeding must stop for this child; it can resume with "
            "a future child."
        )
    table = tuple(_row(g, g is chosen) for g in rows)
    finding = Finding(
        rule=RuleId.RADIOACTIVE,
        category=category,
        text=text,
        citation_keys=cites,
        evidence=evidence,
        interrupt_hours=hours if category is Category.INTERRUPT else None,
        warnings=warnings,
        guidance=chosen,
        params={
            "drug": d.name,
            "isotope": isotope,
            "activity_mbq": a,
            "verdict": category.value,
            "hours": hours if category is Category.INTERRUPT else None,
            "guidance_key": chosen.key if chosen is not None else None,
            "radioiodine_stop": category is Category.WEAN and d.radioiodine,
        },
    )
    return RadioResult(finding, decides, table)
