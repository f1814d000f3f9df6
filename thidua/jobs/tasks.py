"""The one task of the queue (django-tasks): run a background job by its id.

The worker process (`manage.py db_worker`) picks the task from the database and runs it; the
job's kind says which app's runner does the work (`kinds.job_kinds`).
"""

from __future__ import annotations

from django_tasks import task

from thidua.jobs import services


@task()
def run_job(job_id: int) -> None:
    services.run(job_id)
