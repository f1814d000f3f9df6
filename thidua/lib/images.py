"""Photos uploaded for news posts and joint activities: checked by content and size, turned
upright, resized for the web and re-encoded — which drops every metadata block (EXIF with GPS
position, camera serials, comments) because nothing but the pixels is written back."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps

from thidua.lib import files

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs well before Pillow's own limit
WEB_MAX_SIDE = 1600
ACCEPTED = {files.JPEG, files.PNG}


def verify(fileobj: Any) -> None:
    """Refuse (files.FileRejected) a JPEG or PNG that does not decode whole within the pixel
    limit: truncated, bit-flipped or a decompression bomb. The file position is left at the
    start."""
    _decode(fileobj).close()


def _decode(fileobj: Any) -> Image.Image:
    """The whole image, upright; FileRejected for anything Pillow cannot decode within limits
    (its decoders raise many kinds on hostile data: OSError, SyntaxError, ValueError…)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=("JPEG", "PNG")) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise files.FileRejected("too_large", "pixels")
                probe.load()
                return ImageOps.exif_transpose(probe)
    except files.FileRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise files.FileRejected("too_large", "pixels") from exc
    except Exception as exc:
        raise files.FileRejected("broken", type(exc).__name__) from exc
    finally:
        fileobj.seek(0)


class ImageRejected(ValueError):
    """The upload is not a photo we accept; the message is for the person who sent it."""


@dataclass(frozen=True)
class WebImage:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def prepare(
    fileobj: Any,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_side: int = WEB_MAX_SIDE,
    messages: dict[str, str],
) -> WebImage:
    """The upload as a web-ready image, or ImageRejected with one of ``messages``:
    "type" (not a JPEG or PNG by content), "size" (too large), "broken" (unreadable)."""
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
    if size > max_bytes:
        raise ImageRejected(messages["size"])
    kind = files.sniff(fileobj)
    if kind not in ACCEPTED:
        raise ImageRejected(messages["type"])
    try:
        image = _decode(fileobj)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if kind == files.PNG and image.mode in ("RGBA", "LA", "P"):
            image.save(out, format="PNG", optimize=True)
            content_type, extension = files.PNG, "png"
        else:
            image.convert("RGB").save(
                out, format="JPEG", quality=85, optimize=True, progressive=True
            )
            content_type, extension = files.JPEG, "jpg"
    except files.FileRejected as exc:
        raise ImageRejected(messages["size" if exc.reason == "too_large" else "broken"]) from exc
    except Exception as exc:  # an odd mode or palette that decodes but cannot be re-encoded
        raise ImageRejected(messages["broken"]) from exc
    return WebImage(out.getvalue(), content_type, extension, image.width, image.height)
