"""Writes to monographs: the review workflow and the published snapshot.

Every state change goes through these functions (admin actions, commands and tests call them).
They save through the model so django-simple-history records who/when/what; nothing here uses
``QuerySet.update()`` on curated models.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from drugs import search_index
from drugs.models import Citation, CombinationProduct, Drug, ImportJob, Status

audit = logging.getLogger("lactmed.audit")

CURATOR_GROUP = "curator"
REVIEWER_GROUP = "reviewer"
SEARCH_VERSION_KEY = "drugs:search-version"

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
    """Invalidate cached search indexes and verdicts after a publish or retire."""
    try:
        cache.incr(SEARCH_VERSION_KEY)
    except ValueError:
        cache.set(SEARCH_VERSION_KEY, 1, timeout=None)


@transaction.atomic
def monograph_record_edit(*, drug: Drug, by: Any) -> Drug:
    """A curator changed the working copy: it goes back to draft and needs a fresh review.

    What clinicians see (``published_data``) is unchanged until the next publish.
    """
    if not user_can_curate(by):
        raise PermissionDenied("Only curators can edit monographs.")
    drug.last_edited_by = by
    drug.approved_by = None
    if drug.status in (Status.PUBLISHED, Status.IN_REVIEW):
        drug.status = Status.DRAFT
    drug.full_clean()
    drug.save()
    return drug


@transaction.atomic
def monograph_submit(*, drug: Drug, by: Any) -> Drug:
    if not user_can_curate(by):
        raise PermissionDenied("Only curators can submit monographs for review.")
    if drug.status != Status.DRAFT:
        raise ValidationError(f"Only a draft can be submitted (this one is {drug.status}).")
    if drug.last_edited_by_id is None:
        drug.last_edited_by = by
    drug.status = Status.IN_REVIEW
    drug.approved_by = None
    drug.full_clean()
    drug.save()
    audit.info("monograph_submit drug=%s by=%s", drug.slug, by)
    return drug


def _check_not_self(*, drug: Drug, by: Any, action: str) -> None:
    if drug.last_edited_by_id is not None and drug.last_edited_by_id == by.pk:
        audit.warning("self_approval_refused drug=%s by=%s action=%s", drug.slug, by, action)
        raise PermissionDenied(
            "A second person must review this revision: you were its last editor."
        )


@transaction.atomic
def monograph_approve(*, drug: Drug, by: Any) -> Drug:
    if not user_can_review(by):
        audit.warning("permission_denied action=approve drug=%s by=%s", drug.slug, by)
        raise PermissionDenied("Only reviewers can approve monographs.")
    if drug.status != Status.IN_REVIEW:
        raise ValidationError(f"Only a monograph in review can be approved ({drug.status}).")
    _check_not_self(drug=drug, by=by, action="approve")
    drug.approved_by = by
    drug.full_clean()
    drug.save()
    audit.info("monograph_approve drug=%s by=%s", drug.slug, by)
    return drug


@transaction.atomic
def monograph_publish(*, drug: Drug, by: Any) -> Drug:
    """Publish an approved revision: snapshot it for clinicians, the API and the engine."""
    if not user_can_review(by):
        audit.warning("permission_denied action=publish drug=%s by=%s", drug.slug, by)
        raise PermissionDenied("Only reviewers can publish monographs.")
    if drug.approved_by_id is None or drug.status != Status.IN_REVIEW:
        raise ValidationError("Only an approved revision in review can be published.")
    _check_not_self(drug=drug, by=by, action="publish")
    now = timezone.now()
    drug.reviewed_by_id = drug.approved_by_id
    drug.last_reviewed_at = now
    drug.published_at = now
    drug.published_revision += 1
    drug.stale = False
    drug.status = Status.PUBLISHED
    drug.published_data = content_snapshot(obj=drug)
    drug.full_clean()
    drug.save()
    search_index.search_index_refresh(obj=drug)
    audit.info(
        "monograph_publish drug=%s revision=%s by=%s", drug.slug, drug.published_revision, by
    )
    transaction.on_commit(search_version_bump)
    return drug


@transaction.atomic
def monograph_retire(*, drug: Drug, by: Any, reason: str = "") -> Drug:
    """Withdraw a monograph from clinicians; the record and its history are kept."""
    if not user_can_review(by):
        audit.warning("permission_denied action=retire drug=%s by=%s", drug.slug, by)
        raise PermissionDenied("Only reviewers can retire monographs.")
    drug.status = Status.RETIRED
    drug._change_reason = reason or "retired"  # recorded by simple-history
    drug.save()
    search_index.search_index_refresh(obj=drug)
    audit.info("monograph_retire drug=%s by=%s reason=%s", drug.slug, by, reason)
    transaction.on_commit(search_version_bump)
    return drug


def monograph_flag_stale(*, now: Any = None) -> int:
    """Mark monographs not reviewed within LACTRX_STALE_AFTER_DAYS; returns how many changed."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.LACTRX_STALE_AFTER_DAYS)
    changed = 0
    for drug in Drug.objects.filter(status=Status.PUBLISHED).only(
        "id", "stale", "last_reviewed_at"
    ):
        stale = drug.last_reviewed_at is None or drug.last_reviewed_at < cutoff
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
    return {
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
        "flags": {
            "cytotoxic": drug.cytotoxic,
            "radioactive": drug.radioactive,
            "isotope": drug.isotope or None,
            "physical_half_life_h": drug.physical_half_life_h,
            "narrow_therapeutic_index": drug.narrow_therapeutic_index,
            "reduces_milk_supply": drug.reduces_milk_supply,
            "cns_depressant": drug.cns_depressant,
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
    }


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
    return {
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


def content_snapshot(*, obj: Drug | CombinationProduct) -> dict[str, Any]:
    """The published snapshot of any reviewed content."""
    if isinstance(obj, CombinationProduct):
        return combination_snapshot(combination=obj)
    return monograph_snapshot(drug=obj)
