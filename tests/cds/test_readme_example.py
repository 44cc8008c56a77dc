"""The README's CDS Hooks example is what the service really says (so the README cannot drift).

The README's integrator section shows docs/cds/order-select-request.json (trimmed) and the
cards the service returned for it. This test posts that request and checks the README's
cards: the same number, and each card's summary, indicator and suggestion labels, in order.
The README request block's lines (those not trimmed with "…") must be lines of the file.
"""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
REQUEST = ROOT / "docs" / "cds" / "order-select-request.json"
SELECT = "/cds-services/lactation-medication-check"
_STRING = r'"((?:[^"\\]|\\.)*)"'


def _readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```json\n(.*?)\n```", text, re.S)
    assert match, f"README.md has no ```json block after <!-- {marker} -->"
    return match.group(1)


def _strings(block: str, key: str) -> list[str]:
    return [json.loads(f'"{s}"') for s in re.findall(rf'"{key}": {_STRING}', block)]


def test_readme_request_is_the_example_file():
    full = set(REQUEST.read_text().splitlines())
    shown = [line for line in _readme_block("cds-example-request").splitlines() if "…" not in line]
    assert len(shown) > 20
    assert [line for line in shown if line not in full] == []


def test_readme_cards_are_what_the_service_returns(seeded, cds):
    response = cds.post(SELECT, json.loads(REQUEST.read_text()), format="json")
    assert response.status_code == 200, response.content
    cards = response.json()["cards"]
    block = _readme_block("cds-example-response")
    assert _strings(block, "summary") == [c["summary"] for c in cards]
    assert _strings(block, "indicator") == [c["indicator"] for c in cards]
    labels = [s["label"] for c in cards for s in c.get("suggestions", [])]
    assert [s for s in _strings(block, "label") if s.startswith("Switch to")] == labels
    # The example speaks for each of the three orders: a combination and two single drugs.
    assert len(cards) == 3
    assert "oxycodone" in cards[0]["summary"] and "acetaminophen" in cards[0]["summary"]
