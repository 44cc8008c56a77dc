"""Celery tasks of the advice app: PDF handouts (rendered off the request path with Redis)."""

from typing import Any

from celery import shared_task
from django.core.cache import cache

from advice.handouts import content as handouts
from drugs.selectors import published_drugs
from lactmed.site import using


# The PDF is handed over through the cache, so no result backend is involved.
@shared_task(acks_late=True, ignore_result=True)
def render_handout_pdf(
    drug_id: int,
    params: dict[str, Any],
    lang: str,
    clinician: str,
    query: str,
    cache_key: str,
    site: str = "",
) -> str:
    """Render the handout PDF and store it in the cache under ``cache_key``; idempotent.
    ``site``: the address of the request that asked for it (the handout's live-page link)."""
    if cache.get(cache_key) is not None:
        return cache_key
    drug = published_drugs().get(pk=drug_id)
    with using(site or None):
        pdf = handouts.render_handout_pdf(
            drug=drug, params=params, lang=lang, clinician=clinician, query=query
        )
    cache.set(cache_key, pdf, timeout=handouts.PDF_CACHE_SECONDS)
    return cache_key
