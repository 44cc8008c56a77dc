"""Redis down: the API and CDS throttles keep limiting (per-process fallback counts) instead of
letting every request through, and use the shared cache again once it answers."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from lactmed.throttles import throttle_cache
from tests.reliability.conftest import ADVICE_BODY, CLOSED_REDIS, DEAD_REDIS_CACHE, cds_body

pytestmark = pytest.mark.django_db

redis_down = override_settings(CACHES=DEAD_REDIS_CACHE, REDIS_URL=CLOSED_REDIS)


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"}
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/v1/advice", ADVICE_BODY), ("/cds-services/lactation-medication-check", cds_body())],
    ids=["api", "cds"],
)
def test_throttle_still_limits_with_redis_down(seeded, rates, path, body):
    client = APIClient()
    with redis_down:
        from django.core.cache import cache

        cache.set("probe", 1)
        assert cache.get("probe") is None  # the dead cache really is in use
        codes = [client.post(path, body, format="json").status_code for _ in range(5)]
        assert throttle_cache.local.get("throttle_anon_127.0.0.1") is not None
    assert codes == [200, 200, 200, 429, 429]


def test_the_shared_cache_is_used_again_when_it_answers(seeded, rates, monkeypatch):
    import lactmed.throttles

    client = APIClient()
    with redis_down:
        assert client.post("/api/v1/advice", ADVICE_BODY, format="json").status_code == 200
    assert throttle_cache.local.get("throttle_anon_127.0.0.1") is not None
    monkeypatch.setattr(lactmed.throttles, "RETRY_SHARED_AFTER_S", 0.0)
    throttle_cache._shared_down_until = 0.0  # the retry window has passed
    from django.core.cache import cache

    assert client.post("/api/v1/advice", ADVICE_BODY, format="json").status_code == 200
    _window, count, _previous = cache.get("throttle_anon_127.0.0.1")
    assert count == 1  # counted in the shared cache
