"""The monograph vocabulary, defined once: verdicts, evidence levels, routes, regimens, kinds,
flags, infant and lactation effect kinds, citation kinds, PK parameters and name kinds.

Pure Python (no Django import): `drugs.models` builds its field choices from these enums, the
engine (`advice.engine`) uses them as its types, and `fixtures/build_seed.py` validates the seed
against them. Each enum's value is what is stored; each `*_LABELS` map gives the curator-facing
label used by the model choices (pages translate their own wording).
"""

from __future__ import annotations

import datetime
import enum

__all__ = [
    "AGE_GROUP_LABELS",
    "CATEGORY_LABELS",
    "CITATION_KIND_LABELS",
    "EFFECT_LABELS",
    "KEYED_TEXT_SECTIONS",
    "KIND_LABELS",
    "NAME_KIND_LABELS",
    "PK_PARAMETER_LABELS",
    "PK_UNITS",
    "PROTEIN_KINDS",
    "REGIMEN_LABELS",
    "ROUTE_LABELS",
    "SEVERITY_LABELS",
    "STALE_AFTER_MONTHS",
    "TEXT_SECTION_LABELS",
    "AgeGroup",
    "Category",
    "CitationKind",
    "Evidence",
    "Flag",
    "Kind",
    "LactationEffectKind",
    "NameKind",
    "PkParameter",
    "Regimen",
    "Route",
    "Severity",
    "TextSection",
    "months_between",
    "review_is_stale",
]


class Category(enum.StrEnum):
    """The four verdicts, declared from least to most restrictive."""

    COMPATIBLE = "compatible"
    USE_ALTERNATIVE = "use_alternative"
    INTERRUPT = "interrupt"
    WEAN = "wean"


CATEGORY_LABELS: dict[Category, str] = {
    Category.COMPATIBLE: "Compatible",
    Category.USE_ALTERNATIVE: "Use an alternative",
    Category.INTERRUPT: "Interrupt",
    Category.WEAN: "Wean",
}


class Evidence(enum.StrEnum):
    """What a verdict rests on, strongest first."""

    CURATED = "curated"
    MEASURED = "measured"
    ESTIMATED = "estimated"
    INSUFFICIENT = "insufficient"


class Regimen(enum.StrEnum):
    SINGLE = "single"
    CHRONIC = "chronic"


REGIMEN_LABELS: dict[Regimen, str] = {
    Regimen.SINGLE: "Single dose",
    Regimen.CHRONIC: "Regular dosing",
}


class Route(enum.StrEnum):
    ORAL = "oral"
    SUBLINGUAL = "sublingual"
    BUCCAL = "buccal"
    IV = "iv"
    IM = "im"
    SC = "sc"
    INTRADERMAL = "intradermal"
    INHALED = "inhaled"
    NASAL = "nasal"
    TOPICAL = "topical"  # on the skin, away from the breast
    TOPICAL_BREAST = "topical_breast"  # on the breast or nipple: the baby can swallow it
    OPHTHALMIC = "ophthalmic"
    OTIC = "otic"
    VAGINAL = "vaginal"
    RECTAL = "rectal"
    LOCAL = "local"  # infiltration, nerve block, dental
    EPIDURAL = "epidural"
    INTRATHECAL = "intrathecal"
    INTRA_ARTICULAR = "intra_articular"
    INTRAUTERINE = "intrauterine"
    TRANSDERMAL = "transdermal"
    PERCUTANEOUS = "percutaneous"


ROUTE_LABELS: dict[Route, str] = {
    Route.ORAL: "Oral",
    Route.SUBLINGUAL: "Sublingual",
    Route.BUCCAL: "Buccal",
    Route.IV: "Intravenous",
    Route.IM: "Intramuscular",
    Route.SC: "Subcutaneous",
    Route.INTRADERMAL: "Intradermal",
    Route.INHALED: "Inhaled",
    Route.NASAL: "Nasal",
    Route.TOPICAL: "Topical (skin, away from the breast)",
    Route.TOPICAL_BREAST: "On the breast or nipple",
    Route.OPHTHALMIC: "Eye drops",
    Route.OTIC: "Ear drops",
    Route.VAGINAL: "Vaginal",
    Route.RECTAL: "Rectal",
    Route.LOCAL: "Local (infiltration, nerve block, dental)",
    Route.EPIDURAL: "Epidural",
    Route.INTRATHECAL: "Intrathecal",
    Route.INTRA_ARTICULAR: "Intra-articular",
    Route.INTRAUTERINE: "Intrauterine",
    Route.TRANSDERMAL: "Transdermal",
    Route.PERCUTANEOUS: "Percutaneous",
}


