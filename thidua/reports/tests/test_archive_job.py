"""The cycle's archive is built as a background job, for the Board and the head unit only."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.jobs.models import Job, JobStatus
from thidua.testing import signin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_head_starts_the_archive_job_and_gets_the_zip_with_its_progress_complete(client, cast):
    signin(client, cast.head_rep)
    response = client.post(reverse("cycles:cycle_archive", args=[cast.cycle.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.owner == cast.head_rep
    assert job.done == job.total > 1
    with zipfile.ZipFile(job.result.open("rb")) as archive:
        assert "manifest.json" in archive.namelist()
    assert AuditEvent.objects.filter(action="jobs.job.start", object_id=str(job.pk)).exists()


@pytest.mark.parametrize("role", ["member_rep", "member_leader"])
def test_members_cannot_start_the_archive_job(client, cast, role):
    signin(client, getattr(cast, role))
    response = client.post(reverse("cycles:cycle_archive", args=[cast.cycle.pk]))
    assert response.status_code == 403 and not Job.objects.exists()


def test_an_outsider_does_not_learn_that_the_cycle_exists(client, cast):
    signin(client, cast.outsider)
    assert client.post(reverse("cycles:cycle_archive", args=[cast.cycle.pk])).status_code == 404


def test_a_failing_archive_is_shown_failed_and_offers_no_file(client, cast, monkeypatch):
    from thidua.reports import archive

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "build", broken)
    signin(client, cast.board)
    client.post(reverse("cycles:cycle_archive", args=[cast.cycle.pk]))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and not job.result
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "alert-danger" in page and reverse("jobs:job_result", args=[job.pk]) not in page


def test_the_archive_zip_reopens(cast):
    from thidua.reports import archive

    with zipfile.ZipFile(io.BytesIO(archive.build(cast.cycle))) as z:
        assert "manifest.json" in z.namelist()
