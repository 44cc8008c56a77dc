"""Spanish tests: pages rendered with the language cookie set, on the curated seed."""

import pytest
from django.conf import settings

from tests.products.product_paths import Interfaces


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def es_client(client):
    """A browser that chose Spanish (the switch's cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


@pytest.fixture
def interfaces_es(es_client):
    return Interfaces(es_client)
