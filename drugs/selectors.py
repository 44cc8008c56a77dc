"""Reads of monographs: what clinicians may see, and the search selector.

Only published, non-retired monographs are returned by anything in this module.
Search ranks exact > prefix > fuzzy. On PostgreSQL fuzzy matching uses pg_trgm (GIN index,
see migration 0002); on SQLite it uses difflib over a cached in-memory list of names.
Look-alike names (ISMP confused-name pairs) never resolve silently to each other: when one of a
pair matches, its partner is listed too, flagged as a look-alike.
"""

import difflib
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet

from drugs.models import CombinationProduct, Drug, DrugName, Status, normalize_name

# Confused drug-name pairs from the ISMP List of Confused Drug Names
# (https://www.ismp.org/recommendations/confused-drug-names-list).
LOOKALIKE_PAIRS: tuple[tuple[str, str], ...] = (
    ("hydroxyzine", "hydralazine"),
    ("clonidine", "clonazepam"),
    ("hydromorphone", "morphine"),
    ("hydrocodone", "oxycodone"),
    ("tramadol", "trazodone"),
    ("sertraline", "cetirizine"),
    ("lamotrigine", "levothyroxine"),
    ("methimazole", "metolazone"),
    ("metformin", "metronidazole"),
    ("fluoxetine", "paroxetine"),
    ("prednisone", "prednisolone"),
    ("risperidone", "ropinirole"),
    ("labetalol", "lamotrigine"),
    ("carboplatin", "cisplatin"),
)

EXACT, PREFIX, FUZZY, LOOKALIKE = "exact", "prefix", "fuzzy", "lookalike"
_RANK = {EXACT: 0, PREFIX: 1, FUZZY: 2, LOOKALIKE: 3}
_KIND_RANK = {
    "generic": 0,
    "brand": 1,
    "international": 2,
    "synonym": 3,
    "abbreviation": 4,
    "class": 5,
}
FUZZY_MIN_SIMILARITY = 0.2  # pg_trgm similarity pre-filter
FUZZY_MIN_RATIO = 0.72  # difflib ratio a misspelling must reach to be suggested
# A misspelling resolves on its own only when this close ('sertaline' 0.95, 'ibuprofin' 0.89;
# 'clonidine' vs codeine is ~0.75 and must not resolve).
FUZZY_RESOLVE_RATIO = 0.85


def published_drugs() -> QuerySet[Drug]:
    """Monographs clinicians may see (a reviewed revision exists and it is not retired)."""
    return Drug.objects.filter(published_data__isnull=False).exclude(status=Status.RETIRED)


def drug_get_published(*, slug: str) -> Drug:
    """The visible monograph for ``slug``; raises Drug.DoesNotExist otherwise."""
    return (
        published_drugs()
        .only(
            "id",
            "slug",
            "name",
            "kind",
            "published_data",
            "published_revision",
            "stale",
            "last_reviewed_at",
            "status",
        )
        .get(slug=slug)
    )


@dataclass
class SearchHit:
    slug: str
    name: str
    kind: str
    classes: list[str]
    matched_name: str
    matched_kind: str
    match: str  # exact | prefix | fuzzy | lookalike
    score: float = 1.0
    lookalike_of: str | None = None
    combination: str | None = None
    ingredients: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "classes": self.classes,
            "matched_name": self.matched_name,
            "matched_kind": self.matched_kind,
            "match": self.match,
            "lookalike_of": self.lookalike_of,
            "combination": self.combination,
            "ingredients": self.ingredients,
        }


def _version() -> int:
    from drugs.services import SEARCH_VERSION_KEY

    return int(cache.get(SEARCH_VERSION_KEY) or 0)


def _name_rows() -> list[tuple[str, str, str, int]]:
    """(normalized, display name, kind, drug id) for visible monographs, cached per version."""
    key = f"drugs:names:{_version()}"
    rows = cache.get(key)
    if rows is None:
        rows = list(
            DrugName.objects.filter(drug__published_data__isnull=False)
            .exclude(drug__status=Status.RETIRED)
            .values_list("normalized", "name", "kind", "drug_id")
        )
        cache.set(key, rows, timeout=3600)
    return rows


