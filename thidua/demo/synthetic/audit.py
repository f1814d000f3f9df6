"""Summary audit events for the bulk steps, appended to the hash chain exactly as
`thidua.core.audit.record` would append them one by one (same payload, same hash), but in one
bulk insert per step. `manage.py verify_audit` checks them like any other event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction

from thidua.core import audit
from thidua.core.models import AuditChainHead, AuditEvent

SYNTHETIC_MARK = "Dữ liệu tổng hợp"


def append(
    events: list[dict[str, Any]],
    *,
    actor: Any,
    action: str,
    when: dt.datetime,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    """Queue one event (written by `flush`)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    events.append(
        {
            "chain": audit.chain_of(obj),
            "created_at": when,
            "actor_id": actor.pk if actor is not None else None,
            "actor_label": audit._actor_label(actor),
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "object_label": object_label[:300],
            "before": audit._normalise(before),
            "after": audit._normalise(after),
        }
    )


@transaction.atomic
def flush(events: list[dict[str, Any]]) -> int:
    """Chain the queued events after the current head and insert them; empties the queue."""
    if not events:
        return 0
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for fields in events:
        by_chain.setdefault(fields["chain"], []).append(fields)
    rows = []
    for chain in sorted(by_chain, key=audit._chain_order):
        head = audit._locked_head(chain)
        seq, prev = head.seq, head.hash
        for fields in by_chain[chain]:
            seq += 1
            # The stored form: whole seconds in UTC, as the database gives them back.
            fields = {**fields, "seq": seq, "prev_hash": prev, "created_at": fields["created_at"]}
            digest = audit.compute_hash(**fields)
            rows.append(AuditEvent(hash=digest, **fields))
            prev = digest
        AuditChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)
    AuditEvent.objects.bulk_create(rows, batch_size=1000)
    count = len(events)
    events.clear()
    return count
