"""The curators' tool: edit drafts inline, submit, approve (second person), publish, retire.

State changes go through ``drugs.services``; the admin only calls them. Every curated model is
registered with simple-history's admin, so each object has a history page with who/when/what
and the changed fields.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from drugs import services
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
)


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


class PKInline(CuratorPermissionMixin, admin.TabularInline):
    model = PKValue
    fields = ("parameter", "value", "low", "high", "citation", "verified", "note")
    autocomplete_fields = ("citation",)
    extra = 0


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


class InfantEffectInline(CuratorPermissionMixin, admin.TabularInline):
    model = InfantEffect
    fields = ("description", "severity", "age_group", "citation")
    autocomplete_fields = ("citation",)
    extra = 0


class LactationEffectInline(CuratorPermissionMixin, admin.TabularInline):
    model = LactationEffect
    fields = ("effect", "description", "citation")
    autocomplete_fields = ("citation",)
    extra = 0


class GuidanceInline(CuratorPermissionMixin, admin.StackedInline):
    model = Guidance
    fields = (
        ("key", "verdict", "followed"),
        ("interrupt_hours_min", "interrupt_hours_max"),
        ("regimen", "routes", "preterm"),
        ("dose_min_mg", "dose_max_mg"),
        ("infant_age_min_days", "infant_age_max_days"),
        ("activity_min_mbq", "activity_max_mbq"),
        ("guideline", "guideline_version"),
        "rationale",
        "citation",
    )
    autocomplete_fields = ("citation",)
    extra = 0


class AlternativeInline(CuratorPermissionMixin, admin.TabularInline):
    model = Alternative
    fk_name = "drug"
    fields = ("alternative", "indication", "reason", "citation")
    autocomplete_fields = ("alternative", "citation")
    extra = 0


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


@admin.register(Drug)
class DrugAdmin(CuratorPermissionMixin, SimpleHistoryAdmin):
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
    ]
    actions = ["submit_for_review", "approve", "publish", "retire"]
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
                )
            },
        ),
        (
            "Flags",
            {
                "fields": (
                    ("cytotoxic", "radioactive", "isotope", "physical_half_life_h"),
                    (
                        "narrow_therapeutic_index",
                        "reduces_milk_supply",
                        "cns_depressant",
                        "active_metabolites",
                    ),
                    "poor_infant_oral_absorption",
                    "minimal_absorption_routes",
                )
            },
        ),
        (
            "Typical adult dose",
            {
                "fields": (
                    (
                        "typical_dose_mg",
                        "typical_doses_per_day",
                        "typical_route",
                        "typical_regimen",
                    ),
                    ("typical_activity_mbq", "max_dose_mg"),
                    ("typical_dose_citation", "typical_dose_verified"),
                )
            },
        ),
        ("Sources", {"fields": ("lactmed_revision_date", "source_text")}),
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

    @admin.action(description="Submit for review")
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        _run(request, queryset, services.monograph_submit, "Submitted")

    @admin.action(description="Approve (reviewer, not the last editor)")
    def approve(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        _run(request, queryset, services.monograph_approve, "Approved")

    @admin.action(description="Publish approved revisions")
    def publish(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        _run(request, queryset, services.monograph_publish, "Published")

    @admin.action(description="Retire (keeps the record and its history)")
    def retire(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        _run(request, queryset, services.monograph_retire, "Retired")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Drug]:
        return super().get_queryset(request).select_related("last_edited_by", "approved_by")


@admin.register(Citation)
class CitationAdmin(CuratorPermissionMixin, SimpleHistoryAdmin):
    list_display = ("key", "kind", "title", "year", "url", "pmid", "doi")
    list_filter = ("kind",)
    search_fields = ("key", "title", "url", "pmid", "doi")


@admin.register(DrugClass)
class DrugClassAdmin(CuratorPermissionMixin, admin.ModelAdmin):
    list_display = ("name", "atc_code")
    search_fields = ("name", "atc_code")


@admin.register(CombinationProduct)
class CombinationProductAdmin(CuratorPermissionMixin, SimpleHistoryAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("ingredients",)


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


for model in (PKValue, MilkStudy, Guidance):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (CuratorPermissionMixin, SimpleHistoryAdmin),
            {
                "list_display": ("__str__", "drug"),
                "search_fields": ("drug__name",),
                "list_select_related": ("drug",),
            },
        ),
    )
