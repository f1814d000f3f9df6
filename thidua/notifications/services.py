"""Notify people: a row each in the product, and an e-mail sent after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from thidua.core import versions
from thidua.notifications.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    dedupe_key: str = "",
) -> list[Notification]:
    """Write one notification per recipient (skipping inactive people and, with a dedupe_key,
    those who already had it) and e-mail them once the caller's transaction commits.

    `subject` and `body` are already in the language to send (callers use gettext)."""
    people = [p for p in recipients if p is not None and p.is_active]
    if dedupe_key:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=people).values_list(
                "recipient_id", flat=True
            )
        )
        people = [p for p in people if p.pk not in already]
    created = Notification.objects.bulk_create(
        Notification(
            recipient=p, kind=kind, subject=subject, body=body, url=url, dedupe_key=dedupe_key
        )
        for p in people
    )
    # The badge is on every page of theirs: their pages cached under their version are stale.
    versions.bump(*(versions.person(p.pk) for p in people))
    addresses = sorted({p.email for p in people if p.email})
    if email and addresses:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        transaction.on_commit(lambda: _send(subject, body + link, addresses))
    return created


def _send(subject: str, body: str, addresses: list[str]) -> None:
    # One message per person: recipients must not see each other's addresses.
    for address in addresses:
        send_mail(subject, body, None, [address], fail_silently=True)


def mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the person's notifications read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        if marked:
            versions.bump(versions.person(user.pk))
    return marked
