"""The factories build monographs that go through the real review services: the published
snapshot, the search index and the engine see them exactly as curated data."""

import pytest

from advice.services import advice_for
from drugs.models import PublishedRevision, Status
from drugs.selectors import product_resolve
from tests.factories import (
    CombinationProductFactory,
    DrugFactory,
    GuidanceFactory,
    publish,
    published_drug,
)

pytestmark = pytest.mark.django_db


def test_a_published_factory_monograph_is_found_and_advised():
    drug = published_drug(name="factorimab", names=[("Factorix", "brand")])
    assert drug.status == Status.PUBLISHED
    assert drug.published_data["slug"] == "factorimab"
    assert PublishedRevision.objects.filter(drug=drug, revision=1).exists()
    resolution = product_resolve(query="Factorix")
    assert resolution.status == "found"
    assert resolution.product.slug == "factorimab"
    assert advice_for(drug="factorimab").category == "compatible"


def test_a_draft_factory_monograph_stays_invisible_to_clinicians():
    drug = DrugFactory(name="draftorin")
    GuidanceFactory(drug=drug, verdict="wean")
    assert drug.published_data is None
    assert product_resolve(query="draftorin").status == "not_found"


def test_a_combination_of_factory_monographs_takes_the_worst_verdict():
    mild = published_drug(name="mildorin")
    harsh = published_drug(name="harshorin", guidance={"verdict": "wean"})
    combo = CombinationProductFactory(
        name="mildorin and harshorin", brands=["Combitest"], ingredients=[mild, harsh]
    )
    publish(combo)
    result = advice_for(drug="Combitest")
    assert result.category == "wean"
    assert result.driver.slug == "harshorin"
    assert [drug.slug for _verdict, drug in result.items] == ["harshorin", "mildorin"]
