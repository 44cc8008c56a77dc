#!/usr/bin/env python3
"""LactRx benchmark: the app under gunicorn, measured from loopback clients.

    .venv/bin/python bench/run.py            # embedded SQLite (a temporary file), no Redis
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lactrx_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/run.py

What it does:
1. Prepares the database: migrate, then `manage.py seed` timed on an empty database (with
   DATABASE_URL the bench database itself when it is empty, else a scratch database next to it).
2. Times `manage.py import_lactmed` of a generated 2,000-record LactMed archive
   (tests.samples.generate.make_lactmed_archive) into a scratch database.
3. Starts gunicorn (production settings: DEBUG off, a bench secret key, no SSL redirect,
   high throttle rates) on a free loopback port, plus a Celery worker when REDIS_URL is set
   (handout PDFs are rendered by the worker then), and warms it up.
4. Measures p50/p95/p99 latency and requests per second with 1 and 16 concurrent clients
   (threads, each with its own keep-alive http.client connection; bounded counts and time) for
   /healthz, search suggestions, the drug page, POST /api/v1/advice, the CDS hook and the
   handout PDF. An endpoint whose URL does not exist yet is skipped with a note.
5. Times the engine alone in-process (advice.engine.advise over profiles built from the
   published monographs), in microseconds per verdict.

Every figure is printed with its ratio to /healthz measured in the same run (same number of
clients), so runs on different machines compare. Results go to bench/results/*.json
(git-ignored). The targets of issue 7 (PostgreSQL + Redis on a 2-core machine) are printed
PASS/FAIL per line; missing a target does not change the exit code. Exit codes: 0 done,
1 the bench itself failed (server did not start, a command failed), 2 requests failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import load_step  # bench/load_step.py (this directory is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # noqa: S105
IMPORT_RECORDS = 2000
CDS_SERVICE = "lactation-medication-check"

# Issue 7 targets (PostgreSQL + Redis, 2 cores): (endpoint, clients, metric, limit).
TARGETS: list[tuple[str, int, str, float]] = [
    ("search", 1, "p95_ms", 30.0),
    ("drug_page", 1, "p95_ms", 50.0),
    ("advice", 1, "p95_ms", 50.0),
    ("handout_pdf", 1, "p95_ms", 2000.0),
]
NO_ERRORS_AT = 16
ENGINE_TARGET_US = 200.0

# Load step (--load, issue 16): bench/load_step.py.


# --- process helpers ---------------------------------------------------------------------
def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LACTRX_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lactmed.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_MANIFEST": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "LACTRX_THROTTLE_ANON": "100000/minute",
            "LACTRX_THROTTLE_USER": "100000/minute",
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
            "GUNICORN_ACCESS_LOG": "",  # gunicorn.conf.py: no access log, as before it existed
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 1800) -> float:
    """Run manage.py; returns wall seconds. Raises on failure with the command's output."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )
    return elapsed


def pg_admin(database_url: str) -> Any:
    import psycopg2

    parts = urllib.parse.urlsplit(database_url)
    conn = psycopg2.connect(
        dbname="postgres",
        host=parts.hostname or None,
        port=parts.port or None,
        user=urllib.parse.unquote(parts.username) if parts.username else None,
        password=urllib.parse.unquote(parts.password) if parts.password else None,
    )
    conn.autocommit = True
    return conn


def pg_db_name(database_url: str) -> str:
    return urllib.parse.urlsplit(database_url).path.lstrip("/")