class Kind(enum.StrEnum):
    """What a monograph describes."""

    DRUG = "drug"
    VACCINE = "vaccine"
    BIOLOGIC = "biologic"
    RADIOPHARMACEUTICAL = "radiopharmaceutical"
    CONTRAST = "contrast"
    HERBAL = "herbal"
    SUBSTANCE = "substance"


KIND_LABELS: dict[Kind, str] = {
    Kind.DRUG: "Drug",
    Kind.VACCINE: "Vaccine",
    Kind.BIOLOGIC: "Biologic",
    Kind.RADIOPHARMACEUTICAL: "Radiopharmaceutical",
    Kind.CONTRAST: "Contrast agent",
    Kind.HERBAL: "Herbal product",
    Kind.SUBSTANCE: "Substance",
}
# Protein products (antibodies, vaccines): large, and passing into colostrum in the first week.
PROTEIN_KINDS = frozenset({Kind.BIOLOGIC, Kind.VACCINE})


class Flag(enum.StrEnum):
    """The yes/no facts of a monograph the engine uses (`Drug` fields and snapshot `flags`)."""

    CYTOTOXIC = "cytotoxic"
    RADIOACTIVE = "radioactive"
    # Radioactive iodine: concentrated by the lactating breast (I-131: stop for this child).
    RADIOIODINE = "radioiodine"
    NARROW_THERAPEUTIC_INDEX = "narrow_therapeutic_index"
    REDUCES_MILK_SUPPLY = "reduces_milk_supply"
    CNS_DEPRESSANT = "cns_depressant"
    # Raises serotonin (SSRI, SNRI, tricyclic, triptan, tramadol, MAOI): the regimen check warns
    # when two are combined.
    SEROTONERGIC = "serotonergic"
    ACTIVE_METABOLITES = "active_metabolites"
    POOR_INFANT_ORAL_ABSORPTION = "poor_infant_oral_absorption"


class Severity(enum.StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SERIOUS = "serious"


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.NONE: "None reported",
    Severity.MILD: "Mild",
    Severity.MODERATE: "Moderate",
    Severity.SERIOUS: "Serious",
}


class AgeGroup(enum.StrEnum):
    ANY = "any"
    NEONATE = "neonate"
    PRETERM = "preterm"
    INFANT = "infant"


AGE_GROUP_LABELS: dict[AgeGroup, str] = {
    AgeGroup.ANY: "Any age",
    AgeGroup.NEONATE: "Newborn (< 2 months)",
    AgeGroup.PRETERM: "Preterm",
    AgeGroup.INFANT: "Older infant",
}


class LactationEffectKind(enum.StrEnum):
    DECREASES_SUPPLY = "decreases_supply"
    INCREASES_SUPPLY = "increases_supply"
    NO_EFFECT = "no_effect"
    DECREASES_PROLACTIN = "decreases_prolactin"
    INCREASES_PROLACTIN = "increases_prolactin"


EFFECT_LABELS: dict[LactationEffectKind, str] = {
    LactationEffectKind.DECREASES_SUPPLY: "Decreases milk supply",
    LactationEffectKind.INCREASES_SUPPLY: "Increases milk supply",
    LactationEffectKind.NO_EFFECT: "No effect reported",
    LactationEffectKind.DECREASES_PROLACTIN: "Decreases prolactin",
    LactationEffectKind.INCREASES_PROLACTIN: "Increases prolactin",
}


class CitationKind(enum.StrEnum):
    LACTMED = "lactmed"
    PUBMED = "pubmed"
    DOI = "doi"
    GUIDELINE = "guideline"
    LABEL = "label"
    WEB = "web"


CITATION_KIND_LABELS: dict[CitationKind, str] = {
    CitationKind.LACTMED: "LactMed record",
    CitationKind.PUBMED: "PubMed",
    CitationKind.DOI: "DOI",
    CitationKind.GUIDELINE: "Guideline",
    CitationKind.LABEL: "Product label",
    CitationKind.WEB: "Web page",
}


