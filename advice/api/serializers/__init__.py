"""Serializers of the public API: strict inputs, and documented shapes of what we return.

- `inputs`: the strict JSON inputs (a dose is a number, not "50" or true);
- `outputs`: the verdicts (`Verdict.to_dict()`), errors and search hits;
- `monograph`: the published monograph, generated from the one snapshot schema
  (`drugs.snapshot`).

The views return the engine's dicts as is, so the API answers byte-for-byte what
`manage.py advise --json` prints.
"""

from advice.api.serializers.inputs import (
    MAX_REGIMEN_ITEMS,
    REGIMENS,
    ROUTES,
    DrugSearchQuerySerializer,
    IsoDateTimeField,
    NoUnknownFieldsMixin,
    RegimenInputSerializer,
    ScenarioInputSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
)
from advice.api.serializers.monograph import MonographSerializer, serializer_for
from advice.api.serializers.outputs import (
    CATEGORIES,
    EVIDENCE,
    ActivityRowOutSerializer,
    AlternativeOutSerializer,
    CitationOutSerializer,
    CombinationVerdictSerializer,
    DrugHitSerializer,
    DrugPageSerializer,
    ErrorSerializer,
    IngredientOutSerializer,
    ProductOutSerializer,
    ReasonOutSerializer,
    RegimenVerdictSerializer,
    ResolvedFromSerializer,
    SuggestionSerializer,
    TypicalVerdictSerializer,
    VerdictSerializer,
)

__all__ = [
    "CATEGORIES",
    "EVIDENCE",
    "MAX_REGIMEN_ITEMS",
    "REGIMENS",
    "ROUTES",
    "ActivityRowOutSerializer",
    "AlternativeOutSerializer",
    "CitationOutSerializer",
    "CombinationVerdictSerializer",
    "DrugHitSerializer",
    "DrugPageSerializer",
    "DrugSearchQuerySerializer",
    "ErrorSerializer",
    "IngredientOutSerializer",
    "IsoDateTimeField",
    "MonographSerializer",
    "NoUnknownFieldsMixin",
    "ProductOutSerializer",
    "ReasonOutSerializer",
    "RegimenInputSerializer",
    "RegimenVerdictSerializer",
    "ResolvedFromSerializer",
    "ScenarioInputSerializer",
    "StrictBooleanField",
    "StrictCharField",
    "StrictFloatField",
    "StrictIntegerField",
    "SuggestionSerializer",
    "TypicalVerdictSerializer",
    "VerdictSerializer",
    "serializer_for",
]