def pg_with_db(database_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


class Scratch:
    """A throw-away empty database next to the bench one (SQLite file or PostgreSQL db)."""

    def __init__(self, database_url: str, tmp: Path, suffix: str):
        self.database_url = database_url
        self.postgres = database_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self.name = f"{pg_db_name(database_url)}_{suffix}"[:63]
            self.url = pg_with_db(database_url, self.name)
        else:
            self.name = str(tmp / f"{suffix}.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def __enter__(self) -> str:
        if self.postgres:
            conn = pg_admin(self.database_url)
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{self.name}"')
            conn.close()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        if self.postgres:
            conn = pg_admin(self.database_url)
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.close()
        else:
            Path(self.name).unlink(missing_ok=True)


# --- load generation ----------------------------------------------------------------------
@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Endpoint:
    name: str
    label: str
    make: Callable[[int], Request]
    counts: tuple[int, int]  # requests at 1 and at 16 clients
    ok: tuple[int, ...] = (200,)
    max_seconds: float = 30.0
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_load(port: int, endpoint: Endpoint, clients: int, total: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + endpoint.max_seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            req = endpoint.make(i)
            started = time.perf_counter()
            status, detail = -1, ""
            for attempt in (1, 2):  # one transparent reconnect (server closed an idle socket)
                try:
                    conn.request(req.method, req.path, body=req.body, headers=req.headers)
                    response = conn.getresponse()
                    payload = response.read()
                    status = response.status
                    detail = payload[:200].decode("utf-8", "replace")
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                    break
                except (http.client.HTTPException, OSError) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    detail = f"{exc.__class__.__name__}: {exc}"
                    if attempt == 2:
                        status = -1
            elapsed_ms = (time.perf_counter() - started) * 1000
            with lock:
                if status in endpoint.ok:
                    latencies.append(elapsed_ms)
                else:
                    errors.append(f"{req.method} {req.path[:80]} -> {status} {detail[:120]!r}")
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    done = len(latencies) + len(errors)
    return {
        "endpoint": endpoint.name,
        "label": endpoint.label,
        "clients": clients,
        "requests": done,
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
        "rps": done / wall if wall > 0 else float("nan"),
        "seconds": wall,
        "note": endpoint.note,
    }


def clear_cache() -> None:
    """Empty the app's cache (the run's Redis, or nothing to do with a local-memory cache)."""
    from django.core.cache import cache

    cache.clear()


def wait_http(port: int, path: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not answering {path} after {seconds:.0f}s")


# --- request mixes ------------------------------------------------------------------------
def misspell(name: str, rng: random.Random) -> str:
    """One realistic typo: a dropped, doubled or swapped letter."""
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 2)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def build_data(rng: random.Random) -> dict[str, Any]:
    """Slugs, names and valid scenarios from the published monographs (in-process Django)."""
    from advice.engine import ScenarioError
    from advice.services import advice_for, drug_profile, scenario_from_input
    from drugs.models import DrugName
    from drugs.selectors import published_drugs

    drugs = list(published_drugs().order_by("slug"))
    generics = [d.name for d in drugs]
    brands = sorted(
        set(DrugName.objects.filter(kind="brand", drug__in=drugs).values_list("name", flat=True))
    )
    queries: list[str] = []
    for _ in range(400):
        roll = rng.random()
        if roll < 0.45:  # typing a generic: 3-6 letters
            name = rng.choice(generics)
            queries.append(name[: rng.randint(3, min(6, len(name)))])
        elif roll < 0.75 and brands:  # a brand, whole or in part
            brand = rng.choice(brands)
            queries.append(brand if rng.random() < 0.5 else brand[: max(3, len(brand) - 2)])
        else:  # a misspelling
            queries.append(misspell(rng.choice(generics), rng))
    scenarios = [
        {},
        {"infant_age_days": 10},
        {"infant_age_days": 20, "preterm": True},
        {"infant_age_days": 90, "regimen": "single"},
        {"infant_age_days": 200, "maternal_weight_kg": 60},
    ]
    advice_cases: list[dict[str, Any]] = []
    engine_pairs: list[tuple[Any, Any]] = []
    for drug in drugs:
        profile = drug_profile(drug=drug)
        for scenario in scenarios:
            try:
                result = advice_for(drug=drug, data=scenario)
            except ScenarioError:
                continue
            if result.verdict is not None:
                advice_cases.append({"drug": drug.slug, **scenario})
                engine_pairs.append((profile, scenario_from_input(scenario)))
    return {
        "slugs": [d.slug for d in drugs],
        "names": generics,
        "queries": queries,
        "advice_cases": advice_cases,
        "engine_pairs": engine_pairs,
        "brands": len(brands),
    }


def cds_body(names: list[str], i: int) -> bytes:
    entries = []
    for k, name in enumerate(names):
        entries.append(
            {
                "resource": {
                    "resourceType": "MedicationRequest",
                    "id": f"mr-{i}-{k}",
                    "status": "draft",
                    "intent": "order",
                    "medicationCodeableConcept": {"text": f"{name} tablet"},
                    "subject": {"reference": "Patient/bench-1"},
                    "dosageInstruction": [{"text": "as directed"}],
                }
            }
        )
    body = {
        "hook": "order-select",
        "hookInstance": f"00000000-0000-4000-8000-{i:012d}",
        "fhirServer": "https://ehr.example.org/fhir",
        "context": {
            "userId": "Practitioner/bench",
            "patientId": "bench-1",
            "selections": [f"MedicationRequest/mr-{i}-0"],
            "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": entries},
        },
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": "bench-1", "gender": "female"},
            "lactation": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "Observation",
                            "status": "final",
                            "code": {"coding": [{"system": "http://loinc.org", "code": "63895-7"}]},
                            "effectiveDateTime": "2026-11-01",
                            "valueCodeableConcept": {
                                "coding": [{"system": "http://loinc.org", "code": "LA29252-6"}]
                            },
                        }
                    }
                ],
            },
        },
    }
    return json.dumps(body).encode()


