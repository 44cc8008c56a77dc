"""Clinician pages: drug page with its default verdict, adjusted verdict, shared-decision-making
summary, printable handout (+ PDF) and the regimen page.

Views are thin: they validate input with advice.web.forms, call advice.services and render.
Invalid input answers 400 with messages naming the field; an unknown drug answers 404 with
suggestions; no verdict is shown for an invalid scenario.
"""

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from advice import fragments, localize
from advice.engine import ScenarioError
from advice.engine.phrases import TEXT, Phrase
from advice.handouts import content as handouts
from advice.services import (
    SCENARIO_FIELDS,
    AdviceResult,
    advice_for,
    advice_regimen_for,
    most_restrictive_first,
)
from advice.web import arithmetic, charts
from advice.web.forms import HandoutForm, RegimenInfantForm, ScenarioForm
from drugs import translations
from drugs.models import Drug
from drugs.published import monograph_of
from drugs.selectors import (
    _LOOKALIKES,
    drug_get_published,
    drug_published_stamp,
    drug_search,
    product_get,
    product_resolve,
)
from drugs.snapshot import MonographSnapshot, citation_link
from drugs.vocabulary import review_is_stale

MAX_REGIMEN_ITEMS = 6
DEFAULT_REGIMEN_ROWS = 4  # InfantRisk: most real questions involve 3-4 drugs


# --- helpers --------------------------------------------------------------------------------
def _unknown_drug(request: HttpRequest, name: str) -> HttpResponse:
    suggestions = [h for h in drug_search(q=name.replace("-", " "), limit=8) if h.slug]
    suggestions = localize.localize_hits(suggestions)
    return render(
        request,
        "advice/unknown_drug.html",
        {"name": name, "suggestions": suggestions},
        status=404,
    )


def _published(slug: str) -> Drug | None:
    try:
        return drug_get_published(slug=slug)
    except Drug.DoesNotExist:
        return None


def scenario_query(request: HttpRequest) -> str:
    """The scenario part of the query string (for links to the summary, handout and PDF)."""
    pairs = [(k, v) for k in SCENARIO_FIELDS for v in request.GET.getlist(k) if v != ""]
    return urlencode(pairs)


def references(data: MonographSnapshot, verdict: Any) -> tuple[list[Any], dict[str, int]]:
    """Numbered references: the monograph's citations, then any extra ones the verdict used."""
    refs: list[Any] = []
    index: dict[str, int] = {}
    for c in data.citations:
        if c.key not in index:
            refs.append(c)
            index[c.key] = len(refs)
    for c in getattr(verdict, "citations", ()) or ():
        if c.key not in index:
            link = citation_link(url=c.url, pmid=c.pmid, doi=c.doi)
            refs.append({"key": c.key, "title": c.title, "link": link, "kind": c.kind})
            index[c.key] = len(refs)
    return refs, index


def is_stale(drug: Drug, data: MonographSnapshot, today: datetime.date) -> bool:
    if getattr(drug, "stale", False):
        return True
    return review_is_stale(data.last_reviewed.date if data.last_reviewed else None, today)


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%])\.\s+(?=[A-Z])")
_CLAUSE_END = re.compile(r"(?::|;| —) ")
ONE_LINE_MAX = 240  # characters: about four lines at 360 px


def one_line_reason(text: str) -> tuple[str, bool]:
    """The decisive reason cut to its first sentences (at most ONE_LINE_MAX characters) for the
    first screen, and whether it was shortened (the full text is in "why", just below). A long
    first sentence is cut at a clause boundary (":", ";", " —"), never inside a clause."""
    text = text.strip()
    if len(text) <= ONE_LINE_MAX:
        return text, False
    sentences = _SENTENCE_END.split(text)
    out = ""
    for sentence in sentences:
        candidate = f"{out} {sentence}.".strip() if out else sentence.rstrip(".") + "."
        if len(candidate) > ONE_LINE_MAX:
            break
        out = candidate
    if not out:
        cuts = [m.start() for m in _CLAUSE_END.finditer(sentences[0]) if m.start() <= ONE_LINE_MAX]
        if not cuts:
            return text, False
        out = sentences[0][: cuts[-1]].rstrip(" ,") + "."
    return out, True


