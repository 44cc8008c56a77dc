"""The clinician-facing search index, built only from published snapshots.

Publishing or retiring a monograph or a combination product rebuilds its rows
(``search_index_refresh``); ``manage.py rebuild_search_index`` rebuilds everything. The search
selector reads nothing else, so an unreviewed edit to a working copy (a renamed drug, a brand
moved to another drug, an ingredient removed from a combination) never changes what a
clinician finds.
"""

import bisect
import re
import uuid
from collections import Counter
from typing import Any

from django.core.cache import cache
from django.db import transaction

from drugs.models import CombinationProduct, Drug, SearchEntry, Status, normalize_name

NAME_KINDS = ("generic", "brand", "synonym", "international", "abbreviation", "class")


def _owner(obj: Drug | CombinationProduct) -> str:
    prefix = "combination" if isinstance(obj, CombinationProduct) else "drug"
    return f"{prefix}:{obj.pk}"


def _visible(obj: Drug | CombinationProduct) -> bool:
    return obj.published_data is not None and obj.status != Status.RETIRED


def search_entries_for(*, obj: Drug | CombinationProduct) -> list[SearchEntry]:
    """Index rows for one published snapshot (none when it is not visible to clinicians)."""
    if not _visible(obj):
        return []
    data: dict[str, Any] = obj.published_data or {}
    owner = _owner(obj)
    target = "combination" if isinstance(obj, CombinationProduct) else "drug"
    slug, title = data["slug"], data["name"]
    revision = int(data.get("revision") or 0)
    rows: dict[tuple[str, str], SearchEntry] = {}

    def add(name: str, kind: str) -> None:
        norm = normalize_name(name)
        if not norm or (norm, kind) in rows:
            return
        rows[(norm, kind)] = SearchEntry(
            normalized=norm[:200],
            name=name[:200],
            kind=kind,
            target=target,
            slug=slug,
            target_name=title[:200],
            owner=owner,
            revision=revision,
        )

    add(title, "generic")
    if target == "combination":
        for brand in data.get("brands") or []:
            add(brand, "brand")
    else:
        for item in data.get("names") or []:
            kind = item.get("kind") if item.get("kind") in NAME_KINDS else "synonym"
            add(item["name"], kind)
        for cls in data.get("classes") or []:
            add(cls, "class")
    return list(rows.values())


@transaction.atomic
def search_index_refresh(*, obj: Drug | CombinationProduct) -> int:
    """Replace one owner's rows with those of its current published snapshot."""
    SearchEntry.objects.filter(owner=_owner(obj)).delete()
    rows = search_entries_for(obj=obj)
    SearchEntry.objects.bulk_create(rows)
    memory_index_forget()
    return len(rows)


@transaction.atomic
def search_index_rebuild() -> int:
    """Rebuild the whole index from published snapshots; returns the number of rows."""
    SearchEntry.objects.all().delete()
    rows: list[SearchEntry] = []
    for drug in Drug.objects.filter(published_data__isnull=False).exclude(status=Status.RETIRED):
        rows.extend(search_entries_for(obj=drug))
    for combo in CombinationProduct.objects.filter(published_data__isnull=False).exclude(
        status=Status.RETIRED
    ):
        rows.extend(search_entries_for(obj=combo))
    SearchEntry.objects.bulk_create(rows, batch_size=1000)
    memory_index_forget()
    return len(rows)


# --- The in-process copy read by the search -------------------------------------------------
# Every keystroke in the search box used to ask the database up to ten questions (exact name,
# prefix, combination words, classes, products, look-alikes). The search reads this copy of
# the published index instead: built once per search version in each process from the rows
# cached for that version, and rebuilt as soon as the version moves (publish, retire, reseed)
# or the index is refreshed. The fuzzy pre-filter (pg_trgm's similarity) runs on it too.
Row = tuple[str, str, str, str, str, str]  # normalized, name, kind, target, slug, target_name
Stamp = tuple[int, int, str]  # a monograph's row id, published revision, published at
ROW_FIELDS = ("normalized", "name", "kind", "target", "slug", "target_name")
_CACHE_S = 3600
_LOCAL: dict[str, "MemoryIndex"] = {}  # token -> index (this process)


