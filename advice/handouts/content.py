"""Shared-decision-making summary and parent handout: plain-language content and PDF rendering.

Plain language aims at a US grade-8 reading level: short sentences, everyday words, the number
of hours rather than pharmacokinetics. The clinician page carries the arithmetic; the handout
points to it through the live page address. English and Spanish come from the Django message
catalogue in locale/ (engine phrases are mirrored below so they can be translated too).

WeasyPrint needs Pango at import time, so it is imported lazily: the app starts and the print
view works without it, and the PDF link then says what to install.
"""

import datetime
import hashlib
import json
import logging
import time
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from advice import engine, localize
from advice.engine import RuleId
from advice.engine import phrases as engine_phrases
from advice.text import headline_code
from drugs.published import monograph_of
from drugs.snapshot import MonographSnapshot
from lactmed.site import site_url

log = logging.getLogger(__name__)

# System packages WeasyPrint needs on Debian/Ubuntu (also installed by .ci/run).
WEASYPRINT_APT_PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "fonts-dejavu-core",
)
PDF_CACHE_SECONDS = 7 * 24 * 3600
PDF_WAIT_SECONDS = 15  # how long a request waits for a worker before the 'preparing' page

# Engine phrases shown to parents, mirrored here so makemessages extracts them for translation.
# tests/web/test_handouts.py checks they still equal the engine's constants.
ENGINE_PHRASES = {
    "cns": gettext_noop(
        "Watch the baby for unusual drowsiness, poor feeding, limpness or slow or difficult "
        "breathing; seek urgent care if the baby is hard to wake."
    ),
    "supply": gettext_noop(
        "Watch milk supply, the baby's weight gain and the number of wet nappies."
    ),
    "nti": gettext_noop(
        "Narrow therapeutic index: if the baby has symptoms, an infant blood level can be checked."
    ),
}
INTERRUPTION_COST_PHRASES = (
    gettext_noop(
        "Milk supply can fall during a pause; express at the usual feeding times to keep it."
    ),
    gettext_noop("Engorgement, plugged ducts and mastitis if milk is not removed."),
    gettext_noop("The baby may refuse the bottle, or the breast afterwards."),
    gettext_noop("Interruptions raise the risk of early weaning."),
    gettext_noop("Pumping and discarding milk is a real burden for the parent."),
)
ENGINE_CONSTANTS = {
    "cns": engine_phrases.CNS_MONITORING,
    "supply": engine_phrases.SUPPLY_MONITORING,
}
# Parent wording for engine monitoring lines that use clinician language, and for curated
# infant-effect descriptions (written for clinicians, in English only): the parent gets a plain,
# translated line and the clinician page keeps the details.
NTI_MONITORING = engine_phrases.NTI_MONITORING
PARENT_NTI = gettext_noop(
    "If your baby seems unwell, a blood test can show how much of the medicine is in the baby."
)
PARENT_EFFECTS = gettext_noop(
    "Some babies have had side effects from this medicine through breast milk. Ask your "
    "clinician what to look for, and call if your baby seems unwell."
)


def pdf_support() -> dict[str, Any]:
    """Whether WeasyPrint (and its system libraries) can be imported here."""
    try:
        import weasyprint  # noqa: F401  (lazy: needs Pango)
    except Exception as exc:  # OSError when libpango is missing, ImportError when not installed
        return {
            "available": False,
            "error": exc.__class__.__name__,
            "packages": " ".join(WEASYPRINT_APT_PACKAGES),
        }
    return {"available": True, "error": "", "packages": " ".join(WEASYPRINT_APT_PACKAGES)}


def _alt_names(verdict: Any) -> list[str]:
    return [a.name for a in verdict.alternatives if a.category.value == "compatible"] or [
        a.name for a in verdict.alternatives
    ]


def _plain_rid(verdict: Any) -> str:
    if verdict.rid_pct is None:
        return ""
    rid = number_format(round(verdict.rid_pct, 2 if verdict.rid_pct < 1 else 1), use_l10n=True)
    return _(
        "About %(rid)s out of every 100 parts of your dose (adjusted for weight) reaches the "
        "baby through milk. Under 10 is usually thought of as acceptable."
    ) % {"rid": rid}


