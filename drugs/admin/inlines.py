"""The inline editors of a monograph's child rows (edited only inside their monograph)."""

from django.contrib import admin

from drugs.admin.base import CuratorPermissionMixin
from drugs.models import (
    Alternative,
    DrugName,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PKValue,
)


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
