"""Did the database change? Row counts of every table and a SHA-256 of the curated tables.

``curated_checksum()`` hashes every row (all concrete columns, ordered by primary key) of the
curated models, their many-to-many tables and their django-simple-history tables, so any
insert, update or delete there changes it. ``table_counts()`` counts the rows of every table.
"""

import hashlib
import json
from typing import Any

from django.db import connection

from drugs.models import (
    Alternative,
    Citation,
    CombinationProduct,
    Drug,
    DrugClass,
    DrugName,
    Guidance,
    InfantEffect,
    LactationEffect,
    MilkStudy,
    PKValue,
)

CURATED = (
    Citation,
    DrugClass,
    Drug,
    DrugName,
    CombinationProduct,
    PKValue,
    MilkStudy,
    InfantEffect,
    LactationEffect,
    Guidance,
    Alternative,
)


def curated_models() -> list[Any]:
    models: list[Any] = []
    for model in CURATED:
        models.append(model)
        history = getattr(model, "history", None)
        if history is not None:
            models.append(history.model)
        for m2m in model._meta.local_many_to_many:
            models.append(m2m.remote_field.through)
    return models


def curated_checksum() -> str:
    digest = hashlib.sha256()
    for model in curated_models():
        columns = [f.attname for f in model._meta.concrete_fields]
        digest.update(f"#{model._meta.db_table}:{','.join(columns)}\n".encode())
        for row in model.objects.order_by("pk").values_list(*columns).iterator():
            digest.update(json.dumps(row, default=str, sort_keys=True).encode() + b"\n")
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def db_state() -> tuple[dict[str, int], str]:
    """``(row counts of every table, checksum of the curated tables)``."""
    return table_counts(), curated_checksum()
