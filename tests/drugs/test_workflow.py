"""Second-person review, visibility and history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from drugs import services
from drugs.models import Citation, Drug, PKValue, Status
from drugs.selectors import drug_search, published_drugs


@pytest.fixture
def citation(db):
    return Citation.objects.create(
        key="test:label", kind="label", title="Test label", url="https://example.org/label"
    )


@pytest.fixture
def draft(db, curator):
    drug = Drug.objects.create(name="testamycin", slug="testamycin", summary="A test drug.")
    drug.names.create(name="testamycin", kind="generic")
    drug.names.create(name="Testex", kind="brand")
    services.monograph_record_edit(drug=drug, by=curator)
    return drug


def _publish(drug, curator, reviewer):
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    return services.monograph_publish(drug=drug, by=reviewer)


def test_reviewer_cannot_approve_own_edit(draft, reviewer2):
    services.monograph_record_edit(drug=draft, by=reviewer2)  # reviewer2 also curates
    services.monograph_submit(drug=draft, by=reviewer2)
    with pytest.raises(PermissionDenied, match="second person"):
        services.monograph_approve(drug=draft, by=reviewer2)
    draft.refresh_from_db()
    assert draft.approved_by is None
    assert draft.published_data is None


def test_database_refuses_self_approval(draft, curator):
    draft.approved_by = curator  # bypassing the service still cannot self-approve
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


def test_curator_cannot_approve(draft, curator, curator2):
    services.monograph_submit(drug=draft, by=curator)
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        services.monograph_approve(drug=draft, by=curator2)


def test_publish_requires_approval(draft, curator, reviewer):
    services.monograph_submit(drug=draft, by=curator)
    with pytest.raises(ValidationError):
        services.monograph_publish(drug=draft, by=reviewer)


def test_unpublished_monographs_are_invisible(draft):
    assert not published_drugs().filter(slug="testamycin").exists()
    assert [h for h in drug_search(q="testex") if h.slug == "testamycin"] == []


def test_published_then_edited_keeps_serving_the_reviewed_revision(
    draft, curator, reviewer, citation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish(draft, curator, reviewer)
    assert published_drugs().filter(slug="testamycin").exists()
    assert draft.published_revision == 1
    assert any(h.slug == "testamycin" for h in drug_search(q="testex"))

    draft.summary = "An edit that has not been reviewed yet."
    draft.save()
    services.monograph_record_edit(drug=draft, by=curator)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.published_data["summary"] == "A test drug."  # clinicians see the reviewed one
    assert published_drugs().filter(slug="testamycin").exists()


def test_retire_hides_but_keeps_record_and_history(draft, curator, reviewer):
    _publish(draft, curator, reviewer)
    services.monograph_retire(drug=draft, by=reviewer, reason="withdrawn from market")
    assert not published_drugs().filter(slug="testamycin").exists()
    draft.refresh_from_db()
    assert draft.status == Status.RETIRED
    assert draft.history.filter(status=Status.RETIRED).exists()


def test_every_edit_is_recorded_with_who(draft, curator, reviewer, citation):
    value = PKValue.objects.create(
        drug=draft, parameter="half_life_h", value=4, citation=citation, verified=True
    )
    value.value = 5
    value.save()
    assert value.history.count() == 2
    assert list(value.history.values_list("value", flat=True)) == [5, 4]
    _publish(draft, curator, reviewer)
    record = draft.history.first()
    assert record.status == Status.PUBLISHED
    assert record.reviewed_by == reviewer
    assert draft.history.count() >= 4  # record_edit, submit, approve, publish


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("oral_bioavailability_pct", 150),
        ("oral_bioavailability_pct", -1),
        ("protein_binding_pct", 101),
        ("half_life_h", -2),
        ("mp_ratio", 0),
    ],
)
def test_database_rejects_impossible_pk_values(draft, citation, parameter, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        PKValue.objects.create(drug=draft, parameter=parameter, value=value, citation=citation)


def test_stale_flagging(draft, curator, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    _publish(draft, curator, reviewer)
    assert services.monograph_flag_stale(now=timezone.now() + timedelta(days=800)) >= 1
    draft.refresh_from_db()
    assert draft.stale is True
