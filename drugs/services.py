"""Writes to monographs: the review workflow and the published snapshot.

Every state change goes through these functions (admin actions, commands and tests call them).
They save through the model so django-simple-history records who/when/what; nothing here uses
``QuerySet.update()`` on curated models.
"""

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from drugs import search_index, translations, vocabulary
from drugs.models import (
    Citation,
    CombinationProduct,
    Drug,
    DrugClass,
    ImportJob,
    PublishedRevision,
    ReviewedContent,
    SearchVersion,
    Status,
)
from drugs.snapshot import CombinationSnapshot, MonographSnapshot, Record, SnapshotError

audit = logging.getLogger("lactmed.audit")

CURATOR_GROUP = "curator"
# The system accounts that load the seed (drugs.seed): a monograph last edited by SEED_EDITOR
# and published by SEED_REVIEWER has not been touched or reviewed by this site's curators.
SEED_EDITOR = "seed-curation"
SEED_REVIEWER = "seed-review"
REVIEWER_GROUP = "reviewer"

User = AbstractBaseUser | AnonymousUser


def _in_group(user: Any, group: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.groups.filter(name=group).exists())


def user_can_curate(user: Any) -> bool:
    return _in_group(user, CURATOR_GROUP) or _in_group(user, REVIEWER_GROUP)


def user_can_review(user: Any) -> bool:
    return _in_group(user, REVIEWER_GROUP)


def search_version_bump() -> None:
    """Invalidate cached search indexes and verdicts: call it inside the transaction of a
    publish or retire, so the new version and the new content commit together."""
    from drugs.selectors import search_version_forget

    if not SearchVersion.objects.filter(pk=1).update(value=F("value") + 1):
        SearchVersion.objects.update_or_create(pk=1, defaults={"value": 1})
    search_version_forget()


# --- Reviewed content: which models go through the workflow, and how each is snapshotted ---
@dataclass(frozen=True)
class ReviewedKind:
    """How the workflow handles one ReviewedContent model.

    ``snapshot(obj)`` builds the published JSON; ``extra_content(obj)`` adds working-copy
    content the snapshot leaves out (it is pinned by approval too). ``audit_prefix`` and
    ``audit_key`` name the audit lines (``monograph_publish drug=<slug>``).
    """

    snapshot: Callable[[Any], dict[str, Any]]
    audit_prefix: str
    audit_key: str
    extra_content: Callable[[Any], dict[str, Any]] | None = None
    label: str = "monograph"
    revision_model: type[models.Model] | None = None
    revision_fk: str = "drug"


_KINDS: dict[type, ReviewedKind] = {}


def register_reviewed_model(
    model: type[ReviewedContent],
    *,
    snapshot: Callable[[Any], dict[str, Any]],
    audit_prefix: str,
    audit_key: str,
    extra_content: Callable[[Any], dict[str, Any]] | None = None,
    label: str = "monograph",
    revision_model: type[models.Model] | None = None,
    revision_fk: str = "drug",
) -> None:
    """Put a ReviewedContent model under the two-person workflow of this module.

    ``revision_model`` keeps every published snapshot (fields ``revision``, ``data``,
    ``content_hash``, ``approved_by``, ``published_by``, ``published_at`` and a foreign key
    named ``revision_fk``); numbering continues from its maximum, so a revision is never reused.
    """
    _KINDS[model] = ReviewedKind(
        snapshot=snapshot,
        audit_prefix=audit_prefix,
        audit_key=audit_key,
        extra_content=extra_content,
        label=label,
        revision_model=revision_model,
        revision_fk=revision_fk,
    )


def reviewed_kind(obj: ReviewedContent) -> ReviewedKind:
    for klass in type(obj).__mro__:
        if klass in _KINDS:
            return _KINDS[klass]
    raise TypeError(f"{type(obj).__name__} is not registered as reviewed content.")


def _ident(obj: Any) -> str:
    return str(getattr(obj, "slug", "") or obj.pk)


