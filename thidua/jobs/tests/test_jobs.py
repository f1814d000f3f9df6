from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.jobs import services
from thidua.jobs.models import Job, JobStatus
from thidua.jobs.tests import runners
from thidua.jobs.tests.builders import make_job
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


def test_outside_the_tests_a_job_waits_for_the_commit_then_runs_in_a_thread(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_RUN_INLINE = False
    with mock.patch.object(services, "_spawn") as spawn:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = make_job(cast.board)
        assert not spawn.called and job.status == JobStatus.QUEUED
        for callback in callbacks:
            callback()
        spawn.assert_called_once_with(job.pk)


def test_a_job_silent_for_long_is_shown_stopped_and_the_page_stops_polling(client, cast):
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
