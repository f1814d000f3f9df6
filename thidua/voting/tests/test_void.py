"""A ballot closed with fewer ballots than the policy's quorum of the member units is void: no
tally is counted or published (a lone voter's choice must never be told by a count), the
bulletin board and the minutes say why, and the head holds it again (issue 15 item 4). An
election that elected nobody without a tie can be held again too."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.notifications.models import Notification
from thidua.testing import signin
from thidua.voting import ballot_box, documents, selectors, services
from thidua.voting.models import BallotSession
from thidua.voting.tests.builders import evaluation, open_flag_session, others_vote, unit_voters

pytestmark = pytest.mark.django_db


def _lone_vote(cast, session, choice="agree"):
    """Hội Người mù alone votes: 1 of the 4 member units (the quorum is 3)."""
    return ballot_box.cast_ballot(
        actor=cast.member_rep,
        session=session,
        unit=cast.member_org,
        choices={c.pk: choice for c in session.candidates.all()},
        reauthenticated=True,
    )


def _minutes_text(cast) -> str:
    document = docx.Document(io.BytesIO(documents.minutes_docx(cast.cycle)))
    return "\n".join(p.text for p in document.paragraphs)


def test_closing_below_the_quorum_declares_the_ballot_void_and_counts_nothing(cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    closed = services.close_session(actor=cast.head_rep, session=session)
    assert closed.status == "void"
    assert (closed.issued, closed.returned, closed.ballots_needed) == (4, 1, 3)
    assert closed.valid is None
    # No tally: no candidate has a count or a result.
    assert list(closed.candidates.values_list("agree", "passed", "tied")) == [(None, None, False)]
    event = AuditEvent.objects.filter(action="voting.session.void").get()
    assert event.after["returned"] == 1 and event.after["ballots_needed"] == 3
    assert not AuditEvent.objects.filter(action="voting.session.close").exists()
    # The members are told it is void, not given a result.
    assert Notification.objects.filter(kind="voting.void").exists()
    assert not Notification.objects.filter(kind="voting.closed").exists()


def test_at_the_quorum_the_ballot_is_counted(cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    others_vote(cast, session, 2)
    closed = services.close_session(actor=cast.head_rep, session=session)
    assert closed.status == "closed" and closed.ballots_needed == 3
    assert closed.candidates.get().agree == 3


def test_the_quorum_of_ballots_follows_the_policy(cast):
    policy = cast.cycle.policy
    policy.quorum_numerator, policy.quorum_denominator = 1, 2
    policy.save()
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    others_vote(cast, session, 1)
    assert services.close_session(actor=cast.head_rep, session=session).status == "closed"


def test_the_void_ballot_publishes_no_ballot_and_says_why(client, cast):
    session = open_flag_session(cast)
    receipt = _lone_vote(cast, session, choice="disagree")
    signin(client, cast.head_rep)
    client.post(reverse("voting:close", args=[session.pk]))
    page = client.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert "Vô hiệu" in page and "1/4 đơn vị đã bỏ phiếu" in page
    assert "Không đồng ý" not in page and "Không đạt" not in page
    board = client.get(reverse("voting:bulletin", args=[session.pk])).content.decode()
    assert "Vô hiệu" in board and "chỉ có 1 trong số 3 phiếu cần thiết" in board
    assert ballot_box.receipt_hash(receipt) not in board
    assert "Không đồng ý" not in board
    ballots = client.get(reverse("voting:cycle", args=[cast.cycle.pk])).content.decode()
    assert "1/4 đơn vị đã bỏ phiếu, chưa đủ số phiếu tối thiểu: không kiểm phiếu" in ballots


def test_the_minutes_record_the_void_ballot_with_its_turnout(cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    services.close_session(actor=cast.head_rep, session=session)
    text = _minutes_text(cast)
    assert "1/4 đơn vị đã bỏ phiếu" in text
    assert "không có giá trị, không kiểm phiếu và không công bố kết quả" in text
    assert "số phiếu tối thiểu 3" in text
    data = documents.ballots_data(cast.cycle)["sessions"][0]
    assert data["status"] == "void" and data["bulletin_board"] == []


def test_the_head_holds_a_void_ballot_again_with_the_same_candidates(client, cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    void = services.close_session(actor=cast.head_rep, session=session)
    signin(client, cast.head_rep)
    page = client.get(reverse("voting:session", args=[void.pk])).content.decode()
    assert reverse("voting:hold_again", args=[void.pk]) in page
    response = client.post(reverse("voting:hold_again", args=[void.pk]))
    again = BallotSession.objects.get(repeat_of=void)
    assert response.url == reverse("voting:session", args=[again.pk])
    assert (again.status, again.round, again.seats, again.kind) == ("prepared", 2, 1, "award")
    assert again.award_type_id == void.award_type_id
    assert [c.organisation_id for c in again.candidates.all()] == [
        c.organisation_id for c in void.candidates.all()
    ]
    assert AuditEvent.objects.filter(action="voting.session.hold_again").exists()
    # Once only, and the new ballot runs like any other.
    with translation.override("en"), pytest.raises(DomainError, match="already been held again"):
        services.hold_again(actor=cast.head_rep, session=void)
    again = services.open_session(actor=cast.head_rep, session=again)
    _lone_vote(cast, again)
    others_vote(cast, again, 2)
    assert services.close_session(actor=cast.head_rep, session=again).status == "closed"
    assert "tổ chức bỏ phiếu lại, vòng 2" in _minutes_text(cast)


def test_a_counted_award_ballot_cannot_be_held_again(cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    others_vote(cast, session, 2)
    closed = services.close_session(actor=cast.head_rep, session=session)
    with pytest.raises(DomainError, match="Only a void ballot"):
        services.hold_again(actor=cast.head_rep, session=closed)


def test_an_election_without_winner_or_tie_can_be_held_again(cast):
    evaluation(cast)
    head = services.prepare_session(
        actor=cast.head_rep, cycle=cast.cycle, kind="head", nominees=[cast.deputy_org]
    )
    head = services.open_session(actor=cast.head_rep, session=head)
    for user in unit_voters(cast).values():
        ballot_box.cast_ballot(
            actor=user,
            session=head,
            unit=user.organisation,
            choices={c.pk: "disagree" for c in head.candidates.all()},
            reauthenticated=True,
        )
    closed = services.close_session(actor=cast.head_rep, session=head)
    assert closed.status == "closed" and not closed.candidates.filter(passed=True).exists()
    again = services.hold_again(actor=cast.head_rep, session=closed)
    assert again.kind == "head" and again.round == 2 and again.repeat_of == closed


def test_only_the_head_or_the_board_holds_a_ballot_again(cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    void = services.close_session(actor=cast.head_rep, session=session)
    with pytest.raises(DomainError):
        services.hold_again(actor=cast.member_rep, session=void)
    assert not BallotSession.objects.filter(repeat_of=void).exists()


def test_the_close_dialog_states_turnout_quorum_and_what_will_happen(client, cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    signin(client, cast.head_rep)
    url = reverse("voting:close", args=[session.pk])
    page = client.get(url).content.decode()
    assert "1/4 đơn vị đã bỏ phiếu" in page
    assert "ít nhất 3 đơn vị" in page  # the quorum of ballots
    assert "Cảnh báo:" in page and "tuyên bố vô hiệu" in page
    assert "Xác nhận: kết thúc và tuyên bố cuộc bỏ phiếu vô hiệu" in page
    session.refresh_from_db()
    assert session.status == "open"  # the dialog itself changes nothing
    others_vote(cast, session, 2)
    page = client.get(url).content.decode()
    assert "3/4 đơn vị đã bỏ phiếu" in page
    assert "Xác nhận: kết thúc và kiểm phiếu" in page
    assert "tuyên bố vô hiệu" not in page
    # The one unit that has not voted is named, in words.
    assert "1 đơn vị chưa bỏ phiếu" in page


def test_the_close_dialog_keeps_its_queries_bounded(client, cast, django_assert_max_num_queries):
    session = open_flag_session(cast)
    signin(client, cast.head_rep)
    url = reverse("voting:close", args=[session.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)
    others_vote(cast, session, 3)
    with django_assert_max_num_queries(25):
        client.get(url)


def test_a_paper_count_below_the_quorum_is_void_too(cast):
    evaluation(cast)
    session = open_flag_session(cast)
    session = BallotSession.objects.create(
        cycle=session.cycle,
        meeting=session.meeting,
        kind="head",
        seats=1,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        vote_base="all",
        member_count=4,
    )
    candidate = session.candidates.create(organisation=cast.deputy_org)
    void = services.record_paper_count(
        actor=cast.head_rep,
        session=session,
        count=services.PaperCount(
            issued=4,
            returned=2,
            valid=2,
            invalid=0,
            agree={candidate.pk: 1},
            committee=[{"name": n} for n in ("Nguyễn Văn A", "Trần Thị B", "Lê Văn C")],
        ),
    )
    assert (void.status, void.mode, void.returned, void.ballots_needed) == ("void", "paper", 2, 3)
    candidate.refresh_from_db()
    assert candidate.agree is None and candidate.passed is None
    assert AuditEvent.objects.filter(action="voting.session.paper_void").exists()


def test_closing_void_says_once_what_happened_and_what_next(client, cast):
    session = open_flag_session(cast)
    _lone_vote(cast, session)
    signin(client, cast.head_rep)
    page = client.post(reverse("voting:close", args=[session.pk]), follow=True).content.decode()
    assert "Cuộc bỏ phiếu đã kết thúc và vô hiệu" in page
    # The reason is on the page once (in its own notice), not repeated by the message.
    session.refresh_from_db()
    assert page.count(selectors.turnout(session).void_text) == 1
