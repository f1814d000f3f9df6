"""Reminders sent by `manage.py send_reminders` (run from cron, e.g. every hour).

Each app that has deadlines registers a provider in `reminder_providers` from its
`contributions.py` (thidua/core/contributions.py): a function `(now: datetime) -> int` that
notifies whoever is due and returns how many it notified. Providers must be idempotent (use
notify(..., dedupe_key=...)) so that running twice is harmless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from thidua.core.contributions import Hub

Provider = Callable[[dt.datetime], int]

reminder_providers: Hub[Provider] = Hub("reminders")


def run_all(now: dt.datetime) -> dict[str, int]:
    return {key: provider(now) for key, provider in reminder_providers.items()}
