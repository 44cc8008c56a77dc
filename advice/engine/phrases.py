"""The engine's prose in one place: route words, the fixed sentences with their message codes
(monitoring lines, the costs of interrupting, standing warnings), verdict phrases. Pages and
handouts reuse these texts, or key their own wording by the code, from here (never copies).
"""

from __future__ import annotations

import enum

from advice.engine.types import (
    Category,
    DrugProfile,
    Route,
)

ROUTE_WORDS: dict[Route, str] = {
    Route.ORAL: "oral",
    Route.SUBLINGUAL: "sublingual",
    Route.BUCCAL: "buccal",
    Route.IV: "intravenous",
    Route.IM: "intramuscular",
    Route.SC: "subcutaneous",
    Route.INTRADERMAL: "intradermal",
    Route.INHALED: "inhaled",
    Route.NASAL: "nasal",
    Route.TOPICAL: "topical (skin)",
    Route.TOPICAL_BREAST: "breast or nipple",
    Route.OPHTHALMIC: "eye",
    Route.OTIC: "ear",
    Route.VAGINAL: "vaginal",
    Route.RECTAL: "rectal",
    Route.LOCAL: "local (infiltration, nerve block, dental)",
    Route.EPIDURAL: "epidural",
    Route.INTRATHECAL: "intrathecal",
    Route.INTRA_ARTICULAR: "intra-articular",
    Route.INTRAUTERINE: "intrauterine",
    Route.TRANSDERMAL: "transdermal",
    Route.PERCUTANEOUS: "percutaneous",
}


class Phrase(enum.StrEnum):
    """Message codes of the engine's fixed sentences: a page or handout that words them for a
    parent, or translates them, keys its text by the code (`TEXT[code]` is the engine's
    clinician wording)."""

    MONITOR_CNS = "monitor_cns"
    MONITOR_SUPPLY = "monitor_supply"
    MONITOR_NTI = "monitor_nti"
    COST_SUPPLY = "cost_supply"
    COST_ENGORGEMENT = "cost_engorgement"
    COST_REFUSAL = "cost_refusal"
    COST_WEANING = "cost_weaning"
    COST_BURDEN = "cost_burden"
    HALF_LIFE_UNVERIFIED = "half_life_unverified"
    ACTIVITY_NOT_GIVEN = "activity_not_given"
    COLOSTRUM_ANTIBODIES = "colostrum_antibodies"
    INFANT_AGE_UNKNOWN = "infant_age_unknown"
    NO_REVIEW_DATE = "no_review_date"


class Lead(enum.StrEnum):
    """Codes of the lead-ins of a reason kept for reference (`Reason.prefix`): why it does not
    decide. `LEAD[code]` is the engine's wording, said before the reason's own text."""

    REFERENCE = "reference"
    UPPER_BOUND = "upper_bound"
    CURATED_DECIDES = "curated_decides"
    CURATED_DECIDES_NOTE = "curated_decides_note"
    ALSO = "also"
    ALSO_LESS_STRICT = "also_less_strict"
    CYTOTOXIC_DECIDES = "cytotoxic_decides"
    LOW_TRANSFER_DECIDES = "low_transfer_decides"
    REGULATOR_DECIDES = "regulator_decides"


LEAD: dict[Lead, str] = {
    Lead.REFERENCE: "For reference: ",
    Lead.UPPER_BOUND: "For reference (an upper bound; it does not decide): ",
    Lead.CURATED_DECIDES: "Curated guidance for this situation decides. ",
    Lead.CURATED_DECIDES_NOTE: "Curated guidance decides; note: ",
    Lead.ALSO: "Also: ",
    Lead.ALSO_LESS_STRICT: "Also matching, less strict: ",
    Lead.CYTOTOXIC_DECIDES: "For reference (the cytotoxic rule decides): ",
    Lead.LOW_TRANSFER_DECIDES: "For reference (little reaches the baby, so this does not decide): ",
    Lead.REGULATOR_DECIDES: "For reference (the FDA recommendation decides): ",
}


