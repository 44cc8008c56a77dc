"""The typed published snapshot of a monograph or a combination product, parsed once.

Readers (the engine adapter, the pages, the API, CDS cards, handouts) take the snapshot from
here rather than reading ``published_data`` keys: a snapshot never changes once written and a
revision is never reused, so each one is parsed once per process.
"""

from typing import Any

from drugs.snapshot import CombinationSnapshot, MonographSnapshot, Record

_CACHE: dict[tuple[str, str, int | None, str], Record] = {}


def _parsed(schema: type[Record], obj: Any) -> Any:
    data = obj.published_data
    if data is None:
        return None
    stamp = obj.published_at.isoformat() if getattr(obj, "published_at", None) else ""
    key = (schema.__name__, data.get("slug") or "", obj.published_revision, stamp)
    found = _CACHE.get(key)
    if found is None or not stamp:  # no publish time (a hand-built row): parse every time
        found = schema.parse(data)
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[key] = found
    return found


def monograph_of(drug: Any) -> MonographSnapshot | None:
    """``drug.published_data`` as a typed `MonographSnapshot` (None when never published)."""
    return _parsed(MonographSnapshot, drug)


def combination_of(combination: Any) -> CombinationSnapshot | None:
    """``combination.published_data`` as a typed `CombinationSnapshot`."""
    return _parsed(CombinationSnapshot, combination)
