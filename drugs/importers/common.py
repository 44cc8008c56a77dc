"""What the LactMed and PK importers share: errors, the system user, jobs and downloads.

Both importers work in two phases. *Validate* reads the whole source and checks every record
or line without writing anything; any problem raises :class:`ImportFileError` naming the
file and record (or line). *Write* then applies the changes: from the command line in one
transaction; through Celery in batches, each its own transaction, so a killed worker loses at
most the batch in flight and a re-run skips what is already imported (same content hash).
"""

import logging
import shutil
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from drugs import services
from drugs.importers.errors import ImportFileError
from drugs.models import ImportJob

log = logging.getLogger(__name__)
audit = logging.getLogger("lactmed.audit")

IMPORT_USERNAME = "lactmed-import"
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
DOWNLOAD_TIMEOUT_S = 60

T = TypeVar("T")


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self, noun: str) -> str:
        text = (
            f"{self.total} {noun}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )
        if self.warnings:
            text += f"; {len(self.warnings)} warning(s):\n" + "\n".join(self.warnings[:50])
        return text


def import_user() -> Any:
    """The system account imports are attributed to: a curator, never a reviewer.

    It has no usable password and no admin access, so it can only act through the importers,
    and because it is not a reviewer it can never approve or publish what it imported.
    """
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"is_active": True, "is_staff": False, "first_name": "LactMed import"},
    )
    if created or user.has_usable_password():
        user.set_unusable_password()
        user.save()
    if user.is_superuser or services.user_can_review(user):
        # Imported edits must always be reviewed by a person: the account may never approve.
        raise ImportFileError(
            f"the system user {IMPORT_USERNAME!r} must not be a reviewer or superuser; "
            "remove it from the reviewer group"
        )
    group, _ = Group.objects.get_or_create(name=services.CURATOR_GROUP)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user


class LazyUser:
    """The import account, created on first use only: an import that changes nothing must not
    even add the system user (the database stays byte-for-byte unchanged)."""

    def __init__(self, user: Any = None) -> None:
        self._user = user

    def __call__(self) -> Any:
        if self._user is None:
            self._user = import_user()
        return self._user


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def is_url(value: str) -> bool:
    return urllib.parse.urlsplit(str(value)).scheme in ("http", "https")


def download(url: str, suffix: str = "") -> Path:
    """Download ``url`` to a temporary file (only ever called when a URL was given)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ImportFileError(f"{url}: only http(s) URLs can be imported")
    if not suffix:
        name = Path(parts.path).name
        suffix = "".join(Path(name).suffixes[-2:]) if name else ""
    handle, name = tempfile.mkstemp(prefix="lactrx-import-", suffix=suffix)
    target = Path(name)
    request = urllib.request.Request(url, headers={"User-Agent": "LactRx importer"})  # noqa: S310  # nosec B310
    try:
        with (
            urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response,  # noqa: S310 (scheme checked)  # nosec B310
            open(handle, "wb") as out,
        ):
            copied = 0
            while block := response.read(1024 * 1024):
                copied += len(block)
                if copied > MAX_DOWNLOAD_BYTES:
                    raise ImportFileError(f"{url}: larger than {MAX_DOWNLOAD_BYTES} bytes")
                out.write(block)
    except ImportFileError:
        target.unlink(missing_ok=True)
        raise
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise ImportFileError(f"{url}: download failed: {exc}") from exc
    return target


class LocalSource:
    """A local path for ``path_or_url``: the path itself, or a downloaded temporary copy."""

    def __init__(self, path_or_url: str) -> None:
        self.path_or_url = str(path_or_url)
        self._temp: Path | None = None

    def __enter__(self) -> Path:
        if is_url(self.path_or_url):
            self._temp = download(self.path_or_url)
            return self._temp
        path = Path(self.path_or_url)
        if not path.exists():
            raise ImportFileError(f"{path}: no such file or directory")
        return path

    def __exit__(self, *exc: Any) -> None:
        if self._temp is not None:
            if self._temp.is_dir():
                shutil.rmtree(self._temp, ignore_errors=True)
            else:
                self._temp.unlink(missing_ok=True)


def run_job(
    *,
    job_pk: int,
    path_or_url: str,
    load: Callable[[Path], Sequence[Any]],
    write_batch: Callable[[Sequence[Any], ImportResult], None],
    noun: str,
    batch_size: int = 50,
    pause_s: float = 0.0,
) -> dict[str, Any]:
    """The Celery path: validate everything, then write in batches, one transaction each.

    Idempotent and resumable: a job already done returns at once; otherwise every record is
    visited again and those already imported (same content hash) are skipped. Each batch locks
    the job row, so a redelivered message running next to a re-enqueued one cannot import a
    record twice. ``processed`` is committed with the batch it counts.
    """
    job = ImportJob.objects.get(pk=job_pk)
    if job.status == ImportJob.JobStatus.DONE:
        return {"job": job.pk, "status": job.status, "processed": job.processed}
    resumed = job.status in (
        ImportJob.JobStatus.RUNNING,
        ImportJob.JobStatus.FAILED,
        ImportJob.JobStatus.STALE,
    )
    job.status = ImportJob.JobStatus.RUNNING
    job.processed = 0
    job.message = "Validating" + (" (resumed)" if resumed else "")
    job.finished_at = None
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "processed", "message", "finished_at", "heartbeat_at"])
    try:
        with LocalSource(path_or_url) as path:
            items = load(path)
    except ImportFileError as exc:
        job.status = ImportJob.JobStatus.FAILED
        job.message = f"Nothing imported: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        log.warning("import job %s failed validation: %s", job.pk, exc)
        return {"job": job.pk, "status": job.status, "error": str(exc)}

    job.total = len(items)
    job.message = f"Importing {len(items)} {noun}"
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["total", "message", "heartbeat_at"])
    result = ImportResult(total=len(items))
    processed = 0
    try:
        for batch in chunks(items, batch_size):
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job_pk)
                before = (result.created, result.updated)
                write_batch(batch, result)
                processed += len(batch)
                locked.processed = processed
                locked.created += result.created - before[0]
                locked.updated += result.updated - before[1]
                locked.heartbeat_at = timezone.now()
                fields = ["processed", "created", "updated", "heartbeat_at"]
                if locked.status == ImportJob.JobStatus.STALE:  # only slow, not gone
                    locked.status = ImportJob.JobStatus.RUNNING
                    locked.message = f"Importing {len(items)} {noun}"
                    fields += ["status", "message"]
                locked.save(update_fields=fields)
            if pause_s:
                time.sleep(pause_s)
    except Exception as exc:
        job.refresh_from_db()
        job.status = ImportJob.JobStatus.FAILED
        job.message = f"Failed after {processed} of {len(items)} {noun} (re-run resumes): {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        raise
    job.refresh_from_db()
    job.status = ImportJob.JobStatus.DONE
    job.message = result.summary(noun)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    audit.info("import_done kind=%s job=%s %s", job.kind, job.pk, result.summary(noun))
    return {
        "job": job.pk,
        "status": job.status,
        "processed": job.processed,
        "total": job.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
