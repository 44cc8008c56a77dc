"""Curators edit a monograph's translations inline, beside the English they translate.

Each row shows the monograph's current English for its section and whether the translation is
current. A row whose English changed after it was translated is flagged STALE: clinicians see
the English (marked as such) until a curator updates the Spanish and confirms the English it
now translates. Saving the monograph sends it back to draft, like any other edit (DrugAdmin).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from drugs import services
from drugs.translations import MonographTranslation, is_current, source_sha, working_english


class TranslationForm(forms.ModelForm):
    source_text = forms.CharField(
        label="English it translates",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 50}),
        help_text="Leave empty to use the monograph's current English for this section "
        "(summary, a guidance key or an alternative's slug). For an effect, paste its "
        "description.",
    )

    class Meta:
        model = MonographTranslation
        fields = ("locale", "section", "ref", "source_text", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 50})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        drug = self.instance.drug if self.instance.drug_id else getattr(self, "parent", None)
        if drug is None or not self.has_changed():
            return data
        current = [
            t for t in working_english(drug, data.get("section"), data.get("ref") or "") if t
        ]
        source = (data.get("source_text") or "").strip()
        if not source and len(current) == 1:
            data["source_text"] = current[0]
        elif not source:
            self.add_error("source_text", "Paste the English text this translates.")
        elif source_sha(source) not in {source_sha(t) for t in current}:
            self.add_error(
                "source_text",
                "This English is not in the monograph now: copy its current English here once "
                "the translation matches it.",
            )
        return data

    def save(self, commit: bool = True) -> MonographTranslation:
        row = super().save(commit=False)
        if self.has_changed():
            row.origin = MonographTranslation.Origin.CURATOR  # a curator wrote or checked it
        if commit:
            row.save()
        return row


class TranslationInline(admin.StackedInline):
    model = MonographTranslation
    form = TranslationForm
    extra = 0
    classes = ["collapse"]
    verbose_name = "translation of curated text"
    verbose_name_plural = "translations of curated text (reviewed with the monograph)"
    fields = (
        ("locale", "section", "ref", "origin"),
        "status",
        "current_english",
        "source_text",
        "text",
    )
    readonly_fields = ("status", "current_english", "origin")

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        form = formset.form

        class Bound(form):  # type: ignore[misc, valid-type]
            parent = obj

        formset.form = Bound
        return formset

    @admin.display(description="status")
    def status(self, row: MonographTranslation) -> str:
        if not row.pk:
            return "new"
        if is_current(row):
            return "current"
        return format_html(
            "<strong>{}</strong>: the English changed after this was translated; clinicians "
            "see the English until the translation is updated",
            "STALE",
        )

    @admin.display(description="current English")
    def current_english(self, row: MonographTranslation) -> str:
        if not row.pk:
            return ""
        texts = [t for t in working_english(row.drug, row.section, row.ref) if t]
        return format_html_join("", "<p>{}</p>", ((t,) for t in texts)) or "(none)"

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return services.user_can_curate(request.user)
