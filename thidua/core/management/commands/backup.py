from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core import checkpoints
from thidua.core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database, uploaded files, audit chain head) as .tar.gz, "
        "after a signed checkpoint of the audit log (see audit_checkpoint)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            default=str(settings.VAR_DIR / "backups"),
            help="folder for the archive (default: var/backups)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = create_backup(Path(options["dir"]))
        except OSError as exc:
            raise CommandError(f"No backup written: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
        latest = checkpoints.latest_checkpoint()
        if latest is not None:
            try:
                checkpoints.mail_checkpoint(latest)
            except OSError as exc:
                raise CommandError(
                    f"Backup written, but the checkpoint was not e-mailed: {exc}"
                ) from exc
