from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core import checkpoints
from thidua.core.audit import chain_heads, verify_chain
from thidua.core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` (stop the server first), verify the audit log, and "
        "record the restore in the checkpoint file (events after the backup are then known lost)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: replace the current data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.exists():
            raise CommandError(f"No such file: {archive}")
        if not options["yes"]:
            answer = input("This replaces the current database and uploaded files. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        manifest = restore_backup(archive)
        checked, problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"Restored, but the audit chain is broken at {problem.where()}: {problem.reason}."
            )
        if checked != manifest["audit_seq"]:
            raise CommandError(
                f"Restored {checked} audit events; the backup recorded {manifest['audit_seq']}."
            )
        # Signed, so that the checkpoints taken after the backup do not read as tampering.
        checkpoints.write_checkpoint(
            kind=checkpoints.RESTORE, heads=chain_heads(), archive=archive.name
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive.name}: {checked} audit events verified.")
        )
