"""Project-level views: health probes and error pages."""

import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lactmed.celery import app as celery_app


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No I/O."""
    return JsonResponse({"status": "ok"})


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return False, exc.__class__.__name__
    return True, connection.vendor


def _check_cache() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "local-memory"
    try:
        from django_redis import get_redis_connection

        get_redis_connection("default").ping()
    except Exception as exc:  # any Redis client error means "down"
        return False, exc.__class__.__name__
    return True, "redis"


def _check_broker() -> tuple[bool, str]:
    if celery_app.conf.task_always_eager:
        return True, "eager (no broker)"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:  # kombu raises several transport-specific errors
        return False, exc.__class__.__name__
    return True, "redis"


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: database, cache and broker. 503 when the database is unreachable."""
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        ok, detail = check()
        checks[name] = {"status": "up" if ok else "down", "detail": detail}
    database_up = checks["database"]["status"] == "up"
    degraded = any(c["status"] == "down" for c in checks.values())
    body = {
        "status": "unavailable" if not database_up else ("degraded" if degraded else "ok"),
        "checks": checks,
    }
    return JsonResponse(body, status=200 if database_up else 503)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/cds-services")) or (
        "application/json" in request.headers.get("Accept", "")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 handler; a database outage becomes a clear 503 "verdict unavailable"."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError):
        message = (
            "The verdict is unavailable right now because the drug database cannot be "
            "reached. No advice has been given. Please try again shortly."
        )
        if _wants_json(request):
            return JsonResponse({"detail": message, "code": "verdict_unavailable"}, status=503)
        try:
            return render(request, "503.html", {"message": message}, status=503)
        except Exception:  # never leak a traceback when even the template fails
            return HttpResponse(message, status=503, content_type="text/plain")
    if _wants_json(request):
        return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponse("Server error.", status=500, content_type="text/plain")
