"""Strict inputs of the public API.

Inputs are strict about JSON types (a dose is a number, not "50" or true) so that a wrong type
is named as such; clinical validation (dose > 0, activity only for radiopharmaceuticals, weight
ranges) stays in the engine (`advice.engine.validation`) so every interface refuses alike.
"""

import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from advice.engine import Regimen, Route

ROUTES = [r.value for r in Route]
REGIMENS = [r.value for r in Regimen]
MAX_REGIMEN_ITEMS = 10


# --- Strict JSON input fields --------------------------------------------------------------
class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"invalid": "A number is required."}

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "A whole number is required."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


@extend_schema_field(OpenApiTypes.DATETIME)
class IsoDateTimeField(StrictCharField):
    """An ISO 8601 date-time kept as the caller's string, so the engine (like the command line)
    parses it and the echoed resume time keeps the caller's UTC offset."""

    default_error_messages = {"invalid": "Enter a date and time like 2026-11-28T14:30+00:00."}

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            datetime.datetime.fromisoformat(value)
        except ValueError:
            self.fail("invalid")
        return value


class NoUnknownFieldsMixin:
    """Refuse keys the operation does not know (a misspelt `dose_mg` must not be ignored)."""

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, Any] = {}
        if isinstance(data, dict):
            names = sorted(set(data) - set(self.fields))  # type: ignore[attr-defined]
            unknown = {name: ["Unknown field."] for name in names}
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class ScenarioInputSerializer(NoUnknownFieldsMixin, serializers.Serializer):
    """One clinical question: the fields of `manage.py advise`."""

    drug = StrictCharField(
        max_length=200,
        help_text="Generic, brand or common name, or a monograph slug (e.g. 'sertraline', "
        "'Zoloft').",
    )
    dose_mg = StrictFloatField(
        required=False, allow_null=True, help_text="Amount per dose in milligrams (mg)."
    )
    regimen = serializers.ChoiceField(
        choices=REGIMENS,
        required=False,
        allow_null=True,
        help_text="'single' (one dose) or 'chronic' (regular dosing).",
    )
    doses_per_day = StrictFloatField(required=False, allow_null=True)
    route = StrictCharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text="One of: " + ", ".join(ROUTES) + " (common spellings such as 'PO' accepted).",
    )
    infant_age_days = StrictIntegerField(required=False, allow_null=True)
    preterm = StrictBooleanField(required=False, default=False)
    infant_weight_kg = StrictFloatField(required=False, allow_null=True)
    maternal_weight_kg = StrictFloatField(required=False, allow_null=True)
    activity_mbq = StrictFloatField(
        required=False,
        allow_null=True,
        help_text="Administered activity in MBq (radiopharmaceuticals only).",
    )
    dose_time = IsoDateTimeField(
        required=False,
        allow_null=True,
        help_text="When the dose is (or was) given, with a UTC offset; gives resume_at.",
    )

    def scenario_data(self) -> dict[str, Any]:
        """The validated scenario as `advice_for(data=...)` takes it (drug excluded)."""
        return {k: v for k, v in self.validated_data.items() if k != "drug" and v is not None}


class RegimenInputSerializer(NoUnknownFieldsMixin, serializers.Serializer):
    items = ScenarioInputSerializer(many=True, min_length=1, max_length=MAX_REGIMEN_ITEMS)


class DrugSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Name to search (generic, brand, synonym, class); empty lists all drugs.",
    )
