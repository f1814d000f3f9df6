"""Loading the demo writes hundreds of notifications; their e-mails are counted, never sent."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    """An e-mail backend that only counts what it is given."""

    count = 0

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        sent = len(email_messages)
        CountingBackend.count += sent
        return sent


@contextmanager
def counted() -> Iterator[type[CountingBackend]]:
    """While inside, e-mails go to CountingBackend (its `count` restarts at 0)."""
    previous = settings.EMAIL_BACKEND
    CountingBackend.count = 0
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    try:
        yield CountingBackend
    finally:
        settings.EMAIL_BACKEND = previous
