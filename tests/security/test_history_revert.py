"""History pages cannot revert a monograph (hazard log: unreviewed edits).

The attack: edit a monograph, then "revert" it to an old history record that says "in review,
approved by <reviewer>", then publish a review that never happened. Reverting is disabled for
curated models: the history form is read-only and a POST to it is refused and audited.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from drugs import services
from drugs.models import Citation, Drug, Status
from tests.security.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_after_approval(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    drug.summary = "Changed after the approval."
    drug.save()
    services.monograph_record_edit(drug=drug, by=curator)
    return drug


def test_history_form_post_cannot_restore_an_old_approval(
    edited_after_approval, curator, reviewer, audit_log
):
    drug = edited_after_approval
    record = drug.history.filter(approved_by=reviewer, status=Status.IN_REVIEW).first()
    assert record is not None
    url = f"/admin/drugs/drug/{drug.pk}/history/{record.history_id}/"
    client = Client()
    client.force_login(curator)
    page = client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.context["title"]  # a read-only view
    history_count = drug.history.count()

    response = client.post(url, change_form_data(page))
    assert response.status_code == 403
    drug.refresh_from_db()
    assert drug.status == Status.DRAFT
    assert drug.approved_by_id is None and drug.approved_hash == ""
    assert drug.summary == "Changed after the approval."
    assert drug.history.count() == history_count
    [line] = audit_log.find("history_revert_refused", "model=drugs.drug", f"id={drug.pk}")
    assert f"history_id={record.history_id}" in line.getMessage()
    assert f"by={curator.username}" in line.getMessage()
    with pytest.raises(ValidationError):
        services.monograph_publish(drug=drug, by=reviewer)


def test_history_form_post_is_refused_for_citations(seeded, reviewer, audit_log):
    citation = Citation.objects.get(key="codeine:lactmed")
    record = citation.history.first()
    client = Client()
    client.force_login(reviewer)
    url = f"/admin/drugs/citation/{citation.pk}/history/{record.history_id}/"
    response = client.post(url, {"key": citation.key, "title": "reverted", "kind": "web"})
    assert response.status_code == 403
    citation.refresh_from_db()
    assert citation.title != "reverted"
    assert audit_log.find("history_revert_refused", "model=drugs.citation")


def test_revert_is_disabled_in_settings(settings):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
