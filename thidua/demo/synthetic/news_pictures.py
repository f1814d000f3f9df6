"""The photos of the synthetic news: a handful of scenes drawn with Pillow (the same pixels on
every run), prepared once by `thidua.lib.images` like an upload and written once to the media
folder; every photo row points at one of those files.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from thidua.demo.synthetic import audit
from thidua.lib import images

MARK = audit.SYNTHETIC_MARK
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
)


@dataclass(frozen=True)
class Picture:
    kind: str
    name: str  # in the default storage
    image: images.WebImage


SCENES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], str]] = {
    # kind: (sky or wall, banner or ground, banner text)
    "hall": ((236, 229, 214), (178, 34, 34), "HỘI NGHỊ KHỐI THI ĐUA"),
    "desk": ((225, 232, 240), (30, 80, 140), "HỌP BÀN CÔNG TÁC THI ĐUA"),
    "visit": ((240, 230, 220), (200, 120, 40), "THĂM HỎI, TẶNG QUÀ"),
    "training": ((230, 236, 226), (40, 110, 70), "TẬP HUẤN NGHIỆP VỤ"),
    "outdoor": ((170, 210, 240), (70, 140, 60), "HOẠT ĐỘNG CỦA HỘI VIÊN"),
    "awards": ((236, 229, 214), (160, 20, 40), "TRAO KHEN THƯỞNG"),
}


def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def draw(kind: str) -> images.WebImage:
    """A simple drawing of the scene (the same pixels every run), prepared like an upload."""
    width, height = 960, 640
    wall, accent, banner = SCENES[kind]
    image = Image.new("RGB", (width, height), wall)
    draw = ImageDraw.Draw(image)
    if kind == "outdoor":
        draw.rectangle((0, 380, width, height), fill=accent)
        for x in range(60, width, 140):
            draw.rectangle((x + 20, 250, x + 34, 390), fill=(100, 70, 40))
            draw.ellipse((x - 20, 170, x + 74, 280), fill=(40, 120, 50))
        draw.text((width // 2, 60), banner, font=_font(40), fill=(255, 255, 255), anchor="mm")
    else:
        draw.rectangle((0, 0, width, 220), fill=accent)
        draw.rectangle((0, 220, width, 230), fill=(244, 197, 66))
        draw.text((width // 2, 40), "★", font=_font(48), fill=(244, 197, 66), anchor="mm")
        draw.text((width // 2, 130), banner, font=_font(40), fill=(255, 240, 200), anchor="mm")
        draw.rectangle((120, 290, width - 120, 340), fill=(120, 70, 40))
    for row in range(2):
        y = 420 + row * 95
        for col in range(6):
            x = 80 + col * 140 + (50 if row % 2 else 0)
            draw.ellipse((x, y, x + 40, y + 40), fill=(70, 55, 45))
            draw.rounded_rectangle((x - 16, y + 36, x + 56, y + 86), radius=16, fill=(30, 60, 110))
    draw.text((width - 16, height - 16), MARK, font=_font(22), fill=(60, 60, 60), anchor="rd")
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return images.prepare(out, messages={"type": MARK, "size": MARK, "broken": MARK})


def prepare_all() -> dict[str, Picture]:
    """Each scene drawn and prepared once; its file written once (named by its content, so a
    rerun finds it in place)."""
    pictures = {}
    for kind in SCENES:
        image = draw(kind)
        digest = hashlib.sha256(image.content).hexdigest()[:16]
        name = f"news/synthetic/{kind}-{digest}.{image.extension}"
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(image.content))
            assert saved == name, saved
        pictures[kind] = Picture(kind, name, image)
    return pictures
