"""Building the `Verdict` from a decision: warnings, numbers, monitoring, citations, the resume
time and the activity table."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from advice.engine import facts, pk
from advice.engine.assembly import Decision
from advice.engine.context import Context, Finding, number
from advice.engine.exposure import pk_numbers
from advice.engine.infant import monitoring_for
from advice.engine.phrases import INTERRUPTION_COSTS, TEXT, Phrase
from advice.engine.resolve import default_warnings, inputs_echo
from advice.engine.thresholds import THRESHOLD_CITATIONS
from advice.engine.types import (
    ActivityRow,
    AlternativeVerdict,
    Category,
    Citation,
    DrugProfile,
    Reason,
    RuleId,
    Scenario,
    Verdict,
)
from advice.engine.validation import ScenarioError

__all__ = ["build_verdict"]


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
    return Reason(
        f.rule,
        f.category if category is None else category,
        f.text,
        f.citation_keys,
        code=f.code or f.rule.value,
        params=dict(f.params),
        prefix=f.prefix,
    )


def _decay_numbers(
    half_life_h: float | None, pause_h: float | None, activity_mbq: float | None
) -> dict[str, object]:
    """The decay arithmetic of a pause: half-lives elapsed and the fraction of the activity
    left when feeding resumes (radioactive decay only; biological clearance adds to it)."""
    if not half_life_h or not pause_h:
        return {}
    out: dict[str, object] = {
        "half_lives_in_pause": number(
            pause_h / half_life_h, "half-lives", "computed", note="pause / physical half-life"
        ),
        "activity_remaining_pct": number(
            100.0 * pk.fraction_remaining(half_life_h, pause_h),
            "%",
            "computed",
            note="0.5 ^ half-lives (physical decay only)",
        ),
    }
    if activity_mbq:
        out["activity_remaining_mbq"] = number(
            activity_mbq * pk.fraction_remaining(half_life_h, pause_h), "MBq", "computed"
        )
    return out


def build_verdict(
    ctx: Context,
    s: Scenario,
    decision: Decision,
    *,
    alternatives: tuple[AlternativeVerdict, ...],
    alternative_warnings: Sequence[str],
    engine_version: str,
) -> Verdict:
    drug, thresholds, exposure = ctx.drug, ctx.thresholds, facts.exposure(ctx)
    decisive, category, interrupt_hours = (
        decision.decisive,
        decision.category,
        decision.interrupt_hours,
    )
    findings = [*decisive, *decision.record]
    warnings = default_warnings(ctx, s)
    for f in findings:
        warnings.extend(f.warnings)
    if exposure is not None:
        warnings.extend(exposure.warnings)
    if any(f.rule is RuleId.SINGLE_DOSE_INTERRUPT for f in decisive):
        t = drug.half_life_h
        if t is not None and not t.verified:
            warnings.append(TEXT[Phrase.HALF_LIFE_UNVERIFIED])

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
        numbers.update(_decay_numbers(drug.physical_half_life_h, interrupt_hours, ctx.activity_mbq))
    if exposure is not None:
        numbers.update(exposure.numbers)
        if exposure.infant_dose_mg_per_kg_day is not None and ctx.infant_weight_kg is not None:
            numbers["infant_dose_mg_per_day"] = number(
                exposure.infant_dose_mg_per_kg_day * ctx.infant_weight_kg, "mg/day", "computed"
            )

    warnings.extend(alternative_warnings)

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

    radio = facts.radio(ctx)
    activity_table: tuple[ActivityRow, ...] = radio.table if radio is not None else ()
    show_exposure = exposure is not None and (
        not facts.low_decides(ctx) or exposure.category is Category.COMPATIBLE
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
        evidence=decision.evidence,
        reasons=tuple(_reason(f) for f in findings),
        citations=citations,
        alternatives=alternatives,
        monitoring=_dedupe(monitoring),
        interruption_costs=(
            INTERRUPTION_COSTS if category in {Category.INTERRUPT, Category.WEAN} else ()
        ),
        warnings=_dedupe(warnings),
        inputs=inputs_echo(ctx, s),
        numbers=numbers,
        drug_slug=drug.slug,
        drug_name=drug.name,
        engine_version=engine_version,
        activity_table=activity_table,
    )