TEXT: dict[Phrase, str] = {
    Phrase.MONITOR_CNS: (
        "Watch the baby for unusual drowsiness, poor feeding, limpness or slow or difficult "
        "breathing; seek urgent care if the baby is hard to wake."
    ),
    Phrase.MONITOR_SUPPLY: (
        "Watch milk supply, the baby's weight gain and the number of wet nappies."
    ),
    Phrase.MONITOR_NTI: (
        "Narrow therapeutic index: if the baby has symptoms, an infant blood level can be checked."
    ),
    Phrase.COST_SUPPLY: (
        "Milk supply can fall during a pause; express at the usual feeding times to keep it."
    ),
    Phrase.COST_ENGORGEMENT: "Engorgement, plugged ducts and mastitis if milk is not removed.",
    Phrase.COST_REFUSAL: "The baby may refuse the bottle, or the breast afterwards.",
    Phrase.COST_WEANING: "Interruptions raise the risk of early weaning.",
    Phrase.COST_BURDEN: "Pumping and discarding milk is a real burden for the parent.",
    Phrase.HALF_LIFE_UNVERIFIED: "The half-life used for the pause is unverified.",
    Phrase.ACTIVITY_NOT_GIVEN: (
        "Administered activity not given: the most restrictive row of the activity table "
        "was applied. Enter the activity (MBq) for a specific answer."
    ),
    Phrase.COLOSTRUM_ANTIBODIES: (
        "Large protein, but in the first week antibodies can pass into "
        "colostrum; the large-molecule rule is not applied for this infant."
    ),
    Phrase.INFANT_AGE_UNKNOWN: (
        "Infant age not given: the verdict assumes a term infant older than 2 months. A "
        "newborn (under 60 days) or preterm infant may get a stricter answer."
    ),
    Phrase.NO_REVIEW_DATE: "The monograph has no review date; check that it is current.",
}

CNS_MONITORING = TEXT[Phrase.MONITOR_CNS]
SUPPLY_MONITORING = TEXT[Phrase.MONITOR_SUPPLY]
NTI_MONITORING = TEXT[Phrase.MONITOR_NTI]
INTERRUPTION_COSTS = tuple(
    TEXT[p]
    for p in (
        Phrase.COST_SUPPLY,
        Phrase.COST_ENGORGEMENT,
        Phrase.COST_REFUSAL,
        Phrase.COST_WEANING,
        Phrase.COST_BURDEN,
    )
)


def verdict_phrase(
    category: Category, hours: float | None, *, at_least: bool = False, avoid: bool = False
) -> str:
    if category is Category.COMPATIBLE:
        return "breastfeeding can continue"
    if category is Category.USE_ALTERNATIVE and avoid:
        return "do not use while breastfeeding; use an alternative"
    if category is Category.USE_ALTERNATIVE:
        return "prefer an alternative (or use only with infant monitoring)"
    if category is Category.INTERRUPT:
        if not hours:
            return "pause feeding"
        return (
            f"pause breastfeeding for {'at least ' if at_least else ''}{hours:g} h after the dose"
        )
    return "breastfeeding is contraindicated for the course of treatment"


def would_be(category: Category, hours: float | None, at_least: bool) -> str:
    if category is Category.INTERRUPT and hours:
        return f"the pause would be {'at least ' if at_least else ''}{hours:g} h"
    if category is Category.COMPATIBLE:
        return "no pause would be needed"
    if category is Category.WEAN:
        return "breastfeeding would have to stop"
    return "an alternative would be preferred"


def study_summary(d: DrugProfile) -> str:
    """The monograph's milk studies in one sentence (dose text and number of mothers)."""
    parts = []
    for s in d.milk_studies:
        text = (s.description or "dose not stated").rstrip(". ")
        if s.n_mothers:
            text += f" ({s.n_mothers} mother{'' if s.n_mothers == 1 else 's'})"
        parts.append(text)
    return "; ".join(parts)


def interval_words(per_day: float) -> str:
    """ "4 doses a day", "one dose a day", "one dose every 7 days" (never "0.143 doses/day")."""
    if per_day >= 1:
        n = f"{per_day:g}"
        return "one dose a day" if n == "1" else f"{n} doses a day"
    days = 1.0 / per_day
    return (
        f"one dose every {round(days):g} days"
        if abs(days - round(days)) < 0.05
        else (f"one dose every {days:.1f} days")
    )
