"""Database unreachable: /readyz answers 503, every page and API answers a clear 503 "verdict
unavailable" with no verdict in it and no stack trace.

In-process, every new cursor raises OperationalError (what the driver raises when the server
cannot be reached), so the request goes through Django's real exception handling and the
project's handler500 (lactmed.views.server_error); the test client does not re-raise
(raise_request_exception=False). A second test starts gunicorn against a PostgreSQL port where
nothing listens, for a real connection failure.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.reliability.conftest import ADVICE_BODY, cds_body

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VERDICT_WORDS = ("compatible", "use_alternative", "interrupt", "wean", "Continue breastfeeding")
UNAVAILABLE = "verdict is unavailable"

GETS = [
    "/drugs/sertraline/",
    "/drugs/sertraline/advice?dose_mg=50&infant_age_days=30",
    "/drugs/sertraline/summary",
    "/drugs/sertraline/handout",
    "/drugs/sertraline/handout.pdf",
    "/search?q=sertraline",
    "/search/suggest?q=sert",
    "/regimen/?drug=sertraline&drug=ibuprofen",
    "/api/v1/drugs/",
    "/api/v1/drugs/sertraline/",
]
POSTS = [
    ("/api/v1/advice", ADVICE_BODY),
    ("/api/v1/advice/regimen", {"items": [ADVICE_BODY, {"drug": "ibuprofen"}]}),
    ("/cds-services/lactation-medication-check", cds_body()),
]


@contextlib.contextmanager
def database_unreachable():
    def refuse(*args, **kwargs):
        raise OperationalError(
            'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused'
        )

    with mock.patch.object(connection, "ensure_connection", refuse):
        yield


def _assert_unavailable(response, what: str) -> None:
    body = response.content.decode()
    assert response.status_code == 503, (what, response.status_code, body[:300])
    assert "Traceback" not in body and "OperationalError" not in body, what
    assert "Connection refused" not in body, f"{what}: leaks the driver's message"
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(body)
        assert data["code"] == "verdict_unavailable", what
        assert UNAVAILABLE in data["detail"], what
        assert set(data) == {"detail", "code"}, f"{what}: nothing but the error"
    else:
        assert UNAVAILABLE in body, what
        assert "No advice has been given" in body, what
        for word in VERDICT_WORDS:
            assert word not in body, f"{what}: shows {word!r} during an outage"


def test_readyz_is_503_and_healthz_still_live(seeded):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        ready = client.get("/readyz")
        live = client.get("/healthz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["checks"]["database"] == {"status": "down", "detail": "OperationalError"}
    assert live.status_code == 200


@pytest.mark.parametrize("url", GETS)
def test_pages_and_api_reads_answer_503_verdict_unavailable(seeded, url):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get(url)
    _assert_unavailable(response, url)


@pytest.mark.parametrize("url,body", POSTS)
def test_api_and_cds_answer_503_never_a_verdict(seeded, url, body):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.post(url, body, content_type="application/json")
    _assert_unavailable(response, url)


@pytest.mark.parametrize("url", GETS)
def test_warm_caches_serve_nothing_during_an_outage(seeded, url):
    """Issue 16: /search/suggest answered 200 with "Compatible" chips from Redis while the
    database was down. Every cached result and chip is keyed on the search version, which is
    read from the database on each request: with the database down, a 503 and no chip."""
    client = Client(raise_request_exception=False)
    warm = client.get(url)
    assert warm.status_code in (200, 302), (url, warm.status_code)
    assert client.get(url).status_code == warm.status_code  # now from the warm caches
    with database_unreachable():
        response = client.get(url)
    _assert_unavailable(response, f"{url} (warm cache)")


def test_suggestion_chips_come_back_once_the_database_does(seeded):
    client = Client(raise_request_exception=False)
    assert "Compatible" in client.get("/search/suggest?q=sertr").content.decode()
    with database_unreachable():
        down = client.get("/search/suggest?q=sertr")
    assert down.status_code == 503 and "Compatible" not in down.content.decode()
    assert "Compatible" in client.get("/search/suggest?q=sertr").content.decode()


@pytest.mark.parametrize("url,body", POSTS)
def test_warm_api_and_cds_answer_503_during_an_outage(seeded, url, body):
    client = Client(raise_request_exception=False)
    for _ in range(2):
        warm = client.post(url, body, content_type="application/json")
        assert warm.status_code == 200, (url, warm.content[:300])
    with database_unreachable():
        response = client.post(url, body, content_type="application/json")
    _assert_unavailable(response, f"{url} (warm cache)")


def test_signed_in_staff_get_the_same_503(seeded, curator):
    client = Client(raise_request_exception=False)
    client.force_login(curator)
    with database_unreachable():
        response = client.get("/drugs/sertraline/")
    _assert_unavailable(response, "staff drug page")


# --- a real outage, under gunicorn ----------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, body: dict | None = None) -> tuple[int, str, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_real_outage_under_gunicorn(tmp_path):
    """PostgreSQL not listening at all: the production stack still answers, with 503s."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed in this environment")
    dead_db = f"postgres://postgres@127.0.0.1:{_free_port()}/lactrx"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LACTRX_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lactmed.settings",
            "DJANGO_SECRET_KEY": "outage-test-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCD",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_MANIFEST": "false",
            "DJANGO_DB_CONNECT_TIMEOUT": "1",
            "DATABASE_URL": dead_db,
        }
    )
    log = (tmp_path / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [str(gunicorn), "lactmed.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "30"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        status, _, body = _fetch(f"{base}/readyz")
        assert status == 503
        assert json.loads(body)["checks"]["database"]["status"] == "down"
        for url in ("/drugs/sertraline/", "/search/suggest?q=sert"):
            status, ctype, body = _fetch(base + url)
            assert status == 503, (url, status, body[:300])
            assert UNAVAILABLE in body and "Traceback" not in body
        status, ctype, body = _fetch(f"{base}/api/v1/advice", ADVICE_BODY)
        assert status == 503, body[:300]
        assert ctype.startswith("application/json")
        assert json.loads(body)["code"] == "verdict_unavailable"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