def endpoints(data: dict[str, Any], run_id: str, quick: bool) -> tuple[list[Endpoint], list[str]]:
    from django.urls import NoReverseMatch, reverse

    notes: list[str] = []
    scale = 0.25 if quick else 1.0

    def n(one: int, many: int) -> tuple[int, int]:
        return max(5, int(one * scale)), max(16, int(many * scale))

    def url(name: str, *args: str) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            notes.append(f"{name}: no such URL in this build; skipped")
            return None

    slugs, queries, cases = data["slugs"], data["queries"], data["advice_cases"]
    json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    out = [Endpoint("healthz", "GET /healthz", lambda i: Request("GET", "/healthz"), n(400, 1600))]
    suggest = url("search:suggest")
    if suggest:
        out.append(
            Endpoint(
                "search",
                f"GET {suggest}?q=",
                lambda i: Request(
                    "GET",
                    f"{suggest}?{urllib.parse.urlencode({'q': queries[i % len(queries)]})}",
                    headers={"HX-Request": "true"},
                ),
                n(300, 1200),
            )
        )
    if url("advice:drug", "x"):
        out.append(
            Endpoint(
                "drug_page",
                "GET /drugs/<slug>/",
                lambda i: Request("GET", reverse("advice:drug", args=[slugs[i % len(slugs)]])),
                n(200, 800),
            )
        )
    advice = url("api:advice")
    if advice and cases:
        out.append(
            Endpoint(
                "advice",
                f"POST {advice}",
                lambda i: Request(
                    "POST",
                    advice,
                    json.dumps(cases[(i * 7) % len(cases)]).encode(),
                    json_headers,
                ),
                n(300, 1200),
            )
        )
    cds = url("cds:service", CDS_SERVICE)
    if cds:
        names = data["names"]
        out.append(
            Endpoint(
                "cds_hook",
                f"POST {cds}",
                lambda i: Request(
                    "POST",
                    cds,
                    cds_body([names[(i * 5 + k * 11) % len(names)] for k in range(1 + i % 3)], i),
                    json_headers,
                ),
                n(200, 800),
            )
        )
    if cds:
        from bench import speed

        out.append(
            Endpoint(
                "cds_bundle",
                speed.CDS_BUNDLE_LABEL,
                lambda i: Request("POST", cds, speed.cds_bundle_body(i), json_headers),
                n(200, 800),
            )
        )
    if url("advice:handout_pdf", "x"):
        pdf_slugs = ["sertraline", "ibuprofen", "amoxicillin", "levothyroxine", "nifedipine"]
        pdf_slugs = [s for s in pdf_slugs if s in slugs] or slugs[:5]
        out.append(
            Endpoint(
                "handout_pdf",
                "GET /drugs/<slug>/handout.pdf",
                # A new clinician name each time: every request renders (no cached PDF).
                lambda i: Request(
                    "GET",
                    reverse("advice:handout_pdf", args=[pdf_slugs[i % len(pdf_slugs)]])
                    + "?"
                    + urllib.parse.urlencode(
                        {"lang": "en" if i % 2 else "es", "clinician": f"Dr Bench {run_id}-{i}"}
                    ),
                ),
                n(20, 48),
                max_seconds=90.0,
            )
        )
    return out, notes


