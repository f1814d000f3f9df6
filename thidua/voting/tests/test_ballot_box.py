"""Casting a secret ballot: one vote per present unit, a receipt shown once, nothing that links
the ballot to the voter, and every refusal with a message and nothing half-saved."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import ballot_box, selectors, services
from thidua.voting.models import Ballot, VoterRecord
from thidua.voting.tests.builders import evaluation, flag_session, open_flag_session, unit_voters

pytestmark = pytest.mark.django_db


def _agree_all(session):
    return {c.pk: "agree" for c in session.candidates.all()}


def _cast(cast, session, user=None, choices=None, reauth=True):
    user = user or cast.member_rep
    return ballot_box.cast_ballot(
        actor=user,
        session=session,
        unit=user.organisation,
        choices=_agree_all(session) if choices is None else choices,
        reauthenticated=reauth,
    )


def test_a_present_unit_votes_and_gets_a_receipt_whose_hash_is_on_the_ballot(cast):
    session = open_flag_session(cast)
    code = _cast(cast, session)
    assert len(code) == 10
    ballot = Ballot.objects.get(session=session)
    assert ballot.receipt_hash == ballot_box.receipt_hash(code)
    assert ballot.receipt_hash == ballot_box.receipt_hash(ballot_box.group_receipt(code).lower())
    assert VoterRecord.objects.filter(session=session, organisation=cast.member_org).exists()


def test_the_audit_says_the_unit_voted_but_not_how_nor_the_receipt(cast):
    session = open_flag_session(cast)
    code = _cast(cast, session)
    event = AuditEvent.objects.get(action="voting.ballot.cast")
    text = str(event.after) + str(event.before)
    assert cast.member_org.name in text
    assert "agree" not in text
    assert code not in text
    assert ballot_box.receipt_hash(code) not in text


def test_a_unit_cannot_vote_twice(cast):
    session = open_flag_session(cast)
    _cast(cast, session)
    with pytest.raises(DomainError, match="already voted"):
        _cast(cast, session, user=cast.member_leader)
    assert Ballot.objects.filter(session=session).count() == 1


def test_no_vote_without_re_authentication(cast):
    session = open_flag_session(cast)
    with pytest.raises(DomainError, match="identity"):
        _cast(cast, session, reauth=False)
    assert not Ballot.objects.exists()


def test_no_vote_while_the_session_is_prepared_or_closed(cast):
    session = flag_session(cast)
    with pytest.raises(DomainError, match="not open"):
        _cast(cast, session)
    session = services.open_session(actor=cast.head_rep, session=session)
    services.close_session(actor=cast.head_rep, session=session)
    with pytest.raises(DomainError, match="not open"):
        _cast(cast, session)
    assert not VoterRecord.objects.exists()


def test_an_absent_unit_cannot_vote(cast):
    voters = unit_voters(cast)
    absent = cast.member_org.pk
    evaluation(cast, present=[pk for pk in voters if pk != absent])
    session = open_flag_session(cast)
    with pytest.raises(DomainError, match="present"):
        _cast(cast, session)
    assert not VoterRecord.objects.exists()


def test_no_vote_once_the_quorum_is_lost(cast):
    session = open_flag_session(cast)
    evaluation(cast, present=[cast.member_org.pk])
    with pytest.raises(DomainError, match="quorum"):
        _cast(cast, session)


def test_every_candidate_needs_a_choice_on_an_approval_ballot(cast):
    session = open_flag_session(cast)
    with pytest.raises(DomainError, match="every candidate"):
        _cast(cast, session, choices={})
    assert not VoterRecord.objects.exists()


def test_a_person_votes_only_for_their_own_unit(cast):
    session = open_flag_session(cast)
    with pytest.raises(DomainError, match="own unit"):
        ballot_box.cast_ballot(
            actor=cast.member_rep,
            session=session,
            unit=cast.head_org,
            choices=_agree_all(session),
            reauthenticated=True,
        )


def test_an_election_ballot_refuses_more_choices_than_seats(cast):
    evaluation(cast)
    session = services.prepare_session(actor=cast.head_rep, cycle=cast.cycle, kind="head")
    session = services.open_session(actor=cast.head_rep, session=session)
    with pytest.raises(DomainError, match="at most 1"):
        _cast(cast, session, choices=_agree_all(session))
    assert not VoterRecord.objects.exists()
    first = session.candidates.first()
    _cast(cast, session, choices={first.pk: "agree"})
    assert Ballot.objects.get().choices[str(first.pk)] == "agree"


def test_the_tally_equals_a_recount_from_the_bulletin_board(cast):
    voters = unit_voters(cast)
    session = open_flag_session(cast)
    candidate = session.candidates.get()
    choices = ["agree", "agree", "disagree", "agree"]
    codes = [
        ballot_box.cast_ballot(
            actor=user,
            session=session,
            unit=user.organisation,
            choices={candidate.pk: choice},
            reauthenticated=True,
        )
        for user, choice in zip(voters.values(), choices, strict=True)
    ]
    session = services.close_session(actor=cast.head_rep, session=session)
    candidate.refresh_from_db()
    board = selectors.bulletin(session)
    recount = sum(1 for row in board for _name, choice in row.choices if choice == "agree")
    assert candidate.agree == recount == 3
    assert [r.receipt_hash for r in board] == sorted(r.receipt_hash for r in board)
    assert {ballot_box.receipt_hash(c) for c in codes} == {r.receipt_hash for r in board}
    assert (session.issued, session.returned, session.valid, session.invalid) == (4, 4, 4, 0)
    # 3 of 4 members agree: more than half passes.
    assert candidate.passed is True


def test_an_absent_unit_votes_in_writing_when_the_policy_allows_it(cast):
    voters = unit_voters(cast)
    absent = cast.member_org.pk
    cast.cycle.policy.allow_written_vote = True
    cast.cycle.policy.save()
    evaluation(cast, present=[pk for pk in voters if pk != absent])
    session = open_flag_session(cast)
    _cast(cast, session)
    session = services.close_session(actor=cast.head_rep, session=session)
    assert (session.issued, session.returned) == (4, 1)
