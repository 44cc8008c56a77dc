"""The RxNorm normalized-name parser on real RxNorm names seen in public material.

Every name below was copied from a public file; SOURCES says where. Files found through the
code index's exact-string search are named by that index's file id when the index did not
show their repository.
"""

import pytest

from drugs.rxnorm_names import parse_rxnorm_name, split_salt

SOURCES = {
    "hl7-opioids": (
        "github.com/HL7/cqf-recommendations "
        "temp-files/valueset-opioids-with-ambulatory-abuse-potential.fsh (RxNorm 02-Mar-2020)"
    ),
    "js-rxmap": "code index file 36205428434: JavaScript bundle, module mapping RxCUI -> name",
    "swift-rxnav": "code index file 25425902222: Medication.swift (RxNav drugs.json sample)",
    "patient-manager": "code index file 30269074702: Patient Manager README (RxNav sample)",
    "dailymed-jl": "code index file 18338567278: DailyMed.jl README (rxcui 1365899)",
    "cds-test": "code index file 23599861663: Java CDS test data (MedicationRequest)",
    "aptos": "code index file 60790995683: JavaScript drug table (rxcui 892473)",
    "cerner-sample": "code index file 9353609914: FHIR DSTU2 sample (rxcui 309778)",
    "atc-tests": "code index file 63089634743: TypeScript route test cases",
    "storage": "code index file 60262215397: Python cold-chain list",
    "omop-codes": "code index file 71324079934: OMOP drug names derived from RxNorm",
    "vn-drugs": "code index file 56349210698: Vietnamese drug list with rxcui",
    "synthea": "github.com/synthetichealth/synthea "
    "src/main/resources/modules/contraceptives/oral_contraceptive.json",
}

