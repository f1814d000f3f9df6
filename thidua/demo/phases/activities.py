"""The demo's joint activities of 2024, recorded through the services like a person would.

The seminar's theme "Vì người nghèo – Không để ai bỏ lại phía sau" is the 2024 theme named in the
issue; dates, places, hosts, participants, reports and the photos (drawn with Pillow) are
invented: the drawn photos say so in the picture; the reports and captions, which the cycle's
documents quote, carry no demo marker.
Each activity is recorded the day after it took place. 2025: nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from thidua.activities import services
from thidua.activities.models import ActivityKind
from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.reports import pdf

YEAR = 2024
FONT = pdf.FONTS / "LiberationSerif-Bold.ttf"

ACTIVITIES: list[dict[str, Any]] = [
    {
        "kind": ActivityKind.SEMINAR,
        "title": "Vì người nghèo – Không để ai bỏ lại phía sau",
        "host": "chuthapdo",
        "date": dt.date(2024, 5, 16),
        "place": "Hội trường Hội Chữ thập đỏ tỉnh, Phan Thiết",
        "absent": ("vhnt",),
        "report": (
            "Tọa đàm về công tác an sinh xã hội của các hội thành viên: các hội chia sẻ cách vận "
            "động nguồn lực hỗ trợ hộ nghèo, hộ cận nghèo và người yếu thế; thống nhất mỗi hội "
            "nhận giúp đỡ ít nhất một hộ nghèo trong năm."
        ),
        "photos": [
            ("Đại biểu các hội thành viên dự tọa đàm", (196, 30, 58)),
            ("Trao quà cho hộ nghèo tại buổi tọa đàm", (13, 110, 253)),
        ],
    },
    {
        "kind": ActivityKind.EXCHANGE,
        "title": "Trao đổi kinh nghiệm xây dựng mô hình “Chi hội khuyến học tiêu biểu”",
        "host": "khuyenhoc",
        "date": dt.date(2024, 4, 19),
        "place": "Trụ sở Hội Khuyến học tỉnh",
        "absent": ("dongy", "tnxp"),
        "report": (
            "Hội Khuyến học giới thiệu mô hình chi hội khuyến học tiêu biểu; các hội trao đổi về "
            "cách nhân rộng trong hội viên."
        ),
        "photos": [("Hội Khuyến học giới thiệu mô hình chi hội tiêu biểu", (25, 135, 84))],
    },
    {
        "kind": ActivityKind.MID_YEAR,
        "title": "Sơ kết 6 tháng đầu năm phong trào thi đua năm 2024",
        "host": data.HEAD_2024,
        "date": dt.date(2024, 7, 12),
        "place": "Hội trường Ban Đại diện Hội Người cao tuổi tỉnh",
        "absent": (),
        "report": (
            "Các hội báo cáo kết quả 6 tháng đầu năm so với giao ước thi đua; khối thống nhất "
            "nhiệm vụ trọng tâm 6 tháng cuối năm."
        ),
        "photos": [("Trưởng khối phát biểu tại hội nghị sơ kết", (111, 66, 193))],
    },
]


def _photo(caption: str, color: tuple[int, int, int]) -> SimpleUploadedFile:
    """A plain illustration standing for a photo: a coloured scene with the caption."""
    image = Image.new("RGB", (960, 640), color)
    draw = ImageDraw.Draw(image)
    for i in range(8):
        shade = tuple(min(255, c + 18 * i) for c in color)
        draw.ellipse((80 + i * 100, 300 - i * 8, 200 + i * 100, 420 - i * 8), fill=shade)
    draw.rectangle((0, 520, 960, 640), fill=(255, 255, 255))
    font = ImageFont.truetype(str(FONT), 30)
    draw.text((24, 540), caption, font=font, fill=(33, 37, 41))
    draw.text((24, 586), f"Ảnh minh hoạ — {data.DEMO_MARK}", font=font, fill=(108, 117, 125))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def activities(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    head_rep = context.users[data.representative_username(data.HEAD_2024)]
    for spec in sorted(ACTIVITIES, key=lambda a: a["date"]):
        day = spec["date"] + dt.timedelta(days=1)
        context.clock.at(local(day.year, day.month, day.day, 10, 0))
        participants = [u for code, u in context.units.items() if code not in spec["absent"]]
        activity = services.create_activity(
            actor=head_rep,
            cycle=cycle,
            values={
                "kind": spec["kind"],
                "title": spec["title"],
                "host_unit": context.units[spec["host"]],
                "date": spec["date"],
                "place": spec["place"],
                "report": spec["report"],
            },
            participants=participants,
        )
        for caption, color in spec["photos"]:
            context.clock.later(minutes=5)
            services.add_photo(
                actor=head_rep,
                activity=activity,
                upload=_photo(caption, color),
                caption=caption,
            )


PHASE_HOOKS = {Phase.IN_PROGRESS.value: activities}
