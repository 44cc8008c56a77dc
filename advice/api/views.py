"""The public JSON API (`/api/v1/`): thin DRF views over the drug selectors and advice services.

One view per operation. Authentication, permissions and throttles come from REST_FRAMEWORK in
settings (read endpoints public; anonymous and per-token rates). Curated content is read-only:
the drug views answer GET only, so POST/PUT/PATCH/DELETE get 405. Every error body has the same
shape, `{"detail": ..., "errors": {field: message}}`, built by `exception_handler` below.
"""

import logging

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from advice import fragments
from advice.api import serializers
from advice.api.base import ApiView, InvalidInput, _flatten
from advice.engine import RuleId, ScenarioError
from advice.services import advice_for, advice_regimen_for, hit_chips, product_chip
from drugs.models import Drug
from drugs.published import monograph_of
from drugs.selectors import (
    FOUND,
    DrugNotFound,
    Ingredient,
    Product,
    SearchHit,
    drug_get_published,
    drug_search,
    product_resolve,
    published_drugs,
)

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 50  # search hits served (paginated) for one query


ERROR_RESPONSES: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(serializers.ErrorSerializer, description="Invalid or inactive token."),
    406: OpenApiResponse(serializers.ErrorSerializer, description="Only JSON is served."),
    429: OpenApiResponse(
        serializers.ErrorSerializer,
        description="Too many requests; see the Retry-After header (seconds).",
    ),
}
BODY_ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(
        serializers.ErrorSerializer,
        description="Invalid input: every bad field is named in `errors`.",
        examples=[
            OpenApiExample(
                "Unknown drug",
                value={
                    "detail": "Invalid input. drug: No published monograph matches 'sertralin'."
                    " Did you mean: sertraline?",
                    "errors": {
                        "drug": "No published monograph matches 'sertralin'. Did you mean: "
                        "sertraline?"
                    },
                    "suggestions": [
                        {
                            "slug": "sertraline",
                            "name": "sertraline",
                            "matched_name": "sertraline",
                            "match": "fuzzy",
                        }
                    ],
                },
            ),
            OpenApiExample(
                "Negative dose and activity for a non-radioactive drug",
                value={
                    "detail": "Invalid input. activity_mbq: sertraline is not radioactive; an "
                    "administered activity does not apply.; dose_mg: The dose must be greater "
                    "than 0 mg.",
                    "errors": {
                        "activity_mbq": "sertraline is not radioactive; an administered "
                        "activity does not apply.",
                        "dose_mg": "The dose must be greater than 0 mg.",
                    },
                },
            ),
        ],
    ),
    413: OpenApiResponse(serializers.ErrorSerializer, description="Body too large."),
    415: OpenApiResponse(serializers.ErrorSerializer, description="Send application/json."),
}


