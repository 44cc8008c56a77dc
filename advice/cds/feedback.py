"""Remember which product each card was about; store the EHR's feedback on a card."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.utils.dateparse import parse_datetime

from advice.cds.models import CdsFeedback

CARD_MEMORY_S = 14 * 24 * 3600  # feedback usually comes within minutes; keep two weeks
_KEY = "cds:card:{}"


def remember_cards(cards: Iterable[tuple[str, str, str]]) -> None:
    """Remember (card uuid, product slug, product name) so feedback can name the drug."""
    values = {_KEY.format(c): {"slug": s, "name": n} for c, s, n in cards}
    if values:
        cache.set_many(values, timeout=CARD_MEMORY_S)


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


MAX_CARD_CHARS = 128


def valid_item(item: Any) -> bool:
    """A card id (the uuid we sent; kept as text, an EHR may echo anything) and an outcome."""
    if not isinstance(item, dict) or item.get("outcome") not in {"accepted", "overridden"}:
        return False
    card = item.get("card")
    return isinstance(card, str) and 0 < len(card.strip()) <= MAX_CARD_CHARS


def feedback_store(*, service: str, items: Sequence[dict[str, Any]]) -> list[CdsFeedback]:
    """One row per feedback item (already checked with ``valid_item``)."""
    known = cache.get_many([_KEY.format(i["card"]) for i in items])
    rows = []
    for item in items:
        card = known.get(_KEY.format(item["card"])) or {}
        override = item.get("overrideReason")
        override = override if isinstance(override, dict) else {}
        reason = override.get("reason")
        reason = reason if isinstance(reason, dict) else {}
        accepted = item.get("acceptedSuggestions")
        when = item.get("outcomeTimestamp")
        rows.append(
            CdsFeedback(
                service=service[:64],
                card=item["card"].strip(),
                outcome=item["outcome"],
                override_code=_text(reason.get("code"), 100),
                override_system=_text(reason.get("system"), 300),
                override_display=_text(reason.get("display"), 300),
                user_comment=_text(override.get("userComment"), 2000),
                accepted_suggestions=[
                    str(s.get("id"))[:64] for s in accepted if isinstance(s, dict) and s.get("id")
                ][:10]
                if isinstance(accepted, list)
                else [],
                drug_slug=_text(card.get("slug"), 200),
                product_name=_text(card.get("name"), 300),
                outcome_at=parse_datetime(when) if isinstance(when, str) else None,
            )
        )
    return CdsFeedback.objects.bulk_create(rows)
