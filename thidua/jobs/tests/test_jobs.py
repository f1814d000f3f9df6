from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from thidua.core.models import AuditEvent
from thidua.jobs import services
from thidua.jobs.models import Job, JobStatus
from thidua.jobs.tests import runners
from thidua.jobs.tests.builders import make_job
from thidua.jobs.tests.worker import DATABASE_TASKS, work_off
from thidua.testing import signin

pytestmark = pytest.mark.django_db


def test_a_job_runs_and_records_its_progress_step_by_step(cast):
    runners.SEEN.clear()
    job = make_job(cast.board, total=4)
    assert runners.SEEN == [(0, 4), (1, 4), (2, 4), (3, 4)]
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.result.read() == b"hello" and job.result_name == "hello.txt"
    assert AuditEvent.objects.filter(action="jobs.job.start", object_id=str(job.pk)).exists()


def test_the_status_fragment_polls_while_running_and_stops_when_finished(client, cast):
    job = make_job(cast.board)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1, total=3)
    signin(client, cast.board)
    url = reverse("jobs:job_detail", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment
    assert 'value="33"' in fragment
    page = client.get(url).content.decode()
    assert "Refresh the page" in page or "Tải lại trang" in page
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done
    assert 'role="status"' in done and 'hx-swap-oob="innerHTML"' in done
    assert reverse("jobs:job_result", args=[job.pk]) in done


def test_only_the_owner_sees_the_job_and_its_result(client, cast):
    job = make_job(cast.board)
    signin(client, cast.head_rep)
    assert client.get(reverse("jobs:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:job_result", args=[job.pk])).status_code == 404
    assert job.label not in client.get(reverse("jobs:job_list")).content.decode()
    signin(client, cast.board)
    response = client.get(reverse("jobs:job_result", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello"
    assert response["Content-Disposition"] == 'attachment; filename="hello.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_failing_job_is_shown_failed_with_a_message(client, cast):
    job = make_job(cast.board, runner="breaks")
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "disk full" not in job.message and job.message
    signin(client, cast.board)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert job.message in page and "alert-danger" in page
    assert client.get(reverse("jobs:job_result", args=[job.pk])).status_code == 404


def test_a_refused_job_shows_the_reason(cast):
    job = make_job(cast.board, runner="refuses")
    assert job.status == JobStatus.FAILED
    assert job.message == "The cycle has no documents yet."


def test_results_are_kept_for_a_day(client, cast):
    old = make_job(cast.board)
    recent = make_job(cast.board)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    storage, name = old.result.storage, old.result.name
    signin(client, cast.board)
    assert client.get(reverse("jobs:job_result", args=[old.pk])).status_code == 404
    assert services.purge_expired() == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not storage.exists(name)


def test_outside_the_tests_a_job_waits_for_the_commit_then_the_worker_runs_it(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = make_job(cast.board)
    assert job.status == JobStatus.QUEUED and not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    task = DBTaskResult.objects.get()
    assert task.task_path == "thidua.jobs.tasks.run_job" and task.args_kwargs["args"] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert work_off() == 1
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result.read() == b"hello"
    assert task.status == TaskResultStatus.SUCCESSFUL


def test_a_job_of_a_kind_nobody_runs_fails_with_the_reason(cast):
    job = services.start_job(actor=cast.board, kind="gone_away", label="Old work")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "gone_away" in job.message


def test_results_are_kept_in_the_jobs_storage(cast):
    job = make_job(cast.board)
    assert job.result.storage is storages["jobs"]
    assert storages["jobs"].exists(job.result.name)


def test_a_worker_stopped_mid_job_marks_it_stopped_on_its_way_out(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast.board, runner="interrupted")
    work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "seems to have stopped" in job.message
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


def _running(job: Job, *, silent_for: dt.timedelta) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, finished_at=None, updated_at=timezone.now() - silent_for
    )


def test_a_running_job_whose_worker_died_is_marked_failed_and_a_live_one_is_left(cast):
    with translation.override("en"):
        dead, alive = make_job(cast.board), make_job(cast.board)
    _running(dead, silent_for=dt.timedelta(minutes=16))
    _running(alive, silent_for=dt.timedelta(minutes=14))
    assert services.recover_stopped() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.finished_at is not None
    assert "seems to have stopped" in dead.message
    assert alive.status == JobStatus.RUNNING


def test_a_dead_workers_job_is_marked_failed_when_the_next_job_starts_or_runs(cast):
    first = make_job(cast.board)
    _running(first, silent_for=dt.timedelta(hours=1))
    make_job(cast.board)
    first.refresh_from_db()
    assert first.status == JobStatus.FAILED
    second = make_job(cast.board)
    _running(second, silent_for=dt.timedelta(hours=1))
    services.run(second.pk)  # the worker picks up a task
    second.refresh_from_db()
    assert second.status == JobStatus.FAILED


def test_a_dead_workers_job_shows_failed_on_its_page_and_in_the_list(client, cast, settings):
    settings.JOBS_STALE_AFTER_MINUTES = 1
    with translation.override("en"):
        job = make_job(cast.board)
    _running(job, silent_for=dt.timedelta(minutes=2))
    signin(client, cast.board)
    client.cookies["django_language"] = "en"
    listing = client.get(reverse("jobs:job_list")).content.decode()
    assert "Running" not in listing and "Failed" in listing
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "alert-danger" in page and "seems to have stopped" in page


def test_a_job_silent_for_long_is_shown_stopped_and_the_page_stops_polling(client, cast):
    with translation.override("en"):  # the job's language: its messages are written in it
        job = make_job(cast.board)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    signin(client, cast.board)
    client.cookies["django_language"] = "en"
    fragment = client.get(
        reverse("jobs:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "every 1s" not in fragment and "seems to have stopped" in fragment


def test_a_dead_workers_task_left_running_on_the_queue_is_marked_failed_with_its_job(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast.board)
    task = DBTaskResult.objects.get()
    job.refresh_from_db()
    assert job.task_id == str(task.id)
    task.claim("a-worker-that-is-then-killed")
    _running(job, silent_for=dt.timedelta(hours=1))
    assert services.recover_stopped() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and task.finished_at is not None
    assert task.exception_class_path == "thidua.jobs.services.WorkerLost"
