"""API throttles: anonymous callers by IP, integrators by their token (never both)."""

from typing import Any

from rest_framework.throttling import UserRateThrottle


class TokenRateThrottle(UserRateThrottle):
    """Per-token rate for authenticated integrators; anonymous calls use AnonRateThrottle."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None  # not throttled here: the anonymous throttle covers this request
        return super().get_cache_key(request, view)
