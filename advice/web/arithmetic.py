# ruff: noqa: RUF001, RUF002, RUF003 - the arithmetic is shown with the real signs (× ÷)
"""The "why" of a verdict as arithmetic with this patient's numbers substituted.

Nothing here computes a clinical value: every operand and every result is a number the engine
returned (``Verdict.numbers`` and the echoed inputs). A step is shown only when its operands
reproduce the engine's result (within rounding), so the page never prints a sum that does not
add up; otherwise the engine's value is shown on its own.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from advice.web.templatetags.advice_tags import sig


@dataclass(frozen=True)
class Term:
    value: str
    unit: str = ""
    label: Any = ""
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    name: Any  # what is computed ("RID")
    formula: Any  # in words ("infant dose ÷ maternal dose × 100")
    terms: list[Term | str] = field(default_factory=list)  # a str is an operator
    result: Term | None = None
    note: Any = ""


def _num(numbers: dict[str, Any], key: str) -> dict[str, Any] | None:
    item = numbers.get(key)
    if isinstance(item, dict) and item.get("value") is not None:
        return item
    return None


def _term(item: dict[str, Any], label: Any = "", digits: int = 3) -> Term:
    keys = tuple(item.get("citation_keys") or ())
    return Term(sig(item["value"], digits), str(item.get("unit") or ""), label, keys)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(abs(b) * 0.02, 1e-12)


def _input(verdict: Any, key: str) -> Any:
    item = (verdict.inputs or {}).get(key) or {}
    return item.get("value") if isinstance(item, dict) else None


def _maternal_step(verdict: Any, numbers: dict[str, Any]) -> Step | None:
    maternal = _num(numbers, "maternal_dose_mg_per_kg_day")
    if maternal is None:
        return None
    dose, weight = _input(verdict, "dose_mg"), _input(verdict, "maternal_weight_kg")
    per_day = _input(verdict, "doses_per_day") or 1.0
    single = _input(verdict, "regimen") == "single"
    terms: list[Term | str] = []
    if dose and weight:
        daily = float(dose) * (1.0 if single else float(per_day))
        if _close(daily / float(weight), maternal["value"]):
            terms = [Term(sig(dose), "mg", _("dose"))]
            if not single and per_day != 1.0:
                terms += ["×", Term(sig(per_day), _("per day"), _("doses"))]
            terms += ["÷", Term(sig(weight), "kg", _("maternal weight"))]
    return Step(
        _("Maternal dose"),
        _("daily dose ÷ maternal weight"),
        terms,
        _term(maternal),
    )


def _infant_step(numbers: dict[str, Any]) -> Step | None:
    infant = _num(numbers, "infant_dose_mg_per_kg_day")
    if infant is None:
        return None
    milk = _num(numbers, "milk_conc_avg_mg_per_l")
    intake = _num(numbers, "milk_intake_l_per_kg_day")
    terms: list[Term | str] = []
    if milk and intake and _close(milk["value"] * intake["value"], infant["value"]):
        terms = [
            _term(milk, _("average milk level")),
            "×",
            _term(intake, _("milk intake")),
        ]
        return Step(_("Infant dose"), _("milk level × milk intake"), terms, _term(infant))
    return Step(_("Infant dose"), _("from the measured RID"), [], _term(infant))


def _milk_step(numbers: dict[str, Any]) -> Step | None:
    """The estimated milk level (PK route only): M/P ratio × average maternal plasma level."""
    milk = _num(numbers, "milk_conc_avg_mg_per_l")
    plasma = _num(numbers, "plasma_conc_avg_mg_per_l")
    mp = _num(numbers, "mp_ratio")
    if not (milk and plasma and mp) or not _close(mp["value"] * plasma["value"], milk["value"]):
        return None
    return Step(
        _("Milk level (estimated)"),
        _("milk-to-plasma ratio × average maternal plasma level"),
        [_term(mp, _("M/P")), "×", _term(plasma, _("plasma level"))],
        _term(milk),
    )


def _rid_step(numbers: dict[str, Any]) -> Step | None:
    rid = _num(numbers, "rid_pct")
    infant = _num(numbers, "infant_dose_mg_per_kg_day")
    maternal = _num(numbers, "maternal_dose_mg_per_kg_day")
    if rid is None:
        return None
    terms: list[Term | str] = []
    if infant and maternal and _close(infant["value"] / maternal["value"] * 100.0, rid["value"]):
        terms = [
            _term(infant, _("infant dose")),
            "÷",
            _term(maternal, _("maternal dose")),
            "×",
            Term("100"),
        ]
    threshold = _num(numbers, "rid_threshold_pct")
    note: Any = ""
    if threshold is not None:
        below = rid["value"] < threshold["value"]
        note = (
            _("below the %(t)s %% threshold") if below else _("at or above the %(t)s %% threshold")
        ) % {"t": sig(threshold["value"])}
    return Step(
        _("Relative infant dose (RID)"),
        _("infant dose ÷ weight-adjusted maternal dose × 100"),
        terms,
        _term(rid, digits=2),
        note,
    )


def _decay_steps(verdict: Any, numbers: dict[str, Any]) -> list[Step]:
    half = _num(numbers, "physical_half_life_h")
    n = _num(numbers, "half_lives_in_pause")
    left = _num(numbers, "activity_remaining_pct")
    if not (half and n and left and verdict.interrupt_hours):
        return []
    steps = [
        Step(
            _("Half-lives during the pause"),
            _("pause ÷ physical half-life"),
            [Term(sig(verdict.interrupt_hours), "h", _("pause")), "÷", _term(half)],
            _term(n, digits=2),
        ),
        Step(
            _("Activity left when feeding resumes"),
            _("0.5 ^ half-lives (physical decay only)"),
            ["0.5 ^", _term(n, digits=2)],
            _term(left, digits=2),
        ),
    ]
    activity = _num(numbers, "activity_mbq")
    remaining = _num(numbers, "activity_remaining_mbq")
    if activity and remaining:
        steps.append(
            Step(
                _("Activity left in the mother"),
                _("administered activity × fraction left"),
                [_term(activity), "×", _term(left, digits=2)],
                _term(remaining),
            )
        )
    return steps


def verdict_steps(verdict: Any) -> list[Step]:
    """The arithmetic behind the verdict, in reading order."""
    if verdict is None:
        return []
    numbers = verdict.numbers or {}
    steps: list[Step | None] = []
    if verdict.rid_pct is not None:  # the exposure numbers are shown only when they count
        steps += [
            _maternal_step(verdict, numbers),
            _milk_step(numbers),
            _infant_step(numbers),
            _rid_step(numbers),
        ]
    out = [s for s in steps if s is not None]
    out += _decay_steps(verdict, numbers)
    return out
