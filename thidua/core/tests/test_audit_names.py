"""The audit log names who acted by their full name (the username stays reachable through the
event's link to the account, and the actor filter still finds it)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.testing import signin


def _act(user) -> AuditEvent:
    with transaction.atomic():
        return audit.record(
            actor=user, action="test.named", object_type="test", object_label="Văn bản"
        )


def test_an_event_is_labelled_with_the_actors_full_name(cast):
    event = _act(cast.head_rep)
    assert event.actor_label == "Head Rep"
    assert event.actor_name == "Head Rep"
    assert audit.verify_chain()[1] is None


def test_labels_written_with_the_username_in_brackets_read_as_the_name_alone(cast):
    old = AuditEvent(actor=cast.board, actor_label="Nguyễn Thị Ban (bantdkt)")
    assert old.actor_name == "Nguyễn Thị Ban"
    bracketed = AuditEvent(actor=cast.board, actor_label="Nguyễn Văn A (Hội Nhà báo)")
    assert bracketed.actor_name == "Nguyễn Văn A (Hội Nhà báo)"  # a name, not a username
    assert AuditEvent(actor=None, actor_label="system").actor_name == ""


def test_the_audit_log_and_the_dashboard_show_the_name_not_the_username(client, cast):
    _act(cast.head_rep)
    signin(client, cast.board)
    for url in (reverse("core:audit"), reverse("board:home")):
        page = client.get(url).content.decode()
        assert "Head Rep" in page, url
        assert "(head_rep)" not in page, url
        assert "Hệ thống" in page, url  # events without a person, in words


def test_the_actor_filter_finds_a_person_by_name_or_by_username(client, cast):
    _act(cast.head_rep)
    _act(cast.member_rep)
    signin(client, cast.board)
    for query in ("Head Rep", "head_rep", "HEAD_REP"):
        page = client.get(reverse("core:audit"), {"actor": query, "action": "test.named"})
        assert [e.actor_name for e in page.context["page"]] == ["Head Rep"], query
