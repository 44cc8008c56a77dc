"""The admin is the curators' tool: permissions, review actions and the history diff."""

import pytest

from drugs import services
from drugs.models import Drug, Status
from tests.factories import published_drug


@pytest.fixture
def drug(db, curator):
    drug = Drug.objects.create(name="adminomycin", slug="adminomycin", summary="First text.")
    services.monograph_record_edit(drug=drug, by=curator)
    return drug


def test_clinician_cannot_open_the_admin(client, clinician):
    client.force_login(clinician)
    response = client.get("/admin/drugs/drug/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_curator_sees_the_monograph_list(client, curator, drug):
    client.force_login(curator)
    response = client.get("/admin/drugs/drug/")
    assert response.status_code == 200
    assert b"adminomycin" in response.content


def test_approve_action_refuses_self_approval(client, reviewer2, drug):
    services.monograph_record_edit(drug=drug, by=reviewer2)
    services.monograph_submit(drug=drug, by=reviewer2)
    client.force_login(reviewer2)
    response = client.post(
        "/admin/drugs/drug/",
        {"action": "approve", "_selected_action": [drug.pk]},
        follow=True,
    )
    assert b"A second person must review this revision" in response.content
    drug.refresh_from_db()
    assert drug.approved_by is None


def test_review_actions_publish_with_a_second_person(client, curator, reviewer, drug):
    services.monograph_submit(drug=drug, by=curator)
    client.force_login(reviewer)
    for action in ("approve", "publish"):
        response = client.post(
            "/admin/drugs/drug/", {"action": action, "_selected_action": [drug.pk]}, follow=True
        )
        assert response.status_code == 200
    drug.refresh_from_db()
    assert drug.status == Status.PUBLISHED
    assert drug.published_data["summary"] == "First text."


def test_curator_cannot_publish_from_the_admin(client, curator, curator2, drug):
    services.monograph_submit(drug=drug, by=curator)
    client.force_login(curator2)
    response = client.post(
        "/admin/drugs/drug/", {"action": "approve", "_selected_action": [drug.pk]}, follow=True
    )
    assert b"Only reviewers can approve" in response.content


def test_history_page_shows_who_changed_what(client, curator, drug):
    drug.summary = "Second text."
    drug.save()
    services.monograph_record_edit(drug=drug, by=curator)
    client.force_login(curator)
    response = client.get(f"/admin/drugs/drug/{drug.pk}/history/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Summary:" in content and "First text." in content and "Second text." in content


@pytest.mark.django_db
def test_curator_cannot_delete_a_published_monograph(client, curator):
    published = published_drug(name="keepomycin")
    client.force_login(curator)
    response = client.post(f"/admin/drugs/drug/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Drug.objects.filter(slug="keepomycin").exists()


def test_curator_may_delete_a_never_published_draft(client, curator, drug):
    client.force_login(curator)
    response = client.post(f"/admin/drugs/drug/{drug.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Drug.objects.filter(pk=drug.pk).exists()
