"""The admins of shared rows (citations, classes), combination products and import jobs."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from drugs import services
from drugs.admin.base import (
    CuratorPermissionMixin,
    HistoryReadOnlyMixin,
    ReviewActionsMixin,
)
from drugs.models import (
    Citation,
    CombinationProduct,
    DrugClass,
    ImportJob,
)


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
