"""Every file a view hands out goes through here: one Content-Disposition (RFC 6266, so that
Vietnamese names arrive intact), one nosniff, the content type from the file's name."""

from __future__ import annotations

from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from thidua.lib.files import content_type_for


def _disposition(filename: str | None, *, inline: bool) -> str:
    # Without a name, a stored file's own (storage) name is not disclosed.
    return content_disposition_header(not inline, filename or "") or "inline"


def download(
    content: bytes, filename: str, *, content_type: str | None = None, inline: bool = False
) -> HttpResponse:
    """Bytes built for this request (a DOCX, a workbook, a zip) as a file named `filename`."""
    response = HttpResponse(content, content_type=content_type or content_type_for(filename))
    response["Content-Disposition"] = _disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_file(
    handle: IO[bytes],
    filename: str | None,
    *,
    content_type: str | None = None,
    inline: bool = False,
) -> FileResponse:
    """A stored file, streamed; `filename=None` serves it without a name."""
    response = FileResponse(
        handle,
        content_type=content_type
        or content_type_for(filename or getattr(handle, "name", None) or ""),
    )
    response["Content-Disposition"] = _disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