def bench_engine(pairs: list[tuple[Any, Any]], seconds: float) -> dict[str, Any]:
    from advice import engine

    if not pairs:
        return {"verdicts": 0}
    for profile, scenario in pairs:  # warm
        engine.advise(profile, scenario)
    samples: list[float] = []
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for profile, scenario in pairs:
            t0 = time.perf_counter_ns()
            engine.advise(profile, scenario)
            samples.append((time.perf_counter_ns() - t0) / 1000)
            count += 1
    wall = time.perf_counter() - started
    return {
        "verdicts": count,
        "pairs": len(pairs),
        "us_per_verdict": wall * 1e6 / count,
        "p50_us": percentile(samples, 0.5),
        "p95_us": percentile(samples, 0.95),
        "p99_us": percentile(samples, 0.99),
    }


# --- report -------------------------------------------------------------------------------
def ratio(value: float, reference: float) -> str:
    if not reference or reference != reference or value != value:
        return "-"
    return f"x{value / reference:.1f}" if value / reference >= 10 else f"x{value / reference:.2f}"


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    rows = {(r["endpoint"], r["clients"]): r for r in results["http"]}
    for name, clients, metric, limit in TARGETS:
        row = rows.get((name, clients))
        if row is None:
            checks.append({"target": f"{name} {metric} @{clients} <= {limit:g}", "status": "SKIP"})
            continue
        value = row[metric]
        checks.append(
            {
                "target": f"{name} {metric.replace('_ms', '')} @{clients} client <= {limit:g} ms",
                "value": value,
                "status": "PASS" if value <= limit else "FAIL",
            }
        )
    for (name, clients), row in sorted(rows.items()):
        if clients == NO_ERRORS_AT:
            checks.append(
                {
                    "target": f"{name}: no errors @{clients} clients",
                    "value": row["errors"],
                    "status": "PASS" if row["errors"] == 0 else "FAIL",
                }
            )
    eng = results.get("engine", {})
    if eng.get("verdicts"):
        value = eng["us_per_verdict"]
        checks.append(
            {
                "target": f"engine <= {ENGINE_TARGET_US:g} us per verdict",
                "value": value,
                "status": "PASS" if value <= ENGINE_TARGET_US else "FAIL",
            }
        )
    return checks


