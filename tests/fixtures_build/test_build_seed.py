"""Tests for fixtures/build_seed.py: pure pytest, no Django, no database."""

from __future__ import annotations

import importlib.util
import json
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


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, Any], Any]:
    return bs.build(FIXTURES / "sources", FIXTURES / "curated")


@pytest.fixture
def only_citations(tmp_path: Path) -> Path:
    """A curated dir holding just the shared citations (no curator files)."""
    cur = tmp_path / "curated"
    cur.mkdir()
    shutil.copy(FIXTURES / "curated" / "citations.json", cur / "citations.json")
    return cur


def _write_group(cur: Path, entries: list[dict[str, Any]]) -> None:
    (cur / "test_group.json").write_text(json.dumps(entries), encoding="utf-8")


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "sertraline",
        "kind": "drug",
        "classes": ["SSRI antidepressant"],
        "summary": "Test entry.",
        "typical_dose": {"dose_mg": 50, "doses_per_day": 1, "route": "oral",
                         "max_dose_mg": 200, "regimen": "chronic", "activity_mbq": None},
        "names": [{"name": "Zoloft", "kind": "brand", "locale": "en-US"}],
        "citations": [{"key": "sertraline:test", "kind": "web", "title": "t",
                       "url": "https://dailymed.nlm.nih.gov/dailymed/sertraline-test",
                       "pmid": None, "doi": None,
                       "publisher": "p", "year": 2024, "accessed": "2026-11-28",
                       "cited_for": "test"}],
        "pk": [],
        "milk_studies": [],
        "infant_effects": [],
        "lactation_effects": [],
        "guidance": [],
        "alternatives": [],
    }  # fmt: skip
    entry.update(overrides)
    return entry


def _guidance(**overrides: Any) -> dict[str, Any]:
    g: dict[str, Any] = {f: None for f in bs.GUIDANCE_FIELDS}
    g.update({"key": "sertraline:g1", "verdict": "compatible", "routes": [], "guideline": "Test",
              "rationale": "r", "citation": "sertraline:test", "followed": True})  # fmt: skip
    g.update(overrides)
    return g


# --- the real seed ---------------------------------------------------------------------------
def test_build_has_no_errors(built: tuple[dict[str, Any], Any]) -> None:
    _, report = built
    assert report.errors == []


def test_every_coverage_name_present_exactly_once(built: tuple[dict[str, Any], Any]) -> None:
    seed, _ = built
    coverage = bs.read_coverage(FIXTURES / "sources" / "coverage.txt")
    assert len(coverage) == 332
    mapped = [c for d in seed["drugs"] for c in d["coverage_names"]]
    assert sorted(mapped) == sorted(coverage)
    slugs = [d["slug"] for d in seed["drugs"]]
    assert len(slugs) == len(set(slugs))


def test_every_citation_has_url_pmid_or_doi(built: tuple[dict[str, Any], Any]) -> None:
    seed, _ = built
    assert seed["citations"]
    for c in seed["citations"]:
        assert c["url"] or c["pmid"] or c["doi"], c["key"]
        assert c["kind"] in bs.CITATION_KINDS, c["key"]


def test_every_referenced_citation_exists(built: tuple[dict[str, Any], Any]) -> None:
    seed, _ = built
    keys = {c["key"] for c in seed["citations"]}
    for d in seed["drugs"]:
        for section in bs.SECTIONS_WITH_CITATIONS:
            for item in d[section]:
                assert item["citation"] is None or item["citation"] in keys, (d["slug"], item)
        assert set(d["citations"]) <= keys, d["slug"]


def test_shared_citations_are_the_documented_keys() -> None:
    data = json.loads((FIXTURES / "curated" / "citations.json").read_text(encoding="utf-8"))
    keys = {c["key"] for c in data}
    documented = {
        "obach2008", "httk", "qsarkit-mp", "unii", "nrc-nureg1556-v9-appU",
        "fda-dsc-codeine-tramadol-2017", "aap-sachs-2013", "abm-15-2017", "abm-31-2019",
        "abm-13-2015", "acr-contrast", "aljazaf-2003", "anderson-2003", "ausprescriber-drugs-bf",
        "ausprescriber-radiopharm", "cdc-alcohol", "who-rid-10",
    }  # fmt: skip
    assert documented <= keys
    assert all(c.get("cited_for") for c in data)


