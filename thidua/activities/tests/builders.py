"""Small builders for the activities tests."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.activities import services
from thidua.activities.models import Activity, ActivityKind, Photo
from thidua.activities.selectors import members
from thidua.testing import Cast


def make_activity(cast: Cast, *, participants: list[Any] | None = None, **values: Any) -> Activity:
    cycle = cast.cycle
    fields = {
        "kind": ActivityKind.SEMINAR,
        "title": "Vì người nghèo – Không để ai bỏ lại phía sau",
        "host_unit": cast.head_org,
        "date": dt.date(cycle.year, 6, 15),
        "place": "Hội trường Hội Người cao tuổi tỉnh",
        "report": "Tọa đàm về an sinh xã hội.",
        **values,
    }
    units = members(cycle) if participants is None else participants
    return services.create_activity(
        actor=cast.head_rep, cycle=cycle, values=fields, participants=units
    )


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), *, exif_gps: bool = False, color: str = "red"
) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        exif[0x8825] = {1: "N", 2: (10.0, 56.0, 0.0)}  # GPS info
        image.save(out, format="JPEG", exif=exif.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def make_photo(cast: Cast, activity: Activity | None = None) -> Photo:
    activity = activity or make_activity(cast)
    return services.add_photo(
        actor=cast.head_rep,
        activity=activity,
        upload=upload(jpeg_bytes()),
        caption="Đại biểu các hội dự tọa đàm",
    )
