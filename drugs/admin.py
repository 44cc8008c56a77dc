"""The curators' tool: edit drafts inline, submit, approve (second person), publish, retire.

State changes go through ``drugs.services``; the admin only calls them. A monograph's child
rows (names, PK values, milk studies, effects, guidance, alternatives) are edited only inline,
inside their monograph's change page, whose save sends the monograph back to draft: there is no
stand-alone admin for them, so no edit can skip the fresh review. Every curated model is
registered with simple-history's admin, so each object has a history page with who/when/what
and the changed fields.
"""

import json
import logging
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from drugs import review, services
from drugs.models import (
    Alternative,
    Citation,
    CombinationProduct,
    Drug,
    DrugClass,
    DrugName,
    Guidance,
    ImportJob,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PKValue,
    Status,
)
from drugs.translation_admin import TranslationInline
from lactmed.audit import _clean


class HistoryReadOnlyMixin:
    """History pages can be read, never used to revert (that would bypass the review).

    simple-history's history form saves the old record on POST (status, approval and all),
    skipping ``save_related`` and so the workflow; here any write to it is refused and audited.
    """

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            audit.warning(
                "history_revert_refused model=%s id=%s history_id=%s by=%s",
                self.model._meta.label_lower,
                _clean(object_id),
                _clean(version_id),
                _clean(request.user.get_username()),
            )
            raise PermissionDenied("History records cannot be reverted; edit the working copy.")
        return super().history_form_view(request, object_id, version_id, extra_context)


audit = logging.getLogger("lactmed.audit")


