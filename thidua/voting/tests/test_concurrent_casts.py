"""Delegates casting at the same moment in one session: every ballot is recorded exactly once and
the audit chain still verifies (PostgreSQL, one connection per voter, as gunicorn's workers)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from thidua.core.audit import verify_chain
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import ballot_box
from thidua.voting.models import Ballot, VoterRecord
from thidua.voting.tests.builders import big_block

VOTERS = 12


def _at_once(jobs: list) -> list[object]:
    """Run every job in its own thread (its own database connection), released together."""
    gate = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(i: int) -> None:
        try:
            gate.wait()
            outcomes[i] = jobs[i]()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_ballots_cast_at_the_same_moment_are_all_recorded_once_and_the_chain_verifies():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write at a time for the whole database: nothing concurrent")
    session, people = big_block(VOTERS)
    candidates = list(session.candidates.all())

    def casting(person, twice: bool = False):
        def cast() -> str:
            return ballot_box.cast_ballot(
                actor=person,
                session=session,
                unit=person.organisation,
                choices={c.pk: "agree" for c in candidates},
                reauthenticated=True,
                receipt=ballot_box.new_receipt_code(),
            )

        return cast

    # Every unit once, and the first unit a second time at the same moment (e.g. two tabs).
    jobs = [casting(p) for p in people] + [casting(people[0])]
    outcomes = _at_once(jobs)
    codes = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(codes) == VOTERS and len(refused) == 1, outcomes
    assert VoterRecord.objects.filter(session=session).count() == VOTERS
    stored = set(Ballot.objects.filter(session=session).values_list("receipt_hash", flat=True))
    assert stored == {ballot_box.receipt_hash(code) for code in codes}
    events = AuditEvent.objects.filter(action="voting.ballot.cast")
    assert events.count() == VOTERS
    assert {e.chain for e in events} == {f"block:{session.cycle.block_id}"}
    assert verify_chain()[1] is None