def _audit(level: int, event: str, obj: Any, by: Any, **extra: Any) -> None:
    kind = reviewed_kind(obj)
    tail = "".join(f" {k}=%s" for k in extra)
    audit.log(
        level,
        f"{kind.audit_prefix}_{event} {kind.audit_key}=%s by=%s{tail}",
        _ident(obj),
        by,
        *extra.values(),
    )


# --- Publish-time checks of the snapshot ----------------------------------------------------
# Other apps register checks here (advice registers "the engine can use it"); drugs never
# imports them. A check raises ValidationError, keyed by the field it names where it can.
_SNAPSHOT_VALIDATORS: dict[type, list[Callable[[dict[str, Any]], None]]] = {}


def register_snapshot_validator(
    fn: Callable[[dict[str, Any]], None], *, model: type | None = None
) -> Callable[[dict[str, Any]], None]:
    """Run ``fn(snapshot)`` before every publish of ``model`` (default: Drug). Idempotent."""
    checks = _SNAPSHOT_VALIDATORS.setdefault(model or Drug, [])
    if fn not in checks:
        checks.append(fn)
    return fn


def snapshot_validate(*, obj: ReviewedContent, snapshot: dict[str, Any]) -> None:
    """Raise one ValidationError with every registered check's complaints."""
    errors: dict[str, list[str]] = {}
    for klass in type(obj).__mro__:
        for check in _SNAPSHOT_VALIDATORS.get(klass, []):
            try:
                check(snapshot)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, items in exc.message_dict.items():
                        errors.setdefault(field, []).extend(items)
                else:
                    errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def _validation_summary(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return "; ".join(
        (f"{field}: " if field != NON_FIELD_ERRORS else "") + " ".join(messages)
        for field, messages in exc.message_dict.items()
    )


# Keys of a snapshot that describe the review, not the content: approval does not pin them.
REVIEW_METADATA_KEYS = frozenset({"revision", "last_reviewed", "review"})


def _content_of(obj: ReviewedContent, snapshot: dict[str, Any]) -> dict[str, Any]:
    kind = reviewed_kind(obj)
    content = {k: v for k, v in snapshot.items() if k not in REVIEW_METADATA_KEYS}
    if kind.extra_content is not None:
        content.update(kind.extra_content(obj))
    return content


def reviewed_content(obj: ReviewedContent) -> dict[str, Any]:
    """The working copy's full content (child rows, citations, classes), as JSON."""
    return _content_of(obj, reviewed_kind(obj).snapshot(obj))


def content_hash(content: dict[str, Any]) -> str:
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def content_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Which sections differ ('guidance', 'flags.minimal_absorption_routes', ...)."""
    before = before or {}
    changed = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            changed.extend(
                f"{key}.{sub}"
                for sub in sorted(set(old) | set(new))
                if old.get(sub) != new.get(sub)
            )
        else:
            changed.append(key)
    return changed


def _clear_approval(obj: ReviewedContent) -> None:
    obj.approved_by = None
    obj.approved_hash = ""
    obj.approved_content = None


def _save(obj: Any, by: Any) -> None:
    obj._history_user = by  # simple-history names who made the change
    obj.full_clean()
    obj.save()


# --- The workflow ---------------------------------------------------------------------------
# The ``monograph_*`` names and their keyword ``drug=`` are kept for callers; they accept any
# registered ReviewedContent.
@transaction.atomic
def monograph_record_edit(*, drug: ReviewedContent, by: Any) -> ReviewedContent:
    """A curator changed the working copy: it goes back to draft and needs a fresh review.

    What clinicians see (``published_data``) is unchanged until the next publish.
    """
    if not user_can_curate(by):
        raise PermissionDenied("Only curators can edit monographs.")
    drug.last_edited_by = by
    _clear_approval(drug)
    if drug.status in (Status.PUBLISHED, Status.IN_REVIEW):
        drug.status = Status.DRAFT
    _save(drug, by)
    return drug


@transaction.atomic
def monograph_submit(*, drug: ReviewedContent, by: Any) -> ReviewedContent:
    if not user_can_curate(by):
        raise PermissionDenied("Only curators can submit monographs for review.")
    if drug.status != Status.DRAFT:
        raise ValidationError(f"Only a draft can be submitted (this one is {drug.status}).")
    if drug.last_edited_by_id is None:
        drug.last_edited_by = by
    drug.status = Status.IN_REVIEW
    _clear_approval(drug)
    _save(drug, by)
    _audit(logging.INFO, "submit", drug, by)
    return drug


def _check_not_self(*, drug: ReviewedContent, by: Any, action: str) -> None:
    if drug.last_edited_by_id is not None and drug.last_edited_by_id == by.pk:
        audit.warning("self_approval_refused drug=%s by=%s action=%s", _ident(drug), by, action)
        raise PermissionDenied(
            "A second person must review this revision: you were its last editor."
        )


@transaction.atomic
def monograph_approve(*, drug: ReviewedContent, by: Any) -> ReviewedContent:
    if not user_can_review(by):
        audit.warning("permission_denied action=approve drug=%s by=%s", _ident(drug), by)
        raise PermissionDenied("Only reviewers can approve monographs.")
    if drug.status != Status.IN_REVIEW:
        raise ValidationError(f"Only a monograph in review can be approved ({drug.status}).")
    _check_not_self(drug=drug, by=by, action="approve")
    content = reviewed_content(drug)
    drug.approved_by = by
    drug.approved_content = content
    drug.approved_hash = content_hash(content)
    _save(drug, by)
    _audit(logging.INFO, "approve", drug, by, content=drug.approved_hash[:12])
    return drug


def _next_revision(obj: ReviewedContent) -> int:
    """One more than any revision this object ever had (whatever its fields now say)."""
    kind = reviewed_kind(obj)
    highest = obj.published_revision
    if kind.revision_model is not None and obj.pk is not None:
        recorded = kind.revision_model._default_manager.filter(**{kind.revision_fk: obj}).aggregate(
            top=Max("revision")
        )["top"]
        highest = max(highest, recorded or 0)
    return highest + 1


def monograph_revisions(*, drug: ReviewedContent) -> models.QuerySet[Any]:
    """Every published revision of a monograph, newest first (for the admin and audits)."""
    kind = reviewed_kind(drug)
    if kind.revision_model is None:
        raise TypeError(f"{type(drug).__name__} keeps no published revisions.")
    return (
        kind.revision_model._default_manager.filter(**{kind.revision_fk: drug})
        .select_related("approved_by", "published_by")
        .order_by("-revision")
    )


def monograph_revision_snapshot(*, drug: ReviewedContent, revision: int) -> dict[str, Any]:
    """The exact snapshot clinicians were shown at ``revision`` (raises DoesNotExist)."""
    return monograph_revisions(drug=drug).get(revision=revision).data


_PUBLISH_FIELDS = (
    "reviewed_by_id",
    "last_reviewed_at",
    "published_at",
    "published_revision",
    "stale",
    "status",
)


def _refuse_invalid(
    drug: ReviewedContent, by: Any, label: str, saved: dict[str, Any], exc: ValidationError
) -> NoReturn:
    """Refuse a publish whose snapshot the schema or a registered check rejects: the caller's
    object is restored, the refusal is audited with the sections at fault, nothing is saved."""
    for field, value in saved.items():
        setattr(drug, field, value)
    fields = sorted(getattr(exc, "error_dict", {})) or ["snapshot"]
    sections = sorted({re.split(r"[.\[]", f, maxsplit=1)[0] for f in fields})
    _audit(logging.WARNING, "publish_refused", drug, by, invalid=",".join(sections))
    raise ValidationError(f"This {label} cannot be published: {_validation_summary(exc)}") from exc


@transaction.atomic
def monograph_publish(*, drug: ReviewedContent, by: Any) -> ReviewedContent:
    """Publish an approved revision: snapshot it for clinicians, the API and the engine."""
    kind = reviewed_kind(drug)
    if not user_can_review(by):
        audit.warning("permission_denied action=publish drug=%s by=%s", _ident(drug), by)
        raise PermissionDenied("Only reviewers can publish monographs.")
    if drug.approved_by_id is None or drug.status != Status.IN_REVIEW:
        raise ValidationError("Only an approved revision in review can be published.")
    _check_not_self(drug=drug, by=by, action="publish")
    saved = {f: getattr(drug, f) for f in _PUBLISH_FIELDS if hasattr(drug, f)}
    now = timezone.now()
    drug.reviewed_by_id = drug.approved_by_id
    drug.last_reviewed_at = now
    drug.published_at = now
    drug.published_revision = _next_revision(drug)
    if hasattr(drug, "stale"):
        drug.stale = False
    drug.status = Status.PUBLISHED
    try:
        snapshot = kind.snapshot(drug)  # through the schema: a bad field is refused here
    except ValidationError as exc:
        _refuse_invalid(drug, by, kind.label, saved, exc)
    content = _content_of(drug, snapshot)
    digest = content_hash(content)
    if not drug.approved_hash or digest != drug.approved_hash:
        for field, value in saved.items():  # the caller's object stays as it was
            setattr(drug, field, value)
        changed = content_changes(drug.approved_content, content) or ["content"]
        _audit(logging.WARNING, "publish_refused", drug, by, changed=",".join(changed))
        raise ValidationError(
            f"This {kind.label} changed after it was approved ({', '.join(changed)}). "
            "A second person must approve the current working copy before it is published."
        )
    try:
        snapshot_validate(obj=drug, snapshot=snapshot)
    except ValidationError as exc:
        _refuse_invalid(drug, by, kind.label, saved, exc)
    drug.published_data = snapshot
    _save(drug, by)
    search_index.search_index_refresh(obj=drug)
    if kind.revision_model is not None:
        kind.revision_model._default_manager.create(
            **{kind.revision_fk: drug},
            revision=drug.published_revision,
            data=snapshot,
            content_hash=digest,
            approved_by_id=drug.approved_by_id,
            published_by=by,
            published_at=now,
        )
    _audit(logging.INFO, "publish", drug, by, revision=drug.published_revision)
    search_version_bump()
    return drug


@transaction.atomic
def monograph_retire(*, drug: ReviewedContent, by: Any, reason: str = "") -> ReviewedContent:
    """Withdraw a monograph from clinicians; the record and its history are kept."""
    if not user_can_review(by):
        audit.warning("permission_denied action=retire drug=%s by=%s", _ident(drug), by)
        raise PermissionDenied("Only reviewers can retire monographs.")
    drug.status = Status.RETIRED
    drug._change_reason = reason or "retired"  # recorded by simple-history
    drug._history_user = by
    drug.save()
    search_index.search_index_refresh(obj=drug)
    _audit(logging.INFO, "retire", drug, by, reason=reason)
    search_version_bump()
    return drug


def monograph_flag_stale(*, now: Any = None) -> int:
    """Mark monographs not reviewed within 24 months (`vocabulary.review_is_stale`); returns
    how many changed."""
    now = now or timezone.now()
    changed = 0
    for drug in Drug.objects.filter(status=Status.PUBLISHED).only(
        "id", "stale", "last_reviewed_at"
    ):
        reviewed = drug.last_reviewed_at.date() if drug.last_reviewed_at else None
        stale = vocabulary.review_is_stale(reviewed, now.date())
        if stale != drug.stale:
            drug.stale = stale
            drug.save(update_fields=["stale"])
            changed += 1
    return changed


def import_jobs_mark_stale(*, now: Any = None) -> int:
    """Mark running import jobs with no heartbeat for LACTRX_IMPORT_STALE_AFTER_S as stale.

    A worker killed mid-import leaves its job "running" with the message unacknowledged until
    the broker's visibility timeout redelivers it; this says so to admins, with the command
    that resumes it. Conditional on the heartbeat read, so a worker that is only slow and
    commits a batch meanwhile is not marked (and a later batch sets it running again).
    Returns how many jobs were marked.
    """
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(seconds=settings.LACTRX_IMPORT_STALE_AFTER_S)
    marked = 0
    running = ImportJob.objects.filter(status=ImportJob.JobStatus.RUNNING)
    for job in running.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    ):
        seen = job.heartbeat_at or job.started_at
        message = (
            f"Stale: no progress since {seen:%Y-%m-%d %H:%M} UTC at {job.processed}/{job.total} "
            f"(worker lost?). Resume with: {job.resume_command}"
        )
        marked += ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
        ).update(status=ImportJob.JobStatus.STALE, message=message)
        audit.warning(
            "import_stale kind=%s job=%s processed=%s/%s",
            job.kind,
            job.pk,
            job.processed,
            job.total,
        )
    return marked


def _citation_dict(citation: Citation) -> dict[str, Any]:
    return {
        "key": citation.key,
        "kind": citation.kind,
        "title": citation.title,
        "url": citation.url or None,
        "pmid": citation.pmid or None,
        "doi": citation.doi or None,
        "link": citation.link,
        "publisher": citation.publisher or None,
        "year": citation.year,
        "revision_date": citation.revision_date.isoformat() if citation.revision_date else None,
        "accessed": citation.accessed.isoformat() if citation.accessed else None,
        "cited_for": citation.cited_for or None,
    }


def _through_schema(schema: type[Record], data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as the schema (`drugs.snapshot`) writes it; a bad field is refused."""
    try:
        return schema.parse(data, strict=True).to_dict()
    except SnapshotError as exc:
        raise ValidationError({exc.path or "snapshot": exc.message}) from exc


def _is_seed_review(drug: Drug) -> bool:
    reviewer = drug.reviewed_by or drug.approved_by
    return reviewer is None or reviewer.get_username() == SEED_REVIEWER


def monograph_snapshot(*, drug: Drug) -> dict[str, Any]:
    """Everything a clinician-facing page, the API and the engine need, as plain JSON."""
    citations: dict[str, Citation] = {}

    def cite(citation: Citation | None) -> str | None:
        if citation is None:
            return None
        citations[citation.key] = citation
        return citation.key

    pk = [
        {
            "parameter": v.parameter,
            "label": v.get_parameter_display(),
            "value": v.value,
            "low": v.low,
            "high": v.high,
            "citation": cite(v.citation),
            "verified": v.verified,
            "note": v.note,
        }
        for v in drug.pk_values.select_related("citation").order_by("parameter")
    ]
    studies = [
        {
            "maternal_dose_mg": s.maternal_dose_mg,
            "maternal_dose_text": s.maternal_dose_text,
            "regimen": s.regimen,
            "doses_per_day": s.doses_per_day,
            "n_mothers": s.n_mothers,
            "milk_conc_avg_mg_per_l": s.milk_conc_avg_mg_per_l,
            "milk_conc_peak_mg_per_l": s.milk_conc_peak_mg_per_l,
            "rid_pct": s.rid_pct,
            "infant_serum": s.infant_serum,
            "citation": cite(s.citation),
        }
        for s in drug.milk_studies.select_related("citation").order_by("id")
    ]
    infant_effects = [
        {
            "description": e.description,
            "severity": e.severity,
            "age_group": e.age_group,
            "citation": cite(e.citation),
        }
        for e in drug.infant_effects.select_related("citation").order_by("id")
    ]
    lactation_effects = [
        {"effect": e.effect, "description": e.description, "citation": cite(e.citation)}
        for e in drug.lactation_effects.select_related("citation").order_by("id")
    ]
    guidance = [
        {
            "key": g.key,
            "verdict": g.verdict,
            "interrupt_hours_min": g.interrupt_hours_min,
            "interrupt_hours_max": g.interrupt_hours_max,
            "regimen": g.regimen or None,
            "routes": list(g.routes or []),
            "dose_min_mg": g.dose_min_mg,
            "dose_max_mg": g.dose_max_mg,
            "dose_per_day_min_mg": g.dose_per_day_min_mg,
            "dose_per_day_max_mg": g.dose_per_day_max_mg,
            "interval_min_h": g.interval_min_h,
            "interval_max_h": g.interval_max_h,
            "infant_age_min_days": g.infant_age_min_days,
            "infant_age_max_days": g.infant_age_max_days,
            "preterm": g.preterm,
            "activity_min_mbq": g.activity_min_mbq,
            "activity_max_mbq": g.activity_max_mbq,
            "guideline": g.guideline,
            "guideline_version": g.guideline_version,
            "rationale": g.rationale,
            "citation": cite(g.citation),
            "followed": g.followed,
        }
        for g in drug.guidance.select_related("citation").order_by("key")
    ]
    alternatives = [
        {
            "slug": a.alternative.slug,
            "name": a.alternative.name,
            "indication": a.indication,
            "reason": a.reason,
            "citation": cite(a.citation),
        }
        for a in drug.alternatives.select_related("alternative", "citation").order_by(
            "alternative__name"
        )
    ]
    names = [
        {"name": n.name, "kind": n.kind, "locale": n.locale}
        for n in drug.names.order_by("kind", "name")
        if n.kind != "generic"
    ]
    cite(drug.typical_dose_citation)
    for reference in drug.references.all():
        cite(reference)
    snapshot = {
        "slug": drug.slug,
        "external_id": str(drug.external_id),
        "name": drug.name,
        "kind": drug.kind,
        "classes": [c.name for c in drug.classes.order_by("name")],
        "cas_number": drug.cas_number or None,
        "rxnorm_cui": drug.rxnorm_cui or None,
        "summary": drug.summary,
        "revision": drug.published_revision,
        "last_reviewed": drug.last_reviewed_at.date().isoformat()
        if drug.last_reviewed_at
        else None,
        "lactmed_revision_date": drug.lactmed_revision_date.isoformat()
        if drug.lactmed_revision_date
        else None,
        "review": {
            # Seed data until a local (non-seed) reviewer approves it: the page says so.
            "seed": _is_seed_review(drug),
            "source_revision_date": drug.lactmed_revision_date.isoformat()
            if drug.lactmed_revision_date
            else None,
        },
        "flags": {
            "cytotoxic": drug.cytotoxic,
            "radioactive": drug.radioactive,
            "isotope": drug.isotope or None,
            "physical_half_life_h": drug.physical_half_life_h,
            "narrow_therapeutic_index": drug.narrow_therapeutic_index,
            "reduces_milk_supply": drug.reduces_milk_supply,
            "cns_depressant": drug.cns_depressant,
            "serotonergic": drug.serotonergic,
            "radioiodine": drug.radioiodine,
            "active_metabolites": drug.active_metabolites,
            "poor_infant_oral_absorption": drug.poor_infant_oral_absorption,
            "minimal_absorption_routes": list(drug.minimal_absorption_routes or []),
        },
        "typical_dose": {
            "dose_mg": drug.typical_dose_mg,
            "doses_per_day": drug.typical_doses_per_day,
            "route": drug.typical_route,
            "regimen": drug.typical_regimen,
            "activity_mbq": drug.typical_activity_mbq,
            "max_dose_mg": drug.max_dose_mg,
            "verified": drug.typical_dose_verified,
            "citation": drug.typical_dose_citation.key if drug.typical_dose_citation else None,
        },
        "names": names,
        "pk": pk,
        "milk_studies": studies,
        "infant_effects": infant_effects,
        "lactation_effects": lactation_effects,
        "guidance": guidance,
        "alternatives": alternatives,
        "citations": [_citation_dict(c) for _, c in sorted(citations.items())],
        # Translations of the curated text above, each naming the English it was written for.
        "translations": translations.snapshot_translations(drug),
    }
    return _through_schema(MonographSnapshot, snapshot)


def _monograph_extra_content(drug: Drug) -> dict[str, Any]:
    """Working-copy content the snapshot leaves out: the generic name rows."""
    return {
        "generic_names": [
            {"name": n.name, "locale": n.locale}
            for n in drug.names.filter(kind="generic").order_by("name", "locale")
        ]
    }


register_reviewed_model(
    Drug,
    snapshot=lambda drug: monograph_snapshot(drug=drug),
    extra_content=_monograph_extra_content,
    revision_model=PublishedRevision,
    revision_fk="drug",
    audit_prefix="monograph",
    audit_key="drug",
)


def combination_snapshot(*, combination: CombinationProduct) -> dict[str, Any]:
    """What clinicians see of a combination product: its name, brands and ingredients.

    Ingredient names come from their published snapshots; every ingredient must have one,
    so a combination can never be shown with an ingredient missing.
    """
    by_slug = {d.slug: d for d in combination.ingredients.all()}
    order = [s for s in (combination.slug or "").split("+") if s]
    if set(order) != set(by_slug):
        raise ValidationError(
            {"slug": "The slug must list exactly the ingredients, joined by '+'."}
        )
    missing = [s for s in order if not by_slug[s].is_visible]
    if missing:
        raise ValidationError({"ingredients": f"No published monograph for: {', '.join(missing)}."})
    if len(order) < 2:
        raise ValidationError({"ingredients": "A combination needs at least two ingredients."})
    snapshot = {
        "slug": combination.slug,
        "name": combination.name,
        "kind": "combination",
        "brands": sorted(dict.fromkeys(b.strip() for b in combination.brands or [] if b.strip())),
        "ingredients": [
            {
                "slug": s,
                "name": by_slug[s].published_data["name"],
                "revision": by_slug[s].published_revision,
            }
            for s in order
        ],
        "citation": _citation_dict(combination.citation) if combination.citation else None,
        "revision": combination.published_revision,
        "last_reviewed": combination.last_reviewed_at.date().isoformat()
        if combination.last_reviewed_at
        else None,
    }
    return _through_schema(CombinationSnapshot, snapshot)


def content_snapshot(*, obj: ReviewedContent) -> dict[str, Any]:
    """The published snapshot of any reviewed content."""
    return reviewed_kind(obj).snapshot(obj)


register_reviewed_model(
    CombinationProduct,
    snapshot=lambda combination: combination_snapshot(combination=combination),
    audit_prefix="combination",
    audit_key="combination",
    label="combination product",
)


@transaction.atomic
def shared_content_edited(*, obj: Citation | DrugClass, by: Any) -> list[str]:
    """A citation or a class changed: every monograph that shows it records the edit.

    Each goes back to draft with ``by`` as its last editor, so a reviewer who edits a shared
    row can never approve the monographs it changes (two-person rule). Returns their slugs.
    """
    if isinstance(obj, DrugClass):
        drugs = Drug.objects.filter(classes=obj)
    else:
        q = (
            Q(references=obj)
            | Q(typical_dose_citation=obj)
            | Q(pk_values__citation=obj)
            | Q(milk_studies__citation=obj)
            | Q(infant_effects__citation=obj)
            | Q(lactation_effects__citation=obj)
            | Q(guidance__citation=obj)
            | Q(alternatives__citation=obj)
        )
        drugs = Drug.objects.filter(q)
    slugs = []
    for drug in drugs.distinct():
        monograph_record_edit(drug=drug, by=by)
        slugs.append(drug.slug)
    if slugs:
        audit.info(
            "shared_content_edited %s=%s by=%s drugs=%s",
            type(obj).__name__.lower(),
            getattr(obj, "key", None) or obj.pk,
            by,
            ",".join(sorted(slugs)),
        )
    return slugs