def _is_default_note(warning: str) -> bool:
    return warning.startswith("Defaults assumed:") or warning == TEXT[Phrase.INFANT_AGE_UNKNOWN]


def _headline(decisive: list[Any], english: Any) -> tuple[Any, bool]:
    """The one-line reason; a reason shown in English (no translation) is cut in English and
    marked as such, never cut inside its markup."""
    if not decisive:
        return "", False
    text = decisive[0].text
    if isinstance(text, SafeString):
        first = next(r for r in english.reasons if r.category is not None)
        line, shortened = one_line_reason(first.text)
        return localize.in_english(line), shortened
    return one_line_reason(text)


def verdict_context(result: AdviceResult) -> dict[str, Any]:
    verdict = result.verdict
    if verdict is None:
        return {"verdict": None, "regimen": result.regimen}
    english = verdict
    # The engine's verdict in the reader's language (advice.localize; numbers unchanged).
    verdict = localize.localize_verdict(verdict, monograph_of(result.drug))
    is_note = [_is_default_note(w) for w in english.warnings]  # read on the engine's wording
    numbers = [
        (key, item)
        for key, item in verdict.numbers.items()
        if isinstance(item, dict) and item.get("value") is not None
    ]
    decisive = [r for r in verdict.reasons if r.category is not None]
    info = [r for r in verdict.reasons if r.category is None]
    headline, shortened = _headline(decisive, english)
    return {
        "verdict": verdict,
        "decisive_reasons": decisive,
        "info_reasons": info,
        "headline_reason": headline,
        "headline_shortened": shortened,
        "headline_keys": decisive[0].citation_keys if decisive else (),
        "default_notes": [w for w, note in zip(verdict.warnings, is_note, strict=True) if note],
        "other_warnings": [
            w for w, note in zip(verdict.warnings, is_note, strict=True) if not note
        ],
        "steps": arithmetic.verdict_steps(verdict),
        "numbers": numbers,
        "chart": charts.milk_level_svg(verdict),
        "inputs": verdict.inputs,
    }


def _page_context(request: HttpRequest, drug: Drug) -> dict[str, Any]:
    # The snapshot with its curated text and names in the reader's language (a copy).
    data = localize.localize_data(
        monograph_of(drug) or MonographSnapshot(slug=drug.slug, name=drug.name)
    )
    today = timezone.localdate()
    guidance = data.guidance
    from advice.services import combinations_with

    return {
        "drug": drug,
        "data": data,
        "combinations": combinations_with(slug=drug.slug),
        "lookalikes": [
            translations.name_from_english(n, translation.get_language())
            for n in _LOOKALIKES.get(drug.name.lower(), [])
        ],
        "brands": data.brands,
        "other_names": data.other_names,
        "guidance": guidance,
        "disagreement": any(not g.followed for g in guidance),
        "stale": is_stale(drug, data, today),
        "query": scenario_query(request),
        "handout_form": HandoutForm(
            initial={"lang": translation.get_language() or "en"}, auto_id="ho_%s"
        ),
    }


def _render_drug(
    request: HttpRequest,
    drug: Drug,
    form: ScenarioForm,
    *,
    adjusted: bool,
) -> HttpResponse:
    ctx = _page_context(request, drug)
    ctx.update({"form": form, "adjusted": adjusted})
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.scenario_data() if form.is_bound else {}
        try:
            result = advice_for(drug=drug, data=data)
        except ScenarioError as exc:
            form.add_engine_errors(exc.errors)
            status = 400
        else:
            ctx.update(verdict_context(result))
    refs, ref_index = references(ctx["data"], ctx.get("verdict"))
    ctx.update({"refs": refs, "ref_index": ref_index})
    return render(request, "advice/drug.html", ctx, status=status)


