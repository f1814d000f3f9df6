"""The demo's evaluation meetings of Khối thi đua 8, written through the services like the head
would.

2024: the year-end review of 08/01/2025 (its date and chair, Nguyễn Thị Phúc, from the research
notes); everything else — the place, who was absent, every vote — is invented. The secretary
opens the record before the meeting starts; the ballots are cast between 08:30 and 11:00, and the
election is carried into the 2025 cycle at 11:00. Eleven of the twelve units are present; each
votes electronically on the flag and the Bằng khen (the quota's nominees from the published
ranking) and on the one unit proposed for 2025 head (2024's deputy, by rotation) and for deputy,
as in thidua/demo/data.py; the election then creates the 2025 cycle with them.

2025: the block's last year-end review, on 07/01/2026 (invented), chaired by the 2025 head;
eleven units vote on the titles only. No head or deputy is elected: the block closes after the
year, its associations join Lâm Đồng's blocks from 2026 (thidua/demo/lam_dong.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Review:
    """One year's evaluation meeting: its day, the head unit (whose representative is the
    secretary), the chair's username, position and hall, the absent unit, the agenda, what was
    said and concluded, and whether it elects next year's head and deputy."""

    day: dt.date
    head: str
    chair: str
    chair_position: str
    place: str
    absent: str
    agenda: list[str]
    discussion: str
    conclusions: str
    elects: bool


REVIEWS = {
    2024: Review(
        day=dt.date(2025, 1, 8),
        head=data.HEAD_2024,
        chair=data.NEW_CHAIR_USERNAME,
        chair_position="Chủ tịch Hội Người cao tuổi tỉnh, Trưởng Khối thi đua 8",
        place="Hội trường Hội Người cao tuổi tỉnh",
        absent="dongy",
        agenda=[
            "Báo cáo tổng kết phong trào thi đua năm 2024 của Khối thi đua 8",
            "Thông qua kết quả chấm điểm thi đua đã công bố",
            "Bình xét, bỏ phiếu kín đề nghị Cờ thi đua và Bằng khen của UBND tỉnh",
            "Bầu đơn vị Trưởng khối, Phó khối năm 2025",
        ],
        discussion=(
            "Trưởng khối báo cáo tổng kết phong trào thi đua năm 2024 và kết quả chấm điểm "
            "đã công bố. Hội nghị bỏ phiếu kín điện tử đề nghị khen thưởng và bầu trưởng, "
            "phó khối năm 2025."
        ),
        conclusions="Hội nghị thống nhất kết quả bình xét và kết quả bầu trưởng, phó khối "
        "năm 2025 theo biên bản bình xét.",
        elects=True,
    ),
    2025: Review(
        day=dt.date(2026, 1, 7),
        head=data.DEPUTY_2024,
        chair=data.leader_username(data.DEPUTY_2024),
        chair_position="Chủ tịch Hội Nạn nhân chất độc da cam/dioxin tỉnh, Trưởng Khối thi đua 8",
        place="Hội trường Hội Nạn nhân chất độc da cam/dioxin tỉnh",
        absent="tnxp",
        agenda=[
            "Báo cáo tổng kết phong trào thi đua năm 2025 của Khối thi đua 8",
            "Thông qua kết quả chấm điểm thi đua đã công bố",
            "Bình xét, bỏ phiếu kín đề nghị Cờ thi đua và Bằng khen của UBND tỉnh",
            "Tổng kết hoạt động của Khối thi đua 8 sau khi hợp nhất tỉnh",
        ],
        discussion=(
            "Trưởng khối báo cáo tổng kết phong trào thi đua năm 2025 và kết quả chấm điểm "
            "đã công bố. Hội nghị bỏ phiếu kín điện tử đề nghị khen thưởng. Từ năm 2026 các "
            "hội thành viên tham gia các khối thi đua của tỉnh Lâm Đồng theo phân công của "
            "Hội đồng Thi đua – Khen thưởng tỉnh, nên hội nghị không bầu trưởng, phó khối."
        ),
        conclusions="Hội nghị thống nhất kết quả bình xét theo biên bản bình xét; Khối thi "
        "đua 8 kết thúc hoạt động sau khi có quyết định khen thưởng năm 2025.",
        elects=False,
    ),
}


def _choices(session: BallotSession, voter: int) -> dict[int, str]:
    """Invented votes: most units agree with each nominee and with the proposed head and deputy."""
    candidates = list(session.candidates.all())
    if session.kind == SessionKind.AWARD:
        return {
            c.pk: "disagree" if (i + voter) % 5 == 0 else "agree" for i, c in enumerate(candidates)
        }
    # One proposed unit per election: nearly every unit agrees.
    return {c.pk: "disagree" if voter % 7 == 6 else "agree" for c in candidates}


def _leader(users: dict[str, Any], code: str) -> Any:
    """The unit's leader (the renamed association's new chair once the former head left)."""
    leader = users[data.leader_username(code)]
    if not leader.is_active and data.NEW_CHAIR_USERNAME in users:
        return users[data.NEW_CHAIR_USERNAME]
    return leader


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return local(day.year, day.month, day.day, hour, minute)


def evaluation_meeting(context: Any) -> None:
    cycle = context.cycle
    review = REVIEWS.get(cycle.year)
    if review is None:
        return
    units, users = context.units, context.users
    head = review.head
    secretary = users[data.representative_username(head)]
    chair = users[review.chair]
    context.clock.at(_at(review.day, 7, 45))
    meeting = meetings.create_meeting(
        actor=secretary,
        cycle=cycle,
        values={
            "kind": MeetingKind.YEAR_END,
            "date": review.day,
            "start_time": dt.time(8, 0),
            "end_time": dt.time(11, 30),
            "place": review.place,
            "chair_name": chair.full_name,
            "chair_position": review.chair_position,
            "chair_unit": units[head].name,
            "secretary_name": secretary.full_name,
            "secretary_position": secretary.position,
            "secretary_unit": units[head].name,
            "agenda": review.agenda,
            "guests": "Đại diện Ban Thi đua – Khen thưởng tỉnh"
            if cycle.year == YEAR
            else "Đại diện Phòng Thi đua, khen thưởng, Sở Nội vụ",
            "discussion": review.discussion,
            "conclusions": review.conclusions,
        },
    )
    members = meeting_selectors.members(cycle)
    codes = {org.pk: code for code, org in units.items()}
    context.clock.at(_at(review.day, 8, 5))
    meetings.record_attendance(
        actor=secretary,
        meeting=meeting,
        rows=[
            (
                org.pk,
                codes[org.pk] != review.absent,
                "" if codes[org.pk] == review.absent else _leader(users, codes[org.pk]).full_name,
            )
            for org in members
        ],
    )
    voters = [
        users[data.representative_username(codes[org.pk])]
        for org in members
        if codes[org.pk] != review.absent
    ]
    context.clock.at(_at(review.day, 8, 20))
    sessions = [
        services.prepare_session(
            actor=secretary, cycle=cycle, kind=SessionKind.AWARD, award_type=award_type
        )
        for award_type in selectors.award_types_of(cycle)
    ]
    if review.elects:
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
    if review.elects:
        context.clock.at(_at(review.day, 11, 0))
        services.apply_election(actor=secretary, cycle=cycle)


PHASE_HOOKS = {Phase.EVALUATION.value: evaluation_meeting}
