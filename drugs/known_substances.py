"""Names of real substances, seeded or not: a query that names one is never "corrected" to
another drug (terazosin is not a misspelling of prazosin, felodipine not of amlodipine).

The list (``drugs/data/known_substances.txt``) is written by ``fixtures/build_seed.py
--refresh-sources`` from the project's shared source tables: every substance name of the PK
table (``pk/drug_pk.csv``: httk / Obach 2008) and every drug name of the FDA UNII names subset
(``names/unii_names_subset.csv``); they are normalised here as search names are. It holds
names only, no clinical fact, so it needs no review; a name on it that LactRx has no monograph
for gets the honest "no monograph" answer with suggestions.
"""

from __future__ import annotations

from collections.abc import Container
from functools import cache
from pathlib import Path

from drugs.models import normalize_name
from drugs.product_names import damerau_levenshtein

LIST = Path(__file__).resolve().parent / "data" / "known_substances.txt"


@cache
def known_substances() -> frozenset[str]:
    """Every normalised name on the list (comment lines start with '#')."""
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize_name(s) for s in lines if s.strip() and not s.startswith("#"))


@cache
def _by_length() -> dict[int, tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for name in known_substances():
        groups.setdefault(len(name), []).append(name)
    return {n: tuple(sorted(names)) for n, names in groups.items()}


def other_substance_near(query: str, distance: int, *, besides: Container[str]) -> str | None:
    """A listed substance, none of ``besides`` (the candidate drug's own names), within
    ``distance`` edits of the normalised query: the query may be a spelling of that one."""
    groups = _by_length()
    for n in range(len(query) - distance, len(query) + distance + 1):
        for name in groups.get(n, ()):
            if name in besides:
                continue
            if damerau_levenshtein(query, name, distance + 1) <= distance:
                return name
    return None
