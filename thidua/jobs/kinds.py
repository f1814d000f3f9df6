"""The kinds of background work. The apps that do the work register their runner under the
job's kind in their `contributions.py` (see thidua/core/contributions.py):

    job_kinds.add(build_archive, key="cycle_archive")

A runner is called as `runner(job=job, progress=progress)` in the worker process and returns a
`services.JobOutput` (or None). The jobs app never imports the apps that contribute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from thidua.core.contributions import Hub

if TYPE_CHECKING:
    from thidua.jobs.models import Job
    from thidua.jobs.services import JobOutput, Progress


class Runner(Protocol):
    def __call__(self, *, job: Job, progress: Progress) -> JobOutput | None: ...


job_kinds: Hub[Runner] = Hub("job kinds")
