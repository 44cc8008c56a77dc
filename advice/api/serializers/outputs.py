"""Documented shapes of the verdicts, errors and search hits the API returns.

They document the verdict JSON (`Verdict.to_dict()`) for OpenAPI; the views return those dicts
as is, so the API answers byte-for-byte what `manage.py advise --json` prints.
"""

from rest_framework import serializers

from advice.engine import Category, Evidence, RuleId

CATEGORIES = [c.value for c in Category]
EVIDENCE = [e.value for e in Evidence]
RULES = [r.value for r in RuleId]


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
    rule = serializers.ChoiceField(choices=RULES, help_text="The rule that gave this reason.")
    category = serializers.ChoiceField(choices=CATEGORIES, allow_null=True)
    text = serializers.CharField(help_text="The engine's English sentence.")
    citation_keys = serializers.ListField(child=serializers.CharField())
    code = serializers.CharField(
        help_text="The message code of the sentence ('<rule>' or '<rule>.<variant>'): an "
        "interface that words or translates the reason itself keys its text by it."
    )
    params = serializers.DictField(help_text="The values the sentence states, by name.")
    prefix = serializers.CharField(
        allow_blank=True,
        help_text="For a reason kept for reference: the code of its lead-in (why it does not "
        "decide), said before the text; empty otherwise.",
    )


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
