"""CDS Hooks feedback is stored per card, with the drug, and counted in the admin."""

import uuid

import pytest
from fhir_requests import hook_request, medication_request

from advice.admin import feedback_counts
from advice.cds.models import CdsFeedback

pytestmark = pytest.mark.django_db
SELECT = "/cds-services/lactation-medication-check"


def codeine_card(cds):
    order = medication_request("mr-codeine", text="Codeine 30 mg tablet", dose=(30, "mg"))
    response = cds.post(SELECT, hook_request([order]), format="json")
    (card,) = response.json()["cards"]
    return card


def send(cds, *items):
    return cds.post(f"{SELECT}/feedback", {"feedback": list(items)}, format="json")


def test_overridden_card_is_stored_with_reason_and_drug(seeded, cds):
    card = codeine_card(cds)
    response = send(
        cds,
        {
            "card": card["uuid"],
            "outcome": "overridden",
            "overrideReason": {
                "reason": {
                    "code": "benefit-outweighs-risk",
                    "system": "https://lactrx.example/override-reasons",
                    "display": "Benefit outweighs the risk",
                },
                "userComment": "Short course, infant monitored",
            },
            "outcomeTimestamp": "2026-11-28T15:00:00Z",
        },
    )
    assert response.status_code == 200
    (row,) = CdsFeedback.objects.all()
    assert str(row.card) == card["uuid"]
    assert row.service == "lactation-medication-check"
    assert (row.outcome, row.override_code) == ("overridden", "benefit-outweighs-risk")
    assert row.override_display == "Benefit outweighs the risk"
    assert row.user_comment == "Short course, infant monitored"
    assert row.drug_slug == "codeine"
    assert row.outcome_at.isoformat() == "2026-11-28T15:00:00+00:00"


def test_accepted_suggestion_and_unknown_card(seeded, cds):
    card = codeine_card(cds)
    stranger = str(uuid.uuid4())
    response = send(
        cds,
        {"card": card["uuid"], "outcome": "accepted", "acceptedSuggestions": [{"id": "s-1"}]},
        {"card": stranger, "outcome": "overridden"},
    )
    assert response.status_code == 200
    accepted = CdsFeedback.objects.get(outcome="accepted")
    assert accepted.accepted_suggestions == ["s-1"]
    assert CdsFeedback.objects.get(card=stranger).drug_slug == ""


@pytest.mark.parametrize(
    "item",
    [
        {"card": "", "outcome": "accepted"},
        {"card": "x" * 129, "outcome": "accepted"},
        {"card": str(uuid.uuid4()), "outcome": "maybe"},
        "accepted",
    ],
)
def test_invalid_feedback_is_400_and_nothing_stored(seeded, cds, item):
    response = send(cds, {"card": str(uuid.uuid4()), "outcome": "accepted"}, item)
    assert response.status_code == 400
    assert not CdsFeedback.objects.exists()


def test_admin_counts_per_drug_and_outcome(seeded, cds, client):
    card = codeine_card(cds)
    send(
        cds,
        {"card": card["uuid"], "outcome": "overridden"},
        {"card": card["uuid"], "outcome": "overridden"},
        {"card": card["uuid"], "outcome": "accepted"},
        {"card": str(uuid.uuid4()), "outcome": "accepted"},
    )
    assert feedback_counts() == [
        {"drug_slug": "codeine", "accepted": 1, "overridden": 2, "total": 3},
        {"drug_slug": "(unknown)", "accepted": 1, "overridden": 0, "total": 1},
    ]
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("cur", password="x-long-pass-42", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    client.force_login(user)
    page = client.get("/admin/advice/cdsfeedback/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="feedback-counts"' in html
    assert "<td>codeine</td><td>2</td><td>1</td><td>3</td>" in html
    assert client.get("/admin/advice/cdsfeedback/add/").status_code == 403


def test_non_curator_staff_cannot_see_feedback(seeded, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("staff", password="x-long-pass-42", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/advice/cdsfeedback/").status_code == 403
