from __future__ import annotations

from typing import Any

from thidua.jobs import services
from thidua.jobs.models import Job
from thidua.jobs.tests import runners


def make_job(owner: Any, runner: str = "count_to", **params: Any) -> Job:
    job = services.start_job(
        actor=owner, kind=runners.kind(runner), label="Test work", params=params
    )
    job.refresh_from_db()
    return job
