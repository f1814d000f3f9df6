"""Write a cycle's archive: a ZIP with the files each domain app contributes.

Every installed app with a module ``<app>.export`` holding ``files(cycle) -> {path: bytes}``
takes part (scoring adds ``ranking.xlsx``: one row per unit with its name, self score, final
score, rank and one column per scorer unit).
"""

from __future__ import annotations

import importlib
import importlib.util
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from thidua.cycles.models import Cycle


class Command(BaseCommand):
    help = "Export a cycle's documents as a ZIP archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("cycle", type=int, help="cycle id")
        parser.add_argument("--out", default="", help="ZIP file to write (default: cycle-<id>.zip)")

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = (
            Cycle.objects.select_related("block__province", "policy")
            .filter(pk=options["cycle"])
            .first()
        )
        if cycle is None:
            raise CommandError(f"No cycle with id {options['cycle']}.")
        out = Path(options["out"] or f"cycle-{cycle.pk}.zip")
        written = 0
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for config in apps.get_app_configs():
                name = f"{config.name}.export"
                if importlib.util.find_spec(name) is None:
                    continue
                for path, content in importlib.import_module(name).files(cycle).items():
                    archive.writestr(path, content)
                    written += 1
        self.stdout.write(f"{out}: {written} files")
