"""Evidence files: the type is decided by the content, and must match the extension."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.core.uploads import check_content
from thidua.lib.files import DOCX, JPEG, PDF, PNG, XLSX, sniff

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

EXTENSIONS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}


def check_upload(upload: Any, *, field: str = "evidence") -> str:
    """The file's content type, or DomainError when too large or not what its name says (naming
    `field`, the input the file came from, so that the error links to it)."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("%(name)s is larger than 10 MB.") % {"name": name}, field=field)
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise DomainError(
            _("%(name)s: only PDF, PNG, JPEG, DOCX and XLSX files are accepted.") % {"name": name},
            field=field,
        )
    if sniff(upload) != expected:
        raise DomainError(
            _("%(name)s is not a real %(ext)s file: its content does not match its name.")
            % {"name": name, "ext": PurePath(name).suffix.lower().lstrip(".").upper()},
            field=field,
        )
    check_content(upload, expected, field="evidence", name=name)
    return expected
