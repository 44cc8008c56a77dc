"""Dose, frequency, regimen and route from a FHIR R4 MedicationRequest (pure functions).

The ordered amount is ``dosageInstruction[0].doseAndRate[0].doseQuantity``. A mass (mg, g,
mcg) is the dose itself. A count (1 tablet, 2 capsules, 1 patch, 2 puffs) is multiplied by
the product's strength per unit (``300 MG``, ``0.09 MG/ACTUAT``); a volume (10 mL) by its
concentration (``2 MG/ML``). Each ingredient of a combination gets its own dose from its own
strength, so "1 tablet" of acetaminophen 300 mg / codeine 30 mg is 300 mg and 30 mg.

Doses per day come from ``timing.repeat`` (frequency / period periodUnit, or ``when``) or a
timing code (BID, TID, QID, QD, Q6H...). ``asNeeded`` and one-time orders (``repeat.count``
1, or a dispensed quantity of one dose) are single doses; other scheduled orders are regular
dosing; a course (``repeat.boundsDuration`` or ``dispenseRequest.expectedSupplyDuration``)
is said. The route is the order's (SNOMED CT code or text), else the dose form's; an
injectable form without a route is read as intravenous (the highest exposure) and said.

Everything taken from the order is listed in ``used``; everything the service had to assume
or could not read is listed in ``assumed``, so the card can say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advice.cds.shape import dicts
from advice.cds.shape import text as as_text
from advice.engine import ScenarioError, parse_route
from advice.engine.bounds import bound_error
from drugs.rxnorm_names import Strength

MASS_TO_MG = {
    "mg": 1.0,
    "milligram": 1.0,
    "g": 1000.0,
    "gram": 1000.0,
    "ug": 0.001,
    "mcg": 0.001,
    "µg": 0.001,
    "microgram": 0.001,
    "ng": 0.000001,
}
VOLUME_TO_ML = {"ml": 1.0, "milliliter": 1.0, "millilitre": 1.0, "l": 1000.0, "cc": 1.0}
# Countable units (UCUM annotations such as {tbl}, HL7 orderable forms such as TAB, text).
COUNT_UNITS = {
    "1": "unit",
    "each": "unit",
    "ea": "unit",
    "tablet": "tablet",
    "tab": "tablet",
    "tbl": "tablet",
    "capsule": "capsule",
    "cap": "capsule",
    "caplet": "tablet",
    "patch": "patch",
    "suppository": "suppository",
    "supp": "suppository",
    "lozenge": "lozenge",
    "troche": "lozenge",
    "film": "film",
    "puff": "actuation",
    "actuation": "actuation",
    "actuat": "actuation",
    "inhalation": "actuation",
    "spray": "actuation",
    "packet": "unit",
    "sachet": "unit",
    "vial": "unit",
    "ampule": "unit",
    "ampoule": "unit",
    "syringe": "unit",
}
TIMING_CODES = {
    "QD": 1.0,
    "OD": 1.0,
    "DAILY": 1.0,
    "AM": 1.0,
    "PM": 1.0,
    "QAM": 1.0,
    "QPM": 1.0,
    "QHS": 1.0,
    "HS": 1.0,
    "BID": 2.0,
    "TID": 3.0,
    "QID": 4.0,
    "Q4H": 6.0,
    "Q6H": 4.0,
    "Q8H": 3.0,
    "Q12H": 2.0,
    "Q24H": 1.0,
    "QOD": 0.5,
    "WK": 1 / 7,
    "QWK": 1 / 7,
    "MO": 1 / 30,
}
PERIOD_DAYS = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.0}
PERIOD_WORDS = {
    "s": "second",
    "min": "minute",
    "h": "hour",
    "d": "day",
    "wk": "week",
    "mo": "month",
}
# SNOMED CT route of administration concepts most EHRs send.
SNOMED_ROUTES = {
    "26643006": "oral",
    "37839007": "oral",  # sublingual
    "54471007": "oral",  # buccal
    "47625008": "iv",
    "78421000": "im",
    "34206005": "sc",
    "37161004": "rectal",
    "6064005": "topical",
    "10547007": "topical",  # otic
    "54485002": "ophthalmic",
    "16857009": "vaginal",
    "46713006": "nasal",
    "45890007": "transdermal",
    "447694001": "inhaled",  # respiratory tract route
}
_TEXT_ROUTES = {
    "iv": "iv",
    "i.v.": "iv",
    "im": "im",
    "i.m.": "im",
    "sc": "sc",
    "subq": "sc",
    "sq": "sc",
    "s.c.": "sc",
    "mouth": "oral",
    "orally": "oral",
    "sublingual": "oral",
    "buccal": "oral",
    "inhaled": "inhaled",
    "respiratory tract": "inhaled",
    "per rectum": "rectal",
    "otic": "topical",
    "cutaneous": "topical",
    "skin": "topical",
}
ROUTE_WORDS = {
    "oral": "by mouth",
    "iv": "intravenous",
    "im": "intramuscular",
    "sc": "subcutaneous",
}


@dataclass(frozen=True)
class ProductStrength:
    """What the service knows about one ingredient of the ordered product."""

    key: str  # the ingredient (monograph slug or moiety name)
    name: str
    strength: Strength | None = None


@dataclass
class OrderRegimen:
    dose_mg: dict[str, float] = field(default_factory=dict)  # per ingredient key, per dose
    doses_per_day: float | None = None
    regimen: str | None = None  # "single" | "chronic"
    route: str | None = None
    used: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)

    def scenario(self, key: str | None = None) -> dict[str, Any]:
        """Scenario fields for one ingredient (or the product when ``key`` is None)."""
        data: dict[str, Any] = {}
        if key is not None and key in self.dose_mg:
            data["dose_mg"] = round(self.dose_mg[key], 6)
        if self.route:
            data["route"] = self.route
        if self.regimen:
            data["regimen"] = self.regimen
        if self.doses_per_day and self.regimen == "chronic":
            data["doses_per_day"] = round(self.doses_per_day, 6)
        return data


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and value not in (float("inf"), float("-inf")) else None


def _unit_key(quantity: dict[str, Any]) -> tuple[str, str]:
    shown = str(quantity.get("unit") or quantity.get("code") or "").strip()
    candidates = [str(quantity.get(k) or "") for k in ("code", "unit")]
    for raw in candidates:
        key = raw.strip().strip("{}").strip().lower()
        key = re.sub(r"\(s\)$", "", key)
        if key in MASS_TO_MG or key in VOLUME_TO_ML or key in COUNT_UNITS:
            return key, shown or raw
        if key.endswith("s") and key[:-1] in COUNT_UNITS:
            return key[:-1], shown or raw
        if key.endswith("es") and key[:-2] in COUNT_UNITS:
            return key[:-2], shown or raw
    return "", shown


def _fmt(value: float) -> str:
    return f"{value:g}"


def _within_bounds(mg: float, ordered: str, out: OrderRegimen) -> bool:
    """An ordered dose outside the physical bounds (advice.engine.bounds) is not used, and the
    card says so; the verdict is then for the typical dose."""
    if not bound_error("dose_mg", round(mg, 6)):
        return True
    out.assumed.append(
        f"The ordered dose {ordered} ({_fmt(mg)} mg) is outside any possible dose, so it was "
        "not used: the typical dose was assumed."
    )
    return False


def _dose(quantity: Any, ingredients: Sequence[ProductStrength], out: OrderRegimen) -> None:
    if not isinstance(quantity, dict):
        out.assumed.append("No dose in the order: the typical adult dose was assumed.")
        return
    value = _number(quantity.get("value"))
    key, shown = _unit_key(quantity)
    if value is None or value <= 0:
        out.assumed.append("The ordered dose has no usable value: the typical dose was assumed.")
        return
    ordered = f"{_fmt(value)} {shown}".strip()
    if key in MASS_TO_MG:
        if len(ingredients) == 1 and _within_bounds(value * MASS_TO_MG[key], ordered, out):
            out.dose_mg[ingredients[0].key] = value * MASS_TO_MG[key]
            out.used.append(f"dose {ordered}")
        else:
            out.assumed.append(
                f"The dose {ordered} of a combination does not say how much of each ingredient; "
                "typical doses were assumed."
            )
        return
    for ingredient in ingredients:
        strength = ingredient.strength
        mg = None
        if strength is not None and strength.numerator_unit in ("MG", "MCG", "G"):
            factor = {"MG": 1.0, "MCG": 0.001, "G": 1000.0}[strength.numerator_unit]
            per = strength.denominator_unit
            if key in VOLUME_TO_ML and per == "ML":
                mg = value * VOLUME_TO_ML[key] * strength.value * factor
            elif key in COUNT_UNITS and (
                per is None or (per == "ACTUAT" and COUNT_UNITS[key] == "actuation")
            ):
                mg = value * strength.value * factor
            elif key in COUNT_UNITS and per == "HR" and COUNT_UNITS[key] in ("patch", "unit"):
                mg = value * strength.value * factor * 24  # a patch delivers mg/h all day
                out.used.append(
                    f"{ingredient.name}: {strength} patch read as {_fmt(mg)} mg per day"
                )
        if mg is None:
            why = (
                f"its strength ({strength}) cannot be multiplied by '{shown}'"
                if strength is not None
                else "its strength is not known"
            )
            out.assumed.append(
                f"{ingredient.name}: the ordered {ordered} could not be turned into mg ({why}); "
                "the typical dose was assumed."
            )
            continue
        if not _within_bounds(mg, f"{ingredient.name} {ordered}", out):
            continue
        out.dose_mg[ingredient.key] = mg
        if strength is not None and strength.denominator_unit != "HR":
            out.used.append(f"{ingredient.name} {_fmt(mg)} mg per dose ({ordered} x {strength})")


def _per_day(instruction: dict[str, Any], out: OrderRegimen) -> float | None:
    timing = instruction.get("timing")
    if not isinstance(timing, dict):
        return None
    repeat = timing.get("repeat") if isinstance(timing.get("repeat"), dict) else {}
    frequency = _number(repeat.get("frequency"))
    period = _number(repeat.get("period"))
    unit = as_text(repeat.get("periodUnit"))
    days = period * PERIOD_DAYS[unit] if period and period > 0 and unit in PERIOD_DAYS else 0.0
    if days > 0:
        per_day = (frequency or 1.0) / days
        word = PERIOD_WORDS[unit]
        out.used.append(
            f"{_fmt(frequency or 1)} time(s) every {_fmt(period)} {word}"
            + ("s" if period != 1 else "")
        )
        return per_day
    when = repeat.get("when")
    if isinstance(when, list) and when and all(isinstance(w, str) for w in when):
        out.used.append(f"{len(when)} time(s) a day ({', '.join(when)})")
        return float(len(when))
    code = timing.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    texts = [c.get("code") for c in dicts(codings)]
    if isinstance(code, dict):
        texts.append(code.get("text"))
    for text in texts:
        if isinstance(text, str) and text.strip().upper() in TIMING_CODES:
            out.used.append(f"timing {text.strip().upper()}")
            return TIMING_CODES[text.strip().upper()]
    if frequency and not period:
        out.assumed.append("The timing has a frequency without a period; it was not used.")
    return None


def _is_one_time(order: dict[str, Any], instruction: dict[str, Any], dose_value: Any) -> bool:
    timing = instruction.get("timing")
    repeat = timing.get("repeat") if isinstance(timing, dict) else None
    if isinstance(repeat, dict) and _number(repeat.get("count")) == 1:
        return True
    code = timing.get("code") if isinstance(timing, dict) else None
    if isinstance(code, dict) and str(code.get("text") or "").strip().lower() in (
        "once",
        "one time",
        "stat",
        "now",
    ):
        return True
    dispense = order.get("dispenseRequest")
    if isinstance(dispense, dict) and isinstance(dispense.get("quantity"), dict):
        quantity = _number(dispense["quantity"].get("value"))
        if quantity is not None and dose_value is not None and quantity <= dose_value:
            return True  # only one dose is dispensed
    return False


def _course(order: dict[str, Any], instruction: dict[str, Any]) -> str | None:
    timing = instruction.get("timing")
    repeat = timing.get("repeat") if isinstance(timing, dict) else None
    candidates = []
    if isinstance(repeat, dict):
        candidates.append(repeat.get("boundsDuration"))
    dispense = order.get("dispenseRequest")
    if isinstance(dispense, dict):
        candidates.append(dispense.get("expectedSupplyDuration"))
    for duration in candidates:
        if isinstance(duration, dict) and _number(duration.get("value")):
            unit = str(duration.get("unit") or duration.get("code") or "").strip()
            return f"{_fmt(float(duration['value']))} {unit}".strip()
    return None


def route_from_order(route: Any) -> tuple[str | None, str | None]:
    """(engine route, what the order said) from a dosageInstruction.route CodeableConcept."""
    if not isinstance(route, dict):
        return None, None
    texts: list[str] = []
    for coding in dicts(route.get("coding")):
        if str(coding.get("code")) in SNOMED_ROUTES:
            return SNOMED_ROUTES[str(coding.get("code"))], str(
                coding.get("display") or coding.get("code")
            )
        if isinstance(coding.get("display"), str):
            texts.append(coding["display"])
        if isinstance(coding.get("code"), str):
            texts.append(coding["code"])
    if isinstance(route.get("text"), str):
        texts.insert(0, route["text"])
    for text in texts:
        key = re.sub(r"\s+(route|use)$", "", text.strip().lower())
        key = re.sub(r"^(by|per)\s+", "", key) if key not in ("per rectum",) else key
        if key in _TEXT_ROUTES:
            return _TEXT_ROUTES[key], text
        try:
            return parse_route(key).value, text
        except ScenarioError:
            continue
    return None, (texts[0] if texts else None)


def order_regimen(
    *,
    order: dict[str, Any],
    ingredients: Sequence[ProductStrength],
    form_route: str | None = None,
    route_options: Sequence[str] = (),
    dose_form: str | None = None,
) -> OrderRegimen:
    """What the order says about dose, frequency, regimen and route; see the module doc."""
    out = OrderRegimen()
    instructions = order.get("dosageInstruction")
    first: dict[str, Any] = {}
    if isinstance(instructions, list) and instructions and isinstance(instructions[0], dict):
        first = instructions[0]
    if isinstance(instructions, list) and len(instructions) > 1:
        out.assumed.append("Only the first of several dosage instructions was read.")
    rates = first.get("doseAndRate")
    quantity = None
    if isinstance(rates, list) and rates and isinstance(rates[0], dict):
        quantity = rates[0].get("doseQuantity")
        if quantity is None and isinstance(rates[0].get("doseRange"), dict):
            quantity = rates[0]["doseRange"].get("high")
            if quantity is not None:
                out.used.append("the upper end of the dose range")
    _dose(quantity, ingredients, out)

    per_day = _per_day(first, out)
    as_needed = first.get("asNeededBoolean") is True or isinstance(
        first.get("asNeededCodeableConcept"), dict
    )
    dose_value = _number(quantity.get("value")) if isinstance(quantity, dict) else None
    if as_needed:
        out.regimen = "single"
        out.used.append("as needed: checked as a single dose")
        if per_day:
            out.doses_per_day = per_day
    elif _is_one_time(order, first, dose_value):
        out.regimen = "single"
        out.used.append("one-time order: checked as a single dose")
    elif per_day:
        if bound_error("doses_per_day", round(per_day, 6)):
            out.assumed.append(f"{_fmt(per_day)} doses a day is not plausible; it was not used.")
        else:
            out.doses_per_day = per_day
            out.regimen = "chronic"
    else:
        out.assumed.append("No schedule in the order: the typical regimen was assumed.")
    course = _course(order, first)
    if course and out.regimen == "chronic":
        out.used.append(f"course of {course} (regular dosing)")

    route, said = route_from_order(first.get("route"))
    if route:
        out.route = route
        out.used.append(f"route {said}")
    else:
        if said:
            out.assumed.append(f"The route '{said}' was not recognised.")
        if form_route:
            out.route = form_route
            out.used.append(f"route {form_route} from the dose form ({dose_form})")
        elif route_options:
            out.route = "iv" if "iv" in route_options else route_options[0]
            out.assumed.append(
                f"The order gives no route for {dose_form or 'an injectable'}: "
                f"{ROUTE_WORDS.get(out.route, out.route)} was assumed (the highest exposure)."
            )
        elif not said:
            out.assumed.append("No route in the order: the typical route was assumed.")
    return out
