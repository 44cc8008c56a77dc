"""LactRx verdict engine: pure Python, deterministic, no Django.

`advise(drug, scenario)` returns a `Verdict`; `advise_regimen(items)` a `RegimenVerdict`. Rule
precedence is documented in `advice.engine.core`, rule ids in `advice.engine.rules`, thresholds
and their sources in `advice.engine.thresholds`.
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