class PkParameter(enum.StrEnum):
    HALF_LIFE_H = "half_life_h"
    ORAL_BIOAVAILABILITY_PCT = "oral_bioavailability_pct"
    VD_L_PER_KG = "vd_l_per_kg"
    MW_DA = "mw_da"
    MP_RATIO = "mp_ratio"
    PROTEIN_BINDING_PCT = "protein_binding_pct"
    PKA = "pka"
    LOGP = "logp"
    TMAX_H = "tmax_h"


PK_PARAMETER_LABELS: dict[PkParameter, str] = {
    PkParameter.HALF_LIFE_H: "Half-life (h)",
    PkParameter.ORAL_BIOAVAILABILITY_PCT: "Oral bioavailability (%)",
    PkParameter.VD_L_PER_KG: "Volume of distribution (L/kg)",
    PkParameter.MW_DA: "Molecular weight (Da)",
    PkParameter.MP_RATIO: "Milk-to-plasma ratio",
    PkParameter.PROTEIN_BINDING_PCT: "Protein binding (%)",
    PkParameter.PKA: "pKa",
    PkParameter.LOGP: "logP",
    PkParameter.TMAX_H: "Time to peak (h)",
}

# The unit each PK value is stored in ("" for a dimensionless constant), defined once: what the
# pages print after a value, the API's ``unit`` and the engine's ``numbers``.
PK_UNITS: dict[PkParameter, str] = {
    PkParameter.HALF_LIFE_H: "h",
    PkParameter.ORAL_BIOAVAILABILITY_PCT: "%",
    PkParameter.VD_L_PER_KG: "L/kg",
    PkParameter.MW_DA: "Da",
    PkParameter.MP_RATIO: "ratio",
    PkParameter.PROTEIN_BINDING_PCT: "%",
    PkParameter.PKA: "",
    PkParameter.LOGP: "",
    PkParameter.TMAX_H: "h",
}


class NameKind(enum.StrEnum):
    GENERIC = "generic"
    BRAND = "brand"
    SYNONYM = "synonym"
    INTERNATIONAL = "international"
    ABBREVIATION = "abbreviation"
    CLASS = "class"


NAME_KIND_LABELS: dict[NameKind, str] = {
    NameKind.GENERIC: "Generic",
    NameKind.BRAND: "Brand",
    NameKind.SYNONYM: "Synonym",
    NameKind.INTERNATIONAL: "International name",
    NameKind.ABBREVIATION: "Abbreviation",
    NameKind.CLASS: "Class",
}


class TextSection(enum.StrEnum):
    """The curated free text of a monograph that is shown to clinicians and can be translated
    (a translation names its section, and for list items the key of the item: a guidance key,
    an alternative's slug)."""

    SUMMARY = "summary"
    GUIDANCE = "guidance"  # a guidance entry's rationale; ref = the guidance key
    INFANT_EFFECT = "infant_effect"  # an infant effect's description
    LACTATION_EFFECT = "lactation_effect"  # a lactation effect's description
    ALTERNATIVE = "alternative"  # an alternative's reason; ref = the alternative's slug
    INDICATION = "indication"  # an alternative's indication; ref = the alternative's slug


TEXT_SECTION_LABELS: dict[TextSection, str] = {
    TextSection.SUMMARY: "Summary",
    TextSection.GUIDANCE: "Guidance rationale",
    TextSection.INFANT_EFFECT: "Infant effect",
    TextSection.LACTATION_EFFECT: "Lactation effect",
    TextSection.ALTERNATIVE: "Alternative: reason",
    TextSection.INDICATION: "Alternative: indication",
}
# Sections whose translation names its item by key (the others match by their English text).
KEYED_TEXT_SECTIONS = frozenset(
    {TextSection.GUIDANCE, TextSection.ALTERNATIVE, TextSection.INDICATION}
)
# --- Review policy ---------------------------------------------------------------------------
# LactRx policy: a monograph not reviewed for more than 24 months is stale (the page's banner,
# the nightly flag, the engine's warning and the API's `stale` all say so from this one rule).
STALE_AFTER_MONTHS = 24


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def review_is_stale(
    last_reviewed: datetime.date | None,
    today: datetime.date,
    *,
    after_months: int = STALE_AFTER_MONTHS,
) -> bool:
    """Never reviewed, or last reviewed more than ``after_months`` months before ``today``."""
    return last_reviewed is None or months_between(last_reviewed, today) > after_months
