"""The ballot pages through the web client: vote after re-authentication, receipt shown once,
the head sees only who voted while open, the bulletin board after closing, paper counts."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from thidua.accounts.reauth import SESSION_KEY
from thidua.testing import signin
from thidua.voting import ballot_box, services
from thidua.voting.models import Ballot, BallotSession, VoterRecord
from thidua.voting.tests.builders import (
    evaluation,
    flag_session,
    open_flag_session,
    others_vote,
    unit_voters,
)

pytestmark = pytest.mark.django_db


def _reauthed(client, user):
    signin(client, user)
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()
    return client


RECEIPT = re.compile(r'id="receipt-code"[^>]*>([A-Z0-9-]+)<')


def _cast(client, session, data):
    """The two steps of a vote: the ballot, then the confirmation page that shows the receipt
    code before the ballot is cast. Returns the answer to the cast and the code shown first."""
    url = reverse("voting:ballot", args=[session.pk])
    review = client.post(url, data)
    shown = RECEIPT.search(review.content.decode())
    assert shown, "the confirmation step shows the receipt code"
    code = shown.group(1)
    return client.post(url, {**data, "step": "cast", "receipt": code}), code


def _vote(client, session, choice="agree"):
    candidate = session.candidates.get()
    return _cast(client, session, {f"c{candidate.pk}": choice})[0]


def test_a_delegate_votes_and_sees_the_receipt_once(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    page = client.get(reverse("voting:ballot", args=[session.pk])).content.decode()
    assert "<fieldset" in page and "<legend" in page
    response = _vote(client, session)
    assert response.status_code == 200
    text = response.content.decode()
    code = RECEIPT.search(text).group(1)
    assert Ballot.objects.get().receipt_hash == ballot_box.receipt_hash(code)
    assert 'role="alert"' in text
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("voting:ballot", args=[session.pk])).content.decode()
    assert code not in again
    assert "already voted" in again or "đã bỏ phiếu" in again


def test_voting_without_a_recent_confirmation_goes_to_re_authentication(client, cast):
    session = open_flag_session(cast)
    signin(client, cast.member_rep)
    candidate = session.candidates.get()
    url = reverse("voting:ballot", args=[session.pk])
    for step in ("review", "cast"):
        data = {f"c{candidate.pk}": "agree", "step": step, "receipt": "ABCDE-23456"}
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not VoterRecord.objects.exists()


def test_a_missing_choice_is_reported_on_the_form_and_nothing_is_saved(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    response = client.post(reverse("voting:ballot", args=[session.pk]), {})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not Ballot.objects.exists()


def test_while_open_the_head_sees_who_voted_but_no_count(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _vote(client, session)
    signin(client, cast.head_rep)
    page = client.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert cast.member_org.name in page
    assert "1 / " not in page
    board = client.get(reverse("voting:bulletin", args=[session.pk])).content.decode()
    assert Ballot.objects.get().receipt_hash not in board


def test_after_closing_the_voter_finds_the_ballot_on_the_bulletin_board(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    text = _vote(client, session).content.decode()
    code = RECEIPT.search(text).group(1)
    others_vote(cast, session, 2)
    signin(client, cast.head_rep)
    client.post(reverse("voting:close", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "closed"
    url = reverse("voting:bulletin", args=[session.pk])
    board = client.get(url).content.decode()
    assert ballot_box.receipt_hash(code) in board
    found = client.post(url, {"code": code.lower()}).content.decode()
    assert "counted" in found or "đã được kiểm" in found
    wrong = client.post(url, {"code": "AAAAA-AAAAA"}).content.decode()
    assert 'id="error-summary"' in wrong


def test_the_head_prepares_a_ballot_with_chosen_candidates(client, cast):
    evaluation(cast)
    signin(client, cast.head_rep)
    flag = cast.cycle.policy.quotas.get(award_type__is_flag=True).award_type
    key = f"award-{flag.pk}"
    url = reverse("voting:prepare", args=[cast.cycle.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"target": key, f"{key}-nominees": [cast.head_org.pk]})
    assert "outside the quota" in refused.content.decode() or "ngoài" in refused.content.decode()
    assert not BallotSession.objects.exists()
    client.post(url, {"target": key, f"{key}-nominees": [cast.member_org.pk]})
    assert BallotSession.objects.get().candidates.get().organisation == cast.member_org


def test_a_paper_count_with_errors_shows_them_on_the_fields(client, cast):
    session = flag_session(cast)
    candidate = session.candidates.get()
    signin(client, cast.head_rep)
    url = reverse("voting:paper", args=[session.pk])
    data = {
        "issued": 4,
        "returned": 4,
        "valid": 2,
        "invalid": 1,
        f"agree_{candidate.pk}": 2,
        "committee_1_name": "Nguyễn Văn A",
        "committee_2_name": "Trần Thị B",
        "committee_3_name": "Lê Văn C",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    session.refresh_from_db()
    assert session.status == "prepared"
    data["valid"] = 3
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.mode) == ("closed", "paper")


def test_the_cycle_page_keeps_its_queries_bounded(client, cast, django_assert_max_num_queries):
    evaluation(cast)
    services.prepare_all(actor=cast.head_rep, cycle=cast.cycle)
    signin(client, cast.head_rep)
    url = reverse("voting:cycle", args=[cast.cycle.pk])
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    for user in unit_voters(cast).values():
        assert user.organisation_id
    session = BallotSession.objects.filter(kind="head").get()
    services.open_session(actor=cast.head_rep, session=session)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("voting:session", args=[session.pk])).status_code == 200


def test_a_tied_election_goes_to_a_run_off_where_each_delegate_chooses_one(client, cast):
    evaluation(cast)
    session = services.prepare_session(actor=cast.head_rep, cycle=cast.cycle, kind="head")
    # At least half of the members: two votes each for the two leading units is a tie.
    BallotSession.objects.filter(pk=session.pk).update(threshold_strict=False)
    signin(client, cast.head_rep)
    page = client.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert "4/4" in page or "4 of 4" in page
    client.post(reverse("voting:open", args=[session.pk]))
    voters = list(unit_voters(cast).values())
    picks = [cast.head_org, cast.head_org, cast.deputy_org, cast.deputy_org]
    for user, pick in zip(voters, picks, strict=True):
        candidate = session.candidates.get(organisation=pick)
        _reauthed(client, user)
        response, _code = _cast(client, session, {"chosen": [candidate.pk]})
        assert 'id="receipt-code"' in response.content.decode()
    signin(client, cast.head_rep)
    client.post(reverse("voting:close", args=[session.pk]))
    assert set(session.candidates.filter(tied=True).values_list("organisation", flat=True)) == {
        cast.head_org.pk,
        cast.deputy_org.pk,
    }
    response = client.post(reverse("voting:runoff", args=[session.pk]))
    runoff = BallotSession.objects.get(runoff_of=session)
    assert response["Location"] == reverse("voting:session", args=[runoff.pk])
    assert runoff.candidates.count() == 2 and runoff.seats == 1
    client.post(reverse("voting:open", args=[runoff.pk]))
    winner = runoff.candidates.get(organisation=cast.deputy_org)
    for user in voters:
        _reauthed(client, user)
        _cast(client, runoff, {"chosen": [winner.pk]})
    signin(client, cast.head_rep)
    client.post(reverse("voting:close", args=[runoff.pk]))
    winner.refresh_from_db()
    assert (winner.agree, winner.passed) == (4, True)
    page = client.get(reverse("voting:cycle", args=[cast.cycle.pk])).content.decode()
    assert cast.deputy_org.name in page


def _bulletin_queries(client, cast, session, ballots: int, start: int = 0) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    candidate = session.candidates.get()
    for i in range(start, start + ballots):
        Ballot.objects.create(
            session=session,
            receipt_hash=ballot_box.receipt_hash(f"CODE{i:06d}"),
            choices={str(candidate.pk): "agree"},
        )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("voting:bulletin", args=[session.pk])).status_code == 200
    return len(queries)


def test_the_bulletin_board_costs_the_same_queries_for_few_or_many_ballots(client, cast):
    session = open_flag_session(cast)
    session = services.close_session(actor=cast.head_rep, session=session)
    signin(client, cast.member_rep)
    few = _bulletin_queries(client, cast, session, 3)
    many = _bulletin_queries(client, cast, session, 60, start=100)
    assert few == many
    assert few <= 25
