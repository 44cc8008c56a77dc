"""The engine's rules and their precedence, declared as data.

Every rule has one signature, `Context -> Finding | None`, and a declared role:

- `decides`: the rules in `DECIDERS` are tried in order; the first that returns a finding sets
  the verdict (curated guidance > radioactive agents > cytotoxic drugs > little reaches the baby
  > measured or estimated exposure > too little data);
- `floor`: can raise the verdict, never lower it (newborn caution, milk supply, the curated dose
  floor, the cytotoxic floor);
- `overrides`: replaces the verdict (a regulator's statement against the drug; regular dosing,
  where a pause does not help);
- `informs`: recorded with its citations; never changes the verdict.

`AFTER` says, for each deciding rule, which other rules then count and how (listed with the
deciding findings, as a floor, or only for the record with a prefix saying why it does not
decide); `LATE` lists the floors, overrides and notes applied to every verdict, in order.
`advice.engine.assembly` walks these tables; it holds no clinical rule of its own.

Reason ids (the `Reason.rule` values):

- `curated_guidance`: a curated guideline statement matches the scenario (rule 1).
- `guidance_disagreement`: a matching guideline LactRx does not follow says something else
  (informational, also a warning).
- `curated_dose_floor`: the dose is above every curated dose range; the most restrictive
  guidance below it is a floor (hours extended by the half-life when known).
- `radioactive`: radiopharmaceuticals, activity-dependent interruption and the activity table
  (rule 2); without an administered activity the most restrictive row applies (the activity is
  never guessed); I-131 therapy means stopping for this child.
- `cytotoxic`: cytotoxic chemotherapy, `wean` for the course (rule 3).
- `milk_supply`: the drug lowers milk supply (rule 4).
- `low_transfer`: little reaches the baby: minimal absorption for the route, poor infant oral
  absorption, very large molecule (rule 5).
- `measured_rid`: RID from measured milk levels, scaled to this dose (rule 6).
- `infant_effects`: serious infant effects are reported although the RID is low.
- `pk_estimate`: RID estimated from PK parameters when no milk data exist (rule 7).
- `infant_age`: neonate or preterm infant and a drug that accumulates or depresses the CNS
  (rule 8): CNS depressants -> use_alternative; accumulating drugs must have an RID below the
  lowered threshold (informational when they do).
- `single_dose_interrupt`: a single dose is too high at first; pause until the milk level falls
  (rule 9).
- `regular_dosing`: an interruption was indicated but the regimen is chronic; timing feeds does
  not help at steady state, so prefer an alternative (rule 9).
- `long_interval`: a regular regimen whose dosing interval is longer than 5 half-lives (weekly,
  monthly): each dose behaves like a single dose, so a pause after each dose is meaningful and
  `regular_dosing` does not apply (informational).
- `insufficient_data`: too little data (rule 10); cites the monograph's own lactation sources
  (warns when there are none).
- `cytotoxic_floor`: curated guidance called a cytotoxic drug compatible; LactRx never does.
- `interrupt_duration`: an interruption was indicated without a duration; 5 half-lives are used
  when a half-life is known (informational).
- `estimate_overridden`: a compatible single dose whose estimated peak milk level is above the
  acceptable level: what decides instead (informational).
- `regulatory_avoid`: a regulator recommends against the drug in breastfeeding (codeine,
  tramadol: FDA 2017); it decides whatever the exposure.
- `milk_studies`: milk studies without a level that can be scaled to the dose (informational).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass

from advice.engine import facts
from advice.engine.basic import rule_insufficient_data, rule_milk_studies, rule_regulatory_avoid
from advice.engine.context import Context, Finding
from advice.engine.floors import (
    rule_cytotoxic_floor,
    rule_estimate_overridden,
    rule_interrupt_duration,
    rule_long_interval,
    rule_regular_dosing,
)
from advice.engine.infant import rule_infant_age
from advice.engine.phrases import Lead
from advice.engine.types import Category, RidSource

__all__ = [
    "AFTER",
    "DECIDERS",
    "LATE",
    "RULES",
    "Check",
    "EvidenceFrom",
    "Place",
    "Role",
    "Rule",
    "Step",
]


class Check(enum.StrEnum):
    """The ids of the checks in the precedence tables below, declared once. A check that
    records a reason records it under its `RuleId` (several checks can share one: `exposure`,
    `exposure_agrees` and `exposure_disagrees` all give `measured_rid` or `pk_estimate`)."""

    CURATED_GUIDANCE = "curated_guidance"
    RADIOACTIVE = "radioactive"
    CYTOTOXIC = "cytotoxic"
    LOW_TRANSFER = "low_transfer"
    EXPOSURE = "exposure"
    INSUFFICIENT_DATA = "insufficient_data"
    GUIDANCE_DISAGREEMENT = "guidance_disagreement"
    CURATED_LESS_STRICT = "curated_less_strict"
    CYTOTOXIC_NOTE = "cytotoxic_note"
    LOW_TRANSFER_NOTE = "low_transfer_note"
    EXPOSURE_AGREES = "exposure_agrees"
    EXPOSURE_DISAGREES = "exposure_disagrees"
    UPPER_BOUND = "upper_bound"
    INFANT_AGE = "infant_age"
    INFANT_AGE_AFTER_CURATED = "infant_age_after_curated"
    MILK_SUPPLY = "milk_supply"
    CURATED_DOSE_FLOOR = "curated_dose_floor"
    REGULATORY_AVOID = "regulatory_avoid"
    CYTOTOXIC_FLOOR = "cytotoxic_floor"
    LONG_INTERVAL = "long_interval"
    REGULAR_DOSING = "regular_dosing"
    INTERRUPT_DURATION = "interrupt_duration"
    MILK_STUDIES = "milk_studies"
    ESTIMATE_OVERRIDDEN = "estimate_overridden"


class Role(enum.StrEnum):
    DECIDES = "decides"
    FLOOR = "floor"
    OVERRIDES = "overrides"
    INFORMS = "informs"


@dataclass(frozen=True, slots=True)
class Rule:
    id: Check
    role: Role
    check: Callable[[Context], Finding | None]


class Place(enum.Enum):
    """Where a rule's finding goes once another rule decided."""

    JOIN = "join"  # with the deciding findings; its category counts
    FLOOR = "floor"  # with the deciding findings when it has a category, else for the record
    NOTE = "note"  # for the record only: its category cleared, the step's prefix said first
    RECORD = "record"  # for the record, as it is


