"""import_rxnorm: RRF files -> RxNorm concepts; validated, transactional, idempotent."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from drugs import rxnorm
from drugs.models import ImportJob, RxNormConcept, RxNormIngredient

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rxnorm"


def run(path) -> str:
    out = io.StringIO()
    call_command("import_rxnorm", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def ingredients(rxcui):
    return [
        (i.name, i.rxcui, i.strength_value, i.strength_unit)
        for i in RxNormIngredient.objects.filter(concept__rxcui=rxcui).order_by("position")
    ]


@pytest.fixture
def release(tmp_path) -> Path:
    target = tmp_path / "rrf"
    shutil.copytree(SAMPLE, target)
    return target


def test_imports_concepts_with_ingredients_strengths_forms_and_brands():
    output = run(SAMPLE)
    assert "created" in output
    scd = RxNormConcept.objects.get(rxcui="993781")
    assert scd.tty == "SCD"
    assert scd.name == "acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet"
    assert scd.dose_form == "Oral Tablet"
    # one strength from RXN_BOSS_* attributes, one from RXN_STRENGTH
    assert ingredients("993781") == [
        ("acetaminophen", "161", 300.0, "MG"),
        ("codeine", "2670", 30.0, "MG"),
    ]
    codeine = RxNormIngredient.objects.get(concept__rxcui="993781", rxcui="2670")
    assert codeine.precise_name == "codeine phosphate"
    # strength read from the SCDC name when RXNSAT has none
    assert ingredients("312941") == [("sertraline", "36437", 50.0, "MG")]
    # per-volume strength
    assert ingredients("892473") == [("morphine", "7052", 2.0, "MG/ML")]
    assert RxNormConcept.objects.get(rxcui="892473").dose_form == "Injectable Solution"


def test_branded_drugs_packs_and_groups():
    run(SAMPLE)
    sbd = RxNormConcept.objects.get(rxcui="90000601")
    assert (sbd.tty, sbd.brand, sbd.dose_form) == ("SBD", "Tylenol with Codeine", "Oral Tablet")
    assert [i[0] for i in ingredients("90000601")] == ["acetaminophen", "codeine"]
    gpck = RxNormConcept.objects.get(rxcui="749783")
    (component,) = gpck.ingredients.all()
    assert (component.name, component.component_rxcui, component.component_count) == (
        "azithromycin",
        "90000402",
        6.0,
    )
    bpck = RxNormConcept.objects.get(rxcui="750149")
    assert bpck.brand == "Z-PAK"
    assert [i[0] for i in ingredients("750149")] == ["azithromycin"]
    for rxcui, tty in (
        ("90000701", "SCDF"),
        ("90000702", "SCDG"),
        ("90000703", "SBDF"),
        ("90000704", "SBDG"),
        ("90000801", "MIN"),
    ):
        concept = RxNormConcept.objects.get(rxcui=rxcui)
        assert concept.tty == tty
        assert [i[0] for i in ingredients(rxcui)] == ["acetaminophen", "codeine"], rxcui
    assert RxNormConcept.objects.get(rxcui="90000702").dose_form == "Oral Product"
    assert RxNormConcept.objects.get(rxcui="90000501").tty == "BN"
    assert [i[0] for i in ingredients("90000501")] == ["acetaminophen", "codeine"]
    assert ingredients("90000101") == [("codeine", "2670", None, "")]  # PIN -> IN


def test_concept_without_relationships_falls_back_to_its_name():
    run(SAMPLE)
    assert ingredients("90000901") == [("ibuprofen", "", 400.0, "MG")]
    assert RxNormConcept.objects.get(rxcui="90000901").dose_form == "Oral Tablet"
    assert RxNormConcept.objects.get(rxcui="90000902").suppressed is True


def test_other_sources_term_types_and_helper_concepts_are_not_stored():
    run(SAMPLE)
    assert not RxNormConcept.objects.filter(tty__in=["SY", "SCDC", "DF", "DFG"]).exists()
    assert RxNormConcept.objects.get(rxcui="993781").name.startswith("acetaminophen")
    assert not RxNormConcept.objects.filter(rxcui="999999").exists()


def test_reimport_changes_nothing_and_a_changed_name_updates():
    run(SAMPLE)
    count = RxNormIngredient.objects.count()
    ids = list(RxNormIngredient.objects.values_list("pk", flat=True))
    output = run(SAMPLE)
    assert " 0 created, 0 updated" in output
    assert list(RxNormIngredient.objects.values_list("pk", flat=True)) == ids
    assert RxNormIngredient.objects.count() == count
    assert ImportJob.objects.filter(kind="rxnorm").count() == 2


def test_changed_release_updates_the_concept(release):
    run(release)
    conso = release / "RXNCONSO.RRF"
    conso.write_text(
        conso.read_text().replace("Ibuprofen 400 MG Oral Tablet", "Ibuprofen 600 MG Oral Tablet")
    )
    output = run(release)
    assert "1 updated" in output
    assert ingredients("90000901") == [("ibuprofen", "", 600.0, "MG")]


@pytest.mark.parametrize(
    ("filename", "bad_line", "message"),
    [
        ("RXNCONSO.RRF", "161|ENG||||", "RXNCONSO.RRF line 40: expected 18 fields, found 6"),
        (
            "RXNREL.RRF",
            "abc||CUI|RO|161||CUI|has_ingredient|R9||RXNORM|RXNORM|||N||",
            "RXNREL.RRF line 43: RXCUI 'abc' is not a number",
        ),
        (
            "RXNSAT.RRF",
            "90000305|||A9|AUI|1|AT9||RXN_BOSS_STRENGTH_NUM_VALUE|RXNORM|ten|N|4096|",
            "RXNSAT.RRF line 13: RXN_BOSS_STRENGTH_NUM_VALUE 'ten' is not a number",
        ),
    ],
)
def test_bad_line_is_named_and_nothing_is_written(release, filename, bad_line, message):
    with (release / filename).open("a") as handle:
        handle.write(bad_line + "\n")
    with pytest.raises(CommandError) as excinfo:
        run(release)
    assert message in str(excinfo.value)
    assert "Nothing was imported" in str(excinfo.value)
    assert not RxNormConcept.objects.exists()
    assert not ImportJob.objects.filter(kind="rxnorm").exists()


def test_missing_file_and_not_a_directory(release, tmp_path):
    (release / "RXNSAT.RRF").unlink()
    with pytest.raises(CommandError, match=r"RXNSAT\.RRF not found"):
        run(release)
    with pytest.raises(CommandError, match="not a directory"):
        run(release / "RXNCONSO.RRF")
    assert not RxNormConcept.objects.exists()


def test_release_folder_with_rrf_subfolder(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "RxNorm_full_prescribe" / "rrf")
    run(tmp_path / "RxNorm_full_prescribe")
    assert RxNormConcept.objects.filter(rxcui="993781").exists()


def test_concept_maps_to_monographs_by_ingredient(seeded):
    run(SAMPLE)
    concept = rxnorm.rxnorm_concept_get(rxcui="993781")
    assert rxnorm.concept_ingredient_slugs(concept) == ["acetaminophen", "codeine"]
    assert rxnorm.concept_ingredient_slugs(rxnorm.rxnorm_concept_get(rxcui="750149")) == [
        "azithromycin"
    ]
    assert rxnorm.rxnorm_concept_get(rxcui="123456789") is None
    assert rxnorm.rxnorm_concept_get(rxcui="not-a-code") is None


def test_salt_names_map_and_unknown_ingredients_do_not(seeded):
    assert rxnorm.ingredient_slug(name="codeine phosphate") == "codeine"
    assert rxnorm.ingredient_slug(name="Oxycodone Hydrochloride") == "oxycodone"
    assert rxnorm.ingredient_slug(name="codeinex") is None
    # one unmapped active ingredient: no partial product
    assert (
        rxnorm.ingredient_slugs(ingredients=[("acetaminophen", "", ""), ("notadrugatall", "", "")])
        is None
    )
    assert rxnorm.ingredient_slugs(
        ingredients=[("sertraline", "", ""), ("inert ingredients", "", "")]
    ) == ["sertraline"]
