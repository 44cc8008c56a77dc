"""Reads for clinicians: published monographs, the search, and the one product resolver.

Everything here reads published snapshots only: the search index (``SearchEntry``, rebuilt
from snapshots at publish) and ``published_data``. Working-copy rows are for the curation
admin alone.

``product_resolve`` turns a query (a typed name, a brand, a generic combination in any usual
spelling, an RxNorm-style name or an order text) into a *product* — one ingredient or a
combination — or into "not found" with suggestions that are never the answer. A result is the
product the user named: an exact generic name, brand, synonym or international name, a
curated abbreviation, a combination of such names, or an unambiguous misspelling within a
small edit distance of a drug's own name or brand (then the resolution says "showing results
for X — you typed Y"). Prefix matches, names that merely contain the query, and distant
spellings are suggestions. A class or indication query ("SSRI", "birth control") lists the
class's members and never resolves to one of them. ``drug_search`` gives the ordered
suggestion list the pages and the API show, from the same computation.
"""

import contextvars
import copy
import difflib
import functools
import json
import pickle
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.models import Q, QuerySet, Subquery

from drugs.known_substances import known_substances, other_substance_near
from drugs.models import (
    CombinationProduct,
    Drug,
    SearchEntry,
    SearchVersion,
    Status,
    combination_slug,
    normalize_name,
)
from drugs.product_names import damerau_levenshtein, product_words, segment
from drugs.search_index import ROW_FIELDS, MemoryIndex, Row, memory_index

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
# Queries that name a class or an indication rather than a drug: each lists what a member's
# name or class text must contain (all words of one pattern; any pattern).
CLASS_QUERIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ssri": (("ssri",),),
    "snri": (("snri",),),
    "nsaid": (("nsaid",),),
    "statin": (("statin",),),
    "opioid": (("opioid",),),
    "narcotic": (("opioid",),),
    "benzo": (("benzodiazepine",),),
    "benzodiazepine": (("benzodiazepine",),),
    "antibiotic": (("antibiotic",),),
    "antihistamine": (("antihistamine",),),
    "antidepressant": (("antidepressant",),),
    "antipsychotic": (("antipsychotic",),),
    "antiepileptic": (("antiepileptic",),),
    "anticonvulsant": (("antiepileptic",),),
    "triptan": (("triptan",),),
    "steroid": (("corticosteroid",),),
    "laxative": (("laxative",),),
    "ppi": (("proton pump",),),
    "galactagogue": (("galactagogue",),),
    "birth control": (("contraceptive",),),
    "contraception": (("contraceptive",),),
    "contraceptive": (("contraceptive",),),
    "the pill": (("contraceptive",),),
    "mri contrast": (("gadolinium",),),
    "gadolinium": (("gadolinium",),),
    "gadolinium contrast": (("gadolinium",),),
    "ct contrast": (("iodinated contrast",),),
    "iodinated contrast": (("iodinated contrast",),),
    "contrast": (("contrast",),),
    "contrast dye": (("contrast",),),
    "vaccine": (("vaccine",),),
    "flu vaccine": (("influenza", "vaccine"),),
    "flu shot": (("influenza", "vaccine"),),
    "influenza vaccine": (("influenza", "vaccine"),),
    "thyroid": (("thyroid",),),
    "thyroid hormone": (("thyroid hormone",),),
    "local anesthetic": (("local anaesthetic",),),
    "local anaesthetic": (("local anaesthetic",),),
}

EXACT, PREFIX, MISSPELLING, COMBINATION, CLASS = (
    "exact",
    "prefix",
    "misspelling",
    "combination",
    "class",
)
RELATED, FUZZY, LOOKALIKE = "related", "fuzzy", "lookalike"  # suggestions, never answers
ANSWER_KINDS = ("generic", "brand", "synonym", "international", "abbreviation")
PREFIX_KINDS = ("generic", "brand", "international")
MIN_ANSWER_CHARS = 3  # shorter queries answer only through the curated abbreviation list
MISSPELLING_MIN_CHARS = 5  # shorter queries are never read as a misspelling
FUZZY_MIN_SIMILARITY = 0.2  # pg_trgm pre-filter
FUZZY_MIN_RATIO = 0.72  # difflib ratio a suggestion must reach
PREFIX_CANDIDATES = 300  # names starting with the query looked at, at most
_KIND_RANK = {k: i for i, k in enumerate((*ANSWER_KINDS, "class"))}
_MATCH_RANK = {
    m: i for i, m in enumerate((EXACT, COMBINATION, MISSPELLING, CLASS, PREFIX, RELATED, FUZZY))
}
_LOOKALIKES: dict[str, list[str]] = {}
for _a, _b in LOOKALIKE_PAIRS:
    _LOOKALIKES.setdefault(_a, []).append(_b)
    _LOOKALIKES.setdefault(_b, []).append(_a)


