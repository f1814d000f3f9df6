"""The real queue in the tests: the database backend and django-tasks-db's own worker."""

from __future__ import annotations

import threading

from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(max_tasks: int | None = None) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def work_off() -> int:
    """Run every waiting task as `manage.py db_worker` does, without its loop (which closes the
    connection, and with it a test's transaction)."""
    worker, count = _worker(), 0
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1
    return count


def start_worker_thread(max_tasks: int = 1) -> threading.Thread:
    """A worker loop in a thread, for tests whose transactions really commit (browser tests)."""

    def work() -> None:
        try:
            _worker(max_tasks).run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="test-db-worker", daemon=True)
    thread.start()
    return thread
