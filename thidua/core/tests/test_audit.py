import importlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from thidua.core import audit
from thidua.core.models import AuditEvent


def _drop_guards() -> None:
    """What an attacker with direct database access would do before tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent")


def _append(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=None,
                action="test.event",
                object_type="test",
                object_id=str(i),
                object_label=f"thing {i}",
                after={"n": i, "ký": "ư"},
            )


@pytest.mark.django_db
def test_every_event_is_chained_to_the_previous_one():
    _append(3)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="test.event", object_type="test")


@pytest.mark.django_db
def test_the_database_refuses_to_update_or_delete_an_event():
    guards = importlib.import_module("thidua.core.migrations.0002_audit_append_only")
    guards.install_guards(connection)
    _append(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(action="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "test.event"


@pytest.mark.django_db
def test_verify_audit_names_an_altered_event():
    _append(4)
    _drop_guards()
    AuditEvent.objects.filter(seq=2).update(after={"n": 99})
    with pytest.raises(CommandError, match="#2: altered"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_names_a_removed_event():
    _append(4)
    _drop_guards()
    AuditEvent.objects.filter(seq=3).delete()
    with pytest.raises(CommandError, match="#3: missing"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_the_last_event_removed():
    _append(3)
    _drop_guards()
    AuditEvent.objects.filter(seq=3).delete()
    with pytest.raises(CommandError, match="#3: missing"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_cast_writes_are_all_audited(cast):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "organisation.create",
        "block.create",
        "membership.add",
        "cycle.create",
        "person.create",
    } <= actions
    call_command("verify_audit")


# --- one chain per block ------------------------------------------------------------------------


def _append_to(chain: str, n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=None, action="test.event", object_type="test", object_id=str(i), chain=chain
            )


@pytest.mark.django_db
def test_a_main_chain_event_hashes_exactly_as_before_chains_existed():
    """The payload of a main-chain event is the one of the single chain: old logs verify."""
    import datetime as dt
    import hashlib
    import json

    at = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    fields = {
        "seq": 1,
        "created_at": at,
        "actor_id": None,
        "actor_label": "system",
        "action": "test.event",
        "object_type": "test",
        "object_id": "1",
        "object_label": "thing",
        "before": None,
        "after": {"n": 1},
        "prev_hash": audit.GENESIS,
    }
    before_chains = [1, at.isoformat(), None, "system", "test.event", "test", "1", "thing", None]
    old = json.dumps(
        [*before_chains, {"n": 1}, audit.GENESIS],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert audit.compute_hash(**fields) == hashlib.sha256(old.encode()).hexdigest()
    assert audit.compute_hash(**fields, chain="main") == audit.compute_hash(**fields)
    # A block's chain is part of what its events' hashes cover.
    assert audit.compute_hash(**fields, chain="block:1") != audit.compute_hash(**fields)


@pytest.mark.django_db
def test_events_of_a_block_go_to_its_chain_with_its_own_sequence(cast):
    main_before = audit.last_event_seq("main")
    chain = f"block:{cast.block.pk}"
    block_before = audit.last_event_seq(chain)
    assert block_before > 0  # the cycle and memberships of the cast's block
    with transaction.atomic():
        on_cycle = audit.record(actor=None, action="test.event", obj=cast.cycle)
        on_org = audit.record(actor=None, action="test.event", obj=cast.head_org)
        by_id = audit.record(actor=None, action="test.event", object_type="x", block=cast.block.pk)
    assert on_cycle.chain == chain and on_cycle.seq == block_before + 1
    assert by_id.chain == chain and by_id.seq == block_before + 2
    assert on_org.chain == "main" and on_org.seq == main_before + 1
    other = f"block:{cast.other_block.pk}"
    assert audit.last_event_seq(other) > 0 and other in audit.chain_ids()
    heads = {h.chain: h for h in audit.chain_heads()}
    assert heads[chain].seq == block_before + 2 and heads[chain].hash == by_id.hash
    assert audit.chain_ids()[0] == "main"
    assert audit.verify_chain() == (AuditEvent.objects.count(), None)
    call_command("verify_audit")


@pytest.mark.django_db
def test_every_app_model_in_a_block_finds_its_block_without_loading_it_twice(cast):
    from thidua.cycles.models import Cycle

    cycle = Cycle.objects.get(pk=cast.cycle.pk)  # block not loaded: one query by its id
    assert audit.chain_of(cycle) == f"block:{cast.block.pk}"
    assert audit.chain_of(cast.block) == f"block:{cast.block.pk}"
    assert audit.chain_of(None) == "main"
    with_block = Cycle.objects.select_related("block").get(pk=cast.cycle.pk)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert audit.chain_of(with_block) == f"block:{cast.block.pk}"
    assert len(queries) == 0


@pytest.mark.django_db
def test_record_many_chains_each_object_in_its_block(cast):
    chain = f"block:{cast.block.pk}"
    before = audit.last_event_seq(chain), audit.last_event_seq("main")
    with transaction.atomic():
        n = audit.record_many(
            actor=None,
            action="test.event",
            entries=[(cast.cycle, {"a": 1}), (cast.head_org, None), (cast.block, {"b": 2})],
        )
    assert n == 3
    assert audit.last_event_seq(chain) == before[0] + 2
    assert audit.last_event_seq("main") == before[1] + 1
    assert audit.verify_chain()[1] is None


@pytest.mark.django_db
def test_verify_audit_names_an_altered_missing_or_reordered_event_of_a_block_chain():
    _append_to("block:7", 4)
    _append(2)
    _drop_guards()
    AuditEvent.objects.filter(chain="block:7", seq=2).update(after={"n": 99})
    with pytest.raises(CommandError, match="block:7 #2: altered"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_an_event_removed_from_a_block_chain():
    _append_to("block:7", 4)
    _drop_guards()
    AuditEvent.objects.filter(chain="block:7", seq=3).delete()
    with pytest.raises(CommandError, match="block:7 #3: missing"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_two_events_of_a_block_chain_swapped():
    _append_to("block:7", 4)
    _drop_guards()
    events = AuditEvent.objects.filter(chain="block:7")
    events.filter(seq=2).update(seq=99)
    events.filter(seq=3).update(seq=2)
    events.filter(seq=99).update(seq=3)
    with pytest.raises(CommandError, match="block:7 #2: broken link"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_an_event_moved_to_another_chain():
    _append_to("block:7", 2)
    _append_to("block:8", 2)
    _drop_guards()
    AuditEvent.objects.filter(chain="block:8").delete()
    AuditEvent.objects.filter(chain="block:7").update(chain="block:8")
    from thidua.core.models import AuditChainHead

    head = AuditChainHead.objects.get(chain="block:7")
    AuditChainHead.objects.filter(chain="block:8").update(seq=head.seq, hash=head.hash)
    AuditChainHead.objects.filter(chain="block:7").delete()
    with pytest.raises(CommandError, match="block:8 #1: altered"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_a_block_chain_head_row_rewritten_or_removed():
    from thidua.core.models import AuditChainHead

    _append_to("block:7", 3)
    AuditChainHead.objects.filter(chain="block:7").update(hash="f" * 64)
    with pytest.raises(CommandError, match="block:7 #4: missing"):
        call_command("verify_audit")
    AuditChainHead.objects.filter(chain="block:7").delete()
    with pytest.raises(CommandError, match="block:7 #4: missing"):
        call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_writes_in_two_blocks_hold_their_head_rows_at_the_same_time():
    """On PostgreSQL, a write in block 1 holding its chain's head does not keep a write in
    block 2 from taking its own (NOWAIT would fail at once if it did)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database for a write: no row locks to compare")
    import threading

    from django.db import connections

    from thidua.core.models import AuditChainHead

    _append_to("block:1", 1)
    _append_to("block:2", 1)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def first_block() -> None:
        try:
            with transaction.atomic():
                audit.record(actor=None, action="test.event", object_type="t", chain="block:1")
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_block)
    thread.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            AuditChainHead.objects.select_for_update(nowait=True).get(chain="block:2")
            audit.record(actor=None, action="test.event", object_type="t", chain="block:2")
            outcome["second"] = "written"
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditChainHead.objects.select_for_update(nowait=True).get(chain="block:1")
    finally:
        release.set()
        thread.join()
    assert outcome == {"second": "written"}
    assert audit.verify_chain() == (4, None)
