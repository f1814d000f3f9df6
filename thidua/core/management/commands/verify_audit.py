from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from thidua.core import checkpoints
from thidua.core.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute every hash chain of the audit log (main and each block's) and hold them to "
        "the signed checkpoints outside the database; exit non-zero naming the first broken "
        "event and every missing one."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = verify_chain()
        with translation.override("en"):
            verdict = checkpoints.verify()
            problems = [f.message() for f in verdict.problems]
            notes = [f.message() for f in verdict.notes]
        if problem is not None:
            problems.insert(
                0,
                f"Audit chain broken at event {problem.where()}: {problem.reason} "
                f"({checked} events before it are intact).",
            )
        for note in notes:
            self.stdout.write(self.style.WARNING(note))
        if problems:
            raise CommandError("Audit log BROKEN.\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
        if not verdict.exists or verdict.latest is None:
            self.stdout.write(
                self.style.WARNING(
                    f"No checkpoint yet in {checkpoints.checkpoint_file()}: run "
                    "`manage.py audit_checkpoint` from cron so that a log cut short is detected."
                )
            )
            return
        latest = verdict.latest
        heads = ", ".join(f"{h.chain} #{h.seq} {h.hash[:16]}" for h in latest.heads)
        self.stdout.write(
            self.style.SUCCESS(
                f"It matches the {verdict.checked} checkpoint(s) of "
                f"{checkpoints.checkpoint_file()}; the latest, of "
                f"{checkpoints.when(latest.at)}: {heads}."
            )
        )
