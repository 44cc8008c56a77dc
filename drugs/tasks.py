"""Celery tasks for monographs: thin wrappers that call one service each."""

from typing import Any

from celery import shared_task

from drugs import services


@shared_task(acks_late=True)
def flag_stale_monographs() -> int:
    """Beat task: flag monographs not reviewed within the staleness window."""
    return services.monograph_flag_stale()


@shared_task(acks_late=True)
def mark_stale_import_jobs() -> int:
    """Beat task: mark import jobs whose worker stopped sending heartbeats as stale."""
    return services.import_jobs_mark_stale()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_lactmed_task(
    job_pk: int, path_or_url: str, batch_size: int = 50, pause_s: float = 0.0
) -> dict[str, Any]:
    """Import a LactMed file/directory/archive (or URL) for ImportJob ``job_pk``.

    Idempotent and resumable: validates everything, then writes batches of ``batch_size``
    records, one transaction each, skipping records already imported (same content hash).
    Re-enqueue it with the same job after a worker is lost; a finished job returns at once.
    """
    from drugs.importers import lactmed
    from drugs.importers.common import run_job

    return run_job(
        job_pk=job_pk,
        path_or_url=path_or_url,
        load=lactmed.load_records,
        write_batch=lambda batch, result: lactmed.write_records(batch, result),
        noun="records",
        batch_size=batch_size,
        pause_s=pause_s,
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_pk_task(
    job_pk: int, path_or_url: str, batch_size: int = 200, pause_s: float = 0.0
) -> dict[str, Any]:
    """Import a PK CSV for ImportJob ``job_pk`` (same guarantees as the LactMed task)."""
    from drugs.importers import pk
    from drugs.importers.common import run_job

    return run_job(
        job_pk=job_pk,
        path_or_url=path_or_url,
        load=pk.load_rows,
        write_batch=lambda batch, result: pk.write_rows(batch, result),
        noun="lines",
        batch_size=batch_size,
        pause_s=pause_s,
    )
