"""Many delegates voting at the same moment (PostgreSQL): no lost ballot, no double vote."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.voting import ballot_box, services
from thidua.voting.models import Ballot, VoterRecord
from thidua.voting.tests.builders import big_block

# PostgreSQL allows 100 connections by default and other test runs may share the server.
VOTERS = 50
DOUBLE_VOTERS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="SQLite serialises every writer: concurrency is tested on PostgreSQL",
    ),
]


def _run_together(jobs: list[Callable[[], str]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        try:
            barrier.wait()
            with translation.override("en"):  # the conftest's override is per thread
                result = job()
        except DomainError as err:
            result = f"refused: {err.message}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _vote(session, person, choice="agree"):
    candidate = session.candidates.get()

    def job() -> str:
        ballot_box.cast_ballot(
            actor=person,
            session=session,
            unit=person.organisation,
            choices={candidate.pk: choice},
            reauthenticated=True,
        )
        return "voted"

    return job


def test_fifty_delegates_voting_at_once_lose_no_ballot():
    session, people = big_block(VOTERS)
    jobs = [_vote(session, p, "agree" if i % 3 else "disagree") for i, p in enumerate(people)]
    outcomes = _run_together(jobs)
    assert outcomes == ["voted"] * VOTERS
    assert Ballot.objects.filter(session=session).count() == VOTERS
    assert VoterRecord.objects.filter(session=session).count() == VOTERS
    session = services.close_session(actor=people[0], session=session)
    assert session.candidates.get().agree == sum(1 for i in range(VOTERS) if i % 3)


def test_every_unit_submitting_twice_at_once_votes_once():
    session, people = big_block(DOUBLE_VOTERS)
    jobs = [_vote(session, p) for p in people] + [_vote(session, p) for p in people]
    outcomes = _run_together(jobs)
    assert outcomes.count("voted") == DOUBLE_VOTERS
    assert all("already voted" in o for o in outcomes if o != "voted")
    assert Ballot.objects.filter(session=session).count() == DOUBLE_VOTERS
    assert VoterRecord.objects.filter(session=session).count() == DOUBLE_VOTERS
