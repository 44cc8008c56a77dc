"""The monograph admin: inline editing, the review workflow and the review pages."""

import json
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
from drugs.admin.base import (
    CuratorPermissionMixin,
    HistoryReadOnlyMixin,
    ReviewActionsMixin,
    StaleFilter,
)
from drugs.admin.inlines import (
    AlternativeInline,
    GuidanceInline,
    InfantEffectInline,
    LactationEffectInline,
    MilkStudyInline,
    NameInline,
    PKInline,
)
from drugs.admin.translations import TranslationInline
from drugs.models import (
    Drug,
    Status,
)


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
        TranslationInline,  # drugs/admin/translations.py
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
