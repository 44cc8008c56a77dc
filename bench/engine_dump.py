#!/usr/bin/env python3
"""Dump the engine's verdicts over a grid of scenarios, to show a refactor changes nothing.

    DATABASE_URL=sqlite:////tmp/lactrx_dump.sqlite3 .venv/bin/python bench/engine_dump.py \\
        --seed out.json
    .venv/bin/python bench/engine_dump.py --compare before.json after.json

For every published monograph x a grid of scenarios (typical and other routes, one and repeated
doses, typical, half and double doses, infant ages from 3 days to a year, preterm, activities
for radiopharmaceuticals) it records each verdict: category, interrupt hours, evidence, RID,
rules with their categories and texts, warnings, monitoring, numbers and the activity table;
then the same for every case of tests/clinical/test_scenarios.py through `advice_for`, and for
each monograph in a regimen with sertraline, diazepam and bromocriptine (interaction
warnings). `--seed` migrates and seeds an empty database first. The engine version is left out
so that a version bump alone is no difference.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOSE_TIME = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 1)
AGES: tuple[tuple[int | None, bool], ...] = (
    (None, False),
    (3, False),
    (14, False),
    (45, False),
    (90, False),
    (365, False),
    (14, True),
    (90, True),
)
ROUTES = (None, "oral", "iv", "topical", "inhaled", "local", "topical_breast", "vaginal")
REGIMENS = ((None, None), ("single", None), ("chronic", None), ("chronic", 1.0 / 7.0))
DOSE_FACTORS = (None, 0.5, 2.0)
PARTNERS = ("sertraline", "diazepam", "bromocriptine")


def _verdict(v: Any) -> dict[str, Any]:
    d = v.to_dict()
    return {
        "category": d["category"],
        "interrupt_hours": d["interrupt_hours"],
        "resume_at": d["resume_at"],
        "evidence": d["evidence"],
        "rid_pct": d["rid_pct"],
        "rid_source": d["rid_source"],
        "infant_dose_mg_per_kg_day": d["infant_dose_mg_per_kg_day"],
        "reasons": [
            [r["rule"], r["category"], r["text"], r["citation_keys"]] for r in d["reasons"]
        ],
        "citations": [c["key"] for c in d["citations"]],
        "alternatives": [[a["slug"], a["category"], a["evidence"]] for a in d["alternatives"]],
        "monitoring": d["monitoring"],
        "costs": bool(d["interruption_costs"]),
        "warnings": d["warnings"],
        "numbers": d["numbers"],
        "inputs": d["inputs"],
        "activity_table": d["activity_table"],
    }


def _grid(profile: Any) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if profile.radioactive:
        typical = profile.typical_activity_mbq
        activities = [None, 1.0, 50.0, 400.0, 1500.0, 6000.0]
        if typical:
            activities += [typical, typical * 3]
        for a in activities:
            for age, preterm in AGES[:4]:
                out.append(
                    (
                        f"a={a}|age={age}|pt={preterm}",
                        {"activity_mbq": a, "infant_age_days": age, "preterm": preterm},
                    )
                )
        return out
    for route in ROUTES:
        for regimen, per_day in REGIMENS:
            for factor in DOSE_FACTORS:
                dose = None
                if factor is not None:
                    if profile.typical_dose_mg is None:
                        continue
                    dose = profile.typical_dose_mg * factor
                ages = AGES if route is None and factor is None else AGES[:3] + AGES[6:7]
                for age, preterm in ages:
                    key = f"r={route}|g={regimen}/{per_day}|x={factor}|age={age}|pt={preterm}"
                    out.append(
                        (
                            key,
                            {
                                "route": route,
                                "regimen": regimen,
                                "doses_per_day": per_day,
                                "dose_mg": dose,
                                "infant_age_days": age,
                                "preterm": preterm,
                                "confirm_dose": True,
                            },
                        )
                    )
    return out


def _run_grid(engine: Any, profiles: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for slug, profile in sorted(profiles.items()):
        rows: dict[str, Any] = {}
        for key, kw in _grid(profile):
            regimen, route = kw.pop("regimen", None), kw.pop("route", None)
            regimen = engine.Regimen(regimen) if regimen else None
            route = engine.Route(route) if route else None
            s = engine.Scenario(
                regimen=regimen, route=route, dose_time=DOSE_TIME, today=TODAY, **kw
            )
            try:
                rows[key] = _verdict(engine.advise(profile, s))
            except engine.ScenarioError as exc:
                rows[key] = {"error": exc.errors}
        out[slug] = rows
    return out


def _run_regimens(engine: Any, profiles: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for partner in PARTNERS:
        other = profiles.get(partner)
        if other is None:
            continue
        for slug, profile in sorted(profiles.items()):
            if profile.radioactive:
                continue
            try:
                rv = engine.advise_regimen(
                    [(profile, engine.Scenario(today=TODAY)), (other, engine.Scenario(today=TODAY))]
                )
                out[f"{slug}+{partner}"] = {
                    "combined": rv.combined.value,
                    "hours": rv.combined_interrupt_hours,
                    "warnings": list(rv.warnings),
                }
            except engine.ScenarioError as exc:
                out[f"{slug}+{partner}"] = {"error": exc.errors}
    return out


def _run_clinical() -> dict[str, Any]:
    from advice.engine import ScenarioError
    from advice.services import advice_for

    sys.path.insert(0, str(ROOT / "tests" / "clinical"))
    import test_scenarios  # type: ignore[import-not-found]

    out: dict[str, Any] = {}
    for param in test_scenarios.SCENARIOS:
        drug, data = param.values[0], param.values[1]
        try:
            result = advice_for(drug=drug, data=dict(data))
        except ScenarioError as exc:
            out[param.id] = {"error": exc.errors}
            continue
        out[param.id] = {
            "verdict": result.category.value,
            "hours": result.interrupt_hours,
            "items": [_verdict(v) for v, _ in result.items],
        }
    return out


def _differences(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: {'added' if k not in a else 'removed'}")
            else:
                _differences(a[k], b[k], f"{path}/{k}", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:300]} -> {json.dumps(b)[:300]}")


def compare(before: Path, after: Path, limit: int = 200) -> int:
    """Print every difference between two dumps (path: before -> after); 1 when any."""
    out: list[str] = []
    _differences(json.loads(before.read_text()), json.loads(after.read_text()), "", out)
    for line in out[:limit]:
        print(line)
    print(f"{len(out)} difference(s)")
    return 1 if out else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--seed", action="store_true", help="migrate and seed an empty database")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--limit", type=int, default=200, help="differences printed")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare, limit=args.limit)
    if args.out is None:
        parser.error("give the output file (or --compare BEFORE AFTER)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lactmed.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    from advice import engine
    from advice.services import drug_profile
    from drugs.models import Drug

    if args.seed:
        call_command("migrate", verbosity=0)
        if not Drug.objects.exists():
            call_command("seed", "--no-progress", verbosity=0)
    drugs = Drug.objects.exclude(published_data=None).order_by("slug")
    profiles = {d.slug: drug_profile(drug=d) for d in drugs}
    dump = {
        "grid": _run_grid(engine, profiles),
        "regimens": _run_regimens(engine, profiles),
        "clinical": _run_clinical(),
    }
    args.out.write_text(json.dumps(dump, indent=1, sort_keys=True, default=str) + "\n")
    n = sum(len(v) for v in dump["grid"].values())
    print(
        f"{len(profiles)} monographs, {n} grid verdicts, {len(dump['regimens'])} regimens, "
        f"{len(dump['clinical'])} clinical cases -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
