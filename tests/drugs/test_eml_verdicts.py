"""WHO Essential Medicines added for issue #17 (fixtures/seed_data/eml_*.py) resolve to
themselves by generic, international and brand name, and give the verdict their sources say."""

import pytest

from advice.services import advice_for
from drugs.selectors import FOUND, product_resolve


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "slug"),
    [("magnesium sulphate", "magnesium-sulfate"), ("Lysteda", "tranexamic-acid"),
     ("Duratocin", "carbetocin"), ("ergometrine", "ergonovine"),
     ("phytomenadione", "phytonadione"), ("vitamin K1", "phytonadione"),
     ("vitamin B12", "cyanocobalamin"), ("retinol", "vitamin-a"), ("zinc sulfate", "zinc"),
     ("SSKI", "potassium-iodide"), ("Mifeprex", "mifepristone"), ("ella", "ulipristal"),
     ("Bicillin L-A", "penicillin-g"), ("benzathine benzylpenicillin", "penicillin-g"),
     ("Fortaz", "ceftazidime"), ("Claforan", "cefotaxime"),
     ("Zosyn", "piperacillin-and-tazobactam"), ("Merrem", "meropenem"), ("Amikin", "amikacin"),
     ("Myambutol", "ethambutol"), ("PZA", "pyrazinamide"), ("Viread", "tenofovir"),
     ("TDF", "tenofovir"), ("Emtriva", "emtricitabine"), ("3TC", "lamivudine"),
     ("Tivicay", "dolutegravir"), ("Sustiva", "efavirenz"), ("AZT", "zidovudine"),
     ("Ziagen", "abacavir"), ("Viramune", "nevirapine"),
     ("Kaletra", "lopinavir-and-ritonavir"), ("Reyataz", "atazanavir"),
     ("Isentress", "raltegravir"), ("Coartem", "artemether-and-lumefantrine"),
     ("artesunate", "artesunate"), ("primaquine", "primaquine"), ("Qualaquin", "quinine"),
     ("Biltricide", "praziquantel"), ("Fansidar", "sulfadoxine-and-pyrimethamine"),
     ("Vermox", "mebendazole"), ("dapsone", "dapsone"), ("Sporanox", "itraconazole"),
     ("Vfend", "voriconazole"), ("AmBisome", "amphotericin-b"),
     ("Chloromycetin", "chloramphenicol"), ("Thorazine", "chlorpromazine"),
     ("Sinemet", "carbidopa-and-levodopa"), ("co-careldopa", "carbidopa-and-levodopa"),
     ("Prolixin", "fluphenazine"), ("Zarontin", "ethosuximide"), ("Diamicron", "gliclazide"),
     ("Florinef", "fludrocortisone"), ("6-MP", "mercaptopurine"), ("Prezista", "darunavir"),
     ("Suprax", "cefixime"), ("floxacillin", "flucloxacillin"), ("Gris-PEG", "griseofulvin"),
     ("Sovaldi", "sofosbuvir"), ("Valcyte", "valganciclovir"), ("EpiPen", "epinephrine"),
     ("adrenaline", "epinephrine"), ("AtroPen", "atropine")],
)  # fmt: skip
def test_each_resolves_to_itself(seeded, query: str, slug: str) -> None:
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND
    assert resolution.product.slug == slug