class MemoryIndex:
    """The published search rows (in id order) with the lookups the resolver makes."""

    def __init__(
        self,
        rows: list[Row],
        combos: list[tuple[str, dict[str, Any]]],
        *,
        version: int = 0,
        token: str = "",
        drug_stamps: dict[str, Stamp] | None = None,
    ):
        self.version = version  # the search version it was read for
        self.token = token  # names this copy: changes whenever the published rows may have
        self.rows = rows
        # Published slug -> (row id, published revision, published at) of each visible
        # monograph (its generic row's owner): the pages and services read a monograph by
        # primary key, never by a key inside its snapshot (which the database can only find
        # by reading every snapshot), and a cached verdict is keyed on these stamps.
        self.drug_stamps = drug_stamps or {}
        self.drug_pks = {slug: stamp[0] for slug, stamp in self.drug_stamps.items()}
        self.by_norm: dict[str, list[Row]] = {}
        self.generic: dict[tuple[str, str], Row] = {}  # (target, slug) -> its first generic row
        self.classes: dict[str, list[str]] = {}  # drug slug -> class names
        starts: list[tuple[str, int]] = []
        words: list[tuple[str, int]] = []  # the text from each word after the first on
        for i, row in enumerate(rows):
            norm = row[0]
            self.by_norm.setdefault(norm, []).append(row)
            starts.append((norm, i))
            pos = norm.find(" ")
            while pos != -1:
                words.append((norm[pos + 1 :], i))
                pos = norm.find(" ", pos + 1)
            if row[2] == "generic":
                self.generic.setdefault((row[3], row[4]), row)
            elif row[2] == "class" and row[3] == "drug":
                self.classes.setdefault(row[4], []).append(row[1])
        starts.sort()
        words.sort()
        self._start_keys = [k for k, _ in starts]
        self._start_rows = [i for _, i in starts]
        self._word_keys = [k for k, _ in words]
        self._word_rows = [i for _, i in words]
        # Published combination products in their listing order, by their row's slug field.
        self.combos = combos
        self.combo_by_slug = dict(reversed(combos))  # the first of a slug wins, as .first()
        self._trigram_index: _TrigramIndex | None = None  # built on the first fuzzy search

    def similar(self, nq: str, threshold: float, limit: int) -> list[Row]:
        """Rows whose normalized name has pg_trgm similarity >= ``threshold`` to ``nq``, most
        similar first (ties in id order), at most ``limit``: what PostgreSQL's ``%`` operator
        and ``similarity()`` give, computed on this copy so a keystroke needs no query."""
        if self._trigram_index is None:
            self._trigram_index = _TrigramIndex(list(self.by_norm))
        rows: list[Row] = []
        for norm in self._trigram_index.similar(nq, threshold):
            rows.extend(self.by_norm[norm])
            if len(rows) >= limit:
                break
        return rows[:limit]

    def exact(self, norms: list[str]) -> list[Row]:
        """Rows whose normalized name is one of ``norms``."""
        return [row for norm in dict.fromkeys(norms) for row in self.by_norm.get(norm, ())]

    @staticmethod
    def _with_prefix(keys: list[str], found: list[int], prefix: str) -> list[int]:
        i = bisect.bisect_left(keys, prefix)
        out = []
        while i < len(keys) and keys[i].startswith(prefix):
            out.append(found[i])
            i += 1
        return out

    def starting_with(self, nq: str) -> list[Row]:
        """Rows whose name starts with ``nq``, or has a later word that does (in id order),
        except those named exactly ``nq``."""
        hits = set(self._with_prefix(self._start_keys, self._start_rows, nq))
        hits.update(self._with_prefix(self._word_keys, self._word_rows, nq))
        return [self.rows[i] for i in sorted(hits) if self.rows[i][0] != nq]


