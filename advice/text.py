"""Plain-text and Markdown renderings of a verdict (command line, CDS Hooks card detail)."""

from typing import Any

from advice.engine import Category, RuleId
from drugs.snapshot import citation_link

VERDICT_WORDS = {
    "compatible": "Compatible: keep breastfeeding, no interruption needed",
    "use_alternative": "Prefer an alternative (or use with infant monitoring)",
    "interrupt": "Interrupt breastfeeding for a time after the dose",
    "wean": "Breastfeeding is not advised during this treatment",
}


# What the headline says when a regulator recommends against the drug (headline_code "avoid").
AVOID_WORDS = "Do not use while breastfeeding: use an alternative (FDA recommends against it)"


def headline_code(category: Any, rules: Any) -> str:
    """The one decision of what a verdict's headline says: its category, or ``"avoid"`` for a
    `use_alternative` that rests on a regulator's recommendation against the drug (codeine,
    tramadol: FDA Drug Safety Communication, 20 April 2017). Every interface words the code
    (the command line and CDS cards below, the handouts, the pages)."""
    if category == Category.USE_ALTERNATIVE and RuleId.REGULATORY_AVOID in set(rules or ()):
        return "avoid"
    return str(category)


def verdict_headline(body: dict[str, Any]) -> str:
    category = body.get("category") or body.get("combined")
    hours = body.get("interrupt_hours") or body.get("combined_interrupt_hours")
    words = VERDICT_WORDS.get(str(category), str(category))
    rules = set(body.get("rules") or [])
    items = body.get("items") or []
    if not rules and items:
        # A combination says what its driving ingredient (listed first, the worst) says.
        rules = set(items[0].get("rules") or [])
    if headline_code(category, rules) == "avoid":
        words = AVOID_WORDS
    if category == "interrupt" and hours:
        words = f"Interrupt breastfeeding for {hours:g} h after the dose, then resume"
    return words


def _citation_line(citation: dict[str, Any]) -> str:
    locator = citation_link(
        url=citation.get("url"), pmid=citation.get("pmid"), doi=citation.get("doi")
    )
    return f"[{citation['key']}] {citation['title']} - {locator}"


def _verdict_lines(body: dict[str, Any], *, markdown: bool) -> list[str]:
    bullet = "- " if markdown else "  - "
    lines = [
        f"{'**' if markdown else ''}{body['drug_name']}{'**' if markdown else ''}: "
        f"{verdict_headline(body)}",
        f"Evidence: {body['evidence']}",
    ]
    if body.get("resume_at"):
        lines.append(f"Resume breastfeeding at: {body['resume_at']}")
    if body.get("rid_pct") is not None:
        lines.append(
            f"Relative infant dose: {body['rid_pct']:.2g} % ({body.get('rid_source')}); "
            f"infant dose {body['infant_dose_mg_per_kg_day']:.3g} mg/kg/day"
        )
    lines.append("Why:")
    for reason in body.get("reasons", []):
        keys = ", ".join(reason.get("citation_keys") or [])
        lines.append(f"{bullet}{reason['text']}" + (f" [{keys}]" if keys else ""))
    if body.get("activity_table"):
        lines.append("Interruption by administered activity:")
        for row in body["activity_table"]:
            low = row.get("activity_min_mbq")
            high = row.get("activity_max_mbq")
            span = f"{low or 0:g}-{high:g} MBq" if high else f">= {low or 0:g} MBq"
            hours = f", {row['interrupt_hours']:g} h" if row.get("interrupt_hours") else ""
            lines.append(f"{bullet}{span}: {row['category']}{hours}")
    if body.get("alternatives"):
        lines.append("Alternatives:")
        for alt in body["alternatives"]:
            lines.append(f"{bullet}{alt['name']} ({alt['category']}): {alt['reason']}")
    if body.get("monitoring"):
        lines.append("Watch the baby for:")
        lines.extend(f"{bullet}{item}" for item in body["monitoring"])
    if body.get("interruption_costs"):
        lines.append("Costs of interrupting breastfeeding:")
        lines.extend(f"{bullet}{item}" for item in body["interruption_costs"])
    if body.get("warnings"):
        lines.append("Warnings:")
        lines.extend(f"{bullet}{item}" for item in body["warnings"])
    lines.append("Sources:")
    lines.extend(f"{bullet}{_citation_line(c)}" for c in body.get("citations", []))
    lines.append(f"Engine {body['engine_version']}")
    return lines


def render_result_text(
    result: Any, *, markdown: bool = False, body: dict[str, Any] | None = None
) -> str:
    """The verdict as text; ``body`` is ``result.to_dict()`` when the caller already has it."""
    body = result.to_dict() if body is None else body
    if "items" in body:
        product = body.get("product") or {}
        driver = body.get("driven_by") or {}
        head = f"{product.get('name', 'Combination')}: combined verdict: {verdict_headline(body)}"
        if driver and body.get("combined") != "compatible":
            head += f" (set by {driver['name']}, the most restrictive ingredient)"
        lines = [head]
        lines.extend(f"Interaction: {w}" for w in body.get("warnings", []))
        for item in body["items"]:
            lines.append("")
            lines.extend(_verdict_lines(item, markdown=markdown))
        return "\n".join(lines)
    return "\n".join(_verdict_lines(body, markdown=markdown))
