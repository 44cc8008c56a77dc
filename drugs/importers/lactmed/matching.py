"""Matching parsed records to monographs (by LactMed id, then UNII, then name with an agreeing
CAS number), and the validate phase that checks the whole plan before anything is written."""

from collections.abc import Sequence
from pathlib import Path

from django.utils.text import slugify

from drugs.importers.errors import ImportFileError, Progress
from drugs.importers.lactmed.archive import iter_sources
from drugs.importers.lactmed.parser import parse_document
from drugs.importers.lactmed.records import SOURCE_KEY, LactMedRecord
from drugs.models import Drug, DrugName, normalize_name

MATCH_NAME_KINDS = (
    DrugName.NameKind.GENERIC,
    DrugName.NameKind.SYNONYM,
    DrugName.NameKind.INTERNATIONAL,
)


# --- Matching records to monographs -------------------------------------------------------


class Resolver:
    """Finds the monograph a record belongs to (read-only; refreshed per write batch)."""

    def __init__(self) -> None:
        self.by_name: dict[str, set[int]] = {}
        for drug_id, normalized in DrugName.objects.filter(kind__in=MATCH_NAME_KINDS).values_list(
            "drug_id", "normalized"
        ):
            self.by_name.setdefault(normalized, set()).add(drug_id)
        self.by_lm: dict[str, set[int]] = {}
        self.by_unii: dict[str, set[int]] = {}
        self.by_cas: dict[str, set[int]] = {}
        self.cas_of: dict[int, str] = {}
        self.slugs: set[str] = set()
        rows = Drug.objects.values_list(
            "pk",
            "name",
            "slug",
            "cas_number",
            f"source_text__{SOURCE_KEY}__lm_id",
            f"source_text__{SOURCE_KEY}__nbk_id",
            f"source_text__{SOURCE_KEY}__unii",
            "source_text__unii",
        )
        for pk, name, slug, cas, lm, nbk, unii, seed_unii in rows:
            self.by_name.setdefault(normalize_name(name), set()).add(pk)
            self.slugs.add(slug)
            if cas:
                self.by_cas.setdefault(cas.strip(), set()).add(pk)
                self.cas_of[pk] = cas.strip()
            for ident in (lm, nbk):
                if ident:
                    self.by_lm.setdefault(ident, set()).add(pk)
            for code in (unii, seed_unii):
                if isinstance(code, str) and code:
                    self.by_unii.setdefault(code.upper(), set()).add(pk)

    def resolve(self, record: LactMedRecord) -> tuple[int | None, str]:
        """``(drug_id, how)``; ``None`` when the record is new. Raises ValueError if ambiguous."""
        for ident in (record.lm_id, record.nbk_id):
            if ident and (hits := self.by_lm.get(ident)):
                if len(hits) == 1:
                    return next(iter(hits)), "LactMed id"
                raise ValueError(f"{record.label}: LactMed id held by several monographs {hits}")
        if record.unii and (hits := self.by_unii.get(record.unii)):
            if len(hits) == 1:
                return next(iter(hits)), "UNII"
            raise ValueError(f"{record.label}: UNII {record.unii} held by several monographs")
        for how, names in (("name", [record.title]), ("synonym", record.synonyms)):
            found: set[int] = set()
            for name in names:
                found |= self.by_name.get(normalize_name(name), set())
            if len(found) > 1:
                slugs = sorted(Drug.objects.filter(pk__in=found).values_list("slug", flat=True))
                raise ValueError(
                    f"{record.label}: {how} matches several monographs ({', '.join(slugs)}); "
                    "add or correct a name so it resolves to one"
                )
            if len(found) == 1:
                drug_id = next(iter(found))
                known = self.cas_of.get(drug_id)
                if record.cas and known and known != record.cas:
                    slug = Drug.objects.values_list("slug", flat=True).get(pk=drug_id)
                    raise ValueError(
                        f"{record.label}: {how} matches {slug} but its CAS {record.cas} differs "
                        f"from the monograph's {known}; correct the name or the CAS number"
                    )
                return drug_id, f"{how} and CAS number" if record.cas and known else how
        if record.cas and (hits := self.by_cas.get(record.cas)):
            # Never by CAS alone: a record with another title but the same CAS is a new draft.
            slugs = sorted(Drug.objects.filter(pk__in=hits).values_list("slug", flat=True))
            return None, f"new (shares CAS {record.cas} with {', '.join(slugs)}, no name matches)"
        return None, "new"

    def new_slug(self, record: LactMedRecord) -> str:
        base = slugify(record.title)[:180] or f"lactmed-{record.lm_id or record.index}"
        slug = base
        if slug in self.slugs and record.lm_id:
            slug = f"{base}-{record.lm_id.lower()}"
        counter = 2
        while slug in self.slugs:
            slug = f"{base}-{counter}"
            counter += 1
        return slug

    def add(self, drug: Drug, record: LactMedRecord) -> None:
        self.slugs.add(drug.slug)
        self.by_name.setdefault(normalize_name(drug.name), set()).add(drug.pk)
        for ident in (record.lm_id, record.nbk_id):
            if ident:
                self.by_lm.setdefault(ident, set()).add(drug.pk)
        if record.unii:
            self.by_unii.setdefault(record.unii, set()).add(drug.pk)
        if record.cas:
            self.cas_of[drug.pk] = record.cas


# --- Load (parse + validate) --------------------------------------------------------------


def load_records(path: Path, progress: Progress | None = None) -> list[LactMedRecord]:
    """Parse and validate every record; raise ImportFileError listing all problems."""
    records: list[LactMedRecord] = []
    errors: list[str] = []
    index = 1
    for name, data in iter_sources(Path(path), progress):
        try:
            found = parse_document(data, source=name, first_index=index)
        except ValueError as exc:
            errors.extend(str(exc).splitlines())
            index += 1
        else:
            records.extend(found)
            index += len(found)
        del data  # only the parsed record is kept, never the member bytes
    if errors:
        raise ImportFileError(errors)
    _check_plan(records)
    return records


def _check_plan(records: Sequence[LactMedRecord]) -> None:
    """Every record resolves to at most one monograph and no two records to the same one."""
    errors: list[str] = []
    resolver = Resolver()
    seen_drug: dict[int, LactMedRecord] = {}
    seen_title: dict[str, LactMedRecord] = {}
    seen_lm: dict[str, LactMedRecord] = {}
    for record in records:
        key = normalize_name(record.title)
        for seen, value in ((seen_title, key), (seen_lm, record.lm_id or record.nbk_id)):
            if value and value in seen:
                errors.append(f"{record.label}: duplicates {seen[value].label}")
            elif value:
                seen[value] = record
        try:
            drug_id, _ = resolver.resolve(record)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if drug_id is not None:
            if drug_id in seen_drug and seen_drug[drug_id] is not record:
                errors.append(
                    f"{record.label}: maps to the same monograph as {seen_drug[drug_id].label}"
                )
            seen_drug[drug_id] = record
    if errors:
        raise ImportFileError(errors)
