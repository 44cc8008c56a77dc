"""The US top-prescribed monographs added for issue #17 (helper list "cov1") resolve by generic
and brand name and give the verdict their sources support, including the conditions (route,
regimen, infant age) under which a source's statement applies."""

import pytest

from advice.services import advice_for
from drugs.selectors import EXACT, FOUND, product_resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "slug"),
    [("Lioresal", "baclofen"), ("Compazine", "prochlorperazine"), ("Antivert", "meclizine"),
     ("Tessalon Perles", "benzonatate"), ("Aciphex", "rabeprazole"), ("Xyzal", "levocetirizine"),
     ("Nasacort", "triamcinolone"), ("Nasonex", "mometasone"), ("Restoril", "temazepam"),
     ("Lunesta", "eszopiclone"), ("Latuda", "lurasidone"), ("Vimpat", "lacosamide"),
     ("Chantix", "varenicline"), ("Geodon", "ziprasidone"), ("Trintellix", "vortioxetine"),
     ("Onfi", "clobazam"), ("Relpax", "eletriptan"), ("Atacand", "candesartan"),
     ("Avapro", "irbesartan"), ("Micardis", "telmisartan"), ("Zebeta", "bisoprolol"),
     ("Thalitone", "chlorthalidone"), ("Cardura", "doxazosin"),
     ("Dyrenium", "triamterene"), ("Lotensin", "benazepril"), ("Accupril", "quinapril"),
     ("Nitrostat", "nitroglycerin"), ("glyceryl trinitrate", "nitroglycerin"),
     ("Bumex", "bumetanide"), ("Prometrium", "progesterone"), ("Viagra", "sildenafil"),
     ("Ditropan", "oxybutynin"), ("Duricef", "cefadroxil"), ("Vantin", "cefpodoxime"),
     ("Hiprex", "methenamine"), ("Monurol", "fosfomycin"), ("Famvir", "famciclovir"),
     ("Nizoral", "ketoconazole"), ("Amaryl", "glimepiride"), ("Actos", "pioglitazone"),
     ("Uloric", "febuxostat"), ("Astelin", "azelastine"), ("Pataday", "olopatadine"),
     ("Differin", "adapalene"), ("Temovate", "clobetasol"), ("Rexulti", "brexpiprazole"),
     ("Vraylar", "cariprazine"), ("Zonegran", "zonisamide"), ("Mevacor", "lovastatin"),
     ("Brilinta", "ticagrelor"), ("Detrol", "tolterodine"), ("Myrbetriq", "mirabegron"),
     ("Soma", "carisoprodol"), ("Bentyl", "dicyclomine"), ("Propecia", "finasteride")],
)  # fmt: skip
def test_each_resolves_to_itself(seeded, query: str, slug: str) -> None:
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.match == EXACT
    assert resolution.product.slug == slug


@pytest.mark.parametrize(
    ("query", "ingredients"),
    [("Fioricet", ["acetaminophen", "butalbital", "caffeine"]),
     ("Fiorinal", ["aspirin", "butalbital", "caffeine"]),
     ("Entresto", ["sacubitril", "valsartan"]), ("Lotrel", ["amlodipine", "benazepril"]),
     ("Maxzide", ["hydrochlorothiazide", "triamterene"]),
     ("Dyazide", ["hydrochlorothiazide", "triamterene"]),
     ("Vytorin", ["ezetimibe", "simvastatin"]), ("Ziac", ["bisoprolol", "hydrochlorothiazide"]),
     ("Tenoretic", ["atenolol", "chlorthalidone"]),
     ("Avalide", ["hydrochlorothiazide", "irbesartan"]),
     ("Epiduo", ["adapalene", "benzoyl-peroxide"]), ("Dymista", ["azelastine", "fluticasone"])],
)  # fmt: skip
def test_combination_brands_are_their_ingredients(seeded, query: str, ingredients) -> None:
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND
    assert sorted(i.slug for i in resolution.product.ingredients) == ingredients