# (name, source, ingredient bases, route, brand)
NAMES = [
    (
        "Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        "oral",
        None,
    ),
    (
        "Acetaminophen 300 MG / Codeine Phosphate 15 MG Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        "oral",
        None,
    ),
    (
        "Acetaminophen 300 MG / Codeine Phosphate 60 MG Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        "oral",
        None,
    ),
    (
        "Acetaminophen 325 MG / butalbital 50 MG / Caffeine 40 MG / Codeine Phosphate 30 MG "
        "Oral Capsule",
        "hl7-opioids",
        ("acetaminophen", "butalbital", "caffeine", "codeine"),
        "oral",
        None,
    ),
    (
        "Aspirin 325 MG / Carisoprodol 200 MG / Codeine Phosphate 16 MG Oral Tablet",
        "hl7-opioids",
        ("aspirin", "carisoprodol", "codeine"),
        "oral",
        None,
    ),
    (
        "Codeine Phosphate 1.8 MG/ML / Pyrilamine Maleate 1.67 MG/ML Oral Solution",
        "hl7-opioids",
        ("codeine", "pyrilamine"),
        "oral",
        None,
    ),
    (
        "Codeine Phosphate 20 MG / Ibuprofen 300 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("codeine", "ibuprofen"),
        "oral",
        None,
    ),
    ("Codeine sulfate 30 MG Oral Tablet", "hl7-opioids", ("codeine",), "oral", None),
    (
        "Acetaminophen 500 MG / Codeine Phosphate 30 MG Effervescent Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        "oral",
        None,
    ),
    ("Codeine Phosphate 5 MG/ML Oral Solution", "hl7-opioids", ("codeine",), "oral", None),
    (
        "dihydrocodeine bitartrate 120 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("dihydrocodeine",),
        "oral",
        None,
    ),
    (
        "Acetaminophen 325 MG / Caffeine 30 MG / dihydrocodeine bitartrate 16 MG Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "caffeine", "dihydrocodeine"),
        "oral",
        None,
    ),
    (
        "Cyclizine 30 MG / dipipanone 10 MG Oral Tablet",
        "hl7-opioids",
        ("cyclizine", "dipipanone"),
        "oral",
        None,
    ),
    (
        "80 ACTUAT Fentanyl 0.04 MG/ACTUAT Transdermal System",
        "hl7-opioids",
        ("fentanyl",),
        "transdermal",
        None,
    ),
    (
        "Fentanyl 0.1 MG/ACTUAT Metered Dose Nasal Spray",
        "hl7-opioids",
        ("fentanyl",),
        "nasal",
        None,
    ),
    ("Fentanyl 0.1 MG/ACTUAT Mucosal Spray", "hl7-opioids", ("fentanyl",), "oral", None),
    ("Fentanyl 0.2 MG Sublingual Tablet", "hl7-opioids", ("fentanyl",), "oral", None),
    (
        "72 HR Fentanyl 0.075 MG/HR Transdermal System",
        "hl7-opioids",
        ("fentanyl",),
        "transdermal",
        None,
    ),
    (
        "72 HR Fentanyl 0.025 MG/HR Transdermal System",
        "hl7-opioids",
        ("fentanyl",),
        "transdermal",
        None,
    ),
    (
        "12 HR Oxycodone Hydrochloride 40 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("oxycodone",),
        "oral",
        None,
    ),
    ("Oxycodone Hydrochloride 1 MG/ML Oral Solution", "hl7-opioids", ("oxycodone",), "oral", None),
    ("Oxycodone Hydrochloride 15 MG Oral Tablet", "hl7-opioids", ("oxycodone",), "oral", None),
    (
        "12 HR Naloxone Hydrochloride 10 MG / Oxycodone Hydrochloride 20 MG Extended Release "
        "Oral Tablet",
        "hl7-opioids",
        ("naloxone", "oxycodone"),
        "oral",
        None,
    ),
    (
        "Abuse-Deterrent 12 HR Oxycodone Hydrochloride 60 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("oxycodone",),
        "oral",
        None,
    ),
    (
        "Aspirin 325 MG / Oxycodone Hydrochloride 4.5 MG / oxycodone terephthalate 0.38 MG "
        "Oral Tablet",
        "hl7-opioids",
        ("aspirin", "oxycodone", "oxycodone"),
        "oral",
        None,
    ),
    (
        "Abuse-Deterrent 12 HR Oxycodone 9 MG Extended Release Oral Capsule",
        "hl7-opioids",
        ("oxycodone",),
        "oral",
        None,
    ),
    (
        "Acetaminophen 60 MG/ML / Oxycodone Hydrochloride 2 MG/ML Oral Solution",
        "hl7-opioids",
        ("acetaminophen", "oxycodone"),
        "oral",
        None,
    ),
    (
        "12 HR Oxymorphone Hydrochloride 10 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("oxymorphone",),
        "oral",
        None,
    ),
    ("Pentazocine 50 MG Rectal Suppository", "hl7-opioids", ("pentazocine",), "rectal", None),
    (
        "Naloxone 0.5 MG / Pentazocine 50 MG Oral Tablet",
        "hl7-opioids",
        ("naloxone", "pentazocine"),
        "oral",
        None,
    ),
    ("pholcodine 1 MG/ML Oral Solution", "hl7-opioids", ("pholcodine",), "oral", None),
    (
        "Acetaminophen 325 MG / propoxyphene napsylate 100 MG Oral Tablet",
        "hl7-opioids",
        ("acetaminophen", "propoxyphene"),
        "oral",
        None,
    ),
    (
        "Aspirin 389 MG / Caffeine 32.4 MG / Propoxyphene Hydrochloride 32 MG Oral Capsule",
        "hl7-opioids",
        ("aspirin", "caffeine", "propoxyphene"),
        "oral",
        None,
    ),
    ("Sufentanil 0.03 MG Sublingual Tablet", "hl7-opioids", ("sufentanil",), "oral", None),
    (
        "12 HR tapentadol 150 MG Extended Release Oral Tablet",
        "hl7-opioids",
        ("tapentadol",),
        "oral",
        None,
    ),
    ("tapentadol 100 MG Oral Tablet", "hl7-opioids", ("tapentadol",), "oral", None),
    (
        "Acetaminophen 300 MG / Codeine Phosphate 30 MG [Tylenol with Codeine]",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        None,
        "Tylenol with Codeine",
    ),
    (
        "Buprenorphine 2 MG / Naloxone 0.5 MG [Suboxone]",
        "hl7-opioids",
        ("buprenorphine", "naloxone"),
        None,
        "Suboxone",
    ),
    ("Buprenorphine 0.01 MG/HR [BuTrans]", "hl7-opioids", ("buprenorphine",), None, "BuTrans"),
    (
        "Acetaminophen 24 MG/ML / Codeine Phosphate 2.4 MG/ML [Capital and Codeine]",
        "hl7-opioids",
        ("acetaminophen", "codeine"),
        None,
        "Capital and Codeine",
    ),
    (
        "Butorphanol Tartrate 2 MG/ML [Torbugesic]",
        "hl7-opioids",
        ("butorphanol",),
        None,
        "Torbugesic",
    ),
    (
        "mesalamine 400 MG Enteric Coated Tablet [Asacol]",
        "js-rxmap",
        ("mesalamine",),
        "oral",
        "Asacol",
    ),
    ("Metoclopramide 1 MG/ML Oral Solution", "js-rxmap", ("metoclopramide",), "oral", None),
    ("Triamcinolone 1 MG/ML Topical Cream", "js-rxmap", ("triamcinolone",), "topical", None),
    ("Mupirocin 0.02 MG/MG Topical Ointment", "js-rxmap", ("mupirocin",), "topical", None),
    (
        "Estrogens, Conjugated (USP) 0.625 MG Oral Tablet [Premarin]",
        "js-rxmap",
        ("estrogens, conjugated (usp)",),
        "oral",
        "Premarin",
    ),
    (
        "Atenolol 100 MG / Chlorthalidone 25 MG Oral Tablet",
        "js-rxmap",
        ("atenolol", "chlorthalidone"),
        "oral",
        None,
    ),
    ("Ibuprofen 20 MG/ML Oral Suspension", "js-rxmap", ("ibuprofen",), "oral", None),
    ("Nitroglycerin 0.4 MG Sublingual Tablet", "js-rxmap", ("nitroglycerin",), "oral", None),
    (
        "potassium citrate 10 MEQ Extended Release Tablet",
        "js-rxmap",
        ("potassium citrate",),
        "oral",
        None,
    ),
    ("Omeprazole 40 MG Enteric Coated Capsule", "js-rxmap", ("omeprazole",), "oral", None),
    ("Sertraline 100 MG Oral Tablet [Zoloft]", "js-rxmap", ("sertraline",), "oral", "Zoloft"),
    (
        "Sulfamethoxazole 40 MG/ML / Trimethoprim 8 MG/ML Oral Suspension [Sulfatrim]",
        "js-rxmap",
        ("sulfamethoxazole", "trimethoprim"),
        "oral",
        "Sulfatrim",
    ),
    (
        "bimatoprost 0.3 MG/ML Ophthalmic Solution [Lumigan]",
        "js-rxmap",
        ("bimatoprost",),
        "ophthalmic",
        "Lumigan",
    ),
    ("Clotrimazole 10 MG/ML Topical Cream", "js-rxmap", ("clotrimazole",), "topical", None),
    (
        "Erythromycin 0.005 MG/MG Ophthalmic Ointment",
        "js-rxmap",
        ("erythromycin",),
        "ophthalmic",
        None,
    ),
    (
        "Hydrocortisone 25 MG/ML / pramoxine 10 MG/ML Topical Cream",
        "js-rxmap",
        ("hydrocortisone", "pramoxine"),
        "topical",
        None,
    ),
    ("Nystatin 100000 UNT/ML Oral Suspension", "js-rxmap", ("nystatin",), "oral", None),
    (
        "Potassium Chloride 10 MEQ Extended Release Capsule",
        "js-rxmap",
        ("potassium chloride",),
        "oral",
        None,
    ),
    (
        "Hydrocortisone 25 MG/ML Rectal Cream [Proctozone HC]",
        "js-rxmap",
        ("hydrocortisone",),
        "rectal",
        "Proctozone HC",
    ),
    (
        "Chlorpheniramine 1.6 MG/ML / Hydrocodone 2 MG/ML Extended Release Suspension "
        "[Tussionex PennKinetic]",
        "js-rxmap",
        ("chlorpheniramine", "hydrocodone"),
        "oral",
        "Tussionex PennKinetic",
    ),
    (
        "tiotropium 0.018 MG/ACTUAT Inhalant Powder [Spiriva]",
        "js-rxmap",
        ("tiotropium",),
        "inhaled",
        "Spiriva",
    ),
    ("Albuterol 0.83 MG/ML Inhalant Solution", "js-rxmap", ("albuterol",), "inhaled", None),
    (
        "200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler [ProAir HFA]",
        "js-rxmap",
        ("albuterol",),
        "inhaled",
        "ProAir HFA",
    ),
    (
        "120 ACTUAT Budesonide 0.08 MG/ACTUAT / formoterol 0.0045 MG/ACTUAT Metered Dose Inhaler "
        "[Symbicort 80/4.5]",
        "js-rxmap",
        ("budesonide", "formoterol"),
        "inhaled",
        "Symbicort 80/4.5",
    ),
    (
        "120 ACTUAT mometasone furoate 0.05 MG/ACTUAT Nasal Inhaler [Nasonex]",
        "js-rxmap",
        ("mometasone",),
        "nasal",
        "Nasonex",
    ),
    ("Penicillin V Potassium 500 MG Oral Tablet", "js-rxmap", ("penicillin v",), "oral", None),
    (
        "chlorhexidine gluconate 1.2 MG/ML Mouthwash",
        "js-rxmap",
        ("chlorhexidine",),
        "topical",
        None,
    ),
    (
        "Amoxicillin 120 MG/ML / clavulanate potassium 8.58 MG/ML Oral Suspension",
        "js-rxmap",
        ("amoxicillin", "clavulanate"),
        "oral",
        None,
    ),
    (
        "Diclofenac 75 MG / Misoprostol 0.2 MG Enteric Coated Tablet [Arthrotec 75/200]",
        "js-rxmap",
        ("diclofenac", "misoprostol"),
        "oral",
        "Arthrotec 75/200",
    ),
    (
        "24 HR Metoprolol 25 MG Extended Release Tablet [Toprol-XL]",
        "js-rxmap",
        ("metoprolol",),
        "oral",
        "Toprol-XL",
    ),
    (
        "{4 (Risedronate 35 MG Oral Tablet [Actonel]) } Pack [Actonel 35]",
        "js-rxmap",
        ("risedronate",),
        "oral",
        "Actonel 35",
    ),
    (
        "Ciprofloxacin 3 MG/ML / Dexamethasone 1 MG/ML Otic Suspension [Ciprodex]",
        "js-rxmap",
        ("ciprofloxacin", "dexamethasone"),
        "topical",
        "Ciprodex",
    ),
    (
        "Cyclobenzaprine hydrochloride 10 MG Oral Tablet",
        "js-rxmap",
        ("cyclobenzaprine",),
        "oral",
        None,
    ),
    (
        "{6 (azithromycin 250 MG Oral Tablet [Zithromax]) } Pack [Z-PAK]",
        "swift-rxnav",
        ("azithromycin",),
        "oral",
        "Z-PAK",
    ),
    ("{3 (azithromycin 500 MG Oral Tablet) } Pack", "swift-rxnav", ("azithromycin",), "oral", None),
    (
        "azithromycin 500 MG Injection [Zithromax]",
        "swift-rxnav",
        ("azithromycin",),
        None,
        "Zithromax",
    ),
    (
        "azithromycin 40 MG/ML Oral Suspension [Zithromax]",
        "swift-rxnav",
        ("azithromycin",),
        "oral",
        "Zithromax",
    ),
    (
        "{100 (Acetaminophen 250 MG / Aspirin 250 MG / Caffeine 65 MG Oral Tablet [Excedrin]) / "
        "24 (Acetaminophen 250 MG / Aspirin 250 MG / Diphenhydramine Citrate 38 MG Oral Tablet "
        "[Excedrin PM Triple Action]) } Pack [Excedrin PM Triple Action Caplets and Excedrin "
        "Extra Strength Pain Reliever]",
        "patient-manager",
        ("acetaminophen", "aspirin", "caffeine", "diphenhydramine"),
        "oral",
        "Excedrin PM Triple Action Caplets and Excedrin Extra Strength Pain Reliever",
    ),
    (
        "Acetaminophen 250 MG / Aspirin 250 MG / Caffeine 65 MG Oral Tablet [Excedrin]",
        "patient-manager",
        ("acetaminophen", "aspirin", "caffeine"),
        "oral",
        "Excedrin",
    ),
    (
        "{21 (ETHINYL ESTRADIOL 0.035 MG / NORGESTIMATE 0.25 MG ORAL TABLET) / 7 (INERT "
        "INGREDIENTS 1 MG ORAL TABLET) } PACK [MONO-LINYAH 28 DAY]",
        "dailymed-jl",
        ("ethinyl estradiol", "norgestimate", "inert ingredients"),
        "oral",
        "MONO-LINYAH 28 DAY",
    ),
    (
        "Naloxone Hydrochloride 0.02 MG/ML Injectable Solution",
        "cds-test",
        ("naloxone",),
        None,
        None,
    ),
    ("Morphine Sulfate 2 MG/ML Injectable Solution", "aptos", ("morphine",), None, None),
    ("Glucose 50 MG/ML Injectable Solution", "cerner-sample", ("glucose",), None, None),
    ("ondansetron 2 MG/ML Injectable Solution", "atc-tests", ("ondansetron",), None, None),
    ("albuterol 0.83 MG/ML Inhalation Solution", "atc-tests", ("albuterol",), "inhaled", None),
    ("clorazepate dipotassium 15 MG Oral Tablet", "atc-tests", ("clorazepate",), "oral", None),
    ("latanoprost 0.05 MG/ML Ophthalmic Solution", "storage", ("latanoprost",), "ophthalmic", None),
    ("rocuronium bromide 10 MG/ML Injectable Solution", "storage", ("rocuronium",), None, None),
    ("insulin aspart 100 UNT/ML Pen Injector", "storage", ("insulin aspart",), "sc", None),
    (
        "100 ML Sodium Chloride 9 MG/ML Injectable Solution",
        "omop-codes",
        ("sodium chloride",),
        None,
        None,
    ),
    ("20 ML Lidocaine 20 MG/ML Injectable Solution", "omop-codes", ("lidocaine",), None, None),
    ("aspirin 100 MG Delayed Release Oral Capsule", "omop-codes", ("aspirin",), "oral", None),
    ("Semaglutide 0.25 MG Injection", "vn-drugs", ("semaglutide",), None, None),
    (
        "Insulin Glargine 100 UNT/ML Injectable Solution",
        "vn-drugs",
        ("insulin glargine",),
        None,
        None,
    ),
]


