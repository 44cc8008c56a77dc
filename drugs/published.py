"""The typed published snapshot of a monograph or a combination product.

Readers (the engine adapter, the pages, the API, CDS cards, handouts) take the snapshot from
here rather than reading ``published_data`` keys. A parse is kept for as long as the row's own
``published_data`` object is (the process's cached rows share it), so a row read again from the
database is parsed again and never shows another row's data.
"""

from typing import Any

from drugs.snapshot import CombinationSnapshot, MonographSnapshot, Record

_CACHE: dict[int, tuple[Any, Record]] = {}  # id(published_data) -> (that object, its parse)
_CACHE_SIZE = 512


def _parsed(schema: type[Record], obj: Any) -> Any:
    data = obj.published_data
    if data is None:
        return None
    found = _CACHE.get(id(data))
    if found is not None and found[0] is data and isinstance(found[1], schema):
        return found[1]
    parsed = schema.parse(data)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[id(data)] = (data, parsed)  # the reference keeps the id from being reused
    return parsed


def monograph_of(drug: Any) -> MonographSnapshot | None:
    """``drug.published_data`` as a typed `MonographSnapshot` (None when never published)."""
    return _parsed(MonographSnapshot, drug)


def combination_of(combination: Any) -> CombinationSnapshot | None:
    """``combination.published_data`` as a typed `CombinationSnapshot`."""
    return _parsed(CombinationSnapshot, combination)
