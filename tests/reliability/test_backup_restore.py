"""Backup and restore (PostgreSQL): pg_dump the database in custom format, pg_restore it into a
fresh database, and find every published monograph there, unchanged.

This is the procedure of docs/backup-restore.md, run against the test database (which holds
the seeded, published monographs). SQLite deployments back up by copying the file; the test
is skipped there.
"""

import hashlib
import json
import os
import shutil
import subprocess

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from drugs.selectors import published_drugs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.USING_POSTGRES,
        reason="backup/restore is a PostgreSQL procedure; this run uses SQLite (copy the file)",
    ),
]


def _require_tools() -> None:
    required = bool(os.environ.get("LACTRX_REQUIRE_SERVICES"))
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install postgresql-client)"
        if required:
            pytest.fail(f"LACTRX_REQUIRE_SERVICES is set but {message}")
        pytest.skip(message)


def _libpq_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def test_pg_dump_and_restore_keeps_every_published_monograph(seeded, tmp_path):
    _require_tools()
    source = connection.settings_dict
    env = _libpq_env(source)
    expected = {d.slug: _digest(d.published_data) for d in published_drugs()}
    assert len(expected) > 100, "the seed publishes the monographs"

    dump = tmp_path / "lactrx.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), source["NAME"]],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert dump.stat().st_size > 10_000

    restored = f"{source['NAME']}_restore_{os.getpid()}"[:63]
    admin = psycopg2.connect(
        dbname="postgres",
        host=source.get("HOST") or None,
        port=source.get("PORT") or None,
        user=source.get("USER") or None,
        password=source.get("PASSWORD") or None,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
            cursor.execute(f'CREATE DATABASE "{restored}"')
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        with (
            psycopg2.connect(
                dbname=restored,
                host=source.get("HOST") or None,
                port=source.get("PORT") or None,
                user=source.get("USER") or None,
                password=source.get("PASSWORD") or None,
            ) as conn,
            conn.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT slug, published_data FROM drugs_drug "
                "WHERE published_data IS NOT NULL AND status <> 'retired'"
            )
            found = {slug: _digest(data) for slug, data in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM drugs_drugname")
            names = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM django_migrations")
            migrations = cursor.fetchone()[0]
        conn.close()
        assert len(found) == len(expected)
        assert sorted(found) == sorted(expected)
        assert found == expected, "every published snapshot restored byte-for-byte"
        assert names > len(expected)
        assert migrations > 0
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.close()
