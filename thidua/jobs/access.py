"""Who may see a background job: only the person who started it (everyone else gets 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from thidua.jobs.models import Job


def get_job(user: Any, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise Http404
    return job


def my_jobs(user: Any) -> Any:
    return Job.objects.filter(owner_id=user.pk)