def test_at_least_sixty_real_names_with_sources():
    assert len(NAMES) >= 60
    assert len({n[0] for n in NAMES}) == len(NAMES)
    assert {n[1] for n in NAMES} <= set(SOURCES)


@pytest.mark.parametrize(("name", "source", "bases", "route", "brand"), NAMES)
def test_parses_real_rxnorm_names(name, source, bases, route, brand):
    parsed = parse_rxnorm_name(name)
    assert parsed.structured, (name, parsed.notes)
    if parsed.is_pack:
        assert set(parsed.bases) == set(bases)
    else:
        assert parsed.bases == bases
        assert all(i.strength is not None for i in parsed.ingredients)
    assert parsed.route == route
    assert parsed.brand == brand
    assert not parsed.notes


def test_strengths_keep_value_and_unit():
    parsed = parse_rxnorm_name("Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet")
    apap, codeine = parsed.ingredients
    assert (apap.strength.value, apap.strength.unit) == (300.0, "MG")
    assert (codeine.name, codeine.base, codeine.salt) == (
        "Codeine Phosphate",
        "codeine",
        "phosphate",
    )
    assert codeine.strength.value == 30.0
    assert parsed.dose_form == "Oral Tablet"

    solution = parse_rxnorm_name("Morphine Sulfate 2 MG/ML Injectable Solution")
    (morphine,) = solution.ingredients
    assert morphine.strength.unit == "MG/ML"
    assert morphine.strength.numerator_unit == "MG"
    assert morphine.strength.denominator_unit == "ML"
    assert solution.route is None and solution.route_options == ("iv", "im", "sc")
    assert solution.injectable