_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of ``text``: each word (letters and digits) lower-cased, padded with
    two spaces before and one after, cut into every run of three characters."""
    out: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


class _TrigramIndex:
    """Distinct names by trigram, for pg_trgm's similarity: shared trigrams over all trigrams
    of the two names (|A & B| / |A | B|). ``names`` come in the order of their first row."""

    def __init__(self, names: list[str]):
        self.names = names
        self.sizes: list[int] = []
        self.postings: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            grams = trigrams(name)
            self.sizes.append(len(grams))
            for gram in grams:
                self.postings.setdefault(gram, []).append(i)

    def similar(self, text: str, threshold: float) -> list[str]:
        """Names at or above ``threshold``, most similar first (ties in first-row order)."""
        grams = trigrams(text)
        if not grams:
            return []
        shared: Counter[int] = Counter()
        postings = self.postings
        for gram in grams:
            found = postings.get(gram)
            if found:
                shared.update(found)  # counted in C: a third faster than a Python loop
        n, sizes = len(grams), self.sizes
        scored = []
        for i, common in shared.items():
            score = common / (n + sizes[i] - common)
            if score >= threshold:
                scored.append((-score, i))
        scored.sort()
        return [self.names[i] for _score, i in scored]


_TOKEN_KEY = "drugs:index-token"  # noqa: S105 (search version, token) of the current copy
_ROWS_KEY = "drugs:index-rows:2:{}"  # by version: (token, rows, combos, drug stamps)
Loaded = tuple[list[Row], list[tuple[str, dict[str, Any]]], dict[str, Stamp]]


def _load() -> Loaded:
    rows: list[Row] = []
    drug_pks: dict[str, int] = {}
    for *fields, owner in SearchEntry.objects.order_by("id").values_list(*ROW_FIELDS, "owner"):
        row: Row = tuple(fields)  # type: ignore[assignment]
        rows.append(row)
        if row[2] == "generic" and row[3] == "drug" and owner.startswith("drug:"):
            drug_pks.setdefault(row[4], int(owner.split(":", 1)[1]))
    found = {
        pk: (pk, revision, at.isoformat() if at else "")
        for pk, revision, at in Drug.objects.filter(
            pk__in=list(drug_pks.values()), published_data__isnull=False
        )
        .exclude(status=Status.RETIRED)
        .values_list("pk", "published_revision", "published_at")
    }
    stamps = {slug: found[pk] for slug, pk in drug_pks.items() if pk in found}
    combos = [
        (slug, data or {})
        for slug, data in CombinationProduct.objects.filter(published_data__isnull=False)
        .exclude(status=Status.RETIRED)
        .values_list("slug", "published_data")
    ]
    return rows, combos, stamps


def memory_index() -> MemoryIndex:
    """This process's copy of the published index for the current search version.

    The search version comes from the database and one cache round trip reads the token of the
    current copy; a process rebuilds its copy (from the rows cached for that token, else the
    database) when the token is not the one it built from: a new version, a cleared cache or an
    index refreshed by a publish or retire. So every process answers from the same rows.
    """
    from drugs.selectors import search_version

    # The version is a database read (once per request): with the database down this raises,
    # so no copy is ever answered from during an outage.
    version = search_version()
    current = cache.get(_TOKEN_KEY)
    token = current[1] if isinstance(current, tuple) and current[0] == version else None
    if token is not None and token in _LOCAL:
        return _LOCAL[token]
    cached = cache.get(_ROWS_KEY.format(version)) if token is not None else None
    if isinstance(cached, tuple) and len(cached) == 4 and cached[0] == token:
        _token, rows, combos, stamps = cached
    else:
        rows, combos, stamps = _load()
        token = uuid.uuid4().hex
        cache.set_many(
            {
                _ROWS_KEY.format(version): (token, rows, combos, stamps),
                _TOKEN_KEY: (version, token),
            },
            timeout=_CACHE_S,
        )
    index = MemoryIndex(rows, combos, version=version, token=token, drug_stamps=stamps)
    if len(_LOCAL) >= 2:
        _LOCAL.clear()
    _LOCAL[token] = index
    return index


def memory_index_forget() -> None:
    """The published rows just changed: every process rebuilds its copy on its next search."""
    cache.delete(_TOKEN_KEY)
