"""The CDS service's three calls into the product resolver and the product verdict (#11).

``product_resolve`` and ``product_from_ingredients`` are the one resolver's
(drugs.selectors). ``product_advice`` is the product verdict (advice.services.advice_for);
when the order gives each ingredient of a combination its own dose (1 tablet of 300 mg /
30 mg), the ingredients are advised at those doses through ``advice_regimen_for`` and the
result is the same AdviceResult (each ingredient's verdict, the combined one, its driver).
Nothing here reads names or splits products on its own.
"""

from __future__ import annotations

from typing import Any

from advice.services import AdviceResult, advice_for, advice_regimen_for
from drugs.selectors import FOUND, Product, product_from_ingredients, product_resolve

__all__ = ["FOUND", "Product", "product_advice", "product_from_ingredients", "product_resolve"]


def product_advice(
    *,
    product: Product,
    data: dict[str, Any],
    per_ingredient_data: dict[str, dict[str, Any]] | None = None,
) -> AdviceResult:
    """The product's verdict for this order. Raises ScenarioError."""
    per = per_ingredient_data or {}
    if not product.is_combination:
        return advice_for(drug=product, data=per.get(product.slug, data))
    if not any("dose_mg" in per.get(i.slug, {}) for i in product.ingredients):
        return advice_for(drug=product, data=data)  # each ingredient at its typical dose
    items = [{"drug": i.slug, **per.get(i.slug, data)} for i in product.ingredients]
    regimen, drugs = advice_regimen_for(items=items)
    return AdviceResult(product, drugs[0], drugs, None, regimen)