class EvidenceFrom(enum.Enum):
    """Whether a step's finding sets the verdict's evidence level."""

    KEEP = "keep"
    TAKE = "take"  # a stronger basis than the decider's (milk data agreeing)
    IF_STRICTEST = "if_strictest"  # when it is the most restrictive finding listed


@dataclass(frozen=True, slots=True)
class Step:
    rule: Check
    place: Place
    prefix: Lead | None = None  # the lead-in of a finding kept for reference (phrases.LEAD)
    evidence: EvidenceFrom = EvidenceFrom.KEEP


def _chain(findings: list[Finding] | tuple[Finding, ...]) -> Finding | None:
    """Several findings of one rule as one finding with the others recorded after it."""
    if not findings:
        return None
    first, *rest = findings
    return dataclasses.replace(first, also=(*first.also, *rest))


# Deciding rules.
def _curated_guidance(ctx: Context) -> Finding | None:
    """The most restrictive matching followed entry, with the equally strict ones."""
    c = facts.curated(ctx)
    if c.decision is None:
        return None
    return dataclasses.replace(c.decision, also=tuple(f for f in c.also if f.category))


def _radioactive(ctx: Context) -> Finding | None:
    radio = facts.radio(ctx)
    return radio.finding if radio is not None else None


def _cytotoxic(ctx: Context) -> Finding | None:
    cyto = facts.cytotoxic(ctx)
    return cyto if cyto is not None and cyto.category is not None else None


def _low_transfer(ctx: Context) -> Finding | None:
    return _chain([f for f in facts.low(ctx) if f.category is not None])


def _exposure(ctx: Context) -> Finding | None:
    e = facts.exposure(ctx)
    return _chain(e.findings) if e is not None else None


# Rules that count, or are recorded, once another rule decided.
def _disagreements(ctx: Context) -> Finding | None:
    return _chain(facts.curated(ctx).disagreements)


def _curated_less_strict(ctx: Context) -> Finding | None:
    return _chain([f for f in facts.curated(ctx).also if f.category is None])


def _cytotoxic_any(ctx: Context) -> Finding | None:
    return facts.cytotoxic(ctx)


