"""factory_boy factories: monographs, their rows, combination products and users, built in
the test itself, so a unit or interface test does not depend on the curated seed.

A built monograph is a working copy (draft). ``publish(obj)`` sends it through the real review
services (submit by a curator, approve and publish by a second person), which writes the
published snapshot, the revision and the search index rows exactly as for curated data::

    from tests.factories import DrugFactory, GuidanceFactory, publish

    drug = DrugFactory(name="testomycin", typical_dose_mg=50)
    GuidanceFactory(drug=drug, verdict="compatible")
    publish(drug)          # now found by product_resolve("testomycin") and the API

``published_drug(...)`` does the three steps in one call. Names default to made-up words
("factorin-3") that cannot collide with the seed, so a factory test passes whether or not the
seed is loaded in the same database.
"""

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from drugs import services
from drugs.models import (
    Citation,
    CombinationProduct,
    Drug,
    DrugName,
    Guidance,
    InfantEffect,
    MilkStudy,
    PKValue,
    combination_slug,
    normalize_name,
)

PASSWORD = "correct-horse-battery-staple-42"


def _add_groups(user: Any, names: Any) -> None:
    for name in names or ():
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with ``groups=[...]`` (group names); signs in with ``PASSWORD``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"factory-user-{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create: bool, names: Any, **kwargs: Any) -> None:
        _add_groups(self, names)


class CuratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"factory-curator-{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create: bool, names: Any, **kwargs: Any) -> None:
        _add_groups(self, names or (services.CURATOR_GROUP,))


class ReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"factory-reviewer-{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create: bool, names: Any, **kwargs: Any) -> None:
        _add_groups(self, names or (services.REVIEWER_GROUP,))


class CitationFactory(factory.django.DjangoModelFactory):
    """A citation row; tests that need a real, checkable source use the seed instead."""

    class Meta:
        model = Citation
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"factory-citation-{n}")
    kind = "guideline"
    title = factory.LazyAttribute(lambda o: f"Test guideline {o.key}")
    # example.org is reserved for documentation: nothing here claims to be a real source.
    url = factory.LazyAttribute(lambda o: f"https://example.org/lactrx-tests/{o.key}")
    publisher = "LactRx test suite"
    year = 2024
    accessed = datetime.date(2026, 1, 1)


class DrugFactory(factory.django.DjangoModelFactory):
    """A monograph working copy (draft) with its generic name row."""

    class Meta:
        model = Drug
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"factorin-{n}")
    slug = factory.LazyAttribute(lambda o: normalize_name(o.name).replace(" ", "-"))
    summary = factory.LazyAttribute(lambda o: f"{o.name}: a monograph built by the tests.")
    typical_dose_mg = 50.0
    typical_doses_per_day = 1.0

    @factory.post_generation
    def names(self, create: bool, extra: Any, **kwargs: Any) -> None:
        """The generic name, plus ``names=[("Brandix", "brand"), ...]``."""
        if not create:
            return
        rows = [(self.name, "generic"), *(extra or ())]
        for name, kind in rows:
            DrugName.objects.get_or_create(drug=self, name=name, kind=kind)


class GuidanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guidance

    drug = factory.SubFactory(DrugFactory)
    key = factory.Sequence(lambda n: f"factory-guidance-{n}")
    verdict = "compatible"
    guideline = "LactRx test guideline"
    rationale = "Built by the test suite."
    citation = factory.SubFactory(CitationFactory)


class PKValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PKValue

    drug = factory.SubFactory(DrugFactory)
    parameter = "half_life_h"
    value = 4.0
    citation = factory.SubFactory(CitationFactory)
    verified = True


class MilkStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilkStudy

    drug = factory.SubFactory(DrugFactory)
    maternal_dose_mg = 50.0
    n_mothers = 10
    rid_pct = 1.0
    citation = factory.SubFactory(CitationFactory)


class InfantEffectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfantEffect

    drug = factory.SubFactory(DrugFactory)
    description = "No adverse effects reported in breastfed infants in the test study."
    severity = "none"
    citation = factory.SubFactory(CitationFactory)


class CombinationProductFactory(factory.django.DjangoModelFactory):
    """A combination product of ``ingredients=[drug, drug, ...]`` (at least two)."""

    class Meta:
        model = CombinationProduct
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"factorin combination {n}")
    brands = factory.LazyFunction(list)

    @factory.post_generation
    def ingredients(self, create: bool, drugs: Any, **kwargs: Any) -> None:
        if not create or not drugs:
            return
        self.ingredients.set(drugs)
        self.slug = combination_slug([d.slug for d in drugs])
        self.save()


def publish(obj: Any, *, editor: Any = None, reviewer: Any = None) -> Any:
    """Submit, approve and publish ``obj`` through the review services (two people)."""
    editor = editor or CuratorFactory()
    reviewer = reviewer or ReviewerFactory()
    if obj.last_edited_by_id is None:
        obj.last_edited_by = editor
        obj.save(update_fields=["last_edited_by"])
    services.monograph_submit(drug=obj, by=editor)
    services.monograph_approve(drug=obj, by=reviewer)
    services.monograph_publish(drug=obj, by=reviewer)
    obj.refresh_from_db()
    return obj


def published_drug(*, guidance: dict[str, Any] | None = None, **fields: Any) -> Drug:
    """A monograph with one guidance row (``compatible`` unless ``guidance`` says otherwise),
    published through the review services."""
    drug = DrugFactory(**fields)
    GuidanceFactory(drug=drug, **(guidance or {}))
    return publish(drug)
