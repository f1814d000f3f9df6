"""Nothing stored tells the order in which ballots were cast: the rows on disk are a shuffle, the
ids are random, and the "unit voted" audit events carry the time the session opened — on SQLite
and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.voting import ballot_box
from thidua.voting.models import Ballot, BallotSession
from thidua.voting.tests.builders import big_block

VOTERS = 20


def _cast_all(session, people) -> list[str]:
    """Every unit votes in turn; the receipt hashes in casting order."""
    candidate = session.candidates.get()
    order = []
    for i, person in enumerate(people):
        code = ballot_box.cast_ballot(
            actor=person,
            session=session,
            unit=person.organisation,
            choices={candidate.pk: "agree" if i % 2 else "disagree"},
            reauthenticated=True,
            receipt=ballot_box.new_receipt_code(),
        )
        order.append(ballot_box.receipt_hash(code))
    return order


def _stored_orders() -> dict[str, list[str]]:
    """The orders in which someone reading the database would see the rows."""
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute("SELECT receipt_hash FROM voting_ballot")
        unordered = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT receipt_hash FROM voting_ballot ORDER BY {position}")
        physical = [row[0] for row in cursor.fetchall()]
    ids = list(Ballot.objects.order_by("id").values_list("receipt_hash", flat=True))
    return {"unordered": unordered, position: physical, "id": ids}


# Each vote commits on its own, as in production (PostgreSQL's row versions carry their writer).
@pytest.mark.django_db(transaction=True)
def test_the_stored_order_of_twenty_ballots_is_not_the_order_they_were_cast():
    session, people = big_block(VOTERS)
    cast_order = _cast_all(session, people)
    for name, stored in _stored_orders().items():
        assert sorted(stored) == sorted(cast_order), name
        # A shuffle of 20 equals the casting order once in 20! ≈ 2.4e18.
        assert stored != cast_order, f"the {name} order is the casting order"
    ids = list(Ballot.objects.values_list("id", flat=True))
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM voting_ballot")
            # Every row was written by the last vote's transaction: none tells its own time.
            assert len(cursor.fetchall()) == 1


@pytest.mark.django_db
def test_the_unit_voted_events_carry_the_time_the_session_opened_not_the_time_of_the_vote():
    session, people = big_block(4)
    opened = timezone.now() - dt.timedelta(hours=2)
    BallotSession.objects.filter(pk=session.pk).update(opened_at=opened)
    _cast_all(session, people)
    events = AuditEvent.objects.filter(action="voting.ballot.cast")
    assert events.count() == 4
    assert {e.created_at for e in events} == {opened}
    assert verify_chain()[1] is None