def _parent_monitoring(lines: Any) -> list[str]:
    """Plain, translated monitoring lines for a parent (never clinician wording)."""
    known = {**{v: k for k, v in ENGINE_CONSTANTS.items()}, NTI_MONITORING: "nti"}
    out: list[str] = []
    effects = False
    for line in lines:
        kind = known.get(line)
        if kind == "nti":
            out.append(_(PARENT_NTI))
        elif kind is not None:
            out.append(_(ENGINE_PHRASES[kind]))
        elif line.startswith("Watch for: "):
            effects = True
        # Any other line is clinician wording from a rule: the clinician page shows it.
    if effects:
        out.append(_(PARENT_EFFECTS))
    return list(dict.fromkeys(out))


def handout_context(
    *, drug: Any, verdict: Any, lang: str, clinician: str, query: str
) -> dict[str, Any]:
    """Everything the summary and handout templates need, in the active language."""
    data = monograph_of(drug) or MonographSnapshot(slug=drug.slug, name=drug.name)
    # Names and curated text in the handout's language (the English verdict drives the plain
    # monitoring lines below; only the alternatives' names and reasons are localised).
    shown = localize.localize_verdict(verdict, data, lang)
    data = localize.localize_data(data, lang)
    page = reverse("advice:verdict", args=[drug.slug])
    live_url = f"{site_url()}{page}" + (f"?{query}" if query else "")
    monitoring = _parent_monitoring(verdict.monitoring)
    costs = [_(c) for c in verdict.interruption_costs] or [_(c) for c in INTERRUPTION_COST_PHRASES]
    disagreements = [g for g in data.guidance if not g.followed]
    # One line per source the verdict follows, however many situations it covers.
    followed = list({g.guideline: g for g in data.guidance if g.followed}.values())
    resume_at = verdict.resume_at
    today = timezone.localdate()
    handout_query = query + ("&" if query else "") + f"lang={lang}"
    if clinician:
        from urllib.parse import urlencode

        handout_query += "&" + urlencode({"clinician": clinician})
    return {
        "drug": drug,
        "data": data,
        "verdict": verdict,
        "category": verdict.category.value,
        "hours": verdict.interrupt_hours,
        "resume_at": resume_at,
        "alternatives": shown.alternatives,
        "alt_names": ", ".join(_alt_names(shown)),
        "rid_text": _plain_rid(verdict),
        "caution": _caution_kind(verdict),
        "monitoring": monitoring,
        "costs": costs,
        "disagreements": disagreements,
        "followed": followed,
        "lang": lang,
        "clinician": clinician,
        "today": today,
        "engine_version": engine.ENGINE_VERSION,
        "revision": data.revision,
        "live_url": live_url,
        "query": query,
        "handout_query": handout_query,
        "other_lang": "es" if lang == "en" else "en",
    }


def _caution_kind(verdict: Any) -> str:
    """Why a `use_alternative` verdict was given, for the parent's plain-language sentence."""
    rules = set(verdict.rules)
    if headline_code(verdict.category, rules) == "avoid":
        # Codeine, tramadol (FDA 2017): never "you can often still breastfeed" for them.
        return "avoid"
    if RuleId.MILK_SUPPLY in rules:
        return "supply"
    inputs = verdict.inputs
    age = (inputs.get("infant_age_days") or {}).get("value")
    preterm = (inputs.get("preterm") or {}).get("value")
    young = preterm or (age is not None and age < engine.DEFAULT_THRESHOLDS.neonate_age_days)
    if RuleId.INFANT_AGE in rules or (young and RuleId.CURATED_GUIDANCE in rules):
        return "young_baby"
    if RuleId.INSUFFICIENT_DATA in rules:
        return "unknown"
    return "caution"


PAPER_SIZES = {"letter": "letter", "a4": "A4"}  # LACTRX_PAPER_SIZE -> CSS @page size


def paper_size() -> str:
    """The CSS page size of the PDF handouts (LACTRX_PAPER_SIZE; Letter when unknown)."""
    return PAPER_SIZES.get(str(settings.LACTRX_PAPER_SIZE).lower(), "letter")


