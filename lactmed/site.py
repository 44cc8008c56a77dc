"""The site's public address, for links printed on handouts and summaries and sent in CDS cards.

``LACTRX_SITE_URL`` wins when it is set. Without it the address is the one the current request
was made to (``request.build_absolute_uri``; the host is checked against ALLOWED_HOSTS), so a
site served as https://lactrx.example.org links to itself rather than to 127.0.0.1. Work done
outside a request (a Celery task rendering a PDF) is handed the address of the request that
asked for it (``using``); with neither, the development address is used.
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVELOPMENT_URL = "http://127.0.0.1:8000"
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("site_url", default=None)


def site_url() -> str:
    """The base address for absolute links, without a trailing slash."""
    configured = settings.SITE_URL
    if configured:
        return configured
    return _current.get() or DEVELOPMENT_URL


def request_site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@contextlib.contextmanager
def using(base: str | None) -> Iterator[None]:
    """Links built inside the block use `base` (when LACTRX_SITE_URL is not set)."""
    token = _current.set(base.rstrip("/") if base else None)
    try:
        yield
    finally:
        _current.reset(token)


class SiteURLMiddleware:
    """Make the request's own address the default site address while it is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SITE_URL:
            return self.get_response(request)
        with using(request_site_url(request)):
            return self.get_response(request)
