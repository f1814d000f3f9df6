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
