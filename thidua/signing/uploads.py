"""Uploads of the signing work, checked by their content (magic bytes) and size: the scanned page
of a paper signing, a signed PDF (a leader's, or any at the public verification page)."""

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


MAX_SIGNED_PDF_BYTES = 20 * 1024 * 1024


def read_pdf(upload: UploadedFile, *, field: str) -> bytes:
    """A PDF upload's bytes, after its size, kind and wholeness are checked (DomainError)."""
    if upload.size is None or upload.size > MAX_SIGNED_PDF_BYTES:
        raise DomainError(_("The PDF must be at most 20 MB."), field=field)
    if sniff(upload) != PDF:
        raise DomainError(_("This file is not a PDF."), field=field)
    check_content(upload, PDF, field=field)
    upload.seek(0)
    return upload.read()


def unreadable(error: Exception, *, field: str) -> DomainError:
    """Why a PDF's signatures cannot be read (pdfcheck.Unreadable)."""
    if getattr(error, "reason", "") == "encrypted":
        return DomainError(
            _("The PDF is encrypted (password-protected); save it without a password."),
            field=field,
        )
    return DomainError(_("The PDF is damaged and its signatures cannot be read."), field=field)
