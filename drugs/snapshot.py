"""The published monograph snapshot, typed once.

What `drugs.services.monograph_snapshot` writes to `Drug.published_data` (and
`combination_snapshot` to `CombinationProduct.published_data`), what the seed file
`fixtures/seed/monographs.json` holds, and what every reader gets back: frozen dataclasses whose
field types are the vocabulary of `drugs.vocabulary`. Pure Python (no Django, no ORM), so the
seed builder, the loader, the engine adapter, the API and the pages share one definition.

- ``MonographSnapshot.parse(data)`` reads a stored snapshot: a key missing from an older
  snapshot takes its default (a flag added later reads False), an unknown key is ignored.
- ``MonographSnapshot.parse(data, strict=True)`` is what publishing and the seed check: every
  key present, no unknown key, every value of its declared type.
- ``.to_dict()`` gives the JSON back, key for key and value for value (an int stays an int), so
  ``parse(d, strict=True).to_dict() == d`` for every snapshot the previous code wrote.
- ``SeedMonograph`` is one entry of the seed file (citation keys instead of citation rows, no
  review metadata); the sections are the same classes.

A bad value raises ``SnapshotError`` naming the field by its path
(``guidance[2].verdict: 'maybe' is not one of compatible, use_alternative, interrupt, wean``).

Adding a field is one line in its class: ``name: type = default`` read from older snapshots as
the default, or ``name: type = optional(default)`` for a key that snapshots and the seed may
leave out and that is written only when it is not the default (curated translations, say).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from drugs.records import (
    PUBLISHED,
    SEED,
    IsoDate,
    Record,
    SnapshotError,
    citation_link,
    frozen,
    only,
    optional,
)
from drugs.vocabulary import (
    PK_UNITS,
    AgeGroup,
    Category,
    CitationKind,
    Kind,
    LactationEffectKind,
    NameKind,
    PkParameter,
    Regimen,
    Route,
    Severity,
    TextSection,
)

__all__ = [
    "Alternative",
    "Citation",
    "CombinationIngredient",
    "CombinationSnapshot",
    "Flags",
    "GuidanceRow",
    "InfantEffect",
    "LactationEffect",
    "MilkStudy",
    "MonographSnapshot",
    "Name",
    "PkValue",
    "Review",
    "SeedCombination",
    "SeedMonograph",
    "SnapshotError",
    "Translation",
    "TypicalDose",
    "citation_link",
    "optional",
    "seed_validate",
]


# --- The sections (shared by the published snapshot and the seed file) ----------------------
@frozen
class Flags(Record):
    cytotoxic: bool = False
    radioactive: bool = False
    isotope: str | None = None
    physical_half_life_h: float | None = None
    narrow_therapeutic_index: bool = False
    reduces_milk_supply: bool = False
    cns_depressant: bool = False
    # Flags added after a snapshot was written read as False (republish to set them).
    serotonergic: bool = False
    radioiodine: bool = False
    active_metabolites: bool = False
    poor_infant_oral_absorption: bool = False
    minimal_absorption_routes: tuple[Route, ...] = ()


@frozen
class TypicalDose(Record):
    dose_mg: float | None = None
    doses_per_day: float | None = None
    route: Route = Route.ORAL
    regimen: Regimen = Regimen.CHRONIC
    activity_mbq: float | None = None
    max_dose_mg: float | None = None
    verified: bool = False
    citation: str | None = None


@frozen
class Name(Record):
    name: str
    kind: NameKind
    locale: str = "en"


@frozen
class PkValue(Record):
    parameter: PkParameter
    label: str = only(PUBLISHED, "")
    value: float
    low: float | None = None
    high: float | None = None
    citation: str | None = None
    verified: bool = False
    note: str | None = None

    @property
    def unit(self) -> str:
        return PK_UNITS[self.parameter]


@frozen
class MilkStudy(Record):
    maternal_dose_mg: float | None = None
    maternal_dose_text: str = ""
    regimen: Regimen = Regimen.CHRONIC
    doses_per_day: float | None = None
    n_mothers: int | None = None
    milk_conc_avg_mg_per_l: float | None = None
    milk_conc_peak_mg_per_l: float | None = None
    rid_pct: float | None = None
    infant_serum: str | None = None
    citation: str | None = None


@frozen
class InfantEffect(Record):
    description: str
    severity: Severity
    age_group: AgeGroup
    citation: str | None = None


@frozen
class LactationEffect(Record):
    effect: LactationEffectKind
    description: str = ""
    citation: str | None = None


@frozen
class GuidanceRow(Record):
    """One curated recommendation and the conditions it applies under."""

    key: str
    verdict: Category
    interrupt_hours_min: float | None = None
    interrupt_hours_max: float | None = None
    regimen: Regimen | None = None
    routes: tuple[Route, ...] = ()
    dose_min_mg: float | None = None
    dose_max_mg: float | None = None
    dose_per_day_min_mg: float | None = None
    dose_per_day_max_mg: float | None = None
    interval_min_h: float | None = None
    interval_max_h: float | None = None
    infant_age_min_days: int | None = None
    infant_age_max_days: int | None = None
    preterm: bool | None = None
    activity_min_mbq: float | None = None
    activity_max_mbq: float | None = None
    guideline: str
    guideline_version: str | None = ""
    rationale: str = ""
    citation: str | None = None
    followed: bool = True


@frozen
class Alternative(Record):
    slug: str
    name: str = only(PUBLISHED, "")
    indication: str = ""
    reason: str = ""
    citation: str | None = None


@frozen
class Citation(Record):
    key: str
    kind: CitationKind
    title: str
    url: str | None = None
    pmid: str | None = None
    doi: str | None = None
    link: str = only(PUBLISHED, "")
    publisher: str | None = None
    year: int | None = None
    revision_date: IsoDate | None = None
    accessed: IsoDate | None = None
    cited_for: str | None = None
    nbk_id: str = only(SEED, "")
    needs_confirmation: bool = only(SEED, False)


@frozen
class Review(Record):
    # Seed data until a local (non-seed) reviewer approves it: the page says so.
    seed: bool = False
    source_revision_date: IsoDate | None = None


@frozen
class Translation(Record):
    """A translation of one curated text (drugs/translations.py): the section it translates
    and its item (``ref``: a guidance key, an alternative's slug), and the English it was
    written for (the seed gives the English, the snapshot its ``source_sha``); a translation
    whose English has changed since is stale and never shown."""

    locale: str
    section: TextSection
    ref: str = ""
    text: str
    source_sha: str = only(PUBLISHED, "")
    source: str = only(SEED, "")


# --- The published monograph --------------------------------------------------------------
@frozen
class MonographSnapshot(Record):
    """``Drug.published_data``: everything clinicians, the API and the engine read."""

    slug: str
    external_id: str = ""
    name: str
    kind: Kind = Kind.DRUG
    classes: tuple[str, ...] = ()
    cas_number: str | None = None
    rxnorm_cui: str | None = None
    summary: str = ""
    revision: int | None = None
    last_reviewed: IsoDate | None = None
    lactmed_revision_date: IsoDate | None = None
    review: Review = dataclasses.field(default_factory=Review)
    flags: Flags = dataclasses.field(default_factory=Flags)
    typical_dose: TypicalDose = dataclasses.field(default_factory=TypicalDose)
    names: tuple[Name, ...] = ()
    pk: tuple[PkValue, ...] = ()
    milk_studies: tuple[MilkStudy, ...] = ()
    infant_effects: tuple[InfantEffect, ...] = ()
    lactation_effects: tuple[LactationEffect, ...] = ()
    guidance: tuple[GuidanceRow, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    citations: tuple[Citation, ...] = ()
    # Reviewed translations of the curated text above (written only when there are some).
    translations: tuple[Translation, ...] = optional(factory=tuple)

    @property
    def brands(self) -> tuple[Name, ...]:
        return tuple(n for n in self.names if n.kind == NameKind.BRAND)

    @property
    def other_names(self) -> tuple[Name, ...]:
        return tuple(n for n in self.names if n.kind != NameKind.BRAND)

    def pk_value(self, parameter: str) -> PkValue | None:
        return next((p for p in self.pk if p.parameter == parameter), None)


# --- The published combination product ----------------------------------------------------
@frozen
class CombinationIngredient(Record):
    slug: str
    name: str
    revision: int | None = None


@frozen
class CombinationSnapshot(Record):
    """``CombinationProduct.published_data``: a product's name, brands and ingredients."""

    slug: str
    name: str
    kind: str = "combination"
    brands: tuple[str, ...] = ()
    ingredients: tuple[CombinationIngredient, ...]
    citation: Citation | None = None
    revision: int | None = None
    last_reviewed: IsoDate | None = None


# --- The seed file ------------------------------------------------------------------------
@frozen
class SeedMonograph(Record):
    """One entry of ``fixtures/seed/monographs.json`` (see fixtures/FORMAT.md)."""

    _mode: ClassVar[str] = SEED

    slug: str
    name: str
    kind: Kind = Kind.DRUG
    classes: tuple[str, ...] = ()
    cas: str | None = None
    rxnorm_cui: str | None = None
    summary: str = ""
    lactmed_revision_date: IsoDate | None = None
    citations: tuple[str, ...] = ()
    coverage_names: tuple[str, ...] = ()
    flags: Flags = dataclasses.field(default_factory=Flags)
    typical_dose: TypicalDose = dataclasses.field(default_factory=TypicalDose)
    names: tuple[Name, ...] = ()
    pk: tuple[PkValue, ...] = ()
    milk_studies: tuple[MilkStudy, ...] = ()
    infant_effects: tuple[InfantEffect, ...] = ()
    lactation_effects: tuple[LactationEffect, ...] = ()
    guidance: tuple[GuidanceRow, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    translations: tuple[Translation, ...] = optional(factory=tuple)


@frozen
class SeedCitation(Citation):
    _mode: ClassVar[str] = SEED


@frozen
class SeedCombination(Record):
    _mode: ClassVar[str] = SEED

    ingredients: tuple[str, ...]
    name: str
    source: str = ""


def seed_validate(data: Mapping[str, Any]) -> tuple[SeedMonograph, ...]:
    """Check a whole seed file (drugs, citations, combinations) strictly; returns the drugs.

    SnapshotError paths start with the entry (``drugs[sertraline].guidance[0].verdict``).
    """
    sections: tuple[tuple[str, type[Record], str], ...] = (
        ("drugs", SeedMonograph, "slug"),
        ("citations", SeedCitation, "key"),
        ("combinations", SeedCombination, "name"),
    )
    drugs: list[SeedMonograph] = []
    for section, cls, label in sections:
        for index, item in enumerate(data.get(section) or []):
            ident = item.get(label, index) if isinstance(item, Mapping) else index
            try:
                parsed = cls.parse(item, strict=True)
            except SnapshotError as exc:
                where = f"{section}[{ident}]" + (f".{exc.path}" if exc.path else "")
                raise SnapshotError(where, exc.message) from None
            if isinstance(parsed, SeedMonograph):
                drugs.append(parsed)
    return tuple(drugs)
