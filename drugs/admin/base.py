"""Shared admin plumbing: history read-only, curator permissions, the stale filter and the
review actions every reviewed model offers."""

import logging
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from drugs import services
from drugs.models import (
    Drug,
)
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
