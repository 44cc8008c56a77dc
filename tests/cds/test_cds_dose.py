"""Dose, frequency, regimen and route read from MedicationRequest resources (pure)."""

import pytest

from advice.cds.dose import ProductStrength, order_regimen, route_from_order
from drugs.rxnorm_names import Strength

SNOMED = "http://snomed.info/sct"
APAP_CODEINE = [
    ProductStrength("acetaminophen", "acetaminophen", Strength(300, "MG")),
    ProductStrength("codeine", "codeine", Strength(30, "MG")),
]


def order(dose=None, timing=None, route=None, **extra):
    instruction = {}
    if dose is not None:
        value, unit = dose
        instruction["doseAndRate"] = [
            {"doseQuantity": {"value": value, "unit": unit, "code": unit}}
        ]
    if timing is not None:
        instruction["timing"] = timing
    if route is not None:
        instruction["route"] = route
    instruction.update(extra.pop("instruction", {}))
    return {"resourceType": "MedicationRequest", "dosageInstruction": [instruction], **extra}


def test_one_tablet_of_a_combination_gives_each_ingredient_its_strength():
    result = order_regimen(
        order=order((1, "tablet"), {"repeat": {"frequency": 4, "period": 1, "periodUnit": "d"}}),
        ingredients=APAP_CODEINE,
        form_route="oral",
        dose_form="Oral Tablet",
    )
    assert result.dose_mg == {"acetaminophen": 300.0, "codeine": 30.0}
    assert result.doses_per_day == 4.0
    assert result.regimen == "chronic"
    assert result.route == "oral"
    assert result.scenario("codeine") == {
        "dose_mg": 30.0,
        "route": "oral",
        "regimen": "chronic",
        "doses_per_day": 4.0,
    }
    assert any("codeine 30 mg per dose" in u for u in result.used)


@pytest.mark.parametrize("unit", ["{tbl}", "TAB", "tablets", "Tablet(s)", "1"])
def test_tablet_units_in_ucum_hl7_and_text(unit):
    result = order_regimen(order=order((2, unit)), ingredients=APAP_CODEINE[1:])
    assert result.dose_mg == {"codeine": 60.0}


def test_ml_with_a_concentration():
    morphine = [ProductStrength("morphine", "morphine", Strength(2, "MG/ML"))]
    result = order_regimen(
        order=order((2.5, "mL"), {"repeat": {"count": 1}}),
        ingredients=morphine,
        route_options=("iv", "im", "sc"),
        dose_form="Injectable Solution",
    )
    assert result.dose_mg == {"morphine": 5.0}
    assert result.regimen == "single"
    assert result.route == "iv"
    assert any("intravenous was assumed" in a for a in result.assumed)


def test_ml_without_a_concentration_is_not_used_and_said():
    result = order_regimen(
        order=order((10, "mL")),
        ingredients=[ProductStrength("sertraline", "sertraline", Strength(50, "MG"))],
    )
    assert result.dose_mg == {}
    assert any("could not be turned into mg" in a for a in result.assumed)


def test_mass_dose_for_a_single_drug_and_not_for_a_combination():
    single = order_regimen(
        order=order((0.65, "g")), ingredients=[ProductStrength("acetaminophen", "apap")]
    )
    assert single.dose_mg == {"acetaminophen": 650.0}
    combo = order_regimen(order=order((650, "mg")), ingredients=APAP_CODEINE)
    assert combo.dose_mg == {}
    assert any("combination" in a for a in combo.assumed)


def test_patch_strength_per_hour_is_a_daily_dose():
    fentanyl = [ProductStrength("fentanyl", "fentanyl", Strength(0.025, "MG/HR"))]
    result = order_regimen(
        order=order((1, "patch"), {"repeat": {"frequency": 1, "period": 72, "periodUnit": "h"}}),
        ingredients=fentanyl,
        form_route="transdermal",
        dose_form="Transdermal System",
    )
    assert result.dose_mg["fentanyl"] == pytest.approx(0.6)
    assert result.route == "transdermal"


