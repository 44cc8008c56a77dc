"""Monographs in another language: the drug's own name in that language, and translations of
its curated text, reviewed and published with the monograph.

* **Names.** A monograph's Spanish name is its name of kind ``international`` with locale
  ``es`` (the DCI, e.g. "paracetamol" for acetaminophen): a name row like any other, so it is
  reviewed, published and searchable. ``display_name`` is the one function that decides what a
  product is called in a language; every interface uses it (pages, handouts, search lists).
* **Curated text.** ``MonographTranslation`` rows belong to the working copy; the snapshot
  carries them under the key ``"translations"`` (``snapshot_translations``), so approval
  (``approved_hash``) pins them with the English they translate. Each row remembers the
  English it was written for: when that English changes, the translation is *stale*, flagged
  to curators (``is_current``) and never shown to clinicians (``localized`` falls back to the
  current English, marked as English).

The engine never sees any of this: it reads the English snapshot. Pages localise what they
show through ``advice.web.i18n``.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from drugs import vocabulary
from drugs.models import Drug, normalize_name
from drugs.snapshot import CombinationSnapshot, MonographSnapshot
from drugs.translation_models import MonographTranslation

__all__ = [
    "LOCALES",
    "Localized",
    "MonographTranslation",
    "as_snapshot",
    "display_name",
    "display_name_for",
    "is_current",
    "language_of",
    "local_name",
    "localized",
    "name_from_english",
    "seed_translations_replace",
    "snapshot_translations",
    "source_sha",
    "working_english",
]

# Languages with their own drug names and translated curated text ("en" is the source).
LOCALES = ("es",)
Section = vocabulary.TextSection


def language_of(lang: str | None) -> str:
    """'es-MX' -> 'es'; anything without translations -> 'en'."""
    base = (lang or "en").split("-")[0].lower()
    return base if base in LOCALES else "en"


def source_sha(text: str) -> str:
    """Names the English a translation was written for (whitespace-insensitive)."""
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()[:16]


# --- Working copy ---------------------------------------------------------------------------
def working_english(drug: Drug, section: str, ref: str = "") -> list[str]:
    """The current English text(s) of the working copy that (section, ref) translates."""
    if section == Section.SUMMARY:
        return [drug.summary or ""]
    if section == Section.GUIDANCE:
        return [g.rationale for g in drug.guidance.all() if g.key == ref]
    if section == Section.INFANT_EFFECT:
        return [e.description for e in drug.infant_effects.all()]
    if section == Section.LACTATION_EFFECT:
        return [e.description for e in drug.lactation_effects.all()]
    alts = [a for a in drug.alternatives.select_related("alternative") if a.alternative.slug == ref]
    if section == Section.ALTERNATIVE:
        return [a.reason for a in alts]
    if section == Section.INDICATION:
        return [a.indication for a in alts]
    return []


def is_current(row: MonographTranslation) -> bool:
    """The translation still matches the English of its monograph's working copy."""
    wanted = source_sha(row.source_text)
    return any(
        source_sha(t) == wanted for t in working_english(row.drug, row.section, row.ref) if t
    )


def snapshot_translations(drug: Drug) -> list[dict[str, Any]]:
    """The snapshot's ``"translations"``: every translation with the English it was for."""
    return [
        {
            "locale": t.locale,
            "section": t.section,
            "ref": t.ref,
            "text": t.text,
            "source_sha": source_sha(t.source_text),
        }
        for t in drug.translations.order_by("locale", "section", "ref", "source_text", "id")
    ]


def seed_translations_replace(drug: Drug, entry: dict[str, Any], editor: Any) -> None:
    """Replace a seed monograph's translations with the seed's (``drugs.seed`` calls it)."""
    from simple_history.utils import bulk_create_with_history

    for row in drug.translations.all():
        row._history_user = editor
        row.delete()
    bulk_create_with_history(
        [
            MonographTranslation(
                drug=drug,
                locale=t["locale"],
                section=t["section"],
                ref=t.get("ref") or "",
                source_text=t["source"],
                text=t["text"],
                origin=MonographTranslation.Origin.SEED,
            )
            for t in entry.get("translations") or []
        ],
        MonographTranslation,
        default_user=editor,
    )


# --- Published snapshots: what a clinician sees ----------------------------------------------
@dataclass(frozen=True, slots=True)
class Localized:
    text: str
    translated: bool  # False: the English is shown (no translation, or a stale one)
    stale: bool = False  # a translation exists but was written for other English


def as_snapshot(data: Any) -> Any:
    """A typed snapshot (``drugs.snapshot``) from a stored snapshot's JSON or a typed one."""
    if data is None or isinstance(data, MonographSnapshot | CombinationSnapshot):
        return data
    if isinstance(data, dict) and data.get("kind") == "combination":
        return CombinationSnapshot.parse(data)
    return MonographSnapshot.parse(data or {"slug": "", "name": ""})


