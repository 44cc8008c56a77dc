"""The language switch: a plain link on every page (no form, no script), remembered in
Django's language cookie, which LocaleMiddleware reads on every later request.

A link rather than Django's ``set_language`` POST form: the drug page is cached per revision
and language for every user (advice.fragments), and a form would put a CSRF token in it.
Switching only sets the reader's own language preference, so a GET is harmless.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@require_GET
def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    """Remember ``code`` and go back to ``next`` (a path on this site), else the home page."""
    target = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("search:home")
    response = HttpResponseRedirect(target)
    if code in LANGUAGE_CODES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    response["Cache-Control"] = "no-store"
    return response
