"""Content types: what an uploaded file really is, decided by its content (magic bytes), and
what a file the product writes is served as, decided by the name it gets."""

from __future__ import annotations

import zipfile
from typing import Any

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
CSV = "text/csv"
JSON = "application/json"
TXT = "text/plain"
OCTET_STREAM = "application/octet-stream"

#: The content type of each file extension the product serves.
BY_EXTENSION = {
    "docx": DOCX,
    "xlsx": XLSX,
    "pdf": PDF,
    "zip": ZIP,
    "csv": CSV,
    "json": JSON,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "txt": TXT,
}

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


def content_type_for(filename: str) -> str:
    """The content type a file is served as, from the extension of its name."""
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    return BY_EXTENSION.get(extension, OCTET_STREAM)
