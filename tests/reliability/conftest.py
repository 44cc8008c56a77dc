"""Shared pieces of the fault tests: a Redis nobody answers on, and request bodies."""

import pytest

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once
DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CLOSED_REDIS,
        "TIMEOUT": 600,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
        "KEY_PREFIX": "lactrx",
    }
}

ADVICE_BODY = {"drug": "sertraline", "dose_mg": 100, "infant_age_days": 60}


def cds_body(text: str = "sertraline 50 mg tablet") -> dict:
    return {
        "hook": "order-select",
        "hookInstance": "0b8c2f6e-2f0f-4b1a-9d0a-6d3c1b1e7a11",
        "context": {
            "userId": "Practitioner/example",
            "patientId": "patient-1",
            "selections": ["MedicationRequest/mr-1"],
            "draftOrders": {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "MedicationRequest",
                            "id": "mr-1",
                            "status": "draft",
                            "intent": "order",
                            "medicationCodeableConcept": {"text": text},
                            "subject": {"reference": "Patient/patient-1"},
                        }
                    }
                ],
            },
        },
    }


def _reset_connections(app) -> None:
    """Make Celery re-read broker_url/result_backend: drop its producer pool and backend."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("backend", None)
    if hasattr(app, "_local"):
        app._local.__dict__.pop("backend", None)


@pytest.fixture
def celery_broker_down():
    """Point Celery at the closed Redis as a deployment with REDIS_URL would be when Redis dies:
    not eager, broker and result backend unreachable."""
    from lactmed.celery import app

    keys = (
        "broker_url",
        "result_backend",
        "task_always_eager",
        "broker_connection_timeout",
        "broker_connection_retry",
        "broker_connection_max_retries",
    )
    saved = {k: app.conf.get(k) for k in keys}
    app.conf.update(
        broker_url=CLOSED_REDIS,
        result_backend=CLOSED_REDIS,
        task_always_eager=False,
        broker_connection_timeout=0.5,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
    )
    _reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_connections(app)
