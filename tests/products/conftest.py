"""Fixtures for the product matrix and the not-found table; every test here runs on the full
curated seed (the matrix covers every published product)."""

import pytest

from tests.products.product_paths import Interfaces


@pytest.fixture
def interfaces(client):
    return Interfaces(client)


@pytest.fixture(autouse=True)
def _curated_seed(seeded):
    """Loaded once per run (tests/seeding.py); see tests/conftest.py for opting in."""
