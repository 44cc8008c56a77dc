"""A job whose worker is gone (running, no heartbeat for LACTRX_IMPORT_STALE_AFTER_S) is marked
stale by the beat task and by the admin listing, which shows the command that resumes it."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from drugs import tasks
from drugs.models import ImportJob

pytestmark = pytest.mark.django_db


def _job(*, status="running", minutes_ago: float, processed=850, total=2500, **extra):
    job = ImportJob.objects.create(
        kind="lactmed",
        source="/data/lactmed_NBK501922.tar.gz",
        status=status,
        processed=processed,
        total=total,
        message="Importing 2500 records",
        **extra,
    )
    job.heartbeat_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    job.save(update_fields=["heartbeat_at"])
    return job


def test_the_beat_task_marks_a_silent_running_job_stale():
    assert settings.LACTRX_IMPORT_STALE_AFTER_S == 900
    assert settings.CELERY_BEAT_SCHEDULE["mark-stale-import-jobs"]["task"] == (
        "drugs.tasks.mark_stale_import_jobs"
    )
    dead = _job(minutes_ago=60)
    alive = _job(minutes_ago=1)
    done = _job(status="done", minutes_ago=600, processed=2500)
    assert tasks.mark_stale_import_jobs.apply().get() == 1
    dead.refresh_from_db()
    assert dead.status == "stale"
    assert "850/2500" in dead.message
    assert (
        f"python manage.py import_lactmed /data/lactmed_NBK501922.tar.gz --async --resume {dead.pk}"
        in dead.message
    )
    alive.refresh_from_db()
    done.refresh_from_db()
    assert (alive.status, done.status) == ("running", "done")
    assert tasks.mark_stale_import_jobs.apply().get() == 0  # idempotent


def test_a_job_that_never_sent_a_heartbeat_goes_stale_from_its_start():
    job = ImportJob.objects.create(kind="pk", source="/data/pk values.csv", status="running")
    ImportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert tasks.mark_stale_import_jobs.apply().get() == 1
    job.refresh_from_db()
    assert job.status == "stale"
    assert f"import_pk '/data/pk values.csv' --async --resume {job.pk}" in job.message


def test_the_admin_listing_marks_and_shows_the_resume_command(admin_user):
    job = _job(minutes_ago=45)
    client = Client()
    client.force_login(admin_user)
    response = client.get("/admin/drugs/importjob/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stale (worker lost)" in html
    assert f"--async --resume {job.pk}" in html
    job.refresh_from_db()
    assert job.status == "stale"


def test_resuming_a_stale_job_finishes_it(samples, eager_celery):
    source = str(samples / "lactmed_sample.tar.gz")
    job = ImportJob.objects.create(kind="lactmed", source=source, status="stale", total=6)
    out = io.StringIO()
    call_command("import_lactmed", source, "--async", "--resume", str(job.pk), stdout=out)
    job.refresh_from_db()
    assert (job.status, job.processed, job.total) == ("done", 6, 6)
    assert job.heartbeat_at is not None


def test_a_slow_worker_committing_a_batch_sets_its_job_running_again(samples, monkeypatch):
    """Marked stale while only slow: its next committed batch sets it running again."""
    from drugs.importers import common, lactmed

    source = str(samples / "lactmed_sample.tar.gz")
    job = ImportJob.objects.create(kind="lactmed", source=source, status="pending")
    calls = []
    after_batch = []

    def write_batch(batch, result):
        lactmed.write_records(batch, result)
        calls.append(len(batch))
        if len(calls) == 1:
            ImportJob.objects.filter(pk=job.pk).update(status="stale")  # the beat task ran

    def pause(seconds):
        after_batch.append(ImportJob.objects.get(pk=job.pk).status)

    monkeypatch.setattr(common.time, "sleep", pause)
    common.run_job(
        job_pk=job.pk,
        path_or_url=source,
        load=lactmed.load_records,
        write_batch=write_batch,
        noun="records",
        batch_size=3,
        pause_s=0.01,
    )
    job.refresh_from_db()
    assert calls == [3, 3]
    assert after_batch == ["stale", "running"]
    assert job.status == "done"
