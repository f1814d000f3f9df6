"""The cycle archive as a background job: the ZIP takes a while for a full year of documents."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.cycles.models import Cycle
from thidua.jobs import services as jobs
from thidua.jobs.models import Job
from thidua.reports import archive

KIND = "cycle_archive"


def start_archive(*, actor: Any, cycle: Cycle) -> Job:
    """The caller has checked that `actor` may download the archive (cycles.access)."""
    return jobs.start_job(
        actor=actor,
        kind=KIND,
        label=_("Archive of %(block)s — %(year)s")
        % {"block": cycle.block.name, "year": cycle.year},
        params={"cycle": cycle.pk},
    )


def build_archive(*, job: Job, progress: jobs.Progress) -> jobs.JobOutput:
    cycle = Cycle.objects.select_related("block").get(pk=job.params["cycle"])

    def step(done: int, total: int, label: str) -> None:
        progress.step(done, total, _("Collecting: %(part)s") % {"part": label})

    content = archive.build(cycle, progress=step)
    return jobs.JobOutput(
        content=content,
        filename=archive.filename(cycle),
        content_type="application/zip",
        message=_("The archive is ready."),
    )