class CuratorPermissionMixin:
    """Curators and reviewers may change curated content; nobody else, whatever their flags."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return services.user_can_curate(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return services.user_can_curate(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)


class NameInline(CuratorPermissionMixin, admin.TabularInline):
    model = DrugName
    fields = ("name", "kind", "locale")
    extra = 0
    classes = ["collapse"]


class PKInline(CuratorPermissionMixin, admin.TabularInline):
    model = PKValue
    fields = ("parameter", "value", "low", "high", "citation", "verified", "note")
    autocomplete_fields = ("citation",)
    extra = 0
    classes = ["collapse"]


class MilkStudyInline(CuratorPermissionMixin, admin.StackedInline):
    model = MilkStudy
    fields = (
        ("maternal_dose_mg", "regimen", "doses_per_day", "n_mothers"),
        "maternal_dose_text",
        ("milk_conc_avg_mg_per_l", "milk_conc_peak_mg_per_l", "rid_pct"),
        "infant_serum",
        "citation",
    )
    autocomplete_fields = ("citation",)
    extra = 0
    classes = ["collapse"]


class InfantEffectInline(CuratorPermissionMixin, admin.TabularInline):
    model = InfantEffect
    fields = ("description", "severity", "age_group", "citation")
    autocomplete_fields = ("citation",)
    extra = 0
    classes = ["collapse"]


class LactationEffectInline(CuratorPermissionMixin, admin.TabularInline):
    model = LactationEffect
    fields = ("effect", "description", "citation")
    autocomplete_fields = ("citation",)
    extra = 0
    classes = ["collapse"]


class GuidanceInline(CuratorPermissionMixin, admin.StackedInline):
    model = Guidance
    fields = (
        ("key", "verdict", "followed"),
        ("interrupt_hours_min", "interrupt_hours_max"),
        ("regimen", "routes", "preterm"),
        ("dose_min_mg", "dose_max_mg"),
        ("dose_per_day_min_mg", "dose_per_day_max_mg"),
        ("interval_min_h", "interval_max_h"),
        ("infant_age_min_days", "infant_age_max_days"),
        ("activity_min_mbq", "activity_max_mbq"),
        ("guideline", "guideline_version"),
        "rationale",
        "citation",
    )
    autocomplete_fields = ("citation",)
    extra = 0
    classes = ["collapse"]


class AlternativeInline(CuratorPermissionMixin, admin.TabularInline):
    model = Alternative
    fk_name = "drug"
    fields = ("alternative", "indication", "reason", "citation")
    autocomplete_fields = ("alternative", "citation")
    extra = 0
    classes = ["collapse"]


class StaleFilter(admin.SimpleListFilter):
    title = "review age"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Not reviewed for over 24 months"), ("no", "Reviewed within 24 months")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Drug]) -> QuerySet[Drug]:
        if self.value() == "yes":
            return queryset.filter(stale=True)
        if self.value() == "no":
            return queryset.filter(stale=False)
        return queryset


def _run(request: HttpRequest, queryset: QuerySet[Drug], action: Any, verb: str) -> None:
    done, refused = 0, []
    for drug in queryset:
        try:
            action(drug=drug, by=request.user)
            done += 1
        except (PermissionDenied, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            refused.append(f"{drug.name}: {message}")
    if done:
        messages.success(request, f"{verb} {done} monograph(s).")
    for line in refused:
        messages.error(request, line)


class ReviewActionsMixin:
    """The workflow actions every reviewed model's changelist offers (services decide)."""

    actions = ["submit_for_review", "approve", "publish", "retire"]

    @admin.action(description="Submit for review")
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _run(request, queryset, services.monograph_submit, "Submitted")

    @admin.action(description="Approve (reviewer, not the last editor)")
    def approve(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _run(request, queryset, services.monograph_approve, "Approved")

    @admin.action(description="Publish approved revisions")
    def publish(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _run(request, queryset, services.monograph_publish, "Published")

    @admin.action(description="Retire (keeps the record and its history)")
    def retire(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _run(request, queryset, services.monograph_retire, "Retired")


@admin.register(Drug)
class DrugAdmin(
    ReviewActionsMixin, HistoryReadOnlyMixin, CuratorPermissionMixin, SimpleHistoryAdmin
):
    list_display = (
        "name",
        "kind",
        "status",
        "published_revision",
        "last_reviewed_at",
        "stale",
        "last_edited_by",
        "approved_by",
    )
    list_filter = ("status", "kind", StaleFilter, "cytotoxic", "radioactive", "reduces_milk_supply")
    search_fields = ("name", "slug", "names__name", "cas_number")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("classes",)
    readonly_fields = (
        "external_id",
        "status",
        "last_edited_by",
        "approved_by",
        "reviewed_by",
        "last_reviewed_at",
        "published_at",
        "published_revision",
        "stale",
        "created_at",
        "updated_at",
    )
    autocomplete_fields = ("typical_dose_citation", "references")
    inlines = [
        NameInline,
        PKInline,
        MilkStudyInline,
        InfantEffectInline,
        LactationEffectInline,
        GuidanceInline,
        AlternativeInline,
        TranslationInline,  # drugs/translation_admin.py
    ]
    actions = ["submit_for_review", "approve", "publish", "retire"]
    save_on_top = True
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "kind",
                    "classes",
                    "cas_number",
                    "rxnorm_cui",
                    "summary",
                    "references",
                )
            },
        ),
        (
            "Workflow",
            {
                "classes": ["collapse"],
                "fields": (
                    "status",
                    "last_edited_by",
                    "approved_by",
                    "reviewed_by",
                    "last_reviewed_at",
                    "published_at",
                    "published_revision",
                    "stale",
                    "external_id",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
        (
            "Flags",
            {
                "classes": ["collapse"],
                "fields": (
                    ("cytotoxic", "radioactive", "isotope", "physical_half_life_h"),
                    (
                        "narrow_therapeutic_index",
                        "reduces_milk_supply",
                        "cns_depressant",
                        "active_metabolites",
                    ),
                    ("serotonergic", "radioiodine", "poor_infant_oral_absorption"),
                    "minimal_absorption_routes",
                ),
            },
        ),
        (
            "Typical adult dose",
            {
                "classes": ["collapse"],
                "fields": (
                    (
                        "typical_dose_mg",
                        "typical_doses_per_day",
                        "typical_route",
                        "typical_regimen",
                    ),
                    ("typical_activity_mbq", "max_dose_mg"),
                    ("typical_dose_citation", "typical_dose_verified"),
                ),
            },
        ),
        (
            "Sources",
            {"classes": ["collapse"], "fields": ("lactmed_revision_date", "source_text")},
        ),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Withdrawing a monograph is `retire` (reviewed, kept with its history).

        Curators may delete a draft that never reached clinicians; anything ever published can
        only be deleted by a superuser (and that deletion is audited).
        """
        if obj is not None and obj.published_data is None:
            return services.user_can_curate(request.user)
        return bool(request.user.is_active and request.user.is_superuser)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        # Any edit (fields or inlines) needs a fresh second-person review.
        services.monograph_record_edit(drug=form.instance, by=request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Drug]:
        return super().get_queryset(request).select_related("last_edited_by", "approved_by")

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        extra = [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{name}_review",
            ),
            path(
                "<path:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name=f"{name}_revisions",
            ),
        ]
        return extra + super().get_urls()

    def _object_or_404(self, request: HttpRequest, object_id: str) -> Drug:
        drug = self.get_object(request, unquote(object_id))
        if drug is None:
            raise Http404("No such monograph.")
        if not self.has_view_permission(request, drug):
            raise PermissionDenied
        return drug

    REVIEW_ACTIONS: dict[str, tuple[str, str]] = {
        "submit": ("Submit for review", "Submitted"),
        "approve": ("Approve", "Approved"),
        "publish": ("Publish", "Published"),
        "retire": ("Retire", "Retired"),
    }

    @staticmethod
    def review_actions(drug: Drug) -> list[tuple[str, str]]:
        """The workflow steps that apply in the monograph's state (the services decide who)."""
        names = []
        if drug.status == Status.DRAFT:
            names.append("submit")
        if drug.status == Status.IN_REVIEW:
            names.append("approve")
            if drug.approved_by_id is not None:
                names.append("publish")
        if drug.status != Status.RETIRED and drug.published_data is not None:
            names.append("retire")
        return [(name, DrugAdmin.REVIEW_ACTIONS[name][0]) for name in names]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        drug = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if drug is not None:
            extra["review_actions"] = self.review_actions(drug)
        return super().change_view(request, object_id, form_url, extra)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET: working copy vs published, side by side, with the review buttons.
        POST ``action``: submit/approve/publish/retire through the services; refusals become
        messages on the monograph's change page."""
        drug = self._object_or_404(request, object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, drug):
                raise PermissionDenied
            action = request.POST.get("action", "")
            if action not in self.REVIEW_ACTIONS:
                messages.error(request, f"Unknown review action {action[:40]!r}.")
            else:
                service = getattr(services, f"monograph_{action}")
                try:
                    service(drug=drug, by=request.user)
                    messages.success(request, f"{self.REVIEW_ACTIONS[action][1]} {drug.name}.")
                except (PermissionDenied, ValidationError) as exc:
                    text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                    messages.error(request, f"{drug.name}: {text}")
            return redirect("admin:drugs_drug_change", drug.pk)
        sections = review.monograph_diff(drug=drug)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": drug,
            "title": f"Review: {drug}",
            "sections": sections,
            "changed_sections": [s.title for s in sections if s.changed],
            "review_actions": self.review_actions(drug),
        }
        return TemplateResponse(request, "admin/drugs/drug/review.html", context)

    def revisions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Read-only: every published revision, and the exact snapshot shown at one of them."""
        drug = self._object_or_404(request, object_id)
        revisions = list(services.monograph_revisions(drug=drug))
        shown = None
        wanted = request.GET.get("revision", "")
        if wanted:
            if not wanted.isdigit():
                raise Http404("No such revision.")
            try:
                snapshot = services.monograph_revision_snapshot(drug=drug, revision=int(wanted))
            except ObjectDoesNotExist as exc:
                raise Http404("No such revision.") from exc
            shown = {
                "revision": int(wanted),
                "json": json.dumps(snapshot, indent=2, sort_keys=True, ensure_ascii=False),
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": drug,
            "title": f"Published revisions: {drug}",
            "revisions": revisions,
            "shown": shown,
        }
        return TemplateResponse(request, "admin/drugs/drug/revisions.html", context)


@admin.register(Citation)
class CitationAdmin(HistoryReadOnlyMixin, CuratorPermissionMixin, SimpleHistoryAdmin):
    list_display = ("key", "kind", "title", "year", "url", "pmid", "doi")
    list_filter = ("kind",)
    search_fields = ("key", "title", "url", "pmid", "doi")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: Any) -> None:
        super().save_model(request, obj, form, change)
        # A citation is content of every monograph that cites it: its editor becomes their
        # last editor, so that person can never approve the change themselves.
        services.shared_content_edited(obj=obj, by=request.user)


@admin.register(DrugClass)
class DrugClassAdmin(HistoryReadOnlyMixin, CuratorPermissionMixin, SimpleHistoryAdmin):
    list_display = ("name", "atc_code")
    search_fields = ("name", "atc_code")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: Any) -> None:
        super().save_model(request, obj, form, change)
        services.shared_content_edited(obj=obj, by=request.user)


_COMBINATION_WORKFLOW = (
    "status",
    "last_edited_by",
    "approved_by",
    "reviewed_by",
    "last_reviewed_at",
    "published_at",
    "published_revision",
)


@admin.register(CombinationProduct)
class CombinationProductAdmin(
    ReviewActionsMixin, HistoryReadOnlyMixin, CuratorPermissionMixin, SimpleHistoryAdmin
):
    """Combination products are reviewed content: an edit goes back to draft, and clinicians
    see a change only after a second person approves and publishes it."""

    list_display = ("name", "slug", "status", "published_revision", "last_edited_by")
    list_filter = ("status",)
    search_fields = ("name", "slug", "brands")
    filter_horizontal = ("ingredients",)
    fields = ("name", "slug", "brands", "ingredients", "citation", *_COMBINATION_WORKFLOW)
    readonly_fields = _COMBINATION_WORKFLOW
    actions = ["submit_for_review", "approve", "publish", "retire"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        services.monograph_record_edit(drug=form.instance, by=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.published_data is None:
            return services.user_can_curate(request.user)
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(ImportJob)
class ImportJobAdmin(CuratorPermissionMixin, admin.ModelAdmin):
    list_display = (
        "kind",
        "source",
        "status",
        "processed",
        "total",
        "percent",
        "created",
        "updated",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "resume",
    )
    list_filter = ("kind", "status")
    readonly_fields = [*(f.name for f in ImportJob._meta.fields), "resume"]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        # The listing never shows a dead worker's job as running (the beat task also does this).
        services.import_jobs_mark_stale()
        return super().changelist_view(request, extra_context)

    @admin.display(description="resume command")
    def resume(self, obj: ImportJob) -> str:
        """For a stale or failed job: the command that resumes it (already-imported skipped)."""
        if obj.status in (ImportJob.JobStatus.STALE, ImportJob.JobStatus.FAILED):
            return obj.resume_command
        return "-"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
