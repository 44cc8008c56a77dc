"""Every threshold the engine uses, named, attributed and overridable through `Thresholds`.

Values marked "LactRx policy" are choices of this project, not numbers taken from a source;
they are stated as such in the reasons the engine gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from advice.engine.types import Citation
from drugs import vocabulary

# RID below 10 % is generally considered acceptable for a healthy term infant. Attributed to a
# WHO working group (1988) as reported by the Women's Pregnancy & Breastfeeding Medicines Guide,
# https://thewomenspbmg.org.au/about-the-guide/breastfeeding-definitions/
RID_ACCEPTABLE_PCT = 10.0

# A 25 % line appears in later literature, but its origin was not verified in a primary source.
# Off by default; when enabled it only sharpens the wording of a `use_alternative` reason.
RID_UPPER_UNVERIFIED_PCT = 25.0

# LactRx policy (not a sourced number): the lowered RID threshold for neonates and preterm
# infants when the drug accumulates or depresses the CNS. Motivated by Anderson PO et al.,
# Clin Pediatr 2003;42:325-40 (most reported reactions in infants <= 2 months).
RID_NEONATAL_PCT = 5.0

# Infant milk intake, 150 mL/kg/day, when the real intake is unknown. Australian Prescriber,
# "Drugs in breastfeeding", https://australianprescriber.tg.org.au/articles/drugs-in-breastfeeding-5.html
MILK_INTAKE_L_PER_KG_DAY = 0.15

# Default maternal weight when not given (Australian Prescriber, as above).
DEFAULT_MATERNAL_WEIGHT_KG = 70.0

# Molecules above ~800 Da pass poorly into milk (textbook lactation pharmacology; the principle
# is in Australian Prescriber, "Drugs in breastfeeding"; the exact cut-off is a convention that
# was not verified in that source, so treat the number as LactRx policy).
LARGE_MOLECULE_DA = 800.0

# Antibodies (IgG) pass into colostrum in the first days; the low-transfer rule applies to
# biologics only after the first week. LactRx policy following the project design brief.
ANTIBODY_MIN_INFANT_AGE_DAYS = 7

# Neonate: younger than 60 days (78 % of reported reactions at <= 2 months). Anderson PO et al.,
# Clin Pediatr 2003;42:325-40.
NEONATE_AGE_DAYS = 60

# Half-life above 12 h: the drug accumulates in a newborn. Anderson PO et al. 2003 (as above),
# which names diazepam, fluoxetine, meperidine and barbiturates.
ACCUMULATION_HALF_LIFE_H = 12.0

# Radiopharmaceuticals without curated guidance: 10 physical half-lives (the upper end of the
# 5-10 half-lives in Australian Prescriber, "Radiopharmaceuticals in breastfeeding",
# https://australianprescriber.tg.org.au/articles/radiopharmaceuticals-in-breastfeeding.html).
RADIOACTIVE_HALF_LIVES = 10.0

# LactRx policy: a monograph not reviewed for more than 24 months gets a warning (the one rule
# of staleness, `drugs.vocabulary.review_is_stale`).
STALE_AFTER_MONTHS = vocabulary.STALE_AFTER_MONTHS

# Input validation (LactRx policy, hazard "unit errors"): a dose above 10 x the maximum usual
# dose is refused and the user asked to confirm units.
DOSE_UNIT_CHECK_FACTOR = 10.0
# The physical bounds of every numeric input (weights, age, doses per day, dose, activity, dose
# time) are in advice.engine.bounds, the one place every interface checks them.

# LactRx policy (hazard "unit errors" for radiopharmaceuticals): an administered activity below
# 1/25 of the typical activity (or of the lowest curated activity band) is refused and the user
# asked to confirm the units; an activity typed in mCi is 37 times too small in MBq.
ACTIVITY_UNIT_CHECK_DIVISOR = 25.0
MBQ_PER_MCI = 37.0

# A regular regimen whose dosing interval is longer than 5 half-lives behaves like repeated
# single doses: ~97 % of a dose is cleared before the next (Australian Prescriber, "Drugs in
# breastfeeding"), so a pause after each dose is meaningful. LactRx policy for the cut-off.
LONG_INTERVAL_HALF_LIVES = 5.0

# Drugs a regulator recommends against in breastfeeding whatever the dose, route or infant age:
# slug -> the citation key of the regulatory statement. FDA Drug Safety Communication, 20 April
# 2017 (codeine and tramadol: ultra-rapid CYP2D6 metabolism, infant deaths and breathing
# problems), https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-fda-restricts-use-prescription-codeine-pain-and-cough-medicines-and
REGULATORY_AVOID: dict[str, str] = {
    "codeine": "fda-dsc-codeine-tramadol-2017",
    "tramadol": "fda-dsc-codeine-tramadol-2017",
}

# LactRx policy: with no milk data at all, one dose may get a pause of 5 half-lives (~97 %
# cleared; Australian Prescriber, "Drugs in breastfeeding") only when that pause is at most
# 12 h; a longer pause is a real harm to breastfeeding and is not invented without data.
INSUFFICIENT_PAUSE_MAX_H = 12.0

# Practical interruption lengths (LactRx policy): exact hours are rounded up to the next step so
# the advice fits a feeding routine; beyond 48 h, to whole days.
PRACTICAL_HOURS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 24.0, 48.0)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The thresholds in force for one call of `advise()` (defaults are the constants above)."""

    rid_acceptable_pct: float = RID_ACCEPTABLE_PCT
    rid_neonatal_pct: float = RID_NEONATAL_PCT
    # None disables the unverified 25 % line; set RID_UPPER_UNVERIFIED_PCT to enable it.
    rid_upper_unverified_pct: float | None = None
    milk_intake_l_per_kg_day: float = MILK_INTAKE_L_PER_KG_DAY
    default_maternal_weight_kg: float = DEFAULT_MATERNAL_WEIGHT_KG
    large_molecule_da: float = LARGE_MOLECULE_DA
    antibody_min_infant_age_days: int = ANTIBODY_MIN_INFANT_AGE_DAYS
    neonate_age_days: int = NEONATE_AGE_DAYS
    accumulation_half_life_h: float = ACCUMULATION_HALF_LIFE_H
    radioactive_half_lives: float = RADIOACTIVE_HALF_LIVES
    long_interval_half_lives: float = LONG_INTERVAL_HALF_LIVES
    stale_after_months: int = STALE_AFTER_MONTHS


