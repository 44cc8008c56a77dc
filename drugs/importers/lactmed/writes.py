"""Writing matched records: attributed source text, NLM-form citations and draft working
copies; a published snapshot is never touched (the review workflow republishes)."""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from drugs import services
from drugs.importers.common import ImportResult, LazyUser, audit
from drugs.importers.errors import ImportFileError, Progress
from drugs.importers.lactmed.matching import Resolver, load_records
from drugs.importers.lactmed.records import (
    BOOK_CITATION,
    BOOK_URL,
    ISOTOPE_RE,
    MONTH_ABBR,
    PUBLISHER,
    SOURCE_KEY,
    LactMedRecord,
)
from drugs.models import Citation, Drug, DrugName, Kind, Status, normalize_name

# --- Write --------------------------------------------------------------------------------


def _guess_kind(title: str) -> str:
    lower = title.lower()
    if "vaccine" in lower:
        return Kind.VACCINE
    if ISOTOPE_RE.search(title):
        return Kind.RADIOPHARMACEUTICAL
    return Kind.DRUG


class _Citations:
    """LactMed citations by key: existing keys known up front, objects fetched on demand."""

    def __init__(self) -> None:
        self.keys = set(
            Citation.objects.filter(key__endswith=":lactmed").values_list("key", flat=True)
        )
        self.objects: dict[str, Citation] = {}

    def get(self, key: str) -> Citation | None:
        if key not in self.objects and key in self.keys:
            self.objects[key] = Citation.objects.get(key=key)
        return self.objects.get(key)

    def __setitem__(self, key: str, citation: Citation) -> None:
        self.keys.add(key)
        self.objects[key] = citation


# Foreign keys and uniqueness are enforced by the database (any violation aborts the whole
# transaction and is reported against the record); skipping Django's per-row look-ups for them
# keeps a 2,000-record import to a few queries per record.
_DRUG_FK_FIELDS = ["published_data", "last_edited_by", "approved_by", "reviewed_by"]
_DRUG_FK_FIELDS += ["typical_dose_citation"]


def _upsert_citation(
    record: LactMedRecord, slug: str, get_user: LazyUser, citations: _Citations
) -> bool:
    key = f"{slug}:lactmed"[:120]
    citation = citations.get(key)
    title = f"{BOOK_CITATION} {record.title.rstrip('.')}."
    if record.revision_date:
        d = record.revision_date
        title += f" [Updated {d.year} {MONTH_ABBR[d.month - 1]} {d.day}]."
    values: dict[str, Any] = {
        "kind": Citation.CitationKind.LACTMED,
        "title": title[:500],
        "url": record.url,
        "publisher": PUBLISHER[:200],
        "revision_date": record.revision_date,
        "cited_for": "LactMed record (attributed source text kept for curators)",
        "nbk_id": record.nbk_id,
        "needs_confirmation": record.url == BOOK_URL,
    }
    if record.pmid:
        values["pmid"] = record.pmid
    if citation is None:
        citation = Citation(key=key, accessed=timezone.now().date(), **values)
    else:
        if citation.kind != Citation.CitationKind.LACTMED:
            raise ValueError(f"citation {key} exists with kind {citation.kind!r}, not lactmed")
        if all(getattr(citation, f) == v for f, v in values.items()):
            citations[key] = citation
            return False
        for f, v in values.items():
            setattr(citation, f, v)
        citation.accessed = timezone.now().date()
    citation._history_user = get_user()  # type: ignore[attr-defined]
    citation._change_reason = f"LactMed import {record.lm_id or record.title}"  # type: ignore[attr-defined]
    citation.clean_fields()
    if not (citation.url or citation.pmid or citation.doi):
        raise ValueError(f"citation {key} has no URL, PubMed ID or DOI")
    citation.save()
    citations[key] = citation
    return True