# One copy of the index per call: the public reads below run in a scope that fetches it once.
_SCOPE: contextvars.ContextVar[MemoryIndex | None] = contextvars.ContextVar(
    "lactrx_search_index", default=None
)
_F = TypeVar("_F", bound=Callable[..., Any])


def _scoped(func: _F) -> _F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _SCOPE.get() is not None:
            return func(*args, **kwargs)
        token = _SCOPE.set(memory_index())
        try:
            return func(*args, **kwargs)
        finally:
            _SCOPE.reset(token)

    return cast(_F, wrapper)


def _index() -> MemoryIndex:
    return _SCOPE.get() or memory_index()


def search_index_current() -> MemoryIndex:
    """The published search index this call reads (fetched once per ``with_search_index``)."""
    return _index()


def with_search_index(func: _F) -> _F:
    """Run ``func`` (e.g. one CDS call) reading one copy of the index throughout."""
    return _scoped(func)


def published_drugs() -> QuerySet[Drug]:
    """Monographs clinicians may see (a reviewed revision exists and it is not retired)."""
    return Drug.objects.filter(published_data__isnull=False).exclude(status=Status.RETIRED)


def published_combinations() -> QuerySet[CombinationProduct]:
    return CombinationProduct.objects.filter(published_data__isnull=False).exclude(
        status=Status.RETIRED
    )


def as_published(drug: Drug) -> Drug:
    """The row as clinicians know it: its slug, name and kind from the published snapshot
    (in memory only; never saved), so an unreviewed rename changes no page, link or card."""
    data = drug.published_data or {}
    # Read a field only when the snapshot lacks it: a deferred one would cost a query each.
    for field_name in ("slug", "name", "kind"):
        if field_name in data:
            setattr(drug, field_name, data[field_name])
    return drug


def _by_published_slug(slugs: list[str]) -> Q:
    """Rows whose published slug is one of ``slugs``: by primary key for the slugs the
    published search index knows (an index scan; the snapshot's slug is then checked on those
    rows only), by the snapshot's slug for any other (which reads every snapshot)."""
    pks = _index().drug_pks
    known = [s for s in slugs if s in pks]
    unknown = [s for s in slugs if s not in pks]
    found = Q(pk__in=[pks[s] for s in known], published_data__slug__in=known) if known else Q()
    if unknown:
        rest = Q(published_data__slug__in=unknown)
        found = found | rest if known else rest
    return found


