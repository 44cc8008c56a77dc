"""API fixtures: a DRF client, tokens for the personas, a clean cache per test (throttle
counters live in the cache) and a way to lower the throttle rates."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def clinician_token(clinician):
    return Token.objects.create(user=clinician)


@pytest.fixture
def token_client(clinician_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {clinician_token.key}")
    return client


@pytest.fixture
def throttle_rates(monkeypatch):
    """Lower the rates for one test. SimpleRateThrottle copies REST_FRAMEWORK's rates into a
    class attribute at import, so override_settings alone would not reach it."""

    def set_rates(*, anon: str = "1000/minute", user: str = "1000/minute") -> None:
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})

    return set_rates
