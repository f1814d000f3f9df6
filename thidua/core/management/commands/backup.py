from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from thidua.core.backup import create_backup


class Command(BaseCommand):
    help = "Write a consistent backup (database, uploaded files, audit chain head) as .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            default=str(settings.VAR_DIR / "backups"),
            help="folder for the archive (default: var/backups)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = create_backup(Path(options["dir"]))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
