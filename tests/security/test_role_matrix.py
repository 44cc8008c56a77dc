"""Role matrix: every URL pattern x (anonymous, clinician, curator, reviewer, admin) x method
answers exactly the allowed status.

The URL list is not hand-written: the test walks the project's URL resolver and fills each
pattern's parameters with sample values (a published slug, a real object id per admin model,
every admin app label). A pattern the matrix does not know fails the test, so a new URL cannot
ship without a decision about who may use it.

Rules (see docs/clinical-safety/hazard-log.md, "unreviewed edits"):
- Public pages, the read API and the CDS service answer the same to everyone: 200 for a
  published slug, 404 for an unknown one; pages accept GET only (405 otherwise).
- Curated content is never writable through the public API: POST/PUT/PATCH/DELETE on the drug
  endpoints answer 405 for every role, staff included.
- The admin redirects anonymous users and signed-in non-staff (clinicians) to the login page;
  curators and reviewers get the curation models (200) but not users, groups, tokens or the
  lockout records (403); the site admin gets everything its ModelAdmins allow.

The test client does not enforce CSRF here (it is asserted separately in test_headers.py), so
the statuses show each view's own method and permission checks.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from advice.cds.models import CdsFeedback
from drugs.models import Drug, ImportJob

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "clinician", "curator", "reviewer", "admin")
SLUG = "sertraline"
UNKNOWN_SLUG = "no-such-drug-xyz"
CDS_SERVICE = "lactation-medication-check"
WRITE_METHODS = ("post", "put", "patch", "delete")
LOGIN_URL = "/admin/login/"

# Admin apps whose models curators and reviewers may use; everything else is admin-only.
CURATION_APPS = {"drugs", "advice"}  # advice: CDS card feedback, read-only
# Admin views their ModelAdmin switches off for everyone (add/change of machine-written rows).
ADMIN_ONLY_READ = {
    ("drugs", "importjob", "add"),
    ("advice", "cdsfeedback", "add"),  # feedback comes from EHRs only; nobody edits it
    ("advice", "cdsfeedback", "delete"),
    ("axes", "accessattempt", "add"),
    ("axes", "accesslog", "add"),
    ("axes", "accessfailurelog", "add"),
}


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


@dataclass(frozen=True)
class Target:
    pattern: str  # the resolver's pattern string
    url: str
    kind: str  # public | api-read | api-write | cds | admin-* ...
    detail: tuple = ()


def _advice_body():
    return {"drug": SLUG, "dose_mg": 50, "infant_age_days": 90}


def _cds_body():
    return {
        "hook": "order-select",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {
            "userId": "Practitioner/123",
            "patientId": "pat-1",
            "selections": ["MedicationRequest/mr-1"],
            "draftOrders": {
                "resourceType": "Bundle",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "MedicationRequest",
                            "id": "mr-1",
                            "status": "draft",
                            "intent": "order",
                            "medicationCodeableConcept": {"text": "sertraline 50 mg tablet"},
                            "subject": {"reference": "Patient/pat-1"},
                        }
                    }
                ],
            },
        },
    }


def _admin_objects(admin_user):
    """One real object id per registered admin model (created when the seed has none)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from rest_framework.authtoken.models import Token

    common = {"user_agent": "pytest", "ip_address": "10.0.0.9", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(
        get_data="", post_data="", failures_since_start=1, http_accept="*/*", **common
    )
    AccessLog.objects.create(http_accept="*/*", **common)
    AccessFailureLog.objects.create(http_accept="*/*", **common)
    Token.objects.get_or_create(user=admin_user)
    ImportJob.objects.create(kind="lactmed", source="bench.xml")
    CdsFeedback.objects.create(
        service="lactation-medication-check",
        card="3f1c9b1e-0000-4000-8000-000000000002",
        outcome="overridden",
        drug_slug=SLUG,
    )
    ids = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} to fill the admin URLs with"
        if model is Drug:
            obj = Drug.objects.get(slug=SLUG)
        ids[(model._meta.app_label, model._meta.model_name)] = obj.pk
    return ids


def admin_model(app: str, model: str):
    for registered in admin.site._registry:
        if (registered._meta.app_label, registered._meta.model_name) == (app, model):
            return registered
    raise LookupError(f"{app}.{model} is not registered in the admin")


