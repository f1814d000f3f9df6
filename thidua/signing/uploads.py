"""The scanned page of a paper signing: checked by its content (magic bytes) and size."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError

MAX_SCAN_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": ".pdf",
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
}


def scan_extension(upload: UploadedFile) -> str:
    """The file's real kind as an extension; DomainError for anything else or too large."""
    if upload.size is None or upload.size > MAX_SCAN_BYTES:
        raise DomainError(_("The scanned page must be at most 10 MB."), field="scan")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, ext in SIGNATURES.items():
        if head.startswith(magic):
            return ext
    raise DomainError(_("The scanned page must be a PDF, JPEG or PNG file."), field="scan")
