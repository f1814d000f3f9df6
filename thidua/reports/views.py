"""The cycle's archive page: it starts the background job that builds the ZIP."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thidua.core.http import HtmxHttpRequest
from thidua.reports import access
from thidua.reports import jobs as archive_jobs


@login_required
@require_http_methods(["GET", "POST"])
def cycle_archive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The cycle's complete archive (ZIP with a manifest), built as a background job with its
    progress shown. For the Board and the head unit: it may hold results that members see only
    once published."""
    cycle = access.get_archivable_cycle(request.user, pk)
    if request.method == "POST":
        job = archive_jobs.start_archive(actor=request.user, cycle=cycle)
        return redirect("jobs:job_detail", pk=job.pk)
    return render(request, "reports/cycle_archive.html", {"cycle": cycle})
