"""Verdict assembly: walk the declared precedence (`advice.engine.rules`) over one context.

No clinical rule lives here: which rule decides, what counts after it and how, and the floors
and overrides applied last are all tables in `rules.py`. This module only applies them: the
first deciding rule sets the verdict, the steps listed after it add findings to the deciding
list (their categories count) or to the record, and the late steps raise (floor), replace
(overrides) or explain (informs) the verdict in order.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from advice.engine.context import Context, Finding, most_restrictive
from advice.engine.phrases import LEAD, Lead
from advice.engine.rules import (
    AFTER,
    DECIDERS,
    LATE,
    RULES,
    Check,
    EvidenceFrom,
    Place,
    Role,
    Step,
)
from advice.engine.types import Category, Evidence, strictness

__all__ = ["Decision", "decide"]


@dataclass(frozen=True, slots=True)
class Decision:
    category: Category
    interrupt_hours: float | None
    evidence: Evidence
    decisive: tuple[Finding, ...]  # the findings the verdict rests on, deciding rule first
    record: tuple[Finding, ...]  # findings kept for the record (they did not decide)
    decided_by: Check


def _note(f: Finding, prefix: Lead | None) -> Finding:
    """A finding that did not decide, kept for the record after its lead-in."""
    lead = LEAD[prefix] if prefix else ""
    return Finding(
        f.rule,
        None,
        f"{lead}{f.text}",
        f.citation_keys,
        code=f.code,
        params=f.params,
        prefix=prefix.value if prefix else f.prefix,
    )


def _flat(f: Finding) -> list[Finding]:
    return [dataclasses.replace(f, also=()), *f.also]


def _first_decider(ctx: Context) -> tuple[Check, Finding]:
    for rule_id in DECIDERS:
        found = RULES[rule_id].check(ctx)
        if found is not None:
            return rule_id, found
    raise AssertionError("insufficient_data always decides")  # pragma: no cover


def _place(step: Step, f: Finding, decisive: list[Finding], record: list[Finding]) -> None:
    if step.place is Place.JOIN or (step.place is Place.FLOOR and f.category is not None):
        decisive.extend(_flat(f))
    elif step.place is Place.NOTE:
        record.extend(_note(x, step.prefix) for x in _flat(f))
    else:
        record.extend(_flat(f))


def decide(ctx: Context) -> Decision:
    """The verdict for a resolved context, with the findings behind it."""
    decided_by, found = _first_decider(ctx)
    decisive: list[Finding] = _flat(found)
    record: list[Finding] = []
    evidence = found.evidence or Evidence.CURATED
    for step in AFTER[decided_by]:
        f = RULES[step.rule].check(ctx)
        if f is None:
            continue
        _place(step, f, decisive, record)
        if step.evidence is EvidenceFrom.TAKE and f.evidence is not None:
            evidence = f.evidence
        elif step.evidence is EvidenceFrom.IF_STRICTEST and f.category is not None:
            top = max(strictness(x.category) for x in decisive if x.category is not None)
            if strictness(f.category) >= top:
                evidence = f.evidence or evidence

    category = most_restrictive(f.category for f in decisive if f.category is not None)
    hours_found = [
        f.interrupt_hours
        for f in decisive
        if f.category is Category.INTERRUPT and f.interrupt_hours is not None
    ]
    hours = max(hours_found) if hours_found else None

    for step in LATE:
        rule = RULES[step.rule]
        f = rule.check(dataclasses.replace(ctx, decided=category, decided_hours=hours))
        if f is None:
            continue
        if rule.role is Role.OVERRIDES and step.prefix:
            # Overrides every other verdict: what does not agree is kept for reference only.
            kept = [x for x in decisive if x.category is f.category]
            moved = [x for x in decisive if x.category is not f.category]
            decisive = [f, *kept]
            record = [*(_note(x, step.prefix) if x.category else x for x in moved), *record]
            hours = None
        else:
            _place(step, f, decisive, record)
        if f.category is not None and rule.role is Role.OVERRIDES:
            category = f.category
        elif f.category is not None and rule.role is Role.FLOOR:
            category = most_restrictive((category, f.category))
        if rule.role is Role.OVERRIDES and f.evidence is not None:
            evidence = f.evidence
        if rule.role is Role.INFORMS and f.interrupt_hours is not None and hours is None:
            hours = f.interrupt_hours  # a duration for a pause the guidance did not give
        if category is not Category.INTERRUPT:
            hours = None
    return Decision(category, hours, evidence, tuple(decisive), tuple(record), decided_by)
