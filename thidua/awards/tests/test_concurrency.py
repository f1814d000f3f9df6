"""Two Board officers recording the decision at the same moment give one decision and one award
(run on PostgreSQL too)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from thidua.awards import services
from thidua.awards.models import Award, Decision
from thidua.awards.tests import helpers
from thidua.core.errors import DomainError


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_on_one_dossier_give_one_award(cast):
    proposal = helpers.accepted_proposal(cast)
    nominee_ids = list(proposal.nominees.values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record(number: str) -> None:
        try:
            barrier.wait()
            services.record_decision(
                actor=cast.board,
                proposal=proposal,
                number=number,
                date=dt.date(2025, 2, 20),
                signer_name="Trần Minh Khoa",
                outcomes={pk: services.Outcome(True) for pk in nominee_ids},
            )
            outcomes.append("recorded")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(n,)) for n in ("1/QĐ", "2/QĐ")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert Decision.objects.count() == 1 and Award.objects.count() == 1
