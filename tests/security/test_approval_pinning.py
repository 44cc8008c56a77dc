"""Approval pins the reviewed content (hazard log: unreviewed edits).

A reviewer approves codeine; then any part of its content changes — a child row, a citation it
uses, a class it belongs to — through the services, the admin or a direct POST. Publishing must
refuse, name what changed, audit the refusal and leave what clinicians see untouched.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from drugs import services
from drugs.models import Citation, Drug, DrugClass, MilkStudy, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    drug.summary += " Reviewed locally."
    drug.save()
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    return drug


def _guidance(drug):
    row = drug.guidance.order_by("key").first()
    row.verdict = "compatible"
    row.interrupt_hours_min = row.interrupt_hours_max = None
    row.save()


def _pk(drug):
    row = drug.pk_values.get(parameter="half_life_h")
    row.value = row.value * 3
    row.save()


def _milk_study(drug):
    MilkStudy.objects.create(
        drug=drug,
        maternal_dose_mg=60,
        rid_pct=0.5,
        citation=Citation.objects.get(key="codeine:lactmed"),
    )


def _name(drug):
    drug.names.create(name="Codexa", kind="brand")


def _generic_name(drug):
    row = drug.names.get(kind="generic")
    row.name = "codeine base"
    row.save()


def _alternative(drug):
    row = drug.alternatives.first()
    row.reason = "Changed after approval."
    row.save()


def _citation(drug):
    row = Citation.objects.get(key="codeine:lactmed")
    row.title = "A different title"
    row.save()


def _class(drug):
    row = drug.classes.get(name="opioid analgesic")
    row.name = "opioid (renamed)"
    row.save()


CHANGES = [
    (_guidance, "guidance"),
    (_pk, "pk"),
    (_milk_study, "milk_studies"),
    (_name, "names"),
    (_generic_name, "generic_names"),
    (_alternative, "alternatives"),
    (_citation, "citations"),
    (_class, "classes"),
]


@pytest.mark.parametrize(("change", "section"), CHANGES, ids=[s for _, s in CHANGES])
def test_publish_refuses_content_changed_after_approval(
    approved, reviewer, audit_log, change, section
):
    before = Drug.objects.get(pk=approved.pk)
    change(approved)
    with pytest.raises(ValidationError, match=rf"changed after it was approved \(.*{section}"):
        services.monograph_publish(drug=approved, by=reviewer)
    approved.refresh_from_db()
    assert approved.status == Status.IN_REVIEW
    assert approved.published_revision == before.published_revision
    assert approved.published_data == before.published_data  # clinicians see the old one
    [record] = audit_log.find("monograph_publish_refused", "drug=codeine")
    assert section in record.getMessage()
    assert f"by={reviewer.username}" in record.getMessage()


def test_unchanged_approval_publishes_and_reapproval_pins_the_new_content(
    approved, reviewer, reviewer2, curator
):
    _citation(approved)
    with pytest.raises(ValidationError):
        services.monograph_publish(drug=approved, by=reviewer)
    services.monograph_approve(drug=approved, by=reviewer2)  # a reviewer saw the change
    services.monograph_publish(drug=approved, by=reviewer2)
    approved.refresh_from_db()
    assert approved.status == Status.PUBLISHED
    citation = next(
        c for c in approved.published_data["citations"] if c["key"] == "codeine:lactmed"
    )
    assert citation["title"] == "A different title"


def test_edit_clears_the_approval(approved, curator):
    services.monograph_record_edit(drug=approved, by=curator)
    approved.refresh_from_db()
    assert (approved.approved_by, approved.approved_hash, approved.approved_content) == (
        None,
        "",
        None,
    )
    assert approved.status == Status.DRAFT


def _action(user, action, drug):
    client = Client()
    client.force_login(user)
    return client.post(
        "/admin/drugs/drug/", {"action": action, "_selected_action": [drug.pk]}, follow=True
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_admin_publish_refuses_after_a_citation_edit_in_the_admin(
    seeded, curator, curator2, reviewer, audit_log
):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    assert any("Approved 1" in m for m in _messages(_action(reviewer, "approve", drug)))

    citation = Citation.objects.get(key="codeine:lactmed")
    client = Client()
    client.force_login(curator2)
    form = {
        "key": citation.key,
        "kind": citation.kind,
        "title": "Edited outside the monograph",
        "url": citation.url,
        "pmid": citation.pmid,
        "doi": citation.doi,
        "publisher": citation.publisher,
        "year": citation.year or "",
        "revision_date": citation.revision_date or "",
        "accessed": citation.accessed or "",
        "cited_for": citation.cited_for,
    }
    response = client.post(f"/admin/drugs/citation/{citation.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    # The edit of a shared row is an edit of every monograph that shows it: back to draft,
    # approval cleared, the citation's editor recorded as the last editor.
    drug.refresh_from_db()
    assert drug.status == Status.DRAFT and drug.approved_by is None
    assert drug.last_edited_by == curator2
    messages = _messages(_action(reviewer, "publish", drug))
    assert any("Only an approved revision in review can be published" in m for m in messages)
    drug.refresh_from_db()
    assert "Edited outside the monograph" not in str(drug.published_data["citations"])
    assert audit_log.find("shared_content_edited", "citation=codeine:lactmed", "codeine")


def test_admin_publish_refuses_after_a_class_rename_by_direct_post(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    cls = DrugClass.objects.get(name="antitussive")
    client = Client()
    client.force_login(curator)
    response = client.post(
        f"/admin/drugs/drugclass/{cls.pk}/change/", {"name": "cough suppressant", "atc_code": ""}
    )
    assert response.status_code == 302
    messages = _messages(_action(reviewer, "publish", drug))
    assert any("Only an approved revision in review can be published" in m for m in messages)
    drug.refresh_from_db()
    assert drug.status == Status.DRAFT and drug.last_edited_by == curator
    assert "antitussive" in drug.published_data["classes"]


def test_a_reviewer_who_edits_a_citation_cannot_approve_what_it_changes(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    citation = Citation.objects.get(key="codeine:lactmed")
    citation.title = "Changed by the reviewer"
    citation.save()
    assert "codeine" in services.shared_content_edited(obj=citation, by=reviewer)
    drug.refresh_from_db()
    services.monograph_submit(drug=drug, by=reviewer)
    with pytest.raises(PermissionDenied):
        services.monograph_approve(drug=Drug.objects.get(slug="codeine"), by=reviewer)
