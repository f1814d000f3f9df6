"""Appending to and verifying the hash-chained audit log.

Every service calls `record()` inside its transaction. Rows are never updated or deleted by the
product (the database refuses it too, see migration 0002); `verify_chain()` recomputes every hash
and also catches a removed row, because sequence numbers must be contiguous up to the chain head.

Someone with rights on the database can still remove the last events and rewrite the head row:
the chain then verifies. `checkpoints.py` anchors the heads outside the database against that.
Each chain has an identity (`chain_heads()`): today there is one, "main".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from thidua.core import versions
from thidua.core.contributions import Hub
from thidua.core.models import AuditChainHead, AuditEvent
from thidua.core.types import Actor

#: Who follows the log (thidua/core/contributions.py): each follower is called with an event's
#: action once the transaction that recorded it has committed (the API's webhooks follow the
#: dossier, decision, covenant and ranking events this way). A follower must not fail the write.
audit_followers: Hub[Callable[[str], None]] = Hub("audit followers")

GENESIS = "0" * 64
#: The identity of the one chain there is today, as checkpoints name it.
MAIN_CHAIN = "main"


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _normalise(value: Any) -> Any:
    """What the JSON column gives back, so the hash is computed on the stored form."""
    return None if value is None else json.loads(_json(value))


def compute_hash(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    payload = _json(
        [
            seq,
            created_at.astimezone(dt.UTC).isoformat(),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            object_label,
            before,
            after,
            prev_hash,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return compute_hash(
        seq=event.seq,
        created_at=event.created_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_label=event.object_label,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
    )


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: Any = None,
    after: Any = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction.

    `at` replaces the current time when an event must not say more precisely when it happened
    (a unit voting in a secret ballot carries the time the ballot opened)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = _actor_label(actor)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS}
    )
    fields = {
        "seq": head.seq + 1,
        "created_at": at or timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_label": object_label[:300],
        "before": _normalise(before),
        "after": _normalise(after),
        "prev_hash": head.hash,
    }
    digest = compute_hash(**fields)
    event = AuditEvent.objects.create(hash=digest, **fields)
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=digest)
    versions.bump_for_event(event)
    for follower in audit_followers:
        transaction.on_commit(partial(follower, action), robust=True)
    return event


def record_many(*, actor: Actor, action: str, entries: Sequence[tuple[models.Model, Any]]) -> int:
    """Append one event per (object, after) pair — the same events, with the same hashes, as
    calling `record()` for each, but written in one bulk insert (the registry import creates
    thousands of organisations at once). Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many() must be called inside transaction.atomic()")
    if not entries:
        return 0
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = _actor_label(actor)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS}
    )
    seq, prev, now = head.seq, head.hash, timezone.now()
    events = []
    for obj, after in entries:
        seq += 1
        fields = {
            "seq": seq,
            "created_at": now,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "object_label": str(obj)[:300],
            "before": None,
            "after": _normalise(after),
            "prev_hash": prev,
        }
        prev = compute_hash(**fields)
        events.append(AuditEvent(hash=prev, **fields))
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    versions.bump(*{scope for event in events for scope in versions.scopes_of_event(event)})
    return len(events)


def _actor_label(actor: Actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    # The person's name as people know it; the account is the event's `actor` link.
    return getattr(actor, "full_name", "") or actor.get_username()


@dataclass(frozen=True)
class ChainHead:
    """Where one chain ends: its identity, last sequence number and last hash."""

    chain: str
    seq: int
    hash: str


def chain_heads() -> list[ChainHead]:
    """The head of every chain, as the head rows say (they are what an attacker rewrites)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return [ChainHead(MAIN_CHAIN, 0, GENESIS)]
    return [ChainHead(MAIN_CHAIN, head.seq, head.hash)]


def chain_ids() -> list[str]:
    return [MAIN_CHAIN]


def event_hashes(chain: str, seqs: Sequence[int]) -> dict[int, str]:
    """The stored hash of each of these events of `chain` that exists."""
    if chain != MAIN_CHAIN:
        return {}
    found: dict[int, str] = {}
    wanted = sorted(set(seqs))
    for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one query
        rows = AuditEvent.objects.filter(seq__in=wanted[start : start + 500])
        found.update(rows.values_list("seq", "hash"))
    return found


def last_event_seq(chain: str) -> int:
    """The highest sequence number stored in `chain` (0 when it has no event)."""
    if chain != MAIN_CHAIN:
        return 0
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainProblem | None]:
    """Recompute the chain. Returns the number of events checked and the first problem, if any."""
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for event in _iter_events(batch_size):
        if event.seq != expected_seq:
            return checked, ChainProblem(expected_seq, "missing")
        if event.prev_hash != expected_prev:
            return checked, ChainProblem(event.seq, "broken link")
        if event_hash(event) != event.hash:
            return checked, ChainProblem(event.seq, "altered")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head_seq = head.seq if head else 0
    if head_seq != checked or (head and head.hash != expected_prev and checked):
        return checked, ChainProblem(checked + 1, "missing")
    return checked, None


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
