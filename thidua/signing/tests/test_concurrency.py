"""Two clicks at the same moment produce one signature (run on PostgreSQL too)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from thidua.core.errors import DomainError
from thidua.signing import services
from thidua.signing.models import Signature
from thidua.signing.tests.helpers import signing_ready


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_signatures_of_one_unit_give_one_signature(cast):
    version = signing_ready(cast)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            services.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=version)
            outcomes.append("signed")
        except services.AlreadySigned:
            outcomes.append("already")
        except DomainError as err:  # pragma: no cover - shows the reason if it happens
            outcomes.append(f"error: {err.message}")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already", "signed"]
    assert Signature.objects.filter(version=version).count() == 1
