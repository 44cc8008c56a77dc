"""Latency targets of issues 11 and 15, the 3-order CDS bundle and the search scale run.

Called from bench/run.py (the latency steps; the load step does not use this module):

- ``cds_bundle_body``: the README's CDS Hooks ``order-select`` example (docs/cds/), whose
  draft-orders bundle holds three RxNorm-coded MedicationRequests as an EHR sends them, with a
  "currently breastfeeding" prefetch; a new hookInstance each time.
- ``evaluate``: suggestions p95 <= 15 ms and <= 5x /healthz p95, the 3-order CDS hook
  p95 <= 30 ms (its ratio to /healthz printed), all at one client in the same run.
- ``scale_run``: the search index grown to ``factor`` times today's names with synthetic rows
  (in the bench's own database only, removed afterwards), the server reloaded so no cached
  index or resolution survives, then /healthz and the suggestions measured again: how p95
  grows with the data.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The README's integrator example: an order-select request with three RxNorm-coded orders (a
# combination SCD, a single-drug SCD, a capsule SCD; dose, route and timing each) and a
# "currently breastfeeding" prefetch. tests/cds/test_readme_example.py keeps the README's
# cards equal to what the service returns for it.
CDS_EXAMPLE = ROOT / "docs" / "cds" / "order-select-request.json"
CDS_BUNDLE_LABEL = "CDS hook, 3-order bundle"

# (endpoint, clients, p95 limit ms, limit as a multiple of /healthz p95 or None)
SPEED_TARGETS: tuple[tuple[str, int, float, float | None], ...] = (
    ("search", 1, 15.0, 5.0),  # issue 11
    ("cds_bundle", 1, 30.0, None),  # issue 15 (ratio printed)
)
SCALE_FACTOR = 20
SYNTHETIC_OWNER = "bench-synthetic"


def readme_request() -> dict[str, Any]:
    """The 3-order ``order-select`` request the README shows (docs/cds/)."""
    return dict(json.loads(CDS_EXAMPLE.read_text()))


def cds_bundle_body(i: int) -> bytes:
    """The README request with a new hookInstance each time (as an EHR sends it)."""
    body = readme_request()
    body["hookInstance"] = f"00000000-0000-4000-9000-{i:012d}"
    return json.dumps(body).encode()


# --- targets -------------------------------------------------------------------------------
def evaluate(rows: list[dict[str, Any]], *, step: str = "") -> list[dict[str, Any]]:
    """PASS/FAIL for SPEED_TARGETS over rows of one run (ratios to that run's /healthz)."""
    by_key = {(r["endpoint"], r["clients"]): r for r in rows}
    checks = []
    for name, clients, limit_ms, limit_ratio in SPEED_TARGETS:
        row = by_key.get((name, clients))
        health = by_key.get(("healthz", clients))
        label = f"{step}{name} p95 @{clients} client <= {limit_ms:g} ms"
        if limit_ratio is not None:
            label += f" and <= {limit_ratio:g}x /healthz p95"
        if row is None or health is None:
            checks.append({"target": label, "status": "SKIP"})
            continue
        ratio = row["p95_ms"] / health["p95_ms"] if health["p95_ms"] else float("nan")
        ok = row["p95_ms"] <= limit_ms and (limit_ratio is None or ratio <= limit_ratio)
        checks.append(
            {
                "target": label,
                "value": row["p95_ms"],
                "ratio": ratio,
                "status": "PASS" if ok else "FAIL",
            }
        )
    return checks


def print_checks(title: str, checks: list[dict[str, Any]]) -> None:
    print(title)
    for check in checks:
        if check["status"] == "SKIP":
            print(f"  SKIP  {check['target']}")
            continue
        print(
            f"  {check['status']:<4}  {check['target']}  [{check['value']:.2f} ms, "
            f"x{check['ratio']:.2f} of /healthz p95]"
        )


# --- scale run -----------------------------------------------------------------------------
_SYLLABLES = tuple(f"{c}{v}" for c in "bdfklmnprstvz" for v in "aeio")
_ENDINGS = ("ine", "ol", "ide", "azole", "pril", "sartan", "mab", "cillin", "one", "ate", "in")


def _synthetic_name(real: str, rng: random.Random) -> str:
    """A made-up name that starts like a real one (so typed prefixes hit as many more rows as
    a 20x bigger formulary would) and continues with invented syllables."""
    keep = real[: rng.randint(3, max(3, min(6, len(real))))]
    tail = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
    return keep + tail + rng.choice(_ENDINGS)


def synthetic_rows_add(*, factor: int, seed: int = 11) -> tuple[int, int]:
    """Add (factor - 1) synthetic rows per published search row; returns (before, after).

    Each synthetic row is its own product (a made-up slug, no monograph): it is found and
    listed like a real name, and its chip says "no verdict" without a read (it has no
    published stamp): the timing shows the search, not the verdicts (advice.services keeps
    every published product's chip per copy of the index).
    """
    from drugs.models import SearchEntry, normalize_name

    rng = random.Random(seed)
    real = list(
        SearchEntry.objects.exclude(owner__startswith=SYNTHETIC_OWNER).values_list(
            "name", "kind", "target"
        )
    )
    rows = []
    for n in range(len(real) * (factor - 1)):
        name, kind, target = real[n % len(real)]
        made = _synthetic_name(name, rng)
        rows.append(
            SearchEntry(
                normalized=normalize_name(made)[:200],
                name=made[:200],
                kind=kind,
                target="drug" if target == "combination" else target,
                slug=f"synthetic-{n}",
                target_name=made[:200],
                owner=f"{SYNTHETIC_OWNER}:{n}"[:40],
                revision=0,
            )
        )
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    return len(real), SearchEntry.objects.count()


def synthetic_rows_remove() -> int:
    from drugs.models import SearchEntry

    deleted, _ = SearchEntry.objects.filter(owner__startswith=SYNTHETIC_OWNER).delete()
    return deleted


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def server_reload(pid: int, ready: Callable[[], None], timeout: float = 90) -> None:
    """Bump the search version and reload gunicorn's workers (SIGHUP): new worker processes,
    so no per-process cache (local memory without Redis) keeps the old index; waits until
    every old worker has exited and the new ones answer."""
    from drugs.services import search_version_bump

    search_version_bump()
    old = _children(pid)
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = _children(pid)
        if now and not (now & old) and len(now) >= len(old):
            break
        time.sleep(0.25)
    else:
        raise RuntimeError("gunicorn workers did not reload")
    ready()


def scale_run(
    *,
    factor: int,
    pid: int,
    ready: Callable[[], None],
    measure: Callable[[], list[dict[str, Any]]],
    base_rows: list[dict[str, Any]],
) -> dict[str, Any]:
    """Grow the index ``factor`` times, measure, restore. ``measure`` returns the rows of
    /healthz and the suggestions (warmed and measured the same way as the main step)."""
    try:
        before, after = synthetic_rows_add(factor=factor)
        server_reload(pid, ready)
        rows = measure()
    finally:
        synthetic_rows_remove()
        server_reload(pid, ready)
    base = {(r["endpoint"], r["clients"]): r for r in base_rows}
    growth = []
    for row in rows:
        ref = base.get((row["endpoint"], row["clients"]))
        if ref is None:
            continue
        growth.append(
            {
                "endpoint": row["endpoint"],
                "clients": row["clients"],
                "p50_ms": (ref["p50_ms"], row["p50_ms"]),
                "p95_ms": (ref["p95_ms"], row["p95_ms"]),
                "p95_growth": row["p95_ms"] / ref["p95_ms"] if ref["p95_ms"] else float("nan"),
            }
        )
    return {
        "factor": factor,
        "names_before": before,
        "names_after": after,
        "http": rows,
        "growth": growth,
        "checks": evaluate(rows, step=f"{factor}x names: "),
    }


def print_scale(scale: dict[str, Any]) -> None:
    print()
    print(
        f"Scale run: search index {scale['names_before']} -> {scale['names_after']} names "
        f"(x{scale['factor']}, synthetic rows in the bench database, removed afterwards)"
    )
    print(
        f"{'endpoint':<12}{'cl':>4}{'p50 1x':>10}{'p50 big':>10}{'p95 1x':>10}{'p95 big':>10}"
        f"{'growth':>9}"
    )
    for g in scale["growth"]:
        growth = f"x{g['p95_growth']:.2f}"
        print(
            f"{g['endpoint']:<12}{g['clients']:>4}{g['p50_ms'][0]:>10.2f}{g['p50_ms'][1]:>10.2f}"
            f"{g['p95_ms'][0]:>10.2f}{g['p95_ms'][1]:>10.2f}{growth:>9}"
        )
    print_checks("Targets at scale:", scale["checks"])
