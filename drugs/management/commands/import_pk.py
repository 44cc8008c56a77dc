"""`python manage.py import_pk CSV [--async]`: PK values with their sources -> draft monographs.

Columns: drug, parameter, value, low, high, unit, citation_key (or url / pmid / doi, with an
optional citation_title), verified, note. Every line is validated first (errors name the line);
then everything is written in one transaction. See drugs/importers/pk.py.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drugs.importers import pk
from drugs.importers.command import ImportCommand
from drugs.importers.common import ImportResult
from drugs.importers.errors import Progress


class Command(ImportCommand):
    help = "Import PK values from a CSV into draft monographs (validate first, one transaction)."
    kind = "pk"
    noun = "lines"
    default_batch_size = 200

    def load(self, path: Path, progress: Progress | None) -> Sequence[Any]:
        return pk.load_rows(path, progress=progress)

    def write(self, items: Sequence[Any], result: ImportResult, progress: Progress | None) -> None:
        pk.write_rows(items, result, progress=progress)

    def task(self) -> Any:
        from drugs.tasks import import_pk_task

        return import_pk_task