def published_drugs_by_slug(slugs: list[str] | tuple[str, ...], *fields: str) -> list[Drug]:
    """Visible monographs by their *published* slugs, as clinicians know them."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    qs = published_drugs().filter(_by_published_slug(slugs))
    if fields:
        qs = qs.only(*fields)
    return [as_published(d) for d in qs]


_PUBLISHED: dict[str, dict[str, Drug | None]] = {}  # index token -> published slug -> row
PUBLISHED_FIELDS = ("slug", "name", "kind", "published_data", "published_revision", "published_at")


@_scoped
def published_drugs_for(slugs: list[str] | tuple[str, ...]) -> dict[str, Drug]:
    """Visible monographs by published slug (slug -> a copy of the row with PUBLISHED_FIELDS),
    kept in this process per search-index token: the token changes at every publish, retire
    or reseed (and with the search version), so a republished monograph is read at once."""
    token = _index().token
    known = _PUBLISHED.get(token)
    if known is None:
        _PUBLISHED.clear()
        known = _PUBLISHED.setdefault(token, {})
    missing = [s for s in dict.fromkeys(slugs) if s not in known]
    if missing:
        found = {d.slug: d for d in published_drugs_by_slug(missing, *PUBLISHED_FIELDS)}
        for slug in missing:
            known[slug] = found.get(slug)
    out = {}
    for slug in slugs:
        drug = known.get(slug)
        if drug is not None:
            out[slug] = copy.copy(drug)
    return out


_STAMP_SENTINEL = "\x00stamp-slug\x00"
_STAMP_SQL: dict[str, tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}  # vendor -> compiled


def _stamp_sql(using: str) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
    """The stamp query, compiled by the ORM once per database vendor: (sql, params, the
    positions of the slug in params). It runs on every drug page view, where building the
    query cost more than running it."""
    vendor = connections[using].vendor
    if vendor not in _STAMP_SQL:
        version = SearchVersion.objects.filter(pk=1).values("value")[:1]
        qs = (
            published_drugs()
            .filter(slug=_STAMP_SENTINEL)
            .annotate(search_version_now=Subquery(version))
            .values_list(
                "pk", "published_revision", "stale", "published_data__slug", "search_version_now"
            )
            .order_by()[:1]
        )
        sql, params = qs.query.get_compiler(using).as_sql()
        where = tuple(i for i, p in enumerate(params) if p == _STAMP_SENTINEL)
        _STAMP_SQL[vendor] = (sql, tuple(params), where)
    return _STAMP_SQL[vendor]


def drug_published_stamp(*, slug: str) -> tuple[int, int, bool] | None:
    """(row id, published revision, stale flag) of the visible monograph at ``slug``, read in
    one query that also reads the search version (remembered for this request, see
    ``search_version``): all a cached page needs to know it is still current. None when no
    visible monograph's working and published slugs are both ``slug`` (an unreviewed rename:
    read it with ``drug_get_published``)."""
    using = Drug.objects.db
    sql, params, where = _stamp_sql(using)
    bound = list(params)
    for i in where:
        bound[i] = slug
    with connections[using].cursor() as cursor:
        cursor.execute(sql, bound)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, revision, stale, published_slug, current = row
    if isinstance(published_slug, str) and published_slug.startswith('"'):
        published_slug = json.loads(published_slug)  # a JSON value, as PostgreSQL gives it
    if published_slug != slug:  # an unreviewed rename: the published slug is another
        return None
    memo = _version_memo.get()
    if memo is not None and "v" not in memo:
        memo["v"] = current or 0
    return pk, revision, bool(stale)


def drug_get_published(*, slug: str) -> Drug:
    """The visible monograph for ``slug``; raises Drug.DoesNotExist otherwise."""
    return as_published(
        published_drugs()
        .only(
            "id",
            "slug",
            "name",
            "kind",
            "published_data",
            "published_revision",
            "published_at",
            "stale",
            "last_reviewed_at",
            "status",
        )
        .get(_by_published_slug([slug]))
    )


# --- Products --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ingredient:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Product:
    """What a query resolves to: one ingredient, or a combination of them."""

    slug: str  # a drug slug, or ingredient slugs joined by '+'
    name: str
    ingredients: tuple[Ingredient, ...]
    brands: tuple[str, ...] = ()
    curated: bool = True  # False: a combination the user wrote that no product row lists

    @property
    def is_combination(self) -> bool:
        return len(self.ingredients) > 1

    @property
    def target(self) -> str:
        return "combination" if self.is_combination else "drug"

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.target,
            "ingredients": [{"slug": i.slug, "name": i.name} for i in self.ingredients],
            "brands": list(self.brands),
            "curated": self.curated,
        }


@dataclass
class SearchHit:
    slug: str
    name: str
    kind: str  # the monograph's kind, or "combination"
    classes: list[str]
    matched_name: str
    matched_kind: str
    match: str  # exact | combination | misspelling | class | prefix | related | fuzzy | lookalike
    score: float = 1.0
    lookalike_of: str | None = None
    combination: str | None = None
    ingredients: list[dict[str, str]] = field(default_factory=list)

    @property
    def target(self) -> str:
        return "combination" if self.ingredients else "drug"

    @property
    def is_suggestion(self) -> bool:
        """A name offered for the user to check, not the drug they typed."""
        return self.match in (RELATED, FUZZY, LOOKALIKE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "target": self.target,
            "classes": self.classes,
            "matched_name": self.matched_name,
            "matched_kind": self.matched_kind,
            "match": self.match,
            "lookalike_of": self.lookalike_of,
            "combination": self.combination,
            "ingredients": self.ingredients,
        }


FOUND, AMBIGUOUS, CLASS_QUERY, NOT_FOUND = "found", "ambiguous", "class", "not_found"

# Searching inside NLM's LactMed book on NCBI Bookshelf (NBK501922): NLM's own instructions
# ("Accessing LactMed Content from NCBI Bookshelf", nlm.nih.gov/toxnet) are to search within the
# book, whose search takes `?term=`. A link for the clinician to follow, never a citation.
LACTMED_SEARCH_URL = "https://www.ncbi.nlm.nih.gov/books/NBK501922/?term={term}"


def lactmed_search_url(name: str) -> str:
    """Where to look a name up in LactMed on NCBI when LactRx has no monograph for it."""
    return LACTMED_SEARCH_URL.format(term=urllib.parse.quote_plus(" ".join(name.split())))


@dataclass
class Resolution:
    """The outcome of resolving one query. Only ``found`` carries a product (the answer)."""

    query: str
    status: str  # found | ambiguous | class | not_found
    product: Product | None = None
    match: str | None = None
    matched_name: str | None = None
    note: str | None = None  # e.g. "Showing results for valacyclovir — you typed …"
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def suggestions(self) -> list[SearchHit]:
        return [h for h in self.hits if h.slug]

    @property
    def no_monograph(self) -> bool:
        """Nothing to answer with: no drug by that name (nor a class with members)."""
        return self.status == NOT_FOUND or (self.status == CLASS_QUERY and not self.suggestions)

    @property
    def lactmed_search_url(self) -> str | None:
        """A LactMed (NCBI) search for the name typed, when LactRx has no monograph for it."""
        return lactmed_search_url(self.query) if self.no_monograph and self.query.strip() else None

    @property
    def message(self) -> str:
        names = ", ".join(dict.fromkeys(h.name for h in self.suggestions[:6]))
        if self.status == AMBIGUOUS:
            return f"'{self.query}' could mean several drugs: {names}. Please choose one."
        if self.status == CLASS_QUERY:
            if names:
                return f"'{self.query}' is a group of drugs; choose one: {names}."
            return f"LactRx has no monograph in the group '{self.query}'."
        hint = f" Did you mean: {names}?" if names else ""
        return f"LactRx has no monograph for '{self.query}'.{hint}"


class DrugNotFound(Exception):
    """No single product matches; carries suggestions (never the answer)."""

    def __init__(self, resolution: Resolution):
        self.resolution = resolution
        self.query = resolution.query
        self.suggestions = resolution.suggestions
        super().__init__(resolution.message)


# --- The index -------------------------------------------------------------------------------
# Exact, prefix, word, class, product and fuzzy lookups read this process's copy of the
# published index (drugs.search_index.memory_index, rebuilt when the search version moves).
# Read from the database once per request (the memo lives from request_started to
# request_finished, in the request's own context); outside a request (tasks, commands, tests
# calling services directly) every call reads it.
_version_memo: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "search_version_memo", default=None
)


def search_version() -> int:
    """The version every cached search result and verdict chip is keyed on (see
    drugs.models.SearchVersion). A database read: with the database down it raises, so a
    cached verdict is never shown during an outage. Within one index scope it is the version
    of the index copy being read."""
    scoped = _SCOPE.get()
    if scoped is not None:
        return scoped.version
    memo = _version_memo.get()
    if memo is not None and "v" in memo:
        return memo["v"]
    value = _search_version_read()
    if memo is not None:
        memo["v"] = value
    return value


def _search_version_read() -> int:
    # Every request reads it: the SQL is written once rather than built by the ORM each time.
    using = SearchVersion.objects.db
    connection = connections[using]
    meta = SearchVersion._meta
    # Only quoted model table and column names are formatted in; the value is a parameter.
    sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608  # nosec B608
        connection.ops.quote_name(meta.get_field("value").column),
        connection.ops.quote_name(meta.db_table),
        connection.ops.quote_name(meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [1])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def search_version_forget() -> None:
    """After a bump, this request reads the new version."""
    memo = _version_memo.get()
    if memo is not None:
        memo.pop("v", None)


def _memo_start(**kwargs: Any) -> None:
    _version_memo.set({})


def _memo_end(**kwargs: Any) -> None:
    _version_memo.set(None)


request_started.connect(_memo_start, dispatch_uid="drugs.search_version.start")
request_finished.connect(_memo_end, dispatch_uid="drugs.search_version.end")


def _rows(qs: QuerySet[SearchEntry]) -> list[Row]:
    return list(qs.values_list(*ROW_FIELDS))


def _all_rows() -> list[Row]:
    return _index().rows


def _fuzzy_rows(nq: str, limit: int) -> list[tuple[Row, float]]:
    # pg_trgm's similarity (what PostgreSQL's % operator gives at FUZZY_MIN_SIMILARITY),
    # computed on the in-process copy of the index on every database, so a keystroke needs no
    # query and SQLite answers as PostgreSQL does; difflib's ratio then makes the final cut.
    rows = _index().similar(nq, FUZZY_MIN_SIMILARITY, limit * 4)
    out = []
    for row in rows:
        matcher = difflib.SequenceMatcher(None, nq, row[0])
        # Upper bounds of ratio() first, cheap: a row below them is below the cut anyway.
        if matcher.real_quick_ratio() < FUZZY_MIN_RATIO or matcher.quick_ratio() < FUZZY_MIN_RATIO:
            continue
        score = matcher.ratio()
        if score >= FUZZY_MIN_RATIO:
            out.append((row, score))
    return out


def _hit(row: Row, match: str, score: float = 1.0) -> SearchHit:
    _norm, name, kind, target, slug, target_name = row
    return SearchHit(
        slug=slug,
        name=target_name,
        kind="combination" if target == "combination" else "drug",
        classes=[],
        matched_name=name,
        matched_kind=kind,
        match=match,
        score=score,
        combination=target_name if target == "combination" else None,
    )


def _product_for(target: str, slug: str) -> Product | None:
    """The product behind a search row, from its published snapshot."""
    index = _index()
    if target == "combination":
        data = index.combo_by_slug.get(slug)
        if data is None:
            return None
        return Product(
            slug=data["slug"],
            name=data["name"],
            ingredients=tuple(Ingredient(i["slug"], i["name"]) for i in data["ingredients"]),
            brands=tuple(data.get("brands") or ()),
        )
    # A visible monograph always has its generic row (its published name) in the index.
    row = index.generic.get(("drug", slug))
    if row is None:
        return None
    return Product(slug=slug, name=row[1], ingredients=(Ingredient(slug, row[5]),))


@_scoped
def product_from_ingredients(*, slugs: list[str] | tuple[str, ...]) -> Product | None:
    """The product made of these ingredient monographs (a curated combination when one lists
    exactly them, else a combination of their published monographs); None if any is missing."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return None
    index = _index()
    names = {s: index.generic[("drug", s)][1] for s in slugs if ("drug", s) in index.generic}
    if any(s not in names for s in slugs):
        return None
    if len(slugs) == 1:
        return Product(
            slug=slugs[0],
            name=names[slugs[0]],
            ingredients=(Ingredient(slugs[0], names[slugs[0]]),),
        )
    wanted = set(slugs)
    for _slug, data in index.combos:
        if {i["slug"] for i in data.get("ingredients", [])} == wanted:
            return _product_for("combination", data["slug"])
    return Product(
        slug=combination_slug(slugs),
        name=" and ".join(names[s] for s in slugs),
        ingredients=tuple(Ingredient(s, names[s]) for s in slugs),
        curated=False,
    )


