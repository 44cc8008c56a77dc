"""LactRx verdict engine: pure Python, deterministic, no Django.

`advise(drug, scenario)` returns a `Verdict`; `advise_regimen(items)` a `RegimenVerdict`. The rule
precedence is declared in `advice.engine.rules` (with the rule ids) and applied by
`advice.engine.assembly`; thresholds and their sources are in `advice.engine.thresholds`; the
vocabulary (verdicts, routes, regimens...) comes from `drugs.vocabulary`.
"""

from advice.engine.core import ENGINE_VERSION, advise, advise_regimen
from advice.engine.thresholds import DEFAULT as DEFAULT_THRESHOLDS
from advice.engine.thresholds import Thresholds
from advice.engine.types import (
    ActivityRow,
    AlternativeRef,
    AlternativeVerdict,
    Category,
    Citation,
    DrugProfile,
    Evidence,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PkValue,
    Reason,
    Regimen,
    RegimenVerdict,
    RidSource,
    Route,
    RuleId,
    Scenario,
    Verdict,
    strictness,
)
from advice.engine.validation import ScenarioError, parse_regimen, parse_route, validate_scenario

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ENGINE_VERSION",
    "ActivityRow",
    "AlternativeRef",
    "AlternativeVerdict",
    "Category",
    "Citation",
    "DrugProfile",
    "Evidence",
    "Guidance",
    "InfantEffect",
    "LactationEffect",
    "MilkStudy",
    "PkValue",
    "Reason",
    "Regimen",
    "RegimenVerdict",
    "RidSource",
    "Route",
    "RuleId",
    "Scenario",
    "ScenarioError",
    "Thresholds",
    "Verdict",
    "advise",
    "advise_regimen",
    "parse_regimen",
    "parse_route",
    "strictness",
    "validate_scenario",
]
