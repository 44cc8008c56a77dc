"""fixtures/seed_data: monographs beyond coverage.txt (issue #17), built like the curated ones."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def _load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_seed", FIXTURES / "build_seed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_seed"] = module
    spec.loader.exec_module(module)
    return module


bs = _load_builder()
ADDED = {
    "clonidine", "olmesartan", "pravastatin", "ezetimibe", "fenofibrate", "dapagliflozin",
    "tirzepatide", "dulaglutide", "latanoprost", "lisdexamfetamine", "alendronate",
    "estradiol", "potassium-chloride", "gadoteridol", "gadopentetate", "iomeprol",
    "cyclobenzaprine", "testosterone", "pneumococcal-vaccine", "meningococcal-vaccine",
    "hib-vaccine", "polio-vaccine", "hepatitis-a-vaccine", "rabies-vaccine", "typhoid-vaccine",
    "milk-thistle", "goat-s-rue", "fennel", "moringa",
}  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    built, report = bs.build(FIXTURES / "sources", FIXTURES / "curated")
    assert report.errors == []
    return built


def _drug(seed: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(d for d in seed["drugs"] if d["slug"] == slug)


def test_every_seed_data_monograph_is_built_and_curated(seed: dict[str, Any]) -> None:
    built = {d["slug"] for d in seed["drugs"]}
    assert built >= ADDED
    for slug in ADDED:
        d = _drug(seed, slug)
        assert d["summary"], slug
        assert d["coverage_names"] == [], slug  # not a coverage.txt agent
        assert d["citations"], slug


def test_lactmed_records_use_nlm_form_with_the_nbk_id_seen(seed: dict[str, Any]) -> None:
    cit = {c["key"]: c for c in seed["citations"]}
    olm = cit["olmesartan:lactmed"]
    assert olm["url"] == "https://www.ncbi.nlm.nih.gov/books/NBK501627/"
    assert olm["nbk_id"] == "NBK501627" and olm["needs_confirmation"] is False
    assert olm["title"].startswith(bs.LACTMED_BOOK_CITATION)
    assert olm["title"].endswith("Olmesartan. [Updated 2023 Aug 15].")
    # No NCBI copy of the record was seen: the book, flagged "record link to confirm".
    tirz = cit["tirzepatide:lactmed"]
    assert tirz["url"] == bs.LACTMED_BOOK_URL and tirz["needs_confirmation"] is True
    assert bs.RECORD_LINK_TO_CONFIRM in tirz["cited_for"]
    gado = cit["gadopentetate:lactmed"]  # the record's PubMed chapter
    assert gado["url"] == "https://pubmed.ncbi.nlm.nih.gov/30000457/" and gado["pmid"] == "30000457"
    for key in (
        "clonidine:lactmed",
        "latanoprost:lactmed",
        "lisdexamfetamine:lactmed",
        "estradiol:lactmed",
        "gadopentetate:lactmed",
        "iomeprol:lactmed",
    ):
        assert bs.citation_policy_problems(cit[key]) == [], key


def test_milk_data_only_where_the_record_reports_them(seed: dict[str, Any]) -> None:
    clonidine = _drug(seed, "clonidine")
    assert [m["milk_conc_avg_mg_per_l"] for m in clonidine["milk_studies"]] == [
        0.0018, 0.0029, 0.0019, 0.0006,
    ]  # fmt: skip
    gadopentetate = _drug(seed, "gadopentetate")["milk_studies"]
    assert [(m["maternal_dose_mg"], m["milk_conc_peak_mg_per_l"]) for m in gadopentetate] == [
        (6600, 3.2)
    ]
    for slug in ADDED - {"clonidine", "gadopentetate"}:
        assert _drug(seed, slug)["milk_studies"] == [], slug


def test_thin_evidence_has_no_followed_verdict(seed: dict[str, Any]) -> None:
    """Where only a rating exists, nothing is followed: the engine says 'insufficient'."""
    for slug in (
        "ezetimibe",
        "fenofibrate",
        "dapagliflozin",
        "lisdexamfetamine",
        "goat-s-rue",
        "moringa",
        "testosterone",
    ):
        assert not [g for g in _drug(seed, slug)["guidance"] if g["followed"]], slug


def test_vaccines_follow_cdc_for_injected_non_live_vaccines_only(seed: dict[str, Any]) -> None:
    typhoid = _drug(seed, "typhoid-vaccine")
    (g,) = typhoid["guidance"]
    assert g["verdict"] == "compatible" and g["routes"] == ["im", "sc"]  # not oral live Ty21a
    assert g["citation"] == "typhoid-vaccine:cdc"
    cit = {c["key"]: c for c in seed["citations"]}
    assert bs.url_host(cit["typhoid-vaccine:cdc"]["url"]) == "cdc.gov"


def test_pk_comes_from_the_tables(seed: dict[str, Any]) -> None:
    pk = {p["parameter"]: p for p in _drug(seed, "clonidine")["pk"]}
    assert pk["half_life_h"]["value"] == 7.6 and pk["half_life_h"]["citation"] == "obach2008"


def test_no_seed_data_package_means_no_extra_entries(tmp_path: Path) -> None:
    cur = tmp_path / "curated"
    cur.mkdir()
    shutil.copy(FIXTURES / "curated" / "citations.json", cur / "citations.json")
    built, _ = bs.build(FIXTURES / "sources", cur)
    assert "clonidine" not in {d["slug"] for d in built["drugs"]}
