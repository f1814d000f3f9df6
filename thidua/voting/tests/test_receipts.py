"""The receipt code exists before the ballot is cast: shown on the confirmation step and sent back
with the vote, so a voter whose answer is lost still holds it and finds the ballot on the bulletin
board — and nothing stored links the code, or the ballot, to the voter."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from thidua.accounts.reauth import SESSION_KEY
from thidua.core.errors import DomainError
from thidua.testing import signin
from thidua.voting import ballot_box, services, views
from thidua.voting.models import Ballot, VoterRecord
from thidua.voting.tests.builders import open_flag_session, others_vote, unit_voters

RECEIPT = re.compile(r'id="receipt-code"[^>]*>([A-Z0-9-]+)<')


def _reauthed(client, user):
    signin(client, user)
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()
    return client


def _review(client, session, choice="agree"):
    candidate = session.candidates.get()
    data = {f"c{candidate.pk}": choice}
    page = client.post(reverse("voting:ballot", args=[session.pk]), data)
    return page, data, RECEIPT.search(page.content.decode()).group(1)


def _cast_step(client, session, data, code):
    url = reverse("voting:ballot", args=[session.pk])
    return client.post(url, {**data, "step": "cast", "receipt": code})


@pytest.mark.django_db
def test_the_receipt_is_shown_before_the_ballot_is_cast_and_the_ballot_carries_it(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    page, data, code = _review(client, session)
    text = page.content.decode()
    # Shown, focused and spelled out for screen readers, before anything is stored.
    assert "data-autofocus" in text and 'id="receipt-spelled"' in text
    assert " ".join(code) in text
    assert "no-store" in page["Cache-Control"]
    assert not Ballot.objects.exists() and not VoterRecord.objects.exists()
    answer = _cast_step(client, session, data, code)
    assert RECEIPT.search(answer.content.decode()).group(1) == code
    assert Ballot.objects.get().receipt_hash == ballot_box.receipt_hash(code)


@pytest.mark.django_db
def test_changing_the_choices_goes_back_to_the_ballot_and_casts_nothing(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _page, data, code = _review(client, session, "disagree")
    url = reverse("voting:ballot", args=[session.pk])
    back = client.post(url, {**data, "step": "edit", "receipt": code}).content.decode()
    assert 'name="step" value="review"' in back
    assert re.search(r'value="disagree"[^>]*checked', back)
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_a_receipt_code_the_box_did_not_make_is_refused_and_nothing_is_saved(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _page, data, _code = _review(client, session)
    answer = _cast_step(client, session, data, "<script>1</script>").content.decode()
    assert 'id="error-summary"' in answer
    assert "receipt code" in answer or "mã biên nhận" in answer
    assert not Ballot.objects.exists() and not VoterRecord.objects.exists()


@pytest.mark.django_db
def test_a_receipt_code_already_on_a_ballot_is_refused_and_the_unit_has_not_voted(cast):
    session = open_flag_session(cast)
    voters = unit_voters(cast)
    first, second = voters[cast.member_org.pk], voters[cast.head_org.pk]
    candidate = session.candidates.get()
    code = ballot_box.new_receipt_code()
    for user in (first, second):
        vote = {
            "actor": user,
            "session": session,
            "unit": user.organisation,
            "choices": {candidate.pk: "agree"},
            "reauthenticated": True,
            "receipt": code,
        }
        if user is first:
            ballot_box.cast_ballot(**vote)
    with pytest.raises(DomainError, match="already taken"):
        ballot_box.cast_ballot(**vote)
    assert Ballot.objects.count() == VoterRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_voter_whose_answer_is_lost_still_finds_the_ballot_by_receipt(client, cast, monkeypatch):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _page, data, code = _review(client, session)
    real_cast = ballot_box.cast_ballot

    def cast_then_die(**kwargs):
        real_cast(**kwargs)  # committed: the ballot and the unit's voter record are stored
        raise ConnectionResetError("the web worker died before answering")

    monkeypatch.setattr(views.ballot_box, "cast_ballot", cast_then_die)
    with pytest.raises(ConnectionResetError):
        _cast_step(client, session, data, code)
    monkeypatch.undo()
    assert Ballot.objects.filter(session=session).count() == 1

    # Back on the ballot: "already voted", and how to check with the receipt held.
    ballot_page = client.get(reverse("voting:ballot", args=[session.pk])).content.decode()
    assert "đã bỏ phiếu" in ballot_page
    assert reverse("voting:bulletin", args=[session.pk]) in ballot_page
    assert code not in ballot_page
    # The browser sends the vote again: the ballot is in the box, with the code the voter holds.
    again = _cast_step(client, session, data, code).content.decode()
    assert RECEIPT.search(again).group(1) == code and "hòm phiếu" in again
    assert Ballot.objects.filter(session=session).count() == 1
    # While the ballot is open, the bulletin board confirms that the ballot is in the box.
    url = reverse("voting:bulletin", args=[session.pk])
    open_board = client.post(url, {"code": code.lower()}).content.decode()
    assert "trong hòm phiếu" in open_board and 'id="error-summary"' not in open_board
    assert 'id="error-summary"' in client.post(url, {"code": "AAAAA-AAAAA"}).content.decode()
    # After the count, it shows how the ballot was counted.
    others_vote(cast, session, 2)
    services.close_session(actor=cast.head_rep, session=session)
    found = client.post(url, {"code": code}).content.decode()
    assert "đã được kiểm" in found and ballot_box.receipt_hash(code) in found


@pytest.mark.django_db
def test_someone_else_of_the_unit_resending_a_wrong_code_is_told_the_unit_voted(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _page, data, code = _review(client, session)
    _cast_step(client, session, data, code)
    _reauthed(client, cast.member_leader)
    answer = _cast_step(client, session, data, ballot_box.new_receipt_code()).content.decode()
    assert "đã bỏ phiếu" in answer and not RECEIPT.search(answer)


@pytest.mark.django_db
def test_no_receipt_is_offered_to_a_unit_that_has_already_voted(client, cast):
    session = open_flag_session(cast)
    _reauthed(client, cast.member_rep)
    _page, data, code = _review(client, session)
    _cast_step(client, session, data, code)
    url = reverse("voting:ballot", args=[session.pk])
    page = client.post(url, data).content.decode()
    assert not RECEIPT.search(page) and "đã bỏ phiếu" in page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [4, 12])
def test_casting_keeps_its_queries_bounded_whatever_the_number_of_units(
    client, django_assert_max_num_queries, size
):
    """The burst of a year-end meeting (issue 16): every cast reads what it needs once — no
    query per unit present, per candidate or per ballot already in the box."""
    from thidua.voting.tests.builders import big_block

    session, people = big_block(size)
    for person in people[1:]:  # a box already full of ballots costs no more to add to
        ballot_box.cast_ballot(
            actor=person,
            session=session,
            unit=person.organisation,
            choices={c.pk: "agree" for c in session.candidates.all()},
            reauthenticated=True,
        )
    _reauthed(client, people[0])
    _page, data, code = _review(client, session)
    # 21, the same for 4 or 12 units: 11 of them are the cast's own (the session, its cycle,
    # the unit, the candidates and their names, every check in one query, the lock, the voter
    # record, the box read, emptied and written again shuffled); the others are the request's
    # session and person, the audit event and its chain, the block's version, the header's
    # notifications, and the test transaction's savepoint around the cast.
    with django_assert_max_num_queries(21):
        answer = _cast_step(client, session, data, code)
    assert RECEIPT.search(answer.content.decode()).group(1) == code
    assert Ballot.objects.filter(session=session).count() == size
