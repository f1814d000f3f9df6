"""Webhooks: the events an integration follows, read from the audit log, signed and delivered.

1. A service records its audit event (thidua/core/audit.py); once the transaction commits, the
   log's followers are told the action. `follow` enqueues `dispatch` for the actions below.
2. `dispatch` reads the log from its cursor and creates one delivery per event and endpoint that
   follows it (unique per endpoint and event: an event is never delivered twice), then enqueues
   their delivery.
3. `deliver` POSTs the JSON payload signed with HMAC-SHA256, once at a time: a failure is retried
   with a growing delay (the task queue's `run_after`; `manage.py deliver_webhooks`, meant for
   cron, also sends what is due), up to MAX_ATTEMPTS, then the delivery is marked failed. The
   Board sees every delivery with its answer on the webhooks page.

The signing secret is derived from SECRET_KEY and the endpoint's salt, never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.api.models import (
    DeliveryStatus,
    WebhookCursor,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from thidua.awards.models import Decision, Proposal
from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle
from thidua.drafting.models import DocumentVersion
from thidua.orgs.models import Province
from thidua.scoring.models import PublishedRanking

#: The audit actions an integration may follow, and the event each becomes.
ACTIONS: dict[str, str] = {
    "awards.proposal.submit": WebhookEvent.DOSSIER_SUBMITTED,
    "awards.proposal.return": WebhookEvent.DOSSIER_RETURNED,
    "awards.proposal.accept": WebhookEvent.DOSSIER_ACCEPTED,
    "awards.decision.record": WebhookEvent.DECISION_RECORDED,
    "signing.covenant.in_force": WebhookEvent.COVENANT_IN_FORCE,
    "scoring.ranking_published": WebhookEvent.RANKING_PUBLISHED,
}
MAX_ATTEMPTS = 6
FIRST_DELAY = dt.timedelta(seconds=30)
BATCH = 500
LOOKBACK = 1000
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Thidua-Signature"


def secret_for(endpoint: WebhookEndpoint) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"thidua-webhook:{endpoint.salt}".encode(), hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the HMAC-SHA256 of "<timestamp>.<body>": the receiver recomputes it with the
    secret it was given and refuses a payload whose timestamp is old (a replay)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 2 min, 8 min, 32 min, about 2 h after each failed attempt."""
    return FIRST_DELAY * (4 ** max(0, attempts - 1))


# --- from the audit log to deliveries ----------------------------------------------------------


def follow(action: str) -> None:
    if action in ACTIONS and WebhookEndpoint.objects.filter(is_active=True).exists():
        from thidua.api.tasks import dispatch_webhooks

        dispatch_webhooks.enqueue()


def _cycle_data(cycle: Cycle) -> dict[str, Any]:
    return {"cycle_id": cycle.pk, "block": cycle.block.name, "year": cycle.year}


def _subject(event: AuditEvent) -> tuple[int, dict[str, Any]] | None:
    """The province the event belongs to and what the payload says of it (public fields and the
    API addresses to read more), or None if its record is gone."""
    pk = int(event.object_id) if event.object_id.isdigit() else 0
    if event.action.startswith("awards.proposal."):
        proposal = Proposal.objects.select_related("cycle__block", "award_type").filter(pk=pk)
        p = proposal.first()
        if p is None:
            return None
        data = {
            "dossier_id": p.pk,
            "status": (event.after or {}).get("status", p.status),
            "title": p.award_type.name,
            **_cycle_data(p.cycle),
            "url": f"/api/v1/dossiers/{p.pk}",
        }
        return p.cycle.block.province_id, data
    if event.action == "awards.decision.record":
        d = Decision.objects.select_related("proposal__cycle__block").filter(pk=pk).first()
        if d is None:
            return None
        data = {
            "decision_id": d.pk,
            "dossier_id": d.proposal_id,
            "number": d.number,
            "date": d.date.isoformat(),
            **_cycle_data(d.proposal.cycle),
            "url": f"/api/v1/dossiers/{d.proposal_id}",
        }
        return d.proposal.cycle.block.province_id, data
    if event.action == "signing.covenant.in_force":
        v = DocumentVersion.objects.select_related("document__cycle__block").filter(pk=pk).first()
        if v is None:
            return None
        data = {"version_sha256": v.sha256, **_cycle_data(v.document.cycle)}
        return v.document.cycle.block.province_id, data
    if event.action == "scoring.ranking_published":
        r = PublishedRanking.objects.select_related("cycle__block").filter(pk=pk).first()
        if r is None:
            return None
        data = {**_cycle_data(r.cycle), "url": f"/api/v1/cycles/{r.cycle_id}/ranking"}
        return r.cycle.block.province_id, data
    return None


