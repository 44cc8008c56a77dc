"""A monograph's child rows are edited only inside it (hazard log: unreviewed edits).

There is no stand-alone admin for guidance, PK values or milk studies, and an edit made only
in an inline of the monograph's change form sends it back to draft with the approval cleared.
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client

from drugs import services
from drugs.models import Drug, Guidance, Status
from tests.security.admin_forms import change_form_data, inline_prefix

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(seeded, curator, reviewer):
    drug = Drug.objects.get(slug="codeine")
    services.monograph_record_edit(drug=drug, by=curator)
    services.monograph_submit(drug=drug, by=curator)
    services.monograph_approve(drug=drug, by=reviewer)
    return drug


@pytest.mark.parametrize("model", ["guidance", "pkvalue", "milkstudy"])
def test_child_rows_have_no_stand_alone_admin(curator, model):
    client = Client()
    client.force_login(curator)
    assert client.get(f"/admin/drugs/{model}/").status_code == 404
    assert client.get(f"/admin/drugs/{model}/add/").status_code == 404


def test_direct_post_to_a_guidance_row_changes_nothing(approved, curator):
    row = approved.guidance.order_by("key").first()
    client = Client()
    client.force_login(curator)
    response = client.post(
        f"/admin/drugs/guidance/{row.pk}/change/", {"verdict": "compatible", "key": row.key}
    )
    assert response.status_code == 404
    assert Guidance.objects.get(pk=row.pk).verdict == row.verdict
    approved.refresh_from_db()
    assert approved.approved_by_id is not None and approved.status == Status.IN_REVIEW


def _edit_guidance(data, prefix):
    data[f"{prefix}-0-verdict"] = "compatible"
    data[f"{prefix}-0-interrupt_hours_min"] = ""
    data[f"{prefix}-0-interrupt_hours_max"] = ""


def _edit_pk(data, prefix):
    data[f"{prefix}-0-note"] = "edited inline only"


def _edit_name(data, prefix):
    data[f"{prefix}-0-name"] = data[f"{prefix}-0-name"] + " x"


def _edit_alternative(data, prefix):
    data[f"{prefix}-0-reason"] = "edited inline only"


@pytest.mark.parametrize(
    ("model", "edit"),
    [
        ("guidance", _edit_guidance),
        ("pkvalue", _edit_pk),
        ("drugname", _edit_name),
        ("alternative", _edit_alternative),
    ],
)
def test_inline_only_edit_resets_the_approval(approved, curator2, reviewer, model, edit):
    published = approved.published_data
    client = Client()
    client.force_login(curator2)
    url = f"/admin/drugs/drug/{approved.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    edit(data, inline_prefix(page, model))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    approved.refresh_from_db()
    assert approved.status == Status.DRAFT
    assert approved.approved_by_id is None and approved.approved_hash == ""
    assert approved.last_edited_by == curator2
    assert approved.published_data == published  # clinicians still see the reviewed one
    with pytest.raises(ValidationError, match="approved revision in review"):
        services.monograph_publish(drug=approved, by=reviewer)
    # simple-history names the curator on the edited row
    row_model = apps.get_model("drugs", model)
    latest = row_model.history.order_by("-history_date").first()
    assert latest.history_user == curator2
