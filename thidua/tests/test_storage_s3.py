"""Files in an S3-compatible bucket (S3_BUCKET…): uploads, pending imports and job results are
written there through Django's storage API, nothing lands in MEDIA_ROOT, and every file still
reaches people only through the product's views and their checks. Against a local moto server
(thidua/tests/s3.py); the settings are built from the environment as in production."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tarfile
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thidua import settings as thidua_settings
from thidua.cycles.models import Phase
from thidua.jobs import services as jobs
from thidua.jobs.models import Job
from thidua.jobs.tests.builders import make_job
from thidua.orgs import importer
from thidua.orgs.models import Block
from thidua.orgs.tests.test_import import VALID, confirm, preview, workbook
from thidua.scoring.models import Evidence
from thidua.scoring.tests.builders import build_table, set_phase
from thidua.scoring.tests.test_self_assessment import PDF_BYTES
from thidua.testing import signin
from thidua.tests.s3 import Bucket, moto_bucket

S3_VARIABLES = (
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
)


@pytest.fixture(scope="module")
def bucket() -> Iterator[Bucket]:
    with moto_bucket() as b:
        yield b


@pytest.fixture
def in_bucket(bucket, monkeypatch, tmp_path) -> Iterator[str]:
    """This test's files go to the bucket under a prefix of their own; returns the prefix."""
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    for name, value in bucket.env(prefix).items():
        monkeypatch.setenv(name, value)
    storage = thidua_settings._file_storage()
    media = tmp_path / "media"
    field = Job._meta.get_field("result")
    # The job result field took its storage instance when the model was defined; the storages
    # built before the override are put back afterwards, so that it is still the "jobs" one.
    before = (field.storage, dict(vars(storages)["_storages"]))
    try:
        with override_settings(
            STORAGES={**django_settings.STORAGES, "default": storage, "jobs": storage},
            MEDIA_ROOT=media,
        ):
            field.storage = storages["jobs"]
            yield prefix
    finally:
        field.storage = before[0]
        vars(storages)["_storages"].update(before[1])
    assert not media.exists(), "nothing is written to the local disk"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "without S3_BUCKET"),
        ({"S3_BUCKET": "Files_2026"}, "is not a bucket name"),
        ({"S3_BUCKET": "thidua", "S3_ENDPOINT_URL": "s3.example.vn"}, "is not a server address"),
        ({"S3_BUCKET": "thidua", "S3_ACCESS_KEY_ID": "AKIA1"}, "go together"),
        ({"S3_BUCKET": "thidua", "S3_SECRET_ACCESS_KEY": "x"}, "go together"),
    ],
)
def test_incomplete_or_wrong_storage_settings_are_refused_with_the_reason(
    monkeypatch, env, message
):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        thidua_settings._file_storage()


def test_without_a_bucket_files_stay_in_media_root(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    storage = thidua_settings._file_storage()
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert django_settings.STORAGES["default"] == django_settings.STORAGES["jobs"] == storage


def test_with_a_bucket_both_storages_are_the_private_bucket(bucket, monkeypatch):
    for name, value in bucket.env("site-1").items():
        monkeypatch.setenv(name, value)
    storage = thidua_settings._file_storage()
    options: Any = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["location"]) == (bucket.name, "site-1")
    # No public ACL on any object, no overwriting a file of the same name.
    assert options["default_acl"] is None and options["file_overwrite"] is False


