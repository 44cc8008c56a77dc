"""The curated seed in the test database: loaded once per run, copied to every xdist worker.

Loading fixtures/seed/monographs.json through the review services costs about 35 s of CPU, so
it happens once per test run and only when a test asks for it (the ``seeded`` fixture, see
tests/conftest.py). The first process that needs it loads it with ``manage.py seed`` and saves
a copy of the whole database next to the run's temporary directory; every other xdist worker,
and any test that must get the seed back after a flushing (transactional) test, restores that
copy in a second or two:

- SQLite (an in-memory test database per process): the sqlite3 backup API, page for page;
- PostgreSQL (``test_<name>_gw0``, ``_gw1`` ...): ``COPY ... TO/FROM`` of every Django table
  in one transaction, then the id sequences are moved past the copied rows.

The copy is made from this run's own migrations and seed file, never kept between runs.
"""

import sqlite3
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from filelock import FileLock

from drugs.models import Drug


def seed_present() -> bool:
    """The published seed is in the database (a flush has not removed it)."""
    return Drug.objects.filter(published_data__isnull=False, slug="sertraline").exists()


def seed_into_database(cache_dir: Path) -> str:
    """Put the seeded state into this process's test database; returns how ("loaded" or
    "restored"). Concurrent workers wait on a file lock while the first one loads."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    snapshot = cache_dir / ("seed.sqlite3" if connection.vendor == "sqlite" else "seed.pgcopy")
    with FileLock(str(cache_dir / "seed.lock")):
        if snapshot.exists():
            _restore(snapshot)
            return "restored"
        call_command("seed", "--no-progress", verbosity=0)
        _save(snapshot)
        return "loaded"


def _save(snapshot: Path) -> None:
    partial = snapshot.with_suffix(".partial")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        partial.mkdir(exist_ok=True)
        with connection.cursor() as cursor:
            for table in _tables():
                with (partial / table).open("wb") as out:
                    cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT WITH (FORMAT binary)', out)
    partial.rename(snapshot)


def _restore(snapshot: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(snapshot)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        tables = _tables()
        with transaction.atomic(), connection.cursor() as cursor:
            quoted = ", ".join(f'"{t}"' for t in tables)
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            for table in tables:
                with (snapshot / table).open("rb") as data:
                    cursor.cursor.copy_expert(
                        f'COPY "{table}" FROM STDIN WITH (FORMAT binary)', data
                    )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    ContentType.objects.clear_cache()  # ids now come from the copy


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))
