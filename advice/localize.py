"""What a clinician reads, in the active language: one place for every interface that shows a
monograph or a verdict (pages, handouts).

The engine and the snapshots stay in English. Here:
- drug names come from ``drugs.translations.display_name`` (the one rule);
- curated text (summary, guidance rationales, infant and lactation effects, alternatives'
  reasons) comes from the monograph's reviewed translations, or is shown in English marked
  "(en inglés)" (``lang="en"`` for screen readers) when there is none or it is stale;
- the engine's sentences are translated by ``advice.engine_es`` (keyed by the engine's message
  codes and sentence patterns, with the same parameters); a sentence it does not know is shown
  in English, marked.

Nothing here changes a verdict: only the words around it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from advice import engine_es
from drugs import translations
from drugs.published import monograph_of
from drugs.snapshot import MonographSnapshot
from drugs.translations import display_name, display_name_for, language_of, localized

__all__ = [
    "display_name",
    "display_name_for",
    "in_english",
    "is_localized",
    "localize_data",
    "localize_hits",
    "localize_text",
    "localize_verdict",
]


def current() -> str:
    return language_of(get_language())


def is_localized(lang: str | None = None) -> bool:
    """A language other than the source (English) is active."""
    return language_of(lang or get_language()) != "en"


def in_english(text: str) -> SafeString:
    """English text shown on a page in another language: marked as such, and ``lang="en"``."""
    note = gettext("in English")
    return format_html('<span lang="en">{}</span> <span class="lang-note">({})</span>', text, note)


def lang_en(text: str) -> SafeString:
    """A short English label or source note on a page in another language (no note)."""
    return format_html('<span lang="en">{}</span>', text)


def _curated(data: Any, section: str, english: str, lang: str, ref: str = "") -> Any:
    if not english:
        return english
    found = localized(data, section, english, lang, ref=ref)
    return found.text if found.translated else in_english(english)


class _CuratedParts:
    """The curated English passages of a snapshot that have a current translation."""

    def __init__(self, data: Any, lang: str):
        self.table: dict[str, str] = {}
        snap = translations.as_snapshot(data) if data else None
        if not isinstance(snap, MonographSnapshot):
            return
        Section = translations.Section
        items: list[tuple[str, str, str]] = [(Section.SUMMARY, snap.summary, "")]
        items += [(Section.GUIDANCE, g.rationale, g.key) for g in snap.guidance]
        items += [(Section.INFANT_EFFECT, e.description, "") for e in snap.infant_effects]
        items += [(Section.LACTATION_EFFECT, e.description, "") for e in snap.lactation_effects]
        for section, english, ref in items:
            if not english:
                continue
            found = localized(snap, section, english, lang, ref=ref)
            if found.translated:
                self.table[english] = found.text
                # The engine quotes effects without their final stop ("...; ...").
                self.table.setdefault(english.rstrip(". "), found.text.rstrip(". "))

    @property
    def passages(self) -> list[str]:
        return list(self.table)

    def __call__(self, english: str) -> str | None:
        return self.table.get(english)


def localize_text(text: str, lang: str | None = None, data: Any = None) -> Any:
    """An engine sentence (a reason, a warning, a monitoring line) in ``lang``; ``data`` is the
    monograph's snapshot, whose reviewed translations replace the curated text it quotes."""
    lang = language_of(lang or get_language())
    if lang == "en" or not text:
        return text
    out = engine_es.translate(
        text,
        name=lambda english: translations.name_from_english(english, lang),
        curated=_CuratedParts(data, lang),
    )
    return out if out is not None else in_english(text)


def localize_data(data: Any, lang: str | None = None) -> Any:
    """A copy of a published snapshot (typed, ``drugs.snapshot``) with its curated text and
    names in ``lang``; the snapshot itself is never changed."""
    lang = language_of(lang or get_language())
    if lang == "en" or not data:
        return data
    snap = translations.as_snapshot(data)
    if not isinstance(snap, MonographSnapshot):
        return snap
    Section = translations.Section
    replace = dataclasses.replace

    def cur(section: str, english: str, ref: str = "") -> Any:
        return _curated(snap, section, english or "", lang, ref=ref)

    return replace(
        snap,
        summary=cur(Section.SUMMARY, snap.summary),
        guidance=tuple(
            replace(g, rationale=cur(Section.GUIDANCE, g.rationale, g.key)) for g in snap.guidance
        ),
        infant_effects=tuple(
            replace(e, description=cur(Section.INFANT_EFFECT, e.description))
            for e in snap.infant_effects
        ),
        lactation_effects=tuple(
            replace(e, description=cur(Section.LACTATION_EFFECT, e.description))
            for e in snap.lactation_effects
        ),
        alternatives=tuple(
            replace(
                a,
                name=display_name_for(a.slug, a.name, lang),
                reason=cur(Section.ALTERNATIVE, a.reason, a.slug),
                indication=cur(Section.INDICATION, a.indication, a.slug),
            )
            for a in snap.alternatives
        ),
        # Class names and the sources' own notes are English with no translation yet: marked
        # as English (lang="en"); the milk studies' curated wording says so too.
        classes=tuple(lang_en(c) for c in snap.classes),
        pk=tuple(replace(v, note=lang_en(v.note)) if v.note else v for v in snap.pk),
        milk_studies=tuple(
            replace(
                m,
                maternal_dose_text=in_english(m.maternal_dose_text)
                if m.maternal_dose_text
                else m.maternal_dose_text,
                infant_serum=in_english(m.infant_serum) if m.infant_serum else m.infant_serum,
            )
            for m in snap.milk_studies
        ),
    )


