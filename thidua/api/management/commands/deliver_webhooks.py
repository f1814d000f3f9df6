"""Send the webhooks' events: follow the audit log and deliver what is due (meant for cron, every
minute; the task queue does the same as events happen)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.api import webhooks


class Command(BaseCommand):
    help = "Create the webhook deliveries for new events and send those that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        created = webhooks.dispatch()
        sent = webhooks.deliver_due()
        self.stdout.write(f"{len(created)} new deliveries, {sent} attempted.")
