"""A real substance LactRx has no monograph for is never answered as another drug (hazard H1).

Found while adding monographs: with prazosin seeded, "terazosin" came back as prazosin, and in
the seed of the day felodipine read as amlodipine, zopiclone as eszopiclone, fosinopril as
lisinopril. The misspelling correction now refuses a query that names a listed substance
(``drugs/known_substances.py``), or is as close to one as to the seeded drug.
"""

from __future__ import annotations

import pytest

from drugs.known_substances import known_substances, other_substance_near
from drugs.models import normalize_name
from drugs.selectors import FOUND, MISSPELLING, NOT_FOUND, product_resolve, search_index_current

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["felodipine", "zopiclone", "fosinopril", "troglitazone", "betaxolol", "saxagliptin",
     "flurazepam", "promazine", "trimipramine", "terazosin", "tamsulosin"],
)  # fmt: skip
def test_an_unseeded_substance_is_not_found_never_another_drug(query):
    resolution = product_resolve(query=query)
    assert resolution.status == NOT_FOUND, (query, resolution.product)
    assert resolution.no_monograph and query in resolution.message
    assert all(h.match != MISSPELLING for h in resolution.hits)


@pytest.mark.django_db
def test_no_listed_substance_is_corrected_to_a_different_drug():
    """The whole list: a name on it is answered only by its own monograph (exact) or not at all."""
    seeded_names = search_index_current().by_norm
    wrong = []
    for name in sorted(known_substances()):
        if name in seeded_names:
            continue
        resolution = product_resolve(query=name)
        if resolution.status == FOUND and resolution.match == MISSPELLING:
            wrong.append((name, resolution.product.slug))
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "corrected"),
    [("valacyclavir", "valacyclovir"), ("clonazepan", "clonazepam"), ("sertaline", "sertraline"),
     ("amoxicilin", "amoxicillin")],
)  # fmt: skip
def test_a_plain_misspelling_is_still_corrected(query, corrected):
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.product.slug == corrected
    assert resolution.match == MISSPELLING


def test_the_list_holds_real_names_and_finds_near_ones():
    names = known_substances()
    assert {"terazosin", "felodipine", "acetaminophen"} <= names
    assert all(n == normalize_name(n) for n in names)
    assert other_substance_near("terazosine", 1, besides={"prazosin"}) == "terazosin"
    assert other_substance_near("sertraline", 1, besides={"sertraline"}) is None
