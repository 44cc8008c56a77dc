"""RxNorm RRF files -> RxNormConcept rows (``manage.py import_rxnorm DIR``).

Reads the three files of an RxNorm release (full or "Current Prescribable Content"), in NLM's
documented pipe-delimited layout (RxNorm Technical Documentation, section 12):

- RXNCONSO.RRF  RXCUI|LAT|TS|LUI|STT|SUI|ISPREF|RXAUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|
                SUPPRESS|CVF|                                                   (18 fields)
- RXNREL.RRF    RXCUI1|RXAUI1|STYPE1|REL|RXCUI2|RXAUI2|STYPE2|RELA|RUI|SRUI|SAB|SL|DIR|RG|
                SUPPRESS|CVF|                                                   (16 fields)
                RELA is the relationship the SECOND concept (RXCUI2) has to the FIRST:
                ``RXCUI1=<IN> RELA=has_ingredient RXCUI2=<SCDC>`` reads "SCDC has_ingredient
                IN". Both directions are usually present; either one is enough here.
- RXNSAT.RRF    RXCUI|LUI|SUI|RXAUI|STYPE|CODE|ATUI|SATUI|ATN|SAB|ATV|SUPPRESS|CVF| (13)
                strengths of clinical drug components: RXN_BOSS_STRENGTH_NUM_VALUE/_UNIT,
                RXN_BOSS_STRENGTH_DENOM_VALUE/_UNIT, or RXN_STRENGTH ("30 MG").

Only SAB=RXNORM rows are used. Concepts of the term types in ``CONCEPT_TTYS`` are stored with
their ingredients (moiety name and RxCUI, strength value and unit, the pack component they
belong to), dose form and brand, all from the relationships (SCD consists_of SCDC
has_ingredient IN; SBD tradename_of SCD; packs contain SCD/SBD; ...). Where a relationship or
a strength is missing, the normalized name is parsed instead (drugs.rxnorm_names).

Like the other importers: every line of every file is validated first and any problem raises
ImportFileError naming the file and line; then everything is written in one transaction.
Re-importing the same files changes nothing (each concept is compared before it is written).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drugs.importers.common import ImportResult
from drugs.importers.errors import ImportFileError, Progress
from drugs.rxnorm_models import RxNormConcept, RxNormIngredient
from drugs.rxnorm_names import Ingredient as ParsedIngredient
from drugs.rxnorm_names import parse_rxnorm_name

CONCEPT_TTYS = frozenset(
    {"SCD", "SBD", "GPCK", "BPCK", "SCDG", "SBDG", "SCDF", "SBDF", "IN", "PIN", "MIN", "BN"}
)
# Term types read only to resolve relationships.
HELPER_TTYS = frozenset({"SCDC", "SBDC", "DF", "DFG"})
FIELDS = {"RXNCONSO.RRF": 18, "RXNREL.RRF": 16, "RXNSAT.RRF": 13}
STRENGTH_ATNS = frozenset(
    {
        "RXN_BOSS_STRENGTH_NUM_VALUE",
        "RXN_BOSS_STRENGTH_NUM_UNIT",
        "RXN_BOSS_STRENGTH_DENOM_VALUE",
        "RXN_BOSS_STRENGTH_DENOM_UNIT",
        "RXN_STRENGTH",
    }
)
# Relationship names and their inverse, so that either direction of a row can be used.
INVERSE = {
    "ingredient_of": "has_ingredient",
    "precise_ingredient_of": "has_precise_ingredient",
    "constitutes": "consists_of",
    "dose_form_of": "has_dose_form",
    "doseformgroup_of": "has_doseformgroup",
    "contained_in": "contains",
    "has_tradename": "tradename_of",
    "part_of": "has_part",
    "has_form": "form_of",
    "ingredients_of": "has_ingredients",
}


@dataclass(frozen=True)
class IngredientRecord:
    name: str
    rxcui: str = ""
    precise_name: str = ""
    strength_value: float | None = None
    strength_unit: str = ""
    component_rxcui: str = ""
    component_count: float | None = None


@dataclass(frozen=True)
class ConceptRecord:
    rxcui: str
    tty: str
    name: str
    dose_form: str = ""
    brand: str = ""
    suppressed: bool = False
    ingredients: tuple[IngredientRecord, ...] = field(default=())


@dataclass
class _Release:
    names: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # rxcui -> tty,str,supp
    rels: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    attrs: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))


def _find(directory: Path, filename: str) -> Path:
    for candidate in (directory / filename, directory / "rrf" / filename):
        if candidate.is_file():
            return candidate
    raise ImportFileError(f"{directory}: {filename} not found (give the release's rrf/ folder)")


def _rows(path: Path, errors: list[str]) -> Iterator[tuple[int, list[str]]]:
    expected = FIELDS[path.name.upper()]
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ImportFileError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line:
                    continue
                parts = line.split("|")
                if len(parts) == expected + 1 and parts[-1] == "":
                    parts = parts[:-1]  # NLM rows end with a '|'
                if len(parts) != expected:
                    errors.append(
                        f"{path.name} line {number}: expected {expected} fields, found {len(parts)}"
                    )
                    continue
                yield number, parts
        except UnicodeDecodeError as exc:
            errors.append(f"{path.name}: not UTF-8 ({exc.reason} at byte {exc.start})")


def _check_cui(value: str, where: str, errors: list[str]) -> bool:
    if value.isdigit() and len(value) <= 16:
        return True
    errors.append(f"{where}: RXCUI {value!r} is not a number")
    return False


def read_release(directory: Path, progress: Progress | None = None) -> _Release:
    if not directory.is_dir():
        raise ImportFileError(f"{directory}: not a directory (give the folder with the RRF files)")
    conso, rel, sat = (_find(directory, f) for f in FIELDS)
    errors: list[str] = []
    release = _Release()
    wanted = CONCEPT_TTYS | HELPER_TTYS
    for number, parts in _rows(conso, errors):
        where = f"RXNCONSO.RRF line {number}"
        rxcui, sab, tty, text, suppress = parts[0], parts[11], parts[12], parts[14], parts[16]
        if not _check_cui(rxcui, where, errors):
            continue
        if sab != "RXNORM" or tty not in wanted:
            continue
        if not text.strip():
            errors.append(f"{where}: empty STR for RXCUI {rxcui}")
            continue
        if rxcui in release.names and release.names[rxcui][0] != tty:
            errors.append(
                f"{where}: RXCUI {rxcui} has two normal forms ({release.names[rxcui][0]} and {tty})"
            )
            continue
        release.names[rxcui] = (tty, text.strip(), suppress not in ("", "N"))
    for number, parts in _rows(rel, errors):
        where = f"RXNREL.RRF line {number}"
        cui1, stype1, cui2, stype2, rela, sab = (
            parts[0],
            parts[2],
            parts[4],
            parts[6],
            parts[7],
            parts[10],
        )
        if sab != "RXNORM" or stype1 != "CUI" or stype2 != "CUI" or not rela:
            continue
        if not (_check_cui(cui1, where, errors) and _check_cui(cui2, where, errors)):
            continue
        release.rels[(cui2, rela)].add(cui1)  # "RXCUI2 <rela> RXCUI1"
        if rela in INVERSE:
            release.rels[(cui1, INVERSE[rela])].add(cui2)
    for number, parts in _rows(sat, errors):
        where = f"RXNSAT.RRF line {number}"
        rxcui, atn, sab, atv = parts[0], parts[8], parts[9], parts[10]
        if sab != "RXNORM" or atn not in STRENGTH_ATNS:
            continue
        if not _check_cui(rxcui, where, errors):
            continue
        if atn.endswith("_VALUE"):
            try:
                float(atv)
            except ValueError:
                errors.append(f"{where}: {atn} {atv!r} is not a number")
                continue
        release.attrs[rxcui][atn] = atv.strip()
    if errors:
        raise ImportFileError(errors)
    if not any(tty in CONCEPT_TTYS for tty, _, _ in release.names.values()):
        raise ImportFileError(f"{conso.name}: no SAB=RXNORM concepts of the supported term types")
    if progress:
        progress(len(release.names), len(release.names))
    return release


class _Resolver:
    def __init__(self, release: _Release) -> None:
        self.r = release

    def related(self, rxcui: str, rela: str, *ttys: str) -> list[str]:
        found = [
            cui
            for cui in self.r.rels.get((rxcui, rela), ())
            if cui in self.r.names and (not ttys or self.r.names[cui][0] in ttys)
        ]
        return sorted(found, key=lambda c: self.r.names[c][1].lower())

    def name(self, rxcui: str) -> str:
        return self.r.names[rxcui][1]

    def _in_of_pin(self, pin: str) -> str | None:
        found = self.related(pin, "form_of", "IN")
        return found[0] if found else None

    def _strength(self, scdc: str) -> tuple[float | None, str]:
        attrs = self.r.attrs.get(scdc, {})
        value = attrs.get("RXN_BOSS_STRENGTH_NUM_VALUE")
        if value:
            unit = attrs.get("RXN_BOSS_STRENGTH_NUM_UNIT", "").upper()
            denom_unit = attrs.get("RXN_BOSS_STRENGTH_DENOM_UNIT", "").upper()
            denom_value = float(attrs.get("RXN_BOSS_STRENGTH_DENOM_VALUE") or 1)
            number = float(value) / (denom_value or 1)
            per_unit = denom_unit not in ("", "1", "EACH")
            return number, f"{unit}/{denom_unit}" if per_unit else unit
        text = attrs.get("RXN_STRENGTH")
        if text:
            parsed = parse_rxnorm_name(f"x {text}")
            if parsed.ingredients and parsed.ingredients[0].strength:
                strength = parsed.ingredients[0].strength
                return strength.value, strength.unit
        parsed = parse_rxnorm_name(self.name(scdc))
        if len(parsed.ingredients) == 1 and parsed.ingredients[0].strength:
            strength = parsed.ingredients[0].strength
            return strength.value, strength.unit
        return None, ""

    def _component(self, scdc: str) -> IngredientRecord | None:
        ins = self.related(scdc, "has_ingredient", "IN")
        pins = self.related(scdc, "has_precise_ingredient", "PIN")
        if not ins and pins:
            base = self._in_of_pin(pins[0])
            ins = [base] if base else []
        if not ins:
            return None
        value, unit = self._strength(scdc)
        parsed = parse_rxnorm_name(self.name(scdc))
        precise = self.name(pins[0]) if pins else ""
        if not precise and parsed.ingredients:
            precise = parsed.ingredients[0].name
        return IngredientRecord(
            name=self.name(ins[0]).lower(),
            rxcui=ins[0],
            precise_name=precise,
            strength_value=value,
            strength_unit=unit,
        )

    def ingredients(self, rxcui: str, depth: int = 0) -> tuple[IngredientRecord, ...]:
        if depth > 3:
            return ()
        tty = self.r.names[rxcui][0]
        if tty == "IN":
            return (IngredientRecord(name=self.name(rxcui).lower(), rxcui=rxcui),)
        if tty == "PIN":
            base = self._in_of_pin(rxcui)
            if base:
                return (
                    IngredientRecord(
                        name=self.name(base).lower(), rxcui=base, precise_name=self.name(rxcui)
                    ),
                )
            return ()
        if tty == "MIN":
            return tuple(
                IngredientRecord(name=self.name(c).lower(), rxcui=c)
                for c in self.related(rxcui, "has_part", "IN")
            )
        if tty == "BN":
            return tuple(
                IngredientRecord(name=self.name(c).lower(), rxcui=c)
                for c in self.related(rxcui, "tradename_of", "IN")
            )
        if tty in ("SCD", "SBD"):
            components = self.related(rxcui, "consists_of", "SCDC")
            records = tuple(r for r in (self._component(c) for c in components) if r)
            if records and len(records) == len(components):
                return records
            if tty == "SBD":
                for generic in self.related(rxcui, "tradename_of", "SCD"):
                    found = self.ingredients(generic, depth + 1)
                    if found:
                        return found
            return ()
        if tty in ("GPCK", "BPCK"):
            counts = {}
            parsed = parse_rxnorm_name(self.name(rxcui))
            for component in parsed.pack:
                counts[component.drug.text.lower()] = component.count
            out: list[IngredientRecord] = []
            for drug in self.related(rxcui, "contains", "SCD", "SBD"):
                count = self._count(counts, self.name(drug))
                for record in self.ingredients(drug, depth + 1):
                    out.append(
                        IngredientRecord(
                            **{
                                **record.__dict__,
                                "component_rxcui": drug,
                                "component_count": count,
                            }
                        )
                    )
            if not out and tty == "BPCK":
                for generic in self.related(rxcui, "tradename_of", "GPCK"):
                    return self.ingredients(generic, depth + 1)
            return tuple(out)
        if tty in ("SCDF", "SCDG"):
            return tuple(
                IngredientRecord(name=self.name(c).lower(), rxcui=c)
                for c in self.related(rxcui, "has_ingredient", "IN")
            )
        if tty in ("SBDF", "SBDG"):
            for generic in self.related(rxcui, "tradename_of", "SCDF", "SCDG"):
                return self.ingredients(generic, depth + 1)
        return ()

    @staticmethod
    def _count(counts: dict[str, float], name: str) -> float | None:
        key = name.lower()
        for text, count in counts.items():
            if text == key or text.startswith(key):
                return count
        return None

    def dose_form(self, rxcui: str, depth: int = 0) -> str:
        for rela, tty in (("has_dose_form", "DF"), ("has_doseformgroup", "DFG")):
            found = self.related(rxcui, rela, tty)
            if found:
                return self.name(found[0])
        if depth < 2:
            for generic in self.related(rxcui, "tradename_of", "SCD", "SCDF", "SCDG"):
                form = self.dose_form(generic, depth + 1)
                if form:
                    return form
        return ""

    def brand(self, rxcui: str) -> str:
        found = self.related(rxcui, "has_ingredient", "BN")
        return self.name(found[0]) if found else ""


def _from_name(ingredients: Sequence[ParsedIngredient]) -> tuple[IngredientRecord, ...]:
    return tuple(
        IngredientRecord(
            name=i.base,
            precise_name=i.name,
            strength_value=i.strength.value if i.strength else None,
            strength_unit=i.strength.unit if i.strength else "",
        )
        for i in ingredients
    )


def build_concepts(release: _Release) -> list[ConceptRecord]:
    resolver = _Resolver(release)
    records = []
    for rxcui, (tty, text, suppressed) in sorted(release.names.items()):
        if tty not in CONCEPT_TTYS:
            continue
        parsed = parse_rxnorm_name(text) if tty not in ("IN", "PIN", "BN") else None
        ingredients = resolver.ingredients(rxcui)
        if not ingredients and parsed is not None and parsed.structured:
            if parsed.is_pack:
                ingredients = tuple(
                    IngredientRecord(**{**r.__dict__, "component_count": c.count})
                    for c in parsed.pack
                    for r in _from_name(c.drug.ingredients)
                )
            else:
                ingredients = _from_name(parsed.ingredients)
        dose_form = resolver.dose_form(rxcui) or (parsed.dose_form if parsed else "") or ""
        brand = resolver.brand(rxcui) or (parsed.brand if parsed else "") or ""
        if tty == "BN":
            brand = text
        records.append(
            ConceptRecord(
                rxcui=rxcui,
                tty=tty,
                name=text,
                dose_form=dose_form[:120],
                brand=brand[:300],
                suppressed=suppressed,
                ingredients=ingredients,
            )
        )
    return records


def load_release(path: Path, progress: Progress | None = None) -> list[ConceptRecord]:
    """Validate the RRF files in ``path`` and return the concepts to store (writes nothing)."""
    return build_concepts(read_release(Path(path), progress))


def _state(concept: RxNormConcept, ingredients: Sequence[RxNormIngredient]) -> ConceptRecord:
    return ConceptRecord(
        rxcui=concept.rxcui,
        tty=concept.tty,
        name=concept.name,
        dose_form=concept.dose_form,
        brand=concept.brand,
        suppressed=concept.suppressed,
        ingredients=tuple(
            IngredientRecord(
                name=i.name,
                rxcui=i.rxcui,
                precise_name=i.precise_name,
                strength_value=i.strength_value,
                strength_unit=i.strength_unit,
                component_rxcui=i.component_rxcui,
                component_count=i.component_count,
            )
            for i in ingredients
        ),
    )


def write_concepts(
    records: Sequence[ConceptRecord], result: ImportResult, progress: Progress | None = None
) -> None:
    """Create or update each concept; a concept that has not changed is not written."""
    existing = {
        c.rxcui: c for c in RxNormConcept.objects.filter(rxcui__in=[r.rxcui for r in records])
    }
    current: dict[int, list[RxNormIngredient]] = defaultdict(list)
    for ingredient in RxNormIngredient.objects.filter(concept__in=list(existing.values())):
        current[ingredient.concept_id].append(ingredient)
    new_ingredients: list[RxNormIngredient] = []
    for index, record in enumerate(records, start=1):
        concept = existing.get(record.rxcui)
        if concept is not None:
            ordered = sorted(current[concept.pk], key=lambda i: i.position)
            if _state(concept, ordered) == record:
                result.unchanged += 1
                continue
            for attr in ("tty", "name", "dose_form", "brand", "suppressed"):
                setattr(concept, attr, getattr(record, attr))
            concept.save()
            concept.ingredients.all().delete()
            result.updated += 1
        else:
            concept = RxNormConcept.objects.create(
                rxcui=record.rxcui,
                tty=record.tty,
                name=record.name,
                dose_form=record.dose_form,
                brand=record.brand,
                suppressed=record.suppressed,
            )
            result.created += 1
        new_ingredients.extend(
            RxNormIngredient(concept=concept, position=position, **ingredient.__dict__)
            for position, ingredient in enumerate(record.ingredients)
        )
        if progress:
            progress(index, len(records))
    RxNormIngredient.objects.bulk_create(new_ingredients, batch_size=500)
    unmapped = [r.rxcui for r in records if r.tty not in ("BN",) and not r.ingredients]
    if unmapped:
        result.warnings.append(
            f"{len(unmapped)} concept(s) without ingredients (e.g. {', '.join(unmapped[:5])})"
        )
