"""Versions move with the audited writes of what they name, and only those."""

from __future__ import annotations

import pytest
from django.db import transaction

from thidua.core import audit, versions
from thidua.core.models import AuditEvent, Version

pytestmark = pytest.mark.django_db


def _record(action: str, actor=None) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action=action, object_type="test", object_id="1")


def test_a_scope_never_bumped_is_at_zero_and_bumps_count():
    assert versions.versions(["block:1"]) == {"block:1": 0}
    with transaction.atomic():
        versions.bump("block:1", "block:1")
    with transaction.atomic():
        versions.bump("block:1")
    assert versions.versions(["block:1", "province"]) == {"block:1": 2, "province": 0}


def test_a_bump_rolled_back_with_its_write_leaves_the_version():
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump("block:7")
        raise RuntimeError
    assert not Version.objects.filter(scope="block:7").exists()


def test_a_write_outside_any_block_moves_the_province_and_not_a_block(django_user_model):
    before = versions.stamp(["province", "block:1"])
    block_before = versions.stamp(["block:1"])
    _record("test.event")
    assert versions.stamp(["province", "block:1"]) != before
    assert versions.stamp(["block:1"]) == block_before


def test_a_sign_in_moves_only_its_persons_version(django_user_model):
    someone = django_user_model.objects.create_user(username="someone", password="x", role="board")
    province = versions.stamp([versions.PROVINCE])
    own = versions.stamp([versions.person(someone.pk)])
    _record("auth.login", actor=someone)
    assert versions.stamp([versions.PROVINCE]) == province
    assert versions.stamp([versions.person(someone.pk)]) != own


def test_what_the_portal_shows_moves_public_too_and_nothing_else_does():
    public = versions.total([versions.PUBLIC])
    _record("scoring.cross.save")
    _record("news.comment.submit")  # waits for its moderator: visitors see nothing yet
    assert versions.total([versions.PUBLIC]) == public
    for action in ("news.post.publish", "scoring.ranking_published", "awards.decision.record"):
        _record(action)
        assert versions.total([versions.PUBLIC]) > public
        public = versions.total([versions.PUBLIC])


def test_a_block_chains_event_moves_its_block_and_public_when_the_portal_shows_it():
    event = AuditEvent(action="membership.add", actor_id=None)
    event.chain = "block:3"
    assert versions.scopes_of_event(event) == ["block:3", versions.PUBLIC]
    event.action = "scoring.cross.save"
    assert versions.scopes_of_event(event) == ["block:3"]


def test_the_total_grows_with_any_scope_it_covers_and_only_those():
    from thidua.cycles.models import Cycle

    def bumped(*scopes: str) -> None:
        with transaction.atomic():
            versions.bump(*scopes)

    assert versions.total(["province", "block:1"]) == 0
    bumped("block:1", "person:5", "block:2")
    assert versions.total(["province", "block:1"]) == 1
    assert versions.total([versions.EVERY_BLOCK]) == 2
    assert versions.total([versions.EVERYTHING]) == 3
    bumped("block:2")
    assert versions.total(["province", "block:1"]) == 1
    assert versions.total([versions.EVERY_BLOCK]) == 3
    # A block found by a subquery: none here, so only the province counts.
    assert versions.total(["province"], blocks=Cycle.objects.filter(pk=0).values("block_id")) == 0