def print_report(results: dict[str, Any]) -> None:
    http_rows = results["http"]
    health = {r["clients"]: r for r in http_rows if r["endpoint"] == "healthz"}
    print()
    print(f"LactRx bench {results['started']}  backend={results['backend']}  {results['machine']}")
    print("Each figure is followed by its ratio to /healthz with the same number of clients.")
    header = (
        f"{'endpoint':<34}{'cl':>3}{'n':>6}{'err':>5}  {'p50 ms':>17}{'p95 ms':>17}"
        f"{'p99 ms':>17}{'req/s':>16}"
    )
    print(header)
    print("-" * len(header))
    for r in http_rows:
        h = health.get(r["clients"], {})

        def cell(key: str, digits: int = 1, row: dict[str, Any] = r, ref: Any = h) -> str:
            return f"{fmt(row[key], digits)} ({ratio(row[key], ref.get(key, 0))})"

        print(
            f"{r['label'][:34]:<34}{r['clients']:>3}{r['requests']:>6}{r['errors']:>5}  "
            f"{cell('p50_ms', 2):>17}{cell('p95_ms', 2):>17}{cell('p99_ms', 2):>17}"
            f"{cell('rps', 0):>16}"
        )
    h1 = health.get(1, {}).get("p50_ms", float("nan"))
    eng = results.get("engine", {})
    if eng.get("verdicts"):
        print(
            f"{'engine.advise (in-process)':<34}  -{eng['verdicts']:>6}    -  "
            f"{fmt(eng['us_per_verdict'], 1)} us/verdict ({ratio(eng['us_per_verdict'] / 1000, h1)}"
            f" of /healthz p50); p50 {fmt(eng['p50_us'])} us, p95 {fmt(eng['p95_us'])} us, "
            f"p99 {fmt(eng['p99_us'])} us over {eng['pairs']} drug x scenario pairs"
        )
    for key, label in (("seed_s", "manage.py seed (empty db)"), ("import_s", "import_lactmed")):
        value = results.get(key)
        if value is not None:
            extra = f" ({IMPORT_RECORDS} records)" if key == "import_s" else ""
            shown = f"{fmt(value, 1)} s ({ratio(value * 1000, h1)} of /healthz p50)"
            print(f"{label + extra:<34}  {shown}")
    for note in results["notes"]:
        print(f"note: {note}")
    print()
    print("Targets (issue 7; set for PostgreSQL + Redis on a 2-core machine):")
    for check in results["checks"]:
        value = check.get("value")
        shown = "" if value is None else f"  [{fmt(float(value), 1)}]"
        print(f"  {check['status']:<4}  {check['target']}{shown}")
    for r in http_rows:
        for sample in r["error_samples"]:
            print(f"  error sample ({r['endpoint']} @{r['clients']}): {sample}")


def scale_step(
    port: int,
    server: subprocess.Popen[bytes],
    eps: list[Endpoint],
    args: Any,
    base_rows: list[dict[str, Any]],
) -> dict[str, Any]:
    """/healthz and the suggestions again with the index grown (bench.speed.scale_run)."""
    from bench import speed

    chosen = [ep for ep in eps if ep.name in ("healthz", "search")]

    def ready() -> None:
        wait_http(port, "/healthz", server, 60)

    def measure() -> list[dict[str, Any]]:
        rows = []
        for ep in chosen:
            warm = Endpoint(ep.name, ep.label, lambda i, m=ep.make: m(i + 100_003), (0, 0))
            count = args.workers * args.threads * 3
            run_load(port, warm, min(8, count), count)
        for ep in chosen:
            for clients in args.clients:
                total = ep.counts[0] if clients == 1 else ep.counts[1]
                log(f"scale x{args.scale_factor}: {ep.name} @{clients}: up to {total} requests")
                row = run_load(port, ep, clients, total)
                row["step"] = f"scale x{args.scale_factor}"
                rows.append(row)
        return rows

    return speed.scale_run(
        factor=args.scale_factor,
        pid=server.pid,
        ready=ready,
        measure=measure,
        base_rows=base_rows,
    )


