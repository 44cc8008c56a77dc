"""Presentation helpers for verdicts: labels, icons, numbers, citations, cached typical verdicts.

A verdict is always shown as a word plus an icon plus a colour (never colour alone, WCAG 1.4.1).
"""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from drugs.vocabulary import PK_UNITS

register = template.Library()
log = logging.getLogger(__name__)

# label, icon (decorative; the word carries the meaning), plain-language line for parents.
CATEGORY_META: dict[str, tuple[Any, str]] = {
    "compatible": (gettext_lazy("Compatible"), "✓"),
    "use_alternative": (gettext_lazy("Use an alternative"), "⚠"),
    "interrupt": (gettext_lazy("Interrupt breastfeeding"), "◷"),
    "wean": (gettext_lazy("Do not breastfeed (wean)"), "✕"),
}

EVIDENCE_LABELS: dict[str, Any] = {
    "curated": gettext_lazy("curated guidance"),
    "measured": gettext_lazy("measured milk levels"),
    "estimated": gettext_lazy("estimated from pharmacokinetics"),
    "insufficient": gettext_lazy("insufficient data"),
}

NUMBER_LABELS: dict[str, Any] = {
    "rid_pct": gettext_lazy("Relative infant dose (RID)"),
    "rid_peak_pct": gettext_lazy("Peak-level RID after a single dose"),
    "rid_threshold_pct": gettext_lazy("RID threshold used"),
    "infant_dose_mg_per_kg_day": gettext_lazy("Estimated infant dose"),
    "infant_dose_mg_per_day": gettext_lazy("Estimated infant dose per day"),
    "maternal_dose_mg_per_kg_day": gettext_lazy("Maternal dose (weight-adjusted)"),
    "milk_conc_avg_mg_per_l": gettext_lazy("Average milk concentration"),
    "milk_conc_peak_mg_per_l": gettext_lazy("Peak milk concentration"),
    "acceptable_milk_conc_mg_per_l": gettext_lazy("Acceptable milk concentration"),
    "plasma_conc_avg_mg_per_l": gettext_lazy("Average maternal plasma concentration"),
    "plasma_c0_mg_per_l": gettext_lazy("Initial maternal plasma concentration"),
    "clearance_l_per_h": gettext_lazy("Maternal clearance"),
    "oral_bioavailability_used_pct": gettext_lazy("Bioavailability used"),
    "milk_intake_l_per_kg_day": gettext_lazy("Infant milk intake assumed"),
    "half_life_h": gettext_lazy("Half-life"),
    "oral_bioavailability_pct": gettext_lazy("Oral bioavailability"),
    "vd_l_per_kg": gettext_lazy("Volume of distribution"),
    "mw_da": gettext_lazy("Molecular weight"),
    "mp_ratio": gettext_lazy("Milk-to-plasma ratio"),
    "protein_binding_pct": gettext_lazy("Protein binding"),
    "physical_half_life_h": gettext_lazy("Physical half-life"),
    "activity_mbq": gettext_lazy("Administered activity"),
}


@register.filter
def verdict_label(category: Any) -> str:
    return str(CATEGORY_META.get(str(category), (category, "?"))[0])


@register.filter
def evidence_label(evidence: Any) -> str:
    return str(EVIDENCE_LABELS.get(str(evidence), evidence))


@register.filter
def verdict_icon(category: Any) -> str:
    return CATEGORY_META.get(str(category), ("", "?"))[1]


@register.filter
def hours(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    text = f"{number:g}"
    return ngettext("%(n)s hour", "%(n)s hours", 1 if number == 1 else 2) % {"n": text}


@register.filter
def days_between_doses(doses_per_day: Any) -> str:
    """ "7" for 1/7 (or 0.143) doses a day, "3.5" for twice a week; "" for a dose a day or more
    (then the page says "x N/day"), so weekly dosing never reads "x0.143/day"."""
    try:
        per_day = float(doses_per_day)
    except (TypeError, ValueError):
        return ""
    if per_day <= 0 or per_day >= 1:
        return ""
    days = 1.0 / per_day
    return f"{round(days):g}" if abs(days - round(days)) < 0.05 else f"{days:.1f}"


@register.filter
def sig(value: Any, digits: int = 3) -> str:
    """A number with `digits` significant figures, without scientific notation for humans."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number == 0:
        return "0"
    if abs(number) >= 10 ** (digits - 1):
        return f"{number:,.0f}"
    text = f"{number:.{digits}g}"
    if "e" in text:
        text = f"{number:.6f}".rstrip("0").rstrip(".")
    return text


@register.filter
def number_label(key: str) -> str:
    return str(NUMBER_LABELS.get(key, key.replace("_", " ")))


@register.filter
def pk_unit(parameter: str) -> str:
    """The unit printed after a PK value (`drugs.vocabulary.PK_UNITS`); a ratio's label already
    says it is one ("Milk-to-plasma ratio 0.8"), so its unit is not printed again."""
    unit = PK_UNITS.get(parameter, "")
    return "" if unit == "ratio" else unit


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def local_dt(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    # Localised month names (e.g. "14:00 (28 nov 2026)" in Spanish).
    return date_format(timezone.localtime(value), "H:i (j M Y)")


@register.simple_tag
def cite_links(keys: Iterable[str], ref_index: dict[str, int]) -> SafeString:
    """Superscript-like [n] links to the references section, one per citation key."""
    out = []
    for key in dict.fromkeys(keys or ()):
        n = ref_index.get(key)
        if n is None:
            out.append(format_html('<span class="cite">[{}]</span>', key))
        else:
            out.append(
                format_html(
                    '<a class="cite" href="#ref-{}" aria-label="{} {}">[{}]</a>',
                    key,
                    _("Reference"),
                    n,
                    n,
                )
            )
    return format_html_join(" ", "{}", ((o,) for o in out))


@register.inclusion_tag("advice/_chip.html")
def verdict_chip(summary: dict[str, Any] | None) -> dict[str, Any]:
    return {"summary": summary}


# --- Typical-dose verdict chips: one function (advice.services.product_chip) for every page ---
@register.simple_tag
def typical_verdicts(hits: Iterable[Any]) -> dict[str, dict[str, Any] | None]:
    """slug -> typical verdict chip for search hits (the same chip the API serves)."""
    from advice.services import hit_chips

    return hit_chips([h for h in hits if getattr(h, "slug", "")])


_PRODUCT_URLS: dict[tuple[str, str], str] = {}  # (script prefix, slug) -> url


@register.filter
def product_url(item: Any) -> str:
    """The page of a product: a drug, or a combination (ingredient slugs joined by '+')."""
    from django.urls import get_script_prefix, reverse

    slug = getattr(item, "slug", "") or (item.get("slug", "") if isinstance(item, dict) else "")
    if not slug:
        return ""
    key = (get_script_prefix(), slug)
    url = _PRODUCT_URLS.get(key)
    if url is None:  # reverse() costs more than the rest of a suggestion line: kept
        name = "advice:combination" if "+" in slug else "advice:drug"
        url = reverse(name, args=[slug])
        if len(_PRODUCT_URLS) > 20_000:
            _PRODUCT_URLS.clear()
        _PRODUCT_URLS[key] = url
    return url


@register.simple_tag
def site_url() -> str:
    from lactmed import site

    return site.site_url()


@register.filter
def one(value: Any) -> list[Any]:
    """Wrap a single citation key in a list (for cite_links); None -> []."""
    if not value:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@register.filter
def words(value: Any) -> str:
    return str(value or "").replace("_", " ")