def _low_transfer_note(ctx: Context) -> Finding | None:
    return _chain([f for f in facts.low(ctx) if f.category is None])


def _exposure_agrees(ctx: Context) -> Finding | None:
    return _exposure(ctx) if facts.exposure_ok(ctx) else None


def _exposure_disagrees(ctx: Context) -> Finding | None:
    return None if facts.exposure_ok(ctx) else _exposure(ctx)


def _upper_bound(ctx: Context) -> Finding | None:
    e = facts.estimate(ctx)
    return _chain(e.findings) if e is not None and facts.bound_only(ctx) else None


def _infant_age(ctx: Context) -> Finding | None:
    e = facts.exposure(ctx)
    return rule_infant_age(
        ctx, rid_pct=e.rid_pct if e else None, exposure_ok=facts.exposure_ok(ctx)
    )


def _infant_age_after_curated(ctx: Context) -> Finding | None:
    """Curated "compatible" for a newborn or preterm infant counts only when a matching
    followed entry addresses infant age or prematurity (or little reaches the baby)."""
    c = facts.curated(ctx)
    if (
        c.decision is None
        or c.decision.category is not Category.COMPATIBLE
        or not ctx.newborn_caution
        or facts.low_decides(ctx)
        or c.addresses_infant
    ):
        return None
    names = list(dict.fromkeys(g.guideline for g in c.followed))
    verb = "does" if len(names) == 1 else "do"
    e = facts.exposure(ctx)
    return rule_infant_age(
        ctx,
        rid_pct=e.rid_pct if e else None,
        exposure_ok=facts.exposure_ok(ctx),
        curated_note=f"{' and '.join(names)} {verb} not address newborn or preterm infants.",
    )


def _milk_supply(ctx: Context) -> Finding | None:
    return facts.supply(ctx)


def _dose_floor(ctx: Context) -> Finding | None:
    return facts.curated(ctx).floor


def _regulatory_avoid(ctx: Context) -> Finding | None:
    return None if ctx.decided is Category.WEAN else rule_regulatory_avoid(ctx)


def _milk_studies(ctx: Context) -> Finding | None:
    """Reported when the verdict does not already rest on a measured level."""
    e = facts.exposure(ctx)
    return rule_milk_studies(ctx) if e is None or e.rid_source is not RidSource.MEASURED else None


_ALL = (
    Rule(Check.CURATED_GUIDANCE, Role.DECIDES, _curated_guidance),
    Rule(Check.RADIOACTIVE, Role.DECIDES, _radioactive),
    Rule(Check.CYTOTOXIC, Role.DECIDES, _cytotoxic),
    Rule(Check.LOW_TRANSFER, Role.DECIDES, _low_transfer),
    Rule(Check.EXPOSURE, Role.DECIDES, _exposure),
    Rule(Check.INSUFFICIENT_DATA, Role.DECIDES, rule_insufficient_data),
    Rule(Check.GUIDANCE_DISAGREEMENT, Role.INFORMS, _disagreements),
    Rule(Check.CURATED_LESS_STRICT, Role.INFORMS, _curated_less_strict),
    Rule(Check.CYTOTOXIC_NOTE, Role.INFORMS, _cytotoxic_any),
    Rule(Check.LOW_TRANSFER_NOTE, Role.INFORMS, _low_transfer_note),
    # Decides with "little reaches the baby" when milk data agree (listed with it; see AFTER).
    Rule(Check.EXPOSURE_AGREES, Role.DECIDES, _exposure_agrees),
    Rule(Check.EXPOSURE_DISAGREES, Role.INFORMS, _exposure_disagrees),
    Rule(Check.UPPER_BOUND, Role.INFORMS, _upper_bound),
    Rule(Check.INFANT_AGE, Role.FLOOR, _infant_age),
    Rule(Check.INFANT_AGE_AFTER_CURATED, Role.FLOOR, _infant_age_after_curated),
    Rule(Check.MILK_SUPPLY, Role.FLOOR, _milk_supply),
    Rule(Check.CURATED_DOSE_FLOOR, Role.FLOOR, _dose_floor),
    Rule(Check.REGULATORY_AVOID, Role.OVERRIDES, _regulatory_avoid),
    Rule(Check.CYTOTOXIC_FLOOR, Role.FLOOR, rule_cytotoxic_floor),
    Rule(Check.LONG_INTERVAL, Role.INFORMS, rule_long_interval),
    Rule(Check.REGULAR_DOSING, Role.OVERRIDES, rule_regular_dosing),
    Rule(Check.INTERRUPT_DURATION, Role.INFORMS, rule_interrupt_duration),
    Rule(Check.MILK_STUDIES, Role.INFORMS, _milk_studies),
    Rule(Check.ESTIMATE_OVERRIDDEN, Role.INFORMS, rule_estimate_overridden),
)
RULES: dict[Check, Rule] = {r.id: r for r in _ALL}

