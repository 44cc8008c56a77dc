"""Clinical safety sweep over every seed monograph.

Runs `manage.py advise --batch` for each of the seed's monographs in three scenarios (the
drug's defaults; a 14-day-old term infant; a preterm infant) and flags dangerous or doubtful
answers:

- CYTOTOXIC_COMPATIBLE: a cytotoxic drug called compatible.
- RADIOTHERAPY_NOT_WEAN: a therapeutic radionuclide (I-131 and similar) not `wean`.
- CONTRAST_INTERRUPT: a contrast agent with an interruption (or wean) at its typical dose
  (ACR Manual on Contrast Media; ABM Clinical Protocol #31: no interruption needed).
- SUPPLY_COMPATIBLE: a drug that lowers milk supply called compatible when no curated
  "compatible" guidance decided.
- LACTMED_OK_BUT_INTERRUPT: LactMed (or another followed source) calls the drug acceptable
  without conditions, yet the default answer is interrupt/wean.
- INSUFFICIENT_WITH_LACTMED: evidence "insufficient" although the monograph cites a LactMed
  record (curated guidance may be missing).
- NO_REASON / NO_CITATION: a verdict without a reason or without a citation.
- NEWBORN_LESS_STRICT: a 14-day-old or preterm infant gets a less restrictive verdict than the
  default (older term) infant.
- ERROR: the batch line failed.

Usage (from the repository root):  python tests/clinical/sweep.py [--seed] [--verbose] [--json FILE]
(it reads the development database: run `manage.py seed` first, or pass --seed)
The pure helpers (`scenarios_for`, `flags_for`) are shared with test_safety_sweep.py.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "seed" / "monographs.json"

SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "newborn14d": {"infant_age_days": 14},
    "preterm": {"infant_age_days": 14, "preterm": True},
}
STRICTNESS = {"compatible": 0, "interrupt": 1, "use_alternative": 2, "wean": 3}
# Radionuclides used for therapy (not diagnosis): breastfeeding stops for this child.
THERAPY_ISOTOPES = {"I131", "LU177", "RA223", "Y90", "SM153", "SR89", "P32"}


def load_seed(path: Path = SEED) -> list[dict[str, Any]]:
    return json.loads(path.read_text())["drugs"]


def scenarios_for(drug: dict[str, Any]) -> list[dict[str, Any]]:
    """The batch lines for one monograph (ids `<slug>|<scenario>`)."""
    return [
        {"id": f"{drug['slug']}|{name}", "drug": drug["name"], **extra}
        for name, extra in SCENARIOS.items()
    ]


def is_therapy_radionuclide(drug: dict[str, Any]) -> bool:
    flags = drug.get("flags", {})
    iso = (flags.get("isotope") or "").upper().replace("-", "")
    if not flags.get("radioactive"):
        return False
    if iso == "I131":
        # Diagnostic I-131 doses exist, but any I-131 means stopping for this child (ABM #31).
        return True
    return iso in THERAPY_ISOTOPES


def lowers_supply(drug: dict[str, Any]) -> bool:
    return bool(drug.get("flags", {}).get("reduces_milk_supply")) or any(
        e.get("effect") == "decreases_supply" for e in drug.get("lactation_effects", [])
    )


def has_lactmed(drug: dict[str, Any], citation_kinds: dict[str, str]) -> bool:
    """The monograph cites a LactMed record (citations are keys in the seed, objects in a
    published snapshot)."""
    for c in drug.get("citations", []):
        key, kind = (c, citation_kinds.get(c)) if isinstance(c, str) else (c["key"], c["kind"])
        if kind == "lactmed" or key.endswith(":lactmed"):
            return True
    return False


def unconditional_compatible(drug: dict[str, Any]) -> bool:
    """A followed guidance entry says compatible with no condition at all."""
    conds = (
        "regimen",
        "dose_min_mg",
        "dose_max_mg",
        "infant_age_min_days",
        "infant_age_max_days",
        "preterm",
        "activity_min_mbq",
        "activity_max_mbq",
    )
    return any(
        g.get("followed", True)
        and g["verdict"] == "compatible"
        and not g.get("routes")
        and all(g.get(c) is None for c in conds)
        for g in drug.get("guidance", [])
    )


def _decided_by_curated_compatible(result: dict[str, Any]) -> bool:
    return any(
        r["rule"] in {"curated_guidance", "curated_dose_floor"} and r["category"] == "compatible"
        for r in result.get("reasons", [])
    )


def flags_for(
    drug: dict[str, Any],
    results: dict[str, dict[str, Any]],
    citation_kinds: dict[str, str] | None = None,
) -> list[str]:
    """Flags for one monograph given its batch results keyed by scenario name."""
    citation_kinds = citation_kinds or {}
    out: list[str] = []
    flags = drug.get("flags", {})
    default = results.get("default", {})
    for name, r in results.items():
        if "error" in r:
            out.append(f"ERROR[{name}]: {r['error']}")
            continue
        v = r["verdict"]
        if flags.get("cytotoxic") and v == "compatible":
            out.append(f"CYTOTOXIC_COMPATIBLE[{name}]")
        if is_therapy_radionuclide(drug) and v != "wean":
            out.append(f"RADIOTHERAPY_NOT_WEAN[{name}]: {v}")
        if drug.get("kind") == "contrast" and v in {"interrupt", "wean"}:
            out.append(f"CONTRAST_INTERRUPT[{name}]: {v} {r.get('interrupt_hours')}")
        if lowers_supply(drug) and v == "compatible" and not _decided_by_curated_compatible(r):
            out.append(f"SUPPLY_COMPATIBLE[{name}]")
        if not r.get("reasons"):
            out.append(f"NO_REASON[{name}]")
        if not r.get("citations"):
            out.append(f"NO_CITATION[{name}]")
        if (
            name != "default"
            and "verdict" in default
            and STRICTNESS[v] < STRICTNESS[default["verdict"]]
        ):
            out.append(f"NEWBORN_LESS_STRICT[{name}]: {v} < default {default['verdict']}")
    if "verdict" in default:
        if unconditional_compatible(drug) and default["verdict"] in {"interrupt", "wean"}:
            out.append(f"LACTMED_OK_BUT_INTERRUPT[default]: {default['verdict']}")
        if default.get("evidence") == "insufficient" and has_lactmed(drug, citation_kinds):
            out.append("INSUFFICIENT_WITH_LACTMED[default]")
    return out


def category_of(drug: dict[str, Any]) -> str:
    flags = drug.get("flags", {})
    if flags.get("radioactive"):
        return "radiopharmaceutical"
    if flags.get("cytotoxic"):
        return "cytotoxic"
    return drug.get("kind", "drug")


def run_batch(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.write("\n".join(json.dumps(line) for line in lines) + "\n")
        batch = fh.name
    try:
        env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
        proc = subprocess.run(
            [_python(), "manage.py", "advise", "--batch", batch],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(batch)
    if proc.returncode != 0:
        raise SystemExit(f"manage.py advise --batch failed:\n{proc.stderr[-2000:]}")
    return [json.loads(x) for x in proc.stdout.splitlines() if x.strip().startswith("{")]


def _python() -> str:
    python = ROOT / ".venv" / "bin" / "python"
    return str(python if python.exists() else sys.executable)


def seed_database() -> None:
    """Load the seed into the development database (`manage.py migrate` + `seed`)."""
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    for args in (["migrate", "-v0"], ["seed", "--no-progress"]):
        subprocess.run([_python(), "manage.py", *args], cwd=ROOT, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every monograph")
    parser.add_argument("--json", help="write all results and flags to this file")
    parser.add_argument("--seed", action="store_true", help="migrate and seed the database first")
    args = parser.parse_args(argv)
    if args.seed:
        seed_database()

    seed = json.loads(SEED.read_text())
    drugs = seed["drugs"]
    kinds = {c["key"]: c["kind"] for c in seed.get("citations", [])}
    lines = [line for d in drugs for line in scenarios_for(d)]
    by_id = {r["id"]: r for r in run_batch(lines)}

    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    flagged: list[tuple[str, str, list[str], dict[str, str]]] = []
    dump = []
    for d in drugs:
        results = {
            name: by_id.get(f"{d['slug']}|{name}", {"error": "no output"}) for name in SCENARIOS
        }
        cat = category_of(d)
        verdicts = {}
        for name, r in results.items():
            v = r.get("verdict", "error")
            if v == "interrupt":
                v = f"interrupt {r.get('interrupt_hours')}h" if args.verbose else "interrupt"
            verdicts[name] = v
            counts[f"{cat}|{name}"][r.get("verdict", "error")] += 1
            counts[f"ALL|{name}"][r.get("verdict", "error")] += 1
            counts[f"evidence|{name}"][r.get("evidence", "error")] += 1
        f = flags_for(d, results, kinds)
        if f:
            flagged.append((d["slug"], cat, f, verdicts))
        if args.verbose:
            print(f"{d['slug']:40} {cat:20} " + " | ".join(verdicts[n] for n in SCENARIOS))
        dump.append({"slug": d["slug"], "category": cat, "results": results, "flags": f})

    cols = ["compatible", "interrupt", "use_alternative", "wean", "error"]
    print(f"\n{len(drugs)} monographs x {len(SCENARIOS)} scenarios")
    print(f"{'category|scenario':38}" + "".join(f"{c:>16}" for c in cols))
    for key in sorted(counts):
        if key.startswith("evidence|"):
            continue
        print(f"{key:38}" + "".join(f"{counts[key][c]:>16}" for c in cols))
    ev_cols = ["curated", "measured", "estimated", "insufficient", "error"]
    print(f"\n{'evidence|scenario':38}" + "".join(f"{c:>16}" for c in ev_cols))
    for key in sorted(k for k in counts if k.startswith("evidence|")):
        print(f"{key:38}" + "".join(f"{counts[key][c]:>16}" for c in ev_cols))
    flag_counts = collections.Counter(x.split("[")[0] for _, _, fl, _ in flagged for x in fl)
    print("\nFlags:", dict(flag_counts) or "none")
    for slug, cat, fl, verdicts in flagged:
        print(f"  {slug} ({cat}) {verdicts}: " + "; ".join(fl))
    if args.json:
        Path(args.json).write_text(json.dumps(dump, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
