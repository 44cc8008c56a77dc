"""The one typed snapshot schema (drugs/snapshot.py): every seed monograph and every snapshot the
previous code wrote parse, give their JSON back unchanged, and a bad field is named.

Pure tests (no database) except the last, which publishes through the review services.
"""

import copy
import json
from pathlib import Path

import pytest

from drugs import snapshot
from drugs.snapshot import (
    CombinationSnapshot,
    MonographSnapshot,
    SeedMonograph,
    SnapshotError,
    seed_validate,
)
from drugs.vocabulary import Category, Route

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "fixtures" / "seed" / "monographs.json").read_text())
# sertraline's published_data as monograph_snapshot wrote it before the schema existed.
PREVIOUS = json.loads(
    (Path(__file__).parent / "data" / "snapshot_sertraline_previous_code.json").read_text()
)


def test_every_seed_monograph_validates():
    drugs = seed_validate(SEED)
    assert len(drugs) == len(SEED["drugs"]) > 300
    assert all(isinstance(d, SeedMonograph) for d in drugs)
    codeine = next(d for d in drugs if d.slug == "codeine")
    assert codeine.flags.cns_depressant is True


@pytest.mark.parametrize("index", range(0, len(SEED["drugs"]), 7))
def test_seed_entries_parse_strictly(index):
    entry = SEED["drugs"][index]
    parsed = SeedMonograph.parse(entry, strict=True)
    assert parsed.slug == entry["slug"]
    assert [g.key for g in parsed.guidance] == [g["key"] for g in entry["guidance"]]


def test_a_snapshot_written_by_the_previous_code_round_trips():
    parsed = MonographSnapshot.parse(PREVIOUS, strict=True)
    assert parsed.to_dict() == PREVIOUS
    # Key order too: the stored JSON text is what it was.
    assert json.dumps(parsed.to_dict()) == json.dumps(PREVIOUS)
    assert parsed.flags.serotonergic is True
    assert all(isinstance(g.verdict, Category) for g in parsed.guidance)
    assert parsed.last_reviewed.date.isoformat() == PREVIOUS["last_reviewed"]


def test_an_older_snapshot_missing_later_keys_reads_with_defaults():
    old = copy.deepcopy(PREVIOUS)
    for key in ("serotonergic", "radioiodine", "poor_infant_oral_absorption"):
        del old["flags"][key]
    for g in old["guidance"]:
        del g["dose_per_day_min_mg"], g["interval_min_h"]
    del old["review"]
    parsed = MonographSnapshot.parse(old)
    assert parsed.flags.serotonergic is False
    assert parsed.guidance[0].interval_min_h is None
    assert parsed.review.seed is False
    with pytest.raises(SnapshotError) as exc:
        MonographSnapshot.parse(old, strict=True)  # publishing writes every key
    assert exc.value.path == "review"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("guidance", 0, "verdict"), "maybe", "'maybe' is not one of compatible"),
        (("pk", 0, "value"), "1.5", "must be a number"),
        (("flags", "cytotoxic"), "no", "must be true or false"),
        (("typical_dose", "route"), "by mouth", "is not one of oral"),
        (("last_reviewed",), "2026-13-01", "is not a date"),
        (("names", 0, "kind"), None, "must not be null"),
    ],
)
def test_a_bad_field_is_named(path, value, message):
    bad = copy.deepcopy(PREVIOUS)
    target = bad
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(SnapshotError) as exc:
        MonographSnapshot.parse(bad, strict=True)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    assert exc.value.path == where
    assert message in str(exc.value)


def test_an_unknown_key_is_refused_when_strict_and_ignored_when_reading():
    bad = copy.deepcopy(PREVIOUS)
    bad["flags"]["cytotxic"] = True
    with pytest.raises(SnapshotError, match=r"flags\.cytotxic: unknown field"):
        MonographSnapshot.parse(bad, strict=True)
    assert MonographSnapshot.parse(bad).flags.cytotoxic is False


def test_seed_errors_name_the_entry():
    seed = copy.deepcopy(SEED)
    seed["drugs"][3]["guidance"] = [{**seed["drugs"][0]["guidance"][0], "routes": ["mouth"]}]
    with pytest.raises(SnapshotError) as exc:
        seed_validate(seed)
    assert exc.value.path == f"drugs[{seed['drugs'][3]['slug']}].guidance[0].routes[0]"