def pdf_cache_key(*, drug: Any, params: dict[str, Any], lang: str, clinician: str) -> str:
    """Monograph revision + engine version + scenario + language (+ name, date and the site
    address printed)."""
    blob = json.dumps(
        {
            "p": params,
            "c": clinician,
            "d": timezone.localdate().isoformat(),
            "s": site_url(),
            "paper": paper_size(),
        },
        sort_keys=True,
    )
    digest = hashlib.sha256(blob.encode()).hexdigest()[:32]
    return (
        f"advice:handout-pdf:{drug.slug}:{drug.published_revision}:"
        f"{engine.ENGINE_VERSION}:{lang}:{digest}"
    )


def render_handout_document(
    *, drug: Any, params: dict[str, Any], lang: str, clinician: str, query: str
) -> Any:
    """The handout laid out by WeasyPrint (a Document: pages, then write_pdf())."""
    import weasyprint  # lazy: needs Pango at import time

    from advice.services import advice_for

    result = advice_for(drug=drug, data=params)
    with translation.override(lang):
        ctx = handout_context(
            drug=drug, verdict=result.verdict, lang=lang, clinician=clinician, query=query
        )
        ctx["for_pdf"] = True
        html = render_to_string("advice/handout.html", ctx)
    stylesheets = []
    for name in ("css/app.css", "css/print.css"):
        path = finders.find(name)
        if path:
            stylesheets.append(weasyprint.CSS(filename=path))
    stylesheets.append(weasyprint.CSS(string=f"@page {{ size: {paper_size()}; }}"))
    return weasyprint.HTML(string=html, base_url=site_url()).render(stylesheets=stylesheets)


def render_handout_pdf(
    *, drug: Any, params: dict[str, Any], lang: str, clinician: str, query: str
) -> bytes:
    """HTML handout -> PDF bytes with WeasyPrint (called from advice.tasks)."""
    document = render_handout_document(
        drug=drug, params=params, lang=lang, clinician=clinician, query=query
    )
    return document.write_pdf()


def handout_pdf_bytes(
    *, drug: Any, params: dict[str, Any], lang: str, clinician: str, query: str
) -> bytes | None:
    """The cached PDF, rendering it through the Celery task on a miss.

    The task hands the PDF over through the cache (no result backend, so a dead Redis cannot
    stall the request in the backend's retry loop). Without REDIS_URL Celery runs eagerly and
    the PDF is there on return. With a worker the view waits up to PDF_WAIT_SECONDS, then
    answers "being prepared" (None) and the page reloads itself. When the cache cannot hand
    anything over, or the task cannot be queued (Redis down), the request renders the PDF.
    """
    from advice import tasks

    key = pdf_cache_key(drug=drug, params=params, lang=lang, clinician=clinician)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    kwargs = {"drug": drug, "params": params, "lang": lang, "clinician": clinician, "query": query}
    if not _cache_works():
        log.warning("cache unavailable: rendering the %s handout PDF in the request", drug.slug)
        return _render_in_request(key=key, **kwargs)
    try:
        # retry=False and no result backend: a dead broker fails fast.
        tasks.render_handout_pdf.apply_async(
            (drug.pk, params, lang, clinician, query, key, site_url()),
            retry=False,
            ignore_result=True,
        )
    except Exception:  # broker down, or the eager task failed
        log.warning("handout PDF task failed for %s; rendering in the request", drug.slug)
        return _render_in_request(key=key, **kwargs)
    deadline = time.monotonic() + PDF_WAIT_SECONDS
    while True:
        pdf = cache.get(key)
        if pdf is not None:
            return pdf
        if tasks.render_handout_pdf.app.conf.task_always_eager:
            # The eager task ran but its PDF did not reach the cache.
            return _render_in_request(key=key, **kwargs)
        if time.monotonic() >= deadline:
            log.info("handout PDF for %s still rendering", drug.slug)
            return None
        time.sleep(0.2)


def _cache_works() -> bool:
    probe = "advice:handout-pdf:probe"
    cache.set(probe, 1, timeout=30)
    return cache.get(probe) == 1


def _render_in_request(*, key: str, **kwargs: Any) -> bytes:
    try:
        pdf = render_handout_pdf(**kwargs)
    except Exception as exc:  # say so, no traceback to the user
        log.exception("handout PDF for %s failed", kwargs["drug"].slug)
        raise PdfRenderError(str(exc)) from exc
    cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)  # a no-op when the cache is down
    return pdf


class PdfRenderError(Exception):
    """The PDF could not be produced (rendering failed); the print view still works."""


def handout_date(value: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")
