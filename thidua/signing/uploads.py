"""The scanned page of a paper signing: checked by its content (magic bytes) and size."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.core.uploads import check_content
from thidua.lib.files import JPEG, PDF, PNG, sniff

MAX_SCAN_BYTES = 10 * 1024 * 1024
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}


def scan_extension(upload: UploadedFile) -> str:
    """The file's real kind as an extension; DomainError for anything else or too large."""
    if upload.size is None or upload.size > MAX_SCAN_BYTES:
        raise DomainError(_("The scanned page must be at most 10 MB."), field="scan")
    kind = sniff(upload) or ""
    ext = EXTENSIONS.get(kind)
    if ext is not None:
        check_content(upload, kind, field="scan")
        return ext
    raise DomainError(_("The scanned page must be a PDF, JPEG or PNG file."), field="scan")