@_scoped
def product_get(*, slug: str) -> Product | None:
    """A product by its address: a drug slug, or ingredient slugs joined by '+'."""
    if "+" in slug:
        return product_from_ingredients(slugs=slug.split("+"))
    return _product_for("drug", slug)


# --- Search and resolution -------------------------------------------------------------------
def _exact_rows(norms: list[str]) -> list[Row]:
    return _index().exact(norms)


def _targets(rows: list[Row]) -> dict[tuple[str, str], Row]:
    """One row per product (target, slug), the best-ranked name kind first."""
    out: dict[tuple[str, str], Row] = {}
    for row in sorted(rows, key=lambda r: _KIND_RANK.get(r[2], 9)):
        out.setdefault((row[3], row[4]), row)
    return out


def _class_members(nq: str, class_rows: list[Row]) -> list[Row] | None:
    """Members of the class or indication the query names, or None if it names none."""
    singular = nq[:-1] if nq.endswith("s") and len(nq) > 4 else nq
    patterns = CLASS_QUERIES.get(nq) or CLASS_QUERIES.get(singular)
    if patterns is None:
        if not class_rows:
            return None
        wanted = {c[4] for c in class_rows}
        return [r for r in _all_drug_generics() if r[4] in wanted] or None
    texts: dict[str, str] = {}
    for row in _all_rows():
        if row[3] == "drug" and row[2] in ("generic", "class"):
            texts[row[4]] = texts.get(row[4], "") + " " + row[0]
    wanted = {
        slug
        for slug, text in texts.items()
        if any(all(_names_class(text, word) for word in pattern) for pattern in patterns)
    }
    return [r for r in _all_drug_generics() if r[4] in wanted] or None


