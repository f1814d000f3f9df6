"""A job's progress page (and its htmx fragment), the person's recent jobs, and the result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core.downloads import download_file
from thidua.core.http import HtmxHttpRequest
from thidua.jobs import access, services
from thidua.jobs.models import JobStatus


@require_GET
@login_required
def job_list(request: HtmxHttpRequest) -> HttpResponse:
    services.recover_stopped()
    jobs = access.my_jobs(request.user)[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@require_GET
@never_cache
@login_required
def job_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The page polls its own status fragment every second while the job runs."""
    services.recover_stopped()
    job = access.get_job(request.user, pk)
    template = "jobs/job_detail.html#status" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@require_GET
@login_required
def job_result(request: HtmxHttpRequest, pk: int) -> FileResponse:
    job = access.get_job(request.user, pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return download_file(
        job.result.open("rb"), job.result_name, content_type=job.result_type or None
    )
