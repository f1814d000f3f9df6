from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from thidua.core import checkpoints


class Command(BaseCommand):
    help = (
        "Append the head of every audit chain, signed, to the checkpoint file outside the "
        "database (and e-mail it when AUDIT_CHECKPOINT_EMAILS is set). Meant for cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-email", action="store_true", help="do not e-mail the checkpoint this time"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = checkpoints.write_checkpoint()
        except OSError as exc:
            raise CommandError(
                f"Cannot write the checkpoint file {checkpoints.checkpoint_file()}: {exc}"
            ) from exc
        heads = ", ".join(f"{h.chain} #{h.seq} {h.hash[:16]}" for h in checkpoint.heads)
        self.stdout.write(
            f"Checkpoint written to {checkpoints.checkpoint_file()} (line {checkpoint.line}): "
            f"{heads}."
        )
        failures = []
        if not options["no_email"]:
            try:
                sent = checkpoints.mail_checkpoint(checkpoint)
            except OSError as exc:
                failures.append(f"The checkpoint was written but could not be e-mailed: {exc}")
            else:
                if sent:
                    self.stdout.write("Checkpoint e-mailed.")
        # A cheap look at whether the log still extends the earlier checkpoints; verify_audit
        # recomputes everything.
        with translation.override("en"):
            verdict = checkpoints.verify(recent=10)
            failures += [f.message() for f in verdict.problems]
        if failures:
            raise CommandError("\n".join(failures))
