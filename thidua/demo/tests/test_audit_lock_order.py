"""Two writes can only wait on each other in a circle (a deadlock, which PostgreSQL ends by failing
one of them) if one transaction takes a block's audit chain head before the main chain's head
while another takes them the other way round. The product's rule: a transaction takes the main
chain's head, if it needs it, before any block's. This test runs the whole demo story — every
service of the yearly cycle — with each service call its own transaction, as in production, and
fails on any transaction that breaks the rule."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from thidua.core import audit
from thidua.demo import loader


@pytest.mark.django_db(transaction=True)
def test_no_transaction_of_the_story_takes_a_block_chain_before_main(
    settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEMO_MODE = True
    settings.DEMO_SEALS_DIR = tmp_path / "demo-seals"
    held: list[str] = []  # the chain heads the open transaction has taken, in order
    broken: list[list[str]] = []
    committed = [0]

    def locked_head(chain: str, _real: Any = audit._locked_head) -> Any:
        if chain == audit.MAIN_CHAIN and any(c != audit.MAIN_CHAIN for c in held):
            broken.append([*held, chain])
        held.append(chain)
        return _real(chain)

    def ends(real: Any, *, commit: bool) -> Any:
        def end(*args: Any, **kwargs: Any) -> Any:
            held.clear()
            committed[0] += commit
            return real(*args, **kwargs)

        return end

    def in_own_transaction(real: Any) -> Any:
        # The demo also records a few events of its own outside a service: each is then a
        # transaction of its own too.
        def record(*args: Any, **kwargs: Any) -> Any:
            if connection.in_atomic_block:
                return real(*args, **kwargs)
            with transaction.atomic():
                return real(*args, **kwargs)

        return record

    monkeypatch.setattr(audit, "_locked_head", locked_head)
    monkeypatch.setattr(audit, "record", in_own_transaction(audit.record))
    monkeypatch.setattr(audit, "record_many", in_own_transaction(audit.record_many))
    # The demo loads in one transaction (everything or nothing); here each service commits.
    monkeypatch.setattr(loader, "load", loader.load.__wrapped__)  # type: ignore[attr-defined]
    monkeypatch.setattr(connection, "commit", ends(connection.commit, commit=True))
    monkeypatch.setattr(connection, "rollback", ends(connection.rollback, commit=False))

    call_command("load_demo", stdout=io.StringIO())

    assert committed[0] > 1000, "the story ran as many transactions, not one"
    assert broken == []