def write_records(
    records: Sequence[LactMedRecord],
    result: ImportResult,
    *,
    user: Any = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> None:
    """Create or update the draft monographs for ``records`` (caller owns the transaction)."""
    get_user = LazyUser(user)
    resolver = Resolver()
    citations = _Citations()
    total = total if total is not None else len(records)
    for offset, record in enumerate(records, start=1):
        try:
            _write_one(record, result, get_user=get_user, resolver=resolver, citations=citations)
        except (ValidationError, ValueError, IntegrityError) as exc:
            raise ImportFileError(f"{record.label}: cannot be written: {exc}") from exc
        if progress:
            progress(done_before + offset, total)


def _write_one(
    record: LactMedRecord,
    result: ImportResult,
    *,
    get_user: LazyUser,
    resolver: Resolver,
    citations: _Citations,
) -> None:
    result.warnings.extend(record.warnings)
    drug_id, how = resolver.resolve(record)
    if drug_id is None and how != "new":
        result.warnings.append(f"{record.label}: imported as a new draft: {how}")
    reason = f"LactMed import {record.lm_id or record.title}" + (
        f" (revision {record.revision_date})" if record.revision_date else ""
    )
    if drug_id is None:
        user = get_user()
        drug = Drug(
            name=record.title,
            slug=resolver.new_slug(record),
            kind=_guess_kind(record.title),
            cas_number=record.cas,
            status=Status.DRAFT,
            last_edited_by=user,
            lactmed_revision_date=record.revision_date,
            source_text={SOURCE_KEY: record.source_text()},
        )
        drug._history_user = user  # type: ignore[attr-defined]
        drug._change_reason = reason  # type: ignore[attr-defined]
        drug.clean_fields(exclude=_DRUG_FK_FIELDS)
        drug.clean()
        drug.save()
        resolver.add(drug, record)
        seen: set[tuple[str, str]] = set()
        for name, kind in [(record.title, DrugName.NameKind.GENERIC)] + [
            (s, DrugName.NameKind.SYNONYM) for s in record.synonyms
        ]:
            normalized = normalize_name(name)
            if not normalized or (normalized, kind) in seen:
                continue
            seen.add((normalized, kind))
            drug_name = DrugName(drug=drug, name=name[:200], kind=kind)
            drug_name._history_user = user  # type: ignore[attr-defined]
            drug_name.save()
        _upsert_citation(record, drug.slug, get_user, citations)
        result.created += 1
        audit.info(
            "lactmed_import action=created drug=%s lm=%s by=%s", drug.slug, record.lm_id, user
        )
        return

    drug = Drug.objects.select_for_update().get(pk=drug_id)
    stored = (drug.source_text or {}).get(SOURCE_KEY) or {}
    stored_date = stored.get("revision_date") or (
        drug.lactmed_revision_date.isoformat() if drug.lactmed_revision_date else None
    )
    if stored.get("sha256") == record.sha256:
        citation_changed = _upsert_citation(record, drug.slug, get_user, citations)
        result.unchanged += 0 if citation_changed else 1
        result.updated += 1 if citation_changed else 0
        return
    if (
        record.revision_date
        and stored_date
        and dt.date.fromisoformat(stored_date) > record.revision_date
    ):
        result.skipped += 1
        result.warnings.append(
            f"{record.label}: older than the revision {stored_date} already held for "
            f"{drug.slug}; skipped"
        )
        return
    user = get_user()
    previous_status = drug.status
    drug.source_text = {**(drug.source_text or {}), SOURCE_KEY: record.source_text()}
    if record.revision_date:
        drug.lactmed_revision_date = record.revision_date
    if record.cas and not drug.cas_number:
        drug.cas_number = record.cas
    drug._history_user = user  # type: ignore[attr-defined]
    drug._change_reason = f"{reason}; import pending review"  # type: ignore[attr-defined]
    # The normal record-edit path: a published/in-review working copy goes back to draft and
    # needs a second-person review; published_data (what clinicians see) is not touched.
    services.monograph_record_edit(drug=drug, by=user)
    _upsert_citation(record, drug.slug, get_user, citations)
    result.updated += 1
    audit.info(
        "lactmed_import action=updated drug=%s lm=%s matched_by=%s status=%s->%s by=%s",
        drug.slug,
        record.lm_id,
        how,
        previous_status,
        drug.status,
        user,
    )


def import_lactmed(
    path: Path,
    *,
    validate_progress: Progress | None = None,
    write_progress: Progress | None = None,
) -> ImportResult:
    """Command-line path: validate everything, then write everything in one transaction."""
    records = load_records(path, progress=validate_progress)
    result = ImportResult(total=len(records))
    with transaction.atomic():
        write_records(records, result, progress=write_progress)
    return result
