"""User input cannot forge a log line: CDS feedback values and audit fields are escaped, and
every record the console handler writes is one line (plain) or one JSON object (json)."""

import io
import json
import logging

import pytest
from rest_framework.test import APIClient

from lactmed.logsafe import EscapingFormatter, JsonLinesFormatter, escape, safe

pytestmark = pytest.mark.django_db

FEEDBACK = "/cds-services/lactation-medication-check/feedback"
FORGED = "c\nINFO forged log line"


@pytest.fixture
def console():
    """The console handler configured by settings.LOGGING, writing into a buffer."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, EscapingFormatter)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    logger = logging.getLogger("advice.cds.views")
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        handler.setStream(previous)
        logger.setLevel(level)


def test_a_forged_feedback_card_is_one_escaped_line(seeded, console, caplog):
    caplog.set_level(logging.INFO, logger="advice.cds.views")
    body = {
        "feedback": [
            {
                "card": FORGED,
                "outcome": "overridden",
                "overrideReason": {"reason": {"code": "x\r\nERROR also forged\x1b[31m"}},
            }
        ]
    }
    response = APIClient().post(FEEDBACK, body, format="json")
    assert response.status_code == 200
    [record] = [r for r in caplog.records if "cds feedback" in r.getMessage()]
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert "card=c\\nINFO forged log line" in message
    assert "reason=x\\r\\nERROR also forged\\x1b[31m" in message
    lines = [line for line in console.getvalue().splitlines() if "cds feedback" in line]
    assert len(lines) == 1
    assert "forged log line" in lines[0]
    assert not any(line.startswith("INFO forged") for line in console.getvalue().splitlines())


def test_the_formatters_escape_any_message():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user=%s", (FORGED,), None)
    plain = EscapingFormatter("%(levelname)s %(message)s").format(record)
    assert plain == "INFO user=c\\nINFO forged log line"
    as_json = JsonLinesFormatter().format(record)
    assert "\n" not in as_json
    assert json.loads(as_json)["message"] == "user=" + FORGED  # the JSON string round-trips


def test_safe_bounds_and_escapes_values():
    assert safe(None) == "-"
    assert safe("plain text é") == "plain text é"
    assert safe("a\u202eb\u2028c\\") == "a\\u202eb\\u2028c\\\\"
    assert len(safe("x" * 10_000)) == 201
    assert escape("a\tb") == "a\\tb"


def test_audit_fields_cannot_forge_a_line(audit_log):
    from django.test import Client

    Client().post(
        "/admin/login/", {"username": "mallory\nINFO login_success user=admin", "password": "x"}
    )
    [record] = audit_log.find("login_failed")
    assert "\n" not in record.getMessage()
