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


@pytest.fixture
def celery_broker_down(monkeypatch):
    """Queueing a task fails as it does when the broker (Redis) is down.

    Patches the handout task's apply_async/delay to raise kombu's OperationalError (what a
    refused broker connection raises) rather than re-pointing the Celery app, whose connection
    pools are shared process-wide with later tests."""
    from kombu.exceptions import OperationalError

    from advice import tasks

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.render_handout_pdf, "apply_async", refuse)
    monkeypatch.setattr(tasks.render_handout_pdf, "delay", refuse)
