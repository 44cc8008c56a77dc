"""Security audit trail: logins, failed logins, lockouts, logouts, permission denials and
monograph deletions.

Everything goes to the ``lactmed.audit`` logger (the same one ``drugs.services`` uses for
submit/approve/publish/retire), one line per event with who (user or attempted username), from
where (client IP), what (event and path) and when (the log record's timestamp). Passwords are
never logged: Django's ``user_login_failed`` already cleanses the credentials and only the
username is read here.

Receivers are connected by ``lactmed.apps.LactmedConfig.ready()``.
"""

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from lactmed import clientip

audit = logging.getLogger("lactmed.audit")

_MAX_FIELD = 150  # usernames typed by attackers can be anything: bound what is logged


def _clean(value: Any) -> str:
    """One bounded token: no newlines or spaces (no log injection), '-' when empty."""
    text = str(value or "").strip()[:_MAX_FIELD]
    text = "".join(ch if ch.isprintable() and not ch.isspace() else "_" for ch in text)
    return text or "-"


def client_ip(request: HttpRequest | None) -> str:
    """The client's address as the throttles and the lockout see it (lactmed.clientip:
    REMOTE_ADDR, or X-Forwarded-For as written by a proxy LACTRX_TRUSTED_PROXIES trusts)."""
    if request is None:
        return "-"
    return _clean(clientip.client_ip(request))


def _path(request: HttpRequest | None) -> str:
    return _clean(getattr(request, "path", "")) if request is not None else "-"


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.info(
        "login_success user=%s staff=%s ip=%s path=%s",
        _clean(user.get_username()),
        bool(getattr(user, "is_staff", False)),
        client_ip(request),
        _path(request),
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit.warning(
        "login_failed username=%s ip=%s path=%s",
        _clean(credentials.get("username")),
        client_ip(request),
        _path(request),
    )


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    name = user.get_username() if user is not None else ""
    audit.info("logout user=%s ip=%s", _clean(name), client_ip(request))


def on_locked_out(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    audit.warning(
        "login_locked_out username=%s ip=%s path=%s",
        _clean(username),
        _clean(ip_address) if ip_address else client_ip(request),
        _path(request),
    )


def log_permission_denied(request: HttpRequest, status: int) -> None:
    """An authenticated or anonymous request refused with 403 (see lactmed.middleware)."""
    user = getattr(request, "user", None)
    who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    audit.warning(
        "permission_denied user=%s ip=%s method=%s path=%s status=%s",
        _clean(who),
        client_ip(request),
        _clean(request.method),
        _path(request),
        status,
    )


def _request_user() -> str:
    """Who made the current request (simple-history's middleware keeps the request)."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "-"
    return _clean(user.get_username())


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="lactmed.audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="lactmed.audit.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="lactmed.audit.logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="lactmed.audit.locked_out")
