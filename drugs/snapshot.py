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
import datetime
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

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

T = TypeVar("T", bound="Record")

PUBLISHED, SEED = "published", "seed"
_OPTIONAL, _ONLY = "lactrx_optional", "lactrx_only"


class SnapshotError(ValueError):
    """A snapshot (or seed entry) that does not match the schema; ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def citation_link(*, url: str | None, pmid: str | None, doi: str | None) -> str | None:
    """Where a citation is read: its URL, else its PubMed page, else its DOI (one rule)."""
    if url:
        return url
    if pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    if doi:
        return f"https://doi.org/{doi}"
    return None


def optional(default: Any = None, *, factory: Callable[[], Any] | None = None) -> Any:
    """A field older snapshots and the seed may leave out; written only when not the default."""
    meta = {_OPTIONAL: True}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _only(mode: str, default: Any) -> Any:
    """A field of the published snapshot only (``PUBLISHED``) or of the seed only (``SEED``)."""
    return dataclasses.field(default=default, metadata={_ONLY: mode})


# --- The checker -----------------------------------------------------------------------------
def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _check(tp: Any, value: Any, path: str, strict: bool, mode: str) -> Any:
    """``value`` as type ``tp`` (enums become members, lists tuples), or SnapshotError."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _check(inner[0], value, path, strict, mode)
        raise TypeError(f"unsupported union {tp}")  # pragma: no cover - a schema bug
    if value is None:
        raise SnapshotError(path, "must not be null")
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise SnapshotError(path, f"must be a list, not {type(value).__name__}")
        (item,) = (a for a in typing.get_args(tp) if a is not Ellipsis)
        return tuple(_check(item, v, f"{path}[{i}]", strict, mode) for i, v in enumerate(value))
    if origin is dict:
        key_type, item = typing.get_args(tp)
        if not isinstance(value, dict):
            raise SnapshotError(path, f"must be an object, not {type(value).__name__}")
        return {
            _check(key_type, k, f"{path}.{k}", strict, mode): _check(
                item, v, f"{path}.{k}", strict, mode
            )
            for k, v in value.items()
        }
    if isinstance(tp, type) and issubclass(tp, Record):
        return tp._parse(value, path, strict, mode)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(m.value for m in tp)
            raise SnapshotError(path, f"{value!r} is not one of {allowed}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise SnapshotError(path, f"must be true or false, not {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SnapshotError(path, f"must be a whole number, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SnapshotError(path, f"must be a number, not {value!r}")
        return value  # an int stays an int: the JSON is given back as it was written
    if tp is str:
        if not isinstance(value, str):
            raise SnapshotError(path, f"must be a string, not {value!r}")
        return value
    if tp is IsoDate:
        if not isinstance(value, str):
            raise SnapshotError(path, f"must be a date string, not {value!r}")
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise SnapshotError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None
        return IsoDate(value)
    raise TypeError(f"unsupported type {_type_name(tp)}")  # pragma: no cover - a schema bug


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class IsoDate(str):
    """An ISO date kept as its string (pages print it as written); ``.date`` parses it."""

    __slots__ = ()

    @property
    def date(self) -> datetime.date:
        return datetime.date.fromisoformat(self)


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    type: Any
    optional: bool
    only: str | None
    default: Any

    @property
    def has_default(self) -> bool:
        return self.default is not dataclasses.MISSING


def _nullable(f: _Field) -> bool:
    return typing.get_origin(f.type) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(f.type)
    )


class Record:
    """Base of the snapshot's dataclasses: ``parse`` and ``to_dict``."""

    _fields_cache: ClassVar[dict[type, tuple[_Field, ...]]] = {}

    @classmethod
    def _fields(cls) -> tuple[_Field, ...]:
        found = Record._fields_cache.get(cls)
        if found is None:
            hints = typing.get_type_hints(cls)
            found = tuple(
                _Field(
                    name=f.name,
                    type=hints[f.name],
                    optional=bool(f.metadata.get(_OPTIONAL)),
                    only=f.metadata.get(_ONLY),
                    default=f.default_factory()
                    if f.default_factory is not dataclasses.MISSING
                    else f.default,
                )
                for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            )
            Record._fields_cache[cls] = found
        return found

    @classmethod
    def parse(cls: type[T], data: Any, *, strict: bool = False) -> T:
        """Read ``data`` (a snapshot's JSON); SnapshotError names the first bad field."""
        return cls._parse(data, "", strict, cls._mode)

    _mode: ClassVar[str] = PUBLISHED

    @classmethod
    def _parse(cls: type[T], data: Any, path: str, strict: bool, mode: str) -> T:
        if not isinstance(data, Mapping):
            raise SnapshotError(path, f"must be an object, not {type(data).__name__}")
        values: dict[str, Any] = {}
        known = set()
        for f in cls._fields():
            if f.only is not None and f.only != mode:
                continue
            known.add(f.name)
            where = f"{path}.{f.name}" if path else f.name
            if f.name not in data:
                if strict and not f.optional:
                    raise SnapshotError(where, "missing")
                if not f.has_default:
                    raise SnapshotError(where, "missing")
                continue
            value = data[f.name]
            if not strict and value in (None, "") and not _nullable(f) and f.has_default:
                continue  # an older snapshot's blank for a value that has a default
            values[f.name] = _check(f.type, value, where, strict, mode)
        if strict:
            unknown = sorted(set(data) - known)
            if unknown:
                where = f"{path}.{unknown[0]}" if path else unknown[0]
                raise SnapshotError(where, "unknown field")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of this record, as the snapshot stores it."""
        out: dict[str, Any] = {}
        for f in self._fields():
            if f.only is not None and f.only != type(self)._mode:
                continue
            value = getattr(self, f.name)
            if f.optional and value == f.default:
                continue
            out[f.name] = _dump(value)
        return out


_frozen = dataclasses.dataclass(frozen=True, kw_only=True)


# --- The sections (shared by the published snapshot and the seed file) ----------------------
@_frozen
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


@_frozen
class TypicalDose(Record):
    dose_mg: float | None = None
    doses_per_day: float | None = None
    route: Route = Route.ORAL
    regimen: Regimen = Regimen.CHRONIC
    activity_mbq: float | None = None
    max_dose_mg: float | None = None
    verified: bool = False
    citation: str | None = None


@_frozen
class Name(Record):
    name: str
    kind: NameKind
    locale: str = "en"


@_frozen
class PkValue(Record):
    parameter: PkParameter
    label: str = _only(PUBLISHED, "")
    value: float
    low: float | None = None
    high: float | None = None
    citation: str | None = None
    verified: bool = False
    note: str | None = None

    @property
    def unit(self) -> str:
        return PK_UNITS[self.parameter]


@_frozen
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


@_frozen
class InfantEffect(Record):
    description: str
    severity: Severity
    age_group: AgeGroup
    citation: str | None = None


@_frozen
class LactationEffect(Record):
    effect: LactationEffectKind
    description: str = ""
    citation: str | None = None


@_frozen
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


@_frozen
class Alternative(Record):
    slug: str
    name: str = _only(PUBLISHED, "")
    indication: str = ""
    reason: str = ""
    citation: str | None = None


@_frozen
class Citation(Record):
    key: str
    kind: CitationKind
    title: str
    url: str | None = None
    pmid: str | None = None
    doi: str | None = None
    link: str = _only(PUBLISHED, "")
    publisher: str | None = None
    year: int | None = None
    revision_date: IsoDate | None = None
    accessed: IsoDate | None = None
    cited_for: str | None = None
    nbk_id: str = _only(SEED, "")
    needs_confirmation: bool = _only(SEED, False)


@_frozen
class Review(Record):
    # Seed data until a local (non-seed) reviewer approves it: the page says so.
    seed: bool = False
    source_revision_date: IsoDate | None = None


@_frozen
class Translation(Record):
    """A translation of one curated text (drugs/translations.py): the section it translates
    and its item (``ref``: a guidance key, an alternative's slug), and the English it was
    written for (the seed gives the English, the snapshot its ``source_sha``); a translation
    whose English has changed since is stale and never shown."""

    locale: str
    section: TextSection
    ref: str = ""
    text: str
    source_sha: str = _only(PUBLISHED, "")
    source: str = _only(SEED, "")


# --- The published monograph --------------------------------------------------------------
@_frozen
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
@_frozen
class CombinationIngredient(Record):
    slug: str
    name: str
    revision: int | None = None


@_frozen
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
@_frozen
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


@_frozen
class SeedCitation(Citation):
    _mode: ClassVar[str] = SEED


@_frozen
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
