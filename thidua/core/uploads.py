"""Checking an uploaded file's content before it is stored or parsed: one place that says, in
the user's language, why a damaged, hostile or oversized file is refused."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.lib import files, images

#: What an Office upload may unpack to: far above any real document, far below a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def refusal_message(reason: files.Reason, *, name: str = "") -> str:
    """Why a file was refused, naming it when its name is known."""
    if reason == "too_large":
        message = _(
            "The file unpacks to far more data than a real document holds (it may be a "
            "“zip bomb”). Save it again from Word, Excel or LibreOffice, or make it smaller."
        )
    else:
        message = _(
            "The file is damaged, incomplete or holds content that is not allowed, so it cannot "
            "be read. Save it again from the program that made it and upload it again."
        )
    return f"{name}: {message}" if name else message


def check_content(
    upload: Any, kind: str, *, field: str, name: str = "", max_unpacked: int = MAX_UNPACKED_BYTES
) -> None:
    """Raise DomainError on ``field`` when a file already known (by its magic bytes) to be of
    ``kind`` is not whole and harmless: a truncated PDF, an image that does not decode, an
    Office package that is damaged, a zip bomb or carries a DTD."""
    try:
        if kind == files.PDF:
            files.check_pdf(upload)
        elif kind in (files.PNG, files.JPEG):
            images.verify(upload)
        elif kind in (files.DOCX, files.XLSX):
            files.check_package(upload, max_unpacked=max_unpacked)
    except files.FileRejected as exc:
        raise DomainError(refusal_message(exc.reason, name=name), field=field) from exc
