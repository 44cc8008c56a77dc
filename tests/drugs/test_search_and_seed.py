"""Seed coverage and the search selector on the real seed data."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from drugs.models import Citation, Drug, PKValue
from drugs.selectors import (
    AMBIGUOUS,
    FOUND,
    NOT_FOUND,
    DrugNotFound,
    drug_search,
    product_require,
    product_resolve,
    published_drugs,
)

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = [
    line.strip()
    for line in (ROOT / "fixtures" / "sources" / "coverage.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_coverage_list_has_332_agents():
    assert len(COVERAGE) == 332


@pytest.mark.django_db
def test_every_coverage_agent_is_published_and_found_by_its_name(seeded):
    assert published_drugs().count() >= 332
    missing = []
    for name in COVERAGE:
        hits = drug_search(q=name, limit=5)
        if not hits or hits[0].match not in ("exact", "prefix", "combination"):
            missing.append(name)
    assert missing == []


@pytest.mark.django_db
def test_every_citation_has_a_locator(seeded):
    bad = [c.key for c in Citation.objects.all() if not (c.url or c.pmid or c.doi)]
    assert bad == []


@pytest.mark.django_db
def test_every_published_monograph_has_a_citation(seeded):
    uncited = [d.slug for d in published_drugs() if not d.published_data["citations"]]
    assert uncited == []


@pytest.mark.django_db
def test_seed_is_idempotent(seeded):
    before = (Drug.objects.count(), PKValue.objects.count(), Drug.history.count())
    call_command("seed", "--no-progress", verbosity=0)
    assert (Drug.objects.count(), PKValue.objects.count(), Drug.history.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zoloft", "sertraline"),
        ("sertaline", "sertraline"),  # misspelling
        ("ibuprofin", "ibuprofen"),
        ("amoxicilin", "amoxicillin"),
        ("paracetamol", "acetaminophen"),  # international name
        ("salbutamol", "albuterol"),
        ("pethidine", "meperidine"),
    ],
)
def test_search_resolves_brands_synonyms_and_misspellings(seeded, query, expected):
    hits = drug_search(q=query)
    assert hits, query
    assert hits[0].slug == expected
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND
    assert resolution.product.slug == expected
    if hits[0].match == "misspelling":  # said, never silent
        assert resolution.note == f"Showing results for {expected} — you typed “{query}”."


@pytest.mark.django_db
def test_three_letters_find_the_brand(seeded):
    hits = drug_search(q="zol")
    zoloft = next(h for h in hits if h.slug == "sertraline")
    assert zoloft.matched_name == "Zoloft"
    assert zoloft.match == "prefix"


@pytest.mark.django_db
def test_unknown_name_close_to_another_drug_does_not_resolve(seeded):
    with pytest.raises(DrugNotFound) as excinfo:
        product_require(query="vilazodone")  # not in the seed; must not become trazodone
    assert "trazodone" in str(excinfo.value)  # offered as a suggestion only
    assert str(excinfo.value).startswith("LactRx has no monograph for 'vilazodone'.")


@pytest.mark.django_db
def test_brand_hit_shows_the_generic(seeded):
    hit = drug_search(q="zoloft")[0]
    assert hit.matched_name.lower() == "zoloft"
    assert hit.matched_kind == "brand"
    assert hit.name == "sertraline"


@pytest.mark.django_db
def test_class_search_lists_members(seeded):
    slugs = {h.slug for h in drug_search(q="SSRI", limit=20)}
    assert {"sertraline", "fluoxetine", "paroxetine"} <= slugs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "partner"), [("hydroxyzine", "hydralazine"), ("tramadol", "trazodone")]
)
def test_lookalikes_are_shown_together(seeded, query, partner):
    hits = drug_search(q=query)
    names = [h.name for h in hits]
    assert names[0] == query
    lookalike = next(h for h in hits if h.name == partner)
    assert lookalike.match == "lookalike"
    assert lookalike.lookalike_of == query


@pytest.mark.django_db
def test_a_fragment_never_resolves(seeded):
    resolution = product_resolve(query="hydr")
    assert resolution.status == NOT_FOUND
    assert resolution.product is None
    assert {h.match for h in resolution.hits} <= {"prefix", "related", "fuzzy", "lookalike"}


@pytest.mark.django_db
def test_a_shared_abbreviation_is_ambiguous(seeded):
    resolution = product_resolve(query="LMWH")
    assert resolution.status == AMBIGUOUS
    assert {h.slug for h in resolution.hits} == {"dalteparin", "enoxaparin"}


@pytest.mark.django_db
def test_combination_product_resolves_to_its_ingredients(seeded):
    product = product_require(query="Percocet")
    assert product.slug == "oxycodone+acetaminophen"
    assert [i.slug for i in product.ingredients] == ["oxycodone", "acetaminophen"]


def test_seed_file_is_valid_json_with_all_sections():
    data = json.loads((ROOT / "fixtures" / "seed" / "monographs.json").read_text())
    assert {"citations", "drugs", "combinations"} <= set(data)
