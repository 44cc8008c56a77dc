"""`python manage.py coverage_report FILE [FILE ...] [--list N]`: how much of a list do we cover?

Reads names (one per line; blank lines and ``#`` comments skipped, a trailing ``# ...`` on a line
too) and resolves each with the one resolver, ``drugs.selectors.product_resolve``, the same call
the search page, the advice page and the API make. Each name is:

* **covered**: it resolves to a product whose own published names include it (an exact name,
  brand, synonym or abbreviation, or a combination read from its ingredients' names);
* **resolved to another drug**: it resolves, but only through a correction (a misspelling) or to a
  product none of whose names is the one typed. Flagged: the answer is for a different name than
  the one on the list, which a curator must confirm;
* **not found**: no single answer (nothing matched, several drugs could match, or the name is a
  class that lists members). The resolver's suggestions are shown, never counted as covered.

Totals and percentages follow, per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from drugs.models import SearchEntry, normalize_name
from drugs.selectors import COMBINATION, EXACT, FOUND, Resolution, product_resolve

COVERED, OTHER, NOT_FOUND = "covered", "resolved to another drug", "not found"
OUTCOMES = (COVERED, OTHER, NOT_FOUND)


@dataclass(frozen=True)
class Line:
    name: str
    outcome: str
    answer: str  # the product's name, or '' when there is none
    detail: str  # how it resolved, or why not


def read_names(path: Path) -> list[str]:
    """Names in list order, each once; ``#`` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{path}: cannot read ({exc})") from exc
    names: list[str] = []
    for raw in text.splitlines():
        name = raw.split("#", 1)[0].strip()
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def _own_names(resolution: Resolution) -> set[str]:
    """The normalized published names of the resolved product (from the search index)."""
    product = resolution.product
    if product is None:
        return set()
    return set(
        SearchEntry.objects.filter(target=product.target, slug=product.slug)
        .exclude(kind="class")
        .values_list("normalized", flat=True)
    )


def classify(name: str, resolution: Resolution) -> Line:
    """Which of the three outcomes a resolved name is (pure apart from the index lookup)."""
    product = resolution.product
    if resolution.status != FOUND or product is None:
        names = ", ".join(dict.fromkeys(h.name for h in resolution.suggestions[:4]))
        why = resolution.status.replace("_", " ")
        return Line(name, NOT_FOUND, "", f"{why}; suggests {names}" if names else why)
    if resolution.match == COMBINATION or (
        resolution.match == EXACT and normalize_name(name) in _own_names(resolution)
    ):
        return Line(name, COVERED, product.name, resolution.match)
    if resolution.match == EXACT and resolution.note:  # read through a salt word or a brand
        return Line(name, COVERED, product.name, f"{resolution.match}: {resolution.note}")
    how = resolution.note or f"matched {resolution.matched_name!r} ({resolution.match})"
    return Line(name, OTHER, product.name, how)


def report_for(names: list[str]) -> list[Line]:
    return [classify(n, product_resolve(query=n)) for n in names]


def render(title: str, lines: list[Line], *, show: int) -> str:
    total = len(lines)
    out = [f"== {title}: {total} names"]
    for outcome in OUTCOMES:
        rows = [ln for ln in lines if ln.outcome == outcome]
        pct = 100.0 * len(rows) / total if total else 0.0
        out.append(f"{outcome}: {len(rows)} ({pct:.1f} %)")
        if outcome == COVERED:
            continue
        for ln in rows[:show]:
            arrow = f" -> {ln.answer}" if ln.answer else ""
            out.append(f"  {ln.name}{arrow}  [{ln.detail}]")
        if len(rows) > show:
            out.append(f"  ... {len(rows) - show} more (use --list)")
    return "\n".join(out)


class Command(BaseCommand):
    help = "Resolve each name of a list with the search resolver: covered / another drug / none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="lists of names, one per line")
        parser.add_argument(
            "--list", type=int, default=400, help="names listed per outcome (default 400)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            lines = report_for(read_names(path))
            self.stdout.write(render(str(path), lines, show=max(0, options["list"])))
