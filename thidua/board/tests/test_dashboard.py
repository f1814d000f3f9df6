"""The Board's dashboard: progress of every block's current cycle, figures by year, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.awards.models import Award
from thidua.board import dashboard as board
from thidua.cycles import services as cycles
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.drafting.models import Comment, CommentWindow, Document, DocumentKind, DocumentVersion
from thidua.meetings.models import Attendance, Meeting, MeetingKind
from thidua.scoring.models import PublishedRanking, ScoreSheet, SheetKind, SheetStatus
from thidua.signing.models import Signature
from thidua.testing import make_block, make_org, signin
from thidua.voting.models import BallotSession, SessionKind, SessionStatus, VoterRecord

pytestmark = pytest.mark.django_db


def _phase(cycle: Cycle, phase: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.phase = phase
    return cycle


def _version(cycle: Cycle, kind: str = DocumentKind.COVENANT, frozen: bool = True):
    document = Document.objects.create(cycle=cycle, kind=kind, title=f"{kind} {cycle}")
    return DocumentVersion.objects.create(
        document=document,
        number=1,
        title=document.title,
        sha256="0" * 64,
        frozen_at=timezone.now() if frozen else None,
    )


def _sign(version, unit, user):
    Signature.objects.create(
        version=version,
        unit=unit,
        unit_name=unit.name,
        signer_name="Chủ tịch",
        signer_position="Chủ tịch",
        method="online",
        signed_at=timezone.now(),
        version_sha256=version.sha256,
        recorded_by=user,
    )


def _window(version, user, *, days: int):
    return CommentWindow.objects.create(
        version=version, opened_by=user, deadline=timezone.now() + dt.timedelta(days=days)
    )


def _open_session(cycle: Cycle, *, present, voted) -> BallotSession:
    meeting = Meeting.objects.create(
        cycle=cycle,
        kind=MeetingKind.YEAR_END,
        date=dt.date(cycle.year, 12, 20),
        start_time=dt.time(8),
        place="Hội trường",
        chair_name="Chủ trì",
        secretary_name="Thư ký",
    )
    for unit in present:
        Attendance.objects.create(meeting=meeting, organisation=unit, present=True)
    session = BallotSession.objects.create(
        cycle=cycle,
        meeting=meeting,
        kind=SessionKind.HEAD,
        status=SessionStatus.OPEN,
        seats=1,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        vote_base="all",
        member_count=len(present),
    )
    for unit in voted:
        VoterRecord.objects.create(session=session, organisation=unit)
    return session


def _row(cycle: Cycle) -> board.CycleProgress:
    return next(r for r in board.progress() if r.cycle.pk == cycle.pk)


def test_a_cycle_with_one_unit_not_signed_shows_that_unit(client, cast):
    _phase(cast.cycle, Phase.SIGNING)
    version = _version(cast.cycle)
    units = [cast.head_org, cast.deputy_org, cast.member_org]
    for unit in units:
        _sign(version, unit, cast.board)
    row = _row(cast.cycle)
    assert row.signed.count == 1 and row.signed.total == 4
    assert row.signed.units == ["Hội Luật gia tỉnh"]
    assert not row.commented.open and not row.voted.open
    signin(client, cast.board)
    page = client.get(reverse("board:home")).content.decode()
    assert "Hội Luật gia tỉnh" in page and "1/4 đơn vị" in page
    assert "<details>" in page


def test_comments_missing_in_an_open_window_and_overdue_windows_are_shown(cast):
    _phase(cast.cycle, Phase.DRAFTING)
    regulation = _version(cast.cycle, DocumentKind.REGULATION, frozen=False)
    plan = _version(cast.cycle, DocumentKind.PLAN, frozen=False)
    open_window = _window(regulation, cast.head_rep, days=3)
    late = _window(plan, cast.head_rep, days=-2)
    Comment.objects.create(
        window=open_window, unit=cast.member_org, author=cast.member_rep, text="Góp ý"
    )
    Comment.objects.create(window=late, unit=cast.deputy_org, author=cast.board, text="Góp ý")
    row = _row(cast.cycle)
    assert cast.member_org.name not in row.commented.units
    assert row.commented.count == 3
    assert len(row.overdue) == 1 and plan.title in row.overdue[0].what
    assert cast.deputy_org.name not in row.overdue[0].missing


def test_units_not_self_assessed_and_not_cross_scored_are_counted(cast):
    _phase(cast.cycle, Phase.CROSS_SCORING)
    ScoreSheet.objects.create(
        cycle=cast.cycle, unit=cast.member_org, kind=SheetKind.SELF, status=SheetStatus.SUBMITTED
    )
    for unit in (cast.head_org, cast.deputy_org, cast.cycle.block.memberships.last().organisation):
        ScoreSheet.objects.create(
            cycle=cast.cycle,
            unit=unit,
            scorer=cast.member_org,
            kind=SheetKind.CROSS,
            status=SheetStatus.SUBMITTED,
        )
    row = _row(cast.cycle)
    assert row.self_assessed.count == 3
    assert cast.member_org.name not in row.scored.units and row.scored.count == 3


def test_present_units_that_have_not_voted_in_an_open_session_are_shown(cast):
    _phase(cast.cycle, Phase.EVALUATION)
    _open_session(
        cast.cycle,
        present=[cast.head_org, cast.member_org, cast.deputy_org],
        voted=[cast.head_org],
    )
    row = _row(cast.cycle)
    assert sorted(row.voted.units) == sorted([cast.member_org.name, cast.deputy_org.name])
    assert row.voted.total == 3


def test_scores_and_awards_by_year_and_block_feed_the_charts_and_their_tables(client, cast):
    PublishedRanking.objects.create(
        cycle=cast.cycle, method="mean", entries=[{"final": "90.5"}, {"final": "80.5"}]
    )
    flag = AwardType.objects.get(code="co-thi-dua")
    Award.objects.create(
        organisation=cast.head_org, award_type=flag, year=2025, name="x", cycle=cast.cycle
    )
    bang_khen = AwardType.objects.get(code="bang-khen")
    # Typed in from paper, without its cycle: it counts for the unit's block that year.
    Award.objects.create(organisation=cast.member_org, award_type=bang_khen, year=2025, name="y")
    scores, awards = board.scores_by_year(), board.awards_by_year()
    assert scores.years == [2025] and scores.rows == [(cast.block.name, [pytest.approx(85.5)])]
    assert awards.rows == [(cast.block.name, [2])]
    signin(client, cast.board)
    page = client.get(reverse("board:home")).content.decode()
    assert 'id="board-scores-chart"' in page and "85,50" in page
    assert 'id="board-awards-data"' in page and "chart-4.6.1.umd.min.js" in page


@pytest.mark.parametrize("table", board.TABLES)
def test_each_table_of_the_dashboard_exports_to_excel(client, cast, table):
    _phase(cast.cycle, Phase.SIGNING)
    _sign(_version(cast.cycle), cast.head_org, cast.board)
    signin(client, cast.board)
    response = client.get(reverse("board:xlsx", args=[table]))
    assert response["Content-Disposition"] == f'attachment; filename="thidua-{table}.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Khối thi đua 8" in values or table != "progress"
    if table == "progress":
        assert any("Hội Luật gia tỉnh" in str(v) for v in values)
    assert client.get(reverse("board:xlsx", args=["nothing"])).status_code == 404


def test_members_keep_their_own_dashboard(client, cast):
    signin(client, cast.member_rep)
    page = client.get(reverse("board:home")).content.decode()
    assert 'id="cycles-h"' in page and 'id="progress-h"' not in page


def _block_with_cycle(cast, n: int) -> None:
    units = [make_org(cast.province, f"Hội số {n}-{i}") for i in range(3)]
    block = make_block(cast.province, f"Khối thử {n}", units)
    cycle = cycles.create_cycle(
        actor=None, block=block, year=2025, head_unit=units[0], deputy_unit=units[1]
    )
    _phase(cycle, [Phase.SIGNING, Phase.DRAFTING, Phase.SELF_ASSESSMENT, Phase.EVALUATION][n % 4])
    if cycle.phase == Phase.EVALUATION:
        _open_session(cycle, present=units, voted=units[:1])
    version = _version(cycle)
    _sign(version, units[0], cast.board)
    window = _window(
        _version(cycle, DocumentKind.PLAN, frozen=False), cast.board, days=n % 2 * 4 - 2
    )
    Comment.objects.create(window=window, unit=units[1], author=cast.board, text="Ý kiến")
    ScoreSheet.objects.create(cycle=cycle, unit=units[2], kind=SheetKind.SELF, status="submitted")


@pytest.mark.usefixtures("page_builds")
def test_the_dashboard_makes_the_same_number_of_queries_for_3_or_30_blocks(
    client, cast, django_assert_max_num_queries
):
    signin(client, cast.board)
    url = reverse("board:home")
    for n in range(4):
        _block_with_cycle(cast, n)
    client.get(url)
    # Measured without the cache: the budget is what a page costs when it computes everything.
    cache.clear()
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(4, 30):
        _block_with_cycle(cast, n)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Khối thử") >= 30
    xlsx = reverse("board:xlsx", args=["progress"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(xlsx).status_code == 200


def test_the_progress_table_is_recomputed_after_any_write(client, cast):
    cycle = cast.cycle
    first = {r.cycle.pk: r for r in board.progress()}[cycle.pk]
    cycles.advance_phase(actor=cast.board, cycle=cycle, to_phase=Phase.DRAFTING)
    again = {r.cycle.pk: r for r in board.progress()}[cycle.pk]
    assert first.cycle.phase == Phase.PREPARING and again.cycle.phase == Phase.DRAFTING
