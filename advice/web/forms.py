"""The scenario form (GET, so a verdict URL can be bookmarked) and the regimen form.

Typing and plausibility are checked here for clear field messages; the engine's own
validation (advice.engine.validate_scenario: unit checks, ranges) still runs afterwards and
its messages are attached to the same fields.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advice.engine.bounds import BOUNDS, bound_errors
from advice.services import SCENARIO_FIELDS
from drugs.vocabulary import Regimen, Route

ROUTE_LABELS = {
    "oral": _("By mouth"),
    "iv": _("Intravenous (IV)"),
    "im": _("Intramuscular (IM)"),
    "sc": _("Subcutaneous"),
    "inhaled": _("Inhaled"),
    "nasal": _("Nasal"),
    "topical": _("On the skin (topical)"),
    "ophthalmic": _("Eye drops"),
    "vaginal": _("Vaginal"),
    "rectal": _("Rectal"),
    "local": _("Local (infiltration, nerve block, dental)"),
    "epidural": _("Epidural"),
    "intrathecal": _("Intrathecal"),
    "transdermal": _("Skin patch (transdermal)"),
    "percutaneous": _("Percutaneous"),
    "sublingual": _("Under the tongue (sublingual)"),
    "buccal": _("In the cheek (buccal)"),
    "intradermal": _("Into the skin (intradermal)"),
    "intra_articular": _("Into a joint (intra-articular)"),
    "intrauterine": _("Intrauterine"),
    "otic": _("Ear drops"),
    "topical_breast": _("On the breast or nipple"),
}
REGIMEN_CHOICES = [
    ("", _("Typical for this drug")),
    (Regimen.SINGLE.value, _("Single dose")),
    (Regimen.CHRONIC.value, _("Regular (repeated) dosing")),
]
ROUTE_CHOICES = [("", _("Typical for this drug"))] + [
    (r.value, ROUTE_LABELS.get(r.value, r.value)) for r in Route
]
LANG_CHOICES = [("en", "English"), ("es", "Español")]


class ErrorSummaryMixin:
    """(field id, label, message) triples for the error summary at the top of a page."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, field label, message) for the error summary at the top of the page."""
        out = []
        for name, messages in self.errors.items():
            if name == "__all__":
                out.extend(("", "", str(m)) for m in messages)
                continue
            label = str(self.fields[name].label) if name in self.fields else name
            out.extend((f"id_{name}", label, str(m)) for m in messages)
        return out


class PhysicalBoundsMixin:
    """Every numeric field is checked against the physical bounds (advice.engine.bounds), the
    same function the API, the command line and the engine call; the message names the field."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        for name, message in bound_errors(cleaned).items():
            if name in self.fields and name not in self.errors:  # type: ignore[attr-defined]
                self.add_error(name, message)  # type: ignore[attr-defined]
        return cleaned


class ScenarioForm(ErrorSummaryMixin, PhysicalBoundsMixin, forms.Form):
    dose_mg = forms.FloatField(label=_("Dose (mg per dose)"), required=False)
    regimen = forms.ChoiceField(label=_("Dosing"), choices=REGIMEN_CHOICES, required=False)
    doses_per_day = forms.FloatField(label=_("Doses per day"), required=False)
    route = forms.ChoiceField(label=_("Route"), choices=ROUTE_CHOICES, required=False)
    infant_age_days = forms.IntegerField(
        label=_("Infant age (days)"),
        required=False,
        help_text=_("For example 14 for two weeks, 90 for three months."),
    )
    preterm = forms.BooleanField(label=_("Born preterm (before 37 weeks)"), required=False)
    confirm_dose = forms.BooleanField(
        label=_("I confirm this dose (go on after the unusual-dose warning)"), required=False
    )
    infant_weight_kg = forms.FloatField(label=_("Infant weight (kg)"), required=False)
    maternal_weight_kg = forms.FloatField(label=_("Parent's weight (kg)"), required=False)
    activity_mbq = forms.FloatField(label=_("Activity (MBq, radiopharmaceuticals)"), required=False)
    dose_time = forms.DateTimeField(
        label=_("Time of the dose"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Give it to get the clock time at which feeding can resume."),
    )

    def __init__(self, *args: Any, radioactive: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.radioactive = radioactive
        for field in self.fields.values():
            if isinstance(field, forms.FloatField | forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "decimal")
                field.widget.attrs["step"] = "any"
        _bound_attrs(self)

    def scenario_data(self) -> dict[str, Any]:
        """Cleaned values for advice.services.scenario_from_input (blank fields omitted)."""
        data: dict[str, Any] = {}
        for name in SCENARIO_FIELDS:
            value = self.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return data

    def add_engine_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


def _bound_attrs(form: forms.Form) -> None:
    """The browser's min/max hints, from the same bounds the server checks."""
    for name, field in form.fields.items():
        bound = BOUNDS.get(name)
        if bound is None:
            continue
        if not bound.low_exclusive:
            field.widget.attrs["min"] = f"{bound.low:g}"
        field.widget.attrs["max"] = f"{bound.high:g}"


class HandoutForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    lang = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES, required=False)
    clinician = forms.CharField(label=_("Clinician's name"), required=False, max_length=120)


class RegimenInfantForm(ErrorSummaryMixin, PhysicalBoundsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _bound_attrs(self)

    infant_age_days = ScenarioForm.base_fields["infant_age_days"]
    preterm = ScenarioForm.base_fields["preterm"]
    infant_weight_kg = ScenarioForm.base_fields["infant_weight_kg"]
