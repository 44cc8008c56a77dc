"""Migration 0015 keeps an existing database's verdicts: the serotonergic and radioiodine flags
that replaced the engine's word matching are set from what it used to infer."""

import importlib

import pytest
from django.apps import apps

from drugs.models import Drug

migration = importlib.import_module("drugs.migrations.0015_drug_serotonergic_radioiodine")

pytestmark = pytest.mark.django_db


def _as_before_the_flags(slug: str) -> Drug:
    drug = Drug.objects.get(slug=slug)
    flags = drug.published_data["flags"]
    flags.pop("serotonergic", None)
    flags.pop("radioiodine", None)
    Drug.objects.filter(pk=drug.pk).update(
        serotonergic=False, radioiodine=False, published_data=drug.published_data
    )
    return drug


def test_old_rows_get_the_flags_the_engine_used_to_infer(seeded):
    _as_before_the_flags("sertraline")
    _as_before_the_flags("sodium-iodide-i-131")
    _as_before_the_flags("acetaminophen")

    migration.set_flags_as_inferred(apps, None)

    sertraline = Drug.objects.get(slug="sertraline")
    assert sertraline.serotonergic is True
    assert sertraline.published_data["flags"]["serotonergic"] is True
    iodine = Drug.objects.get(slug="sodium-iodide-i-131")
    assert iodine.radioiodine is True
    assert iodine.published_data["flags"]["radioiodine"] is True
    acetaminophen = Drug.objects.get(slug="acetaminophen")
    assert acetaminophen.serotonergic is False
    assert acetaminophen.published_data["flags"]["serotonergic"] is False


def test_a_published_flag_is_never_overwritten(seeded):
    drug = Drug.objects.get(slug="sertraline")
    drug.published_data["flags"]["serotonergic"] = False  # a reviewer's published decision
    Drug.objects.filter(pk=drug.pk).update(published_data=drug.published_data)

    migration.set_flags_as_inferred(apps, None)

    assert Drug.objects.get(slug="sertraline").published_data["flags"]["serotonergic"] is False
