"""The demo's evaluation meeting of 2024, written through the services like the head would.

The year-end review of 08/01/2025 (its date and chair, Nguyễn Thị Phúc, from the research
notes); everything else — the place, who was absent, every vote — is invented. The secretary
opens the record before the meeting starts; the ballots are cast between 08:30 and 11:00, and the
election is carried into the 2025 cycle at 11:00. Eleven of the twelve units are present; each
votes electronically on the flag and the Bằng khen (the quota's nominees from the published
ranking) and on the one unit proposed for 2025 head (2024's deputy, by rotation) and for deputy,
as in thidua/demo/data.py; the election then creates the 2025 cycle with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.meetings import selectors as meeting_selectors
from thidua.meetings import services as meetings
from thidua.meetings.models import MeetingKind
from thidua.voting import ballot_box, selectors, services
from thidua.voting.models import BallotSession, SessionKind

YEAR = 2024
ABSENT = "dongy"
AGENDA = [
    "Báo cáo tổng kết phong trào thi đua năm 2024 của Khối thi đua 8",
    "Thông qua kết quả chấm điểm thi đua đã công bố",
    "Bình xét, bỏ phiếu kín đề nghị Cờ thi đua và Bằng khen của UBND tỉnh",
    "Bầu đơn vị Trưởng khối, Phó khối năm 2025",
]


def _choices(session: BallotSession, voter: int) -> dict[int, str]:
    """Invented votes: most units agree with each nominee and with the proposed head and deputy."""
    candidates = list(session.candidates.all())
    if session.kind == SessionKind.AWARD:
        return {
            c.pk: "disagree" if (i + voter) % 5 == 0 else "agree" for i, c in enumerate(candidates)
        }
    # One proposed unit per election: nearly every unit agrees.
    return {c.pk: "disagree" if voter % 7 == 6 else "agree" for c in candidates}


def evaluation_meeting(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    units, users = context.units, context.users
    head = data.HEAD_2024
    secretary = users[data.representative_username(head)]
    chair = users[data.NEW_CHAIR_USERNAME]
    context.clock.at(local(2025, 1, 8, 7, 45))
    meeting = meetings.create_meeting(
        actor=secretary,
        cycle=cycle,
        values={
            "kind": MeetingKind.YEAR_END,
            "date": dt.date(2025, 1, 8),
            "start_time": dt.time(8, 0),
            "end_time": dt.time(11, 30),
            "place": "Hội trường Hội Người cao tuổi tỉnh",
            "chair_name": chair.full_name,
            "chair_position": "Chủ tịch Hội Người cao tuổi tỉnh, Trưởng Khối thi đua 8",
            "chair_unit": units[head].name,
            "secretary_name": secretary.full_name,
            "secretary_position": secretary.position,
            "secretary_unit": units[head].name,
            "agenda": AGENDA,
            "guests": "Đại diện Ban Thi đua – Khen thưởng tỉnh",
            "discussion": (
                "Trưởng khối báo cáo tổng kết phong trào thi đua năm 2024 và kết quả chấm điểm "
                "đã công bố. Hội nghị bỏ phiếu kín điện tử đề nghị khen thưởng và bầu trưởng, "
                "phó khối năm 2025."
            ),
            "conclusions": "Hội nghị thống nhất kết quả bình xét và kết quả bầu trưởng, phó khối "
            "năm 2025 theo biên bản bình xét.",
        },
    )
    members = meeting_selectors.members(cycle)
    codes = {org.pk: code for code, org in units.items()}
    context.clock.at(local(2025, 1, 8, 8, 5))
    meetings.record_attendance(
        actor=secretary,
        meeting=meeting,
        rows=[
            (
                org.pk,
                codes[org.pk] != ABSENT,
                ""
                if codes[org.pk] == ABSENT
                else users[data.leader_username(codes[org.pk])].full_name,
            )
            for org in members
        ],
    )
    voters = [
        users[data.representative_username(codes[org.pk])]
        for org in members
        if codes[org.pk] != ABSENT
    ]
    context.clock.at(local(2025, 1, 8, 8, 20))
    sessions = [
        services.prepare_session(
            actor=secretary, cycle=cycle, kind=SessionKind.AWARD, award_type=award_type
        )
        for award_type in selectors.award_types_of(cycle)
    ]
    # By rotation this year's deputy is proposed as head; the 2025 deputy is proposed too.
    for kind, code in (
        (SessionKind.HEAD, data.DEPUTY_2024),
        (SessionKind.DEPUTY, data.DEPUTY_2025),
    ):
        sessions.append(
            services.prepare_session(
                actor=secretary, cycle=cycle, kind=kind, nominees=[units[code]]
            )
        )
    for session in sessions:
        context.clock.later(minutes=10)
        session = services.open_session(actor=secretary, session=session)
        for number, person in enumerate(voters):
            context.clock.later(minutes=1)
            ballot_box.cast_ballot(
                actor=person,
                session=session,
                unit=person.organisation,
                choices=_choices(session, number),
                reauthenticated=True,
            )
        context.clock.later(minutes=3)
        services.close_session(actor=secretary, session=session)
    context.clock.at(local(2025, 1, 8, 11, 0))
    services.apply_election(actor=secretary, cycle=cycle)


PHASE_HOOKS = {Phase.EVALUATION.value: evaluation_meeting}
