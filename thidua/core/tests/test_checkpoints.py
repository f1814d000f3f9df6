"""Checkpoints anchor the audit chain's head outside the database: a log cut short or rolled back
by someone with database rights, or a forged checkpoint line, is reported by verify_audit."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from thidua.core import audit, checkpoints
from thidua.core.models import AuditChainHead, AuditEvent


def _append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with transaction.atomic():
            audit.record(
                actor=None,
                action="test.event",
                object_type="test",
                object_id=str(i),
                object_label=f"thing {i}",
                after={"n": i},
            )


def _guarded() -> None:
    """The append-only triggers of production (the tests run without them)."""
    guards = importlib.import_module("thidua.core.migrations.0002_audit_append_only")
    guards.install_guards(connection)


def _drop_guards() -> None:
    """What an attacker with rights on the database does before tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent")


def _cut_after(seq: int, chain: str = "main") -> None:
    """Delete every event of `chain` after `seq` and rewrite its head row to match: the chain
    verifies."""
    _drop_guards()
    AuditEvent.objects.filter(chain=chain, seq__gt=seq).delete()
    last = AuditEvent.objects.get(chain=chain, seq=seq)
    AuditChainHead.objects.filter(chain=chain).update(seq=last.seq, hash=last.hash)


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.django_db
def test_a_checkpoint_records_the_head_of_each_chain_signed(checkpoint_file):
    _append(3)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    head = AuditChainHead.objects.get(chain="main")
    [line] = _lines(checkpoint_file)
    assert line["chains"] == [{"chain": "main", "seq": 3, "hash": head.hash}]
    assert line["kind"] == "checkpoint" and line["n"] == 1 and line["at"] and line["sig"]
    assert "line 1" in out.getvalue()
    _append(2, start=3)
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert [line["n"] for line in _lines(checkpoint_file)] == [1, 2]
    assert "matches the 2 checkpoint(s)" in _verify()


@pytest.mark.django_db
def test_a_log_cut_short_with_its_head_rewritten_is_reported_against_the_checkpoint():
    _guarded()
    _append(10)
    call_command("audit_checkpoint", stdout=io.StringIO())
    _cut_after(6)
    # The chain alone still verifies: this is the attack the checkpoints are for.
    assert audit.verify_chain() == (6, None)
    with pytest.raises(CommandError) as failure:
        _verify()
    message = str(failure.value)
    assert "BROKEN" in message
    assert "Events #7–#10, recorded by the checkpoint of" in message
    assert "the log now ends at #6" in message


@pytest.mark.django_db
def test_a_log_rolled_back_and_written_on_is_reported_as_rewritten():
    _guarded()
    _append(5)
    call_command("audit_checkpoint", stdout=io.StringIO())
    _cut_after(3)
    _append(4, start=100)  # new events #4–#7, not the ones the checkpoint recorded
    assert audit.verify_chain() == (7, None)
    with pytest.raises(CommandError, match="Event #5 no longer has the hash"):
        _verify()


@pytest.mark.django_db
def test_missing_events_are_named_with_grouped_numbers():
    # Grouped the Vietnamese way in both languages (thidua/formats).
    finding = checkpoints.Finding("missing", True, line=4, first=1204, last=1210, end=1203)
    with translation.override("en"):
        assert "Events #1.204–#1.210" in finding.message()
        assert "ends at #1.203" in finding.message()


@pytest.mark.django_db
def test_a_forged_checkpoint_line_is_reported(checkpoint_file):
    _append(4)
    call_command("audit_checkpoint", stdout=io.StringIO())
    # A line claiming a shorter log, copied from a real one with its numbers changed.
    line = _lines(checkpoint_file)[0]
    line.update(n=2, chains=[{"chain": "main", "seq": 2, "hash": "0" * 64}])
    with checkpoint_file.open("a") as f:
        f.write(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="Line 2 of the checkpoint file has a wrong signature"):
        _verify()


@pytest.mark.django_db
def test_a_line_signed_with_another_key_is_reported_unless_the_key_is_a_fallback(
    settings, checkpoint_file
):
    _append(2)
    settings.SECRET_KEY = "an-earlier-key-" + "x" * 40
    call_command("audit_checkpoint", stdout=io.StringIO())
    settings.SECRET_KEY = "the-current-key-" + "y" * 40
    with pytest.raises(CommandError, match="signed with a key this instance does not hold"):
        _verify()
    settings.SECRET_KEY_FALLBACKS = ["an-earlier-key-" + "x" * 40]
    assert "matches the 1 checkpoint(s)" in _verify()


@pytest.mark.django_db
def test_a_line_removed_from_the_file_is_reported(checkpoint_file):
    for i in range(3):
        _append(1, start=i)
        call_command("audit_checkpoint", stdout=io.StringIO())
    first, _second, third = checkpoint_file.read_text().splitlines()
    checkpoint_file.write_text(f"{first}\n{third}\n")
    with pytest.raises(CommandError, match="removed or added before line 2"):
        _verify()


@pytest.mark.django_db
def test_a_damaged_line_is_reported_and_the_next_checkpoint_starts_a_line_of_its_own(
    checkpoint_file,
):
    _append(1)
    call_command("audit_checkpoint", stdout=io.StringIO())
    with checkpoint_file.open("a") as f:
        f.write('{"v": 1, "n": 2, "kind": "checkp')  # cut short by a crash
    with pytest.raises(CommandError, match="Line 2 of the checkpoint file cannot be read"):
        call_command("audit_checkpoint", stdout=io.StringIO())
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[2])["n"] == 3
    with pytest.raises(CommandError, match="Line 2 of the checkpoint file cannot be read"):
        _verify()


