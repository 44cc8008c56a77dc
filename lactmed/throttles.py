"""API throttles: anonymous callers by IP, integrators by their token (never both).

Both identify the caller the way the rest of the app does (``lactmed.clientip``: a spoofed
``X-Forwarded-For`` is ignored unless ``LACTRX_TRUSTED_PROXIES`` says a proxy wrote it) and
keep their counts in ``ThrottleCache``: the shared cache (Redis) while it answers, a per-process
local-memory cache when it does not. django-redis is configured to swallow connection errors
(``IGNORE_EXCEPTIONS``) so that pages degrade to "no cache"; for a throttle that would mean "no
limit", so the throttle reads through the backend's client, sees the error and falls back.
With N web processes and Redis down, a client can make at most N times the rate.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from lactmed.clientip import client_ip

logger = logging.getLogger(__name__)

RETRY_SHARED_AFTER_S = 5.0  # after a failure, use the local counts this long before retrying


class ThrottleCache:
    """get/set for throttle histories: the shared cache, or a local one while it is down."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self.local = LocMemCache(
            "lactrx-throttle-fallback", {"TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 20000}}
        )
        self._lock = threading.Lock()
        self._shared_down_until = 0.0

    def _strict(self) -> Any:
        """The shared backend with its errors visible (django-redis' client raises them)."""
        backend: BaseCache = caches[self.alias]
        client = getattr(backend, "client", None)
        if client is not None and hasattr(backend, "_ignore_exceptions"):
            return client  # django_redis.cache.RedisCache -> its DefaultClient
        return backend

    def _shared_usable(self) -> bool:
        return time.monotonic() >= self._shared_down_until

    def _shared_failed(self, exc: Exception) -> None:
        with self._lock:
            first = self._shared_usable()
            self._shared_down_until = time.monotonic() + RETRY_SHARED_AFTER_S
        if first:
            logger.warning("throttle: shared cache unavailable (%s); counting locally", exc)

    def reset(self) -> None:
        """Forget the local counts and retry the shared cache at once (tests)."""
        self.local.clear()
        self._shared_down_until = 0.0

    def get(self, key: str, default: Any = None) -> Any:
        if self._shared_usable():
            try:
                return self._strict().get(key, default)
            except Exception as exc:  # any backend error: count locally instead
                self._shared_failed(exc)
        return self.local.get(key, default)

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        if self._shared_usable():
            try:
                self._strict().set(key, value, timeout)
                return
            except Exception as exc:  # any backend error: count locally instead
                self._shared_failed(exc)
        self.local.set(key, value, timeout)


throttle_cache = ThrottleCache()


class SlidingWindowMixin:
    """A rate limit that costs the same at 120 requests a minute as at 100,000: a sliding
    window estimated from two fixed windows (this one's count plus the previous one's, weighted
    by how much of it still overlaps the last ``duration`` seconds), stored as three integers.
    DRF's own throttle stores the time of every request in the window and reads and writes the
    whole list on each request (about 160 KB at 300 requests a second)."""

    cache: Any
    duration: int
    num_requests: int
    rate: Any
    timer: Any

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        count, previous = 0, 0
        stored = self.cache.get(self.key)
        if isinstance(stored, tuple) and len(stored) == 3:
            start, count, previous = stored
            if start == window - 1:
                count, previous = 0, count
            elif start != window:
                count, previous = 0, 0
        self._state = (now, window, count, previous)
        if self._estimate(now, window, count, previous) >= self.num_requests:
            return False
        self.cache.set(self.key, (window, count + 1, previous), self.duration * 2)
        return True

    def _estimate(self, now: float, window: int, count: int, previous: int) -> float:
        overlap = 1.0 - (now - window * self.duration) / self.duration
        return previous * overlap + count

    def wait(self) -> float | None:
        """Seconds until the estimate falls below the limit again."""
        now, window, count, previous = self._state
        elapsed = now - window * self.duration
        if count >= self.num_requests:  # this window alone is full: into the next one
            needed = (self.duration - elapsed) + self.duration * (1 - self.num_requests / count)
        else:  # previous * (1 - (elapsed + t) / duration) + count < num_requests
            needed = self.duration * (1 - (self.num_requests - count) / previous) - elapsed
        # Just past the boundary (where the estimate is strictly below), at most one window.
        return min(max(needed, 0.0) + 0.001, float(self.duration))


class ClientIPRateThrottle(SlidingWindowMixin, AnonRateThrottle):
    """Anonymous callers, by the address ``lactmed.clientip`` trusts (scope ``anon``)."""

    cache = throttle_cache

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"


class TokenRateThrottle(SlidingWindowMixin, UserRateThrottle):
    """Per-token rate for authenticated integrators; anonymous calls use ClientIPRateThrottle."""

    cache = throttle_cache

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None  # not throttled here: the anonymous throttle covers this request
        return super().get_cache_key(request, view)
