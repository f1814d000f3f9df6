"""python manage.py export_cycle --block "<block name or id>" --year 2024 --out FILE.zip"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.cycles.models import Cycle
from thidua.reports import archive


class Command(BaseCommand):
    help = "Write every document generated so far for a cycle into one ZIP with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle", nargs="?", type=int, help="cycle id (or use --block/--year)")
        parser.add_argument("--block", default="", help="block name or id")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument(
            "--out", default="", help="ZIP file (default: thidua-<block>-<year>.zip)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = self._cycle(options)
        out = Path(options["out"] or archive.filename(cycle))
        data = archive.build(cycle)
        out.write_bytes(data)
        self.stdout.write(f"{out}: {len(data)} bytes, {cycle.block.name} {cycle.year}")

    @staticmethod
    def _cycle(options: dict[str, Any]) -> Cycle:
        cycles = Cycle.objects.select_related("block__province", "policy")
        if options["cycle"] is not None:
            found = cycles.filter(pk=options["cycle"]).first()
        elif options["block"] and options["year"]:
            block = options["block"].strip()
            by = {"block_id": int(block)} if block.isdigit() else {"block__name__iexact": block}
            found = cycles.filter(year=options["year"], **by).first()
        else:
            raise CommandError("Give a cycle id, or --block and --year.")
        if found is None:
            raise CommandError("No such cycle.")
        return found