@pytest.mark.parametrize(
    ("drug", "data", "verdict", "evidence"),
    [
        ("baclofen", {}, "compatible", "curated"),
        ("temazepam", {}, "compatible", "curated"),
        ("sildenafil", {}, "compatible", "curated"),
        ("progesterone", {}, "compatible", "curated"),
        ("cefadroxil", {}, "compatible", "curated"),
        ("doxazosin", {}, "compatible", "curated"),
        ("sacubitril", {}, "compatible", "curated"),
        # Route decides: nasal and local injection are fine, oral is not studied.
        ("triamcinolone", {"route": "nasal"}, "compatible", "curated"),
        ("triamcinolone", {"route": "local", "dose_mg": 40, "regimen": "single"},
         "compatible", "curated"),
        ("triamcinolone", {"route": "oral", "dose_mg": 4}, "use_alternative", "curated"),
        ("ketoconazole", {"route": "topical"}, "compatible", "curated"),
        ("ketoconazole", {"route": "oral", "dose_mg": 200}, "use_alternative", "curated"),
        ("nitroglycerin", {"route": "rectal"}, "compatible", "curated"),
        ("clobetasol", {"route": "topical"}, "compatible", "curated"),
        ("olopatadine", {"route": "ophthalmic"}, "compatible", "curated"),
        ("azelastine", {"route": "ophthalmic"}, "compatible", "curated"),
        ("azelastine", {"route": "nasal", "regimen": "single"}, "compatible", "curated"),
        ("azelastine", {"route": "nasal", "regimen": "chronic"}, "use_alternative", "curated"),
        # Occasional use only: regular use or a newborn gets the alternative.
        ("meclizine", {"regimen": "single"}, "compatible", "curated"),
        ("meclizine", {"regimen": "chronic"}, "use_alternative", "insufficient"),
        ("eszopiclone", {"regimen": "single", "infant_age_days": 120}, "compatible", "curated"),
        ("eszopiclone", {"regimen": "single", "infant_age_days": 10}, "use_alternative",
         "curated"),
        ("eszopiclone", {"regimen": "single", "infant_age_days": 120, "preterm": True},
         "use_alternative", "curated"),
        # Sources that prefer another drug.
        ("butalbital", {}, "use_alternative", "curated"),
        ("chlorthalidone", {}, "use_alternative", "curated"),
        ("irbesartan", {}, "use_alternative", "curated"),
        ("bisoprolol", {}, "use_alternative", "curated"),
        ("rabeprazole", {}, "use_alternative", "curated"),
        ("glimepiride", {}, "use_alternative", "curated"),
        ("febuxostat", {}, "use_alternative", "curated"),
        ("brexpiprazole", {}, "use_alternative", "curated"),
        ("cariprazine", {}, "use_alternative", "curated"),
        # Too little is known: the better-studied alternatives are named.
        ("benzonatate", {}, "use_alternative", "insufficient"),
        ("varenicline", {}, "use_alternative", "insufficient"),
        ("famciclovir", {}, "use_alternative", "insufficient"),
        ("pioglitazone", {}, "use_alternative", "insufficient"),
        ("bumetanide", {}, "use_alternative", "insufficient"),
        ("zonisamide", {}, "use_alternative", "insufficient"),
        ("mirabegron", {}, "use_alternative", "insufficient"),
        ("finasteride", {}, "use_alternative", "insufficient"),
        ("lovastatin", {}, "use_alternative", "curated"),
        ("dicyclomine", {}, "use_alternative", "curated"),
        # An older healthy infant (NHS) versus a newborn or preterm infant (LactMed).
        ("ticagrelor", {"infant_age_days": 120}, "compatible", "curated"),
        ("ticagrelor", {"infant_age_days": 14}, "use_alternative", "curated"),
        ("ticagrelor", {"infant_age_days": 120, "preterm": True}, "use_alternative", "curated"),
        ("tolterodine", {"infant_age_days": 120}, "compatible", "curated"),
        # Short use at the lowest dose (e-lactancia) versus prolonged use (the study's authors).
        ("carisoprodol", {"regimen": "single"}, "compatible", "curated"),
        ("carisoprodol", {"regimen": "chronic"}, "use_alternative", "curated"),
    ],
)  # fmt: skip
def test_verdicts(seeded, drug: str, data: dict, verdict: str, evidence: str) -> None:
    result = advice_for(drug=drug, data=data).to_dict()
    assert result["verdict"] == verdict, result["reasons"][0]["text"]
    assert result["evidence"] == evidence
    if evidence == "insufficient":
        assert "Too little is known" in result["reasons"][0]["text"]
        assert result["alternatives"], drug


def test_insufficient_data_names_the_better_studied_drug(seeded) -> None:
    result = advice_for(drug="benzonatate", data={}).to_dict()
    assert [a["name"] for a in result["alternatives"]] == ["dextromethorphan"]
    assert "dextromethorphan" in result["reasons"][0]["text"]


def test_combination_follows_its_most_restrictive_ingredient(seeded) -> None:
    """Fioricet: butalbital (a newborn was sedated through milk) drives the product verdict."""
    result = advice_for(drug="Fioricet", data={}).to_dict()
    assert result["verdict"] == "use_alternative"
    assert result["driven_by"]["slug"] == "butalbital"