# --- Drugs ---------------------------------------------------------------------------------
class DrugPagination(PageNumberPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"


DRUG_HIT_EXAMPLE = {
    "slug": "sertraline",
    "name": "sertraline",
    "kind": "drug",
    "classes": ["Selective serotonin reuptake inhibitor"],
    "matched_name": "Zoloft",
    "matched_kind": "brand",
    "match": "exact",
    "lookalike_of": None,
    "combination": None,
    "verdict": {"category": "compatible", "interrupt_hours": None, "evidence": "curated"},
}


class DrugListApi(ApiView):
    @extend_schema(
        operation_id="drugs_search",
        summary="Search drugs (generic, brand, synonym, class), with a typical-dose verdict",
        parameters=[
            serializers.DrugSearchQuerySerializer,
            OpenApiParameter("page", int, description="Page number (from 1)."),
            OpenApiParameter("page_size", int, description="Results per page (max 100)."),
        ],
        responses={
            200: serializers.DrugPageSerializer,
            400: OpenApiResponse(serializers.ErrorSerializer, description="Bad query."),
            404: OpenApiResponse(serializers.ErrorSerializer, description="No such page."),
            **ERROR_RESPONSES,
        },
        examples=[
            OpenApiExample(
                "Brand name",
                value={"count": 1, "next": None, "previous": None, "results": [DRUG_HIT_EXAMPLE]},
                response_only=True,
                status_codes=["200"],
            )
        ],
        tags=["drugs"],
    )
    def get(self, request: Request) -> Response:
        query = serializers.DrugSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data.get("q", "").strip()
        paginator = DrugPagination()
        if q:
            hits = [h for h in drug_search(q=q, limit=SEARCH_LIMIT) if h.slug]
            page = paginator.paginate_queryset(hits, request, view=self) or []
            chips = hit_chips(page)
            rows = [{**hit.as_dict(), "verdict": chips.get(hit.slug)} for hit in page]
        else:
            qs = (
                published_drugs()
                .order_by("name")
                .only("id", "slug", "name", "kind", "published_data")
            )
            page_drugs = paginator.paginate_queryset(qs, request, view=self) or []
            rows = []
            for d in page_drugs:
                product = Product(
                    slug=d.slug, name=d.name, ingredients=(Ingredient(d.slug, d.name),)
                )
                rows.append(
                    {
                        "slug": d.slug,
                        "name": d.name,
                        "kind": d.kind,
                        "target": "drug",
                        "classes": list(getattr(monograph_of(d), "classes", ())),
                        "matched_name": d.name,
                        "matched_kind": "generic",
                        "match": "all",
                        "lookalike_of": None,
                        "combination": None,
                        "ingredients": [],
                        "verdict": product_chip(product),
                    }
                )
        return paginator.get_paginated_response(rows)


class DrugDetailApi(ApiView):
    @extend_schema(
        operation_id="drugs_retrieve",
        summary="The published monograph of one drug",
        description="Names, PK values (each with unit, verified flag and citation key), "
        "milk-level studies, infant and lactation effects, curated guidance, alternatives, "
        "citations and the last review date. Only reviewed, published content is served.",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                examples=[OpenApiExample("sertraline", value="sertraline")],
            )
        ],
        responses={
            200: serializers.MonographSerializer,
            404: OpenApiResponse(serializers.ErrorSerializer, description="Unknown slug."),
            **ERROR_RESPONSES,
        },
        tags=["drugs"],
    )
    def get(self, request: Request, slug: str) -> Response:
        try:
            drug = drug_get_published(slug=slug)
        except Drug.DoesNotExist as exc:
            raise exceptions.NotFound(f"No published monograph has the slug '{slug}'.") from exc
        body = serializers.MonographSerializer(
            monograph_of(drug), context={"stale": drug.stale}
        ).data
        return Response(body)


# --- Advice --------------------------------------------------------------------------------
ADVICE_REQUEST_EXAMPLES = [
    OpenApiExample(
        "Sertraline, regular dosing",
        value={
            "drug": "sertraline",
            "dose_mg": 50,
            "regimen": "chronic",
            "doses_per_day": 1,
            "route": "oral",
            "infant_age_days": 90,
        },
        request_only=True,
    ),
    OpenApiExample(
        "Brand name, preterm newborn",
        value={"drug": "Zoloft", "infant_age_days": 10, "preterm": True},
        request_only=True,
    ),
    OpenApiExample(
        "Radiopharmaceutical with administered activity",
        value={
            "drug": "sodium-iodide-i-123",
            "activity_mbq": 15,
            "dose_time": "2026-11-28T14:30:00+00:00",
        },
        request_only=True,
    ),
]
VERDICT_EXAMPLE = {
    "verdict": "compatible",
    "category": "compatible",
    "interrupt_hours": None,
    "resume_at": None,
    "rid_pct": 0.54,
    "rid_source": "measured",
    "infant_dose_mg_per_kg_day": 0.0041,
    "evidence": "curated",
    "reasons": [
        {
            "rule": RuleId.CURATED_GUIDANCE.value,
            "category": "compatible",
            "text": "LactMed: acceptable during breastfeeding.",
            "citation_keys": ["sertraline:lactmed"],
            "code": RuleId.CURATED_GUIDANCE.value,
            "params": {"key": "sertraline:lactmed", "guideline": "LactMed"},
            "prefix": "",
        }
    ],
    "citations": [
        {
            "key": "sertraline:lactmed",
            "kind": "lactmed",
            "title": "Sertraline",
            "url": "https://ncbi.nlm.nih.gov/books/n/lactmed/LM328/",
            "pmid": None,
            "doi": None,
            "publisher": "NICHD/NLM LactMed",
            "year": 2024,
        }
    ],
    "alternatives": [],
    "monitoring": [],
    "interruption_costs": [],
    "warnings": [],
    "inputs": {"dose_mg": {"value": 50.0, "defaulted": False}},
    "numbers": {},
    "drug_slug": "sertraline",
    "drug_name": "sertraline",
    "engine_version": "1.0.0",
    "activity_table": [],
    "rules": [RuleId.CURATED_GUIDANCE.value],
}
ADVICE_RESPONSE = PolymorphicProxySerializer(
    component_name="AdviceResponse",
    serializers=[serializers.VerdictSerializer, serializers.CombinationVerdictSerializer],
    resource_type_field_name=None,
)


