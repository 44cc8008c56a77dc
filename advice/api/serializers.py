"""Serializers of the public API: strict inputs, and documented shapes of what we return.

Inputs are strict about JSON types (a dose is a number, not "50" or true) so that a wrong type
is named as such; clinical validation (dose > 0, activity only for radiopharmaceuticals, weight
ranges) stays in the engine (`advice.engine.validation`) so every interface refuses alike.
Output serializers document the verdict JSON (`Verdict.to_dict()`) and the published monograph
snapshot (`drugs.services.monograph_snapshot`) for OpenAPI; the views return those dicts as is,
so the API answers byte-for-byte what `manage.py advise --json` prints.
"""

import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from advice.engine import Category, Evidence, Regimen, Route

CATEGORIES = [c.value for c in Category]
EVIDENCE = [e.value for e in Evidence]
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


# --- Errors --------------------------------------------------------------------------------
class SuggestionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    matched_name = serializers.CharField()
    match = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Each bad field (nested ones as 'items[0].dose_mg') and what is wrong.",
    )
    suggestions = SuggestionSerializer(
        many=True, required=False, help_text="'Did you mean' for an unknown drug name."
    )
    lactmed_search_url = serializers.URLField(
        required=False,
        help_text="LactRx has no monograph for the drug named: search NLM's LactMed on NCBI "
        "for it here. The suggestions are other drugs, never the answer.",
    )


# --- Verdicts ------------------------------------------------------------------------------
class CitationOutSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    pmid = serializers.CharField(allow_null=True)
    doi = serializers.CharField(allow_null=True)
    publisher = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)


class ReasonOutSerializer(serializers.Serializer):
    rule = serializers.CharField()
    category = serializers.ChoiceField(choices=CATEGORIES, allow_null=True)
    text = serializers.CharField()
    citation_keys = serializers.ListField(child=serializers.CharField())


class AlternativeOutSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    indication = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    category = serializers.ChoiceField(choices=CATEGORIES)
    evidence = serializers.ChoiceField(choices=EVIDENCE)
    rid_pct = serializers.FloatField(allow_null=True)


class ActivityRowOutSerializer(serializers.Serializer):
    activity_min_mbq = serializers.FloatField(allow_null=True)
    activity_max_mbq = serializers.FloatField(allow_null=True)
    category = serializers.ChoiceField(choices=CATEGORIES)
    interrupt_hours = serializers.FloatField(allow_null=True)
    guideline = serializers.CharField(allow_blank=True)
    guideline_version = serializers.CharField(allow_blank=True)
    citation_keys = serializers.ListField(child=serializers.CharField())
    applies = serializers.BooleanField()


class ResolvedFromSerializer(serializers.Serializer):
    query = serializers.CharField()
    match = serializers.CharField(help_text="exact, combination or misspelling.")
    note = serializers.CharField(
        allow_null=True, help_text="Set when the name was read differently from how it was typed."
    )


class IngredientOutSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ProductOutSerializer(serializers.Serializer):
    """What the query resolved to: one drug, or a combination of ingredient monographs."""

    slug = serializers.CharField(help_text="A drug slug, or ingredient slugs joined by '+'.")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="'drug' or 'combination'.")
    ingredients = IngredientOutSerializer(many=True)
    brands = serializers.ListField(child=serializers.CharField())
    curated = serializers.BooleanField(
        help_text="False for a combination no product record lists (its ingredients' verdicts)."
    )


class VerdictSerializer(serializers.Serializer):
    """One drug's verdict: `advice_for(...).to_dict()`, as `manage.py advise --json` prints."""

    verdict = serializers.CharField(help_text="Same as category.")
    category = serializers.ChoiceField(choices=CATEGORIES)
    interrupt_hours = serializers.FloatField(allow_null=True)
    resume_at = serializers.DateTimeField(allow_null=True)
    rid_pct = serializers.FloatField(allow_null=True, help_text="Relative infant dose, %.")
    rid_source = serializers.ChoiceField(choices=["measured", "estimated"], allow_null=True)
    infant_dose_mg_per_kg_day = serializers.FloatField(allow_null=True)
    evidence = serializers.ChoiceField(choices=EVIDENCE)
    reasons = ReasonOutSerializer(many=True)
    citations = CitationOutSerializer(many=True)
    alternatives = AlternativeOutSerializer(many=True)
    monitoring = serializers.ListField(child=serializers.CharField())
    interruption_costs = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    inputs = serializers.DictField(help_text="Each input with its value and whether defaulted.")
    numbers = serializers.DictField(help_text="Each computed number with unit and source.")
    drug_slug = serializers.CharField()
    drug_name = serializers.CharField()
    engine_version = serializers.CharField()
    activity_table = ActivityRowOutSerializer(many=True)
    rules = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Rule ids, decisive first (single-drug answers only).",
    )
    product = ProductOutSerializer(required=False, help_text="What the query resolved to.")
    resolved_from = ResolvedFromSerializer(
        required=False, help_text="How the drug name in the request was read."
    )


