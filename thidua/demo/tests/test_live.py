"""An explorable demo: the merged province's blocks have history and current cycles in live
phases, each printed sign-in can open the page of its next task, and the load sends no e-mail."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from thidua.accounts.models import User
from thidua.awards.models import Proposal, ProposalStatus
from thidua.awards.services import accept_proposal
from thidua.board import dashboard
from thidua.cycles.models import Cycle, Phase
from thidua.demo import data, lam_dong, signins
from thidua.demo import remote as demo_remote
from thidua.drafting.access import window_is_open
from thidua.drafting.models import Comment, CommentWindow
from thidua.orgs.models import Block, Membership
from thidua.scoring import selectors as scoring_selectors
from thidua.scoring.models import ScoreSheet, SheetKind, SheetStatus
from thidua.signing import selectors as signing_selectors
from thidua.testing import signin
from thidua.voting.models import BallotSession, SessionStatus, VoterRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def output(demo_data) -> str:
    """What `manage.py load_demo` printed (the demo is shared, thidua/testshared.py)."""
    return demo_data.output


def _live(phase: str) -> Cycle:
    return Cycle.objects.get(block__name=signins.LIVE[phase].name, phase=phase)


@pytest.mark.django_db(transaction=True)
def test_the_load_prints_three_lines_and_counts_the_emails_it_did_not_send(settings, capsys):
    """With real commits, as under `make run`: the notifications' e-mails go out when the load's
    transaction commits, and go nowhere."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Subject:" not in capsys.readouterr().out
    assert not mail.outbox
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert int(lines[1].split()[0]) > 100 and "not sent" in lines[1]


def test_lam_dong_blocks_have_their_closed_years_and_one_live_cycle_each(output):
    year = lam_dong.current_year(timezone.now())
    for spec in lam_dong.BLOCKS:
        block = Block.objects.get(name=spec.name, province__code=data.LAM_DONG.code)
        phases = dict(Cycle.objects.filter(block=block).values_list("year", "phase"))
        if spec.live == Phase.SIGNING:  # its first cycle is this year's
            assert phases == {year: spec.live}
        else:
            assert phases == {year - 2: Phase.CLOSED, year - 1: Phase.CLOSED, year: spec.live}
        members = Membership.objects.filter(block=block, year=year)
        assert members.count() == len(spec.units) + len(spec.joining)
    # Bình Thuận's blocks closed once their associations joined Lâm Đồng's.
    assert not Block.objects.filter(province__code=data.BINH_THUAN.code, is_active=True).exists()
    # The Board's charts compare blocks and years.
    scores = dashboard.scores_by_year()
    assert {year - 2, year - 1} <= set(scores.years)
    scored_last_year = {row[0] for row in scores.rows if row[1][-2] is not None}
    # Khối thi đua 8's last year (2025) is scored too, before the block closed.
    expected = {spec.name for spec in lam_dong.BLOCKS if spec.live != Phase.SIGNING}
    if year - 1 == data.LAST_YEAR:
        expected.add(data.BLOCK8_NAME)
    assert scored_last_year == expected
    awarded = dashboard.awards_by_year()
    assert len(awarded.rows) >= len(expected)


def test_each_live_cycle_has_its_open_task(output):
    now = timezone.now()
    drafting = _live(Phase.DRAFTING)
    windows = CommentWindow.objects.filter(version__document__cycle=drafting)
    assert windows.count() == 3 and all(window_is_open(w, now) for w in windows)
    comments = Comment.objects.filter(window__in=windows)
    assert comments.filter(answer_status="").count() == 2  # for the head to answer
    nhabao = User.objects.get(username=data.leader_username("nhabao"))
    assert not comments.filter(unit=nhabao.organisation).exists()

    scoring = _live(Phase.CROSS_SCORING)
    luatgia = User.objects.get(username=data.representative_username("luatgia"))
    assigned = scoring_selectors.units_scored_by(scoring, luatgia.organisation_id)
    assert len(assigned) == 2
    assert not ScoreSheet.objects.filter(
        cycle=scoring, kind=SheetKind.CROSS, scorer=luatgia.organisation
    ).exists()
    submitted = ScoreSheet.objects.filter(
        cycle=scoring, kind=SheetKind.CROSS, status=SheetStatus.SUBMITTED
    )
    assert submitted.exists()
    assert ScoreSheet.objects.filter(
        cycle=scoring, kind=SheetKind.SELF, status=SheetStatus.SUBMITTED
    ).count() == len(scoring_selectors.member_ids(scoring))

    evaluation = _live(Phase.EVALUATION)
    sessions = BallotSession.objects.filter(cycle=evaluation)
    assert sessions.count() == 2 and all(s.status == SessionStatus.OPEN for s in sessions)
    persona = User.objects.get(username=data.representative_username(data.PERSONA_CODE))
    assert not VoterRecord.objects.filter(
        session__in=sessions, organisation=persona.organisation
    ).exists()
    assert VoterRecord.objects.filter(session__in=sessions).count() == 2 * 4

    signing = _live(Phase.SIGNING)
    version = signing_selectors.signing_version(signing)
    assert version is not None and version.frozen_at is not None
    remote_signer = User.objects.get(username=data.leader_username(lam_dong.REMOTE_SIGNER_CODE))
    signed = set(version.signatures.values_list("unit_id", flat=True))
    assert len(signed) == 2 and remote_signer.organisation_id not in signed
    assert (demo_remote.keys_dir() / f"{remote_signer.username}.p12").exists()

    waiting = Proposal.objects.filter(cycle=_live(Phase.PROPOSED))
    assert waiting.exists() and {p.status for p in waiting} == {ProposalStatus.SUBMITTED}
    assert all(p.submitted_at <= now for p in waiting)


def test_every_printed_sign_in_exists_and_opens_the_page_it_is_told_to_try(output):
    entries = signins.sign_ins()
    assert len({e.username for e in entries}) == len(entries) == 7
    for entry in entries:
        user = User.objects.get(username=entry.username)
        assert user.is_active and user.check_password(data.DEMO_PASSWORD)
        client = signin(Client(), user)
        page = client.get(entry.path)
        assert page.status_code == 200, (entry.username, entry.path)


def test_once_a_task_is_done_its_sign_in_points_to_the_cycle_instead(output, capsys):
    board = User.objects.get(username=data.BOARD_OFFICER.username)
    for proposal in Proposal.objects.filter(cycle=_live(Phase.PROPOSED)):
        accept_proposal(actor=board, proposal=proposal)
    first = signins.sign_ins()[0]
    assert first.username == board.username and first.path == "/"
    call_command("demo_signins")
    assert "older demo" not in capsys.readouterr().out
