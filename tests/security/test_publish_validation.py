"""Publish validates (hazard log: unreviewed edits; default answer when a component fails).

A monograph whose routes the engine does not know used to pass edit, submit, approve and
publish, and then its page and the advice API answered 500. Now the model refuses it at edit
time, naming the field, and publish refuses any snapshot the engine cannot turn into a profile
and a default verdict. drugs never imports advice: the engine check is registered by advice.
"""

import ast
import html
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from advice.publish_checks import engine_check
from drugs import services
from drugs.models import Citation, Drug, Guidance, Status
from tests.factories import DrugFactory, GuidanceFactory
from tests.security.admin_forms import change_form_data, inline_prefix

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_model_validation_names_the_route_fields():
    drug = DrugFactory(name="routeomycin")
    GuidanceFactory(drug=drug, routes=["oral"])
    drug.minimal_absorption_routes = ["skin"]
    with pytest.raises(ValidationError) as excinfo:
        drug.full_clean()
    assert "minimal_absorption_routes" in excinfo.value.message_dict
    assert "'skin'" in excinfo.value.message_dict["minimal_absorption_routes"][0]
    row = drug.guidance.first()
    row.routes = ["oral", "skin"]
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert list(excinfo.value.message_dict) == ["routes"]
    row.routes = None  # an emptied admin box means "any route"
    row.full_clean()
    assert row.routes == []


def test_the_edit_service_refuses_an_unknown_route(draft, curator):
    draft.minimal_absorption_routes = ["skin"]
    with pytest.raises(ValidationError, match="minimal_absorption_routes"):
        services.monograph_record_edit(drug=draft, by=curator)


def test_the_admin_form_refuses_an_unknown_route_and_nothing_500s(seeded, curator):
    drug = Drug.objects.get(slug="codeine")
    client = Client(raise_request_exception=False)
    client.force_login(curator)
    url = f"/admin/drugs/drug/{drug.pk}/change/"
    page = client.get(url)
    data = change_form_data(page)
    data["minimal_absorption_routes"] = '["skin"]'
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["minimal_absorption_routes"]  # only the field at fault
    assert "Not a route: 'skin'" in html.unescape(response.content.decode())

    data = change_form_data(page)
    data[f"{inline_prefix(page, 'guidance')}-0-routes"] = '["skin"]'
    response = client.post(url, data)
    assert response.status_code == 200
    [guidance] = [
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "guidance"
    ]
    assert [list(e) for e in guidance.errors] == [["routes"]] + [[]] * (len(guidance.forms) - 1)
    assert "Not a route: 'skin'" in html.unescape(response.content.decode())

    drug.refresh_from_db()
    assert drug.minimal_absorption_routes == []
    assert drug.status == Status.PUBLISHED
    assert all("skin" not in g.routes for g in drug.guidance.all())
    assert client.get("/drugs/codeine/").status_code == 200
    api = client.post("/api/v1/advice", {"drug": "codeine"}, content_type="application/json")
    assert api.status_code == 200


def test_publish_refuses_a_snapshot_the_engine_cannot_use(
    seeded, curator, reviewer, audit_log, client
):
    drug = Drug.objects.get(slug="codeine")
    published = drug.published_data
    services.monograph_record_edit(drug=drug, by=curator)
    # A row written without model validation (an import, a shell): the engine check catches it.
    Guidance.objects.create(
        drug=drug,
        key="bad-route",
        verdict="compatible",
        routes=["skin"],
        guideline="Test",
        rationale="Test row.",
        citation=Citation.objects.get(key="codeine:lactmed"),
    )
    services.monograph_submit(drug=drug, by=curator)
    # The snapshot schema (drugs/snapshot.py) refuses it already when a reviewer approves it,
    # naming the field, so it can never be published.
    bad = r"guidance\[0\]\.routes\[0\].*'skin' is not one of"
    with pytest.raises(ValidationError, match=bad):
        services.monograph_approve(drug=drug, by=reviewer)
    drug.refresh_from_db()
    assert drug.status == Status.IN_REVIEW and drug.approved_by_id is None
    with pytest.raises(ValidationError, match="approved revision"):
        services.monograph_publish(drug=drug, by=reviewer)
    assert drug.published_data == published
    assert client.get("/drugs/codeine/").status_code == 200


def test_engine_check_names_the_field_of_a_bad_snapshot(seeded):
    snapshot = dict(Drug.objects.get(slug="codeine").published_data)
    engine_check(snapshot)  # the published one is fine
    snapshot["flags"] = {**snapshot["flags"], "minimal_absorption_routes": ["skin"]}
    with pytest.raises(ValidationError) as excinfo:
        engine_check(snapshot)
    assert list(excinfo.value.message_dict) == ["minimal_absorption_routes"]
    broken = {k: v for k, v in snapshot.items() if k != "name"}
    broken["flags"] = Drug.objects.get(slug="codeine").published_data["flags"]
    with pytest.raises(ValidationError, match="engine cannot read"):
        engine_check(broken)


def test_the_engine_check_is_registered_and_drugs_never_imports_advice():
    assert engine_check in services._SNAPSHOT_VALIDATORS[Drug]
    offenders = []
    for path in (ROOT / "drugs").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n == "advice" or n.startswith("advice.") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