@pytest.mark.django_db
def test_without_a_checkpoint_verify_audit_passes_and_says_to_schedule_them():
    _append(2)
    assert "No checkpoint yet" in _verify()


@pytest.mark.django_db
def test_the_checkpoint_command_reports_a_log_that_no_longer_extends_the_last_one():
    _guarded()
    _append(4)
    call_command("audit_checkpoint", stdout=io.StringIO())
    _cut_after(2)
    with pytest.raises(CommandError, match="Events #3–#4"):
        call_command("audit_checkpoint", stdout=io.StringIO())


@pytest.mark.django_db
def test_each_checkpoint_is_e_mailed_when_addresses_are_set(settings, checkpoint_file):
    settings.AUDIT_CHECKPOINT_EMAILS = ["ban-tdkt@example.gov.vn"]
    _append(2)
    call_command("audit_checkpoint", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["ban-tdkt@example.gov.vn"]
    assert checkpoint_file.read_text().strip() in message.body
    call_command("audit_checkpoint", stdout=io.StringIO(), no_email=True)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_event_can_carry_a_coarser_time_and_the_chain_still_verifies():
    _append(1)
    opened = AuditEvent.objects.get().created_at
    _append(1, start=1)
    with transaction.atomic():
        event = audit.record(actor=None, action="test.coarse", object_type="test", at=opened)
    event.refresh_from_db()
    assert event.created_at == opened
    assert audit.verify_chain() == (3, None)


@pytest.mark.django_db(transaction=True)
def test_backup_writes_a_checkpoint_and_keeps_a_copy_of_the_file(tmp_path, checkpoint_file):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    _append(3)
    call_command("backup", dir=str(tmp_path / "backups"), stdout=io.StringIO())
    [line] = _lines(checkpoint_file)
    assert line["chains"][0]["seq"] == 3
    archive = next((tmp_path / "backups").glob("thidua-*.tar.gz"))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        copy = tar.extractfile("audit-checkpoints.jsonl").read().decode()
    assert manifest["audit_seq"] == 3
    assert json.loads(manifest["audit_checkpoint"]) == line
    assert copy.strip() == checkpoint_file.read_text().strip()


@pytest.mark.django_db(transaction=True)
def test_a_restore_is_recorded_so_that_later_events_read_as_lost_not_as_tampering(
    tmp_path, checkpoint_file
):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    _append(3)
    call_command("backup", dir=str(tmp_path), stdout=io.StringIO())
    archive = next(tmp_path.glob("thidua-*.tar.gz"))
    _append(2, start=3)
    call_command("audit_checkpoint", stdout=io.StringIO())
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert [line["kind"] for line in _lines(checkpoint_file)] == [
        "checkpoint",
        "checkpoint",
        "restore",
    ]
    out = _verify()
    assert "Events #4–#5, recorded by earlier checkpoints, were lost when a backup" in out
    _append(1, start=50)
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert "Audit chain intact: 4 events" in _verify()


@pytest.mark.django_db
def test_the_latest_checkpoint_skips_lines_with_a_wrong_signature(checkpoint_file):
    _append(2)
    written = checkpoints.write_checkpoint()
    with checkpoint_file.open("a") as f:
        f.write(written.text.replace('"seq":2', '"seq":9') + "\n")
    latest = checkpoints.latest_checkpoint()
    assert latest is not None and latest.heads[0].seq == 2


def test_the_board_sees_the_checkpoints_and_that_the_log_matches_them(client, cast):
    from django.urls import reverse

    from thidua.testing import signin

    signin(client, cast.board)
    page = client.get(reverse("core:audit")).content.decode()
    assert 'id="checkpoints-h"' in page and "audit_checkpoint" in page
    call_command("audit_checkpoint", stdout=io.StringIO())
    call_command("audit_checkpoint", stdout=io.StringIO())
    with translation.override("en"):
        page = client.get(reverse("core:audit"), headers={"Accept-Language": "en"})
    text = page.content.decode()
    assert "alert-success" in text and "alert-danger" not in text
    head = AuditChainHead.objects.get(chain="main")
    assert f"#{head.seq} " in text and head.hash[:12] in text


def test_the_board_sees_a_log_cut_short_on_the_audit_page(client, cast):
    from django.urls import reverse

    from thidua.testing import signin

    _guarded()
    call_command("audit_checkpoint", stdout=io.StringIO())
    end = AuditChainHead.objects.get(chain="main").seq
    _cut_after(end - 3)
    signin(client, cast.board)
    text = client.get(reverse("core:audit")).content.decode()
    assert "alert-danger" in text
    assert f"#{end - 2}–#{end}" in text


def test_the_public_portal_shows_the_latest_anchored_head(client, cast):
    from django.urls import reverse

    portal = reverse("news:portal")
    assert "audit-anchor" not in client.get(portal).content.decode()
    call_command("audit_checkpoint", stdout=io.StringIO())
    _append(1)  # a write gives the cached portal page a new key
    head = checkpoints.latest_checkpoint().heads[0]
    assert head.chain == "main"
    text = client.get(portal).content.decode()
    assert "audit-anchor" in text
    assert f"#{head.seq}" in text and head.hash[:16] in text