def _endpoints_by_province() -> dict[int, list[WebhookEndpoint]]:
    """Active endpoints, each under its province and the provinces merged into it."""
    merged: dict[int, list[int]] = {}
    for pk, into in Province.objects.filter(merged_into__isnull=False).values_list(
        "pk", "merged_into_id"
    ):
        merged.setdefault(into, []).append(pk)
    found: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        for province in [endpoint.province_id, *merged.get(endpoint.province_id, [])]:
            found.setdefault(province, []).append(endpoint)
    return found


def _event_id(event: AuditEvent) -> str:
    """Stable per event: "audit-<seq>" on the main chain (as before chains), else with the chain."""
    if event.chain == audit.MAIN_CHAIN:
        return f"audit-{event.seq}"
    return f"audit-{event.chain.replace(':', '-')}-{event.seq}"


def dispatch() -> list[int]:
    """Deliveries for the events recorded since the last call; returns the new deliveries' ids."""
    created: list[int] = []
    with transaction.atomic():
        cursor, _ = WebhookCursor.objects.select_for_update().get_or_create(pk=1)
        # The cursor is the last event id looked at. Events of different blocks' chains commit
        # in parallel, so one with a lower id may commit after a higher one was seen: the last
        # LOOKBACK ids are looked at again (a delivery is made once per event and endpoint).
        followed = AuditEvent.objects.filter(action__in=list(ACTIONS)).order_by("pk")
        new_events = list(followed.filter(pk__gt=cursor.seq)[:BATCH])
        again = list(followed.filter(pk__gt=cursor.seq - LOOKBACK, pk__lte=cursor.seq))
        events = again + new_events
        if not events:
            return []
        endpoints = _endpoints_by_province()
        for event in events:
            subject = _subject(event)
            if subject is None:
                continue
            province, data = subject
            name = ACTIONS[event.action]
            for endpoint in endpoints.get(province, []):
                if name not in endpoint.events or event.created_at < endpoint.created_at:
                    continue
                event_id = _event_id(event)
                delivery, new = WebhookDelivery.objects.get_or_create(
                    endpoint=endpoint,
                    event_id=event_id,
                    defaults={
                        "event": name,
                        "payload": {
                            "id": event_id,
                            "event": name,
                            "occurred_at": event.created_at.isoformat(),
                            "data": data,
                        },
                        "next_attempt_at": timezone.now(),
                    },
                )
                if new:
                    created.append(delivery.pk)
        if new_events:
            cursor.seq = new_events[-1].pk
            cursor.save(update_fields=["seq"])
    for pk in created:
        _enqueue(pk)
    return created


# --- sending -----------------------------------------------------------------------------------


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the HTTP status; a network failure raises OSError."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


#: What sends a payload; tests replace it.
sender: Callable[[str, bytes, dict[str, str]], int] = post


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """One attempt at one delivery, if it is still waiting and due. Claimed by a conditional
    update first, so two workers never send it both."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    now = timezone.now()
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return delivery
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=delivery.attempts + 1, next_attempt_at=now + backoff(delivery.attempts + 1))
    if not claimed:
        return delivery
    delivery.attempts += 1
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "thidua-webhooks/1",
        "X-Thidua-Event": delivery.event,
        "X-Thidua-Delivery": delivery.event_id,
        "X-Thidua-Timestamp": timestamp,
        SIGNATURE_HEADER: signature(secret_for(delivery.endpoint), timestamp, body),
    }
    code: int | None = None
    error = ""
    try:
        code = sender(delivery.endpoint.url, body, headers)
    except OSError as err:
        error = str(err)[:300] or err.__class__.__name__
    fields: dict[str, Any] = {"last_status_code": code, "last_error": error}
    if code is not None and 200 <= code < 300:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now())
        fields["next_attempt_at"] = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    delivery.refresh_from_db()
    if delivery.status == DeliveryStatus.PENDING:
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    """On the task queue; a backend that cannot defer (the tests' immediate one) leaves a retry
    to `deliver_due`."""
    from thidua.api.tasks import deliver_webhook

    backend = deliver_webhook.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    else:
        deliver_webhook.enqueue(delivery_id)


def deliver_due() -> int:
    """Every waiting delivery whose time has come (the cron's safety net); returns how many."""
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    ids = list(due.values_list("pk", flat=True)[:BATCH])
    for pk in ids:
        deliver(pk)
    return len(ids)