def targets(admin_user):
    """Every URL pattern of the project, as concrete URLs with what kind of view each is."""
    ids = _admin_objects(admin_user)
    drug = Drug.objects.get(slug=SLUG)
    drug_ct = ContentType.objects.get_for_model(Drug).pk
    out = []
    unknown = []
    for pattern, _p in walk(get_resolver().url_patterns):
        m_model = re.match(r"^admin/(\w+)/(\w+)/(.*)$", pattern)
        if pattern == "healthz" or pattern == "readyz":
            out.append(Target(pattern, f"/{pattern}", "probe"))
        elif pattern in ("", "search", "search/suggest", "regimen/", "integrators/cds-hooks"):
            query = {"search": "?q=ser", "search/suggest": "?q=ser"}.get(pattern, "")
            out.append(Target(pattern, f"/{pattern}{query}", "page"))
        elif pattern == "language/<str:code>":
            # The language switch (advice/web/i18n.py): a cookie and a redirect, for everyone.
            out.append(Target(pattern, "/language/es?next=/drugs/sertraline/", "language"))
        elif pattern.startswith("drugs/<slug:slug>/"):
            suffix = pattern.removeprefix("drugs/<slug:slug>/")
            out.append(Target(pattern, f"/drugs/{SLUG}/{suffix}", "page"))
            out.append(Target(pattern, f"/drugs/{UNKNOWN_SLUG}/{suffix}", "page-unknown"))
        elif pattern.startswith("combinations/<str:slug>/"):
            suffix = pattern.removeprefix("combinations/<str:slug>/")
            out.append(Target(pattern, f"/combinations/oxycodone+acetaminophen/{suffix}", "page"))
            out.append(Target(pattern, f"/combinations/no-such+drug/{suffix}", "page-unknown"))
        elif pattern == "api/v1/drugs/":
            out.append(Target(pattern, "/api/v1/drugs/", "api-read"))
        elif pattern == "api/v1/drugs/<slug:slug>/":
            out.append(Target(pattern, f"/api/v1/drugs/{SLUG}/", "api-read"))
            out.append(Target(pattern, f"/api/v1/drugs/{UNKNOWN_SLUG}/", "api-read-unknown"))
        elif pattern == "api/v1/advice":
            out.append(Target(pattern, "/api/v1/advice", "api-advice", (_advice_body(),)))
        elif pattern == "api/v1/advice/regimen":
            body = {"items": [_advice_body(), {"drug": "ibuprofen", "dose_mg": 400}]}
            out.append(Target(pattern, "/api/v1/advice/regimen", "api-advice", (body,)))
        elif pattern in ("api/schema/", "api/docs/"):
            out.append(Target(pattern, f"/{pattern}", "api-doc"))
        elif pattern == "cds-services":
            out.append(Target(pattern, "/cds-services", "cds-discovery"))
        elif pattern == "cds-services/<str:service_id>":
            out.append(Target(pattern, f"/cds-services/{CDS_SERVICE}", "cds", (_cds_body(),)))
            out.append(Target(pattern, "/cds-services/no-such-service", "cds-unknown"))
        elif pattern == "cds-services/<str:service_id>/feedback":
            body = {
                "feedback": [
                    {"card": "3f1c9b1e-0000-4000-8000-000000000001", "outcome": "accepted"}
                ]
            }
            url = f"/cds-services/{CDS_SERVICE}/feedback"
            out.append(Target(pattern, url, "cds", (body,)))
            out.append(Target(pattern, "/cds-services/no-such-service/feedback", "cds-unknown"))
        elif pattern == "admin/":
            out.append(Target(pattern, "/admin/", "admin-page"))
        elif pattern == "admin/login/":
            out.append(Target(pattern, LOGIN_URL, "admin-login"))
        elif pattern == "admin/logout/":
            out.append(Target(pattern, "/admin/logout/", "admin-logout"))
        elif pattern in ("admin/password_change/", "admin/password_change/done/"):
            out.append(Target(pattern, f"/{pattern}", "admin-page"))
        elif pattern == "admin/jsi18n/":
            out.append(Target(pattern, "/admin/jsi18n/", "admin-page"))
        elif pattern == "admin/autocomplete/":
            # Autocomplete for the Drug form's citation field: curation only.
            url = (
                "/admin/autocomplete/?app_label=drugs&model_name=drug"
                "&field_name=typical_dose_citation&term=a"
            )
            out.append(Target(pattern, url, "admin-model", ("drugs", "drug", "autocomplete")))
        elif pattern == "admin/r/<path:content_type_id>/<path:object_id>/":
            out.append(Target(pattern, f"/admin/r/{drug_ct}/{drug.pk}/", "admin-view-on-site"))
        elif pattern.startswith("admin/^(?P<app_label>"):
            labels = re.search(r"\(\?P<app_label>([^)]*)\)", pattern).group(1).split("|")
            for label in labels:
                out.append(Target(pattern, f"/admin/{label}/", "admin-app", (label,)))
        elif pattern == "admin/(?P<url>.*)$":
            out.append(Target(pattern, "/admin/no-such-admin-page/", "admin-catch-all"))
        elif m_model:
            app, model, rest = m_model.groups()
            pk = ids.get((app, model))
            if rest == "":
                view = "changelist"
            elif rest == "add/":
                view = "add"
            elif rest == "^([^/]+)/history/([^/]+)/$":
                model_class = admin_model(app, model)
                record = model_class.history.filter(id=pk).order_by("history_id").first()
                assert record is not None, f"{app}.{model} {pk} has no history"
                url = f"/admin/{app}/{model}/{pk}/history/{record.history_id}/"
                out.append(Target(pattern, url, "admin-model", (app, model, "history-form")))
                continue
            elif rest == "<id>/password/":
                view = "password"
            elif rest.startswith("<path:object_id>/"):
                view = rest.removeprefix("<path:object_id>/").rstrip("/") or "object"
            else:
                unknown.append(pattern)
                continue
            url = f"/admin/{app}/{model}/"
            if view == "add":
                url += "add/"
            elif view == "password":
                url += f"{pk}/password/"
            elif view == "object":
                url += f"{pk}/"
            elif view != "changelist":
                url += f"{pk}/{view}/"
            out.append(Target(pattern, url, "admin-model", (app, model, view)))
        else:
            unknown.append(pattern)
    return out, unknown


