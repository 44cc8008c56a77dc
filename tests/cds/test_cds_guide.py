"""The integrators' CDS Hooks page: discovery address, the hooks, the example request and the
cards the service returns for it (live), linked from every page's footer with the API docs."""

import json
from pathlib import Path

import pytest

from tests.web.web_helpers import text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_footer_links_to_the_api_docs_and_the_cds_page(client, seeded):
    html = client.get("/").content.decode()
    assert 'href="/api/docs/"' in html
    assert 'href="/integrators/cds-hooks"' in html
    assert client.get("/api/docs/").status_code == 200


def test_cds_page_shows_discovery_hooks_request_and_live_cards(client, cds, seeded):
    response = client.get("/integrators/cds-hooks")
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert "http://testserver/cds-services" in page  # the discovery address on this host
    for hook in ("order-select", "order-sign"):
        assert f'data-hook="{hook}"' in html
    assert "http://testserver/cds-services/lactation-medication-check" in page
    assert "mr-percocet" in page  # the example request itself
    # The cards on the page are what the service returns for the example request.
    example = json.loads((ROOT / "docs" / "cds" / "order-select-request.json").read_text())
    served = cds.post("/cds-services/lactation-medication-check", example, format="json")
    cards = served.json()["cards"]
    assert len(cards) == 3
    for card in cards:
        assert card["summary"] in page
    assert html.count("data-indicator=") == len(cards)
    assert "because of oxycodone" in page  # the combination card names its driver
