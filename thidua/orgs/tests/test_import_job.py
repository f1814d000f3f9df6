"""Large import workbooks are applied as a background job whose page shows the progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.jobs.models import Job, JobStatus
from thidua.orgs import services
from thidua.orgs.models import Organisation
from thidua.orgs.tests.test_import import VALID, confirm, preview, stored_files, workbook
from thidua.testing import signin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_JOB_MIN_ROWS = 2


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def board(client, cast, settings, media):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return signin(client, cast.board)


def test_a_large_workbook_is_applied_as_a_job_with_its_progress_page(board, cast, media):
    _page, token = preview(board, workbook(**VALID))
    response = confirm(board, token)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.owner == cast.board
    assert "2 organisations" in job.message and job.next_url == reverse("orgs:block_list")
    assert Organisation.objects.filter(name="Hội Làm vườn tỉnh").exists()
    page = board.get(response["Location"]).content.decode()
    assert job.message in page and f'href="{job.next_url}"' in page
    # A second confirmation says the file was already imported.
    assert confirm(board, token)["Location"] == reverse("orgs:import_upload")


def test_a_job_that_finds_a_problem_imports_nothing_and_keeps_the_file(board, cast, media):
    _page, token = preview(board, workbook(**VALID))
    services.create_organisation(
        actor=cast.board, province=cast.province, name="Hội Làm vườn tỉnh", short_name=""
    )
    before = Organisation.objects.count()
    confirm(board, token)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.message.startswith("Nothing was imported")
    assert Organisation.objects.count() == before
    assert f"{token}.xlsx" in stored_files(media)


def test_small_workbooks_are_still_applied_at_once(board, cast, settings, media):
    settings.IMPORT_JOB_MIN_ROWS = 300
    _page, token = preview(board, workbook(**VALID))
    assert confirm(board, token)["Location"] == reverse("orgs:block_list")
    assert not Job.objects.exists()
