"""No interface passes one drug off as another (hazard H1).

A table of drugs LactRx has no monograph for, look-alike and misspelled names, fragments and
class or indication queries. For each, no interface may answer with a *different* drug: the
resolver finds nothing (or a group to choose from), suggestions are marked as suggestions,
Enter does not open another drug's page, the API and `advise` refuse with the reason, and CDS
gives no card. Should the seed gain one of these drugs later, the only acceptable answer is the
drug itself, by its own exact name (and the table should swap it for another real drug still
absent, as issue #17 did for clonidine, pravastatin, latanoprost and the others it added).
"""

import pytest

from drugs.models import normalize_name
from drugs.selectors import CLASS_QUERY, FOUND, product_resolve
from tests.products.product_paths import text

NOT_IN_SEED = [
    "tamsulosin",
    "clomipramine",
    "tolterodine",
    "ramelteon",
    "levocetirizine",
    "rosiglitazone",
    "levomilnacipran",
    "pitavastatin",
    "lurasidone",
    "vilazodone",
    "brexpiprazole",
    "tizanidine",
    "eszopiclone",
    "colesevelam",
    "solifenacin",
    "triamcinolone",
    "clobetasol",
    "progesterone",
    "finasteride",
    "methocarbamol",
    "baclofen",
    "oxybutynin",
    "pioglitazone",
    "donepezil",
    "memantine",
    "ropinirole",
    "pramipexole",
    "zolmitriptan",
    "febuxostat",
    "mometasone",
    "levalbuterol",
    "azelastine",
    "olopatadine",
    "glimepiride",
    "irbesartan",
    "telmisartan",
    "candesartan",
    "nebivolol",
    "bisoprolol",
    "doxazosin",
    "terazosin",
    "prazosin",
    "isosorbide",
    "nitroglycerin",
    "ranolazine",
    "dofetilide",
    "flecainide",
    "sotalol",
    "ticagrelor",
    "prasugrel",
    "cilostazol",
    "pentoxifylline",
    "dexlansoprazole",
    "rabeprazole",
    "sucralfate",
    "dicyclomine",
    "hyoscyamine",
    "linaclotide",
    "lubiprostone",
    "balsalazide",
    "rifaximin",
    "fidaxomicin",
    "cefpodoxime",
    "moxifloxacin",
    "baloxavir",
    "famciclovir",
    "emtricitabine",
    "tenofovir",
    "dolutegravir",
    "efavirenz",
    "nevirapine",
    "zidovudine",
    "raloxifene",
    "denosumab",
    "teriparatide",
    "risedronate",
    "calcitriol",
    "cinacalcet",
    "sevelamer",
    "probenecid",
    "leflunomide",
    "dupilumab",
    "omalizumab",
    "tofacitinib",
    "adapalene",
    "praziquantel",
    "primaquine",
    "atovaquone",
    "dapsone",
    "pyrazinamide",
    "ethambutol",
]
# Multi-word names and names that sit close to a drug the seed has.
OTHER_NOT_FOUND = [
    "mirabegron",
    "vitamin K",
    "glucose",
    "calcium",
    "St John's wort",
    "fish oil",
    "insulin lispro",
    "Ok 1 tab",
    "oral tablet",
    "jy",
    "qq",
]
CLASS_QUERIES = ["SSRI", "birth control", "MRI contrast", "flu vaccine", "thyroid", "NSAIDs"]


def _names_of(product_slug: str) -> set[str]:
    from drugs.models import SearchEntry

    return set(SearchEntry.objects.filter(slug=product_slug).values_list("normalized", flat=True))


def _assert_no_other_drug(interfaces, query: str) -> None:
    resolution = product_resolve(query=query)
    if resolution.status == FOUND:
        # Only the drug itself, by its own exact name, may ever answer.
        assert resolution.match == "exact", (query, resolution.product)
        assert normalize_name(query) in _names_of(resolution.product.slug), query
        return
    assert resolution.product is None
    for hit in resolution.hits:
        assert hit.match in {"prefix", "related", "fuzzy", "lookalike", "class", "exact"}, (
            query,
            hit.match,
        )
        if hit.match == "exact":
            assert resolution.status == "ambiguous"

    response = interfaces.results(query)
    assert response.status_code == 200, (query, response.get("Location"))
    page = text(response.content.decode())
    if resolution.status == CLASS_QUERY:
        assert f"“{query}” is a group of medicines" in page
    else:
        assert f"LactRx has no monograph for “{query}”" in page or "could mean" in page

    api = interfaces.api_advice(query)
    assert api.status_code == 400, query
    assert "drug" in api.json()["errors"], query

    assert interfaces.cds(query) == [], query
    assert interfaces.advise(query) is None, query


@pytest.mark.django_db
def test_the_table_is_big_enough():
    assert len(NOT_IN_SEED) + len(OTHER_NOT_FOUND) + len(CLASS_QUERIES) >= 80


@pytest.mark.django_db
def test_drugs_the_seed_lacks_never_answer_as_another_drug(seeded, interfaces):
    for query in NOT_IN_SEED + OTHER_NOT_FOUND:
        _assert_no_other_drug(interfaces, query)


@pytest.mark.django_db
@pytest.mark.parametrize("query", CLASS_QUERIES)
def test_a_class_lists_its_members_and_answers_with_none(seeded, interfaces, query):
    resolution = product_resolve(query=query)
    assert resolution.status == CLASS_QUERY
    assert len(resolution.hits) >= 1
    assert {h.match for h in resolution.hits} == {"class"}
    _assert_no_other_drug(interfaces, query)


@pytest.mark.django_db
def test_every_two_letter_fragment_is_refused_by_the_api(seeded, interfaces):
    """'jy' once gave methotrexate's verdict: a fragment names no drug (curated abbreviations
    such as 'T4' aside, which are exact names of one drug)."""
    import string

    answered = []
    for a in string.ascii_lowercase:
        for b in string.ascii_lowercase:
            resolution = product_resolve(query=a + b)
            if resolution.status == FOUND:
                answered.append((a + b, resolution.product.slug, resolution.matched_name))
    assert all(normalize_name(q) == normalize_name(m) for q, _s, m in answered), answered


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "corrected"),
    [("valacyclavir", "valacyclovir"), ("clonazepan", "clonazepam"), ("sertaline", "sertraline")],
)
def test_a_close_misspelling_is_corrected_aloud(seeded, interfaces, query, corrected):
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.product.slug == corrected
    assert resolution.note == f"Showing results for {corrected} — you typed “{query}”."
    assert resolution.note in text(interfaces.suggest(query))
    assert interfaces.results(query).status_code == 200  # the results page says so, too
    assert interfaces.cds(query) == []  # an order is never corrected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["vitamin d3", "trazadone", "hydroxizine", "I-131", "I-123 MIBG"])
def test_corrections_never_change_digits_short_words_or_look_alikes(seeded, query):
    resolution = product_resolve(query=query)
    if resolution.status == FOUND:
        assert resolution.match in {"exact", "combination"}, (query, resolution.product)