def _names_class(text: str, word: str) -> bool:
    """The class word is in the drug's names, not negated: "non-opioid analgesic" (ibuprofen)
    is not an opioid."""
    return re.search(rf"(?<!\bnon ){re.escape(word)}", text) is not None


def _all_drug_generics() -> list[Row]:
    return [r for r in _all_rows() if r[3] == "drug" and r[2] == "generic"]


def _read_as_combination(q: str, nq: str) -> tuple[list[str], str] | None:
    """Ingredient slugs named by a multi-word or coded query, and the names used."""
    words = product_words(q)
    if not words:
        return None
    grams = {
        normalize_name(" ".join(words[i:j]))
        for i in range(len(words))
        for j in range(i + 1, min(len(words), i + 6) + 1)
    }
    rows = [r for r in _exact_rows(sorted(grams)) if r[2] in ANSWER_KINDS]
    by_norm: dict[str, dict[tuple[str, str], Row]] = {}
    for row in rows:
        by_norm.setdefault(row[0], {})[(row[3], row[4])] = row
    parts = segment(words, lambda text: normalize_name(text) in by_norm)
    if parts is None:
        return None
    slugs: list[str] = []
    names: list[str] = []
    for text, is_salt in parts:
        if is_salt:
            continue
        targets = by_norm[normalize_name(text)]
        if len(targets) != 1:
            return None  # a name shared by several drugs: never pick one
        (target, slug), row = next(iter(targets.items()))
        if target == "combination":
            combo = _product_for("combination", slug)
            if combo is None:
                return None
            slugs.extend(i.slug for i in combo.ingredients)
        else:
            slugs.append(slug)
        names.append(row[1])
    slugs = list(dict.fromkeys(slugs))
    if normalize_name(" ".join(names)) == nq and len(slugs) < 2:
        return None  # nothing was read differently from a plain exact match
    return slugs, " + ".join(names)


