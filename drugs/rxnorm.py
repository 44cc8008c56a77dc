"""RxNorm look-ups at query time: RxCUI -> concept, and RxNorm ingredients -> our monographs.

Ingredients are matched by RxCUI (a published monograph whose RxNorm CUI is the ingredient's)
or by exact name: the RxNorm moiety name ("codeine"), then the precise name as written in the
drug name with its salt split off ("Codeine Phosphate" -> "codeine"), against the generic,
synonym and international names of published monographs. Never fuzzy: a name that does not
match exactly maps to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from drugs.models import DrugName, SearchEntry, normalize_name
from drugs.rxnorm_models import RxNormConcept, RxNormIngredient
from drugs.rxnorm_names import split_salt
from drugs.selectors import published_drugs

# Pack fillers (placebo tablets) are not ingredients to advise on.
INERT_NAMES = frozenset({"inert ingredients", "inert ingredient"})
_NAME_KINDS = (
    DrugName.NameKind.GENERIC,
    DrugName.NameKind.SYNONYM,
    DrugName.NameKind.INTERNATIONAL,
)
_CACHE_S = 300


def rxnorm_concept_get(*, rxcui: str) -> RxNormConcept | None:
    rxcui = str(rxcui).strip()
    if not rxcui.isdigit():
        return None
    return RxNormConcept.objects.prefetch_related("ingredients").filter(rxcui=rxcui).first()


def _published_cui_map() -> dict[str, str]:
    key = "rxnorm:cui-slugs"
    mapping = cache.get(key)
    if mapping is None:
        mapping = {
            str(cui): slug
            for slug, cui in published_drugs().values_list(
                "published_data__slug", "published_data__rxnorm_cui"
            )
            if cui
        }
        cache.set(key, mapping, timeout=_CACHE_S)
    return mapping


def _published_name_map() -> dict[str, tuple[str, ...]]:
    """Normalized generic / synonym / international name -> published slugs (cached)."""
    key = "rxnorm:name-slugs"
    mapping = cache.get(key)
    if mapping is None:
        found: dict[str, set[str]] = {}
        # The published search index only: working-copy name rows never reach clinicians.
        rows = SearchEntry.objects.filter(target="drug", kind__in=_NAME_KINDS).values_list(
            "normalized", "slug"
        )
        for normalized, slug in rows:
            found.setdefault(normalized, set()).add(slug)
        mapping = {k: tuple(sorted(v)) for k, v in found.items() if k}
        cache.set(key, mapping, timeout=_CACHE_S)
    return mapping


def ingredient_slug(*, name: str, rxcui: str = "", precise_name: str = "") -> str | None:
    """The published monograph for one RxNorm ingredient, or None (never a near match).

    Cached maps (5 minutes): a monograph published since may take that long to be matched."""
    cuis = _published_cui_map()
    if rxcui and rxcui in cuis:
        return cuis[rxcui]
    names = _published_name_map()
    keys: list[str] = []
    for value in (name, precise_name):
        if not value:
            continue
        keys.append(normalize_name(value))
        base, _salt = split_salt(value)
        keys.append(normalize_name(base))
    for key in dict.fromkeys(k for k in keys if k):
        slugs = names.get(key, ())
        if len(slugs) == 1:
            return slugs[0]
    return None


def ingredient_slugs(*, ingredients: Iterable[tuple[str, str, str]]) -> list[str] | None:
    """Slugs for (name, rxcui, precise_name) ingredients, in order and each once; None when
    any active ingredient has no monograph (a combination is never advised on in part)."""
    slugs: list[str] = []
    for name, rxcui, precise in ingredients:
        if normalize_name(name) in INERT_NAMES:
            continue
        slug = ingredient_slug(name=name, rxcui=rxcui, precise_name=precise)
        if slug is None:
            return None
        if slug not in slugs:
            slugs.append(slug)
    return slugs or None


def concept_ingredient_slugs(concept: RxNormConcept) -> list[str] | None:
    rows: list[RxNormIngredient] = list(concept.ingredients.all())
    return ingredient_slugs(ingredients=((i.name, i.rxcui, i.precise_name) for i in rows))


def published_cui_slug(*, rxcui: str) -> str | None:
    """The published monograph that carries this RxNorm CUI itself (an ingredient code)."""
    return _published_cui_map().get(str(rxcui).strip())
