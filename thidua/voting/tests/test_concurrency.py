"""Many delegates voting at the same moment (PostgreSQL): no lost ballot, no double vote."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import translation

from thidua.accounts.models import Role
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.testing import make_block, make_org, make_person, make_province
from thidua.voting import ballot_box, services
from thidua.voting.models import Ballot, SessionKind, VoterRecord
from thidua.voting.tests.builders import publish, set_phase, year_end_meeting

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


def _big_block(size: int = VOTERS):
    province = make_province()
    units = [make_org(province, f"Hội thành viên số {i:02d}") for i in range(size)]
    block = make_block(province, "Khối thi đua lớn", units)
    cycle = cycles.create_cycle(
        actor=None, block=block, year=2025, head_unit=units[0], deputy_unit=units[1]
    )
    people = [make_person(f"voter{i:02d}", Role.REPRESENTATIVE, u) for i, u in enumerate(units)]
    set_phase(cycle)
    year_end_meeting(cycle, people[0])
    publish(cycle, units)
    flag = cycle.policy.quotas.get(award_type__is_flag=True).award_type
    session = services.prepare_session(
        actor=people[0], cycle=cycle, kind=SessionKind.AWARD, award_type=flag
    )
    session = services.open_session(actor=people[0], session=session)
    return session, people


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
    session, people = _big_block()
    jobs = [_vote(session, p, "agree" if i % 3 else "disagree") for i, p in enumerate(people)]
    outcomes = _run_together(jobs)
    assert outcomes == ["voted"] * VOTERS
    assert Ballot.objects.filter(session=session).count() == VOTERS
    assert VoterRecord.objects.filter(session=session).count() == VOTERS
    session = services.close_session(actor=people[0], session=session)
    assert session.candidates.get().agree == sum(1 for i in range(VOTERS) if i % 3)


def test_every_unit_submitting_twice_at_once_votes_once():
    session, people = _big_block(DOUBLE_VOTERS)
    jobs = [_vote(session, p) for p in people] + [_vote(session, p) for p in people]
    outcomes = _run_together(jobs)
    assert outcomes.count("voted") == DOUBLE_VOTERS
    assert all("already voted" in o for o in outcomes if o != "voted")
    assert Ballot.objects.filter(session=session).count() == DOUBLE_VOTERS
    assert VoterRecord.objects.filter(session=session).count() == DOUBLE_VOTERS
