"""Load and publish the seed monographs: `python manage.py seed` (idempotent).

Never overwrites local curator work: monographs, citations and combination products a local
curator changed are left alone and listed in the output.
"""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from drugs.progress import ProgressBar
from drugs.seed import SEED_PATH, seed_load

LISTED = 50  # names printed per kind of kept item


class Command(BaseCommand):
    help = "Load fixtures/seed/monographs.json and publish it (running it twice changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", default=str(SEED_PATH), help="Seed file to load.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(
                f"Seed file {path} not found. Build it with `python fixtures/build_seed.py`."
            )
        progress = None if options["no_progress"] else ProgressBar("seed", self.stderr)
        audit = logging.getLogger("lactmed.audit")
        level = audit.level
        audit.setLevel(logging.WARNING)  # one summary line instead of three per monograph
        try:
            result = seed_load(path=path, progress=progress)
        finally:
            audit.setLevel(level)
        audit.info(
            "seed_publish path=%s created=%s updated=%s unchanged=%s kept_local=%s by=%s",
            path.name,
            result.created,
            result.updated,
            result.unchanged,
            len(result.kept_local),
            "seed-review",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed loaded: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.citations} citations, "
                f"{result.combinations} combination products changed."
            )
        )
        for label, items in (
            ("monographs", result.kept_local),
            ("citations", result.kept_local_citations),
            ("combination products", result.kept_local_combinations),
        ):
            if items:
                self.stdout.write(
                    self.style.WARNING(
                        f"Left alone, local curator work kept ({len(items)} {label}): "
                        + ", ".join(items[:LISTED])
                        + (f" and {len(items) - LISTED} more" if len(items) > LISTED else "")
                    )
                )
