"""The monographs issue #17 added answer for themselves, with an honest verdict."""

import pytest

from advice.services import advice_for
from drugs.selectors import EXACT, FOUND, product_resolve


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "slug"),
    [("clonidine", "clonidine"), ("dapagliflozin", "dapagliflozin"), ("Farxiga", "dapagliflozin"),
     ("Vyvanse", "lisdexamfetamine"), ("Mounjaro", "tirzepatide"), ("Xalatan", "latanoprost"),
     ("pravastatin", "pravastatin"), ("Benicar", "olmesartan"), ("estradiol", "estradiol"),
     ("potassium chloride", "potassium-chloride"), ("ProHance", "gadoteridol"),
     ("hib vaccine", "hib-vaccine"), ("Flexeril", "cyclobenzaprine"),
     ("testosterone", "testosterone"), ("goat's rue", "goat-s-rue"), ("Galega officinalis",
     "goat-s-rue"), ("milk thistle", "milk-thistle"), ("moringa", "moringa")],
)  # fmt: skip
def test_each_resolves_to_itself(seeded, query: str, slug: str) -> None:
    resolution = product_resolve(query=query)
    assert resolution.status == FOUND and resolution.match == EXACT
    assert resolution.product.slug == slug


@pytest.mark.django_db
def test_dapagliflozin_is_no_longer_read_as_empagliflozin(seeded) -> None:
    """Before issue #17 'dapagliflozin' was 'corrected' to empagliflozin (coverage_report)."""
    assert product_resolve(query="dapagliflozin").product.slug == "dapagliflozin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("drug", "data", "verdict", "evidence"),
    [
        ("clonidine", {}, "use_alternative", "curated"),
        ("olmesartan", {"infant_age_days": 10}, "use_alternative", "curated"),
        ("latanoprost", {"route": "ophthalmic"}, "compatible", "curated"),
        ("alendronate", {}, "compatible", "curated"),
        ("pravastatin", {}, "use_alternative", "curated"),
        ("ezetimibe", {}, "use_alternative", "insufficient"),
        ("dapagliflozin", {}, "use_alternative", "insufficient"),
        ("estradiol", {"route": "transdermal", "dose_mg": 0.05}, "compatible", "curated"),
        ("potassium chloride", {}, "compatible", "curated"),
        ("gadoteridol", {}, "compatible", "curated"),
        ("iomeprol", {}, "compatible", "curated"),
        ("hepatitis a vaccine", {}, "compatible", "curated"),
        ("milk thistle", {}, "compatible", "curated"),
        ("goat's rue", {}, "use_alternative", "insufficient"),
        ("moringa", {}, "use_alternative", "insufficient"),
    ],
)
def test_verdicts(seeded, drug: str, data: dict, verdict: str, evidence: str) -> None:
    result = advice_for(drug=drug, data=data).to_dict()
    assert result["verdict"] == verdict, result["reasons"][0]["text"]
    assert result["evidence"] == evidence
    if evidence == "insufficient":
        assert "Too little is known" in result["reasons"][0]["text"]
