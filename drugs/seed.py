"""Load the seed monographs (fixtures/seed/monographs.json) and publish them.

Idempotent: each monograph stores the SHA-256 of its seed entry; an unchanged entry is skipped,
so running the seed twice changes nothing. A changed entry replaces the working copy and is
published again through the review services (new revision, history kept) -- but only when no
local curator has touched the monograph (last edited by the seed account, published by the
seed reviewer). A monograph with local edits (draft, in review, published or retired by a local
reviewer) is left alone and reported; so are citations and combination products a local
curator changed. ``make run`` and the compose ``web`` start therefore overwrite nothing.

The seed is the project's curated data set, built reproducibly by fixtures/build_seed.py from
cited sources. It is published by two system accounts (``seed-curation`` edits,
``seed-review`` approves) so the second-person rule holds mechanically; deployments should have
their own curators review it.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from drugs import services, snapshot, translations, vocabulary
from drugs.models import (
    Alternative,
    Citation,
    CombinationProduct,
    Drug,
    DrugClass,
    DrugName,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PKValue,
    Status,
    combination_slug,
    normalize_name,
)
from drugs.search_index import search_index_rebuild

SEED_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed" / "monographs.json"
SEED_EDITOR = services.SEED_EDITOR
SEED_REVIEWER = services.SEED_REVIEWER


@dataclass
class SeedResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    citations: int = 0
    combinations: int = 0
    kept_local: list[str] = field(default_factory=list)  # monographs with local edits
    kept_local_citations: list[str] = field(default_factory=list)
    kept_local_combinations: list[str] = field(default_factory=list)


def _entry_hash(entry: dict[str, Any], citations: dict[str, dict[str, Any]]) -> str:
    # Include the citations the entry uses, so a corrected URL republishes the monograph.
    used = sorted(k for k in _citation_keys(entry) if k in citations)
    payload = {"entry": entry, "citations": [citations[k] for k in used]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _citation_keys(entry: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for section in (
        "pk",
        "milk_studies",
        "infant_effects",
        "lactation_effects",
        "guidance",
        "alternatives",
    ):
        for item in entry.get(section) or []:
            if item.get("citation"):
                keys.add(item["citation"])
    if (entry.get("typical_dose") or {}).get("citation"):
        keys.add(entry["typical_dose"]["citation"])
    return keys


def seed_users() -> tuple[Any, Any]:
    user_model = get_user_model()
    curator_group, _ = Group.objects.get_or_create(name=services.CURATOR_GROUP)
    reviewer_group, _ = Group.objects.get_or_create(name=services.REVIEWER_GROUP)
    editor, _ = user_model.objects.get_or_create(
        username=SEED_EDITOR, defaults={"is_active": True, "first_name": "Seed curation"}
    )
    reviewer, _ = user_model.objects.get_or_create(
        username=SEED_REVIEWER, defaults={"is_active": True, "first_name": "Seed review"}
    )
    for user in (editor, reviewer):
        if user.has_usable_password():
            user.set_unusable_password()
            user.save()
    editor.groups.add(curator_group)
    reviewer.groups.add(reviewer_group)
    return editor, reviewer


def _seed_owned(obj: Any, editor: Any) -> bool:
    """Last written by the seed (or by an older seed that recorded no user)."""
    latest = obj.history.order_by("-history_date", "-history_id").first()
    return latest is None or latest.history_user_id in (None, editor.pk)


def _upsert_citations(
    items: list[dict[str, Any]], editor: Any, kept: list[str]
) -> dict[str, Citation]:
    existing = {c.key: c for c in Citation.objects.all()}
    fields = (
        "kind",
        "title",
        "url",
        "pmid",
        "doi",
        "publisher",
        "year",
        "revision_date",
        "accessed",
        "cited_for",
        *("nbk_id", "needs_confirmation"),
    )
    for item in items:
        values = {f: item.get(f) for f in fields}
        for text_field in ("url", "pmid", "doi", "publisher", "cited_for"):
            values[text_field] = values[text_field] or ""
        values["title"] = (values["title"] or item["key"])[:500]
        values["cited_for"] = values["cited_for"][:500]
        values["pmid"] = str(values["pmid"]) if values["pmid"] else ""
        citation = existing.get(item["key"])
        if citation is None:
            citation = Citation(key=item["key"], **values)
        elif all(
            getattr(citation, f) == v or str(getattr(citation, f)) == str(v)
            for f, v in values.items()
        ):
            continue
        elif not _seed_owned(citation, editor):
            kept.append(citation.key)  # a local curator corrected it: theirs wins
            continue
        else:
            for f, v in values.items():
                setattr(citation, f, v)
        citation.full_clean()
        citation._history_user = editor
        citation.save()
        existing[citation.key] = citation
    return existing


def _replace_related(
    drug: Drug, entry: dict[str, Any], cite: Callable[[Any], Any], editor: Any
) -> None:
    for manager in (
        drug.names,
        drug.pk_values,
        drug.milk_studies,
        drug.infant_effects,
        drug.lactation_effects,
        drug.guidance,
    ):
        for obj in manager.all():
            obj._history_user = editor
            obj.delete()  # per-object delete keeps a history record of each removal

    names: dict[tuple[str, str], DrugName] = {}

    def add_name(name: str, kind: str, locale: str = "en") -> None:
        norm = normalize_name(name)
        if not norm or (norm, kind) in names:
            return
        names[(norm, kind)] = DrugName(
            drug=drug, name=name[:200], normalized=norm, kind=kind, locale=locale or "en"
        )

    add_name(drug.name, "generic")
    for item in entry.get("names") or []:
        add_name(item["name"], item.get("kind") or "synonym", item.get("locale") or "en")
    for coverage_name in entry.get("coverage_names") or []:
        if normalize_name(coverage_name) not in {k[0] for k in names}:
            add_name(coverage_name, "synonym")
    for cls in entry.get("classes") or []:
        add_name(cls, "class")
    bulk_create_with_history(list(names.values()), DrugName, default_user=editor)

    bulk_create_with_history(
        [
            PKValue(
                drug=drug,
                parameter=p["parameter"],
                value=p["value"],
                low=p.get("low"),
                high=p.get("high"),
                citation=cite(p.get("citation")),
                verified=bool(p.get("verified")) and p.get("citation") is not None,
                note=(p.get("note") or "")[:300],
            )
            for p in entry.get("pk") or []
        ],
        PKValue,
        default_user=editor,
    )
    bulk_create_with_history(
        [
            MilkStudy(
                drug=drug,
                maternal_dose_mg=s.get("maternal_dose_mg"),
                maternal_dose_text=(s.get("maternal_dose_text") or "")[:300],
                regimen=s.get("regimen") or "chronic",
                doses_per_day=s.get("doses_per_day"),
                n_mothers=s.get("n_mothers"),
                milk_conc_avg_mg_per_l=s.get("milk_conc_avg_mg_per_l"),
                milk_conc_peak_mg_per_l=s.get("milk_conc_peak_mg_per_l"),
                rid_pct=s.get("rid_pct"),
                infant_serum=(s.get("infant_serum") or "")[:300],
                citation=cite(s["citation"]),
            )
            for s in entry.get("milk_studies") or []
        ],
        MilkStudy,
        default_user=editor,
    )
    bulk_create_with_history(
        [
            InfantEffect(
                drug=drug,
                description=e["description"],
                severity=e.get("severity") or "none",
                age_group=e.get("age_group") or "any",
                citation=cite(e["citation"]),
            )
            for e in entry.get("infant_effects") or []
        ],
        InfantEffect,
        default_user=editor,
    )
    bulk_create_with_history(
        [
            LactationEffect(
                drug=drug,
                effect=e["effect"],
                description=e.get("description") or "",
                citation=cite(e["citation"]),
            )
            for e in entry.get("lactation_effects") or []
        ],
        LactationEffect,
        default_user=editor,
    )
    bulk_create_with_history(
        [
            Guidance(
                drug=drug,
                key=g["key"][:120],
                verdict=g["verdict"],
                # "Up to N h" statements give only a maximum; store it as the range floor too.
                interrupt_hours_min=g["interrupt_hours_min"]
                if g.get("interrupt_hours_min") is not None
                else g.get("interrupt_hours_max"),
                interrupt_hours_max=g.get("interrupt_hours_max"),
                regimen=g.get("regimen") or "",
                routes=g.get("routes") or [],
                dose_min_mg=g.get("dose_min_mg"),
                dose_max_mg=g.get("dose_max_mg"),
                dose_per_day_min_mg=g.get("dose_per_day_min_mg"),
                dose_per_day_max_mg=g.get("dose_per_day_max_mg"),
                interval_min_h=g.get("interval_min_h"),
                interval_max_h=g.get("interval_max_h"),
                infant_age_min_days=g.get("infant_age_min_days"),
                infant_age_max_days=g.get("infant_age_max_days"),
                preterm=g.get("preterm"),
                activity_min_mbq=g.get("activity_min_mbq"),
                activity_max_mbq=g.get("activity_max_mbq"),
                guideline=g["guideline"][:200],
                guideline_version=(g.get("guideline_version") or "")[:60],
                rationale=g.get("rationale") or "",
                citation=cite(g["citation"]),
                followed=g.get("followed", True),
            )
            for g in entry.get("guidance") or []
        ],
        Guidance,
        default_user=editor,
    )


def _apply_fields(drug: Drug, entry: dict[str, Any], cite: Callable[[Any], Any]) -> None:
    flags = entry.get("flags") or {}
    dose = entry.get("typical_dose") or {}
    drug.name = entry["name"]
    drug.kind = entry.get("kind") or "drug"
    drug.cas_number = (entry.get("cas") or "")[:40]
    drug.rxnorm_cui = entry.get("rxnorm_cui") or ""
    drug.summary = entry.get("summary") or ""
    for flag in vocabulary.Flag:
        setattr(drug, flag.value, bool(flags.get(flag.value)))
    drug.isotope = flags.get("isotope") or ""
    drug.physical_half_life_h = flags.get("physical_half_life_h")
    drug.minimal_absorption_routes = list(flags.get("minimal_absorption_routes") or [])
    drug.typical_dose_mg = dose.get("dose_mg")
    drug.typical_doses_per_day = dose.get("doses_per_day")
    drug.typical_route = dose.get("route") or "oral"
    drug.typical_regimen = dose.get("regimen") or "chronic"
    drug.typical_activity_mbq = dose.get("activity_mbq")
    drug.max_dose_mg = dose.get("max_dose_mg")
    drug.typical_dose_citation = cite(dose.get("citation"))
    drug.typical_dose_verified = bool(dose.get("verified")) and dose.get("citation") is not None
    drug.lactmed_revision_date = entry.get("lactmed_revision_date")


def _untouched(drug: Drug, editor: Any, reviewer: Any) -> bool:
    """No local curator has edited or reviewed this monograph since the seed published it."""
    return (
        drug.status == Status.PUBLISHED
        and drug.last_edited_by_id == editor.pk
        and drug.reviewed_by_id == reviewer.pk
    )


@transaction.atomic
def seed_load(
    *, path: Path = SEED_PATH, progress: Callable[[int, int], None] | None = None
) -> SeedResult:
    data = json.loads(Path(path).read_text())
    try:
        snapshot.seed_validate(data)  # every entry against the schema before anything is written
    except snapshot.SnapshotError as exc:
        raise snapshot.SnapshotError(f"{Path(path).name}: {exc.path}", exc.message) from None
    result = SeedResult()
    editor, reviewer = seed_users()
    citation_items = {c["key"]: c for c in data["citations"]}
    citations = _upsert_citations(data["citations"], editor, result.kept_local_citations)
    result.citations = len(citations)

    def cite(key: Any) -> Citation | None:
        if not key:
            return None
        return citations[key]

    existing = {d.slug: d for d in Drug.objects.all()}
    entries = data["drugs"]
    pending_alternatives: list[tuple[Drug, dict[str, Any]]] = []
    changed: list[Drug] = []
    for index, entry in enumerate(entries, start=1):
        digest = _entry_hash(entry, citation_items)
        drug = existing.get(entry["slug"])
        if drug is not None and not _untouched(drug, editor, reviewer):
            result.kept_local.append(drug.slug)  # local curator work is never overwritten
            if progress:
                progress(index, len(entries))
            continue
        if drug is not None and drug.source_text.get("seed_sha256") == digest:
            result.unchanged += 1
            if progress:
                progress(index, len(entries))
            continue
        if drug is None:
            drug = Drug(slug=entry["slug"])
            result.created += 1
        else:
            result.updated += 1
        _apply_fields(drug, entry, cite)
        drug.source_text = {**(drug.source_text or {}), "seed_sha256": digest}
        drug.last_edited_by = editor
        drug.approved_by = None
        drug.status = Status.DRAFT
        drug.full_clean(exclude=["published_data"])
        drug._history_user = editor
        drug.save()
        class_objs = []
        for cls in entry.get("classes") or []:
            obj = DrugClass.objects.filter(name=cls[:120]).first()
            if obj is None:
                obj = DrugClass(name=cls[:120])
                obj._history_user = editor
                obj.save()
            class_objs.append(obj)
        drug.classes.set(class_objs)
        drug.references.set([citations[k] for k in entry.get("citations") or [] if k in citations])
        _replace_related(drug, entry, cite, editor)
        translations.seed_translations_replace(drug, entry, editor)
        pending_alternatives.append((drug, entry))
        changed.append(drug)
        existing[drug.slug] = drug
        if progress:
            progress(index, len(entries))

    for drug, entry in pending_alternatives:
        for alt in drug.alternatives.all():
            alt._history_user = editor
            alt.delete()
        objs = []
        for item in entry.get("alternatives") or []:
            target = existing.get(item["slug"])
            if target is None or target.pk == drug.pk:
                continue
            objs.append(
                Alternative(
                    drug=drug,
                    alternative=target,
                    indication=(item.get("indication") or "")[:200],
                    reason=item.get("reason") or "",
                    citation=cite(item.get("citation")),
                )
            )
        bulk_create_with_history(objs, Alternative, default_user=editor)

    for drug in changed:
        services.monograph_submit(drug=drug, by=editor)
        services.monograph_approve(drug=drug, by=reviewer)
        services.monograph_publish(drug=drug, by=reviewer)

    result.combinations = _seed_combinations(
        data.get("combinations") or [], existing, editor=editor, reviewer=reviewer
    )
    search_index_rebuild()
    services.search_version_bump()
    return result


def _seed_combinations(
    rows: list[dict[str, Any]], drugs: dict[str, Drug], *, editor: Any, reviewer: Any
) -> int:
    """One reviewed product per ingredient set, its brands grouped (Norco and Vicodin are both
    hydrocodone and acetaminophen). Returns how many products were created or changed.

    A product a local curator has edited is left alone; rows of the old one-row-per-brand
    shape (no slug, never published) are folded into the grouped product.
    """
    groups: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        slugs = tuple(s for s in row["ingredients"] if s in drugs)
        if len(slugs) < 2 or len(slugs) != len(row["ingredients"]):
            continue
        key = tuple(sorted(slugs))
        groups.setdefault(key, list(slugs))
        groups.setdefault(("brands", *key), []).append(row["name"])
    changed = 0
    for key, order in list(groups.items()):
        if key[0] == "brands":
            continue
        brands = sorted(groups[("brands", *key)])
        ingredients = [drugs[s] for s in order]
        slug = combination_slug(order)
        name = " and ".join(d.name for d in ingredients)
        obj = CombinationProduct.objects.filter(slug=slug).first()
        if obj is not None and obj.last_edited_by_id not in (None, editor.pk):
            continue  # a local curator's product: never overwritten by the seed
        target = {"name": name, "brands": brands, "ingredients": {d.pk for d in ingredients}}
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and obj.name == name
            and sorted(obj.brands) == brands
            and {d.pk for d in obj.ingredients.all()} == target["ingredients"]
        ):
            continue
        for legacy in CombinationProduct.objects.filter(slug__isnull=True, name__in=brands):
            if legacy.published_data is None:
                legacy.delete()  # per-object delete keeps a history record
        if obj is None:
            obj = CombinationProduct(slug=slug)
        obj.name, obj.brands = name, brands
        obj.last_edited_by, obj.approved_by, obj.status = editor, None, Status.DRAFT
        obj.full_clean(exclude=["published_data"])
        obj.save()
        obj.ingredients.set(ingredients)
        services.monograph_submit(drug=obj, by=editor)
        services.monograph_approve(drug=obj, by=reviewer)
        services.monograph_publish(drug=obj, by=reviewer)
        changed += 1
    return changed