def _fuzzy_candidates(q: str, limit: int) -> list[tuple[str, str, str, int, float]]:
    if settings.USING_POSTGRES:
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db import connection

        with connection.cursor() as cursor:
            # The % operator (GIN-indexed) uses this threshold; pg_trgm's default 0.3 misses
            # short misspellings, and difflib below makes the final cut either way.
            cursor.execute("SET pg_trgm.similarity_threshold = %s", [FUZZY_MIN_SIMILARITY])

        qs = (
            DrugName.objects.filter(drug__published_data__isnull=False)
            .exclude(drug__status=Status.RETIRED)
            .filter(normalized__trigram_similar=q)
            .annotate(similarity=TrigramSimilarity("normalized", q))
            .filter(similarity__gte=FUZZY_MIN_SIMILARITY)
            .order_by("-similarity")
            .values_list("normalized", "name", "kind", "drug_id")[: limit * 3]
        )
        # Re-score with the same ratio as the SQLite path so both rank and resolve alike.
        scored = [(*row, difflib.SequenceMatcher(None, q, row[0]).ratio()) for row in qs]
        return [row for row in scored if row[4] >= FUZZY_MIN_RATIO]
    rows = _name_rows()
    by_norm: dict[str, list[tuple[str, str, str, int]]] = {}
    for row in rows:
        by_norm.setdefault(row[0], []).append(row)
    close = difflib.get_close_matches(q, list(by_norm), n=limit * 2, cutoff=FUZZY_MIN_RATIO)
    out = []
    for norm in close:
        ratio = difflib.SequenceMatcher(None, q, norm).ratio()
        for row in by_norm[norm]:
            out.append((*row, ratio))
    return out


def _combination_hits(q: str) -> list[SearchHit]:
    hits = []
    qs = CombinationProduct.objects.filter(
        Q(normalized=q) | Q(normalized__startswith=q)
    ).prefetch_related("ingredients")[:5]
    for combo in qs:
        ingredients = [d for d in combo.ingredients.all() if d.is_visible]
        if not ingredients:
            continue
        first = ingredients[0]
        hits.append(
            SearchHit(
                slug=first.slug,
                name=" + ".join(d.name for d in ingredients),
                kind="combination",
                classes=[],
                matched_name=combo.name,
                matched_kind="brand",
                match=EXACT if combo.normalized == q else PREFIX,
                combination=combo.name,
                ingredients=[{"slug": d.slug, "name": d.name} for d in ingredients],
            )
        )
    return hits


def drug_search(*, q: str, limit: int = 10) -> list[SearchHit]:
    """Search visible monographs by generic, brand, synonym, international name or class."""
    nq = normalize_name(q)
    if len(nq) < 2:
        return []
    digest = hashlib.sha1(nq.encode(), usedforsecurity=False).hexdigest()
    cache_key = f"drugs:search:{_version()}:{limit}:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached

    candidates: list[tuple[str, str, str, int, str, float]] = []
    base = DrugName.objects.filter(drug__published_data__isnull=False).exclude(
        drug__status=Status.RETIRED
    )
    for norm, name, kind, drug_id in base.filter(
        Q(normalized__startswith=nq) | Q(normalized__contains=f" {nq}")
    ).values_list("normalized", "name", "kind", "drug_id")[:200]:
        match = EXACT if norm == nq else PREFIX
        candidates.append((norm, name, kind, drug_id, match, 1.0))
    if not any(c[4] == EXACT for c in candidates) and len(candidates) < limit:
        for norm, name, kind, drug_id, sim in _fuzzy_candidates(nq, limit):
            candidates.append((norm, name, kind, drug_id, FUZZY, float(sim)))

    best: dict[int, tuple[str, str, str, int, str, float]] = {}
    for cand in candidates:
        current = best.get(cand[3])
        if current is None or _sort_key(cand) < _sort_key(current):
            best[cand[3]] = cand
    ordered = sorted(best.values(), key=_sort_key)[:limit]
    drugs = {
        d.id: d
        for d in published_drugs()
        .filter(id__in=[c[3] for c in ordered])
        .only("id", "slug", "name", "kind", "published_data")
    }
    hits = _combination_hits(nq)
    for _norm, name, kind, drug_id, match, score in ordered:
        drug = drugs.get(drug_id)
        if drug is None:
            continue
        hits.append(
            SearchHit(
                slug=drug.slug,
                name=drug.name,
                kind=drug.kind,
                classes=list((drug.published_data or {}).get("classes", [])),
                matched_name=name,
                matched_kind=kind,
                match=match,
                score=score,
            )
        )
    hits = _add_lookalikes(hits)[: limit + 2]
    cache.set(cache_key, hits, timeout=600)
    return hits


