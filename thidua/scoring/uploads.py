"""Evidence files: the type is decided by the content, and must match the extension."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}
#: The main part each Office format declares in [Content_Types].xml.
OFFICE_MAIN = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
}


def _sniff(upload: Any) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        finally:
            upload.seek(0)
        for content_type, marker in OFFICE_MAIN.items():
            if marker in types:
                return content_type
    return None


def check_upload(upload: Any) -> str:
    """The file's content type, or DomainError when too large or not what its name says."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("%(name)s is larger than 10 MB.") % {"name": name}, field="evidence")
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise DomainError(
            _("%(name)s: only PDF, PNG, JPEG, DOCX and XLSX files are accepted.") % {"name": name},
            field="evidence",
        )
    if _sniff(upload) != expected:
        raise DomainError(
            _("%(name)s is not a real %(ext)s file: its content does not match its name.")
            % {"name": name, "ext": PurePath(name).suffix.lower().lstrip(".").upper()},
            field="evidence",
        )
    return expected
