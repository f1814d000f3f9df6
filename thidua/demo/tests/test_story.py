"""The demo tells one true story: every timestamp it writes is the moment of its step in the
story (thidua/demo/data.py), never the day of the load, and official texts carry no demo marker."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pypdf
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.awards.models import Decision, Proposal, ProposalEvent
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle, Phase
from thidua.demo import data
from thidua.drafting.models import Comment, CommentWindow, DocumentVersion
from thidua.meetings.models import Meeting, MeetingKind, Registration
from thidua.orgs.models import Province
from thidua.reports import archive
from thidua.scoring.models import PublishedRanking, ScoreSheet, SheetKind
from thidua.signing.models import Signature
from thidua.testing import signin
from thidua.voting.models import BallotSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded_at(demo_data) -> dt.datetime:
    """The moment the load began (the end of the demo's story)."""
    assert demo_data.began <= demo_data.loaded_at <= timezone.now()
    return demo_data.loaded_at


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _cycle(year: int) -> Cycle:
    return Cycle.objects.get(block__name=data.BLOCK8_NAME, year=year)


def test_the_2024_dossier_is_sent_returned_resent_accepted_then_decided_in_that_order(loaded_at):
    first = Proposal.objects.filter(cycle=_cycle(2024)).order_by("award_type__order").first()
    events = list(ProposalEvent.objects.filter(proposal=first).order_by("at", "pk"))
    actions = ["submitted", "returned", "submitted", "accepted", "decided"]
    assert [e.action for e in events] == actions
    times = [e.at for e in events]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert [_day(t) for t in times[:4]] == [
        dt.date(2025, 1, 14),
        dt.date(2025, 1, 17),
        dt.date(2025, 1, 21),
        dt.date(2025, 1, 24),
    ]
    decision = Decision.objects.get(proposal=first)
    assert decision.date == dt.date(2025, 3, 12)
    assert _day(decision.recorded_at) == _day(times[4]) == dt.date(2025, 3, 13)
    first.refresh_from_db()
    assert _day(first.submitted_at) == dt.date(2025, 1, 21)  # the last sending
    assert first.date == dt.date(2025, 1, 10) and _day(first.created_at) == dt.date(2025, 1, 10)


def test_the_2024_cycle_happens_on_the_days_of_the_story(loaded_at):
    cycle = _cycle(2024)
    launch = dt.date(2024, 3, 25)
    assert _day(cycle.created_at) == dt.date(2024, 2, 20)
    comments = Comment.objects.filter(window__version__document__cycle=cycle)
    assert comments.exists()
    assert all(_day(c.created_at) < launch and _day(c.answered_at) < launch for c in comments)
    assert all(
        _day(w.opened_at) < _day(w.closed_at) < launch
        for w in CommentWindow.objects.filter(version__document__cycle=cycle)
    )
    covenant = DocumentVersion.objects.get(
        document__cycle=cycle, document__kind="covenant", frozen_at__isnull=False
    )
    signatures = Signature.objects.filter(version__document__cycle=cycle)
    assert signatures.count() == 12
    assert {_day(s.signed_at) for s in signatures} == {launch}
    assert all(covenant.frozen_at < s.signed_at for s in signatures)
    launch_meeting = Meeting.objects.get(cycle=cycle, kind=MeetingKind.LAUNCH)
    assert launch_meeting.date == launch and _day(launch_meeting.created_at) == launch
    assert {_day(r.created_at).month for r in Registration.objects.filter(cycle=cycle)} == {4}
    sheets = ScoreSheet.objects.filter(cycle=cycle)
    for kind in (SheetKind.SELF, SheetKind.CROSS):
        days = {_day(s.submitted_at) for s in sheets.filter(kind=kind)}
        assert days and all(dt.date(2024, 12, 1) < d < dt.date(2024, 12, 25) for d in days)
    last_self = max(s.submitted_at for s in sheets.filter(kind=SheetKind.SELF))
    assert last_self < min(s.submitted_at for s in sheets.filter(kind=SheetKind.CROSS))
    assert _day(PublishedRanking.objects.get(cycle=cycle).published_at) == dt.date(2024, 12, 27)
    review = dt.date(2025, 1, 8)
    assert Meeting.objects.get(cycle=cycle, kind=MeetingKind.YEAR_END).date == review
    for session in BallotSession.objects.filter(cycle=cycle):
        assert _day(session.opened_at) == _day(session.closed_at) == review
    assert _day(_cycle(2025).created_at) == review  # the election made it


def test_khoi_8s_2025_cycle_closes_in_2026_with_its_decision_on_the_days_of_the_story(loaded_at):
    cycle = _cycle(2025)
    assert cycle.phase == Phase.CLOSED
    advances = AuditEvent.objects.filter(
        action="cycle.advance_phase", object_id=str(cycle.pk)
    ).order_by("seq")
    assert [(e.after["phase"], _day(e.created_at)) for e in advances] == [
        (phase, _day(moment)) for phase, moment in data.PHASES_2025.items()
    ]
    assert {_day(r.created_at) for r in Registration.objects.filter(cycle=cycle)} <= {
        dt.date(2025, 4, d) for d in range(17, 22)
    }
    sheets = ScoreSheet.objects.filter(cycle=cycle)
    self_days = {_day(s.submitted_at) for s in sheets.filter(kind=SheetKind.SELF)}
    cross_days = {_day(s.submitted_at) for s in sheets.filter(kind=SheetKind.CROSS)}
    assert self_days and all(dt.date(2025, 12, 1) < d < dt.date(2025, 12, 11) for d in self_days)
    assert cross_days and all(dt.date(2025, 12, 11) < d < dt.date(2025, 12, 24) for d in cross_days)
    assert _day(PublishedRanking.objects.get(cycle=cycle).published_at) == dt.date(2025, 12, 27)
    review = dt.date(2026, 1, 7)
    meeting = Meeting.objects.get(cycle=cycle, kind=MeetingKind.YEAR_END)
    assert meeting.date == review == _day(meeting.created_at)
    sessions = BallotSession.objects.filter(cycle=cycle)
    # The block's last year: titles only, no head or deputy for a 2026 cycle.
    assert set(sessions.values_list("kind", flat=True)) == {"award"}
    assert set(sessions.values_list("status", flat=True)) == {"closed"}
    for session in sessions:
        assert _day(session.opened_at) == _day(session.closed_at) == review
        assert session.present_count == session.returned == 11 >= session.ballots_needed
    assert not Cycle.objects.filter(block=cycle.block, year=2026).exists()
    proposals = Proposal.objects.filter(cycle=cycle).order_by("award_type__order")
    assert proposals.count() == 2
    for proposal in proposals:
        events = ProposalEvent.objects.filter(proposal=proposal).order_by("at", "pk")
        assert [(e.action, _day(e.at)) for e in events] == [
            ("submitted", dt.date(2026, 1, 16)),
            ("accepted", dt.date(2026, 1, 23)),
            ("decided", dt.date(2026, 3, 11)),
        ]
        assert proposal.date == dt.date(2026, 1, 9) == _day(proposal.created_at)
        decision = Decision.objects.get(proposal=proposal)
        assert decision.date == dt.date(2026, 3, 10)
        assert _day(decision.recorded_at) == dt.date(2026, 3, 11)
        assert decision.signer_position.endswith("Lâm Đồng")
    closed = AuditEvent.objects.get(action="block.update", object_id=str(cycle.block_id))
    assert _day(closed.created_at) == dt.date(2026, 3, 17) and closed.after["active"] is False


def test_no_business_date_is_later_than_the_moment_it_was_recorded(loaded_at):
    """A meeting is recorded on or after its day, a dossier sent on or after its date, a
    decision recorded on or after the day it was signed."""
    for meeting in Meeting.objects.all():
        assert meeting.date <= _day(meeting.created_at), meeting
    for proposal in Proposal.objects.exclude(submitted_at=None):
        assert proposal.date <= _day(proposal.submitted_at), proposal
    for decision in Decision.objects.all():
        assert decision.date <= _day(decision.recorded_at), decision


def test_khoi_8s_2025_documents_name_lam_dong_and_cite_decree_152(loaded_at):
    texts = _archive_texts(archive.build(_cycle(2025)))
    wanted = ["voting/minutes.docx", "voting/minutes.pdf", "scoring/ranking.pdf"]
    wanted += [n for n in texts if n.startswith("awards/to-trinh")]
    assert len(wanted) == 3 + 4  # two tờ trình, each in Word and PDF
    for name in wanted:
        text = " ".join(texts[name].split())
        assert "LÂM ĐỒNG" in text.upper() and "BÌNH THUẬN" not in text.upper(), name
        assert data.DEMO_MARK.lower() not in text.lower(), name
    for name in ["voting/minutes.docx", *(n for n in wanted if "to-trinh" in n)]:
        assert "152/2025/NĐ-CP" in texts[name], name


def test_later_events_follow_in_order_and_nothing_is_dated_after_the_load(loaded_at):
    signed = Signature.objects.filter(version__document__cycle=_cycle(2025))
    assert {_day(s.signed_at) for s in signed} == {dt.date(2025, 4, 15)}
    merge = AuditEvent.objects.get(action="province.merge", object_label="Bình Thuận")
    assert _day(merge.created_at) == data.MERGER_DATE
    assert Province.objects.get(code="binh-thuan").valid_to == dt.date(2025, 6, 30)
    # The audit log was appended in the story's order (across the main and the blocks' chains)
    # and still verifies.
    stamps = list(AuditEvent.objects.order_by("id").values_list("created_at", flat=True))
    assert stamps == sorted(stamps)
    assert _day(stamps[0]) == dt.date(2024, 1, 15)
    assert verify_chain() == (len(stamps), None)
    # No timestamp of any model is later than the moment the load began (a deadline or the end
    # of a certificate's validity is a moment to come, not one that happened).
    for field, latest in _latest_timestamps():
        assert latest <= loaded_at, f"{field} is {latest}, after the load began ({loaded_at})"
    assert User.objects.filter(date_joined__year=2024).count() == User.objects.count()


#: Fields that hold a moment to come: a comment window's deadline, a certificate's or a token's end.
TO_COME = {"deadline", "not_after", "expires_at"}


def _latest_timestamps() -> list[tuple[str, dt.datetime]]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and field.name not in TO_COME:
                latest = model._default_manager.aggregate(m=models.Max(field.name))["m"]
                if latest is not None:
                    found.append((f"{model._meta.label}.{field.name}", latest))
    return found


def test_the_2024_documents_carry_no_demo_marker_in_their_text(loaded_at):
    texts = _archive_texts(archive.build(_cycle(2024)))
    assert len(texts) > 15
    assert any(name.startswith("awards/") for name in texts)  # tờ trình and reports too
    for name, text in texts.items():
        assert text.strip(), name
        assert data.DEMO_MARK.lower() not in text.lower(), name
        assert "minh hoạ" not in text.lower() and "minh họa" not in text.lower(), name


def _archive_texts(zipped: bytes) -> dict[str, str]:
    texts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(zipped)) as files:
        for name in files.namelist():
            content = io.BytesIO(files.read(name))
            if name.endswith(".docx"):
                texts[name] = _docx_text(content)
            elif name.endswith(".pdf"):
                texts[name] = "\n".join(
                    page.extract_text() for page in pypdf.PdfReader(content).pages
                )
            elif name.endswith(".xlsx"):
                workbook = load_workbook(content, read_only=True)
                texts[name] = "\n".join(
                    str(cell)
                    for sheet in workbook.worksheets
                    for row in sheet.iter_rows(values_only=True)
                    for cell in row
                    if cell is not None
                )
    return texts


def _docx_text(content: Any) -> str:
    document = Docx(content)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def test_the_boards_queue_shows_the_2024_dossiers_sent_in_january_2025(loaded_at, client):
    signin(client, User.objects.get(username=data.BOARD_OFFICER.username))
    page = client.get(reverse("awards:queue"), {"year": 2024})
    assert page.status_code == 200
    html = page.content.decode()
    assert "21/01/2025" in html  # the returned dossier, sent again
    assert "14/01/2025" in html  # the other one, accepted as first sent
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert today not in html
