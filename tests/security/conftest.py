"""Fixtures for the security tests: the audit log captured from its own logger."""

import logging

import pytest

from drugs import services
from drugs.models import Drug


class AuditRecords:
    """What the "lactmed.audit" logger emitted during a test (it does not propagate)."""

    def __init__(self, handler: logging.Handler):
        self.handler = handler

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.handler.records]

    def find(self, *parts: str) -> list[logging.LogRecord]:
        return [r for r in self.handler.records if all(p in r.getMessage() for p in parts)]


@pytest.fixture
def audit_log(caplog):
    logger = logging.getLogger("lactmed.audit")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="lactmed.audit")
    try:
        yield AuditRecords(caplog.handler)
    finally:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def draft(db, curator):
    """A fresh draft monograph last edited by the curator."""
    drug = Drug.objects.create(name="securamycin", slug="securamycin", summary="A test drug.")
    drug.names.create(name="securamycin", kind="generic")
    services.monograph_record_edit(drug=drug, by=curator)
    return drug