@pytest.mark.django_db
def test_evidence_uploaded_through_the_form_is_kept_in_the_bucket_and_served_by_its_view(
    client, cast, in_bucket, bucket
):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    signin(client, cast.member_rep)
    url = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    data = {
        f"value_{nodes['1.1'].pk}": "8",
        f"value_{nodes['1.2'].pk}": "1",
        f"value_{nodes['1.3'].pk}": "90",
        f"target_{nodes['1.3'].pk}": "100",
        f"value_{nodes['2.1'].pk}": "3",
        f"value_{nodes['III'].pk}": "1",
        f"value_{nodes['IV'].pk}": "0",
        f"evidence_{nodes['1.1'].pk}": SimpleUploadedFile("report.pdf", PDF_BYTES),
    }
    assert client.post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    assert bucket.keys(in_bucket) == [f"{in_bucket}/{evidence.file.name}"]
    body = bucket.client().get_object(Bucket=bucket.name, Key=f"{in_bucket}/{evidence.file.name}")
    assert body["Body"].read() == PDF_BYTES

    download = client.get(reverse("scoring:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    signin(client, cast.outsider)
    assert client.get(reverse("scoring:evidence_file", args=[evidence.pk])).status_code in (
        403,
        404,
    )


@pytest.mark.django_db
def test_objects_get_no_public_grant(client, cast, in_bucket, bucket):
    job = make_job(cast.board)
    key = f"{in_bucket}/{job.result.name}"
    grants = bucket.client().get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert grants and all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)


@pytest.mark.django_db
def test_a_job_result_is_written_to_the_bucket_downloaded_by_its_owner_and_purged(
    client, cast, in_bucket, bucket
):
    job = make_job(cast.board)
    assert job.result.name.startswith("jobs/")
    assert bucket.keys(in_bucket) == [f"{in_bucket}/{job.result.name}"]

    signin(client, cast.head_rep)
    assert client.get(reverse("jobs:job_result", args=[job.pk])).status_code == 404
    signin(client, cast.board)
    response = client.get(reverse("jobs:job_result", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello"
    assert response["Content-Disposition"] == 'attachment; filename="hello.txt"'

    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert jobs.purge_expired() == 1
    assert bucket.keys(in_bucket) == []


@pytest.mark.django_db
def test_an_import_waits_in_the_bucket_between_preview_and_a_single_confirmation(
    client, cast, in_bucket, bucket
):
    signin(client, cast.board)
    page, token = preview(client, workbook(**VALID))
    assert page.status_code == 200 and page.context["can_confirm"]
    assert bucket.keys(in_bucket) == [
        f"{in_bucket}/imports/{token}.json",
        f"{in_bucket}/imports/{token}.xlsx",
    ]
    assert confirm(client, token).status_code == 302
    assert Block.objects.filter(name="Khối thi đua 9").exists()
    # The file is gone; the note that it was applied stays for a second confirmation.
    assert bucket.keys(in_bucket) == [f"{in_bucket}/imports/{token}.json"]
    blocks = Block.objects.count()
    again = confirm(client, token)
    assert again["Location"] == reverse("orgs:import_upload")
    assert Block.objects.count() == blocks
    upload = importer.find_upload(token)
    assert upload is not None and upload.applied is not None
    assert importer.claim_upload(upload) is None


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_buckets_files_and_a_restore_puts_exactly_those_back(
    in_bucket, bucket, tmp_path
):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    storage = storages["default"]
    kept = {
        "evidence/2026/report.pdf": PDF_BYTES,
        "jobs/2026/12/archive.zip": b"PK\x05\x06" + bytes(18),
    }
    for name, content in kept.items():
        assert storage.save(name, ContentFile(content)) == name
    call_command("backup", dir=str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("thidua-*.tar.gz"))
    with tarfile.open(archive) as tar:
        files = {m.name: tar.extractfile(m) for m in tar.getmembers() if m.isfile()}
        assert json.loads(files["manifest.json"].read())["files_from"] == "bucket"
        assert {name: files[f"media/{name}"].read() for name in kept} == kept

    storage.delete("evidence/2026/report.pdf")  # lost after the backup
    storage.save("evidence/2026/later.pdf", ContentFile(b"written after the backup"))
    call_command("restore", str(archive), yes=True)

    prefix = f"{in_bucket}/"
    assert bucket.keys(prefix) == sorted(prefix + name for name in kept)
    for name, content in kept.items():
        with storage.open(name, "rb") as restored:
            assert restored.read() == content
