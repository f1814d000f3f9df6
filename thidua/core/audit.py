"""Appending to and verifying the hash-chained audit log.

Every service calls `record()` inside its transaction. Rows are never updated or deleted by the
product (the database refuses it too, see migration 0002); `verify_chain()` recomputes every hash
and also catches a removed row, because sequence numbers must be contiguous up to the chain head.

The log is several chains: an event belongs to the chain of the emulation block its object is in
("block:<id>", found through the `audit_blocks` hub), else to "main" (the province's shared data:
organisations, people, policies, the law…). Each chain has its own head row, locked while an event
is appended, so writes in different blocks never wait on each other. An event's `seq` counts
within its chain; events of block chains hash their chain's name too (main-chain events hash as
they always did, so a log written before the chains existed still verifies). A transaction that
writes to the main chain and to a block's takes the main chain's head first (creating a cycle
does): taken the other way round by another transaction, the two could wait on each other for
ever. `demo/tests/test_audit_lock_order.py` runs the whole yearly cycle and holds every service
to that order; `record_many` sorts its heads the same way.

Someone with rights on the database can still remove the last events of a chain and rewrite its
head row: the chain then verifies. `checkpoints.py` anchors every chain's head outside the
database against that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
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

#: Which block an object is in, by model label ("app.model", lower case): a function
#: (object) -> block id or None, contributed by the app that owns the model (see `block_via`).
#: An event about an object in a block goes to that block's chain; any other to "main".
audit_blocks: Hub[Callable[[Any], int | None]] = Hub("audit blocks")

GENESIS = "0" * 64
#: The chain of everything that is in no block, as checkpoints name it.
MAIN_CHAIN = "main"
BLOCK_PREFIX = "block:"


def block_chain(block_id: int) -> str:
    """The chain of a block's events (the same text as versions' scope of the block)."""
    return f"{BLOCK_PREFIX}{int(block_id)}"


def block_via(path: str) -> Callable[[Any], int | None]:
    """A finder for `audit_blocks`: the block id at the end of `path` ("cycle__block"), read from
    the relations already loaded, else with one query from the first relation not loaded (by
    its id, so an object deleted just before its event still finds its block)."""
    parts = path.split("__")

    def find(obj: Any) -> int | None:
        current = obj
        for i, part in enumerate(parts):
            field = current._meta.get_field(part)
            value = getattr(current, field.attname)
            if i == len(parts) - 1 or value is None:
                return value
            if field.is_cached(current):
                current = getattr(current, part)
                continue
            rest = "__".join(parts[i + 1 :])
            manager = field.related_model._default_manager
            return manager.filter(pk=value).values_list(rest, flat=True).first()
        return None

    return find


def register_blocks(paths: dict[str, str]) -> None:
    """For an app's contributions: {model label: path from the model to its block}."""
    for label, path in paths.items():
        audit_blocks.add(block_via(path), key=label)


def chain_of(obj: models.Model | None) -> str:
    """The chain an event about `obj` belongs to."""
    if obj is None:
        return MAIN_CHAIN
    finder = audit_blocks.get(obj._meta.label_lower)
    block_id = finder(obj) if finder is not None else None
    return block_chain(block_id) if block_id else MAIN_CHAIN


def _chain(obj: models.Model | None, chain: str | None, block: Any) -> str:
    if chain:
        return chain
    if block is not None:
        return block_chain(block.pk if isinstance(block, models.Model) else block)
    return chain_of(obj)


def _chain_order(chain: str) -> tuple[int, int, str]:
    """Main first, then blocks by id."""
    if chain == MAIN_CHAIN:
        return (0, 0, chain)
    if chain.startswith(BLOCK_PREFIX) and chain[len(BLOCK_PREFIX) :].isdigit():
        return (1, int(chain[len(BLOCK_PREFIX) :]), chain)
    return (2, 0, chain)


def _locked_head(chain: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (created if new)."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            chain=chain, defaults={"seq": 0, "hash": GENESIS}
        )
    return head


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
    chain: str = MAIN_CHAIN,
) -> str:
    # Main-chain events hash as they did before there were several chains.
    tail = [] if chain == MAIN_CHAIN else [chain]
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
            *tail,
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
        chain=event.chain,
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
    chain: str | None = None,
    block: models.Model | int | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction.

    `at` replaces the current time when an event must not say more precisely when it happened
    (a unit voting in a secret ballot carries the time the ballot opened). The event goes to the
    chain of `obj`'s block (`audit_blocks`), unless `chain` or `block` names it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = _actor_label(actor)
    chain = _chain(obj, chain, block)
    head = _locked_head(chain)
    fields = {
        "chain": chain,
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
    AuditChainHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=digest)
    versions.bump_for_event(event)
    for follower in audit_followers:
        transaction.on_commit(partial(follower, action), robust=True)
    return event


