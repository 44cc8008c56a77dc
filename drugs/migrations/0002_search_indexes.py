"""PostgreSQL search support: pg_trgm with a GIN trigram index and a prefix index.

On SQLite nothing is created; the search selector falls back to prefix and in-memory fuzzy
matching there.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS drugname_normalized_trgm "
    "ON drugs_drugname USING gin (normalized gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS drugname_normalized_prefix "
    "ON drugs_drugname (normalized varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS drugname_normalized_prefix",
    "DROP INDEX IF EXISTS drugname_normalized_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("drugs", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
