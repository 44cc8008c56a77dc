"""`python manage.py import_rxnorm DIR`: RxNorm RRF files -> RxNorm concepts (RxCUI table).

DIR holds RXNCONSO.RRF, RXNREL.RRF and RXNSAT.RRF (or is the release folder with rrf/ inside),
e.g. NLM's "Current Prescribable Content" subset, which needs no UMLS licence. Every line is
validated first (errors name the file and line); then everything is written in one
transaction; re-running with the same files changes nothing. See drugs/importers/rxnorm.py.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from drugs.importers import rxnorm
from drugs.importers.command import ImportCommand
from drugs.importers.common import ImportResult
from drugs.importers.errors import Progress


class Command(ImportCommand):
    help = "Import RxNorm concepts from RRF files (validate first, one transaction)."
    kind = "rxnorm"
    noun = "concepts"

    def load(self, path: Path, progress: Progress | None) -> Sequence[Any]:
        return rxnorm.load_release(path, progress=progress)

    def write(self, items: Sequence[Any], result: ImportResult, progress: Progress | None) -> None:
        rxnorm.write_concepts(items, result, progress=progress)

    def task(self) -> Any:
        raise CommandError("import_rxnorm runs in one transaction; --async is not supported.")
