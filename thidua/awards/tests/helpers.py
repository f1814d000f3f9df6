"""Builders for the awards tests and the access matrix: a cycle in the evaluation phase with a
published ranking and closed ballots whose candidates passed (rows written directly, as the
voting app would leave them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards import services
from thidua.awards.models import Nominee, Proposal
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.meetings.models import Meeting, MeetingKind
from thidua.orgs.models import Organisation
from thidua.scoring.models import PublishedRanking
from thidua.testing import Cast
from thidua.voting.models import BallotSession, Candidate, SessionKind, SessionStatus

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def flag(cast: Cast) -> AwardType:
    return AwardType.objects.get(province=cast.province, code="co-thi-dua")


def merit(cast: Cast) -> AwardType:
    return AwardType.objects.get(province=cast.province, code="bang-khen")


def ranked_units(cast: Cast) -> list[Organisation]:
    """The cast's block in rank order: the member unit leads, then head, deputy and the fourth."""
    others = [
        m.organisation
        for m in cast.block.memberships.filter(year=cast.cycle.year)
        .select_related("organisation")
        .order_by("organisation__name")
        if m.organisation_id not in (cast.member_org.pk, cast.head_org.pk, cast.deputy_org.pk)
    ]
    return [cast.member_org, cast.head_org, cast.deputy_org, *others]


def publish_ranking(cycle: Cycle, units: list[Organisation]) -> PublishedRanking:
    entries = [
        {
            "unit": org.pk,
            "name": org.name,
            "rank": i,
            "final": str(Decimal("95.50") - i),
            "self": "96.00",
        }
        for i, org in enumerate(units, start=1)
    ]
    published, _ = PublishedRanking.objects.update_or_create(
        cycle=cycle, defaults={"method": "mean", "entries": entries}
    )
    return published


def year_end_meeting(cycle: Cycle) -> Meeting:
    meeting = Meeting.objects.filter(cycle=cycle, kind=MeetingKind.YEAR_END).first()
    return meeting or Meeting.objects.create(
        cycle=cycle,
        kind=MeetingKind.YEAR_END,
        date=dt.date(cycle.year + 1, 1, 8),
        start_time=dt.time(8, 0),
        place="Hội trường Hội Người cao tuổi tỉnh",
        chair_name="Nguyễn Thị Phúc",
        secretary_name="Trần Thị Ngọc Ánh",
    )


def closed_ballot(
    cycle: Cycle,
    award_type: AwardType,
    results: list[tuple[Organisation, int, int, bool]],
    *,
    status: str = SessionStatus.CLOSED,
) -> BallotSession:
    """A ballot session on the title with (unit, rank, agree votes, passed) per candidate."""
    session = BallotSession.objects.create(
        cycle=cycle,
        meeting=year_end_meeting(cycle),
        kind=SessionKind.AWARD,
        award_type=award_type,
        status=status,
        seats=len(results),
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        vote_base="all",
        member_count=4,
        present_count=4,
        issued=4,
        returned=4,
        valid=4,
        invalid=0,
    )
    for i, (org, rank, agree, passed) in enumerate(results):
        Candidate.objects.create(
            session=session, organisation=org, order=i, rank=rank, agree=agree, passed=passed
        )
    return session


def evaluated_cycle(cast: Cast, *, phase: str = Phase.EVALUATION) -> Cycle:
    """The cast's cycle after its evaluation meeting: the member unit passed the flag ballot;
    the head and deputy units passed the Bằng khen ballot, the fourth unit did not."""
    cycle = cast.cycle
    units = ranked_units(cast)
    # Each step only when missing: the sweeps build every URL of every app on one cast, and the
    # voting matrix may already have published a ranking and prepared (not closed) a ballot.
    if not PublishedRanking.objects.filter(cycle=cycle).exists():
        publish_ranking(cycle, units)
    closed = BallotSession.objects.filter(
        cycle=cycle, kind=SessionKind.AWARD, status=SessionStatus.CLOSED
    )
    if not closed.exists():
        closed_ballot(cycle, flag(cast), [(units[0], 1, 4, True)])
        closed_ballot(
            cycle,
            merit(cast),
            [(units[1], 2, 4, True), (units[2], 3, 3, True), (units[3], 4, 1, False)],
        )
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


def flag_proposal(cast: Cast, *, written: bool = True) -> Proposal:
    """The flag proposal of the cast's cycle (built once), its report written when asked."""
    cycle = evaluated_cycle(cast)
    proposal = Proposal.objects.filter(cycle=cycle, award_type=flag(cast)).first()
    if proposal is None:
        proposal = services.build_proposal(
            actor=cast.head_rep,
            cycle=cycle,
            award_type=flag(cast),
            organisations=[cast.member_org],
        )
        if written:
            write_reports(cast, proposal)
    return proposal


def write_reports(cast: Cast, proposal: Proposal) -> None:
    for nominee in proposal.nominees.select_related("organisation"):
        services.write_report(
            actor=_writer(cast, nominee),
            nominee=nominee,
            sections={
                "situation": "Hội có 1.250 hội viên, 10 chi hội cơ sở.",
                "achievements": "Hoàn thành vượt mức các chỉ tiêu được giao.",
                "movement": "Hưởng ứng phong trào “Vì người nghèo”.",
                "awards": "",
                "proposal": "Đề nghị tặng Cờ thi đua của UBND tỉnh.",
            },
        )


def _writer(cast: Cast, nominee: Nominee):  # type: ignore[no-untyped-def]
    from thidua.accounts.models import Role, User

    user = User.objects.filter(organisation=nominee.organisation, role=Role.REPRESENTATIVE).first()
    if user is None:
        from thidua.testing import make_person

        user = make_person(
            f"rep_{nominee.organisation_id}", Role.REPRESENTATIVE, nominee.organisation
        )
    return user


def submitted_proposal(cast: Cast) -> Proposal:
    proposal = flag_proposal(cast)
    if proposal.status in ("draft", "returned"):
        proposal = services.submit_proposal(actor=cast.head_rep, proposal=proposal)
    return proposal


def accepted_proposal(cast: Cast) -> Proposal:
    proposal = submitted_proposal(cast)
    if proposal.status == "submitted":
        proposal = services.accept_proposal(actor=cast.board, proposal=proposal)
    return proposal


def pdf_upload(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")