def _sort_key(cand: tuple[str, str, str, int, str, float]) -> tuple[int, float, int, int]:
    norm, _name, kind, _drug_id, match, score = cand
    return (_RANK[match], -score, _KIND_RANK.get(kind, 9), len(norm))


def _add_lookalikes(hits: list[SearchHit]) -> list[SearchHit]:
    present = {h.name.lower() for h in hits}
    extra: list[SearchHit] = []
    partners = {}
    for a, b in LOOKALIKE_PAIRS:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    wanted = []
    for hit in hits:
        for partner in partners.get(hit.name.lower(), []):
            if partner not in present and partner not in wanted:
                wanted.append(partner)
                extra.append(
                    SearchHit(
                        slug="",
                        name=partner,
                        kind="",
                        classes=[],
                        matched_name=partner,
                        matched_kind="generic",
                        match=LOOKALIKE,
                        score=0.0,
                        lookalike_of=hit.name,
                    )
                )
    if not extra:
        return hits
    found = {
        d.name.lower(): d
        for d in published_drugs()
        .filter(name__in=wanted)
        .only("slug", "name", "kind", "published_data")
    }
    for hit in extra:
        drug = found.get(hit.name)
        if drug is None:
            continue
        hit.slug, hit.name, hit.kind = drug.slug, drug.name, drug.kind
        hit.classes = list((drug.published_data or {}).get("classes", []))
        hits.append(hit)
    return hits


class DrugNotFound(Exception):
    """No monograph matches; carries "did you mean" suggestions."""

    def __init__(self, query: str, suggestions: list[SearchHit]):
        self.query = query
        self.suggestions = suggestions
        names = ", ".join(h.name for h in suggestions[:5])
        hint = f" Did you mean: {names}?" if names else ""
        super().__init__(f"No published monograph matches '{query}'.{hint}")


class DrugAmbiguous(DrugNotFound):
    """Several monographs match (e.g. look-alike names); the user must choose."""

    def __init__(self, query: str, suggestions: list[SearchHit]):
        super().__init__(query, suggestions)
        names = ", ".join(h.name for h in suggestions[:5])
        self.args = (f"'{query}' could mean several drugs: {names}. Please choose one.",)


def drug_resolve(*, name: str) -> tuple[Drug, list[Drug]]:
    """Resolve a typed name to one monograph (and, for a combination, all its ingredients).

    Exact names (generic, brand, synonym) resolve directly; a misspelling resolves only when a
    single fuzzy candidate stands out and it is not one of a look-alike pair.
    """
    nq = normalize_name(name)
    if not nq:
        raise DrugNotFound(name, [])
    try:
        drug = published_drugs().get(slug=name)
        return drug, [drug]
    except Drug.DoesNotExist:
        pass
    combo = CombinationProduct.objects.filter(normalized=nq).prefetch_related("ingredients").first()
    if combo is not None:
        ingredients = [d for d in combo.ingredients.all() if d.is_visible]
        if ingredients:
            return ingredients[0], ingredients
    hits = drug_search(q=name, limit=8)
    real = [h for h in hits if h.match != LOOKALIKE and h.slug and h.combination is None]
    exact = {h.slug for h in real if h.match == EXACT}
    if len(exact) == 1:
        drug = published_drugs().get(slug=exact.pop())
        return drug, [drug]
    if len(exact) > 1:
        raise DrugAmbiguous(name, [h for h in real if h.match == EXACT])
    lookalikes = [h for h in hits if h.match == LOOKALIKE]
    fuzzy = [h for h in real if h.match == FUZZY]
    prefix = [h for h in real if h.match == PREFIX]
    if len(prefix) == 1 and not fuzzy:
        drug = published_drugs().get(slug=prefix[0].slug)
        return drug, [drug]
    if fuzzy and not prefix and not lookalikes:
        top = fuzzy[0]
        runner_up = fuzzy[1].score if len(fuzzy) > 1 else 0.0
        if top.score >= FUZZY_RESOLVE_RATIO and top.score - runner_up >= 0.1:
            drug = published_drugs().get(slug=top.slug)
            return drug, [drug]
    if prefix or (fuzzy and lookalikes):
        raise DrugAmbiguous(name, real + lookalikes)
    # Only distant spellings: not a match, but offer them.
    raise DrugNotFound(name, hits)
