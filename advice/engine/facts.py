"""Analyses several rules read (curated matches, the activity table, the exposure estimate),
computed once per context and kept in `Context.memo`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from advice.engine.basic import rule_cytotoxic, rule_low_transfer, rule_milk_supply
from advice.engine.context import Context, Exposure, Finding
from advice.engine.exposure import rule_measured_rid, rule_pk_estimate
from advice.engine.guidance import CuratedResult, rule_curated_guidance
from advice.engine.radioactive import RadioResult, rule_radioactive
from advice.engine.types import Category

T = TypeVar("T")


def _memo(ctx: Context, key: str, compute: Callable[[Context], T]) -> T:
    if key not in ctx.memo:
        ctx.memo[key] = compute(ctx)
    return cast(T, ctx.memo[key])


def curated(ctx: Context) -> CuratedResult:
    return _memo(ctx, "curated", rule_curated_guidance)


def radio(ctx: Context) -> RadioResult | None:
    return _memo(
        ctx, "radio", lambda c: rule_radioactive(c, curated(c)) if c.drug.radioactive else None
    )


def cytotoxic(ctx: Context) -> Finding | None:
    return _memo(ctx, "cytotoxic", rule_cytotoxic)


def supply(ctx: Context) -> Finding | None:
    return _memo(ctx, "supply", rule_milk_supply)


def low(ctx: Context) -> list[Finding]:
    """Little reaches the baby: the deciding finding (if any) after any note."""
    return _memo(ctx, "low", rule_low_transfer)


def low_decides(ctx: Context) -> bool:
    return any(f.category is Category.COMPATIBLE for f in low(ctx))


def _estimate(ctx: Context) -> Exposure | None:
    if ctx.drug.radioactive:
        return None
    return rule_measured_rid(ctx) or rule_pk_estimate(ctx)


def estimate(ctx: Context) -> Exposure | None:
    """Measured (rule 6) or PK (rule 7) exposure, whatever it says."""
    return _memo(ctx, "estimate", _estimate)


def bound_only(ctx: Context) -> bool:
    """An estimate that assumes all of a locally given dose is absorbed can clear a drug but
    cannot decide against it: kept for reference, the data rules decide."""
    e = estimate(ctx)
    return e is not None and e.upper_bound and e.category is not Category.COMPATIBLE


def exposure(ctx: Context) -> Exposure | None:
    """The exposure that counts (None when it is only a non-reassuring upper bound)."""
    return None if bound_only(ctx) else estimate(ctx)


def exposure_ok(ctx: Context) -> bool:
    """Exposure acceptable against the threshold in force (lowered for newborns where needed)."""
    e = exposure(ctx)
    return e is not None and e.category is Category.COMPATIBLE