def _safe_correction(nq: str, name: str) -> bool:
    """A correction may fix letters in long words only: never a digit, never a short word
    ('vitamin k' is not 'vitamin d'; 'i 123' is not 'i 131')."""
    typed, known = nq.split(), name.split()
    if len(typed) != len(known):
        return False
    for a, b in zip(typed, known, strict=True):
        if a == b:
            continue
        if len(b) < 5 or any(ch.isdigit() for ch in a + b):
            return False
    return True


def _misspelling(nq: str, fuzzy: list[tuple[Row, float]]) -> tuple[Row, int] | None:
    """The one drug whose own name or brand is within a small edit distance of the query."""
    if len(nq) < MISSPELLING_MIN_CHARS or nq in known_substances():
        return None  # too short, or a real substance the seed lacks: never another drug
    limit = 1 if len(nq) < 9 else 2
    scored: dict[tuple[str, str], tuple[int, Row]] = {}
    for row, _ratio in fuzzy:
        if row[2] not in ("generic", "brand", "international") or not _safe_correction(nq, row[0]):
            continue
        distance = damerau_levenshtein(nq, row[0], limit + 1)
        key = (row[3], row[4])
        if key not in scored or distance < scored[key][0]:
            scored[key] = (distance, row)
    close = sorted(scored.values(), key=lambda t: t[0])
    if not close or close[0][0] > limit:
        return None
    best_distance, best = close[0]
    if len(close) > 1 and close[1][0] <= best_distance + 1:
        return None  # two drugs are about as close: ask, never guess
    for partner in _LOOKALIKES.get(best[5].lower(), []):
        if damerau_levenshtein(nq, partner, limit + 2) <= limit + 2:
            return None  # a look-alike pair (ISMP): never corrected silently
    if other_substance_near(nq, best_distance, besides=_index().by_norm.keys()) is not None:
        return None  # as close to a real substance LactRx has no monograph for: ask
    return best, best_distance


