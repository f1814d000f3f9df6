"""Small builders for the meetings tests and the access matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.meetings import selectors, services
from thidua.meetings.models import Meeting, MeetingKind
from thidua.testing import Cast


def meeting_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": MeetingKind.LAUNCH,
        "date": dt.date(2025, 3, 25),
        "start_time": dt.time(8, 0),
        "end_time": dt.time(11, 30),
        "place": "Hội trường Hội Người cao tuổi tỉnh",
        "chair_name": "Đào Xuân Nay",
        "chair_position": "Trưởng Ban Đại diện",
        "chair_unit": "Ban Đại diện Hội Người cao tuổi tỉnh",
        "secretary_name": "Trần Thị Ngọc Ánh",
        "secretary_position": "Chánh Văn phòng",
        "secretary_unit": "Ban Đại diện Hội Người cao tuổi tỉnh",
        "agenda": ["Thông qua dự thảo quy chế", "Ký kết giao ước thi đua"],
        "guests": "Đại diện Ban Thi đua – Khen thưởng tỉnh",
        "discussion": "Trưởng khối báo cáo tổng hợp góp ý.",
        "conclusions": "Các đơn vị thống nhất ký kết.",
    }
    values.update(changes)
    return values


def make_meeting(cast: Cast) -> Meeting:
    meeting = Meeting.objects.filter(cycle=cast.cycle).first()
    if meeting is None:
        meeting = services.create_meeting(
            actor=cast.head_rep, cycle=cast.cycle, values=meeting_values()
        )
    return meeting


def make_held_meeting(cast: Cast, attendee: str = "Nguyễn Văn A") -> Meeting:
    """The meeting held: every member present but Hội Người mù (cast.member_org), one speaker."""
    meeting = make_meeting(cast)
    services.record_attendance(
        actor=cast.head_rep,
        meeting=meeting,
        rows=[
            (r.organisation.pk, r.organisation != cast.member_org, attendee)
            for r in selectors.attendance(meeting)
        ],
    )
    services.add_speaker(
        actor=cast.head_rep,
        meeting=meeting,
        name="Lê Hồng Văn",
        position="Chủ tịch",
        unit="Hội Nhà báo tỉnh",
        summary="Đề nghị bổ sung tiêu chí tuyên truyền.",
    )
    return meeting
