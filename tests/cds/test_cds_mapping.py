"""Mapping an order to ingredient monographs: (1) RxCUI table, (2) the RxNorm name parser;
anything else is left to the product resolver (the query list)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from fhir_requests import RXNORM, hook_request, medication_request

from advice.cds.fhir import map_order, medication_concept
from drugs.rxnorm_names import Strength

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rxnorm"


@pytest.fixture
def rxnorm_table(seeded):
    call_command("import_rxnorm", str(SAMPLE), "--no-progress", stdout=io.StringIO())


def mapped(order, body=None):
    body = body or hook_request([order])
    return map_order(body["context"]["draftOrders"]["entry"][0]["resource"], body)


def coded(code, display="", text=None):
    coding = [{"system": RXNORM, "code": code, "display": display}]
    return medication_request("mr-1", coding=coding, text=text)


def test_rxcui_table_gives_every_ingredient_with_its_strength(rxnorm_table):
    result = mapped(coded("993781", "whatever the EHR calls it"))
    assert result.mapped_by == "rxcui"
    assert result.slugs == ("acetaminophen", "codeine")
    assert result.strengths == {
        "acetaminophen": Strength(300.0, "MG"),
        "codeine": Strength(30.0, "MG"),
    }
    assert (result.dose_form, result.form_route) == ("Oral Tablet", "oral")


def test_rxcui_table_for_branded_drug_and_packs(rxnorm_table):
    sbd = mapped(coded("90000601"))
    assert sbd.slugs == ("acetaminophen", "codeine")
    assert sbd.brand == "Tylenol with Codeine"
    bpck = mapped(coded("750149"))
    assert bpck.slugs == ("azithromycin",)
    assert bpck.strengths == {"azithromycin": Strength(250.0, "MG")}
    assert bpck.form_route == "oral"


def test_injectable_from_the_table_lists_its_routes(rxnorm_table):
    result = mapped(coded("892473"))
    assert result.slugs == ("morphine",)
    assert result.strengths == {"morphine": Strength(2.0, "MG/ML")}
    assert result.form_route is None and "iv" in result.route_options


def test_name_parser_when_the_code_is_not_in_the_table(seeded):
    result = mapped(coded("1049611", "Oxycodone Hydrochloride 15 MG Oral Tablet"))
    assert result.mapped_by == "name"
    assert result.slugs == ("oxycodone",)
    assert result.strengths == {"oxycodone": Strength(15.0, "MG")}
    pack = mapped(coded("749783", "{6 (azithromycin 250 MG Oral Tablet) } Pack"))
    assert pack.slugs == ("azithromycin",)


def test_a_combination_with_an_unknown_ingredient_is_not_mapped_in_part(seeded):
    result = mapped(coded("1", "Acetaminophen 300 MG / Unobtainium 30 MG Oral Tablet"))
    assert result.slugs == ()
    assert result.mapped_by is None
    assert result.names == ["Acetaminophen 300 MG / Unobtainium 30 MG Oral Tablet"]


def test_plain_text_is_left_to_the_product_resolver(seeded):
    result = mapped(medication_request("mr-1", text="Tylenol #3"))
    assert result.slugs == () and result.names == ["Tylenol #3"]


def test_order_without_a_drug_is_none(seeded):
    assert mapped(medication_request("mr-1")) is None


def test_medication_reference_contained_bundle_and_prefetch(seeded):
    medication = {
        "resourceType": "Medication",
        "id": "med-1",
        "code": {"coding": [{"system": RXNORM, "code": "1", "display": "sertraline"}]},
    }
    order = medication_request("mr-1")
    del order["medicationCodeableConcept"]
    order["medicationReference"] = {"reference": "Medication/med-1"}
    body = hook_request([order])
    body["prefetch"]["medications"] = {
        "resourceType": "Bundle",
        "entry": [{"resource": medication}],
    }
    assert medication_concept(order, body) == medication["code"]
    order["medicationReference"] = {"reference": "#med-1"}
    order["contained"] = [medication]
    assert medication_concept(order, hook_request([order])) == medication["code"]
    order["medicationReference"] = {"reference": "Medication/other"}
    assert medication_concept(order, body) == {}
