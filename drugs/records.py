"""Typed JSON records: frozen dataclasses that parse, check and give back their JSON.

The machinery under the snapshot schema (`drugs.snapshot`): ``Record.parse(data, strict=...)``
checks every value against its field's type (bool, int, float, str, an ISO date, a
`drugs.vocabulary` enum, ``X | None``, ``tuple[X, ...]``, ``dict[str, X]``, a nested record) and
raises `SnapshotError` naming the field by its path; ``to_dict()`` gives the JSON back key for
key and value for value. Pure Python (no Django).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

__all__ = [
    "PUBLISHED",
    "SEED",
    "IsoDate",
    "Record",
    "SnapshotError",
    "citation_link",
    "frozen",
    "only",
    "optional",
]

T = TypeVar("T", bound="Record")

PUBLISHED, SEED = "published", "seed"
_OPTIONAL, _ONLY = "lactrx_optional", "lactrx_only"


class SnapshotError(ValueError):
    """A snapshot (or seed entry) that does not match the schema; ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def citation_link(*, url: str | None, pmid: str | None, doi: str | None) -> str | None:
    """Where a citation is read: its URL, else its PubMed page, else its DOI (one rule)."""
    if url:
        return url
    if pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    if doi:
        return f"https://doi.org/{doi}"
    return None


def optional(default: Any = None, *, factory: Callable[[], Any] | None = None) -> Any:
    """A field older snapshots and the seed may leave out; written only when not the default."""
    meta = {_OPTIONAL: True}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def only(mode: str, default: Any) -> Any:
    """A field of the published snapshot only (``PUBLISHED``) or of the seed only (``SEED``)."""
    return dataclasses.field(default=default, metadata={_ONLY: mode})


# --- The checker -----------------------------------------------------------------------------
def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _check(tp: Any, value: Any, path: str, strict: bool, mode: str) -> Any:
    """``value`` as type ``tp`` (enums become members, lists tuples), or SnapshotError."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _check(inner[0], value, path, strict, mode)
        raise TypeError(f"unsupported union {tp}")  # pragma: no cover - a schema bug
    if value is None:
        raise SnapshotError(path, "must not be null")
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise SnapshotError(path, f"must be a list, not {type(value).__name__}")
        (item,) = (a for a in typing.get_args(tp) if a is not Ellipsis)
        return tuple(_check(item, v, f"{path}[{i}]", strict, mode) for i, v in enumerate(value))
    if origin is dict:
        key_type, item = typing.get_args(tp)
        if not isinstance(value, dict):
            raise SnapshotError(path, f"must be an object, not {type(value).__name__}")
        return {
            _check(key_type, k, f"{path}.{k}", strict, mode): _check(
                item, v, f"{path}.{k}", strict, mode
            )
            for k, v in value.items()
        }
    if isinstance(tp, type) and issubclass(tp, Record):
        return tp._parse(value, path, strict, mode)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(m.value for m in tp)
            raise SnapshotError(path, f"{value!r} is not one of {allowed}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise SnapshotError(path, f"must be true or false, not {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SnapshotError(path, f"must be a whole number, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SnapshotError(path, f"must be a number, not {value!r}")
        return value  # an int stays an int: the JSON is given back as it was written
    if tp is str:
        if not isinstance(value, str):
            raise SnapshotError(path, f"must be a string, not {value!r}")
        return value
    if tp is IsoDate:
        if not isinstance(value, str):
            raise SnapshotError(path, f"must be a date string, not {value!r}")
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise SnapshotError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None
        return IsoDate(value)
    raise TypeError(f"unsupported type {_type_name(tp)}")  # pragma: no cover - a schema bug


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class IsoDate(str):
    """An ISO date kept as its string (pages print it as written); ``.date`` parses it."""

    __slots__ = ()

    @property
    def date(self) -> datetime.date:
        return datetime.date.fromisoformat(self)


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    type: Any
    optional: bool
    only: str | None
    default: Any

    @property
    def has_default(self) -> bool:
        return self.default is not dataclasses.MISSING


def _nullable(f: _Field) -> bool:
    return typing.get_origin(f.type) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(f.type)
    )


class Record:
    """Base of the snapshot's dataclasses: ``parse`` and ``to_dict``."""

    _fields_cache: ClassVar[dict[type, tuple[_Field, ...]]] = {}

    @classmethod
    def _fields(cls) -> tuple[_Field, ...]:
        found = Record._fields_cache.get(cls)
        if found is None:
            hints = typing.get_type_hints(cls)
            found = tuple(
                _Field(
                    name=f.name,
                    type=hints[f.name],
                    optional=bool(f.metadata.get(_OPTIONAL)),
                    only=f.metadata.get(_ONLY),
                    default=f.default_factory()
                    if f.default_factory is not dataclasses.MISSING
                    else f.default,
                )
                for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            )
            Record._fields_cache[cls] = found
        return found

    @classmethod
    def parse(cls: type[T], data: Any, *, strict: bool = False) -> T:
        """Read ``data`` (a snapshot's JSON); SnapshotError names the first bad field."""
        return cls._parse(data, "", strict, cls._mode)

    _mode: ClassVar[str] = PUBLISHED

    @classmethod
    def _parse(cls: type[T], data: Any, path: str, strict: bool, mode: str) -> T:
        if not isinstance(data, Mapping):
            raise SnapshotError(path, f"must be an object, not {type(data).__name__}")
        values: dict[str, Any] = {}
        known = set()
        for f in cls._fields():
            if f.only is not None and f.only != mode:
                continue
            known.add(f.name)
            where = f"{path}.{f.name}" if path else f.name
            if f.name not in data:
                if strict and not f.optional:
                    raise SnapshotError(where, "missing")
                if not f.has_default:
                    raise SnapshotError(where, "missing")
                continue
            value = data[f.name]
            blank = value in (None, "") and f.has_default and not _nullable(f)
            if blank and (not strict or mode == SEED):
                # A blank for a value with a default: an older snapshot's, or the seed's (the
                # loader reads a blank route as oral, a blank summary as none).
                continue
            values[f.name] = _check(f.type, value, where, strict, mode)
        if strict:
            unknown = sorted(set(data) - known)
            if unknown:
                where = f"{path}.{unknown[0]}" if path else unknown[0]
                raise SnapshotError(where, "unknown field")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of this record, as the snapshot stores it."""
        out: dict[str, Any] = {}
        for f in self._fields():
            if f.only is not None and f.only != type(self)._mode:
                continue
            value = getattr(self, f.name)
            if f.optional and value == f.default:
                continue
            out[f.name] = _dump(value)
        return out


frozen = dataclasses.dataclass(frozen=True, kw_only=True)
