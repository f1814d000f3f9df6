"""Long work done in the background (a cycle's archive, a large import) with its progress.

A job belongs to the person who started it: nobody else sees it or its result. Results are
working files, not records: they are kept for a day (`services.purge_expired`), in the storage
named "jobs" (settings.STORAGES).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def stale_after() -> dt.timedelta:
    """How long a running job may go without a progress step before it counts as stopped."""
    return dt.timedelta(minutes=settings.JOBS_STALE_AFTER_MINUTES)


def result_storage() -> Storage:
    # A callable, so that settings (and the tests) choose the storage, not the migration.
    return storages["jobs"]


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    # The key of the runner in `kinds.job_kinds`, registered by the app doing the work.
    kind = models.CharField(_("kind"), max_length=40)
    label = models.CharField(_("what"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.FileField(
        _("result"), upload_to="jobs/%Y/%m/", storage=result_storage, blank=True
    )
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    # Where the person goes once the job has finished without a file (e.g. the imported list).
    next_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    # Set by every progress step: a job silent for long died with its process.
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The queue's task running this job (django-tasks' result id), so that a job recovered
    # from a dead worker also closes the task the worker left "running".
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        """Unfinished and silent for `stale_after()`: its process was stopped (e.g. a restart)."""
        return not self.is_finished and timezone.now() - self.updated_at > stale_after()

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
