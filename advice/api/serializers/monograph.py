"""The published monograph as the API serves and documents it, built from the one schema.

Every serializer here is generated from the typed snapshot (`drugs.snapshot`): a field added
there is served and documented here with no second declaration. Only what the API adds (a PK
value's unit, the monograph's ``stale`` flag) or leaves out (the review metadata) is written
below.
"""

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drugs import snapshot
from drugs.vocabulary import PK_UNITS, STALE_AFTER_MONTHS

# Help text of the fields the reader needs told, by "Class.field".
HELP = {
    "GuidanceRow.verdict": "A verdict category.",
    "GuidanceRow.interval_min_h": "Hours between regular doses (168: weekly).",
    "PkValue.citation": "Citation key.",
}
# Keys of the snapshot the API does not serve.
EXCLUDE = {"MonographSnapshot": {"review"}}


def _scalar(tp: Any, **kwargs: Any) -> serializers.Field:
    if tp is snapshot.IsoDate:
        return serializers.DateField(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return serializers.ChoiceField(choices=[m.value for m in tp], **kwargs)
    if tp is bool:
        return serializers.BooleanField(**kwargs)
    if tp is int:
        return serializers.IntegerField(**kwargs)
    if tp is float:
        return serializers.FloatField(**kwargs)
    if tp is str:
        return serializers.CharField(allow_blank=True, **kwargs)
    raise TypeError(f"no API field for {tp}")  # pragma: no cover - a schema bug


def _field(tp: Any, help_text: str | None) -> serializers.Field:
    kwargs: dict[str, Any] = {"help_text": help_text} if help_text else {}
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = (a for a in typing.get_args(tp) if a is not type(None))
        kwargs["allow_null"] = True
    if typing.get_origin(tp) is tuple:
        (item,) = (a for a in typing.get_args(tp) if a is not Ellipsis)
        if isinstance(item, type) and issubclass(item, snapshot.Record):
            return serializer_for(item)(many=True, **kwargs)
        return serializers.ListField(child=_scalar(item), **kwargs)
    if isinstance(tp, type) and issubclass(tp, snapshot.Record):
        return serializer_for(tp)(**kwargs)
    return _scalar(tp, **kwargs)


def _attr(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


@extend_schema_field(OpenApiTypes.STR)
class _PkUnit(serializers.Field):
    """The unit a PK value is stored in (`drugs.vocabulary.PK_UNITS`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return PK_UNITS.get(_attr(value, "parameter"), "")


@extend_schema_field(OpenApiTypes.BOOL)
class _Stale(serializers.Field):
    """The monograph's stale flag, given by the view (the snapshot does not carry it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> bool:
        return bool(self.parent.context.get("stale", False))


# What the API adds to a record: {record: (after which field, its name, the field)}.
EXTRA: dict[str, tuple[str, str, Callable[[], serializers.Field]]] = {
    "PkValue": ("value", "unit", lambda: _PkUnit(help_text="The unit the value is in.")),
    "MonographSnapshot": (
        "lactmed_revision_date",
        "stale",
        lambda: _Stale(help_text=f"Not reviewed for over {STALE_AFTER_MONTHS} months."),
    ),
}
_BUILT: dict[type, type[serializers.Serializer]] = {}


def serializer_for(record: type[snapshot.Record]) -> type[serializers.Serializer]:
    """A DRF serializer (output and OpenAPI) with the fields of a published snapshot record."""
    if record in _BUILT:
        return _BUILT[record]
    hints = typing.get_type_hints(record)
    attrs: dict[str, Any] = {"__doc__": record.__doc__, "__module__": __name__}
    extra = EXTRA.get(record.__name__)
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        if f.metadata.get("lactrx_only") == "seed" or f.name in EXCLUDE.get(record.__name__, ()):
            continue
        attrs[f.name] = _field(hints[f.name], HELP.get(f"{record.__name__}.{f.name}"))
        if extra and extra[0] == f.name:
            attrs[extra[1]] = extra[2]()  # created after the field, so served after it
    built = type(f"Snapshot{record.__name__}Serializer", (serializers.Serializer,), attrs)
    _BUILT[record] = built
    return built


class MonographSerializer(serializer_for(snapshot.MonographSnapshot)):  # type: ignore[misc]
    """The published, reviewed monograph (never the working copy curators are editing)."""
