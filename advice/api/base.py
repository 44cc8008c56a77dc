"""Shared plumbing of every JSON endpoint (the public API and CDS Hooks): one error shape, a
bounded JSON parser, and the `ApiView` base class that uses it.

`exception_handler` is REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error body has the shape
`{"detail": ..., "errors": {field: message}}`.
"""

import json
import math
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.response import Response
from rest_framework.utils import json as rest_json
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from advice.engine import ScenarioError
from drugs.selectors import SearchHit


# --- Errors --------------------------------------------------------------------------------
class InvalidInput(exceptions.ValidationError):
    """A 400 naming each bad field; `suggestions` carries "did you mean" drugs."""

    def __init__(
        self,
        errors: dict[str, str],
        suggestions: list[SearchHit] | None = None,
        lactmed_search_url: str | None = None,
    ):
        super().__init__(errors)
        self.field_errors = dict(errors)
        self.suggestions = suggestions or []
        self.lactmed_search_url = lactmed_search_url


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def _flatten(detail: Any, prefix: str = "") -> dict[str, str]:
    """DRF's nested error detail -> {"items[0].dose_mg": "message"}."""
    out: dict[str, str] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif key == "non_field_errors" and prefix:
                name = prefix  # the list or object itself is wrong
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if detail and all(not isinstance(v, dict | list) for v in detail):
            out[prefix or "non_field_errors"] = " ".join(str(v) for v in detail)
        else:
            for index, value in enumerate(detail):
                if value:  # ListSerializer reports {} for valid items
                    out.update(_flatten(value, f"{prefix}[{index}]"))
    else:
        out[prefix or "non_field_errors"] = str(detail)
    return out


def _suggestion(hit: SearchHit) -> dict[str, str]:
    return {
        "slug": hit.slug,
        "name": hit.name,
        "matched_name": hit.matched_name,
        "match": hit.match,
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: one error shape for every API failure.

    Bad input is always a 4xx: engine ScenarioErrors become 400s, over-large bodies 413.
    Unexpected errors return None so Django's handler500 answers (503 for a database outage).
    """
    if isinstance(exc, ScenarioError):
        exc = InvalidInput(exc.errors)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.field_errors if isinstance(exc, InvalidInput) else _flatten(exc.detail)
        summary = "; ".join(f"{field}: {message}" for field, message in sorted(errors.items()))
        body: dict[str, Any] = {"detail": f"Invalid input. {summary}", "errors": errors}
        if isinstance(exc, InvalidInput) and exc.suggestions:
            body["suggestions"] = [_suggestion(h) for h in exc.suggestions[:8] if h.slug]
        if isinstance(exc, InvalidInput) and exc.lactmed_search_url:
            body["lactmed_search_url"] = exc.lactmed_search_url
        response.data = body
    else:
        data = response.data
        detail = data.get("detail") if isinstance(data, dict) else None
        response.data = {"detail": str(detail if detail is not None else data)}
    return response


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def _json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """True when arrays/objects in `raw` nest deeper than `limit` (brackets in strings aside).

    Runs before the JSON parser, so a body of a thousand `[` is refused as a 400 instead of
    reaching recursive code (the parser, the serializers, the error formatter)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _finite_int(text: str) -> int:
    """JSON integers only within the range of a float (every number becomes one later)."""
    value = int(text)
    try:
        float(value)
    except OverflowError:
        raise ValueError(f"the number {text[:20]}… is out of range") from None
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


class BoundedJSONParser(JSONParser):
    """JSON only, never more than LACTRX_MAX_REQUEST_BYTES read into memory (413), never
    nested deeper than LACTRX_MAX_JSON_DEPTH (400, checked before parsing), and no number a
    float cannot hold (400: `1e999` or a 400-digit integer would overflow later)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.LACTRX_MAX_REQUEST_BYTES
        request = (parser_context or {}).get("request")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        except ValueError:
            declared = 0
        if declared > limit:
            raise RequestTooLarge()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge()
        max_depth = settings.LACTRX_MAX_JSON_DEPTH
        if _json_depth_exceeds(raw, max_depth):
            raise exceptions.ParseError(
                f"JSON parse error - arrays and objects nested deeper than {max_depth} levels."
            )
        encoding = get_encoding(parser_context or {})
        try:
            return json.loads(
                raw.decode(encoding),
                parse_constant=rest_json.strict_constant,  # NaN and Infinity refused
                parse_int=_finite_int,
                parse_float=_finite_float,
            )
        except RecursionError as exc:  # belt and braces: the depth check should catch it first
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from exc
        except (ValueError, LookupError) as exc:  # also UnicodeDecodeError, JSONDecodeError
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc


class ApiView(APIView):
    parser_classes = [BoundedJSONParser]
