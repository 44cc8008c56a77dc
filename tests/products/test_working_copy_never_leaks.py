"""Nothing a clinician sees changes until a second person approves and publishes (hazard H10).

A curator acting alone edits each kind of curated row in the working copy — a brand moved to
another drug, a drug renamed and its slug changed, an ingredient removed from a combination, a
guidance verdict — and every clinician path (suggestions, results, pages, handout, API search
and advice, CDS Hooks, `manage.py advise`) must answer exactly as before. Publishing the
reviewed change then shows it, so the test can tell the two apart.
"""

import pytest

from drugs import services
from drugs.models import CombinationProduct, Drug, DrugName
from tests.products.product_paths import text


def _answers(interfaces) -> dict[str, object]:
    tylenol = interfaces.api_advice("Tylenol").json()
    percocet = interfaces.api_advice("Percocet").json()
    zoloft = interfaces.api_advice("Zoloft").json()
    return {
        "tylenol": (tylenol["drug_slug"], tylenol["verdict"]),
        "percocet": (percocet["verdict"], sorted(percocet["combination"])),
        "zoloft": (zoloft["drug_slug"], zoloft["verdict"], zoloft["drug_name"]),
        "search": [h["slug"] for h in interfaces.api_search("Percocet")][:1]
        + [h["slug"] for h in interfaces.api_search("Tylenol")][:1],
        "suggest": text(interfaces.suggest("Percocet")).split(" ")[:8],
        "results": interfaces.results("Tylenol")["Location"],
        "page": 'data-verdict="compatible"' in interfaces.page("/drugs/sertraline/"),
        "page_title": text(interfaces.page("/drugs/sertraline/")).split("·")[0],
        "combination_page": text(interfaces.page("/combinations/oxycodone+acetaminophen/"))[:400],
        "cds": [c["summary"] for c in interfaces.cds("Percocet 5/325")],
        "advise": interfaces.advise("Tylenol")["drug_slug"],
    }


def _solo_edits(curator) -> None:
    """What one curator could once do with no review at all."""
    oxycodone = Drug.objects.get(slug="oxycodone")
    brand = DrugName.objects.get(drug__slug="acetaminophen", kind="brand", name="Tylenol")
    brand.drug = oxycodone  # move the brand to another drug
    brand.save()
    services.monograph_record_edit(drug=oxycodone, by=curator)

    sertraline = Drug.objects.get(slug="sertraline")
    sertraline.name, sertraline.slug = "sertraline (renamed)", "sertraline-renamed"
    sertraline.save()
    services.monograph_record_edit(drug=sertraline, by=curator)
    for guidance in sertraline.guidance.all():
        guidance.verdict = "wean"
        guidance.save()

    percocet = CombinationProduct.objects.get(slug="oxycodone+acetaminophen")
    percocet.ingredients.remove(oxycodone)  # drop the opioid
    services.monograph_record_edit(drug=percocet, by=curator)


@pytest.mark.django_db
def test_a_curator_alone_changes_nothing_a_clinician_sees(seeded, interfaces, curator):
    before = _answers(interfaces)
    _solo_edits(curator)
    from django.core.cache import cache

    cache.clear()  # not even once every cache has expired
    assert _answers(interfaces) == before


@pytest.mark.django_db
def test_the_reviewed_change_is_what_reaches_clinicians(seeded, interfaces, curator, reviewer):
    def api(query: str) -> dict:
        return interfaces.api_advice(query).json()

    before = {q: api(q)["verdict"] for q in ("Tylenol", "Percocet")}
    _solo_edits(curator)
    sertraline = Drug.objects.get(slug="sertraline-renamed")
    services.monograph_submit(drug=sertraline, by=curator)
    services.monograph_approve(drug=Drug.objects.get(pk=sertraline.pk), by=reviewer)
    services.monograph_publish(drug=Drug.objects.get(pk=sertraline.pk), by=reviewer)
    zoloft = api("Zoloft")
    assert (zoloft["drug_slug"], zoloft["verdict"]) == ("sertraline-renamed", "wean")
    assert zoloft["drug_name"] == "sertraline (renamed)"
    assert api("Tylenol")["drug_slug"] == "acetaminophen"  # still unreviewed: unchanged
    assert {q: api(q)["verdict"] for q in ("Tylenol", "Percocet")} == before
    assert sorted(api("Percocet")["combination"]) == ["acetaminophen", "oxycodone"]
