"""Per-revision caches of rendered verdicts: the drug page, the advice API body and the CDS card
body (the shared cache), and the suggestion list (this process, ``local_cached``).

Everything a cached value depends on is in its key:
- the search version (drugs.models.SearchVersion), bumped in the same transaction as every
  publish, retire and seed: a republished monograph, alternative or combination is seen at once;
- the engine version, today's date (staleness banners and warnings) and the active language;
- the request's own inputs (the monograph's row id, published revision and stale flag, the
  query typed, the validated scenario, the product and the order's regimen).
The search version is read from the database on each request (drugs.selectors.search_version),
so with the database down nothing is served from here: a 503, never a cached verdict. Only
what is the same for every user is cached (no CSRF token, no session, no user name).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from advice import engine
from drugs.selectors import search_index_current, search_version

T = TypeVar("T")
FRAGMENT_TTL_S = 3600  # a bound on memory only: a new revision changes the key at once


def fragment_key(kind: str, *parts: Any) -> str:
    digest = hashlib.sha1(
        json.dumps(parts, sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()
    return ":".join(
        (
            "advice:frag",
            kind,
            str(search_version()),
            engine.ENGINE_VERSION,
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            digest,
        )
    )


# --- In this process, per copy of the published index ---------------------------------------
# For what is cheap to rebuild and read on every keystroke (the suggestion list): keyed on the
# token of the index copy the request reads (drugs.search_index: a new token at every publish,
# retire, reseed or cleared cache), so a republish is seen at once; the token is read after the
# search version (a database read), so with the database down nothing is served from here.
_LOCAL: dict[str, Any] = {}
_LOCAL_MAX = 4096


def index_key(kind: str, *parts: Any) -> str:
    """A key for ``local_cached``: the index copy's version and token, the engine version, the
    day, the language and ``parts``."""
    index = search_index_current()
    return ":".join(
        (
            kind,
            str(index.version),
            index.token,
            engine.ENGINE_VERSION,
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            json.dumps(parts, sort_keys=True, default=str),
        )
    )


def local_cached(key: str, build: Callable[[], T], *, keep: Callable[[T], bool] = bool) -> T:
    """``cached`` in this process's memory (for values nobody mutates, such as bytes)."""
    value = _LOCAL.get(key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = build()
    if keep(value):
        if len(_LOCAL) >= _LOCAL_MAX:
            _LOCAL.clear()
        _LOCAL[key] = value
    return value


def cached(key: str, build: Callable[[], T], *, keep: Callable[[T], bool] = bool) -> T:
    """The value under `key`, else `build()` (stored when `keep(value)`). Exceptions from
    `build` propagate and nothing is stored, so an error is never cached as an answer."""
    value = cache.get(key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = build()
    if keep(value):
        cache.set(key, value, timeout=FRAGMENT_TTL_S)
    return value
