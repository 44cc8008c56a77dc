"""Published history (hazard log: stale or divergent answers).

Every publish keeps its snapshot with who approved and who published it; revision numbers are
never reused, whatever the working copy's fields say; the exact monograph shown at a revision can
be shown again; drug classes and class links have history and audit lines.
"""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.test import Client

from drugs import services
from drugs.models import Drug, DrugClass, PublishedRevision

pytestmark = pytest.mark.django_db


def _publish(drug, curator, reviewer):
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    return services.monograph_publish(drug=drug, by=reviewer)


def _edit(drug, curator, summary):
    drug.summary = summary
    drug.save()
    services.monograph_record_edit(drug=drug, by=curator)


def test_every_publish_appends_a_revision_that_is_never_reused(draft, curator, reviewer):
    _publish(draft, curator, reviewer)
    _edit(draft, curator, "Second text.")
    _publish(draft, curator, reviewer)
    assert draft.published_revision == 2
    rows = list(services.monograph_revisions(drug=draft))
    assert [r.revision for r in rows] == [2, 1]
    assert [r.data["summary"] for r in rows] == ["Second text.", "A test drug."]
    assert all(r.approved_by == reviewer and r.published_by == reviewer for r in rows)
    assert rows[0].data == Drug.objects.get(pk=draft.pk).published_data  # readers' copy

    # Whatever resets the counter on the working copy (an old history record, a shell), the
    # next publish continues after the highest revision ever published.
    draft.published_revision = 0
    draft.save()
    _edit(draft, curator, "Third text.")
    _publish(draft, curator, reviewer)
    assert draft.published_revision == 3
    assert services.monograph_revision_snapshot(drug=draft, revision=1)["summary"] == (
        "A test drug."
    )
    assert services.monograph_revision_snapshot(drug=draft, revision=3)["revision"] == 3


def test_the_database_refuses_a_reused_revision(draft, curator, reviewer):
    _publish(draft, curator, reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedRevision.objects.create(
            drug=draft, revision=1, data={}, content_hash="x", published_at=draft.published_at
        )


def test_unknown_revision_is_not_found(draft, curator, reviewer):
    _publish(draft, curator, reviewer)
    with pytest.raises(ObjectDoesNotExist):
        services.monograph_revision_snapshot(drug=draft, revision=9)


def test_seeded_monographs_keep_their_published_revision(seeded):
    drug = Drug.objects.get(slug="sertraline")
    [row] = services.monograph_revisions(drug=drug)
    assert row.revision == drug.published_revision
    assert row.data == drug.published_data


def test_publish_is_audited_with_its_revision(draft, curator, reviewer, audit_log):
    _publish(draft, curator, reviewer)
    _edit(draft, curator, "Second text.")
    _publish(draft, curator, reviewer)
    assert audit_log.find("monograph_publish", "drug=securamycin", "revision=2")


def test_admin_lists_published_revisions_and_shows_one(draft, curator, reviewer, clinician):
    _publish(draft, curator, reviewer)
    _edit(draft, curator, "Second text.")
    _publish(draft, curator, reviewer)
    client = Client()
    client.force_login(curator)
    url = f"/admin/drugs/drug/{draft.pk}/revisions/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="published-revisions"' in html
    assert "?revision=1" in html and "?revision=2" in html
    assert reviewer.username in html
    first = client.get(url, {"revision": "1"})
    assert first.status_code == 200
    assert "Snapshot of revision 1" in first.content.decode()
    assert "A test drug." in first.content.decode()
    assert "Second text." not in first.content.decode()
    assert client.get(url, {"revision": "7"}).status_code == 404
    assert client.get(url, {"revision": "x"}).status_code == 404
    other = Client()
    other.force_login(clinician)
    assert other.get(url).status_code == 302


def test_class_rename_has_history_and_an_audit_line(seeded, curator, audit_log):
    cls = DrugClass.objects.get(name="antitussive")
    client = Client()
    client.force_login(curator)
    response = client.post(
        f"/admin/drugs/drugclass/{cls.pk}/change/", {"name": "cough suppressant", "atc_code": ""}
    )
    assert response.status_code == 302
    latest = cls.history.first()
    assert latest.name == "cough suppressant"
    assert latest.history_user == curator
    assert audit_log.find("drug_class_change", "name=cough_suppressant", f"by={curator.username}")
    assert client.get(f"/admin/drugs/drugclass/{cls.pk}/history/").status_code == 200


def test_class_links_have_history_and_audit_lines(draft, curator, audit_log):
    cls = DrugClass.objects.create(name="test class")
    draft._history_user = curator
    draft.classes.add(cls)
    record = draft.history.first()
    assert [c.drugclass_id for c in record.classes.all()] == [cls.pk]
    assert record.history_user == curator
    draft.classes.remove(cls)
    assert list(draft.history.first().classes.all()) == []
    assert audit_log.find("drug_classes_add", "drug=securamycin", "classes=test_class")
    assert audit_log.find("drug_classes_remove", "drug=securamycin", f"by={curator.username}")