def test_an_optional_field_is_one_line_and_written_only_when_set():
    @snapshot.frozen
    class Extended(MonographSnapshot):
        translations: dict[str, dict[str, str]] = snapshot.optional(factory=dict)

    plain = Extended.parse(PREVIOUS, strict=True)
    assert plain.translations == {}
    assert "translations" not in plain.to_dict()  # the stored JSON is unchanged
    with_es = Extended.parse({**PREVIOUS, "translations": {"es": {"summary": "Hola"}}}, strict=True)
    assert with_es.to_dict()["translations"] == {"es": {"summary": "Hola"}}
    with pytest.raises(SnapshotError, match=r"translations\.es\.summary: must be a string"):
        Extended.parse({**PREVIOUS, "translations": {"es": {"summary": 3}}}, strict=True)


def test_typed_values_are_the_vocabulary():
    parsed = MonographSnapshot.parse(PREVIOUS)
    assert parsed.typical_dose.route is Route.ORAL
    assert parsed.pk_value("mw_da").unit == "Da"
    assert parsed.pk_value("half_life_h") is None  # no half-life row in this snapshot
    assert {n.kind for n in parsed.brands} == {"brand"}


def test_citation_link_is_one_rule():
    assert snapshot.citation_link(url="https://x.org/a", pmid="1", doi="10.1/x") == (
        "https://x.org/a"
    )
    assert snapshot.citation_link(url="", pmid="123", doi="10.1/x") == (
        "https://pubmed.ncbi.nlm.nih.gov/123/"
    )
    assert snapshot.citation_link(url=None, pmid=None, doi="10.1/x") == "https://doi.org/10.1/x"
    assert snapshot.citation_link(url=None, pmid=None, doi=None) is None


@pytest.mark.django_db
def test_publish_writes_a_snapshot_that_validates():
    from drugs.published import monograph_of
    from tests import factories

    drug = factories.published_drug()
    factories.PKValueFactory(drug=drug)
    data = drug.published_data
    assert MonographSnapshot.parse(data, strict=True).to_dict() == data
    typed = monograph_of(drug)
    assert typed.slug == drug.slug
    assert typed.guidance[0].verdict is Category.COMPATIBLE


@pytest.mark.django_db
def test_publish_refuses_a_snapshot_the_schema_refuses():
    from django.core.exceptions import ValidationError

    from drugs import services
    from tests import factories

    drug = factories.DrugFactory()
    drug.typical_route = "by mouth"  # not a route of the vocabulary
    with pytest.raises(ValidationError) as exc:
        services.monograph_snapshot(drug=drug)
    assert "typical_dose.route" in exc.value.message_dict


def test_combination_snapshot_round_trips():
    data = {
        "slug": "acetaminophen+hydrocodone",
        "name": "hydrocodone and acetaminophen",
        "kind": "combination",
        "brands": ["Norco"],
        "ingredients": [
            {"slug": "hydrocodone", "name": "hydrocodone", "revision": 1},
            {"slug": "acetaminophen", "name": "acetaminophen", "revision": 2},
        ],
        "citation": None,
        "revision": 1,
        "last_reviewed": "2026-12-01",
    }
    assert CombinationSnapshot.parse(data, strict=True).to_dict() == data


@pytest.mark.django_db
def test_the_seed_loader_refuses_a_bad_entry_before_writing(tmp_path):
    from drugs.models import Drug
    from drugs.seed import seed_load

    bad = copy.deepcopy(SEED)
    bad["drugs"] = bad["drugs"][:2]
    bad["drugs"][1]["flags"]["cytotoxic"] = "yes"
    path = tmp_path / "monographs.json"
    path.write_text(json.dumps(bad))
    before = Drug.objects.count()  # a worker's database may already hold the curated seed
    with pytest.raises(SnapshotError) as exc:
        seed_load(path=path)
    assert exc.value.path == f"monographs.json: drugs[{bad['drugs'][1]['slug']}].flags.cytotoxic"
    assert Drug.objects.count() == before
