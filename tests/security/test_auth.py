"""Admin login hardening: brute-force lockout (django-axes, username + IP, with a cool-off),
staff session timeout, password validators, and the audit of logins and failures."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery-staple-42"  # the personas' password (tests/conftest.py)
IP_A = "203.0.113.10"
IP_B = "198.51.100.20"


def _login(client: Client, username: str, password: str, ip: str = IP_A):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def _fail_until_locked(client: Client, username: str, ip: str = IP_A) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, username, f"wrong-password-{attempt}", ip)
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert response.status_code == 200, "a failed login re-shows the form"
            assert b"Please enter the correct username and password" in response.content


def test_lockout_settings_are_username_and_ip_with_a_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME  # not permanent
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


def test_correct_password_logs_in(admin_user, audit_log):
    client = Client()
    response = _login(client, admin_user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    [record] = audit_log.find("login_success", f"user={admin_user.username}")
    assert f"ip={IP_A}" in record.getMessage()


def test_lockout_after_n_failures_for_username_and_ip(admin_user, curator, audit_log):
    client = Client()
    _fail_until_locked(client, admin_user.username)
    # Locked: even the right password is refused for this username from this address.
    response = _login(client, admin_user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    # Keyed on username + IP: the same user from another address, and another user from the
    # same address, can still sign in (an attacker cannot lock everybody out).
    assert _login(Client(), admin_user.username, PASSWORD, ip=IP_B).status_code == 302
    assert _login(Client(), curator.username, PASSWORD, ip=IP_A).status_code == 302

    failures = audit_log.find("login_failed", f"username={admin_user.username}", f"ip={IP_A}")
    assert len(failures) >= settings.AXES_FAILURE_LIMIT
    assert audit_log.find("login_locked_out", f"username={admin_user.username}")
    assert not any("wrong-password" in m for m in audit_log.messages), "passwords never logged"


def test_lockout_expires_after_the_cool_off(admin_user):
    client = Client()
    _fail_until_locked(client, admin_user.username)
    assert _login(client, admin_user.username, PASSWORD).status_code == 429
    # Age the recorded attempts past the cool-off instead of sleeping 15 minutes.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=5)
    assert AccessAttempt.objects.filter(username=admin_user.username).exists()
    for attempt in AccessAttempt.objects.filter(username=admin_user.username):
        attempt.attempt_time = past
        attempt.save(update_fields=["attempt_time"])
    response = _login(client, admin_user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_session_times_out(curator):
    assert settings.SESSION_COOKIE_AGE == 2 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # idle timeout, renewed on activity
    client = Client()
    response = _login(client, curator.username, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 2 * 3600
    assert client.get("/admin/drugs/drug/").status_code == 200
    # Two hours of inactivity later the session is gone: back to the login page.
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    response = client.get("/admin/drugs/drug/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "password",
    [
        "short-1A",  # under 12 characters
        "password1234",  # a common password
        "482915730264",  # entirely numeric
        "dr-clinician-2026",  # too similar to the username
    ],
)
def test_password_validators_reject_weak_passwords(clinician, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=clinician)


def test_password_validators_accept_a_strong_password(clinician):
    validate_password("mauve-tractor-lantern-93", user=clinician)


def test_admin_user_form_rejects_a_weak_password(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "new-curator",
            "password1": "password1234",
            "password2": "password1234",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200  # the form again, with errors
    assert b"This password is too common" in response.content
    assert not get_user_model().objects.filter(username="new-curator").exists()