# --- main ---------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="A quarter of the requests.")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn gthread threads.")
    parser.add_argument("--engine-seconds", type=float, default=5.0)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-seed-timing", action="store_true")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    parser.add_argument(
        "--only", nargs="+", default=[], help="Measure only these endpoints (e.g. search)."
    )
    parser.add_argument(
        "--scale-factor",
        type=int,
        default=20,
        help="Scale run: the search index grown to this many times today's names (0: skip).",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="Also run the load step: 16, 64 and 128 clients on /healthz, suggestions, the "
        "drug page, the advice API and the CDS hook (each bounded by --load-seconds).",
    )
    parser.add_argument(
        "--load-only", action="store_true", help="Only the load step (implies --load)."
    )
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--load-clients", type=int, nargs="+", default=list(load_step.LOAD_CLIENTS))
    parser.add_argument(
        "--load-probe-seconds",
        type=float,
        default=4.0,
        help="Seconds per probe when choosing the load step's server shape.",
    )
    parser.add_argument(
        "--load-shape",
        help="Skip the probes: e.g. 'gthread:3:4' (worker class:workers:threads).",
    )
    args = parser.parse_args()
    args.load = args.load or args.load_only
    # `kill` (SIGTERM) ends the run through the `finally` below, which stops its servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="lactrx-bench-"))
    notes: list[str] = []
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict[str, Any] = {
        "started": run_id,
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "notes": notes,
        "http": [],
    }
    procs: list[subprocess.Popen[bytes]] = []
    exit_code = 0
    try:
        if database_url:
            backend = urllib.parse.urlsplit(database_url).scheme
        else:
            backend = "sqlite"
            database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        backend += "+redis" if redis_url else " (local-memory cache, eager Celery)"
        results["backend"] = backend
        env = base_env(database_url, redis_url)
        log(f"backend {backend}; migrating")
        manage(env, "migrate", "--noinput")

        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        from bench import speed

        django.setup()
        from drugs.selectors import published_drugs

        if not published_drugs().exists():
            log("empty database: timing manage.py seed")
            results["seed_s"] = manage(env, "seed", "--no-progress")
        elif not args.skip_seed_timing:
            log("database already seeded: timing manage.py seed on a scratch database")
            with Scratch(database_url, tmp, "seedtime") as url:
                scratch_env = base_env(url, redis_url)
                manage(scratch_env, "migrate", "--noinput")
                results["seed_s"] = manage(scratch_env, "seed", "--no-progress")
        results["monographs"] = published_drugs().count()

        if args.skip_import:
            notes.append("import timing skipped (--skip-import)")
        else:
            try:
                from tests.samples.generate import make_lactmed_archive
            except ImportError:
                make_lactmed_archive = None
            if (
                make_lactmed_archive is None
                or not (ROOT / "drugs" / "management" / "commands" / "import_lactmed.py").exists()
            ):
                notes.append("LactMed importer not present yet: import timing skipped")
            else:
                archive = make_lactmed_archive(tmp / "lactmed_2000.tar.gz", IMPORT_RECORDS)
                with Scratch(database_url, tmp, "importtime") as url:
                    scratch_env = base_env(url, redis_url)
                    manage(scratch_env, "migrate", "--noinput")
                    log(f"timing import_lactmed of {IMPORT_RECORDS} records")
                    results["import_s"] = manage(
                        scratch_env, "import_lactmed", str(archive), "--no-progress"
                    )
                notes.append(
                    f"import: {IMPORT_RECORDS} generated records into a migrated empty database"
                )

        rng = random.Random(7)  # a fixed request mix
        data = build_data(rng)
        notes.append(
            f"{results['monographs']} published monographs; {len(data['queries'])} search "
            f"queries ({data['brands']} brands known); {len(data['advice_cases'])} valid "
            "advice scenarios"
        )

        port = free_port()
        static_root = tmp / "static"
        static_root.mkdir()
        server_log = (tmp / "gunicorn.log").open("w")
        gunicorn = BIN / "gunicorn"
        cmd = [
            str(gunicorn),
            "lactmed.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "30",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        log(f"starting gunicorn on :{port} ({args.workers} workers x {args.threads} threads)")
        procs.append(
            subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT)
        )
        results["server"] = " ".join(cmd[1:])
        if redis_url:
            worker_log = tmp / "celery.log"
            log("starting a Celery worker (handout PDFs render there with Redis)")
            procs.append(
                subprocess.Popen(
                    [str(BIN / "celery"), "-A", "lactmed", "worker", "-l", "INFO", "-c", "2"],
                    cwd=ROOT,
                    env=env,
                    stdout=worker_log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            deadline = time.monotonic() + 60
            while " ready." not in worker_log.read_text(errors="replace"):
                if procs[-1].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Celery worker did not start:\n" + worker_log.read_text())
                time.sleep(0.3)
        wait_http(port, "/healthz", procs[0], 60)

        eps, skipped = endpoints(data, run_id, args.quick)
        notes.extend(skipped)
        log("warming up")
        for ep in eps:
            # Warm every worker on requests the measurement does not repeat (other indices).
            def shifted(i: int, make: Callable[[int], Request] = ep.make) -> Request:
                return make(i + 100_003)

            warm = Endpoint(ep.name, ep.label, shifted, (0, 0), ep.ok, 60, "")
            count = 4 if ep.name == "handout_pdf" else args.workers * args.threads * 3
            run_load(port, warm, min(8, count), count)

        measured = [e for e in eps if not args.only or e.name in ("healthz", *args.only)]
        for ep in [] if args.load_only else measured:
            for clients in args.clients:
                total = ep.counts[0] if clients == 1 else ep.counts[1]
                log(f"{ep.name} @{clients}: up to {total} requests / {ep.max_seconds:.0f}s")
                row = run_load(port, ep, clients, total)
                results["http"].append(row)
                if row["errors"]:
                    exit_code = 2

        if not args.load_only:
            log("engine alone, in-process")
            results["engine"] = bench_engine(data["engine_pairs"], args.engine_seconds)
            results["checks"] = evaluate(results)
            results["speed_checks"] = speed.evaluate(results["http"])
            if args.scale_factor > 1 and any(e.name == "search" for e in measured):
                log(f"scale run: search index x{args.scale_factor}")
                results["scale"] = scale_step(port, procs[0], eps, args, results["http"])
            print_report(results)
            speed.print_checks("Targets (issues 11 and 15, same run):", results["speed_checks"])
            if results.get("scale"):
                speed.print_scale(results["scale"])
        if args.load:
            shape = None
            if args.load_shape:
                kind, workers, threads = args.load_shape.split(":")
                shape = (kind, int(workers), int(threads))
            ctx = {
                "env": env,
                "root": ROOT,
                "tmp": tmp,
                "gunicorn": gunicorn,
                "free_port": free_port,
                "wait_http": wait_http,
                "run_load": run_load,
                "Endpoint": Endpoint,
                "log": log,
                "clear_cache": clear_cache,
            }
            load = load_step.run(
                ctx,
                eps,
                seconds=args.load_seconds,
                levels=tuple(args.load_clients),
                probe_seconds=args.load_probe_seconds,
                shape=shape,
            )
            results["load"] = load["rows"]
            results["load_checks"] = load["checks"]
            results["load_context"] = {k: v for k, v in load.items() if k not in ("rows",)}
            load_step.print_report(load)
            if any(r["errors"] for r in load["rows"]):
                exit_code = 2
    except Exception as exc:
        log(f"bench failed: {exc.__class__.__name__}: {exc}")
        for name in ("gunicorn.log", "celery.log"):
            path = tmp / name
            if path.exists():
                print(f"--- {name} (tail) ---\n{path.read_text(errors='replace')[-3000:]}")
        exit_code = 1
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = "sqlite" if results.get("backend", "").startswith("sqlite") else "postgres"
        out = RESULTS / f"{run_id}-{name}.json"
        results["exit_code"] = exit_code
        out.write_text(json.dumps(results, indent=2, default=str))
        log(f"results written to {out.relative_to(ROOT)}")
        shutil.rmtree(tmp, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