def _attr(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def localized(
    data: Any, section: str, english: str, lang: str | None, *, ref: str = ""
) -> Localized:
    """A curated text of a published snapshot in ``lang``: its current translation, else the
    English (``translated=False``; ``stale`` when the translation no longer matches)."""
    locale = language_of(lang)
    if locale == "en" or not english:
        return Localized(english, translated=locale == "en" or not english)
    wanted = source_sha(english)
    stale = False
    for t in _attr(data, "translations") or ():
        if _attr(t, "locale") != locale or str(_attr(t, "section")) != str(section):
            continue
        if (_attr(t, "ref") or "") != ref:
            continue
        if _attr(t, "source_sha") == wanted and _attr(t, "text"):
            return Localized(_attr(t, "text"), translated=True)
        stale = stale or section in vocabulary.KEYED_TEXT_SECTIONS or section == Section.SUMMARY
    return Localized(english, translated=False, stale=stale)


def local_name(names: Any, lang: str | None) -> str | None:
    """The monograph's own name in ``lang`` from its snapshot names (None: use the English)."""
    locale = language_of(lang)
    if locale == "en":
        return None
    found = sorted(
        _attr(n, "name")
        for n in names or ()
        if str(_attr(n, "kind")) == "international"
        and (_attr(n, "locale") or "").split("-")[0] == locale
    )
    return found[0] if found else None


def _with_english(name: str, english: str, with_english: bool) -> str:
    if with_english and normalize_name(name) != normalize_name(english):
        return f"{name} ({english})"
    return name


def display_name(data: Any, lang: str | None, *, with_english: bool = False) -> str:
    """What a published drug or combination is called in ``lang``: 'paracetamol' in Spanish
    (with ``with_english``: 'paracetamol (acetaminophen)'), its record name in English. A
    combination joins its ingredients' names ('oxicodona y paracetamol'). ``data`` is the
    published snapshot (typed, or its JSON)."""
    english = _attr(data, "name") or ""
    if language_of(lang) == "en":
        return english
    if str(_attr(data, "kind")) == "combination":
        parts = [
            display_name_for(_attr(i, "slug"), _attr(i, "name") or "", lang)
            for i in _attr(data, "ingredients") or ()
        ]
        name = _and(parts, lang)
    else:
        name = local_name(_attr(data, "names"), lang) or english
    return _with_english(name, english, with_english)


def _and(parts: list[str], lang: str | None) -> str:
    from django.utils.translation import gettext, override

    with override(lang):
        word = gettext("and")
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


_NAMES_LOCK = threading.Lock()
_NAMES: dict[tuple[int, str], tuple[dict[str, str], dict[str, str]]] = {}


def _name_tables(locale: str) -> tuple[dict[str, str], dict[str, str]]:
    """(slug -> name in ``locale``, English record name -> name in ``locale``) for every
    published monograph: one query per search version and process (a publish bumps it)."""
    from drugs.selectors import published_drugs, search_version

    version = search_version()
    key = (version, locale)
    found = _NAMES.get(key)
    if found is not None:
        return found
    by_slug: dict[str, str] = {}
    by_english: dict[str, str] = {}
    rows = published_drugs().values_list("slug", "published_data__name", "published_data__names")
    for slug, english, names in rows:
        name = local_name(names, locale)
        if name:
            by_slug[slug] = name
            by_english[english] = name
    with _NAMES_LOCK:
        for old in [k for k in _NAMES if k[0] != version]:
            _NAMES.pop(old, None)
        _NAMES[key] = (by_slug, by_english)
    return by_slug, by_english


def _names_by_slug(locale: str) -> dict[str, str]:
    return _name_tables(locale)[0]


def name_from_english(english: str, lang: str | None) -> str:
    """A drug's name in ``lang`` from its English record name (as the engine writes it)."""
    locale = language_of(lang)
    if locale == "en":
        return english
    return _name_tables(locale)[1].get(english, english)


def display_name_for(
    slug: str, english: str, lang: str | None, *, with_english: bool = False
) -> str:
    """``display_name`` when only a drug's slug and English name are at hand (alternatives,
    search hits, ingredients): the published snapshot's name in ``lang``."""
    locale = language_of(lang)
    if locale == "en":
        return english
    if "+" in slug:  # a combination's slug joins its ingredients'
        parts = [_names_by_slug(locale).get(s, s.replace("-", " ")) for s in slug.split("+")]
        return _with_english(_and(parts, lang), english, with_english)
    name = _names_by_slug(locale).get(slug) or english
    return _with_english(name, english, with_english)