class AdviceApi(ApiView):
    @extend_schema(
        operation_id="advice_create",
        summary="The breastfeeding verdict for one drug and scenario",
        description="Body: the scenario fields of `manage.py advise`. The response is exactly "
        "what `manage.py advise --json` prints for the same scenario (a combination product "
        "answers with each ingredient's verdict and the combined one).",
        request=serializers.ScenarioInputSerializer,
        responses={
            200: OpenApiResponse(
                ADVICE_RESPONSE,
                examples=[OpenApiExample("Compatible", value=VERDICT_EXAMPLE, response_only=True)],
            ),
            **BODY_ERRORS,
            **ERROR_RESPONSES,
        },
        examples=ADVICE_REQUEST_EXAMPLES,
        tags=["advice"],
    )
    def post(self, request: Request) -> Response:
        payload = serializers.ScenarioInputSerializer(data=request.data)
        if not payload.is_valid():
            errors = _flatten(payload.errors)
            suggestions: list[SearchHit] = []
            lactmed: str | None = None
            raw = request.data.get("drug") if isinstance(request.data, dict) else None
            if "drug" not in errors and isinstance(raw, str):
                # Name an unknown drug along with the other bad fields.
                resolution = product_resolve(query=raw)
                if resolution.status != FOUND:
                    errors["drug"] = resolution.message
                    suggestions = resolution.suggestions
                    lactmed = resolution.lactmed_search_url
            raise InvalidInput(errors, suggestions, lactmed)
        name = payload.validated_data["drug"]
        data = payload.scenario_data()
        key = fragments.fragment_key("api-advice", name, data)
        try:
            # The verdict body per revision and input (advice.fragments); errors not cached.
            body = fragments.cached(key, lambda: advice_for(drug=name, data=data).to_dict())
        except ScenarioError as exc:
            errors = dict(exc.errors)
            cause = exc.__cause__
            unresolved = cause.resolution if isinstance(cause, DrugNotFound) else None
            if "drug" not in errors:
                # The scenario failed to parse before the drug was looked up: name it too.
                resolution = product_resolve(query=name)
                if resolution.status != FOUND:
                    errors["drug"] = resolution.message
                    unresolved = resolution
            suggestions = unresolved.suggestions if unresolved else []
            lactmed = unresolved.lactmed_search_url if unresolved else None
            raise InvalidInput(errors, suggestions, lactmed) from exc
        return Response(body)


class AdviceRegimenApi(ApiView):
    @extend_schema(
        operation_id="advice_regimen_create",
        summary="Several drugs taken together: each verdict and the combined one",
        request=serializers.RegimenInputSerializer,
        responses={
            200: serializers.RegimenVerdictSerializer,
            **BODY_ERRORS,
            **ERROR_RESPONSES,
        },
        examples=[
            OpenApiExample(
                "Sertraline with ibuprofen",
                value={
                    "items": [
                        {"drug": "sertraline", "dose_mg": 50},
                        {"drug": "ibuprofen", "dose_mg": 400, "regimen": "single"},
                    ]
                },
                request_only=True,
            )
        ],
        tags=["advice"],
    )
    def post(self, request: Request) -> Response:
        payload = serializers.RegimenInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        items = [
            {k: v for k, v in item.items() if v is not None}
            for item in payload.validated_data["items"]
        ]
        regimen, _drugs = advice_regimen_for(items=items)
        body = regimen.to_dict()
        body["verdict"] = body["combined"]
        for item in body["items"]:  # type: ignore[attr-defined]
            item["verdict"] = item["category"]
        return Response(body)
