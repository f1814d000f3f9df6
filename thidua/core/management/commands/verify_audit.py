from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"Audit chain broken at event #{problem.seq}: {problem.reason} "
                f"({checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
