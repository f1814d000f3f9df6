"""The demo's meetings and registrations, written through the services like a person would.

2024: the launch-and-signing conference of 25/03/2024 (date, chair, the twelve units, the report
on the members' comments about the three drafts and Lê Hồng Văn's contribution are from Báo Bình
Thuận's article; times, place, secretary and what each speaker said are invented for the demo),
recorded by the secretary once the conference is over; then every unit's registration in the first
days of April. 2025: every unit registers from 17/04/2025 (same titles, the year's commitments).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.cycles.models import AwardType, Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.drafting.models import DocumentVersion
from thidua.meetings import selectors, services
from thidua.meetings.models import MeetingKind

YEAR = 2024
FLAG_UNITS = ("nct", "nhabao", "chuthapdo")
SPEAKER_CODE = "nhabao"

AGENDA = [
    "Trưởng khối báo cáo tổng hợp ý kiến góp ý của các hội thành viên về ba dự thảo",
    "Các đại biểu thảo luận, góp ý bổ sung",
    "Thông qua Quy chế hoạt động và bình xét thi đua, khen thưởng và Kế hoạch năm 2024",
    "Phát động phong trào thi đua và ký kết giao ước thi đua năm 2024",
]

# When the first unit registers, and the hours between two units.
REGISTRATION_STARTS = {2024: (local(2024, 4, 1, 8, 0), 17), 2025: (local(2025, 4, 17, 8, 0), 9)}

COMMITMENTS = [
    "Hoàn thành xuất sắc các nhiệm vụ, chỉ tiêu được UBND tỉnh và Hội cấp trên giao năm 2024",
    "Tham gia đầy đủ các hoạt động chung của Khối, trong đó có buổi tọa đàm về an sinh xã hội "
    "“Vì người nghèo – Không để ai bỏ lại phía sau”",
    "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến, mô hình mới trong hội viên",
]


def _latest_versions(cycle: Any) -> list[DocumentVersion]:
    """The newest version of the regulation, the plan and the covenant, if drafting made them."""
    versions = []
    for kind in ("regulation", "plan", "covenant"):
        version = (
            DocumentVersion.objects.filter(document__cycle=cycle, document__kind=kind)
            .order_by("-frozen_at", "-number")
            .first()
        )
        if version is not None:
            versions.append(version)
    return versions


def launch_conference(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    units, users = context.units, context.users
    head = data.HEAD_2024
    chair = users[data.leader_username(head)]
    secretary = users[data.representative_username(head)]
    speaker = users[data.leader_username(SPEAKER_CODE)]
    actor = secretary  # the head unit's representative keeps the record
    context.clock.at(local(2024, 3, 25, 10, 45))
    meeting = services.create_meeting(
        actor=actor,
        cycle=cycle,
        values={
            "kind": MeetingKind.LAUNCH,
            "date": dt.date(2024, 3, 25),
            "start_time": dt.time(8, 0),
            "end_time": dt.time(10, 30),
            "place": "Hội trường Ban Đại diện Hội Người cao tuổi tỉnh",
            "chair_name": chair.full_name,
            "chair_position": "Trưởng Ban Đại diện, Trưởng Khối thi đua 8",
            "chair_unit": units[head].name,
            "secretary_name": secretary.full_name,
            "secretary_position": secretary.position,
            "secretary_unit": units[head].name,
            "agenda": AGENDA,
            "guests": "Đại diện Ban Thi đua – Khen thưởng tỉnh",
            "discussion": (
                "Trưởng khối trình bày các ý kiến góp ý của hội thành viên đối với dự thảo Quy "
                "chế hoạt động và bình xét thi đua, khen thưởng, dự thảo Kế hoạch triển khai "
                "phong trào thi đua yêu nước năm 2024 và dự thảo bản giao ước thi đua.\n"
                "Các đại biểu trao đổi về tiêu chí chấm điểm và các hoạt động chung của Khối."
            ),
            "conclusions": (
                "Hội nghị thống nhất thông qua ba văn bản và 12 hội thành viên cùng ký kết "
                "giao ước thi đua năm 2024. Các hội thành viên đăng ký danh hiệu thi đua với "
                "trưởng khối."
            ),
        },
        documents=_latest_versions(cycle),
    )
    services.record_attendance(
        actor=actor,
        meeting=meeting,
        rows=[(org.pk, True, _delegates(org.pk, units, users)) for org in selectors.members(cycle)],
    )
    services.add_speaker(
        actor=actor,
        meeting=meeting,
        name=chair.full_name,
        position="Trưởng Khối thi đua 8",
        unit=units[head].name,
        summary="Báo cáo tổng hợp các ý kiến góp ý của hội thành viên về ba văn bản dự thảo "
        "và phần tiếp thu, giải trình của trưởng khối.",
    )
    services.add_speaker(
        actor=actor,
        meeting=meeting,
        name=speaker.full_name,
        position=speaker.position,
        unit=units[SPEAKER_CODE].name,
        summary="Đồng tình với các dự thảo; đề nghị Kế hoạch nêu rõ thời gian các hoạt động "
        "chung và Quy chế cộng điểm cho việc tuyên truyền gương điển hình trên báo chí.",
    )


def _delegates(org_id: int, units: dict[str, Any], users: dict[str, Any]) -> str:
    code = next(c for c, org in units.items() if org.pk == org_id)
    names = [users[data.leader_username(code)].full_name]
    if code == data.HEAD_2024:
        names.append(users[data.representative_username(code)].full_name)
    return ", ".join(names)


def registrations(context: Any) -> None:
    cycle = context.cycle
    if cycle.year not in REGISTRATION_STARTS:
        return
    first, hours = REGISTRATION_STARTS[cycle.year]
    commitments = [c.replace("2024", str(cycle.year)) for c in COMMITMENTS]
    awards = {
        a.code: a
        for a in AwardType.objects.filter(pk__in=cycle.policy.quotas.values("award_type_id"))
    }
    for i, member in enumerate(data.BLOCK8_MEMBERS):
        context.clock.at(first + dt.timedelta(hours=hours * i))
        chosen = [awards[code] for code in ("bang-khen",) if code in awards]
        if member.code in FLAG_UNITS and "co-thi-dua" in awards:
            chosen.insert(0, awards["co-thi-dua"])
        services.register(
            actor=context.users[data.representative_username(member.code)],
            cycle=cycle,
            unit=context.units[member.code],
            awards=chosen,
            commitments=commitments,
        )


PHASE_HOOKS = {
    Phase.SIGNING.value: launch_conference,
    Phase.IN_PROGRESS.value: registrations,
}
