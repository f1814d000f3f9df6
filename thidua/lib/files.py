"""What a file really is, decided by its content (magic bytes), never by its name."""

from __future__ import annotations

import zipfile
from typing import Any

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The main part each Office format declares in [Content_Types].xml.
OFFICE_MAIN = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
}


def sniff(fileobj: Any) -> str | None:
    """The content type of a seekable binary file (PDF, PNG, JPEG, DOCX, XLSX), or None.
    The file position is left at the start."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        finally:
            fileobj.seek(0)
        for content_type, marker in OFFICE_MAIN.items():
            if marker in types:
                return content_type
    return None
