"""A real Celery worker process against the configured Redis broker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _redis_or_skip() -> None:
    if not settings.REDIS_URL:
        if os.environ.get("LACTRX_REQUIRE_SERVICES"):
            pytest.fail("LACTRX_REQUIRE_SERVICES is set but REDIS_URL is not")
        pytest.skip("REDIS_URL not set: tasks run eagerly (embedded default)")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {settings.REDIS_URL} is unreachable: {exc}")


@pytest.mark.services
def test_worker_runs_a_task_to_completion_and_stops_by_pid():
    _redis_or_skip()
    from lactmed.tasks import probe

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lactmed.settings"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lactmed",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"ci-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = probe.apply_async(args=[21])
        assert result.get(timeout=60) == {"value": 21, "doubled": 42}
    finally:
        os.kill(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
    deadline = time.monotonic() + 5
    while worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert worker.returncode is not None, "worker did not stop"
