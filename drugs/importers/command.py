"""The shared body of ``import_lactmed`` and ``import_pk``: sync (one transaction) or --async."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from drugs.importers.common import ImportResult, LocalSource
from drugs.importers.errors import ImportFileError, Progress
from drugs.models import ImportJob
from drugs.progress import ProgressBar


class ImportCommand(BaseCommand):
    kind = ""
    noun = "records"
    default_batch_size = 50

    def load(self, path: Path, progress: Progress | None) -> Sequence[Any]:
        raise NotImplementedError

    def write(self, items: Sequence[Any], result: ImportResult, progress: Progress | None) -> None:
        raise NotImplementedError

    def task(self) -> Any:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="File, directory or archive to import (or a URL).")
        parser.add_argument(
            "--async",
            dest="run_async",
            action="store_true",
            help=(
                "Enqueue a Celery task instead (progress in the admin under Import jobs). "
                "The worker must see the same path (shared volume), or give a URL."
            ),
        )
        parser.add_argument(
            "--resume",
            type=int,
            metavar="JOB",
            help="With --async: re-enqueue this import job (records already imported are skipped).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=self.default_batch_size,
            help="With --async: records per transaction.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = str(options["source"])
        if options["run_async"]:
            self._enqueue(source, options)
            return
        show = not options["no_progress"]
        try:
            with LocalSource(source) as path:
                check: Callable[[int, int], None] | None = (
                    ProgressBar(f"{self.kind} validate", self.stderr) if show else None
                )
                items = self.load(path, check)
                if options["dry_run"]:
                    self.stdout.write(self.style.SUCCESS(f"{len(items)} {self.noun} valid."))
                    return
                result = ImportResult(total=len(items))
                write = ProgressBar(f"{self.kind} import", self.stderr) if show else None
                with transaction.atomic():
                    self.write(items, result, write)
                    ImportJob.objects.create(
                        kind=self.kind,
                        source=source[:500],
                        status=ImportJob.JobStatus.DONE,
                        total=len(items),
                        processed=len(items),
                        created=result.created,
                        updated=result.updated,
                        message=result.summary(self.noun),
                        finished_at=timezone.now(),
                    )
        except ImportFileError as exc:
            raise CommandError(f"Nothing was imported.\n{exc}") from exc
        self.stdout.write(self.style.SUCCESS(result.summary(self.noun)))

    def _enqueue(self, source: str, options: dict[str, Any]) -> None:
        if options["resume"]:
            try:
                job = ImportJob.objects.get(pk=options["resume"], kind=self.kind)
            except ImportJob.DoesNotExist:
                raise CommandError(f"No {self.kind} import job {options['resume']}.") from None
            if job.status == ImportJob.JobStatus.DONE:
                self.stdout.write(f"Import job {job.pk} is already done.")
                return
            source = job.source
        else:
            if "://" not in source and not Path(source).exists():
                raise CommandError(f"{source}: no such file or directory")
            if "://" not in source:
                source = str(Path(source).resolve())
            job = ImportJob.objects.create(kind=self.kind, source=source[:500])
        self.task().apply_async(args=[job.pk, source], kwargs={"batch_size": options["batch_size"]})
        job.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"Import job {job.pk} enqueued ({job.status}: {job.processed}/{job.total}); "
                "follow it in the admin under Drugs > Import jobs."
            )
        )
