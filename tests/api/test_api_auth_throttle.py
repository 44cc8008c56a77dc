"""Wrong users are refused (401) and anonymous / per-token throttles answer 429 + Retry-After."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import published_drug

pytestmark = pytest.mark.django_db

SLUG = "authin"  # published by the fixture below (tests/factories.py), not the seed
ENDPOINTS = [
    ("get", f"/api/v1/drugs/?q={SLUG}", None),
    ("get", f"/api/v1/drugs/{SLUG}/", None),
    ("post", "/api/v1/advice", {"drug": SLUG}),
    ("post", "/api/v1/advice/regimen", {"items": [{"drug": SLUG}]}),
]


@pytest.fixture(autouse=True)
def _published(db):
    return published_drug(name=SLUG)


def _call(client, method, path, body):
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_public_without_credentials(api, method, path, body):
    assert _call(api, method, path, body).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_valid_token_is_accepted(token_client, method, path, body):
    assert _call(token_client, method, path, body).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_unknown_token_is_401(method, path, body):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = _call(client, method, path, body)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_inactive_users_token_is_401(clinician, method, path, body):
    token = Token.objects.create(user=clinician)
    clinician.is_active = False
    clinician.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = _call(client, method, path, body)
    assert response.status_code == 401
    assert "inactive" in response.json()["detail"]


def test_malformed_authorization_header_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token has spaces in it")
    assert client.get(f"/api/v1/drugs/{SLUG}/").status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_anonymous_throttle_is_429_with_retry_after(api, throttle_rates, method, path, body):
    throttle_rates(anon="2/minute")
    assert _call(api, method, path, body).status_code == 200
    assert _call(api, method, path, body).status_code == 200
    response = _call(api, method, path, body)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_token_throttle_is_per_token(clinician, curator, throttle_rates):
    throttle_rates(anon="1/minute", user="3/minute")
    first, second = APIClient(), APIClient()
    first.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=clinician).key}")
    second.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    codes = [first.get(f"/api/v1/drugs/{SLUG}/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another integrator's token has its own budget, and is not limited by the anonymous rate.
    assert second.get(f"/api/v1/drugs/{SLUG}/").status_code == 200
    assert second.get(f"/api/v1/drugs/{SLUG}/").status_code == 200
