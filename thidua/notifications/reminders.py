"""Reminders sent by `manage.py send_reminders` (run from cron, e.g. every hour).

Each app that has deadlines lists a provider in settings.REMINDER_PROVIDERS: a dotted path to a
function `(now: datetime) -> int` that notifies whoever is due and returns how many it notified.
Providers must be idempotent (use notify(..., dedupe_key=...)) so that running twice is harmless.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.module_loading import import_string


def run_all(now: dt.datetime) -> dict[str, int]:
    return {path: import_string(path)(now) for path in settings.REMINDER_PROVIDERS}
