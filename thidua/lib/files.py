"""Content types: what an uploaded file really is, decided by its content (magic bytes), and
what a file the product writes is served as, decided by the name it gets. Also the checks that
an uploaded package (DOCX, XLSX: a zip of XML parts) or PDF is whole and harmless before anything
parses it."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Literal

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


#: The largest [Content_Types].xml read to tell DOCX from XLSX (a real one is a few KB).
_TYPES_READ_LIMIT = 256 * 1024
#: A package with more parts than this is not an office document someone saved.
MAX_PACKAGE_MEMBERS = 2000
#: A part unpacking to more than this many times its packed size is a zip bomb, not XML…
MAX_PACKAGE_RATIO = 150
#: …once it is large enough to matter (tiny parts of repeated bytes compress very well).
_RATIO_FROM_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
#: A DTD has no place in an Office Open XML part; refusing it refuses entity expansion
#: (billion laughs) and external entities before any XML parser sees them.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))

Reason = Literal["broken", "too_large"]


class FileRejected(ValueError):
    """An upload that must not be parsed: ``reason`` is "broken" (damaged, truncated or
    hostile content) or "too_large" (too big, or unpacks to too much)."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason


def check_package(fileobj: Any, *, max_unpacked: int) -> None:
    """Refuse (FileRejected) a zip package that is damaged, truncated, a zip bomb or carries a
    DTD, reading it in bounded chunks: the declared sizes, ratios and member count are checked
    first, then every part is unpacked (never more than its declared size, which zipfile
    enforces) and its checksum verified. The file position is left at the start."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            _check_declared(members, max_unpacked=max_unpacked)
            for member in members:
                _check_member(archive, member)
    except FileRejected:
        raise
    except Exception as exc:  # zipfile, zlib and struct raise many kinds on a damaged archive
        raise FileRejected("broken", type(exc).__name__) from exc
    finally:
        fileobj.seek(0)


def _check_declared(members: list[zipfile.ZipInfo], *, max_unpacked: int) -> None:
    if len(members) > MAX_PACKAGE_MEMBERS:
        raise FileRejected("too_large", "members")
    if sum(m.file_size for m in members) > max_unpacked:
        raise FileRejected("too_large", "unpacked size")
    for member in members:
        if member.flag_bits & 0x1:
            raise FileRejected("broken", "encrypted part")
        if member.file_size > _RATIO_FROM_BYTES and member.file_size > MAX_PACKAGE_RATIO * max(
            member.compress_size, 1
        ):
            raise FileRejected("too_large", "ratio")


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    is_xml = member.filename.lower().endswith((".xml", ".rels"))
    tail = b""
    with archive.open(member) as part:  # reading to the end verifies the CRC
        while chunk := part.read(_CHUNK):
            if is_xml:
                window = tail + chunk
                if any(marker in window for marker in _DTD_MARKERS):
                    raise FileRejected("broken", "DTD in " + member.filename)
                tail = window[-32:]


def check_pdf(fileobj: Any) -> None:
    """Refuse (FileRejected "broken") a file that is not a whole PDF: its header, and the end
    marker a truncated upload lacks. The file position is left at the start."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(max(0, size - 2048))
    tail = fileobj.read(2048)
    fileobj.seek(0)
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise FileRejected("broken", "not a whole PDF")


def _read_types(archive: zipfile.ZipFile) -> bytes:
    with archive.open("[Content_Types].xml") as part:
        return part.read(_TYPES_READ_LIMIT)


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
                types = _read_types(archive)
        except Exception:  # a damaged zip is simply not a known type
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
