"""Who may see a background job: only the person who started it (everyone else gets 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.jobs.models import Job
from thidua.jobs.services import KEEP_FOR


def my_jobs(user: Any) -> QuerySet[Job]:
    """The person's jobs of the last day (older ones and their results are gone)."""
    return Job.objects.filter(
        owner_id=getattr(user, "pk", None), created_at__gte=timezone.now() - KEEP_FOR
    )


def get_job(user: Any, pk: int) -> Job:
    job = my_jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
