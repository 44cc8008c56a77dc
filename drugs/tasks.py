"""Celery tasks for monographs: thin wrappers that call one service each."""

from celery import shared_task

from drugs import services


@shared_task(acks_late=True)
def flag_stale_monographs() -> int:
    """Beat task: flag monographs not reviewed within the staleness window."""
    return services.monograph_flag_stale()
