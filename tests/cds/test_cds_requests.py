"""Realistic CDS Hooks requests (issue #15), each asserting the cards it gets back.

Orders are coded the way EHRs send them: RxNorm SCD/SBD/GPCK/BPCK codes with their display,
NDC codings beside them, medicationReference to a Medication, PRN and IV orders with mL, and
each breastfeeding status. The RxCUI table is the RRF fixture in tests/samples/rxnorm.
"""

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from fake_fhir import FakeFhir
from fhir_requests import (
    BREASTFEEDING,
    NOT_BREASTFEEDING,
    RXNORM,
    SNOMED,
    hook_request,
    lactation_observation,
    medication_request,
    oral_route,
)

pytestmark = pytest.mark.django_db
SELECT = "/cds-services/lactation-medication-check"
SIGN = "/cds-services/lactation-medication-check-sign"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rxnorm"
NDC = "http://hl7.org/fhir/sid/ndc"
IV = {"coding": [{"system": SNOMED, "code": "47625008", "display": "Intravenous route"}]}


@pytest.fixture
def table(seeded):
    call_command("import_rxnorm", str(SAMPLE), "--no-progress", stdout=io.StringIO())


def post(client, body, path=SELECT):
    response = client.post(path, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()["cards"]


def rx(code, display, **kwargs):
    return [{"system": RXNORM, "code": code, "display": display}]


def q6h():
    return {"frequency": 1, "period": 6, "periodUnit": "h"}


def daily():
    return {"frequency": 1, "period": 1, "periodUnit": "d"}


def tylenol3(order_id="mr-t3", code="993781", display=None, **kwargs):
    display = display or "acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet"
    return medication_request(
        order_id,
        coding=rx(code, display),
        dose=(1, "{tbl}"),
        route=oral_route(),
        timing=q6h(),
        **kwargs,
    )


def sertraline(order_id="mr-sertraline"):
    return medication_request(
        order_id,
        coding=rx("312941", "sertraline 50 MG Oral Tablet"),
        dose=(1, "{tbl}"),
        route=oral_route(),
        timing=daily(),
    )


def verdict_link(card):
    (link,) = [lk for lk in card["links"] if lk["type"] == "absolute" and "verdict" in lk["label"]]
    return urlsplit(link["url"])


# --- Single drugs and combinations by code ----------------------------------------------------
def test_single_scd_from_the_table_reads_one_tablet_as_its_strength(table, cds):
    (card,) = post(cds, hook_request([sertraline()]))
    assert card["indicator"] == "info"
    assert card["summary"].startswith("sertraline: Compatible")
    assert "sertraline 50 mg per dose (1 {tbl} x 50 MG)" in card["detail"]
    query = parse_qs(verdict_link(card).query)
    assert query["dose_mg"] == ["50.0"] and query["regimen"] == ["chronic"]


def test_combination_scd_gets_one_card_driven_by_codeine(table, cds):
    cards = post(cds, hook_request([tylenol3()]))
    assert len(cards) == 1  # one product, not one card per ingredient
    (card,) = cards
    assert card["indicator"] == "warning"
    assert "because of codeine" in card["summary"]
    assert "**acetaminophen** 300 mg" in card["detail"]
    assert "**codeine** 30 mg" in card["detail"]
    assert "4 time(s) a day" in card["detail"] or "every 6 hours" in card["detail"]
    assert card["overrideReasons"]
    assert all(r["code"] and r["display"] for r in card["overrideReasons"])
    link = verdict_link(card)
    assert link.path == "/regimen/"
    assert parse_qs(link.query)["drug"] == ["acetaminophen", "codeine"]
    assert parse_qs(link.query)["dose_mg"] == ["300.0", "30.0"]


def test_combination_sbd_maps_to_the_same_product(table, cds):
    order = tylenol3(
        code="90000601",
        display="acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet [Tylenol with Codeine]",
    )
    (card,) = post(cds, hook_request([order]))
    assert "because of codeine" in card["summary"]


def test_sbd_not_in_the_table_is_read_by_the_name_parser(seeded, cds):
    order = tylenol3(
        code="993837",
        display="Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet [Tylenol with Codeine]",
    )
    (card,) = post(cds, hook_request([order]))
    assert "because of codeine" in card["summary"]
    assert "**codeine** 30 mg" in card["detail"]


def test_gpck_and_bpck_packs(table, cds):
    gpck = medication_request(
        "mr-z", coding=rx("749783", "{6 (azithromycin 250 MG Oral Tablet) } Pack"), dose=(1, "TAB")
    )
    bpck = medication_request(
        "mr-zpak",
        coding=rx("750149", "{6 (azithromycin 250 MG Oral Tablet [Zithromax]) } Pack [Z-PAK]"),
        dose=(2, "TAB"),
    )
    cards = post(cds, hook_request([gpck]))
    assert [c["summary"].split(":")[0] for c in cards] == ["azithromycin"]
    assert "azithromycin 250 mg per dose" in cards[0]["detail"]
    (card,) = post(cds, hook_request([bpck]))
    assert "azithromycin 500 mg per dose" in card["detail"]


def test_gpck_not_in_the_table_is_read_by_the_name_parser(seeded, cds):
    order = medication_request(
        "mr-z3", coding=rx("749780", "{3 (azithromycin 500 MG Oral Tablet) } Pack"), dose=(1, "TAB")
    )
    (card,) = post(cds, hook_request([order]))
    assert card["summary"].startswith("azithromycin")
    assert "azithromycin 500 mg per dose" in card["detail"]


def test_ndc_coding_beside_rxnorm(table, cds):
    order = tylenol3()
    order["medicationCodeableConcept"]["coding"].insert(
        0, {"system": NDC, "code": "50580-0488-01", "display": "Tylenol w/ Codeine #3"}
    )
    (card,) = post(cds, hook_request([order]))
    assert "because of codeine" in card["summary"]


# --- medicationReference ---------------------------------------------------------------------
def _medication(med_id="med-t3"):
    return {
        "resourceType": "Medication",
        "id": med_id,
        "code": {
            "coding": rx("993781", "acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet")
        },
    }


def test_medication_reference_to_a_contained_medication(table, cds):
    order = tylenol3()
    del order["medicationCodeableConcept"]
    order["contained"] = [_medication()]
    order["medicationReference"] = {"reference": "#med-t3"}
    (card,) = post(cds, hook_request([order]))
    assert "because of codeine" in card["summary"]


def test_medication_reference_to_a_bundle_entry(table, cds):
    order = tylenol3()
    del order["medicationCodeableConcept"]
    order["medicationReference"] = {"reference": "Medication/med-t3"}
    body = hook_request([order])
    body["context"]["draftOrders"]["entry"].append({"resource": _medication()})
    (card,) = post(cds, body)
    assert "**codeine** 30 mg" in card["detail"]


# --- PRN, one-time and IV orders ----------------------------------------------------------------
def test_prn_order_is_checked_as_a_single_dose(table, cds):
    order = tylenol3()
    order["dosageInstruction"][0]["asNeededBoolean"] = True
    (card,) = post(cds, hook_request([order]))
    assert "as needed: checked as a single dose" in card["detail"]
    assert parse_qs(verdict_link(card).query)["regimen"] == ["single", "single"]


def test_iv_morphine_in_ml_with_a_stated_concentration(table, cds):
    order = medication_request(
        "mr-morphine",
        coding=rx("892473", "morphine sulfate 2 MG/ML Injectable Solution"),
        dose=(2, "mL"),
        route=IV,
        timing={"count": 1},
    )
    (card,) = post(cds, hook_request([order]))
    assert card["summary"].startswith("morphine")
    assert "morphine 4 mg per dose (2 mL x 2 MG/ML)" in card["detail"]
    query = parse_qs(verdict_link(card).query)
    assert query["route"] == ["iv"] and query["regimen"] == ["single"]
    assert query["dose_mg"] == ["4.0"]


def test_injectable_without_a_route_assumes_intravenous_and_says_so(table, cds):
    order = medication_request(
        "mr-morphine",
        coding=rx("892473", "morphine sulfate 2 MG/ML Injectable Solution"),
        dose=(1, "mL"),
    )
    (card,) = post(cds, hook_request([order]))
    assert "intravenous was assumed" in card["detail"]


def test_wean_is_critical_with_override_reasons(seeded, cds):
    order = medication_request("mr-dox", text="Doxorubicin 100 mg", route=IV)
    (card,) = post(cds, hook_request([order]))
    assert card["indicator"] == "critical"
    assert card["overrideReasons"]


# --- Unknown codes ----------------------------------------------------------------------------
def test_unknown_code_and_name_gets_no_card(table, cds):
    order = medication_request("mr-x", coding=rx("99999999", "Unobtainium 5 MG Oral Tablet"))
    assert post(cds, hook_request([order, sertraline()]))[0]["summary"].startswith("sertraline")
    assert len(post(cds, hook_request([order, sertraline()]))) == 1


def test_unknown_code_with_a_known_text_goes_through_the_product_resolver(seeded, cds):
    order = medication_request(
        "mr-1", coding=[{"system": "urn:oid:1.2.3", "code": "LOC-1"}], text="sertraline"
    )
    (card,) = post(cds, hook_request([order]))
    assert card["summary"].startswith("sertraline")


def test_combination_with_an_unknown_ingredient_never_gets_another_drugs_card(seeded, cds):
    order = medication_request(
        "mr-x", coding=rx("1", "Acetaminophen 300 MG / Unobtainium 30 MG Oral Tablet")
    )
    assert post(cds, hook_request([order])) == []


# --- Breastfeeding status -----------------------------------------------------------------------
def test_three_orders_signed_while_breastfeeding(table, cds):
    midazolam = medication_request(
        "mr-midaz", text="Midazolam 2 mg injection", dose=(2, "mg"), route=IV
    )
    cards = post(cds, hook_request([sertraline(), tylenol3(), midazolam], hook="order-sign"), SIGN)
    assert len(cards) == 3
    # Sertraline is compatible; one perioperative midazolam dose for an older infant follows
    # ABM #15 (feed when awake and alert); the codeine in Tylenol #3 sets its product's card.
    by_name = {c["summary"].split(":")[0].split(" (")[0]: c["indicator"] for c in cards}
    assert sorted(by_name.values()) == ["info", "info", "warning"], by_name


def test_same_product_ordered_twice_gets_one_card(table, cds):
    cards = post(cds, hook_request([tylenol3("mr-a"), tylenol3("mr-b", code="90000601")]))
    assert len(cards) == 1


def test_not_breastfeeding_gets_no_cards(table, cds):
    assert post(cds, hook_request([tylenol3()], lactation=NOT_BREASTFEEDING)) == []


def test_unknown_status_shows_the_combination_and_the_status_card(table, cds):
    cards = post(cds, hook_request([sertraline(), tylenol3()], lactation=None))
    assert [c["indicator"] for c in cards] == ["warning", "info"]
    assert "because of codeine" in cards[0]["summary"]
    assert cards[1]["summary"].startswith("Breastfeeding status not recorded")


def test_male_patient_gets_no_cards(table, cds):
    assert post(cds, hook_request([tylenol3()], lactation=None, gender="male")) == []


@pytest.mark.parametrize(
    ("status", "observations", "expected"),
    [
        (200, [lactation_observation(BREASTFEEDING)], ["info", "warning"]),
        (500, [], ["info", "warning"]),  # warning (codeine) + the status card; no sertraline
    ],
)
def test_missing_prefetch_is_fetched_from_the_fhir_server(
    table, cds, settings, status, observations, expected
):
    with FakeFhir() as fhir:
        settings.LACTRX_CDS_FHIR_SERVERS = [fhir.base]
        bundle = {"resourceType": "Bundle", "entry": [{"resource": o} for o in observations]}
        fhir.routes["Observation"] = (status, bundle, 0)
        fhir.routes["Patient/pat-ana"] = (200, {"resourceType": "Patient", "gender": "female"}, 0)
        request = hook_request([sertraline(), tylenol3()], lactation=None)
        del request["prefetch"]
        request["fhirServer"] = fhir.base
        request["fhirAuthorization"] = {"access_token": "t0k", "token_type": "Bearer"}
        cards = post(cds, request)
    assert sorted(c["indicator"] for c in cards) == expected
    assert any("because of codeine" in c["summary"] for c in cards)
    assert any(c["summary"].startswith("sertraline") for c in cards) == (status == 200)
    assert fhir.requests[0]["authorization"] == "Bearer t0k"


# --- Suggestions and links ----------------------------------------------------------------------
def test_codeine_suggests_a_compatible_alternative_with_its_rxnorm_code(table, cds):
    order = medication_request("mr-codeine", coding=rx("0", "codeine phosphate 30 MG Oral Tablet"))
    (card,) = post(cds, hook_request([order]))
    assert card["selectionBehavior"] == "at-most-one"
    creates = [a for s in card["suggestions"] for a in s["actions"] if a["type"] == "create"]
    codes = {
        c["code"]
        for a in creates
        for c in a["resource"]["medicationCodeableConcept"].get("coding", [])
    }
    names = {a["resource"]["medicationCodeableConcept"]["text"].lower() for a in creates}
    assert "acetaminophen" in names
    assert "161" in codes  # acetaminophen's RxNorm ingredient code from the table


def test_smart_link_when_a_launch_url_is_configured(table, cds, settings):
    settings.LACTRX_SMART_LAUNCH_URL = "https://lactrx.example.org/smart/launch"
    (card,) = post(cds, hook_request([sertraline()]))
    (smart,) = [lk for lk in card["links"] if lk["type"] == "smart"]
    assert smart["url"] == "https://lactrx.example.org/smart/launch"
    assert '"product": "sertraline"' in smart["appContext"]
