"""`python manage.py citation_report [--seed FILE] [--top N]`: can a clinician check our sources?

Counts citations by kind and by host, lists the ones that break the citation policy
(`AUTHORITATIVE_HOSTS` in fixtures/build_seed.py, the single source of truth), the LactMed
citations flagged "record link to confirm" and the PK values that are unverified (with or without
a link), and ends with the monographs a curator must look at, most issues first.

Without ``--seed`` it reads the database (citations, monographs and their PK values); with
``--seed`` it reads a built seed file instead (e.g. to compare two versions of the seed).
"""

from __future__ import annotations

import collections
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


@dataclass(frozen=True)
class CitationRow:
    key: str
    kind: str
    title: str
    url: str
    needs_confirmation: bool


@dataclass
class DrugRow:
    slug: str
    citation_keys: set[str] = field(default_factory=set)
    pk: list[tuple[str, bool, str | None]] = field(default_factory=list)  # param, verified, key


def load_policy() -> ModuleType:
    """The builder module (standard library only) that defines the citation policy."""
    path = Path(settings.BASE_DIR) / "fixtures" / "build_seed.py"
    if "build_seed" in sys.modules:
        return sys.modules["build_seed"]
    spec = importlib.util.spec_from_file_location("build_seed", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the repo
        raise CommandError(f"cannot load the citation policy from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_seed"] = module
    spec.loader.exec_module(module)
    return module


def rows_from_seed(path: Path) -> tuple[list[CitationRow], list[DrugRow]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path}: cannot read the seed ({exc})") from exc
    citations = [
        CitationRow(
            key=c["key"],
            kind=c.get("kind") or "",
            title=c.get("title") or "",
            url=c.get("url") or "",
            needs_confirmation=bool(c.get("needs_confirmation")),
        )
        for c in data.get("citations", [])
    ]
    drugs = []
    for d in data.get("drugs", []):
        row = DrugRow(slug=d["slug"], citation_keys=set(d.get("citations") or []))
        for section in ("milk_studies", "infant_effects", "lactation_effects", "guidance"):
            row.citation_keys.update(x["citation"] for x in d.get(section, []) if x.get("citation"))
        for p in d.get("pk", []):
            row.pk.append((p["parameter"], bool(p.get("verified")), p.get("citation")))
        drugs.append(row)
    return citations, drugs


def rows_from_database() -> tuple[list[CitationRow], list[DrugRow]]:
    from drugs.models import Citation, Drug

    citations = [
        CitationRow(key=c.key, kind=c.kind, title=c.title, url=c.url or c.link,
                    needs_confirmation=c.needs_confirmation)
        for c in Citation.objects.order_by("key")
    ]  # fmt: skip
    drugs = []
    query = Drug.objects.order_by("slug").prefetch_related(
        "references", "pk_values__citation", "guidance__citation", "milk_studies__citation",
        "infant_effects__citation", "lactation_effects__citation",
    )  # fmt: skip
    for drug in query:
        row = DrugRow(slug=drug.slug, citation_keys={c.key for c in drug.references.all()})
        for manager in ("guidance", "milk_studies", "infant_effects", "lactation_effects"):
            row.citation_keys.update(
                x.citation.key for x in getattr(drug, manager).all() if x.citation_id
            )
        for v in drug.pk_values.all():
            row.pk.append((v.parameter, v.verified, v.citation.key if v.citation_id else None))
        drugs.append(row)
    return citations, drugs


def build_report(
    citations: list[CitationRow], drugs: list[DrugRow], policy: ModuleType
) -> dict[str, Any]:
    """Counts and flags; pure, so the database and a seed file give comparable reports."""
    by_key = {c.key: c for c in citations}
    problems = {
        c.key: policy.citation_policy_problems(
            {"kind": c.kind, "title": c.title, "url": c.url or None,
             "needs_confirmation": c.needs_confirmation}
        )
        for c in citations
    }  # fmt: skip
    problems = {k: v for k, v in problems.items() if v}
    hosts = collections.Counter(policy.url_host(c.url) or "(no url)" for c in citations)
    disallowed_hosts = collections.Counter(
        policy.url_host(c.url)
        for c in citations
        if c.url and not policy.is_authoritative_url(c.url)
    )
    confirm = sorted(c.key for c in citations if c.needs_confirmation)
    pk_total = sum(len(d.pk) for d in drugs)
    pk_unverified = [(d.slug, p) for d in drugs for p, ok, _ in d.pk if not ok]
    pk_unlinked = [(d.slug, p) for d in drugs for p, ok, key in d.pk if not ok and not key]
    curator: list[dict[str, Any]] = []
    for d in drugs:
        keys = d.citation_keys | {k for _, _, k in d.pk if k}
        reasons = collections.Counter()
        for k in keys:
            if k in problems:
                reasons["citation breaks the policy"] += 1
            if k in by_key and by_key[k].needs_confirmation:
                reasons["LactMed record link to confirm"] += 1
        for _, ok, key in d.pk:
            if not ok and not key:
                reasons["unverified PK value without a source link"] += 1
        if reasons:
            curator.append({"slug": d.slug, "issues": sum(reasons.values()), "reasons": reasons})
    curator.sort(key=lambda r: (-r["issues"], r["slug"]))
    return {
        "citations": len(citations),
        "by_kind": collections.Counter(c.kind for c in citations),
        "by_host": hosts,
        "policy_problems": problems,
        "disallowed_hosts": disallowed_hosts,
        "record_link_to_confirm": confirm,
        "lactmed": sum(1 for c in citations if c.kind == "lactmed"),
        "pk_total": pk_total,
        "pk_unverified": len(pk_unverified),
        "pk_unverified_unlinked": len(pk_unlinked),
        "drugs": len(drugs),
        "curator": curator,
    }


def render(report: dict[str, Any], *, top: int) -> str:
    def counts(counter: collections.Counter[str], limit: int | None = None) -> list[str]:
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = items if limit is None else items[:limit]
        lines = [f"  {n:5d}  {name}" for name, n in shown]
        if limit is not None and len(items) > limit:
            rest = sum(n for _, n in items[limit:])
            lines.append(f"  {rest:5d}  ({len(items) - limit} more hosts)")
        return lines

    lines = [f"Citations: {report['citations']}", "By kind:", *counts(report["by_kind"])]
    lines += [f"By host (top {top}):", *counts(report["by_host"], top)]
    n_bad = sum(report["disallowed_hosts"].values())
    lines.append(f"Disallowed hosts: {len(report['disallowed_hosts'])} ({n_bad} citations)")
    lines += counts(report["disallowed_hosts"], top)
    lines.append(f"Citations breaking the policy: {len(report['policy_problems'])}")
    for key in sorted(report["policy_problems"])[:top]:
        lines.append(f"  {key}: {report['policy_problems'][key][0]}")
    confirm = report["record_link_to_confirm"]
    lines.append(
        f"LactMed citations: {report['lactmed']}; flagged 'record link to confirm': {len(confirm)}"
    )
    lines.append(
        f"PK values: {report['pk_total']}; unverified: {report['pk_unverified']}, of which "
        f"without a source link: {report['pk_unverified_unlinked']}"
    )
    curator = report["curator"]
    lines.append(f"Monographs a curator must look at: {len(curator)} of {report['drugs']}")
    for row in curator[:top]:
        why = "; ".join(f"{reason} x{n}" for reason, n in sorted(row["reasons"].items()))
        lines.append(f"  {row['slug']}: {why}")
    if len(curator) > top:
        lines.append(f"  ... {len(curator) - top} more (use --top)")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Report citations by kind and host, flagged sources, and monographs to review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=Path, help="read a built seed file, not the database")
        parser.add_argument("--top", type=int, default=15, help="rows per list (default 15)")

    def handle(self, *args: Any, **options: Any) -> None:
        policy = load_policy()
        seed: Path | None = options.get("seed")
        citations, drugs = rows_from_seed(seed) if seed else rows_from_database()
        report = build_report(citations, drugs, policy)
        self.stdout.write(render(report, top=max(1, options["top"])))
