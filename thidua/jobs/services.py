"""Starting, running and cleaning up background jobs.

A job is a row here plus a task on the django-tasks queue (`tasks.run_job`), enqueued once the
transaction that created the row has committed. The worker process (`manage.py db_worker`)
runs it with the runner its app registered for the job's kind (`kinds.job_kinds`). Progress is
written row by row outside any transaction, so the status page sees it move; each step is also
the job's heartbeat: a running job silent for `models.stale_after()` lost its worker and is
marked failed (`recover_stopped`). The tests use the immediate backend: the job runs at once,
in the caller.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.jobs.kinds import Runner, job_kinds
from thidua.jobs.models import Job, JobStatus, stale_after

if TYPE_CHECKING:
    # For the annotation only: jobs sits below accounts.
    from thidua.accounts.models import User

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
def start_job(*, actor: User, kind: str, label: str, params: dict[str, Any] | None = None) -> Job:
    """Create the job and have the worker run it once this transaction commits. `kind` is a key
    of `kinds.job_kinds`."""
    # tasks imports this module: the task is looked up when a job starts.
    from thidua.jobs.tasks import run_job

    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("Sign in to start this work."))
    purge_expired()
    job = Job.objects.create(
        kind=kind,
        label=label[:300],
        params={**(params or {}), "language": translation.get_language() or settings.LANGUAGE_CODE},
        owner=actor,
    )
    audit.record(actor=actor, action="jobs.job.start", obj=job, after={"kind": kind})
    if isinstance(run_job.get_backend(), ImmediateBackend):
        # The tests' backend runs the task in the caller: at once, as a test never commits.
        run_job.enqueue(job.pk)
    else:
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from thidua.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def run(job_id: int) -> None:
    """Run the job's runner and record the outcome (the task's body, in the worker). Never
    raises: a failure is a job state. A worker stopped mid-job (Ctrl-C, a restart) marks it
    failed on the way out."""
    recover_stopped()
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, updated_at=timezone.now())
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        runner = job_kinds.get(job.kind)
        if runner is None:
            logger.error("Background job %s has a kind nobody runs: %s", job.pk, job.kind)
            _finish(
                job,
                JobStatus.FAILED,
                _(
                    "This kind of work (“%(kind)s”) cannot be done here any more. Tell the "
                    "system administrator."
                )
                % {"kind": job.kind},
            )
            return
        try:
            output = _call(job, runner)
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
        except BaseException:
            _finish(job, JobStatus.FAILED, _stopped_message())
            raise
        _finish(job, JobStatus.DONE, output.message or _("Finished."), output)


def _stopped_message() -> str:
    # The words the progress page already shows for a job that went silent.
    return _(
        "The work seems to have stopped (the server may have been restarted). Start it again "
        "from where you started it."
    )


def _call(job: Job, runner: Runner) -> JobOutput:
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
    recover_stopped(now)
    limit = (now or timezone.now()) - KEEP_FOR
    old = list(Job.objects.filter(created_at__lt=limit))
    for job in old:
        if job.result:
            job.result.delete(save=False)
    Job.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)


def recover_stopped(now: dt.datetime | None = None) -> int:
    """Mark failed the running jobs whose worker died (killed, or the machine restarted): no
    progress step for `stale_after()`. Their tasks, which the dead worker left "running" on the
    queue, are marked failed too."""
    limit = (now or timezone.now()) - stale_after()
    stopped = list(Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=limit))
    for job in stopped:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            message = _stopped_message()
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, message=message, finished_at=timezone.now()
        )
    if stopped:
        logger.warning("Background jobs %s stopped with their worker", [j.pk for j in stopped])
        _fail_lost_tasks([j.task_id for j in stopped if j.task_id])
    return len(stopped)


def _fail_lost_tasks(task_ids: list[str]) -> None:
    DBTaskResult.objects.filter(id__in=task_ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="thidua.jobs.services.WorkerLost",
        traceback="The worker running this task stopped without finishing it "
        "(thidua.jobs.services.recover_stopped).",
    )
