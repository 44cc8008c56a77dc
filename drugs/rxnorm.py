"""RxNorm look-ups at query time: RxCUI -> concept, and RxNorm ingredients -> our monographs.

Ingredients are matched by RxCUI (a published monograph whose RxNorm CUI is the ingredient's)
or by exact name: the RxNorm moiety name ("codeine"), then the precise name as written in the
drug name with its salt split off ("Codeine Phosphate" -> "codeine"), against the generic,
synonym and international names of published monographs. Never fuzzy: a name that does not
match exactly maps to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from drugs.models import DrugName, normalize_name
from drugs.rxnorm_models import RxNormConcept, RxNormIngredient
from drugs.rxnorm_names import split_salt
from drugs.selectors import published_drugs, search_index_current

# Pack fillers (placebo tablets) are not ingredients to advise on.
INERT_NAMES = frozenset({"inert ingredients", "inert ingredient"})
_NAME_KINDS = (
    DrugName.NameKind.GENERIC,
    DrugName.NameKind.SYNONYM,
    DrugName.NameKind.INTERNATIONAL,
)


def rxnorm_concept_get(*, rxcui: str) -> RxNormConcept | None:
    rxcui = str(rxcui).strip()
    if not rxcui.isdigit():
        return None
    return RxNormConcept.objects.prefetch_related("ingredients").filter(rxcui=rxcui).first()


_MAPS: dict[str, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {}  # index token -> maps


def _maps() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(RxNorm CUI -> published slug, normalized generic / synonym / international name ->
    published slugs), kept in this process per search-index token: rebuilt at once when a
    monograph is published or retired (the token changes), never read from the cache per
    ingredient."""
    index = search_index_current()
    maps = _MAPS.get(index.token)
    if maps is None:
        cuis = {
            str(cui): slug
            for slug, cui in published_drugs().values_list(
                "published_data__slug", "published_data__rxnorm_cui"
            )
            if cui
        }
        found: dict[str, set[str]] = {}
        # The published search index only: working-copy name rows never reach clinicians.
        for normalized, _name, kind, target, slug, _title in index.rows:
            if target == "drug" and kind in _NAME_KINDS:
                found.setdefault(normalized, set()).add(slug)
        maps = (cuis, {k: tuple(sorted(v)) for k, v in found.items() if k})
        _MAPS.clear()
        _MAPS[index.token] = maps
    return maps


def _published_cui_map() -> dict[str, str]:
    return _maps()[0]


def _published_name_map() -> dict[str, tuple[str, ...]]:
    """Normalized generic / synonym / international name -> published slugs."""
    return _maps()[1]


def ingredient_slug(*, name: str, rxcui: str = "", precise_name: str = "") -> str | None:
    """The published monograph for one RxNorm ingredient, or None (never a near match)."""
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
