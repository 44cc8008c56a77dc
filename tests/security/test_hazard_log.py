"""The clinical-safety hazard log stays true: every test it cites exists, and every hazard of
the clinical reference's list has an entry with a cause, a harm, a control and a test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
REF = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]]*\])?`")
# The seed list of CLINICAL.md ("Hazards to control"), in the log's words.
SEED = [
    "look-alike",
    "Combination product",
    "Stale monograph",
    "Unit errors",
    "Missing infant age",
    "Chronic dosing",
    "radiopharmaceutical activity",
    "Guideline version drift",
    "translated handouts",
    "Unreviewed edits",
    "default answer when a component fails",
    "Automation bias",
]


def _sections() -> list[str]:
    return re.split(r"^### ", LOG.read_text(), flags=re.M)[1:]


def test_every_cited_test_exists():
    text = LOG.read_text()
    refs = REF.findall(text)
    assert len(refs) > 50
    missing = []
    for path, name in refs:
        source = ROOT / path
        if not source.exists() or not re.search(
            rf"^(    )?def {name}\(", source.read_text(), flags=re.M
        ):
            missing.append(f"{path}::{name}")
    assert not missing, f"hazard log cites tests that do not exist: {missing}"


def test_every_seed_hazard_has_cause_harm_control_and_test():
    sections = _sections()
    for hazard in SEED:
        matching = [s for s in sections if hazard.lower() in s.splitlines()[0].lower()]
        assert matching, f"no hazard-log entry for {hazard!r}"
        body = matching[0]
        for field in ("**Cause**", "**Harm**", "**Verified by**"):
            assert field in body, f"{hazard}: missing {field}"
        assert "**Controls" in body, f"{hazard}: missing controls"
        assert REF.search(body), f"{hazard}: cites no test"


def test_intended_use_users_and_limitations_are_stated():
    text = LOG.read_text()
    for heading in ("## Intended use", "**Users.**", "## Limitations"):
        assert heading in text
