"""The clinician-facing search index, built only from published snapshots.

Publishing or retiring a monograph or a combination product rebuilds its rows
(``search_index_refresh``); ``manage.py rebuild_search_index`` rebuilds everything. The search
selector reads nothing else, so an unreviewed edit to a working copy (a renamed drug, a brand
moved to another drug, an ingredient removed from a combination) never changes what a
clinician finds.
"""

from typing import Any

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
    return len(rows)
