"""Value types of the verdict engine: inputs (DrugProfile, Scenario) and outputs (Verdict).

All types are frozen, slotted dataclasses so a verdict cannot be mutated after it is built and
two runs on the same inputs compare equal. Units are part of every numeric field name.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

# The shared vocabulary (the one project module the engine may import; see test_engine_purity).
from drugs.vocabulary import Category, Evidence, Regimen, Route

__all__ = [
    "ActivityRow",
    "AlternativeRef",
    "AlternativeVerdict",
    "Category",
    "Citation",
    "DrugProfile",
    "Evidence",
    "Guidance",
    "InfantEffect",
    "LactationEffect",
    "MilkStudy",
    "PkValue",
    "Reason",
    "Regimen",
    "RegimenVerdict",
    "RidSource",
    "Route",
    "RuleId",
    "Scenario",
    "Verdict",
    "strictness",
]


_STRICTNESS: dict[Category, int] = {c: i for i, c in enumerate(Category)}


def strictness(category: Category) -> int:
    """Rank for "most restrictive": compatible < use_alternative < interrupt < wean."""
    return _STRICTNESS[category]


class RidSource(enum.StrEnum):
    MEASURED = "measured"  # from milk-level studies, scaled to this dose
    ESTIMATED = "estimated"  # from pharmacokinetic parameters


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    kind: str  # lactmed | pubmed | doi | guideline | label | web
    title: str
    url: str | None = None
    pmid: str | None = None
    doi: str | None = None
    publisher: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class PkValue:
    """A pharmacokinetic value with its range and sources; unverified values are allowed."""

    value: float
    low: float | None = None
    high: float | None = None
    citation_keys: tuple[str, ...] = ()
    verified: bool = False


@dataclass(frozen=True, slots=True)
class MilkStudy:
    maternal_dose_mg: float | None  # per dose
    regimen: Regimen
    doses_per_day: float | None
    milk_conc_avg_mg_per_l: float | None
    milk_conc_peak_mg_per_l: float | None
    rid_pct: float | None  # as reported by the study
    n_mothers: int | None
    citation_keys: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class InfantEffect:
    description: str
    severity: str  # none | mild | moderate | serious
    age_group: str  # any | neonate | preterm | infant
    citation_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LactationEffect:
    # decreases_supply | increases_supply | no_effect | decreases_prolactin | increases_prolactin
    effect: str
    description: str
    citation_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Guidance:
    """A curated statement from a guideline. A None/empty condition means "any".

    The dose range is inclusive and compares the amount per dose; the per-day range is inclusive
    and compares the amount per day (for one dose, or a long-interval regimen, the dose itself);
    the interval range is inclusive and compares the hours between regular doses (24 / doses per
    day: 168 for once a week), so a weekly and a daily regimen of the same dose can be told apart
    (a single dose has no interval and never matches an interval condition); the activity range
    is [activity_min_mbq, activity_max_mbq).
    """

    key: str
    verdict: Category
    interrupt_hours_min: float | None
    interrupt_hours_max: float | None
    regimen: Regimen | None
    routes: tuple[Route, ...]
    dose_min_mg: float | None
    dose_max_mg: float | None
    infant_age_min_days: int | None
    infant_age_max_days: int | None
    preterm: bool | None
    activity_min_mbq: float | None
    activity_max_mbq: float | None
    guideline: str
    guideline_version: str
    rationale: str
    citation_keys: tuple[str, ...]
    followed: bool = True
    dose_per_day_min_mg: float | None = None
    dose_per_day_max_mg: float | None = None
    interval_min_h: float | None = None
    interval_max_h: float | None = None

    @property
    def has_interval_condition(self) -> bool:
        return self.interval_min_h is not None or self.interval_max_h is not None

    @property
    def has_dose_condition(self) -> bool:
        return any(
            v is not None
            for v in (
                self.dose_min_mg,
                self.dose_max_mg,
                self.dose_per_day_min_mg,
                self.dose_per_day_max_mg,
            )
        )

    @property
    def has_activity_condition(self) -> bool:
        return self.activity_min_mbq is not None or self.activity_max_mbq is not None

    @property
    def has_infant_condition(self) -> bool:
        return (
            self.infant_age_min_days is not None
            or self.infant_age_max_days is not None
            or self.preterm is not None
        )


@dataclass(frozen=True, slots=True)
class AlternativeRef:
    slug: str
    name: str
    indication: str
    reason: str
    citation_keys: tuple[str, ...]
    # The adapter loads the alternative's own profile one level deep (its alternatives empty).
    profile: DrugProfile | None


@dataclass(frozen=True, slots=True)
class DrugProfile:
    slug: str
    name: str
    kind: str  # drug | vaccine | biologic | radiopharmaceutical | contrast | herbal | substance
    classes: tuple[str, ...] = ()
    half_life_h: PkValue | None = None
    oral_bioavailability_pct: PkValue | None = None
    vd_l_per_kg: PkValue | None = None
    mw_da: PkValue | None = None
    mp_ratio: PkValue | None = None
    protein_binding_pct: PkValue | None = None
    typical_dose_mg: float | None = None
    typical_doses_per_day: float | None = None
    typical_route: Route = Route.ORAL
    typical_regimen: Regimen = Regimen.CHRONIC
    typical_activity_mbq: float | None = None
    max_dose_mg: float | None = None
    milk_studies: tuple[MilkStudy, ...] = ()
    infant_effects: tuple[InfantEffect, ...] = ()
    lactation_effects: tuple[LactationEffect, ...] = ()
    guidance: tuple[Guidance, ...] = ()
    alternatives: tuple[AlternativeRef, ...] = ()
    cytotoxic: bool = False
    radioactive: bool = False
    isotope: str | None = None
    physical_half_life_h: float | None = None
    narrow_therapeutic_index: bool = False
    reduces_milk_supply: bool = False
    cns_depressant: bool = False
    serotonergic: bool = False  # raises serotonin: two together get an interaction warning
    radioiodine: bool = False  # iodine-131: breastfeeding stops for this child when it stops
    active_metabolites: bool = False
    poor_infant_oral_absorption: bool = False
    minimal_absorption_routes: tuple[Route, ...] = ()
    citations: tuple[Citation, ...] = ()
    last_reviewed: datetime.date | None = None
    revision: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One clinical question. None means "use the stated default" (see advice.engine.resolve)."""

    dose_mg: float | None = None  # per dose
    regimen: Regimen | None = None
    doses_per_day: float | None = None  # 1/180 to 24; below 1 for weekly (1/7), monthly...
    route: Route | None = None
    maternal_weight_kg: float | None = None
    infant_age_days: int | None = None  # None: term infant older than 2 months (warned)
    preterm: bool = False
    infant_weight_kg: float | None = None
    activity_mbq: float | None = None  # None: not given, the strictest activity row applies
    dose_time: datetime.datetime | None = None  # must be timezone-aware
    today: datetime.date | None = None  # for the staleness check only
    # The clinician confirms an unusually high dose (the unit check then warns, never refuses).
    confirm_dose: bool = False


