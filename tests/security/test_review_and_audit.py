"""Second-person review and the audit trail.

Self-approval is refused at three layers: the service (drugs.services), the admin action that
calls it, and the database constraint ``drug_no_self_approval``. Curators without the reviewer
role cannot approve or publish through the admin. Logins, failed logins, permission denials and
every publish/retire are written to the "lactmed.audit" logger with who and what (the record
carries when).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test import Client

from drugs import services
from drugs.models import Drug, Status

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/drugs/drug/"
PASSWORD = "correct-horse-battery-staple-42"  # the personas' password (tests/conftest.py)


def _action(user, action: str, drug: Drug):
    client = Client()
    client.force_login(user)
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [drug.pk], "index": 0},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- self-approval ------------------------------------------------------------------------
def test_service_refuses_self_approval(draft, reviewer2, audit_log):
    services.monograph_record_edit(drug=draft, by=reviewer2)  # reviewer2 also curates
    services.monograph_submit(drug=draft, by=reviewer2)
    with pytest.raises(PermissionDenied, match="second person"):
        services.monograph_approve(drug=draft, by=reviewer2)
    draft.refresh_from_db()
    assert draft.approved_by_id is None
    assert audit_log.find("self_approval_refused", "drug=securamycin", "action=approve")


def test_admin_action_refuses_self_approval(draft, reviewer2, audit_log):
    services.monograph_record_edit(drug=draft, by=reviewer2)
    services.monograph_submit(drug=draft, by=reviewer2)
    response = _action(reviewer2, "approve", draft)
    assert response.status_code == 200
    assert any("second person" in m for m in _messages(response))
    draft.refresh_from_db()
    assert draft.approved_by_id is None
    assert draft.status == Status.IN_REVIEW
    assert audit_log.find("self_approval_refused", f"by={reviewer2.username}")


def test_database_constraint_refuses_self_approval(draft, curator):
    draft.approved_by = curator  # the ORM without the service
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()
    # ...and raw SQL, the last line of defence.
    table = connection.ops.quote_name(Drug._meta.db_table)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET approved_by_id = last_edited_by_id WHERE id = %s",  # noqa: S608
            [draft.pk],
        )
    draft.refresh_from_db()
    assert draft.approved_by_id is None


# --- curators cannot approve or publish ----------------------------------------------------
def test_admin_actions_refuse_approve_and_publish_for_curators(draft, curator, curator2, audit_log):
    services.monograph_submit(drug=draft, by=curator)
    for action in ("approve", "publish", "retire"):
        response = _action(curator2, action, draft)
        assert response.status_code == 200
        assert any("Only reviewers" in m for m in _messages(response)), action
    draft.refresh_from_db()
    assert draft.approved_by_id is None
    assert draft.status == Status.IN_REVIEW
    assert draft.published_data is None
    for action in ("approve", "publish", "retire"):
        assert audit_log.find("permission_denied", f"action={action}", f"by={curator2.username}")


def test_clinician_cannot_reach_admin_actions(draft, clinician):
    client = Client()
    client.force_login(clinician)
    response = client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    draft.refresh_from_db()
    assert draft.published_data is None


def test_reviewer_approves_and_publishes_someone_elses_edit(draft, curator, reviewer, audit_log):
    """The positive control: the second person can approve and publish through the admin."""
    services.monograph_submit(drug=draft, by=curator)
    assert any("Approved 1" in m for m in _messages(_action(reviewer, "approve", draft)))
    assert any("Published 1" in m for m in _messages(_action(reviewer, "publish", draft)))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_data is not None
    assert draft.reviewed_by_id == reviewer.pk != draft.last_edited_by_id


# --- audit --------------------------------------------------------------------------------
def test_audit_records_publish_and_retire_with_who_and_what(draft, curator, reviewer, audit_log):
    services.monograph_submit(drug=draft, by=curator)
    services.monograph_approve(drug=draft, by=reviewer)
    services.monograph_publish(drug=draft, by=reviewer)
    services.monograph_retire(drug=draft, by=reviewer, reason="withdrawn from market")
    [publish] = audit_log.find("monograph_publish", "drug=securamycin")
    assert f"by={reviewer.username}" in publish.getMessage()
    assert "revision=1" in publish.getMessage()
    [retire] = audit_log.find("monograph_retire", "drug=securamycin")
    assert f"by={reviewer.username}" in retire.getMessage()
    assert "withdrawn from market" in retire.getMessage()
    assert publish.created <= retire.created  # when: each record is timestamped


def test_audit_records_login_and_failed_login(curator, audit_log):
    client = Client()
    client.post("/admin/login/", {"username": curator.username, "password": "nope-nope"})
    client.post("/admin/login/", {"username": curator.username, "password": PASSWORD})
    assert audit_log.find("login_failed", f"username={curator.username}", "ip=127.0.0.1")
    assert audit_log.find("login_success", f"user={curator.username}", "staff=True")
    assert not any("nope-nope" in m for m in audit_log.messages)


def test_audit_records_http_permission_denials(curator, audit_log):
    """A staff user without rights on a model gets 403, and the refusal is logged."""
    client = Client()
    client.force_login(curator)
    response = client.get("/admin/auth/user/")
    assert response.status_code == 403
    [record] = audit_log.find("permission_denied", f"user={curator.username}")
    assert "path=/admin/auth/user/" in record.getMessage()
    assert "status=403" in record.getMessage()


def test_audit_lines_cannot_be_forged_through_the_username(audit_log):
    client = Client()
    client.post(
        "/admin/login/",
        {"username": "eve\nlogin_success user=admin", "password": "whatever-123"},
    )
    [record] = audit_log.find("login_failed")
    assert "\n" not in record.getMessage()
    assert not [m for m in audit_log.messages if m.startswith("login_success")]


def test_audit_records_a_monograph_deleted_in_the_admin(draft, curator, audit_log):
    """Deleting bypasses retire and review (hazard log H16); it is at least audited."""
    client = Client()
    client.force_login(curator)
    response = client.post(f"/admin/drugs/drug/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Drug.objects.filter(pk=draft.pk).exists()
    [record] = audit_log.find("monograph_delete", "drug=securamycin")
    assert f"by={curator.username}" in record.getMessage()
