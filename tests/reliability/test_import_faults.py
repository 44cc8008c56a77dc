"""Import faults: malformed/truncated files leave the database byte-for-byte unchanged, and a
Celery worker SIGKILLed mid-import is finished by a re-run with every record exactly once."""

import io
import os
import signal
import subprocess
import sys
import tarfile
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from drugs.models import Citation, Drug, DrugName, ImportJob
from tests.reliability.db_checksum import db_state
from tests.samples.generate import SAMPLE_RECORDS, book_part_wrapper_xml, make_lactmed_archive

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "samples"
KILL_RECORDS = 300
KILL_BATCH = 20


# --- Malformed and truncated input: nothing written --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "source", "expected"),
    [
        (
            "import_lactmed",
            SAMPLES / "lactmed_malformed",
            ["iodohippurate_sodium_i123.nxml 'Iodohippurate Sodium I 123'", "not well-formed"],
        ),
        (
            "import_lactmed",
            SAMPLES / "lactmed_truncated.tar.gz",
            ["lactmed_truncated.tar.gz", "truncated", "last complete member: lactmed/"],
        ),
        (
            "import_pk",
            SAMPLES / "pk" / "pk_bad_lines.csv",
            ["line 3 (citalopram)", "line 4 (paroxetine)", "line 5 (notadrugamine)"],
        ),
    ],
)
def test_bad_file_gives_a_clear_error_and_leaves_the_database_unchanged(command, source, expected):
    counts, checksum = db_state()
    with pytest.raises(CommandError) as excinfo:
        call_command(command, str(source), "--no-progress", stdout=io.StringIO())
    for text in expected:
        assert text in str(excinfo.value)
    assert "Traceback" not in str(excinfo.value)
    after_counts, after_checksum = db_state()
    assert after_checksum == checksum
    assert after_counts == counts  # every table, including users and import jobs


@pytest.mark.django_db
def test_record_cut_mid_file_inside_an_archive_is_named(tmp_path):
    """A tarball whose members are intact but one record was cut while it was written."""
    archive = tmp_path / "lactmed_NBK501922.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for record in SAMPLE_RECORDS:
            text = book_part_wrapper_xml(record)
            if record["title"] == "Indium In 111 White Blood Cells":
                text = text[: len(text) // 2]
            data = text.encode()
            info = tarfile.TarInfo(f"lactmed/{record['file']}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    counts, checksum = db_state()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_lactmed", str(archive), "--no-progress", stdout=io.StringIO())
    message = str(excinfo.value)
    assert "record 3 (lactmed_NBK501922.tar.gz:lactmed/LM672_indium_in111_wbc.nxml" in message
    assert "'Indium In 111 White Blood Cells'" in message
    assert db_state() == (counts, checksum)


# --- SIGKILL of a real worker mid-import -------------------------------------------------


def _services_or_skip() -> None:
    required = bool(os.environ.get("LACTRX_REQUIRE_SERVICES"))
    problem = None
    if not settings.REDIS_URL:
        problem = "REDIS_URL not set: tasks run eagerly (embedded default)"
    elif not settings.USING_POSTGRES:
        problem = (
            "the SQLite test database is in memory, so a worker subprocess cannot see it; "
            "run with DATABASE_URL=postgres://... and REDIS_URL=redis://..."
        )
    if problem:
        if required:
            pytest.fail(f"LACTRX_REQUIRE_SERVICES is set but {problem}")
        pytest.skip(problem)
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {settings.REDIS_URL} is unreachable: {exc}")


@pytest.fixture(scope="module")
def worker_services(django_db_setup):
    """Skip before any database set-up (no flush) when the services are missing. The
    transactional test's flush removes the seed; tests/conftest.py puts it back afterwards
    when this process had loaded it."""
    _services_or_skip()


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"  # NAME is the test database here


def _start_worker(queue: str, number: int, log: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lactmed.settings",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    return subprocess.Popen(
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
            "-Q",
            queue,
            "-n",
            f"{queue}-{number}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),  # a file, not a pipe: a full pipe would block the worker
        text=True,
    )


def _stop(worker: subprocess.Popen[str]) -> None:
    if worker.poll() is None:
        os.kill(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def _wait_for(predicate, timeout: float, what: str, worker: subprocess.Popen[str], log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if worker.poll() is not None:
            pytest.fail(f"worker exited early waiting for {what}: {log.read_text()[-3000:]}")
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_sigkilled_mid_import_rerun_imports_every_record_once(worker_services, tmp_path):
    from drugs.tasks import import_lactmed_task

    started = time.monotonic()
    archive = make_lactmed_archive(tmp_path / "lactmed_NBK501922.tar.gz", KILL_RECORDS)
    job = ImportJob.objects.create(kind="lactmed", source=str(archive))
    queue = f"lactrx-import-test-{os.getpid()}"
    options = {"batch_size": KILL_BATCH, "pause_s": 0.15}

    logs = (tmp_path / "worker1.log", tmp_path / "worker2.log")
    first = _start_worker(queue, 1, logs[0])
    try:
        import_lactmed_task.apply_async(args=[job.pk, str(archive)], kwargs=options, queue=queue)

        def progressed() -> ImportJob | None:
            current = ImportJob.objects.get(pk=job.pk)
            return current if current.processed > 0 else None

        _wait_for(progressed, 40, "the first committed batch", first, logs[0])
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL

    killed = ImportJob.objects.get(pk=job.pk)
    assert killed.status == "running"  # nobody could mark it: the worker died
    assert 0 < killed.processed < KILL_RECORDS, killed.processed
    synthetic = Drug.objects.filter(name__startswith="Synthetic Agent ")
    # Only whole committed batches survive; the batch in flight was rolled back.
    assert synthetic.count() == killed.processed
    assert killed.processed % KILL_BATCH == 0

    # Re-run: a new worker, the same job re-enqueued (Redis redelivers the unacked message only
    # after its visibility timeout; re-enqueuing is the documented recovery).
    second = _start_worker(queue, 2, logs[1])
    try:
        import_lactmed_task.apply_async(
            args=[job.pk, str(archive)], kwargs={"batch_size": KILL_BATCH}, queue=queue
        )

        def finished() -> ImportJob | None:
            current = ImportJob.objects.get(pk=job.pk)
            return current if current.status in ("done", "failed") else None

        done = _wait_for(finished, 40, "the re-run to finish", second, logs[1])
    finally:
        _stop(second)

    assert done.status == "done", done.message
    assert done.processed == done.total == KILL_RECORDS
    assert done.created == KILL_RECORDS  # created once each, across both runs
    assert synthetic.count() == KILL_RECORDS
    assert synthetic.values("name").distinct().count() == KILL_RECORDS
    assert DrugName.objects.filter(drug__in=synthetic, kind="generic").count() == KILL_RECORDS
    assert Citation.objects.filter(key__startswith="synthetic-agent-").count() == KILL_RECORDS
    assert Drug.history.filter(name__startswith="Synthetic Agent ", history_type="+").count() == (
        KILL_RECORDS
    )
    elapsed = time.monotonic() - started
    assert elapsed < 90, f"SIGKILL test took {elapsed:.0f}s"