def test_quantity_factor_and_qualifier_are_not_ingredients():
    parsed = parse_rxnorm_name(
        "Abuse-Deterrent 12 HR Oxycodone Hydrochloride 60 MG Extended Release Oral Tablet"
    )
    assert parsed.qualifier == "Abuse-Deterrent"
    assert (parsed.quantity.value, parsed.quantity.unit) == (12.0, "HR")
    assert parsed.dose_form == "Extended Release Oral Tablet"
    inhaler = parse_rxnorm_name("200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler")
    assert (inhaler.quantity.value, inhaler.quantity.unit) == (200.0, "ACTUAT")
    assert inhaler.ingredients[0].strength.unit == "MG/ACTUAT"


def test_pack_components_keep_counts_and_brands():
    parsed = parse_rxnorm_name(
        "{21 (ETHINYL ESTRADIOL 0.035 MG / NORGESTIMATE 0.25 MG ORAL TABLET) / 7 (INERT "
        "INGREDIENTS 1 MG ORAL TABLET) } PACK [MONO-LINYAH 28 DAY]"
    )
    assert [c.count for c in parsed.pack] == [21.0, 7.0]
    assert parsed.pack[0].drug.bases == ("ethinyl estradiol", "norgestimate")
    excedrin = parse_rxnorm_name(NAMES[[n[0][:5] for n in NAMES].index("{100 ")][0])
    assert [c.drug.brand for c in excedrin.pack] == ["Excedrin", "Excedrin PM Triple Action"]
    assert excedrin.pack[1].drug.ingredients[2].name == "Diphenhydramine Citrate"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("Camila 28 Day Pack", "synthea"),  # a prescribable synonym, not a normal form
        ("Mestranol / Norethynodrel", "synthea"),  # MIN: no strength, no dose form
        ("", "none"),
        ("   ", "none"),
    ],
)
def test_names_outside_the_normal_forms_are_not_structured(name, source):
    parsed = parse_rxnorm_name(name)
    assert not parsed.structured


def test_unreadable_pack_component_is_refused():
    parsed = parse_rxnorm_name("{21 (tablets of something) } Pack")
    assert not parsed.structured
    assert parsed.notes


@pytest.mark.parametrize(
    ("name", "base", "salt"),
    [
        ("Oxycodone Hydrochloride", "oxycodone", "hydrochloride"),
        ("codeine phosphate", "codeine", "phosphate"),
        ("Penicillin V Potassium", "penicillin v", "potassium"),
        ("Potassium Chloride", "potassium chloride", None),
        ("Ferrous sulfate", "ferrous sulfate", None),
        ("Sertraline", "sertraline", None),
        ("clorazepate dipotassium", "clorazepate", "dipotassium"),
    ],
)
def test_salt_forms(name, base, salt):
    assert split_salt(name) == (base, salt)
