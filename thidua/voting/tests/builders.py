"""Builders for the voting tests and the access matrix: a cycle in evaluation with its year-end
meeting, attendance and a published ranking; people for every member unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from thidua.accounts.models import Role, User
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.meetings import selectors as meeting_selectors
from thidua.meetings import services as meeting_services
from thidua.meetings.models import Meeting, MeetingKind
from thidua.orgs.models import Organisation
from thidua.scoring.models import PublishedRanking
from thidua.testing import Cast, make_block, make_org, make_person, make_province
from thidua.voting import services
from thidua.voting.models import BallotSession, SessionKind


def year_end_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": MeetingKind.YEAR_END,
        "date": dt.date(2025, 12, 20),
        "start_time": dt.time(8, 0),
        "end_time": dt.time(11, 0),
        "place": "Hội trường Hội Người cao tuổi tỉnh",
        "chair_name": "Đào Xuân Nay",
        "chair_position": "Trưởng Ban Đại diện, Trưởng khối",
        "chair_unit": "Ban Đại diện Hội Người cao tuổi tỉnh",
        "secretary_name": "Trần Thị Ngọc Ánh",
        "secretary_position": "Chánh Văn phòng",
        "secretary_unit": "Ban Đại diện Hội Người cao tuổi tỉnh",
        "agenda": [
            "Tổng kết công tác thi đua năm",
            "Bình xét, bỏ phiếu kín",
            "Bầu trưởng, phó khối",
        ],
        "guests": "Đại diện Ban Thi đua – Khen thưởng tỉnh",
        "discussion": "Trưởng khối báo cáo tổng kết.",
        "conclusions": "Hội nghị thống nhất kết quả bình xét.",
    }
    values.update(changes)
    return values


def set_phase(cycle: Cycle, phase: str = Phase.EVALUATION) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


def year_end_meeting(cycle: Cycle, actor: Any, present: Iterable[int] | None = None) -> Meeting:
    """The cycle's year-end meeting, with `present` units there (default: every member)."""
    meeting = Meeting.objects.filter(cycle=cycle, kind=MeetingKind.YEAR_END).first()
    if meeting is None:
        meeting = meeting_services.create_meeting(
            actor=actor, cycle=cycle, values=year_end_values()
        )
    members = meeting_selectors.members(cycle)
    here = {o.pk for o in members} if present is None else set(present)
    meeting_services.record_attendance(
        actor=actor,
        meeting=meeting,
        rows=[(o.pk, o.pk in here, "Đại biểu" if o.pk in here else "") for o in members],
    )
    return meeting


def publish(cycle: Cycle, order: list[Organisation]) -> PublishedRanking:
    ranking, _ = PublishedRanking.objects.get_or_create(
        cycle=cycle,
        defaults={
            "method": "mean",
            "entries": [
                {"unit": o.pk, "name": o.name, "rank": i, "final": str(100 - i), "self": "99"}
                for i, o in enumerate(order, start=1)
            ],
        },
    )
    return ranking


def fourth_org(cast: Cast) -> Organisation:
    return (
        Organisation.objects.filter(
            memberships__block=cast.block, memberships__year=cast.cycle.year
        )
        .exclude(pk__in=[cast.head_org.pk, cast.deputy_org.pk, cast.member_org.pk])
        .get()
    )


def ranking_order(cast: Cast) -> list[Organisation]:
    """Hội Người mù leads; then the head, the deputy, the fourth unit."""
    return [cast.member_org, cast.head_org, cast.deputy_org, fourth_org(cast)]


def evaluation(cast: Cast, present: Iterable[int] | None = None) -> Meeting:
    """The cast's cycle in evaluation, its year-end meeting and a published ranking."""
    set_phase(cast.cycle)
    meeting = year_end_meeting(cast.cycle, cast.head_rep, present)
    publish(cast.cycle, ranking_order(cast))
    return meeting


def unit_voters(cast: Cast) -> dict[int, User]:
    """One person per member unit of the cast's block (creating the missing ones)."""
    voters = {cast.head_org.pk: cast.head_rep, cast.member_org.pk: cast.member_rep}
    for org in (cast.deputy_org, fourth_org(cast)):
        user = User.objects.filter(organisation=org).first()
        voters[org.pk] = user or make_person(f"rep_{org.pk}", Role.REPRESENTATIVE, org)
    return voters


def flag_session(cast: Cast) -> BallotSession:
    session = BallotSession.objects.filter(cycle=cast.cycle, kind=SessionKind.AWARD).first()
    if session is None:
        if not Meeting.objects.filter(cycle=cast.cycle, kind=MeetingKind.YEAR_END).exists():
            evaluation(cast)
        flag = cast.cycle.policy.quotas.get(award_type__is_flag=True).award_type
        session = services.prepare_session(
            actor=cast.head_rep, cycle=cast.cycle, kind=SessionKind.AWARD, award_type=flag
        )
    return session


def open_flag_session(cast: Cast) -> BallotSession:
    session = flag_session(cast)
    if session.status == "prepared":
        session = services.open_session(actor=cast.head_rep, session=session)
    return session


def big_block(size: int) -> tuple[BallotSession, list[User]]:
    """A block of `size` member units, all present, with the flag ballot open and one
    representative per unit (the first unit heads the block)."""
    province = make_province()
    units = [make_org(province, f"Hội thành viên số {i:02d}") for i in range(size)]
    block = make_block(province, "Khối thi đua lớn", units)
    cycle = cycles.create_cycle(
        actor=None, block=block, year=2025, head_unit=units[0], deputy_unit=units[1]
    )
    people = [make_person(f"voter{i:02d}", Role.REPRESENTATIVE, u) for i, u in enumerate(units)]
    set_phase(cycle)
    year_end_meeting(cycle, people[0])
    publish(cycle, units)
    flag = cycle.policy.quotas.get(award_type__is_flag=True).award_type
    session = services.prepare_session(
        actor=people[0], cycle=cycle, kind=SessionKind.AWARD, award_type=flag
    )
    session = services.open_session(actor=people[0], session=session)
    return session, people


def others_vote(cast: Cast, session: BallotSession, count: int, choice: str = "agree") -> int:
    """`count` member units other than Hội Người mù (the member_rep's unit) vote `choice` on
    every candidate — enough ballots, with the test's own, to reach the quorum of ballots (3 of
    the cast's 4 units)."""
    from thidua.voting import ballot_box

    cast_ballots = 0
    for org_id, person in unit_voters(cast).items():
        if cast_ballots == count:
            break
        if org_id == cast.member_org.pk or session.voters.filter(organisation_id=org_id).exists():
            continue
        ballot_box.cast_ballot(
            actor=person,
            session=session,
            unit=person.organisation,
            choices={c.pk: choice for c in session.candidates.all()},
            reauthenticated=True,
        )
        cast_ballots += 1
    return cast_ballots