def _verdict_for_request(request: HttpRequest, drug: Drug) -> tuple[ScenarioForm, Any]:
    form = ScenarioForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    try:
        result = advice_for(drug=drug, data=form.scenario_data() if form.is_bound else {})
    except ScenarioError as exc:
        form.add_engine_errors(exc.errors)
        return form, None
    return form, result.verdict


# --- pages ----------------------------------------------------------------------------------
@require_GET
def drug_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The monograph with the verdict for a typical adult dose and a term infant > 2 months."""
    stamp = None if request.GET else drug_published_stamp(slug=slug)
    if stamp is not None:  # one query: is the cached page (advice.fragments) still current?
        key = fragments.fragment_key("drug-page", *stamp)
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body)
    drug = _published(slug)
    if drug is None:
        return _unknown_drug(request, slug)
    if request.GET:  # the page echoes the query string (handout form): not cached
        return _render_drug(request, drug, ScenarioForm(), adjusted=False)
    # The same page for every user: cached per revision (advice.fragments).
    key = fragments.fragment_key("drug-page", drug.pk, drug.published_revision, drug.stale)
    response = _render_drug(request, drug, ScenarioForm(), adjusted=False)
    if response.status_code == 200:
        cache.set(key, response.content, timeout=fragments.FRAGMENT_TTL_S)
    return response


@require_GET
def verdict_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The adjusted verdict; the scenario is in the query string so the URL can be bookmarked."""
    drug = _published(slug)
    if drug is None:
        return _unknown_drug(request, slug)
    form = ScenarioForm(request.GET) if request.GET else ScenarioForm()
    return _render_drug(request, drug, form, adjusted=bool(request.GET))


def _handout_common(request: HttpRequest, slug: str, template: str) -> HttpResponse:
    drug = _published(slug)
    if drug is None:
        return _unknown_drug(request, slug)
    hform = HandoutForm(request.GET)
    form, verdict = _verdict_for_request(request, drug)
    lang = "en"
    clinician = ""
    if hform.is_valid():
        lang = hform.cleaned_data.get("lang") or translation.get_language() or "en"
        clinician = hform.cleaned_data.get("clinician") or ""
    if verdict is None or not hform.is_valid():
        for name, messages in hform.errors.items():
            for message in messages:
                form.add_error(None, f"{hform.fields[name].label}: {message}")
        ctx = {"drug": drug, "form": form, "back": reverse("advice:drug", args=[drug.slug])}
        return render(request, "advice/scenario_error.html", ctx, status=400)
    with translation.override(lang):
        ctx = handouts.handout_context(
            drug=drug,
            verdict=verdict,
            lang=lang,
            clinician=clinician,
            query=scenario_query(request),
        )
        ctx["pdf_status"] = handouts.pdf_support()
        return render(request, template, ctx)


@require_GET
def summary_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Shared-decision-making summary, for the clinician and the parent together."""
    return _handout_common(request, slug, "advice/summary.html")


@require_GET
def handout_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The summary as a printable handout (print stylesheet, no navigation)."""
    return _handout_common(request, slug, "advice/handout.html")


