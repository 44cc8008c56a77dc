"""Project-level Celery tasks."""

from celery import shared_task


@shared_task(acks_late=True)
def probe(value: int) -> dict[str, int]:
    """A round trip through the broker and a worker, used by the readiness tests."""
    return {"value": value, "doubled": value * 2}