def test_puffs_of_an_inhaler():
    albuterol = [ProductStrength("albuterol", "albuterol", Strength(0.09, "MG/ACTUAT"))]
    result = order_regimen(order=order((2, "{puff}")), ingredients=albuterol)
    assert result.dose_mg["albuterol"] == pytest.approx(0.18)


@pytest.mark.parametrize(
    ("code", "per_day"),
    [("BID", 2), ("TID", 3), ("QID", 4), ("QD", 1), ("Q6H", 4), ("Q8H", 3), ("QOD", 0.5)],
)
def test_timing_codes(code, per_day):
    timing = {"code": {"coding": [{"code": code}]}}
    result = order_regimen(order=order((1, "tablet"), timing), ingredients=APAP_CODEINE)
    assert result.doses_per_day == pytest.approx(per_day)
    assert result.regimen == "chronic"


def test_frequency_over_hours_and_when():
    q6h = order_regimen(
        order=order(None, {"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}}),
        ingredients=APAP_CODEINE,
    )
    assert q6h.doses_per_day == pytest.approx(4)
    when = order_regimen(
        order=order(None, {"repeat": {"when": ["MORN", "NIGHT"]}}), ingredients=APAP_CODEINE
    )
    assert when.doses_per_day == 2


def test_as_needed_is_a_single_dose():
    result = order_regimen(
        order=order(
            (1, "tablet"),
            {"repeat": {"frequency": 1, "period": 4, "periodUnit": "h"}},
            instruction={"asNeededBoolean": True},
        ),
        ingredients=APAP_CODEINE,
    )
    assert result.regimen == "single"
    assert "doses_per_day" not in result.scenario("codeine")
    assert any("as needed" in u for u in result.used)


def test_one_dose_dispensed_is_a_one_time_order():
    result = order_regimen(
        order=order((1, "tablet"), dispenseRequest={"quantity": {"value": 1, "unit": "tablet"}}),
        ingredients=APAP_CODEINE,
    )
    assert result.regimen == "single"


def test_short_course_is_regular_dosing_and_said():
    result = order_regimen(
        order=order(
            (1, "tablet"),
            {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
            dispenseRequest={"expectedSupplyDuration": {"value": 5, "unit": "days"}},
        ),
        ingredients=APAP_CODEINE,
    )
    assert result.regimen == "chronic"
    assert any("course of 5 days" in u for u in result.used)


def test_no_dosage_at_all_assumes_and_says_so():
    result = order_regimen(
        order={"resourceType": "MedicationRequest"},
        ingredients=APAP_CODEINE,
    )
    assert result.dose_mg == {} and result.regimen is None and result.route is None
    assert len(result.assumed) == 3


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ({"coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}]}, "oral"),
        ({"coding": [{"system": SNOMED, "code": "47625008"}]}, "iv"),
        ({"coding": [{"system": SNOMED, "code": "78421000"}]}, "im"),
        ({"coding": [{"system": SNOMED, "code": "37839007"}]}, "oral"),
        ({"text": "IV"}, "iv"),
        ({"text": "by mouth"}, "oral"),
        ({"text": "Subcutaneous route"}, "sc"),
        ({"coding": [{"system": SNOMED, "code": "999", "display": "Intranasal"}]}, "nasal"),
    ],
)
def test_routes_from_snomed_or_text(route, expected):
    assert route_from_order(route)[0] == expected


def test_order_route_wins_over_dose_form_and_unknown_route_is_said():
    im = order_regimen(
        order=order(None, route={"text": "IM"}),
        ingredients=APAP_CODEINE,
        route_options=("iv", "im", "sc"),
    )
    assert im.route == "im"
    odd = order_regimen(
        order=order(None, route={"text": "Intragalactic"}),
        ingredients=APAP_CODEINE,
        form_route="oral",
        dose_form="Oral Tablet",
    )
    assert odd.route == "oral"
    assert any("Intragalactic" in a for a in odd.assumed)
