"""Security headers and cookies on real responses, and `check --deploy` with production settings.

In-process responses use the test settings (DEBUG off, so HSTS and secure cookies are on; only
the SSL redirect is off, see pyproject.toml). How the environment maps to the settings is checked
in subprocesses, which import the settings module afresh.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import published_drug

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple-42"  # the personas' password (tests/conftest.py)
SLUG = "headerin"  # a monograph the test publishes (tests/factories.py)
PAGES = [
    "/",
    "/search/suggest?q=hea",
    f"/drugs/{SLUG}/",
    f"/drugs/{SLUG}/handout",
    "/drugs/no-such-drug/",
    f"/api/v1/drugs/{SLUG}/",
    "/cds-services",
    "/admin/login/",
    "/healthz",
]


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name] = value
    return directives


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_on_real_responses(url):
    published_drug(name=SLUG)
    response = Client().get(url, secure=True)
    assert response.status_code in (200, 404), url
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = _csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["script-src"].startswith("'self'")
    assert csp["style-src"].startswith("'self'")
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"


def test_no_hsts_over_plain_http():
    """Browsers ignore HSTS over http; Django only sends it on secure requests."""
    assert not Client().get("/", secure=False).has_header("Strict-Transport-Security")


def test_http_redirects_to_https_except_probes():
    published_drug(name=SLUG)
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()  # a new client loads the middleware with the overridden setting
        response = client.get(f"/drugs/{SLUG}/")
        assert response.status_code == 301
        assert response["Location"] == f"https://testserver/drugs/{SLUG}/"
        assert client.get("/healthz").status_code == 200  # load balancers probe over http
        assert client.get(f"/drugs/{SLUG}/", secure=True).status_code == 200


def test_session_and_csrf_cookies_are_secure_httponly_samesite(curator):
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        client = Client()
        page = client.get("/admin/login/", secure=True)
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] is True
        assert csrf["httponly"] is True
        assert csrf["samesite"] == "Lax"
        response = client.post(
            "/admin/login/",
            {"username": curator.username, "password": PASSWORD, "next": "/admin/"},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] is True
        assert session["httponly"] is True
        assert session["samesite"] == "Lax"
        assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE


def test_login_form_enforces_csrf(curator):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": curator.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def _settings_in_subprocess(env: dict[str, str], names: list[str]) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LACTRX_"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "lactmed.settings", **env})
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


SECURE = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
SECURE += ["SECURE_HSTS_SECONDS", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "DEBUG"]
PROD_KEY = "prod-like-key-for-a-test-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"


def test_production_defaults_turn_every_protection_on():
    values = _settings_in_subprocess({"DJANGO_SECRET_KEY": PROD_KEY}, SECURE)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "DEBUG": False,
    }


def test_secure_cookies_follow_django_secure_cookies():
    on = _settings_in_subprocess({"DJANGO_DEBUG": "1", "DJANGO_SECURE_COOKIES": "true"}, SECURE)
    assert on["SESSION_COOKIE_SECURE"] is True
    assert on["CSRF_COOKIE_SECURE"] is True
    off = _settings_in_subprocess({"DJANGO_DEBUG": "1"}, SECURE)  # local development over http
    assert off["SESSION_COOKIE_SECURE"] is False


def test_a_secret_key_is_required_in_production():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LACTRX_"))}
    clean["DJANGO_SETTINGS_MODULE"] = "lactmed.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LACTRX_"))}
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "lactmed.settings",
            "DJANGO_SECRET_KEY": PROD_KEY,
            "DJANGO_ALLOWED_HOSTS": "lactrx.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
