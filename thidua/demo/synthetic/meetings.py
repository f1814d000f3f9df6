"""The block's conferences (launch and signing, mid-year review, year-end review) with their
attendance and speakers, and each member unit's emulation registration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.cycles.models import Cycle, Phase
from thidua.demo.synthetic import audit, texts
from thidua.demo.synthetic.base import Context, at, bulk, through
from thidua.demo.synthetic.cycles import reached
from thidua.demo.synthetic.documents import KINDS, launch_day
from thidua.meetings.models import (
    Attendance,
    Meeting,
    MeetingKind,
    Registration,
    RegistrationClosure,
    Speaker,
)

PLACE = "Hội trường {head}, {province}"


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    with ctx.step("meetings, attendance, speakers") as n:
        specs: list[tuple[Cycle, str, dt.date]] = []
        for cycle in ctx.cycles:
            if reached(cycle, Phase.IN_PROGRESS):
                specs.append((cycle, MeetingKind.LAUNCH, launch_day(cycle.year)))
            if reached(cycle, Phase.SELF_ASSESSMENT):
                specs.append((cycle, MeetingKind.MID_YEAR, dt.date(cycle.year, 7, 15)))
            if reached(cycle, Phase.EVALUATION):
                specs.append((cycle, MeetingKind.YEAR_END, dt.date(cycle.year, 12, 22)))
        meetings = bulk(Meeting, [_meeting(ctx, c, k, d) for c, k, d in specs], n)
        attendance: list[Attendance] = []
        speakers: list[Speaker] = []
        adopted: list[tuple[int, int]] = []
        for meeting, (cycle, kind, day) in zip(meetings, specs, strict=True):
            rng = ctx.rng("meeting", cycle.block.name, cycle.year, kind)
            members = ctx.members(cycle)
            absent = rng.choice(members) if rng.random() < 0.3 else None
            for unit in members:
                leader = ctx.people[unit.pk].leader
                present = unit is not absent
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        organisation=unit,
                        present=present,
                        delegates=f"{leader.full_name} – {leader.position}" if present else "",
                    )
                )
            for order, unit in enumerate(rng.sample(members, min(2, len(members))), start=1):
                person = ctx.people[unit.pk].leader
                speakers.append(
                    Speaker(
                        meeting=meeting,
                        order=order,
                        name=person.full_name,
                        position=person.position,
                        unit=ctx.name_on(unit.pk, day),
                        summary="Nhất trí với báo cáo; đề nghị các thành viên tiếp tục phối hợp.",
                    )
                )
            if kind == MeetingKind.LAUNCH:
                adopted.extend((meeting.pk, ctx.final_versions[(cycle.pk, k)].pk) for k in KINDS)
            if kind == MeetingKind.YEAR_END:
                ctx.year_end_meetings[cycle.pk] = meeting.pk
                ctx.year_end_present[cycle.pk] = [m.pk for m in members if m is not absent]
        bulk(Attendance, attendance, n)
        bulk(Speaker, speakers, n)
        through(Meeting.documents, adopted, n, "meeting", "documentversion")
        audit.append(
            events,
            actor=ctx.actor,
            action="meetings.bulk_create",
            object_type="meetings.meeting",
            object_label=f"{len(meetings)} hội nghị",
            when=at(dt.date(ctx.config.last_year, 7, 20)),
            after={"meetings": len(meetings), "note": audit.SYNTHETIC_MARK},
        )
    with ctx.step("registrations") as n:
        registrations = []
        for cycle in ctx.cycles:
            if not reached(cycle, Phase.IN_PROGRESS):
                continue
            rng = ctx.rng("registrations", cycle.block.name, cycle.year)
            for i, unit in enumerate(ctx.members(cycle)):
                picked = rng.sample(texts.COMMITMENTS, 3)
                registrations.append(
                    Registration(
                        cycle=cycle,
                        organisation=unit,
                        commitments=[c.format(year=cycle.year) for c in picked],
                        registered_by=ctx.people[unit.pk].representative,
                        created_at=at(dt.date(cycle.year, 4, 5 + i % 10), 10),
                        updated_at=at(dt.date(cycle.year, 4, 5 + i % 10), 10),
                    )
                )
        registrations = bulk(Registration, registrations, n)
        flag, *others = ctx.award_types
        pairs: list[tuple[int, int]] = []
        for i, reg in enumerate(registrations):
            pairs.extend((reg.pk, a.pk) for a in others)
            if i % 3 == 0:
                pairs.append((reg.pk, flag.pk))
        through(Registration.awards, pairs, n, "registration", "awardtype")
        bulk(
            RegistrationClosure,
            [
                RegistrationClosure(
                    cycle=c,
                    closed_by=ctx.people[c.head_unit_id].representative,
                    closed_at=at(dt.date(c.year, 4, 30), 17),
                )
                for c in ctx.cycles
                if reached(c, Phase.SELF_ASSESSMENT)
            ],
            n,
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="meetings.registration.bulk_create",
            object_type="meetings.registration",
            object_label=f"{len(registrations)} đăng ký thi đua",
            when=at(dt.date(ctx.config.last_year, 4, 30), 18),
            after={"registrations": len(registrations), "note": audit.SYNTHETIC_MARK},
        )
        audit.flush(events)


def _meeting(ctx: Context, cycle: Cycle, kind: str, day: dt.date) -> Meeting:
    head, deputy = cycle.head_unit_id, cycle.deputy_unit_id
    chair, secretary = ctx.people[head].leader, ctx.people[deputy].representative
    assert ctx.province is not None
    labels: dict[str, str] = {
        MeetingKind.LAUNCH: "Phát động thi đua và ký kết giao ước năm {year}",
        MeetingKind.MID_YEAR: "Sơ kết sáu tháng đầu năm {year}",
        MeetingKind.YEAR_END: "Tổng kết, bình xét thi đua năm {year}",
    }
    label = labels[kind].format(year=cycle.year)
    return Meeting(
        cycle=cycle,
        kind=kind,
        date=day,
        start_time=dt.time(8, 0),
        end_time=dt.time(11, 30),
        place=PLACE.format(head=ctx.name_on(head, day), province=ctx.province.name),
        chair_name=chair.full_name,
        chair_position=chair.position,
        chair_unit=ctx.name_on(head, day),
        secretary_name=secretary.full_name,
        secretary_position=secretary.position,
        secretary_unit=ctx.name_on(deputy, day),
        agenda=[label, "Các đại biểu thảo luận", "Kết luận của chủ trì hội nghị"],
        guests="Đại diện Ban Thi đua – Khen thưởng tỉnh",
        discussion="Các đại biểu thảo luận, thống nhất các nội dung.",
        conclusions=f"{audit.SYNTHETIC_MARK}: hội nghị thống nhất các nội dung đề ra.",
        created_by=ctx.people[head].representative,
        created_at=at(day, 12),
        updated_at=at(day, 12),
    )