# The order of precedence: the first of these that returns a finding decides.
DECIDERS: tuple[Check, ...] = (
    Check.CURATED_GUIDANCE,
    Check.RADIOACTIVE,
    Check.CYTOTOXIC,
    Check.LOW_TRANSFER,
    Check.EXPOSURE,
    Check.INSUFFICIENT_DATA,
)

J, F, N, R = Place.JOIN, Place.FLOOR, Place.NOTE, Place.RECORD
# Under the exposure rules (little reaches the baby, milk levels or PK, too little data).
_EXPOSURE_AFTER = (
    Step(Check.CYTOTOXIC_NOTE, R),
    Step(Check.UPPER_BOUND, N, Lead.UPPER_BOUND),
    Step(Check.LOW_TRANSFER_NOTE, R),
    Step(Check.INFANT_AGE, F),
    Step(Check.MILK_SUPPLY, F),
    Step(Check.CURATED_DOSE_FLOOR, J, evidence=EvidenceFrom.IF_STRICTEST),
)
# Dissent between sources is always recorded first.
_FIRST = (Step(Check.GUIDANCE_DISAGREEMENT, R),)
AFTER: dict[Check, tuple[Step, ...]] = {
    Check.CURATED_GUIDANCE: (
        *_FIRST,
        Step(Check.RADIOACTIVE, J),
        Step(Check.CURATED_LESS_STRICT, R),
        Step(Check.INFANT_AGE_AFTER_CURATED, F),
        Step(Check.CYTOTOXIC_NOTE, N, Lead.CURATED_DECIDES),
        Step(Check.MILK_SUPPLY, N, Lead.CURATED_DECIDES_NOTE),
        Step(Check.EXPOSURE, N, Lead.REFERENCE),
        Step(Check.LOW_TRANSFER_NOTE, R),
        Step(Check.LOW_TRANSFER, N, Lead.ALSO),
    ),
    Check.RADIOACTIVE: (*_FIRST, Step(Check.CYTOTOXIC_NOTE, J)),
    Check.CYTOTOXIC: (
        *_FIRST,
        Step(Check.EXPOSURE, N, Lead.CYTOTOXIC_DECIDES),
    ),
    Check.LOW_TRANSFER: (
        *_FIRST,
        Step(Check.CYTOTOXIC_NOTE, R),
        Step(Check.UPPER_BOUND, N, Lead.UPPER_BOUND),
        Step(Check.LOW_TRANSFER_NOTE, R),
        # Milk data that agree are the stronger basis for the evidence level.
        Step(Check.EXPOSURE_AGREES, J, evidence=EvidenceFrom.TAKE),
        Step(
            Check.EXPOSURE_DISAGREES,
            N,
            Lead.LOW_TRANSFER_DECIDES,
        ),
        Step(Check.MILK_SUPPLY, F),
        Step(Check.CURATED_DOSE_FLOOR, J, evidence=EvidenceFrom.IF_STRICTEST),
    ),
    Check.EXPOSURE: (*_FIRST, *_EXPOSURE_AFTER),
    Check.INSUFFICIENT_DATA: (*_FIRST, *_EXPOSURE_AFTER),
}

# Applied to every verdict, in this order, once the verdict above is assembled.
LATE: tuple[Step, ...] = (
    # A regulator recommends against the drug whatever the exposure (codeine, tramadol): it
    # decides first; a pause or "compatible" from other rules is kept for reference only.
    Step(Check.REGULATORY_AVOID, J, Lead.REGULATOR_DECIDES),
    Step(Check.CYTOTOXIC_FLOOR, J),
    Step(Check.LONG_INTERVAL, J),
    Step(Check.REGULAR_DOSING, J),
    Step(Check.INTERRUPT_DURATION, J),
    Step(Check.MILK_STUDIES, R),
    Step(Check.ESTIMATE_OVERRIDDEN, J),
)