class RuleId(enum.StrEnum):
    """The ids of the engine's reasons (`Reason.rule`, `Verdict.rules`), declared once; see
    `advice.engine.rules` for what each one means. Code compares these members, never strings."""

    CURATED_GUIDANCE = "curated_guidance"
    GUIDANCE_DISAGREEMENT = "guidance_disagreement"
    CURATED_DOSE_FLOOR = "curated_dose_floor"
    RADIOACTIVE = "radioactive"
    CYTOTOXIC = "cytotoxic"
    MILK_SUPPLY = "milk_supply"
    LOW_TRANSFER = "low_transfer"
    MEASURED_RID = "measured_rid"
    INFANT_EFFECTS = "infant_effects"
    PK_ESTIMATE = "pk_estimate"
    INFANT_AGE = "infant_age"
    SINGLE_DOSE_INTERRUPT = "single_dose_interrupt"
    REGULAR_DOSING = "regular_dosing"
    LONG_INTERVAL = "long_interval"
    INSUFFICIENT_DATA = "insufficient_data"
    CYTOTOXIC_FLOOR = "cytotoxic_floor"
    INTERRUPT_DURATION = "interrupt_duration"
    ESTIMATE_OVERRIDDEN = "estimate_overridden"
    REGULATORY_AVOID = "regulatory_avoid"
    MILK_STUDIES = "milk_studies"


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule's contribution. category None: informational (did not push the verdict).

    ``text`` is the engine's English sentence; ``code`` names its message (`phrases.Say`) and
    ``params`` the values in it, so a page can word or translate the reason itself, and
    ``prefix`` the code of the lead-in of a reason kept for reference (`phrases.PREFIX`).
    """

    rule: RuleId
    category: Category | None
    text: str
    citation_keys: tuple[str, ...]
    code: str = ""
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One activity range of a radiopharmaceutical and the interruption it requires."""

    activity_min_mbq: float | None
    activity_max_mbq: float | None
    category: Category
    interrupt_hours: float | None
    guideline: str
    guideline_version: str
    citation_keys: tuple[str, ...]
    applies: bool  # True for the row used for this scenario


@dataclass(frozen=True, slots=True)
class AlternativeVerdict:
    slug: str
    name: str
    indication: str
    reason: str
    category: Category
    evidence: Evidence
    rid_pct: float | None


@dataclass(frozen=True, slots=True)
class Verdict:
    category: Category
    interrupt_hours: float | None
    resume_at: datetime.datetime | None
    rid_pct: float | None
    rid_source: RidSource | None
    infant_dose_mg_per_kg_day: float | None
    evidence: Evidence
    reasons: tuple[Reason, ...]
    citations: tuple[Citation, ...]
    alternatives: tuple[AlternativeVerdict, ...]
    monitoring: tuple[str, ...]
    interruption_costs: tuple[str, ...]
    warnings: tuple[str, ...]
    inputs: dict[str, object]  # echoed inputs: {"value": ..., "defaulted": bool, "note": str}
    numbers: dict[str, object]  # {"value", "unit", "source", "citation_keys"} per number
    drug_slug: str
    drug_name: str
    engine_version: str
    activity_table: tuple[ActivityRow, ...] = ()

    @property
    def rules(self) -> tuple[RuleId, ...]:
        """Rule ids in the order they were recorded (decisive rules first)."""
        return tuple(r.rule for r in self.reasons)

    def to_dict(self) -> dict[str, object]:
        """A stable JSON-serialisable structure: enums as values, datetimes in ISO 8601."""
        out = cast(dict[str, object], _jsonable(self))
        out["rules"] = list(self.rules)
        return out


@dataclass(frozen=True, slots=True)
class RegimenVerdict:
    items: tuple[Verdict, ...]
    combined: Category
    combined_interrupt_hours: float | None
    warnings: tuple[str, ...]  # interactions between the drugs
    engine_version: str

    def to_dict(self) -> dict[str, object]:
        """A stable JSON-serialisable structure (see Verdict.to_dict)."""
        return cast(dict[str, object], _jsonable(self))


def _jsonable(value: object) -> object:
    """Convert engine values to JSON-friendly ones (recursively, deterministic key order)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return str(value)
