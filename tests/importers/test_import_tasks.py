"""The Celery path: ImportJob progress, batches in their own transactions, resumable re-runs."""

import io

import pytest
from django.core.management import call_command

from drugs import tasks
from drugs.importers import lactmed
from drugs.models import Drug, DrugName, ImportJob
from tests.samples.generate import make_lactmed_archive

# Imports into the curated seed (sertraline and friends are already published).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def synthetic_counts(n: int) -> tuple[int, int]:
    drugs = Drug.objects.filter(name__startswith="Synthetic Agent ")
    names = DrugName.objects.filter(drug__in=drugs, kind="generic")
    assert drugs.count() == names.count()
    assert drugs.values("name").distinct().count() == drugs.count()  # no duplicates
    return drugs.count(), n


def test_async_command_runs_task_and_job_ends_done(samples, eager_celery):
    out = io.StringIO()
    call_command(
        "import_lactmed", str(samples / "lactmed_sample.tar.gz"), "--async", "--batch-size", "2",
        stdout=out,
    )  # fmt: skip
    job = ImportJob.objects.get(kind="lactmed")
    assert f"Import job {job.pk} enqueued" in out.getvalue()
    assert (job.status, job.processed, job.total) == ("done", 6, 6)
    assert job.percent == 100
    assert (job.created, job.updated) == (3, 3)
    assert job.finished_at is not None
    assert "6 records: 3 created, 3 updated" in job.message

    # A finished job is idempotent: running its task again returns at once.
    again = tasks.import_lactmed_task.apply(args=[job.pk, job.source]).get()
    assert again == {"job": job.pk, "status": "done", "processed": 6}
    out = io.StringIO()
    call_command("import_lactmed", "x", "--async", "--resume", str(job.pk), stdout=out)
    assert "already done" in out.getvalue()


def test_task_validation_failure_marks_job_failed_and_writes_nothing(samples, eager_celery):
    from tests.reliability.db_checksum import curated_checksum

    checksum = curated_checksum()
    call_command(
        "import_lactmed", str(samples / "lactmed_truncated.tar.gz"), "--async", stdout=io.StringIO()
    )
    job = ImportJob.objects.get(kind="lactmed")
    assert job.status == "failed"
    assert job.processed == 0
    assert "Nothing imported" in job.message and "lactmed_truncated.tar.gz" in job.message
    assert curated_checksum() == checksum


def test_crash_mid_import_then_rerun_finishes_with_each_record_once(tmp_path, monkeypatch):
    """A worker dying after some batches: committed batches stay, the re-run skips them."""
    archive = make_lactmed_archive(tmp_path / "lactmed.tar.gz", 30)
    job = ImportJob.objects.create(kind="lactmed", source=str(archive))
    original = lactmed.write_records
    calls = {"n": 0}

    def dies_on_third_batch(records, result, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker lost")
        return original(records, result, **kwargs)

    monkeypatch.setattr(lactmed, "write_records", dies_on_third_batch)
    with pytest.raises(RuntimeError, match="worker lost"):
        tasks.import_lactmed_task.apply(
            args=[job.pk, str(archive)], kwargs={"batch_size": 10}
        ).get()
    job.refresh_from_db()
    assert (job.status, job.processed, job.total, job.created) == ("failed", 20, 30, 20)
    assert "re-run resumes" in job.message
    assert synthetic_counts(30)[0] == 20  # the third batch rolled back as a whole

    monkeypatch.setattr(lactmed, "write_records", original)
    result = tasks.import_lactmed_task.apply(
        args=[job.pk, str(archive)], kwargs={"batch_size": 10}
    ).get()
    job.refresh_from_db()
    assert (job.status, job.processed, job.total, job.created) == ("done", 30, 30, 30)
    assert (result["created"], result["unchanged"]) == (10, 20)
    assert synthetic_counts(30)[0] == 30


def test_running_the_same_import_as_a_second_job_changes_nothing(tmp_path, eager_celery):
    archive = make_lactmed_archive(tmp_path / "lactmed.tar.gz", 8)
    for _ in range(2):
        call_command("import_lactmed", str(archive), "--async", stdout=io.StringIO())
    first, second = ImportJob.objects.filter(kind="lactmed").order_by("pk")
    assert (first.created, second.created, second.updated) == (8, 0, 0)
    assert second.processed == second.total == 8
    assert synthetic_counts(8)[0] == 8
