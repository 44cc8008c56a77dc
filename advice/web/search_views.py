"""Search pages: the home search box, HTMX suggestions and the no-JavaScript results page.

Every name goes through the one resolver (``drugs.selectors.product_resolve``) and every chip
through ``advice.services.product_chip``, so a suggestion, a result and the page it links to
always show the same product and the same verdict.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from advice import fragments, localize
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


# The best breastfeeding choices of a class first: the typical-dose verdict (least restrictive
# first), then how well it is known (curated guidance, measured levels, estimates, no data),
# then the lower relative infant dose at the typical dose.
_CATEGORY_ORDER = ("compatible", "use_alternative", "interrupt", "wean")
_EVIDENCE_ORDER = ("curated", "measured", "estimated", "insufficient")


def _preference(chip: dict[str, Any] | None) -> tuple[int, float, int, float]:
    if not chip or chip.get("category") not in _CATEGORY_ORDER:
        return (len(_CATEGORY_ORDER), 0.0, len(_EVIDENCE_ORDER), 0.0)  # no verdict: last
    evidence = chip.get("evidence")
    rid = chip.get("rid_pct")
    return (
        _CATEGORY_ORDER.index(chip["category"]),
        float(chip.get("interrupt_hours") or 0.0),
        _EVIDENCE_ORDER.index(evidence) if evidence in _EVIDENCE_ORDER else len(_EVIDENCE_ORDER),
        float(rid) if rid is not None else float("inf"),  # then the lower typical-dose RID
    )


def rank_class_members(hits: list[Any], verdicts: dict[str, Any]) -> list[Any]:
    """Members of a class or indication, the preferred breastfeeding choices first (their own
    published typical-dose verdicts and evidence); ties keep the resolver's order."""
    return sorted(hits, key=lambda h: _preference(verdicts.get(h.slug)))


def _context(q: str, limit: int) -> dict[str, object]:
    resolution = product_resolve(query=q, limit=limit)
    hits = [h for h in resolution.hits if h.slug]
    verdicts = hit_chips(hits)
    if resolution.status == CLASS_QUERY:
        hits = rank_class_members(hits, verdicts)
    return {
        "q": q,
        # A copy with its note in the reader's language (the cached resolution is not changed).
        "resolution": dataclasses.replace(
            resolution, note=localize.localize_note(resolution.note, product=resolution.product)
        ),
        # Copies named in the reader's language (the resolver's cached hits are not changed).
        "hits": localize.localize_hits(hits),
        "verdicts": verdicts,
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
    # The language comes from the switch's cookie: a browser must not reuse a list in the
    # language it had before switching.
    patch_vary_headers(response, ("Cookie",))
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
