"""The clinical suites run on the full curated seed: every test here gets it."""

import pytest


@pytest.fixture(autouse=True)
def _curated_seed(seeded):
    """Loaded once per run (tests/seeding.py); see tests/conftest.py for opting in."""
