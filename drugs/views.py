"""Search pages: the home search box, HTMX suggestions and the no-JavaScript results page.

Verdict colours in the suggestions come from the `advice_tags` template library, so this module
does not import `advice` (data flows drugs -> advice only).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from drugs.selectors import EXACT, LOOKALIKE, drug_search

SUGGEST_MIN_CHARS = 3  # the issue: suggestions from the third letter
SUGGEST_LIMIT = 8
RESULTS_LIMIT = 25
MAX_QUERY_CHARS = 100


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "drugs/home.html", {"q": ""})


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """HTML fragment for the suggestion list (HTMX swaps it under the search box)."""
    q = _query(request)
    hits = drug_search(q=q, limit=SUGGEST_LIMIT) if len(q) >= SUGGEST_MIN_CHARS else []
    response = render(request, "drugs/_suggestions.html", {"q": q, "hits": hits})
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Results page for the plain form submit (works without JavaScript)."""
    q = _query(request)
    if not q:
        return render(request, "drugs/home.html", {"q": "", "empty": True})
    hits = drug_search(q=q, limit=RESULTS_LIMIT)
    real = [h for h in hits if h.match != LOOKALIKE and h.slug]
    exact = {h.slug for h in real if h.match == EXACT and not h.combination}
    lookalikes = [h for h in hits if h.match == LOOKALIKE]
    # One exact, unambiguous name (e.g. "Zoloft") goes straight to the verdict.
    if len(exact) == 1 and not lookalikes and len(real) == 1:
        return redirect("advice:drug", slug=exact.pop())
    return render(request, "drugs/results.html", {"q": q, "hits": hits})
