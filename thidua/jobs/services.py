"""Starting, running and cleaning up background jobs.

A job runs in a thread of the web process, started once the transaction that created it has
committed, so the thread sees the job row. Progress is written row by row outside any
transaction, so the status page (in any worker process) sees it move. With the setting
JOBS_RUN_INLINE (the tests) the job runs at once, in the caller's thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

KEEP_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class JobOutput:
    """What a runner hands back: a file to download, and/or a message and a page to go to."""

    content: bytes | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    message: str = ""
    next_url: str = ""


class Progress:
    """Given to a runner: `step(done, total, message)` records how far it got."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def step(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(
            done=max(0, done),
            total=max(0, total),
            message=message[:500],
            updated_at=timezone.now(),
        )


@transaction.atomic
def start_job(
    *, actor: Any, kind: str, label: str, runner: str, params: dict[str, Any] | None = None
) -> Job:
    """Create the job and have it run once this transaction commits."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("Sign in to start this work."))
    purge_expired()
    job = Job.objects.create(
        kind=kind,
        label=label[:300],
        runner=runner,
        params={**(params or {}), "language": translation.get_language() or settings.LANGUAGE_CODE},
        owner=actor,
    )
    audit.record(actor=actor, action="jobs.job.start", obj=job, after={"kind": kind})
    if getattr(settings, "JOBS_RUN_INLINE", False):
        run(job.pk)
    else:
        transaction.on_commit(lambda: _spawn(job.pk))
    return job


def _spawn(job_id: int) -> None:
    threading.Thread(
        target=_run_in_thread, args=(job_id,), name=f"thidua-job-{job_id}", daemon=True
    ).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        connections.close_all()


def run(job_id: int) -> None:
    """Run the job's runner and record the outcome. Never raises: a failure is a job state."""
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, updated_at=timezone.now())
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            output = _call(job)
        except DomainError as err:
            _finish(job, JobStatus.FAILED, err.message)
            return
        except Exception:
            logger.exception("Background job %s (%s) failed", job.pk, job.kind)
            _finish(
                job,
                JobStatus.FAILED,
                _(
                    "The work stopped on an unexpected error. Try again; if it fails again, tell "
                    "the system administrator."
                ),
            )
            return
        _finish(job, JobStatus.DONE, output.message or _("Finished."), output)


def _call(job: Job) -> JobOutput:
    runner = import_string(job.runner)
    progress = Progress(job.pk)
    if connection.in_atomic_block:
        # Run inline inside a caller's transaction: a failure must not break that transaction.
        with transaction.atomic():
            return runner(job=job, progress=progress) or JobOutput()
    return runner(job=job, progress=progress) or JobOutput()


def _finish(job: Job, status: str, message: str, output: JobOutput | None = None) -> None:
    job.refresh_from_db()
    job.status = status
    job.message = message[:500]
    job.finished_at = timezone.now()
    if output is not None:
        job.next_url = output.next_url
        if output.content is not None:
            job.result_name = output.filename
            job.result_type = output.content_type
            job.result.save(output.filename, ContentFile(output.content), save=False)
        if job.total:
            job.done = job.total
    job.save()


def purge_expired(now: dt.datetime | None = None) -> int:
    """Remove jobs (and their files) started more than a day ago; a job still "running" after
    a day died with its process."""
    limit = (now or timezone.now()) - KEEP_FOR
    old = list(Job.objects.filter(created_at__lt=limit))
    for job in old:
        if job.result:
            job.result.delete(save=False)
    Job.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)
