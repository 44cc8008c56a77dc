"""Fixtures for the product matrix and the not-found table."""

import pytest

from tests.products.product_paths import Interfaces


@pytest.fixture
def interfaces(client):
    return Interfaces(client)
