from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.notifications.reminders import run_all


class Command(BaseCommand):
    help = "Send the reminders that are due (deadlines soon, units that have not acted)."

    def handle(self, *args: Any, **options: Any) -> None:
        results = run_all(timezone.now())
        total = sum(results.values())
        for path, count in results.items():
            self.stdout.write(f"{path}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{total} reminder(s) sent."))
