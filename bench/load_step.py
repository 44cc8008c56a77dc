"""The load step of bench/run.py (`--load`): many loopback clients against a production server.

Fair by construction:
- the app runs as in production: gunicorn (in requirements.txt), DEBUG off, the same
  PostgreSQL + Redis as the rest of the run, throttles raised so they do not answer 429;
- the server shape is chosen by measurement, not guessed: each candidate (worker class, workers,
  threads) is started, warmed and probed for a few seconds on the drug page and the advice API
  at 64 clients; the best (highest geometric mean of req/s with no errors) serves the step;
- loopback only (127.0.0.1), each endpoint and client count bounded in time and requests;
- every endpoint's throughput is printed beside /healthz's from the same server, run and
  client count, and the machine's load average before and after is recorded, since the cores
  are shared (the generator runs on them too).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOAD_CLIENTS = (16, 64, 128)
LOAD_ENDPOINTS = ("healthz", "search", "drug_page", "advice", "cds_hook")
LOAD_MAX_REQUESTS = 50_000  # per endpoint and level; the time bound normally ends it first
# Issue 16 targets (PostgreSQL + Redis, 2 cores): (endpoint, clients, metric, op, limit).
LOAD_TARGETS: list[tuple[str, int, str, str, float]] = [
    ("drug_page", 64, "rps", ">=", 200.0),
    ("drug_page", 64, "p95_ms", "<=", 300.0),
    ("search", 64, "rps", ">=", 500.0),
    ("advice", 64, "rps", ">=", 300.0),
    ("cds_hook", 64, "rps", ">=", 300.0),
]
LOAD_NO_ERRORS_AT = 128
# (worker class, workers, threads): sync workers, and gthread with few or many threads.
CANDIDATES: list[tuple[str, int, int]] = [
    ("gthread", 2, 8),
    ("gthread", 3, 4),
    ("gthread", 4, 2),
    ("sync", 5, 1),
]
PROBE_ENDPOINTS = ("drug_page", "advice")
PROBE_CLIENTS = 64


def machine_load() -> dict[str, Any]:
    """Load averages and running tasks (/proc/loadavg): how shared the cores were."""
    one, five, fifteen = os.getloadavg()
    running = ""
    with contextlib.suppress(OSError):
        running = Path("/proc/loadavg").read_text().split()[3]
    return {
        "cpus": os.cpu_count(),
        "load_1m": round(one, 2),
        "load_5m": round(five, 2),
        "load_15m": round(fifteen, 2),
        "running/tasks": running,
    }


def gunicorn_cmd(gunicorn: Path, port: int, kind: str, workers: int, threads: int) -> list[str]:
    cmd = [
        str(gunicorn),
        "lactmed.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",  # loopback only
        "--workers",
        str(workers),
        "--worker-class",
        kind,
        "--keep-alive",
        "30",
        "--timeout",
        "120",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    if kind == "gthread":
        cmd += ["--threads", str(threads)]
    return cmd


class Server:
    """One gunicorn for the load step: started, answering /healthz, stopped on exit."""

    def __init__(self, ctx: dict[str, Any], kind: str, workers: int, threads: int) -> None:
        self.ctx, self.kind, self.workers, self.threads = ctx, kind, workers, threads
        self.port = ctx["free_port"]()
        self.cmd = gunicorn_cmd(ctx["gunicorn"], self.port, kind, workers, threads)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.workers} workers x {self.threads} threads"

    def __enter__(self) -> Server:
        log_path = Path(self.ctx["tmp"]) / f"gunicorn-load-{self.port}.log"
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=self.ctx["root"],
            env=self.ctx["env"],
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.ctx["wait_http"](self.port, "/healthz", self.proc, 60)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _warm(ctx: dict[str, Any], server: Server, eps: list[Any]) -> None:
    """From an empty cache, every worker sees every endpoint on requests the measurement does
    not repeat: each candidate and the step itself start from the same state."""
    ctx["clear_cache"]()
    endpoint_cls = ctx["Endpoint"]
    for ep in eps:

        def shifted(i: int, make: Callable[[int], Any] = ep.make) -> Any:
            return make(i + 200_003)

        warm = endpoint_cls(ep.name, ep.label, shifted, (0, 0), ep.ok, 60, "")
        count = server.workers * server.threads * 4
        ctx["run_load"](server.port, warm, min(16, count), count)


def _bounded(ctx: dict[str, Any], ep: Any, seconds: float) -> Any:
    return ctx["Endpoint"](ep.name, ep.label, ep.make, ep.counts, ep.ok, seconds, ep.note)


def choose_server(
    ctx: dict[str, Any], eps: list[Any], probe_seconds: float
) -> tuple[tuple[str, int, int], list[dict[str, Any]]]:
    """Probe each candidate shape; the best geometric mean of req/s without errors wins."""
    probes = [ep for ep in eps if ep.name in PROBE_ENDPOINTS]
    rows: list[dict[str, Any]] = []
    best: tuple[float, tuple[str, int, int]] | None = None
    for kind, workers, threads in CANDIDATES:
        with Server(ctx, kind, workers, threads) as server:
            _warm(ctx, server, probes)
            rates, errors = [], 0
            for ep in probes:
                row = ctx["run_load"](
                    server.port, _bounded(ctx, ep, probe_seconds), PROBE_CLIENTS, 10**6
                )
                rates.append(max(row["rps"], 1e-9))
                errors += row["errors"]
                rows.append({**row, "server": server.label, "step": "probe"})
            score = math.exp(sum(math.log(r) for r in rates) / len(rates))
            ctx["log"](f"probe {server.label}: {score:.0f} req/s (geo. mean), {errors} errors")
            if errors == 0 and (best is None or score > best[0]):
                best = (score, (kind, workers, threads))
    chosen = best[1] if best is not None else CANDIDATES[0]
    return chosen, rows


def run(
    ctx: dict[str, Any],
    eps: list[Any],
    *,
    seconds: float,
    levels: tuple[int, ...],
    probe_seconds: float,
    shape: tuple[str, int, int] | None = None,
) -> dict[str, Any]:
    """The whole step: choose the server shape (unless given), then each endpoint at each
    client count for at most `seconds`. Returns rows, checks and the context of the run."""
    chosen = [ep for ep in eps if ep.name in LOAD_ENDPOINTS]
    before = machine_load()
    probes: list[dict[str, Any]] = []
    if shape is None:
        shape, probes = choose_server(ctx, chosen, probe_seconds)
    rows = []
    with Server(ctx, *shape) as server:
        ctx["log"](f"load step on {server.label}")
        _warm(ctx, server, chosen)
        for clients in levels:
            for ep in chosen:
                ctx["log"](f"load: {ep.name} @{clients} clients for up to {seconds:.0f}s")
                row = ctx["run_load"](
                    server.port, _bounded(ctx, ep, seconds), clients, LOAD_MAX_REQUESTS
                )
                row["step"] = "load"
                rows.append(row)
        label = server.label
        cmd = " ".join(server.cmd[1:])
    return {
        "server": label,
        "server_cmd": cmd,
        "machine_before": before,
        "machine_after": machine_load(),
        "probes": probes,
        "rows": rows,
        "checks": evaluate(rows),
    }


def evaluate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checks = []
    by_key = {(r["endpoint"], r["clients"]): r for r in rows}
    for name, clients, metric, op, limit in LOAD_TARGETS:
        row = by_key.get((name, clients))
        label = f"{name} {metric.replace('_ms', ' ms')} @{clients} clients {op} {limit:g}"
        if row is None:
            checks.append({"target": label, "status": "SKIP"})
            continue
        value = row[metric]
        ok = value >= limit if op == ">=" else value <= limit
        checks.append({"target": label, "value": value, "status": "PASS" if ok else "FAIL"})
    for (name, clients), row in sorted(by_key.items()):
        if clients == LOAD_NO_ERRORS_AT:
            checks.append(
                {
                    "target": f"{name}: no errors @{clients} clients",
                    "value": row["errors"],
                    "status": "PASS" if row["errors"] == 0 else "FAIL",
                }
            )
    return checks


def _fmt(value: float, digits: int = 1) -> str:
    return "n/a" if value != value else f"{value:.{digits}f}"


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The load table with each endpoint's share of /healthz's throughput (for the README)."""
    health = {r["clients"]: r for r in rows if r["endpoint"] == "healthz"}
    out = [
        "| endpoint | clients | req/s | share of /healthz | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        h = health.get(r["clients"], {})
        share = r["rps"] / h["rps"] if h.get("rps") else float("nan")
        out.append(
            f"| {r['label']} | {r['clients']} | {_fmt(r['rps'], 0)} | {_fmt(share * 100, 1)} % "
            f"| {_fmt(r['p50_ms'])} | {_fmt(r['p95_ms'])} | {_fmt(r['p99_ms'])} | {r['errors']} |"
        )
    return "\n".join(out)


def print_report(result: dict[str, Any]) -> None:
    rows, checks = result["rows"], result["checks"]
    print()
    print(f"Load step on {result['server']} (chosen by measurement)" if result["probes"] else "")
    for probe in result["probes"]:
        print(
            f"  probe {probe['server']:<32} {probe['endpoint']:<10} @{probe['clients']}: "
            f"{_fmt(probe['rps'], 0)} req/s, p95 {_fmt(probe['p95_ms'])} ms, "
            f"{probe['errors']} errors"
        )
    print(f"Machine before: {result['machine_before']}")
    print(f"Machine after:  {result['machine_after']}")
    print("Throughput and latency beside /healthz's at the same number of clients:")
    print(markdown_table(rows))
    print(
        "Targets (issue 16; PostgreSQL + Redis on a 2-core machine, generator on the same cores):"
    )
    for check in checks:
        value = check.get("value")
        shown = "" if value is None else f"  [{_fmt(float(value), 1)}]"
        print(f"  {check['status']:<4}  {check['target']}{shown}")
    for r in rows:
        for sample in r["error_samples"]:
            print(f"  error sample ({r['endpoint']} @{r['clients']}): {sample}")
