"""``{{ drug|local_name }}``: what a drug or product is called in the active language
(drugs.translations.display_name, the one rule); ``{{ drug|local_name:"full" }}`` adds the
English record name where it differs: "paracetamol (acetaminophen)"."""

from typing import Any

from django import template
from django.utils.translation import get_language

from advice.localize import display_name, display_name_for

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