def _resolve(q: str, limit: int) -> Resolution:
    nq = normalize_name(q)
    if len(nq.replace(" ", "")) < 2:
        return Resolution(query=q, status=NOT_FOUND)
    exact = _exact_rows([nq])
    answer_rows = [r for r in exact if r[2] in ANSWER_KINDS]
    if len(nq) < MIN_ANSWER_CHARS:
        answer_rows = [r for r in answer_rows if r[2] == "abbreviation"]
    class_rows = [r for r in exact if r[2] == "class"]
    hits: list[SearchHit] = []
    resolution = Resolution(query=q, status=NOT_FOUND)
    targets = _targets(answer_rows)
    if len(targets) == 1:
        (target, slug), row = next(iter(targets.items()))
        product = _product_for(target, slug)
        if product is not None:
            resolution = Resolution(q, FOUND, product, EXACT, row[1])
            hits.append(_hit(row, EXACT))
    elif len(targets) > 1:
        resolution = Resolution(q, AMBIGUOUS)
        hits.extend(_hit(row, EXACT) for row in targets.values())
    if resolution.status == NOT_FOUND and len(nq) >= MIN_ANSWER_CHARS:
        members = _class_members(nq, class_rows)
        if members is not None:
            resolution = Resolution(q, CLASS_QUERY, matched_name=q)
            hits.extend(_hit(row, CLASS) for row in members)
    if resolution.status == NOT_FOUND and len(nq) >= MIN_ANSWER_CHARS:
        read = _read_as_combination(q, nq)
        if read is not None:
            slugs, names = read
            product = product_from_ingredients(slugs=slugs)
            if product is not None:
                note = None
                if normalize_name(names) != nq:
                    note = f"Read as {product.name} — you typed “{q.strip()}”."
                match = COMBINATION if product.is_combination else EXACT
                resolution = Resolution(q, FOUND, product, match, names, note)
                hits.append(_product_hit(product, match, names))
    fuzzy: list[tuple[Row, float]] | None = None  # the pg_trgm query, made only when needed
    if len(nq) >= MISSPELLING_MIN_CHARS and resolution.status == NOT_FOUND:
        fuzzy = _fuzzy_rows(nq, limit)
        close = _misspelling(nq, fuzzy)
        if close is not None:
            row, _distance = close
            product = _product_for(row[3], row[4])
            if product is not None:
                note = f"Showing results for {row[1]} — you typed “{q.strip()}”."
                resolution = Resolution(q, FOUND, product, MISSPELLING, row[1], note)
                hits.append(_hit(row, MISSPELLING))
    if len(nq) >= MIN_ANSWER_CHARS and resolution.status != CLASS_QUERY:
        hits.extend(_prefix_and_related(nq, limit))
        if resolution.status != FOUND:  # other spellings are offered only when nothing matched
            if fuzzy is None:
                if resolution.status == NOT_FOUND:
                    # Fuzzy hits rank below every prefix and related hit: they can reach the
                    # list only when fewer than ``limit`` products are already in it.
                    needed = len({(h.kind == "combination", h.slug) for h in hits}) < limit
                else:
                    needed = len(hits) < limit
                fuzzy = _fuzzy_rows(nq, limit) if needed else []
            hits.extend(_hit(row, FUZZY, score) for row, score in fuzzy if row[2] in PREFIX_KINDS)
    resolution.hits = _finish(hits, limit, lookalikes=resolution.status != CLASS_QUERY)
    return resolution


def _product_hit(product: Product, match: str, matched: str) -> SearchHit:
    return SearchHit(
        slug=product.slug,
        name=product.name,
        kind="combination" if product.is_combination else "drug",
        classes=[],
        matched_name=matched,
        matched_kind="combination" if product.is_combination else "generic",
        match=match,
        combination=product.name if product.is_combination else None,
        ingredients=[{"slug": i.slug, "name": i.name} for i in product.ingredients]
        if product.is_combination
        else [],
    )


def _prefix_and_related(nq: str, limit: int) -> list[SearchHit]:
    out = []
    for row in _index().starting_with(nq)[:PREFIX_CANDIDATES]:
        starts = row[0].startswith(nq)
        if row[2] not in PREFIX_KINDS:
            continue  # a synonym or salt name that merely contains the query names another
        out.append(_hit(row, PREFIX) if starts else _hit(row, RELATED, 0.5))
    return out


def _sort_key(hit: SearchHit) -> tuple[int, int, float, int, int]:
    return (
        _MATCH_RANK.get(hit.match, 9),
        1 if hit.combination and hit.match == PREFIX else 0,  # single brands above combinations
        -hit.score,
        _KIND_RANK.get(hit.matched_kind, 9),
        len(hit.matched_name),
    )


