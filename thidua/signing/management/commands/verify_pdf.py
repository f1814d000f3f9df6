"""`manage.py verify_pdf FILE`: the public verification page's check of a PDF, on the command
line (exit status 0 only when the file is one the product issued, unchanged and trusted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.signing import pdfcheck


class Command(BaseCommand):
    help = "Check a PDF: issued by the product? its digital signatures intact and trusted?"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            checked = pdfcheck.verify_file(path.read_bytes())
        except pdfcheck.Unreadable as error:
            raise CommandError(f"Unreadable PDF ({error.reason}).") from None
        out = self.stdout
        out.write(f"file: {path}")
        out.write(f"sha256: {checked.report.sha256}")
        out.write(f"verdict: {checked.verdict}")
        if checked.issued is not None:
            issued = checked.issued
            out.write(f"issued: {issued.title} ({issued.issued_at.isoformat()})")
        for n, s in enumerate(checked.report.signatures, start=1):
            when = s.signed_at.isoformat() if s.signed_at else "not given"
            out.write(
                f"signature {n}: {s.verdict}; signer: {s.subject}; issuer: {s.issuer}; "
                f"time: {when}; covers whole file: {'yes' if s.covers_whole_file else 'no'}; "
                f"revocation: not checked"
            )
        if checked.verdict != "issued":
            raise CommandError(
                f"Not an unchanged, trusted file issued by the product: {checked.verdict}"
            )