@pytest.mark.django_db
def test_ergometrine_is_not_methylergonovine(seeded) -> None:
    assert product_resolve(query="ergometrine").product.slug == "ergonovine"
    assert product_resolve(query="methylergonovine").product.slug == "methylergonovine"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("drug", "data", "verdict", "evidence"),
    [
        ("magnesium sulfate", {}, "compatible", "curated"),
        ("tranexamic acid", {}, "compatible", "curated"),
        # One milk study, no LactMed record seen: too little to call it either way.
        ("carbetocin", {}, "use_alternative", "insufficient"),
        # Lowers prolactin; LactMed: best avoided in a mother who wishes to nurse.
        ("ergonovine", {}, "use_alternative", "curated"),
        ("phytonadione", {}, "compatible", "curated"),
        ("cyanocobalamin", {}, "compatible", "curated"),
        ("vitamin a", {"dose_mg": 1.5, "regimen": "chronic"}, "compatible", "curated"),
        ("vitamin a", {"dose_mg": 60, "regimen": "single", "confirm_dose": True}, "compatible",
         "curated"),
        ("zinc", {"dose_mg": 25}, "compatible", "curated"),
        # Radiation emergency: the single adult dose; milligram courses are another matter.
        ("potassium iodide", {"dose_mg": 130, "regimen": "single"}, "compatible", "curated"),
        ("potassium iodide", {"dose_mg": 50, "regimen": "chronic"}, "use_alternative",
         "curated"),
        ("potassium iodide", {"dose_mg": 0.15, "regimen": "chronic"}, "compatible", "curated"),
        ("mifepristone", {"dose_mg": 200, "regimen": "single"}, "compatible", "curated"),
        ("ulipristal", {}, "compatible", "curated"),
        ("penicillin g", {}, "compatible", "curated"),
        ("ceftazidime", {}, "compatible", "curated"),
        ("cefotaxime", {}, "compatible", "curated"),
        ("piperacillin and tazobactam", {}, "compatible", "curated"),
        ("meropenem", {}, "compatible", "curated"),
        ("amikacin", {"infant_age_days": 10, "preterm": True}, "compatible", "curated"),
        ("ethambutol", {}, "compatible", "curated"),
        ("pyrazinamide", {}, "compatible", "curated"),
        ("tenofovir", {}, "compatible", "curated"),
        ("dolutegravir", {}, "compatible", "curated"),
        ("efavirenz", {}, "compatible", "curated"),
        ("zidovudine", {}, "compatible", "curated"),
        ("nevirapine", {}, "compatible", "curated"),
        ("lopinavir and ritonavir", {}, "compatible", "curated"),
        ("artemether and lumefantrine", {}, "compatible", "curated"),
        ("artesunate", {}, "compatible", "curated"),
        # Studied only from 28 days of age (G6PD-normal mothers and infants).
        ("primaquine", {"infant_age_days": 60}, "compatible", "curated"),
        ("primaquine", {"infant_age_days": 10}, "use_alternative", "curated"),
        ("quinine", {}, "compatible", "curated"),
        ("praziquantel", {}, "compatible", "curated"),
        ("sulfadoxine and pyrimethamine", {}, "use_alternative", "curated"),
        ("mebendazole", {}, "compatible", "curated"),
        ("dapsone", {"infant_age_days": 60}, "compatible", "curated"),
        ("dapsone", {"infant_age_days": 7}, "use_alternative", "curated"),
        ("dapsone", {"infant_age_days": 7, "route": "topical"}, "compatible", "curated"),
        ("itraconazole", {}, "use_alternative", "curated"),
        ("voriconazole", {}, "use_alternative", "insufficient"),
        ("amphotericin b", {}, "compatible", "curated"),
        ("chloramphenicol", {}, "use_alternative", "curated"),
        ("chlorpromazine", {}, "compatible", "curated"),
        # A CNS depressant: a newborn gets the stricter answer.
        ("chlorpromazine", {"infant_age_days": 10}, "use_alternative", "curated"),
        ("carbidopa and levodopa", {}, "compatible", "curated"),
        ("fluphenazine", {}, "use_alternative", "curated"),
        ("ethosuximide", {"infant_age_days": 10}, "use_alternative", "curated"),
        ("gliclazide", {}, "use_alternative", "insufficient"),
        ("fludrocortisone", {}, "compatible", "curated"),
        ("mercaptopurine", {}, "compatible", "curated"),
        ("darunavir", {}, "compatible", "curated"),
        ("cefixime", {}, "compatible", "curated"),
        ("flucloxacillin", {}, "compatible", "curated"),
        ("griseofulvin", {}, "use_alternative", "curated"),
        ("sofosbuvir", {}, "compatible", "curated"),
        ("valganciclovir", {}, "use_alternative", "insufficient"),
        ("epinephrine", {}, "compatible", "curated"),
        ("atropine", {"regimen": "single"}, "compatible", "curated"),
    ],
)  # fmt: skip
def test_verdicts(seeded, drug: str, data: dict, verdict: str, evidence: str) -> None:
    result = advice_for(drug=drug, data=data).to_dict()
    assert result["verdict"] == verdict, result["reasons"][0]["text"]
    assert result["evidence"] == evidence
    if evidence == "insufficient":
        assert "Too little is known" in result["reasons"][0]["text"]


@pytest.mark.django_db
def test_vitamin_a_above_the_studied_daily_dose_is_not_called_compatible(seeded) -> None:
    result = advice_for(drug="vitamin a", data={"dose_mg": 10, "regimen": "chronic"}).to_dict()
    assert result["verdict"] != "compatible"


@pytest.mark.django_db
def test_combination_products_split_into_their_ingredients(seeded) -> None:
    syntometrine = advice_for(drug="Syntometrine", data={}).to_dict()
    assert syntometrine["verdict"] == "use_alternative"  # ergonovine drives it
    mifegymiso = product_resolve(query="Mifegymiso").product
    assert sorted(i.slug for i in mifegymiso.ingredients) == ["mifepristone", "misoprostol"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("brand", "ingredients"),
    [("Truvada", ["emtricitabine", "tenofovir"]),
     ("TLD", ["dolutegravir", "lamivudine", "tenofovir"]),
     ("Atripla", ["efavirenz", "emtricitabine", "tenofovir"]),
     ("Epzicom", ["abacavir", "lamivudine"]), ("Kivexa", ["abacavir", "lamivudine"]),
     ("Triumeq", ["abacavir", "dolutegravir", "lamivudine"]),
     ("Combivir", ["lamivudine", "zidovudine"]), ("Dovato", ["dolutegravir", "lamivudine"])],
)  # fmt: skip
def test_antiretroviral_combinations(seeded, brand: str, ingredients: list[str]) -> None:
    product = product_resolve(query=brand).product
    assert sorted(i.slug for i in product.ingredients) == ingredients
    assert advice_for(drug=brand, data={}).to_dict()["verdict"] == "compatible"


@pytest.mark.django_db
def test_antiretroviral_pages_say_the_feeding_decision_rests_on_hiv_care(seeded) -> None:
    """The verdict is about the drug; the summary must not read as advice to breastfeed with
    an unsuppressed viral load."""
    from drugs.models import Drug

    for slug in ("tenofovir", "dolutegravir", "lamivudine", "efavirenz", "zidovudine"):
        summary = Drug.objects.get(slug=slug).published_data["summary"]
        assert "viral load" in summary and "donor milk or formula" in summary, slug
