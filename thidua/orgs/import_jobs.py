"""Applying a large import workbook as a background job, with its progress shown.

The view has already checked the person (Board), the token and claimed the stored file; the job
re-checks the rows, then writes everything in one transaction (all or nothing), as the
synchronous confirmation does. Its progress has three steps: check, write, done. The writing
is one transaction, so its inside cannot be reported row by row; the page says what it is doing.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.jobs import services as jobs
from thidua.jobs.models import Job
from thidua.orgs import importer

KIND = "orgs_import"


def row_count(data: bytes) -> int:
    parsed = importer.read_workbook(io.BytesIO(data))
    return sum(len(sheet.rows) for sheet in parsed.sheets.values())


def runs_in_background(rows: int) -> bool:
    return rows > settings.IMPORT_JOB_MIN_ROWS


def start_import(*, actor: User, upload: importer.StoredUpload, rows: int) -> Job:
    return jobs.start_job(
        actor=actor,
        kind=KIND,
        label=_("Import of “%(name)s”") % {"name": upload.file_name},
        params={"token": upload.token, "rows": rows},
    )


def summary_message(name: str, summary: importer.ImportSummary) -> str:
    return _(
        "“%(name)s” imported: %(orgs)s organisations, %(blocks)s blocks, %(members)s memberships."
    ) % {
        "name": name,
        "orgs": summary.organisations,
        "blocks": summary.blocks,
        "members": summary.memberships,
    }


def apply_in_background(*, job: Job, progress: jobs.Progress) -> jobs.JobOutput:
    upload = importer.find_upload(job.params["token"])
    data = importer.read_claimed(upload) if upload and upload.user_id == job.owner_id else None
    if upload is None or data is None:
        raise DomainError(_("The uploaded file is no longer available: upload it again."))
    rows = int(job.params.get("rows", 0))
    progress.step(0, 3, _("Checking %(rows)s rows") % {"rows": rows})
    try:
        report = importer.review_import(data)
        if not report.is_valid:
            raise importer.ImportInvalid(report)
        progress.step(1, 3, _("Writing %(rows)s rows, all or nothing") % {"rows": rows})
        summary = importer.apply_import(actor=job.owner, data=data, file_name=upload.file_name)
    except importer.ImportInvalid:
        importer.release_upload(upload)
        raise DomainError(
            _("Nothing was imported: the file has problems. Open its preview again to see them.")
        ) from None
    except importer.ImportFileError as err:
        importer.discard_upload(upload)
        raise DomainError(" ".join(err.messages)) from err
    except DomainError as err:
        importer.release_upload(upload)
        raise DomainError(_("Nothing was imported: %(reason)s") % {"reason": err.message}) from err
    except BaseException:
        importer.release_upload(upload)
        raise
    importer.finish_upload(upload, summary)
    target = (
        "orgs:block_list" if summary.blocks or summary.memberships else "orgs:organisation_list"
    )
    return jobs.JobOutput(
        message=summary_message(upload.file_name, summary), next_url=reverse(target)
    )