@require_GET
def handout_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The handout as a PDF, rendered by a Celery task and cached (see advice.tasks)."""
    drug = _published(slug)
    if drug is None:
        return _unknown_drug(request, slug)
    hform = HandoutForm(request.GET)
    form, verdict = _verdict_for_request(request, drug)
    if verdict is None or not hform.is_valid():
        ctx = {"drug": drug, "form": form, "back": reverse("advice:drug", args=[drug.slug])}
        return render(request, "advice/scenario_error.html", ctx, status=400)
    support = handouts.pdf_support()
    if not support["available"]:
        return render(request, "advice/pdf_unavailable.html", {"drug": drug, **support}, status=503)
    lang = hform.cleaned_data.get("lang") or "en"
    clinician = hform.cleaned_data.get("clinician") or ""
    params = form.scenario_data() if form.is_bound else {}
    try:
        pdf = handouts.handout_pdf_bytes(
            drug=drug, params=params, lang=lang, clinician=clinician, query=scenario_query(request)
        )
    except handouts.PdfRenderError as exc:
        ctx = {"drug": drug, **support, "available": False, "error": exc.__class__.__name__}
        return render(request, "advice/pdf_unavailable.html", ctx, status=503)
    if pdf is None:
        # A worker is rendering it; the page reloads itself (meta refresh, no script).
        return render(request, "advice/pdf_pending.html", {"drug": drug}, status=202)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"lactrx-{drug.slug}-{lang}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


COMBINATION_FIELDS = (
    "regimen",
    "doses_per_day",
    "route",
    "infant_age_days",
    "preterm",
    "infant_weight_kg",
    "maternal_weight_kg",
    "dose_time",
)


@require_GET
def combination_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A combination product: the combined verdict naming its driver, then every ingredient
    (the most restrictive first), each linking to its own page, and the interactions."""
    product = product_get(slug=slug)
    if product is None or not product.is_combination:
        return _unknown_drug(request, slug.replace("+", " "))
    if product.slug != slug:
        return redirect("advice:combination", slug=product.slug)
    form = ScenarioForm(request.GET or None)
    ctx: dict[str, Any] = {"product": product, "form": form, "result": None}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.scenario_data() if form.is_bound else {}
        data = {k: v for k, v in data.items() if k in COMBINATION_FIELDS}
        try:
            result = advice_for(drug=product, data=data)
        except ScenarioError as exc:
            form.add_engine_errors(exc.errors)
            status = 400
        else:
            result = localize.localize_result(result)  # in the reader's language
            ctx["result"] = result
            ctx["verdict"] = result.items[0][0] if result.items else None
            ctx["query"] = scenario_query(request)
            decisive = [r for r in ctx["verdict"].reasons if r.category] if ctx["verdict"] else []
            if decisive and result.category.value != "compatible":
                ctx["headline_reason"], _ = one_line_reason(decisive[0].text)
    return render(request, "advice/combination.html", ctx, status=status)


@require_GET
def combination_handout(request: HttpRequest, slug: str) -> HttpResponse:
    """The parent handout of a combination product: the overall answer first (set by the most
    restrictive ingredient), then a plain line for every ingredient."""
    product = product_get(slug=slug)
    if product is None or not product.is_combination:
        return _unknown_drug(request, slug.replace("+", " "))
    hform = HandoutForm(request.GET)
    lang = (hform.cleaned_data.get("lang") if hform.is_valid() else "") or "en"
    clinician = (hform.cleaned_data.get("clinician") if hform.is_valid() else "") or ""
    form = ScenarioForm(request.GET or None)
    data = form.scenario_data() if form.is_bound and form.is_valid() else {}
    data = {k: v for k, v in data.items() if k in COMBINATION_FIELDS}
    try:
        if form.is_bound and not form.is_valid():  # e.g. outside the physical bounds
            raise ScenarioError({})
        result = advice_for(drug=product, data=data)
    except ScenarioError as exc:
        form.add_engine_errors(exc.errors)
        ctx = {"drug": product, "form": form, "back": reverse("search:home")}
        return render(request, "advice/scenario_error.html", ctx, status=400)
    with translation.override(lang):
        parts = [
            handouts.handout_context(
                drug=d, verdict=v, lang=lang, clinician=clinician, query=scenario_query(request)
            )
            for v, d in result.items
        ]
        ctx = {
            **parts[0],  # the driver's plain-language answer leads
            "product": product,
            "result": result,
            "parts": parts,
            "lang": lang,
            "clinician": clinician,
            "today": timezone.localdate(),
            "query": scenario_query(request),
        }
        return render(request, "advice/combination_handout.html", ctx)