def record_many(
    *,
    actor: Actor,
    action: str,
    entries: Sequence[tuple[models.Model, Any]],
    chain: str | None = None,
    block: models.Model | int | None = None,
) -> int:
    """Append one event per (object, after) pair — the same events, with the same hashes, as
    calling `record()` for each, but written in one bulk insert (the registry import creates
    thousands of organisations at once). Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many() must be called inside transaction.atomic()")
    if not entries:
        return 0
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = _actor_label(actor)
    by_chain: dict[str, list[tuple[models.Model, Any]]] = {}
    for obj, after in entries:
        by_chain.setdefault(_chain(obj, chain, block), []).append((obj, after))
    now = timezone.now()
    events = []
    # Heads locked in one order, so that two bulk writes never wait on each other in a circle.
    for name in sorted(by_chain, key=_chain_order):
        head = _locked_head(name)
        seq, prev = head.seq, head.hash
        for obj, after in by_chain[name]:
            seq += 1
            fields = {
                "chain": name,
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
        AuditChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
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
    """The head of every chain, as the head rows say (they are what an attacker rewrites);
    "main" first, then the blocks' chains by block id."""
    rows = list(AuditChainHead.objects.values_list("chain", "seq", "hash"))
    if not any(chain == MAIN_CHAIN for chain, _seq, _hash in rows):
        rows.append((MAIN_CHAIN, 0, GENESIS))
    heads = [ChainHead(chain, seq, digest) for chain, seq, digest in rows]
    return sorted(heads, key=lambda h: _chain_order(h.chain))


def chain_ids() -> list[str]:
    return [head.chain for head in chain_heads()]


def event_hashes(chain: str, seqs: Sequence[int]) -> dict[int, str]:
    """The stored hash of each of these events of `chain` that exists."""
    found: dict[int, str] = {}
    wanted = sorted(set(seqs))
    for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one query
        rows = AuditEvent.objects.filter(chain=chain, seq__in=wanted[start : start + 500])
        found.update(rows.values_list("seq", "hash"))
    return found


def last_event_seq(chain: str) -> int:
    """The highest sequence number stored in `chain` (0 when it has no event)."""
    last = (
        AuditEvent.objects.filter(chain=chain)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    return last or 0


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str
    chain: str = MAIN_CHAIN

    def where(self) -> str:
        """Where the problem is: '#3' on the main chain, 'block:7 #3' on a block's."""
        return f"#{self.seq}" if self.chain == MAIN_CHAIN else f"{self.chain} #{self.seq}"


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainProblem | None]:
    """Recompute every chain. Returns the number of events checked (in all chains, up to the
    first problem) and the first problem, if any: the main chain first, then blocks by id."""
    heads = dict(AuditChainHead.objects.values_list("chain", "seq"))
    hashes = dict(AuditChainHead.objects.values_list("chain", "hash"))
    chains = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    checked = 0
    for chain in sorted(chains, key=_chain_order):
        count, problem = _verify_one(
            chain, heads.get(chain, 0), hashes.get(chain, GENESIS), batch_size
        )
        checked += count
        if problem is not None:
            return checked, problem
    return checked, None


def _verify_one(
    chain: str, head_seq: int, head_hash: str, batch_size: int
) -> tuple[int, ChainProblem | None]:
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for event in _iter_events(chain, batch_size):
        if event.seq != expected_seq:
            return checked, ChainProblem(expected_seq, "missing", chain)
        if event.prev_hash != expected_prev:
            return checked, ChainProblem(event.seq, "broken link", chain)
        if event_hash(event) != event.hash:
            return checked, ChainProblem(event.seq, "altered", chain)
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head_seq != checked or (checked and head_hash != expected_prev):
        return checked, ChainProblem(checked + 1, "missing", chain)
    return checked, None


def _iter_events(chain: str, batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(chain=chain, seq__gt=last).order_by("seq")[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def total_events(heads: Iterable[ChainHead]) -> int:
    """How many events these heads account for (every chain counts from 1)."""
    return sum(head.seq for head in heads)
