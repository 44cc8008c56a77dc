"""`python manage.py import_lactmed PATH_OR_URL [--async]`: LactMed bulk XML -> draft monographs.

PATH_OR_URL is an .nxml/.xml file, a directory of them, a .tar.gz of them (as NCBI ships
lactmed_NBK501922.tar.gz) or an http(s) URL of one (downloaded to a temporary file). Every
record is validated first; then everything is written in one transaction. See
drugs/importers/lactmed/__init__.py for how records map to monographs and what happens to
published ones.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drugs.importers import lactmed
from drugs.importers.command import ImportCommand
from drugs.importers.common import ImportResult
from drugs.importers.errors import Progress


class Command(ImportCommand):
    help = "Import NLM LactMed bulk XML into draft monographs (validate first, one transaction)."
    kind = "lactmed"
    noun = "records"
    default_batch_size = 50

    def load(self, path: Path, progress: Progress | None) -> Sequence[Any]:
        return lactmed.load_records(path, progress=progress)

    def write(self, items: Sequence[Any], result: ImportResult, progress: Progress | None) -> None:
        lactmed.write_records(items, result, progress=progress)

    def task(self) -> Any:
        from drugs.tasks import import_lactmed_task

        return import_lactmed_task
