"""`manage.py verify_pdf FILE`: the public verification page's check of a PDF, on the command
line (exit status 0 only when the file is one the product issued, unchanged and trusted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.signing import pdfcheck, validation_report


class Command(BaseCommand):
    help = "Check a PDF: issued by the product? its digital signatures intact and trusted?"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        try:
            checked = validation_report.build(data)
        except pdfcheck.Unreadable as error:
            raise CommandError(f"Unreadable PDF ({error.reason}).") from None
        self.stdout.write(f"file: {path}")
        self.stdout.write(validation_report.as_text(checked), ending="")
        if checked.verdict != "issued":
            raise CommandError(
                f"Not an unchanged, trusted file issued by the product: {checked.verdict}"
            )
