"""The reviewer's tools in the admin: review buttons on the monograph's own page, a side-by-side
diff of the working copy against the published snapshot, and a navigable edit page."""

import html

import pytest
from django.test import Client

from drugs import services
from drugs.models import Citation, Drug, Status

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _press(user, drug, action):
    return _client(user).post(
        f"/admin/drugs/drug/{drug.pk}/review/", {"action": action}, follow=True
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def draft(db, curator):
    drug = Drug.objects.create(name="reviewomycin", slug="reviewomycin", summary="First text.")
    drug.names.create(name="reviewomycin", kind="generic")
    services.monograph_record_edit(drug=drug, by=curator)
    return drug


def test_change_page_has_the_review_buttons_and_collapsed_sections(curator, draft):
    response = _client(curator).get(f"/admin/drugs/drug/{draft.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="review-actions"' in page
    assert f'action="/admin/drugs/drug/{draft.pk}/review/"' in page
    assert 'name="action" value="submit"' in page
    assert 'value="approve"' not in page  # not in review yet
    assert "Compare with published" in page and "Published revisions" in page
    # Inlines and the secondary fieldsets start collapsed (<details>), the main one open.
    assert page.count("<details") >= 7 + 4


def test_buttons_run_the_workflow_with_a_second_person(curator, reviewer, draft):
    response = _press(curator, draft, "submit")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/admin/drugs/drug/{draft.pk}/change/"
    assert "Submitted reviewomycin." in _messages(response)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW

    page = _client(reviewer).get(f"/admin/drugs/drug/{draft.pk}/change/").content.decode()
    assert 'value="approve"' in page and 'value="publish"' not in page
    assert "Approved reviewomycin." in _messages(_press(reviewer, draft, "approve"))
    assert "Published reviewomycin." in _messages(_press(reviewer, draft, "publish"))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_data["summary"] == "First text."


def test_approve_button_refuses_self_approval(reviewer2, draft):
    services.monograph_record_edit(drug=draft, by=reviewer2)
    services.monograph_submit(drug=draft, by=reviewer2)
    response = _press(reviewer2, draft, "approve")
    assert response.status_code == 200
    assert any("A second person must review this revision" in m for m in _messages(response))
    draft.refresh_from_db()
    assert draft.approved_by_id is None


def test_curator_cannot_publish_with_the_button(curator, curator2, draft):
    services.monograph_submit(drug=draft, by=curator)
    response = _press(curator2, draft, "approve")
    assert any("Only reviewers can approve" in m for m in _messages(response))
    assert any("Unknown review action" in m for m in _messages(_press(curator2, draft, "x")))
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and draft.approved_by_id is None


def test_publish_button_shows_the_changed_since_approval_refusal(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    citation = Citation.objects.get(key="codeine:lactmed")
    citation.title = "Changed after approval"
    citation.save()
    messages = _messages(_press(reviewer, drug, "publish"))
    assert any("changed after it was approved (citations)" in m for m in messages)
    drug.refresh_from_db()
    assert drug.status == Status.IN_REVIEW


def test_clinician_cannot_use_the_review_view(clinician, draft):
    client = _client(clinician)
    assert client.get(f"/admin/drugs/drug/{draft.pk}/review/").status_code == 302
    response = client.post(f"/admin/drugs/drug/{draft.pk}/review/", {"action": "submit"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_diff_shows_working_copy_against_published_per_section(seeded, curator):
    drug = Drug.objects.get(slug="codeine")
    old_summary = drug.published_data["summary"]
    drug.summary = "A curator's new summary."
    drug.save()
    row = drug.guidance.order_by("key").first()
    row.rationale = "Rewritten rationale."
    row.save()
    services.monograph_record_edit(drug=drug, by=curator)

    response = _client(curator).get(f"/admin/drugs/drug/{drug.pk}/review/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Changed against the published snapshot: Fields, Guidance." in page
    for title in (
        "Fields",
        "Flags",
        "Typical adult dose",
        "Names (brands, synonyms, classes)",
        "Pharmacokinetics",
        "Milk-level studies",
        "Effects in breastfed infants",
        "Guidance",
        "Alternatives",
        "Citations",
    ):
        assert f">{title} —" in page, title
    assert old_summary in page and "A curator's new summary." in page
    assert "Rewritten rationale." in page
    assert "Pharmacokinetics — no changes" in page
    sections = {s.key: s for s in response.context["sections"]}
    [changed] = [r for r in sections["guidance"].rows if r.changed]
    assert changed.label == row.key
    assert "Rewritten rationale." in changed.working
    assert "Rewritten rationale." not in changed.published
    assert not sections["pk"].changed


def test_diff_of_a_never_published_draft(curator, draft):
    response = _client(curator).get(f"/admin/drugs/drug/{draft.pk}/review/")
    assert response.status_code == 200
    assert "never been published" in response.content.decode()
    assert _client(curator).get("/admin/drugs/drug/999999/review/").status_code == 404
