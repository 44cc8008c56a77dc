"""The product matrix: every interface gives the same answer for the same product.

For every published combination product, by each of its brands and by its generic name, and
for 30 single-ingredient brands: the suggestion chip, the results page, the product page, the
handout, the API (search and advice), CDS Hooks and `manage.py advise` must all name the same
product, every one of its ingredients and the same combined verdict (hazards H1 and H2).
"""

import pytest

from advice.services import advice_for
from drugs.selectors import product_get, product_resolve, published_combinations
from tests.products.product_paths import CDS_INDICATOR, text

SINGLE_BRANDS = {
    "Zoloft": "sertraline",
    "Tylenol": "acetaminophen",
    "Advil": "ibuprofen",
    "Motrin": "ibuprofen",
    "Zyrtec": "cetirizine",
    "Claritin": "loratadine",
    "Allegra": "fexofenadine",
    "Prozac": "fluoxetine",
    "Lexapro": "escitalopram",
    "Wellbutrin": "bupropion",
    "Synthroid": "levothyroxine",
    "Glucophage": "metformin",
    "Lipitor": "atorvastatin",
    "Norvasc": "amlodipine",
    "Prilosec": "omeprazole",
    "Zithromax": "azithromycin",
    "Keflex": "cephalexin",
    "Flagyl": "metronidazole",
    "Diflucan": "fluconazole",
    "Xanax": "alprazolam",
    "Ambien": "zolpidem",
    "Benadryl": "diphenhydramine",
    "Sudafed": "pseudoephedrine",
    "Lamictal": "lamotrigine",
    "Coumadin": "warfarin",
    "Reglan": "metoclopramide",
    "Dilaudid": "hydromorphone",
    "Ultram": "tramadol",
    "Humira": "adalimumab",
    "Lovenox": "enoxaparin",
}


def _combination_queries():
    """(query, product slug) for every combination brand and generic name in the seed."""
    out = []
    for combo in published_combinations().order_by("slug"):
        data = combo.published_data
        out.append((data["name"], data["slug"]))
        out.extend((brand, data["slug"]) for brand in data["brands"])
    return out


def _check_all_interfaces(interfaces, query: str, slug: str) -> None:
    product = product_get(slug=slug)
    assert product is not None, slug
    expected = advice_for(drug=product)
    category = expected.category.value
    names = [i.name for i in product.ingredients]
    url = f"/combinations/{slug}/" if product.is_combination else f"/drugs/{slug}/"

    resolution = product_resolve(query=query)
    assert resolution.product is not None and resolution.product.slug == slug, query

    # Suggestion chip: the first suggestion is the product, with its own combined chip.
    fragment = interfaces.suggest(query)
    first = fragment.split('<a class="suggestion', 2)[1]
    assert f'href="{url}"' in first, (query, first[:200])
    assert f"chip v-{category}" in first, (query, category)
    for name in names:
        assert name in text(first), (query, name)

    # Results page (Enter): straight to the product's own page.
    response = interfaces.results(query)
    assert response.status_code == 302 and response["Location"] == url, query

    # The product page: the same verdict; a combination lists every ingredient.
    page = interfaces.page(url)
    assert f'data-verdict="{category}"' in page, (query, category)
    if product.is_combination:
        for ingredient in product.ingredients:
            assert f'data-slug="{ingredient.slug}"' in page, (query, ingredient.slug)
        handout = interfaces.page(f"/combinations/{slug}/handout")
    else:
        handout = interfaces.page(f"/drugs/{slug}/handout")
    assert f"verdict v-{category}" in handout, (query, "handout")
    for name in names:
        assert name in text(handout).lower(), (query, name, "handout")

    # API search and advice.
    hits = interfaces.api_search(query)
    assert hits[0]["slug"] == slug and hits[0]["verdict"]["category"] == category, query
    body = interfaces.api_advice(query).json()
    assert body["verdict"] == category and body["product"]["slug"] == slug, query
    if product.is_combination:
        assert sorted(body["combination"]) == sorted(i.slug for i in product.ingredients)
        assert body["driven_by"]["slug"] == expected.driver.slug

    # CDS Hooks: one card for the product, never one per ingredient.
    cards = interfaces.cds(query)
    assert len(cards) == 1, (query, [c["summary"] for c in cards])
    assert cards[0]["indicator"] == CDS_INDICATOR.get(category, "critical"), query
    assert product.name in cards[0]["summary"], (query, cards[0]["summary"])

    # manage.py advise.
    advised = interfaces.advise(query)
    assert advised is not None and advised["verdict"] == category, query


@pytest.mark.django_db
def test_every_combination_answers_the_same_everywhere(seeded, interfaces):
    queries = _combination_queries()
    assert len(queries) >= 80  # every product by generic name and by each brand
    for query, slug in queries:
        _check_all_interfaces(interfaces, query, slug)


@pytest.mark.django_db
@pytest.mark.parametrize(("brand", "slug"), sorted(SINGLE_BRANDS.items()))
def test_single_ingredient_brands_answer_the_same_everywhere(seeded, interfaces, brand, slug):
    _check_all_interfaces(interfaces, brand, slug)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("hydrocodone acetaminophen", "hydrocodone+acetaminophen"),
        ("hydrocodone/acetaminophen", "hydrocodone+acetaminophen"),
        ("acetaminophen-hydrocodone", "hydrocodone+acetaminophen"),
        ("oxycodone with acetaminophen", "oxycodone+acetaminophen"),
        ("losartan hydrochlorothiazide", "losartan+hydrochlorothiazide"),
        ("lisinopril and hydrochlorothiazide", "lisinopril+hydrochlorothiazide"),
        ("fluticasone salmeterol", "fluticasone+salmeterol"),
        ("budesonide/formoterol", "budesonide+formoterol"),
        ("norethindrone and ethinyl estradiol", "norethindrone+ethinyl-estradiol"),
        (
            "Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet",
            "oxycodone+acetaminophen",
        ),
        ("acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet", "acetaminophen+codeine"),
    ],
)
def test_generic_combination_spellings_name_the_product(seeded, interfaces, query, slug):
    _check_all_interfaces(interfaces, query, slug)


@pytest.mark.django_db
def test_a_single_brand_ranks_above_its_combination_siblings(seeded, interfaces):
    for brand, slug in (("Tylenol", "acetaminophen"), ("Advil", "ibuprofen")):
        hits = interfaces.api_search(brand)
        assert hits[0]["slug"] == slug
        assert any(h["target"] == "combination" for h in hits[1:])


@pytest.mark.django_db
def test_republished_alternative_is_seen_at_once(seeded, reviewer, curator):
    """A page showing an alternative's verdict follows that alternative's new revision."""
    from drugs import services
    from drugs.models import Drug

    def metoprolol_as_listed() -> str:
        verdict = advice_for(drug="acebutolol").verdict
        return {a.slug: a.category.value for a in verdict.alternatives}["metoprolol"]

    assert metoprolol_as_listed() == "compatible"
    metoprolol = Drug.objects.get(slug="metoprolol")
    for guidance in metoprolol.guidance.filter(followed=True):
        guidance.verdict = "use_alternative"  # only to see the change propagate
        guidance.save()
    services.monograph_record_edit(drug=metoprolol, by=curator)
    services.monograph_submit(drug=Drug.objects.get(slug="metoprolol"), by=curator)
    services.monograph_approve(drug=Drug.objects.get(slug="metoprolol"), by=reviewer)
    services.monograph_publish(drug=Drug.objects.get(slug="metoprolol"), by=reviewer)
    assert metoprolol_as_listed() == "use_alternative"