def _expected_admin(role: str, target: Target, method: str) -> int:
    """Status for an admin URL; GET only (admin writes are covered by the action tests)."""
    if target.kind == "admin-login":
        return 200 if role in ("anonymous", "clinician") else 302
    if target.kind == "admin-logout":
        # Logging out takes a POST (Django 5); a GET is refused for staff, redirected for others.
        return 302 if role in ("anonymous", "clinician") else 405
    if role in ("anonymous", "clinician"):
        return 302  # to the login page, whatever the URL (nothing about the admin leaks)
    if target.kind == "admin-catch-all":
        return 404
    if target.kind == "admin-view-on-site":
        return 404  # monographs have no get_absolute_url: no "view on site" redirect
    if target.kind == "admin-page":
        return 200
    if target.kind == "admin-app":
        (label,) = target.detail
        return 200 if (label in CURATION_APPS or role == "admin") else 404
    app, model, view = target.detail
    if (app, model, view) in ADMIN_ONLY_READ:
        return 403
    if view == "object":
        return 302  # the bare object URL redirects to its change page
    if (
        (app, view) == ("drugs", "delete")
        and model in ("drug", "combinationproduct")
        and role != "admin"
    ):
        return 403  # a published monograph is retired (reviewed), not deleted
    if app in CURATION_APPS or role == "admin":
        return 200
    return 403


def expected(role: str, target: Target, method: str) -> int:
    kind = target.kind
    if kind.startswith("admin"):
        return _expected_admin(role, target, method)
    if kind == "probe":
        return 200 if method == "get" else 405  # read-only probes: GET/HEAD only
    if kind == "page":
        return 200 if method == "get" else 405
    if kind == "language":
        return 302 if method == "get" else 405
    if kind == "page-unknown":
        return 404 if method == "get" else 405
    if kind in ("api-read", "api-doc", "cds-discovery"):
        return 200 if method == "get" else 405
    if kind == "api-read-unknown":
        return 404 if method == "get" else 405
    if kind in ("api-advice", "cds"):
        return 200 if method == "post" else 405
    if kind == "cds-unknown":
        return 404 if method == "post" else 405  # the method is checked first
    raise AssertionError(f"no rule for {kind}")


def _methods(target: Target) -> tuple[str, ...]:
    if target.kind.startswith("admin"):
        return ("get",)
    return ("get", *WRITE_METHODS)


def _client_for(role, personas) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(personas[role])
    return client


def _call(client: Client, method: str, target: Target):
    if method == "get":
        return client.get(target.url)
    body = target.detail[0] if target.detail and isinstance(target.detail[0], dict) else {}
    return getattr(client, method)(target.url, data=body, content_type="application/json")


@pytest.fixture
def personas(clinician, curator, reviewer, admin_user):
    from django.contrib.auth.models import Group

    from drugs import services

    # A pure reviewer (not also a curator) for the matrix: the conftest's reviewer is one.
    assert not reviewer.groups.filter(name=services.CURATOR_GROUP).exists()
    Group.objects.get_or_create(name=services.REVIEWER_GROUP)
    return {"clinician": clinician, "curator": curator, "reviewer": reviewer, "admin": admin_user}


def test_every_url_pattern_is_in_the_matrix(seeded, admin_user):
    found, unknown = targets(admin_user)
    assert not unknown, f"URL patterns without a role-matrix rule: {unknown}"
    patterns = {p for p, _ in walk(get_resolver().url_patterns)}
    assert patterns == {t.pattern for t in found}
    assert len(found) > 60


@pytest.fixture
def eager_celery():
    """Handout PDFs render in the request (no worker in the test run, even with REDIS_URL):
    the matrix is about who may fetch the PDF, not about the queue."""
    from lactmed.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(seeded, role, personas, admin_user, settings, eager_celery):
    # No throttling noise: the matrix makes more anonymous calls than a real user would.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    found, unknown = targets(admin_user)
    assert not unknown
    client = _client_for(role, personas)
    mismatches = []
    checked = 0
    for target in found:
        for method in _methods(target):
            want = expected(role, target, method)
            response = _call(client, method, target)
            checked += 1
            if response.status_code != want:
                mismatches.append(
                    f"{role} {method.upper()} {target.url} -> {response.status_code}, want {want}"
                )
            elif (
                want == 302
                and role in ("anonymous", "clinician")
                and target.kind.startswith("admin")
                and target.kind not in ("admin-logout", "admin-login")
            ):
                assert response["Location"].startswith(LOGIN_URL), target.url
            assert b"Traceback" not in response.content
    assert checked > 100
    assert not mismatches, "\n".join(mismatches)