def _monitoring(line: str, data: Any, lang: str) -> Any:
    prefix = "Watch for: "
    if line.startswith(prefix):
        english = line[len(prefix) :]
        found = localized(data, translations.Section.INFANT_EFFECT, english, lang)
        if found.translated:
            return gettext("Watch for: %(effect)s") % {"effect": found.text}
        return format_html(
            "{}{}", gettext("Watch for: %(effect)s") % {"effect": ""}, in_english(english)
        )
    return localize_text(line, lang)


def localize_verdict(verdict: Any, data: Any, lang: str | None = None) -> Any:
    """A copy of an engine verdict with its sentences, its alternatives' names and reasons,
    and its monitoring lines in ``lang`` (categories, hours and numbers unchanged)."""
    lang = language_of(lang or get_language())
    if lang == "en" or verdict is None:
        return verdict
    data = translations.as_snapshot(data) if data else None
    Section = translations.Section
    reasons = tuple(
        dataclasses.replace(r, text=localize_text(r.text, lang, data)) for r in verdict.reasons
    )
    alternatives = tuple(
        dataclasses.replace(
            a,
            name=display_name_for(a.slug, a.name, lang),
            reason=_curated(data, Section.ALTERNATIVE, a.reason, lang, ref=a.slug),
            indication=_curated(data, Section.INDICATION, a.indication, lang, ref=a.slug),
        )
        for a in verdict.alternatives
    )
    return dataclasses.replace(
        verdict,
        reasons=reasons,
        alternatives=alternatives,
        monitoring=tuple(_monitoring(m, data, lang) for m in verdict.monitoring),
        interruption_costs=tuple(localize_text(c, lang) for c in verdict.interruption_costs),
        warnings=tuple(localize_text(w, lang, data) for w in verdict.warnings),
        numbers=_numbers(verdict.numbers),
        drug_name=display_name(data, lang) if data else verdict.drug_name,
    )


def _numbers(numbers: dict[str, Any]) -> dict[str, Any]:
    """The numbers table's sources, notes and units in Spanish (values unchanged)."""
    out: dict[str, Any] = {}
    for key, item in numbers.items():
        if not isinstance(item, dict):
            out[key] = item
            continue
        item = dict(item)
        for field in ("source", "note"):
            if item.get(field):
                word = engine_es.number_word(str(item[field]))
                item[field] = word if word is not None else in_english(str(item[field]))
        if item.get("unit") in engine_es.UNITS:
            item["unit"] = engine_es.UNITS[item["unit"]]
        out[key] = item
    return out


def localize_regimen(regimen: Any, drugs: list[Any], lang: str | None = None) -> Any:
    """A regimen verdict (several drugs) with each item and the interaction warnings in
    ``lang``; ``drugs`` are the items' monographs, in order."""
    lang = language_of(lang or get_language())
    if lang == "en" or regimen is None:
        return regimen
    items = tuple(
        localize_verdict(v, monograph_of(d) if d is not None else None, lang)
        for v, d in zip(regimen.items, drugs, strict=False)
    )
    warnings = tuple(localize_text(w, lang) for w in regimen.warnings)
    return dataclasses.replace(regimen, items=items, warnings=warnings)


def localize_result(result: Any, lang: str | None = None) -> Any:
    """An ``advice.services.AdviceResult`` with its verdicts in ``lang`` (a copy)."""
    lang = language_of(lang or get_language())
    if lang == "en" or result is None:
        return result
    verdict = result.verdict
    if verdict is not None:
        verdict = localize_verdict(verdict, monograph_of(result.drug), lang)
    regimen = localize_regimen(result.regimen, list(result.ingredients), lang)
    return dataclasses.replace(result, verdict=verdict, regimen=regimen)


def localize_note(note: str | None, lang: str | None = None, product: Any = None) -> Any:
    """The resolver's note ("Showing results for X — you typed “Y”.") in ``lang``; ``product``
    is the product it names (a combination is named by its ingredients)."""
    lang = language_of(lang or get_language())
    if not note or lang == "en":
        return note
    for english, spanish in (
        ("Showing results for ", "Resultados para "),
        ("Read as ", "Leído como "),
    ):
        m = re.fullmatch(re.escape(english) + r"(.+) — you typed “(.+)”\.", note)
        if m:
            if product is not None and product.name == m[1]:
                name = display_name_for(product.slug, product.name, lang)
            else:
                name = translations.name_from_english(m[1], lang)
            return f"{spanish}{name}; usted escribió «{m[2]}»."
    return in_english(note)


def localize_hits(hits: list[Any], lang: str | None = None) -> list[Any]:
    """Copies of search hits named in ``lang`` (the resolver's cached hits are never changed)."""
    lang = language_of(lang or get_language())
    if lang == "en":
        return hits
    out = []
    for h in hits:
        ingredients = [
            {**i, "name": display_name_for(i.get("slug") or "", i.get("name") or "", lang)}
            for i in h.ingredients
        ]
        out.append(
            dataclasses.replace(
                h, name=display_name_for(h.slug, h.name, lang), ingredients=ingredients
            )
        )
    return out