DEFAULT = Thresholds()

# Citations for the thresholds themselves; keys match fixtures/FORMAT.md shared keys so a
# profile's own copy (if any) takes precedence.
THRESHOLD_CITATIONS: dict[str, Citation] = {
    "who-rid-10": Citation(
        key="who-rid-10",
        kind="web",
        title="Women's Pregnancy & Breastfeeding Medicines Guide: breastfeeding definitions",
        url="https://thewomenspbmg.org.au/about-the-guide/breastfeeding-definitions/",
    ),
    "ausprescriber-drugs-bf": Citation(
        key="ausprescriber-drugs-bf",
        kind="web",
        title="Drugs in breastfeeding",
        url="https://australianprescriber.tg.org.au/articles/drugs-in-breastfeeding-5.html",
        publisher="Australian Prescriber",
    ),
    "ausprescriber-radiopharm": Citation(
        key="ausprescriber-radiopharm",
        kind="web",
        title="Radiopharmaceuticals in breastfeeding",
        url="https://australianprescriber.tg.org.au/articles/radiopharmaceuticals-in-breastfeeding.html",
        publisher="Australian Prescriber",
    ),
    "fda-dsc-codeine-tramadol-2017": Citation(
        key="fda-dsc-codeine-tramadol-2017",
        kind="guideline",
        title=(
            "FDA Drug Safety Communication (20 April 2017): FDA restricts use of prescription "
            "codeine pain and cough medicines and tramadol pain medicines in children; "
            "recommends against use in breastfeeding women"
        ),
        url=(
            "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-"
            "communication-fda-restricts-use-prescription-codeine-pain-and-cough-medicines-and"
        ),
        publisher="US FDA",
        year=2017,
    ),
    "anderson-2003": Citation(
        key="anderson-2003",
        kind="pubmed",
        title=(
            "Anderson PO, Pochop SL, Manoguerra AS. Adverse drug reactions in breastfed "
            "infants: less than imagined. Clin Pediatr 2003;42:325-40"
        ),
        year=2003,
    ),
}
