"""Health probes, error pages and degraded operation."""

import pytest
from django.db import OperationalError
from django.test import override_settings

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CLOSED_REDIS,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


def test_healthz_answers_without_io(client):
    # No django_db mark: pytest-django blocks any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_each_component(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert body["checks"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_readyz_is_503_when_database_unreachable(client, monkeypatch):
    from lactmed import views

    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "down"
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_readyz_reports_cache_down_when_redis_unreachable(client):
    with override_settings(REDIS_URL=CLOSED_REDIS, CACHES=DEAD_REDIS_CACHE):
        response = client.get("/readyz")
    assert response.status_code == 200  # degraded, still serving from the database
    body = response.json()
    assert body["checks"]["cache"]["status"] == "down"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
