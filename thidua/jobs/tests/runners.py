"""Runners used by the tests: one that counts, one that breaks, one that refuses, one whose
worker is stopped under it."""

from __future__ import annotations

from thidua.core.errors import DomainError
from thidua.jobs.kinds import job_kinds
from thidua.jobs.models import Job
from thidua.jobs.services import JobOutput, Progress

SEEN: list[tuple[int, int]] = []


def count_to(*, job: Job, progress: Progress) -> JobOutput:
    total = int(job.params.get("total", 3))
    for done in range(total):
        progress.step(done, total, f"step {done + 1}")
        SEEN.append(tuple(Job.objects.values_list("done", "total").get(pk=job.pk)))  # type: ignore[arg-type]
    return JobOutput(content=b"hello", filename="hello.txt", content_type="text/plain")


def breaks(*, job: Job, progress: Progress) -> JobOutput:
    progress.step(1, 4, "half way")
    raise RuntimeError("disk full")


def refuses(*, job: Job, progress: Progress) -> JobOutput:
    raise DomainError("The cycle has no documents yet.")


def interrupted(*, job: Job, progress: Progress) -> JobOutput:
    progress.step(1, 4, "half way")
    raise KeyboardInterrupt  # Ctrl-C, twice, on `manage.py db_worker`


def kind(runner: str) -> str:
    return f"test.{runner}"


for _runner in (count_to, breaks, refuses, interrupted):
    job_kinds.add(_runner, key=kind(_runner.__name__))
