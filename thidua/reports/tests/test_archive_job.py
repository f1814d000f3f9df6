"""The cycle's archive is built as a background job, for the Board and the head unit only."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.jobs.models import Job, JobStatus
from thidua.testing import as_role, signin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_head_starts_the_archive_job_and_gets_the_zip_with_its_progress_complete(client, cast):
    signin(client, cast.head_rep)
    response = client.post(reverse("reports:cycle_archive", args=[cast.cycle.pk]))
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
    response = client.post(reverse("reports:cycle_archive", args=[cast.cycle.pk]))
    assert response.status_code == 403 and not Job.objects.exists()


def test_an_outsider_does_not_learn_that_the_cycle_exists(client, cast):
    signin(client, cast.outsider)
    assert client.post(reverse("reports:cycle_archive", args=[cast.cycle.pk])).status_code == 404


def test_a_failing_archive_is_shown_failed_and_offers_no_file(client, cast, monkeypatch):
    from thidua.reports import archive

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "build", broken)
    signin(client, cast.board)
    client.post(reverse("reports:cycle_archive", args=[cast.cycle.pk]))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and not job.result
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "alert-danger" in page and reverse("jobs:job_result", args=[job.pk]) not in page


def test_the_archive_zip_reopens(cast):
    from thidua.reports import archive

    with zipfile.ZipFile(io.BytesIO(archive.build(cast.cycle))) as z:
        assert "manifest.json" in z.namelist()


def _cycle_page(client, cast, role):
    as_role(client, cast, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).content.decode()


def test_the_board_downloads_the_cycles_archive_with_its_manifest(client, cast):
    body = _cycle_page(client, cast, "board")
    url = reverse("reports:cycle_archive", args=[cast.cycle.pk])
    assert url in body
    assert client.get(url).status_code == 200
    started = client.post(url)
    assert started.status_code == 302
    job_page = client.get(started["Location"]).content.decode()
    result = re.search(r'href="([^"]+/result/)"', job_page)
    assert result, job_page
    response = client.get(result.group(1))
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["year"] == cast.cycle.year and manifest["block"] == cast.block.name
    member_page = _cycle_page(client, cast, "member_rep")
    assert url not in member_page


def test_the_archive_keeps_the_apps_parts_in_their_order(cast):
    from thidua.reports import archive

    steps = []
    archive.collect(cast.cycle, progress=lambda done, total, label: steps.append(label))
    assert steps == [
        "Drafting",
        "Signing",
        "Meetings",
        "Scoring",
        "Voting",
        "Awards",
        "Activities",
        "News",
        "manifest.json",
    ]