@require_GET
def regimen_page(request: HttpRequest) -> HttpResponse:
    """Several drugs at once: each verdict, the combined (most restrictive) one, interactions."""
    names = request.GET.getlist("drug")
    doses = request.GET.getlist("dose_mg")
    regimens = request.GET.getlist("regimen")
    infant = RegimenInfantForm(request.GET or None)
    rows = []
    for i in range(max(len(names), DEFAULT_REGIMEN_ROWS)):
        rows.append(
            {
                "index": i,
                "drug": names[i] if i < len(names) else "",
                "dose_mg": doses[i] if i < len(doses) else "",
                "regimen": regimens[i] if i < len(regimens) else "",
            }
        )
    rows = rows[:MAX_REGIMEN_ITEMS]
    ctx: dict[str, Any] = {"rows": rows, "infant": infant, "errors": [], "result": None}
    filled = [r for r in rows if r["drug"].strip()]
    if not request.GET:
        return render(request, "advice/regimen.html", ctx)
    status = 200
    if not filled:
        ctx["errors"] = ["Enter at least one drug."]
        status = 400
    elif not infant.is_valid():
        status = 400
    else:
        shared = {k: v for k, v in infant.cleaned_data.items() if v not in (None, "", False)}
        items = []
        for r in filled:
            item = {"drug": r["drug"].strip(), **shared}
            if r["dose_mg"]:
                item["dose_mg"] = r["dose_mg"]
            if r["regimen"]:
                item["regimen"] = r["regimen"]
            items.append(item)
        try:
            verdict, drugs = advice_regimen_for(items=items)
        except ScenarioError as exc:
            ctx["errors"] = list(_regimen_errors(exc.errors, filled).values())
            ctx["choices"] = _regimen_choices(request, exc.errors, filled, rows)
            status = 400
        else:
            order = most_restrictive_first(verdict.items)  # read on the engine's verdict
            verdict = localize.localize_regimen(verdict, drugs)  # in the reader's language
            pairs = list(zip(verdict.items, drugs, strict=False))
            ctx["result"] = verdict
            ctx["pairs"] = [pairs[i] for i in order]  # the driver leads
            driver = pairs[order[0]][0] if pairs else None
            # Name the driver only when it decides something (not when all are compatible).
            ctx["driver"] = driver if driver is not None and len(pairs) > 1 else None
    return render(request, "advice/regimen.html", ctx, status=status)


def _regimen_choices(
    request: HttpRequest,
    errors: dict[str, str],
    filled: list[dict[str, Any]],
    rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """For each row whose name is ambiguous or unknown, its candidates as links that choose
    them: the same regimen with that row's name replaced by the candidate's."""
    out = []
    for key in errors:
        if not (key.startswith("items[") and key.endswith("].drug")):
            continue
        index = int(key[6 : key.index("]")])
        if index >= len(filled):
            continue
        row = filled[index]
        resolution = product_resolve(query=row["drug"], limit=8)
        candidates = []
        for hit in dict((h.slug, h) for h in resolution.suggestions).values():
            names = [r["drug"] for r in rows]
            names[row["index"]] = hit.name
            query = request.GET.copy()
            query.setlist("drug", names)
            candidates.append({"name": hit.name, "url": f"?{query.urlencode()}"})
        if candidates:
            out.append({"row": row["index"] + 1, "typed": row["drug"], "candidates": candidates})
    return out


def _regimen_errors(errors: dict[str, str], filled: list[dict[str, Any]]) -> dict[str, str]:
    """'items[1].dose_mg' -> 'Drug 2 (ibuprofen), dose: ...' so the message names the field."""
    out = {}
    for key, message in errors.items():
        if key.startswith("items[") and "]." in key:
            index = int(key[6 : key.index("]")])
            field = key.split("].", 1)[1]
            row = filled[index] if index < len(filled) else {"index": index, "drug": ""}
            label = {"drug": "drug", "dose_mg": "dose (mg)", "regimen": "dosing"}.get(field, field)
            out[f"{row['index']}.{field}"] = (
                f"Drug {row['index'] + 1} ({row['drug'] or '?'}), {label}: {message}"
            )
        else:
            out[key] = message
    return out
