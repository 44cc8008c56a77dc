"""INTERIM bridge to the product resolver and product verdict (issue #11).

The CDS service calls exactly three functions: ``product_resolve``, ``product_from_ingredients``
and ``product_advice``. Until issue #11's single product resolver lands, they are built here
on the existing resolver (drugs.selectors.drug_resolve) and verdict services
(advice.services.advice_for / advice_regimen_for); once it lands this module only re-exports
it. Nothing here reads names or splits products on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from advice import engine
from advice.engine import ScenarioError
from advice.services import advice_for, advice_regimen_for
from drugs.models import Drug
from drugs.selectors import DrugNotFound, drug_resolve, published_drugs

_EVIDENCE_ORDER = list(engine.Evidence)


@dataclass(frozen=True, slots=True)
class Ingredient:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Product:
    slug: str
    name: str
    ingredients: tuple[Ingredient, ...]

    @property
    def is_combination(self) -> bool:
        return len(self.ingredients) > 1


@dataclass
class Resolution:
    status: str  # "found" | "not_found"
    product: Product | None = None
    match: str = "exact"


def _product(drugs: list[Drug]) -> Product:
    ingredients = tuple(Ingredient(d.slug, d.name) for d in drugs)
    if len(ingredients) == 1:
        return Product(ingredients[0].slug, ingredients[0].name, ingredients)
    return Product(
        "+".join(i.slug for i in ingredients), " / ".join(i.name for i in ingredients), ingredients
    )


def product_from_ingredients(*, slugs: list[str]) -> Product | None:
    found = {d.slug: d for d in published_drugs().filter(slug__in=slugs)}
    if not slugs or any(s not in found for s in slugs):
        return None
    return _product([found[s] for s in slugs])


def _candidates(query: str) -> list[str]:
    """The query, a bracketed brand, then the words before the first strength (what the CDS
    service did before #11: 'Codeine 30 mg tablet' -> 'Codeine')."""
    out = [query]
    bracket = re.search(r"\[([^\]]+)\]", query)
    if bracket:
        out.append(bracket.group(1).strip())
    words = []
    for word in query.split():
        if any(ch.isdigit() for ch in word):
            break
        words.append(word)
    if words and len(words) < len(query.split()) and "/" not in query:
        out.append(" ".join(words))
    return list(dict.fromkeys(c for c in out if c))


def product_resolve(*, query: str) -> Resolution:
    for candidate in _candidates(query[:200]):
        try:
            _primary, ingredients = drug_resolve(name=candidate)
        except DrugNotFound:  # includes DrugAmbiguous: never pick among look-alikes
            continue
        return Resolution("found", _product(ingredients))
    return Resolution("not_found")


@dataclass
class ProductResult:
    product: Product
    body: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self.body


def _rank(item: dict[str, Any]) -> tuple[int, float, int]:
    return (
        -engine.strictness(engine.Category(item["category"])),
        -(item.get("interrupt_hours") or 0.0),
        -_EVIDENCE_ORDER.index(engine.Evidence(item["evidence"])),
    )


def product_advice(
    *,
    product: Product,
    data: dict[str, Any],
    per_ingredient_data: dict[str, dict[str, Any]] | None = None,
) -> ProductResult:
    """Each ingredient's verdict (at its own ordered dose when given), the combined verdict and
    the ingredient driving it. Raises ScenarioError."""
    if not product.is_combination:
        drug = published_drugs().filter(slug=product.slug).first()
        if drug is None:
            raise ScenarioError({"drug": f"{product.name} has no published monograph."})
        scenario = (per_ingredient_data or {}).get(product.slug, data)
        return ProductResult(product, advice_for(drug=drug, data=scenario).to_dict())
    items = [
        {"drug": i.slug, **(per_ingredient_data or {}).get(i.slug, data)}
        for i in product.ingredients
    ]
    regimen, _drugs = advice_regimen_for(items=items)
    body = regimen.to_dict()
    ordered = sorted(body["items"], key=_rank)  # type: ignore[arg-type]
    for item in ordered:
        item["verdict"] = item["category"]
    body["items"] = ordered
    body["verdict"] = body["combined"]
    driver = ordered[0]
    body["driven_by"] = {"slug": driver["drug_slug"], "name": driver["drug_name"]}
    return ProductResult(product, body)
