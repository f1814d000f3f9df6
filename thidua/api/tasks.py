"""The webhooks' tasks on the queue (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from thidua.api import webhooks


@task()
def dispatch_webhooks() -> None:
    webhooks.dispatch()


@task()
def deliver_webhook(delivery_id: int) -> None:
    webhooks.deliver(delivery_id)