def test_pk_provenance_rules(built: tuple[dict[str, Any], Any]) -> None:
    seed, _ = built
    for d in seed["drugs"]:
        for p in d["pk"]:
            assert p["parameter"] in bs.PARAMETERS
            if p["citation"] == "obach2008":
                assert p["verified"] is True
            if p["parameter"] in {"logp", "pka"} and p["citation"] == "httk":
                assert p["verified"] is False
            if p["citation"] == "qsarkit-mp":
                assert p["verified"] is False
            if p["citation"] and ":pk-" in p["citation"]:
                assert p["verified"] is False  # secondary web sources (PROVENANCE §10)


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "a.json", tmp_path / "b.json"
    assert bs.main(["--out", str(out1)]) == 0
    assert bs.main(["--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()


def test_committed_seed_matches_a_fresh_build(built: tuple[dict[str, Any], Any]) -> None:
    seed, _ = built
    committed = (FIXTURES / "seed" / "monographs.json").read_text(encoding="utf-8")
    assert committed == bs.dumps(seed), "run: python fixtures/build_seed.py"


def test_builds_from_sources_alone(tmp_path: Path) -> None:
    """A fresh clone has no ../shared: fixtures/sources must be enough."""
    src = tmp_path / "sources"
    shutil.copytree(FIXTURES / "sources", src)
    seed, report = bs.build(src, FIXTURES / "curated")
    assert not report.errors
    assert len({c for d in seed["drugs"] for c in d["coverage_names"]}) == 332


# --- validation ------------------------------------------------------------------------------
def test_malformed_entry_is_reported_with_drug_and_field(only_citations: Path) -> None:
    bad = _entry(
        pk=[{"parameter": "oral_bioavailability_pct", "value": 150, "low": None, "high": None,
             "citation": "sertraline:test", "verified": True}],
        guidance=[_guidance(verdict="maybe", citation="no-such-key")],
    )  # fmt: skip
    _write_group(only_citations, [bad])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    errors = report.errors
    assert any("sertraline" in e and "verdict" in e and "'maybe'" in e for e in errors), errors
    assert any("sertraline" in e and "no-such-key" in e for e in errors), errors
    assert any(
        "sertraline" in e and "oral_bioavailability_pct" in e and "150" in e for e in errors
    ), errors


def test_check_exits_nonzero_and_writes_nothing(only_citations: Path, tmp_path: Path) -> None:
    _write_group(only_citations, [_entry(kind="pill")])
    out = tmp_path / "seed.json"
    assert bs.main(["--curated", str(only_citations), "--out", str(out), "--check"]) == 1
    assert bs.main(["--curated", str(only_citations), "--out", str(out)]) == 1
    assert not out.exists()


def test_interrupt_needs_hours_and_activity_range_is_ordered(only_citations: Path) -> None:
    g1 = _guidance(key="sertraline:g1", verdict="interrupt")
    g2 = _guidance(key="sertraline:g2", activity_min_mbq=400, activity_max_mbq=100)
    _write_group(only_citations, [_entry(guidance=[g1, g2])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any("g1" in e and "interrupt_hours" in e for e in report.errors), report.errors
    assert any("g2" in e and "activity_min_mbq" in e for e in report.errors), report.errors


def test_alternative_must_be_a_record(only_citations: Path) -> None:
    alt = [{"name": "not-a-drug", "indication": "x", "reason": "y", "citation": "sertraline:test"}]
    _write_group(only_citations, [_entry(alternatives=alt)])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any("alternative" in e and "not-a-drug" in e for e in report.errors)


def test_duplicate_coverage_entry_and_unknown_name(only_citations: Path) -> None:
    _write_group(only_citations, [_entry(), _entry(), _entry(name="unobtainium")])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any("already curated" in e for e in report.errors)
    assert any("unobtainium" in e and "coverage.txt" in e for e in report.errors)


def test_uncurated_agents_are_listed_and_strict_fails(only_citations: Path) -> None:
    _write_group(only_citations, [_entry()])
    seed, report = bs.build(FIXTURES / "sources", only_citations)
    assert not report.errors
    assert len(seed["uncurated"]) == 331 and "sertraline" not in seed["uncurated"]
    assert any("331 coverage agents have no curated entry yet" in w for w in report.warnings)
    blank = next(d for d in seed["drugs"] if d["slug"] == "acetaminophen")
    assert blank["summary"] is None and blank["guidance"] == [] and blank["kind"] == "drug"
    _, strict = bs.build(FIXTURES / "sources", only_citations, strict=True)
    assert any("no curated entry" in e for e in strict.errors)


def test_curated_pk_overrides_table_value(only_citations: Path) -> None:
    pk = [{"parameter": "oral_bioavailability_pct", "value": 45, "low": None, "high": None,
           "citation": "sertraline:test", "verified": True}]  # fmt: skip
    _write_group(only_citations, [_entry(pk=pk)])
    seed, _ = bs.build(FIXTURES / "sources", only_citations)
    sert = next(d for d in seed["drugs"] if d["slug"] == "sertraline")
    f = [p for p in sert["pk"] if p["parameter"] == "oral_bioavailability_pct"]
    assert len(f) == 1 and f[0]["value"] == 45 and f[0]["citation"] == "sertraline:test"


# --- helpers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27-32", (29.5, 27.0, 32.0, None)),
        (">99", (99.0, 99.0, None, "lower bound: reported as >99 (value is the bound)")),
        ("<5", (5.0, None, 5.0, "upper bound: reported as <5 (value is the bound)")),
        ("~7", (7.0, None, None, "approximate: reported as ~7")),
        ("12", (12.0, None, None, None)),
        ("", None),
        ("n/a", None),
    ],
)
def test_parse_table_value(text: str, expected: Any) -> None:
    assert bs.parse_table_value(text) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("technetium tc 99m sestamibi", "technetium-tc-99m-sestamibi"),
        ("rho(d) immune globulin", "rho-d-immune-globulin"),
        ("covid-19 mrna vaccine", "covid-19-mrna-vaccine"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert bs.slugify(name) == slug


def test_brand_case() -> None:
    assert bs.brand_case("ZOLOFT") == "Zoloft"
    assert bs.brand_case("TYLENOL WITH CODEINE") == "Tylenol with Codeine"
    assert bs.brand_case("ZYRTEC-D") == "Zyrtec-D"
    assert bs.brand_case("EFFEXOR XR") == "Effexor XR"


def test_unit_slip_in_milk_study_is_flagged(only_citations: Path) -> None:
    study = {f: None for f in bs.MILK_STUDY_FIELDS}
    study.update({"maternal_dose_mg": 50, "regimen": "chronic", "doses_per_day": 1,
                  "milk_conc_avg_mg_per_l": 20, "rid_pct": 2,
                  "citation": "sertraline:test"})  # fmt: skip
    _write_group(only_citations, [_entry(milk_studies=[study])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any("milk_studies[0]" in w and "check units" in w for w in report.warnings)


def test_refresh_sources_reproduces_the_committed_tables(tmp_path: Path) -> None:
    shared = ROOT.parent / "shared" / "data"
    if not (shared / "coverage.txt").exists():
        pytest.skip("../shared/data not available")
    out = tmp_path / "sources"
    bs.refresh_sources(shared, out, FIXTURES / "curated")
    for rel in ("coverage.txt", "pk/drug_pk.csv", "names/unii_names_subset.csv"):
        assert (out / rel).read_bytes() == (FIXTURES / "sources" / rel).read_bytes(), rel


def test_combination_brand_is_not_a_plain_brand_of_one_ingredient(only_citations: Path) -> None:
    combo = [{"name": "Lustral", "ingredients": ["sertraline", "acetaminophen"]}]
    _write_group(only_citations, [_entry(combination_products=combo)])
    seed, report = bs.build(FIXTURES / "sources", only_citations)
    assert not report.errors
    sert = next(d for d in seed["drugs"] if d["slug"] == "sertraline")
    assert "lustral" not in {n["name"].lower() for n in sert["names"]}
    assert {"name": "Lustral", "ingredients": ["sertraline", "acetaminophen"],
            "source": "curated"} in seed["combinations"]  # fmt: skip
    assert bs.COMBO_BRAND_RE.search("Exforge HCT") and not bs.COMBO_BRAND_RE.search("Zoloft")


def test_loader_constraints_are_checked(only_citations: Path) -> None:
    """Things drugs/seed.py and the model constraints rely on."""
    pk = [{"parameter": "half_life_h", "value": v, "citation": "sertraline:test"} for v in (20, 26)]
    g = _guidance(guideline=None, followed=None, routes=["intravenous", "by magic"])
    _write_group(only_citations, [_entry(pk=pk, guidance=[g])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    errors = report.errors
    assert any("half_life_h given more than once" in e for e in errors), errors
    assert any("guideline: needs" in e for e in errors), errors
    assert any("followed" in e for e in errors), errors
    assert any("'by magic'" in e for e in errors), errors
    assert not any("'intravenous'" in e for e in errors), errors
    assert any("'intravenous' mapped to 'iv'" in w for w in report.warnings)


def test_lactmed_kind_on_a_mirror_fails_the_build_naming_citation_and_host(
    only_citations: Path,
) -> None:
    mirror = {"key": "ibuprofen:lactmed", "kind": "lactmed", "title": "Ibuprofen (mirror)",
              "url": "https://www.drugs.com/breastfeeding/ibuprofen.html", "pmid": None,
              "doi": None, "publisher": "drugs.com", "year": None, "accessed": "2026-11-28",
              "cited_for": "LactMed text"}  # fmt: skip
    _write_group(only_citations, [_entry(name="ibuprofen", citations=[mirror])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any(
        "'ibuprofen:lactmed'" in e and "'drugs.com' is not an authoritative source" in e
        for e in report.errors
    ), report.errors
    assert any("'ibuprofen:lactmed'" in e and "NLM's form" in e for e in report.errors)


def test_uncurated_lactmed_record_is_cited_in_nlm_form(only_citations: Path) -> None:
    _write_group(only_citations, [])
    seed, report = bs.build(FIXTURES / "sources", only_citations)
    assert not report.errors, report.errors[:5]
    ibu = next(d for d in seed["drugs"] if d["slug"] == "ibuprofen")
    nlm = next(c for c in seed["citations"] if c["key"] == "ibuprofen:lactmed")
    assert nlm["url"] == "https://www.ncbi.nlm.nih.gov/books/NBK500986/"
    assert nlm["nbk_id"] == "NBK500986" and nlm["needs_confirmation"] is False
    assert nlm["title"] == (
        "Drugs and Lactation Database (LactMed\u00ae) [Internet]. Bethesda (MD): National Institute"
        " of Child Health and Human Development; 2006-. Ibuprofen. [Updated 2024 Nov 15]."
    )
    assert nlm["revision_date"] == "2024-11-15" == ibu["lactmed_revision_date"]
    assert "ibuprofen:lactmed" in ibu["citations"]


def test_conflicting_followed_guidance_is_flagged(only_citations: Path) -> None:
    young = _guidance(key="sertraline:young", verdict="use_alternative", infant_age_max_days=28)
    older = _guidance(key="sertraline:older", infant_age_min_days=28)
    general = _guidance(key="sertraline:any", verdict="wean")
    _write_group(only_citations, [_entry(guidance=[young, older])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert not any("both followed" in w for w in report.warnings)  # a clean split at 28 days
    _write_group(only_citations, [_entry(guidance=[young, older, general])])
    _, report = bs.build(FIXTURES / "sources", only_citations)
    assert any("'sertraline:any'" in w and "both followed" in w for w in report.warnings)
