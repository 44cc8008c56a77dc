"""Rule ids and reason codes are declared once: code compares `RuleId` / `Check` members, never
strings, and every reason carries a message code and its params (the English text unchanged).
"""

import ast
import inspect
import json
from pathlib import Path

import pytest

from advice.engine import DrugProfile, Regimen, RuleId, Scenario, ScenarioError, advise
from advice.engine.phrases import LEAD, Lead
from advice.engine.rules import AFTER, DECIDERS, LATE, RULES, Check
from tests.engine import profiles

PROFILES = {
    name: fn
    for name, fn in inspect.getmembers(profiles, inspect.isfunction)
    if fn.__module__ == profiles.__name__
    and not inspect.signature(fn).parameters
    and inspect.signature(fn).return_annotation in (DrugProfile, "DrugProfile")
}

ROOT = Path(__file__).resolve().parents[2]
IDS = {r.value for r in RuleId} | {c.value for c in Check}


def _literal_rule_uses(path: Path) -> list[str]:
    """`x == "measured_rid"`, `"regulatory_avoid" in rules`, `Finding("cytotoxic", ...)`,
    `rule="infant_age"`: a rule id written as a string outside its declaration."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def is_id(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and node.value in IDS

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for side in sides:
                items = side.elts if isinstance(side, ast.Set | ast.List | ast.Tuple) else [side]
                if any(is_id(i) for i in items) and any(
                    isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn | ast.Is)
                    for op in node.ops
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in {"Finding", "Reason", "Rule", "Step"} and node.args and is_id(node.args[0]):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            for kw in node.keywords:
                if kw.arg == "rule" and is_id(kw.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_rule_id_is_compared_as_a_string():
    sources = [
        p
        for top in ("advice", "drugs")
        for p in sorted((ROOT / top).rglob("*.py"))
        if "migrations" not in p.parts
    ]
    bad = [hit for p in sources for hit in _literal_rule_uses(p)]
    assert bad == []


def test_the_checker_sees_a_string_comparison(tmp_path):
    probe = ROOT / "advice" / "_probe_rule_ids.py"
    probe.write_text(
        'def f(v, rules):\n    return v.rule == "measured_rid" or "regulatory_avoid" in rules\n',
        encoding="utf-8",
    )
    try:
        assert len(_literal_rule_uses(probe)) == 2
    finally:
        probe.unlink()


def test_the_precedence_tables_name_declared_checks():
    named = set(DECIDERS) | set(AFTER) | {s.rule for steps in AFTER.values() for s in steps}
    named |= {s.rule for s in LATE}
    assert named <= set(RULES) == set(Check)
    assert all(isinstance(c, Check) for c in named)
    assert {s.prefix for steps in AFTER.values() for s in steps if s.prefix} <= set(Lead)
    assert set(LEAD) == set(Lead)


def test_the_profiles_are_found():
    assert {"sertraline", "codeine", "iodine131", "methotrexate"} <= set(PROFILES)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_reason_has_a_code_and_json_params(name):
    drug = PROFILES[name]()
    scenarios = [
        Scenario(),
        Scenario(infant_age_days=10, preterm=True),
        Scenario(regimen=Regimen.SINGLE, activity_mbq=400.0 if drug.radioactive else None),
    ]
    for scenario in scenarios:
        try:
            verdict = advise(drug, scenario)
        except ScenarioError:
            continue
        for reason in verdict.to_dict()["reasons"]:
            assert reason["rule"] in {r.value for r in RuleId}
            assert (
                reason["code"] == reason["rule"]
                or reason["code"].startswith(reason["rule"] + ".")
                or reason["code"] in {"colostrum_antibodies"}
            )
            json.dumps(reason["params"])  # plain JSON values only
            if reason["prefix"]:
                lead = LEAD[Lead(reason["prefix"])]
                assert reason["text"].startswith(lead)
