"""Project middleware: request-size limit and the audit of refused requests."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from lactmed import audit


class RequestSizeLimitMiddleware:
    """Refuse bodies declared larger than LACTRX_MAX_REQUEST_BYTES before any view reads them.

    Pages and forms get 400 (the issue: oversize input is a bad request). The JSON API and the
    CDS service enforce the same limit themselves with a documented 413 (advice.api.views
    BoundedJSONParser), so their paths are left to them. Also audits 403 responses.
    """

    API_PREFIXES = ("/api/", "/cds-services")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.LACTRX_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = -1
        if (declared > limit or declared < 0) and not request.path.startswith(self.API_PREFIXES):
            message = (
                f"The request body is too large (limit {limit} bytes)."
                if declared > limit
                else "Invalid Content-Length."
            )
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        response = self.get_response(request)
        if response.status_code == 403:
            audit.log_permission_denied(request, response.status_code)
        return response
