"""Search pages: the home search box, HTMX suggestions and the no-JavaScript results page.

Every name goes through the one resolver (``drugs.selectors.product_resolve``) and every chip
through ``advice.services.product_chip``, so a suggestion, a result and the page it links to
always show the same product and the same verdict.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from advice import fragments
from advice.services import hit_chips
from advice.web.templatetags import advice_tags
from drugs.selectors import (
    CLASS_QUERY,
    COMBINATION,
    EXACT,
    FOUND,
    product_resolve,
    with_search_index,
)

SUGGEST_MIN_CHARS = 3  # suggestions from the third letter
SUGGEST_LIMIT = 8
RESULTS_LIMIT = 25
MAX_QUERY_CHARS = 100


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]


def _context(q: str, limit: int) -> dict[str, object]:
    resolution = product_resolve(query=q, limit=limit)
    hits = [h for h in resolution.hits if h.slug]
    return {
        "q": q,
        "resolution": resolution,
        "hits": hits,
        "verdicts": hit_chips(hits),
        "answer": resolution.product if resolution.status == FOUND else None,
        "is_class": resolution.status == CLASS_QUERY,
        "only_suggestions": bool(hits) and all(h.is_suggestion for h in hits),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "search/home.html", {"q": ""})


@with_search_index  # one copy of the published index (and one read of its token) throughout
def _suggestions(request: HttpRequest, q: str) -> bytes:
    def build() -> bytes:
        ctx = _context(q, SUGGEST_LIMIT) if len(q) >= SUGGEST_MIN_CHARS else {"q": q, "hits": []}
        return render(request, "search/_suggestions.html", ctx).content

    # The same list and chips for everyone: kept per copy of the published index in this
    # process (advice.fragments.local_cached), cheaper than a round trip to the shared cache.
    return fragments.local_cached(fragments.index_key("suggest", q), build)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """HTML fragment for the suggestion list (HTMX swaps it under the search box)."""
    body = _suggestions(request, _query(request))
    response = HttpResponse(body)
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Results page for the plain form submit (works without JavaScript).

    A query that names one product exactly (a generic name, brand, synonym or a combination
    of them) opens that product; anything else lists what was found, marked for what it is.
    """
    q = _query(request)
    if not q:
        return render(request, "search/home.html", {"q": "", "empty": True})
    ctx = _context(q, RESULTS_LIMIT)
    resolution = ctx["resolution"]
    answer = ctx["answer"]
    # The name typed, or a combination of names typed (its page lists every ingredient).
    match = resolution.match  # type: ignore[attr-defined]
    named = match == COMBINATION or (match == EXACT and resolution.note is None)  # type: ignore[attr-defined]
    if answer is not None and named:
        return redirect(advice_tags.product_url(answer))
    return render(request, "search/results.html", ctx)