def _finish(hits: list[SearchHit], limit: int, *, lookalikes: bool = True) -> list[SearchHit]:
    """One hit per product (its best match), ordered, with classes, ingredients and
    look-alike partners filled in."""
    best: dict[tuple[bool, str], SearchHit] = {}
    for hit in sorted(hits, key=_sort_key):
        best.setdefault((hit.kind == "combination", hit.slug), hit)
    ordered = list(best.values())[:limit]
    index = _index()
    classes = index.classes
    wanted = {h.slug for h in ordered if h.kind == "combination"}
    combos = {data["slug"]: data for slug, data in index.combos if slug in wanted}
    for hit in ordered:
        if hit.kind != "combination":
            hit.classes = sorted(classes.get(hit.slug, []))
        if hit.kind == "combination" and hit.slug in combos:
            hit.ingredients = [
                {"slug": i["slug"], "name": i["name"]} for i in combos[hit.slug]["ingredients"]
            ]
    return _add_lookalikes(ordered) if lookalikes else ordered


def _add_lookalikes(hits: list[SearchHit]) -> list[SearchHit]:
    present = {h.name.lower() for h in hits}
    wanted: dict[str, str] = {}
    for hit in hits:
        if hit.is_suggestion or hit.kind == "combination":
            continue
        for partner in _LOOKALIKES.get(hit.name.lower(), []):
            if partner not in present:
                wanted.setdefault(partner, hit.name)
    if not wanted:
        return hits
    rows = [r for r in _index().exact(list(wanted)) if r[3] == "drug" and r[2] == "generic"]
    for row in sorted(rows, key=lambda r: r[0]):  # by name, as the indexed lookup returned
        hit = _hit(row, LOOKALIKE, 0.0)
        hit.lookalike_of = wanted[row[0]]
        hits.append(hit)
    return hits


# Resolutions of this process's copy of the index: (token, query, limit) -> Resolution. A new
# copy (a publish, retire or reseed; a cleared cache) has a new token and starts empty. Kept in
# the process rather than the shared cache: resolving on the in-process index costs less than
# a round trip to the cache and back.
# Stored pickled: each caller gets its own copy (as from the shared cache before), cheaply.
_RESOLVED: dict[tuple[str, str, int], bytes] = {}
_RESOLVED_MAX = 4096


def _cached_resolve(q: str, limit: int) -> Resolution:
    token = _index().token
    key = (token, q, limit)
    stored = _RESOLVED.get(key)
    if stored is not None:
        # Bytes this process pickled itself (never input): a fresh copy for each caller.
        return cast(Resolution, pickle.loads(stored))  # noqa: S301  # nosec B301
    nq = normalize_name(q)
    resolution = _resolve(q, limit) if nq else Resolution(query=q, status=NOT_FOUND)
    if len(_RESOLVED) >= _RESOLVED_MAX or any(k[0] != token for k in _first(_RESOLVED)):
        _RESOLVED.clear()
    _RESOLVED[key] = pickle.dumps(resolution, protocol=pickle.HIGHEST_PROTOCOL)
    return resolution


def _first(mapping: dict[Any, Any]) -> list[Any]:
    """The first key of ``mapping`` (empty list if none): every key shares one token."""
    return [next(iter(mapping))] if mapping else []


@_scoped
def product_resolve(*, query: str, limit: int = 10) -> Resolution:
    """Resolve a query to one product, or say why not (ambiguous, a class, not found)."""
    query = (query or "").replace("\x00", "")[:200]
    resolution = _cached_resolve(query, limit)
    slug = query.strip()
    if resolution.status != FOUND and slug == slug.lower() and " " not in slug and slug:
        product = product_get(slug=slug)
        if product is not None:  # a page address or an API slug names the product itself
            hit = _product_hit(product, EXACT, product.name)
            return Resolution(query, FOUND, product, EXACT, product.name, hits=[hit])
    return resolution


def drug_search(*, q: str, limit: int = 10) -> list[SearchHit]:
    """Ordered hits for the suggestion list, results page and API search."""
    return product_resolve(query=q, limit=limit).hits


def product_require(*, query: str) -> Product:
    """The product a query names; raises DrugNotFound (with suggestions) otherwise."""
    resolution = product_resolve(query=query)
    if resolution.product is None:
        raise DrugNotFound(resolution)
    return resolution.product