class RegimenVerdictSerializer(serializers.Serializer):
    """Several drugs taken together: each verdict and the most restrictive combined one."""

    verdict = serializers.CharField(help_text="Same as combined.")
    combined = serializers.CharField(help_text="The most restrictive category of the items.")
    combined_interrupt_hours = serializers.FloatField(allow_null=True)
    items = VerdictSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    engine_version = serializers.CharField()


class CombinationVerdictSerializer(RegimenVerdictSerializer):
    """A combination product (e.g. a brand with two ingredients) named in POST /advice."""

    combination = serializers.ListField(child=serializers.CharField())
    driven_by = IngredientOutSerializer(
        allow_null=True, help_text="The ingredient whose verdict is the combined verdict."
    )
    product = ProductOutSerializer(help_text="What the query resolved to.")
    resolved_from = ResolvedFromSerializer(
        required=False, help_text="How the drug name in the request was read."
    )


# --- Drugs ---------------------------------------------------------------------------------
class TypicalVerdictSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORIES)
    interrupt_hours = serializers.FloatField(allow_null=True)
    evidence = serializers.ChoiceField(choices=EVIDENCE)
    driven_by = IngredientOutSerializer(
        allow_null=True, help_text="For a combination: the ingredient that sets the verdict."
    )
    rid_pct = serializers.FloatField(
        allow_null=True,
        required=False,
        help_text="Relative infant dose at the typical dose, %, when it counted (else null).",
    )


class DrugHitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    classes = serializers.ListField(child=serializers.CharField())
    matched_name = serializers.CharField()
    matched_kind = serializers.CharField()
    target = serializers.CharField(help_text="'drug' or 'combination' (slug: ingredients + ...).")
    match = serializers.ChoiceField(
        choices=[
            "exact",
            "combination",
            "misspelling",
            "class",
            "prefix",
            "related",
            "fuzzy",
            "lookalike",
            "all",
        ],
        help_text="exact: the name typed; combination: a combination of names typed; "
        "misspelling: one close spelling of a drug's own name; class: a member of the class "
        "typed; prefix: a name starting with what was typed; related, fuzzy, lookalike: other "
        "drugs offered as suggestions, never the drug typed.",
    )
    lookalike_of = serializers.CharField(allow_null=True)
    combination = serializers.CharField(allow_null=True)
    ingredients = IngredientOutSerializer(many=True)
    verdict = TypicalVerdictSerializer(
        allow_null=True, help_text="Verdict for the typical adult dose; null if unavailable."
    )


class DrugPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DrugHitSerializer(many=True)


class DrugSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Name to search (generic, brand, synonym, class); empty lists all drugs.",
    )


class FlagsSerializer(serializers.Serializer):
    cytotoxic = serializers.BooleanField()
    radioactive = serializers.BooleanField()
    isotope = serializers.CharField(allow_null=True)
    physical_half_life_h = serializers.FloatField(allow_null=True)
    narrow_therapeutic_index = serializers.BooleanField()
    reduces_milk_supply = serializers.BooleanField()
    cns_depressant = serializers.BooleanField()
    serotonergic = serializers.BooleanField(default=False)
    radioiodine = serializers.BooleanField(default=False)
    active_metabolites = serializers.BooleanField()
    poor_infant_oral_absorption = serializers.BooleanField()
    minimal_absorption_routes = serializers.ListField(child=serializers.CharField())


class TypicalDoseSerializer(serializers.Serializer):
    dose_mg = serializers.FloatField(allow_null=True)
    doses_per_day = serializers.FloatField(allow_null=True)
    route = serializers.CharField()
    regimen = serializers.CharField()
    activity_mbq = serializers.FloatField(allow_null=True)
    max_dose_mg = serializers.FloatField(allow_null=True)
    verified = serializers.BooleanField()
    citation = serializers.CharField(allow_null=True)


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    locale = serializers.CharField(allow_blank=True)


# Units of the PK parameters (drugs.models.PkValue.Parameter); the snapshot stores bare values.
PK_UNITS = {
    "half_life_h": "h",
    "oral_bioavailability_pct": "%",
    "vd_l_per_kg": "L/kg",
    "mw_da": "Da",
    "mp_ratio": "ratio",
    "protein_binding_pct": "%",
    "pka": "",
    "logp": "",
    "tmax_h": "h",
}


class PkValueSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField()
    unit = serializers.SerializerMethodField()
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    citation = serializers.CharField(allow_null=True, help_text="Citation key.")
    verified = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)

    def get_unit(self, obj: dict[str, Any]) -> str:
        return PK_UNITS.get(obj.get("parameter", ""), "")


class MilkStudySerializer(serializers.Serializer):
    maternal_dose_mg = serializers.FloatField(allow_null=True)
    maternal_dose_text = serializers.CharField(allow_blank=True)
    regimen = serializers.CharField()
    doses_per_day = serializers.FloatField(allow_null=True)
    n_mothers = serializers.IntegerField(allow_null=True)
    milk_conc_avg_mg_per_l = serializers.FloatField(allow_null=True)
    milk_conc_peak_mg_per_l = serializers.FloatField(allow_null=True)
    rid_pct = serializers.FloatField(allow_null=True)
    infant_serum = serializers.CharField(allow_blank=True)
    citation = serializers.CharField(allow_null=True)


class InfantEffectSerializer(serializers.Serializer):
    description = serializers.CharField()
    severity = serializers.CharField()
    age_group = serializers.CharField()
    citation = serializers.CharField(allow_null=True)


class LactationEffectSerializer(serializers.Serializer):
    effect = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    citation = serializers.CharField(allow_null=True)


class GuidanceSerializer(serializers.Serializer):
    key = serializers.CharField()
    verdict = serializers.CharField(help_text="A verdict category.")
    interrupt_hours_min = serializers.FloatField(allow_null=True)
    interrupt_hours_max = serializers.FloatField(allow_null=True)
    regimen = serializers.CharField(allow_null=True)
    routes = serializers.ListField(child=serializers.CharField())
    dose_min_mg = serializers.FloatField(allow_null=True)
    dose_max_mg = serializers.FloatField(allow_null=True)
    dose_per_day_min_mg = serializers.FloatField(allow_null=True, required=False)
    dose_per_day_max_mg = serializers.FloatField(allow_null=True, required=False)
    interval_min_h = serializers.FloatField(
        allow_null=True, required=False, help_text="Hours between regular doses (168: weekly)."
    )
    interval_max_h = serializers.FloatField(allow_null=True, required=False)
    infant_age_min_days = serializers.IntegerField(allow_null=True)
    infant_age_max_days = serializers.IntegerField(allow_null=True)
    preterm = serializers.BooleanField(allow_null=True)
    activity_min_mbq = serializers.FloatField(allow_null=True)
    activity_max_mbq = serializers.FloatField(allow_null=True)
    guideline = serializers.CharField(allow_blank=True)
    guideline_version = serializers.CharField(allow_blank=True)
    rationale = serializers.CharField(allow_blank=True)
    citation = serializers.CharField(allow_null=True)
    followed = serializers.BooleanField()


class AlternativeRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    indication = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    citation = serializers.CharField(allow_null=True)


class MonographCitationSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    pmid = serializers.CharField(allow_null=True)
    doi = serializers.CharField(allow_null=True)
    link = serializers.CharField()
    publisher = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    revision_date = serializers.DateField(allow_null=True)
    accessed = serializers.DateField(allow_null=True)
    cited_for = serializers.CharField(allow_null=True)


class MonographSerializer(serializers.Serializer):
    """The published, reviewed monograph (never the working copy curators are editing)."""

    slug = serializers.CharField()
    external_id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()
    classes = serializers.ListField(child=serializers.CharField())
    cas_number = serializers.CharField(allow_null=True)
    rxnorm_cui = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    revision = serializers.IntegerField()
    last_reviewed = serializers.DateField(allow_null=True)
    lactmed_revision_date = serializers.DateField(allow_null=True)
    stale = serializers.SerializerMethodField(help_text="Not reviewed for over 24 months.")
    flags = FlagsSerializer()
    typical_dose = TypicalDoseSerializer()
    names = NameSerializer(many=True)
    pk = PkValueSerializer(many=True)
    milk_studies = MilkStudySerializer(many=True)
    infant_effects = InfantEffectSerializer(many=True)
    lactation_effects = LactationEffectSerializer(many=True)
    guidance = GuidanceSerializer(many=True)
    alternatives = AlternativeRefSerializer(many=True)
    citations = MonographCitationSerializer(many=True)

    def get_stale(self, obj: dict[str, Any]) -> bool:
        return bool(self.context.get("stale", False))
