"""Admin for CDS Hooks feedback: read-only rows and counts per drug and outcome."""

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest, HttpResponse

from advice.cds.models import CdsFeedback
from drugs import services


def feedback_counts() -> list[dict[str, Any]]:
    """[{drug_slug, accepted, overridden, total}] with the most overridden first."""
    rows: dict[str, dict[str, Any]] = {}
    for row in CdsFeedback.objects.values("drug_slug", "outcome").annotate(n=Count("id")):
        slug = row["drug_slug"] or "(unknown)"
        item = rows.setdefault(slug, {"drug_slug": slug, "accepted": 0, "overridden": 0})
        item[row["outcome"]] = row["n"]
    out = [{**r, "total": r["accepted"] + r["overridden"]} for r in rows.values()]
    return sorted(out, key=lambda r: (-r["overridden"], -r["total"], r["drug_slug"]))


@admin.register(CdsFeedback)
class CdsFeedbackAdmin(admin.ModelAdmin):
    change_list_template = "admin/advice/cdsfeedback/change_list.html"
    list_display = (
        "received_at",
        "drug_slug",
        "outcome",
        "override_code",
        "override_display",
        "service",
    )
    list_filter = ("outcome", "service", "drug_slug")
    search_fields = ("drug_slug", "product_name", "override_code", "override_display")
    readonly_fields = [f.name for f in CdsFeedback._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return services.user_can_curate(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra = {**(extra_context or {}), "feedback_counts": feedback_counts()}
        return super().changelist_view(request, extra_context=extra)
