"""Seeding never destroys curator work (hazard log: unreviewed edits).

`make run` and the compose `web` start run `seed` every time. It adds missing monographs and
new seed versions of monographs no local curator touched; a monograph with local edits (draft,
in review, or published by a local reviewer), and citations a curator corrected, are left
alone and reported. History names real users. Seed monographs say they are seed data until a
local reviewer approves them.
"""

import html
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from drugs import services
from drugs.models import Citation, Drug, DrugName, Guidance, PKValue, Status

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "monographs.json"
SEED_LABEL = "Seed data — not yet reviewed by this site's curators"


def _seed_file(tmp_path, changes):
    """A seed with new versions of some entries (what a newer release would ship)."""
    data = json.loads(SEED.read_text())
    drugs = []
    for entry in data["drugs"]:
        if entry["slug"] in changes:
            drugs.append({**entry, "summary": changes[entry["slug"]]})
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({**data, "drugs": drugs, "combinations": []}))
    return path, data


def _reseed(path):
    out = StringIO()
    call_command("seed", "--path", str(path), "--no-progress", stdout=out)
    return out.getvalue()


def _local_draft(drug, curator):
    drug.summary = "Local curator text."
    drug.save()
    services.monograph_record_edit(drug=drug, by=curator)


def _local_in_review(drug, curator):
    _local_draft(drug, curator)
    services.monograph_submit(drug=drug, by=curator)


def _local_published(drug, curator, reviewer=None):
    _local_in_review(drug, curator)
    services.monograph_approve(drug=drug, by=reviewer)
    services.monograph_publish(drug=drug, by=reviewer)


@pytest.mark.parametrize("state", ["draft", "in_review", "published"])
def test_reseed_keeps_local_edits_and_reports_them(
    seeded, tmp_path, curator, reviewer, state, django_capture_on_commit_callbacks
):
    sertraline = Drug.objects.get(slug="sertraline")
    if state == "draft":
        _local_draft(sertraline, curator)
    elif state == "in_review":
        _local_in_review(sertraline, curator)
    else:
        _local_published(sertraline, curator, reviewer)
    before = Drug.objects.get(pk=sertraline.pk)
    ibuprofen_revision = Drug.objects.get(slug="ibuprofen").published_revision
    path, _ = _seed_file(
        tmp_path, {"sertraline": "New seed text.", "ibuprofen": "New seed text for ibuprofen."}
    )

    output = _reseed(path)

    sertraline.refresh_from_db()
    assert sertraline.summary == "Local curator text."
    assert sertraline.status == before.status
    assert sertraline.last_edited_by == curator
    assert sertraline.published_data == before.published_data
    assert sertraline.published_revision == before.published_revision
    assert "Left alone, local curator work kept (1 monographs): sertraline" in output
    # A monograph nobody touched locally gets the new seed version, published by the seed.
    ibuprofen = Drug.objects.get(slug="ibuprofen")
    assert ibuprofen.summary == "New seed text for ibuprofen."
    assert ibuprofen.published_data["summary"] == "New seed text for ibuprofen."
    assert ibuprofen.published_revision == ibuprofen_revision + 1
    assert "1 updated" in output


def test_restart_twice_keeps_the_edit(seeded, curator):
    sertraline = Drug.objects.get(slug="sertraline")
    _local_in_review(sertraline, curator)
    for _ in range(2):  # every `make run` start
        output = _reseed(SEED)
        assert "sertraline" in output
    sertraline.refresh_from_db()
    assert sertraline.summary == "Local curator text."
    assert sertraline.status == Status.IN_REVIEW


def test_reseed_keeps_a_citation_a_curator_corrected(seeded, tmp_path, curator):
    citation = Citation.objects.get(key="sertraline:lactmed")
    citation.title = "Corrected by a curator"
    citation._history_user = curator
    citation.save()
    data = json.loads(SEED.read_text())
    for item in data["citations"]:
        if item["key"] == "sertraline:lactmed":
            item["title"] = "Seed title changed upstream"
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({**data, "drugs": [], "combinations": []}))
    output = _reseed(path)
    citation.refresh_from_db()
    assert citation.title == "Corrected by a curator"
    assert "(1 citations): sertraline:lactmed" in output


def test_seed_history_names_real_users(seeded):
    for model in (Drug, DrugName, PKValue, Guidance, Citation):
        assert not model.history.filter(history_user__isnull=True).exists(), model.__name__
    record = Drug.objects.get(slug="sertraline").history.first()
    assert record.history_user.username == services.SEED_REVIEWER


def test_seed_monograph_is_labelled_until_a_local_reviewer_approves(
    seeded, client, curator, reviewer
):
    drug = Drug.objects.get(slug="amitriptyline")
    assert drug.published_data["review"] == {"seed": True, "source_revision_date": "2022-04-18"}
    page = html.unescape(client.get("/drugs/amitriptyline/").content.decode())
    assert SEED_LABEL in page
    assert "record of 2022-04-18" in page

    _local_published(drug, curator, reviewer)
    assert drug.published_data["review"]["seed"] is False
    page = html.unescape(client.get("/drugs/amitriptyline/").content.decode())
    assert SEED_LABEL not in page
    assert 'data-review="local"' in page
    assert drug.published_data["last_reviewed"] in page
