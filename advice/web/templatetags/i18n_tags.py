"""``{{ drug|local_name }}``: what a drug or product is called in the active language
(drugs.translations.display_name, the one rule); ``{{ drug|local_name:"full" }}`` adds the
English record name where it differs: "paracetamol (acetaminophen)"."""

from typing import Any

from django import template
from django.utils.translation import get_language, gettext_lazy

from advice.localize import display_name, display_name_for
from advice.web.forms import ROUTE_LABELS

register = template.Library()


@register.filter
def local_name(obj: Any, mode: str = "") -> str:
    lang = get_language()
    full = mode == "full"
    if obj is None:
        return ""
    data = getattr(obj, "published_data", None)
    if isinstance(data, dict):
        return display_name(data, lang, with_english=full)
    if isinstance(obj, dict):
        if "names" in obj or "ingredients" in obj:
            return display_name(obj, lang, with_english=full)
        return display_name_for(obj.get("slug") or "", obj.get("name") or "", lang)
    slug, name = getattr(obj, "slug", None), getattr(obj, "name", None)
    if isinstance(slug, str) and isinstance(name, str):
        return display_name_for(slug, name, lang, with_english=full)
    return str(obj)


# The monograph's vocabulary codes as words in the active language (drugs.vocabulary holds
# the codes; the curators' English labels live there too).
CODE_LABELS: dict[str, Any] = {
    # kinds
    "drug": gettext_lazy("Drug"),
    "vaccine": gettext_lazy("Vaccine"),
    "biologic": gettext_lazy("Biologic"),
    "radiopharmaceutical": gettext_lazy("Radiopharmaceutical"),
    "contrast": gettext_lazy("Contrast agent"),
    "herbal": gettext_lazy("Herbal product"),
    "substance": gettext_lazy("Substance"),
    # where an RID comes from (advice.engine.types.RidSource)
    "measured": gettext_lazy("measured"),
    "estimated": gettext_lazy("estimated"),
    # regimens
    "single": gettext_lazy("single dose"),
    "chronic": gettext_lazy("regular dosing"),
    # infant effect severity and age group
    "none": gettext_lazy("None reported"),
    "mild": gettext_lazy("Mild"),
    "moderate": gettext_lazy("Moderate"),
    "serious": gettext_lazy("Serious"),
    "any": gettext_lazy("Any age"),
    "neonate": gettext_lazy("Newborn (< 2 months)"),
    "preterm": gettext_lazy("Preterm"),
    "infant": gettext_lazy("Older infant"),
    # effects on lactation
    "decreases_supply": gettext_lazy("Decreases milk supply"),
    "increases_supply": gettext_lazy("Increases milk supply"),
    "no_effect": gettext_lazy("No effect reported"),
    "decreases_prolactin": gettext_lazy("Decreases prolactin"),
    "increases_prolactin": gettext_lazy("Increases prolactin"),
    # pharmacokinetic parameters (with their units, as on the PK table)
    "half_life_h": gettext_lazy("Half-life (h)"),
    "oral_bioavailability_pct": gettext_lazy("Oral bioavailability (%)"),
    "vd_l_per_kg": gettext_lazy("Volume of distribution (L/kg)"),
    "mw_da": gettext_lazy("Molecular weight (Da)"),
    "mp_ratio": gettext_lazy("Milk-to-plasma ratio"),
    "protein_binding_pct": gettext_lazy("Protein binding (%)"),
    "pka": "pKa",
    "logp": "logP",
    "tmax_h": gettext_lazy("Time to peak (h)"),
}


@register.filter
def code_label(code: Any, fallback: str = "") -> str:
    """'chronic' -> 'regular dosing' / 'dosis regulares'; a route -> its form label."""
    key = str(code or "")
    if key in CODE_LABELS:
        return str(CODE_LABELS[key])
    if key in ROUTE_LABELS:
        return str(ROUTE_LABELS[key])
    return fallback or key.replace("_", " ")
