"""`manage.py advise` for one scenario and for a JSON Lines batch."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("advise", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_readable_verdict_names_rule_and_source(seeded):
    text = _run("Zoloft", "--infant-age-days", "90")
    assert text.startswith("sertraline: Compatible")
    assert "LactMed" in text
    assert "Engine " in text


@pytest.mark.django_db
def test_json_output_carries_verdict_rules_and_engine_version(seeded):
    body = json.loads(_run("codeine", "--json"))
    assert body["verdict"] == "use_alternative"
    assert "curated_guidance" in body["rules"]
    assert body["reasons"][0]["rule"] == "regulatory_avoid"  # FDA 2017 decides first
    assert body["reasons"][0]["citation_keys"]
    assert body["engine_version"]


@pytest.mark.django_db
def test_unknown_drug_is_a_clear_error_with_suggestions(seeded):
    with pytest.raises(CommandError, match="Did you mean: trazodone"):
        _run("vilazodone")


@pytest.mark.django_db
def test_misspelling_is_corrected_aloud(seeded):
    out = _run("sertralinex")
    assert "sertraline" in out
    assert "Showing results for sertraline — you typed “sertralinex”." in out


@pytest.mark.django_db
def test_shared_abbreviation_asks_to_choose(seeded):
    with pytest.raises(CommandError, match="could mean several drugs: dalteparin, enoxaparin"):
        _run("LMWH")


@pytest.mark.django_db
def test_negative_dose_is_refused(seeded):
    with pytest.raises(CommandError, match="dose_mg"):
        _run("sertraline", "--dose-mg", "-5")


@pytest.mark.django_db
def test_batch_keeps_order_and_isolates_errors(seeded, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "drug": "ibuprofin", "dose_mg": 400}),
                json.dumps({"id": "b", "drug": "no-such-drug-xyz"}),
                "this is not json",
                json.dumps({"id": "d", "drug": "sertraline", "dose_mg": None, "route": "oral"}),
                json.dumps({"id": "e", "drug": "sertraline", "activity_mbq": 100}),
                json.dumps({"drug": "sertraline"}),
            ]
        )
    )
    lines = [json.loads(line) for line in _run("--batch", str(batch)).splitlines()]
    assert [line.get("id") for line in lines] == ["a", "b", None, "d", "e", None]
    assert lines[0]["drug_slug"] == "ibuprofen" and lines[0]["verdict"] == "compatible"
    assert "LactRx has no monograph for 'no-such-drug-xyz'" in lines[1]["error"]
    assert "not valid JSON" in lines[2]["error"]
    assert lines[3]["verdict"] == "compatible"
    assert "activity" in lines[4]["error"]
    assert "id" in lines[5]["error"]


@pytest.mark.django_db
def test_combination_product_gives_a_regimen_verdict(seeded):
    body = json.loads(_run("Percocet", "--json"))
    assert {item["drug_slug"] for item in body["items"]} == {"acetaminophen", "oxycodone"}
    assert body["verdict"] == body["combined"]


def test_a_combination_driven_by_codeine_says_what_the_fda_says(seeded):
    # The combined headline is its driving ingredient's: for codeine, the FDA 2017
    # recommendation against it, not the softer "prefer an alternative" of other drugs.
    first = _run("Tylenol #3").splitlines()[0]
    assert first.startswith("acetaminophen and codeine: combined verdict: Do not use")
    assert "FDA recommends against it" in first
    oxycodone = _run("Percocet").splitlines()[0]
    assert "Prefer an alternative" in oxycodone and "FDA" not in oxycodone
