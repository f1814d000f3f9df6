"""Reminder provider (registered in contributions.py): 24 hours before a comment window closes,
the people of member units that have not commented yet are reminded, once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.cycles.access import UNIT_ROLES
from thidua.drafting.models import CommentWindow
from thidua.drafting.selectors import units_without_comment

AHEAD = dt.timedelta(hours=24)


def due(now: dt.datetime) -> int:
    """Notify units without a comment in windows closing within 24 h; returns how many people
    were notified. Running it again notifies nobody twice (dedupe key per window)."""
    sent = 0
    windows = CommentWindow.objects.filter(
        closed_at__isnull=True, deadline__gt=now, deadline__lte=now + AHEAD
    ).select_related("version__document__cycle__block")
    for window in windows:
        with transaction.atomic():
            sent += _remind(window, now)
    return sent


def _remind(window: CommentWindow, now: dt.datetime) -> int:
    from thidua.notifications.services import notify

    units = [u.pk for u in units_without_comment(window)]
    people = User.objects.filter(organisation_id__in=units, role__in=UNIT_ROLES, is_active=True)
    deadline = timezone.localtime(window.deadline).strftime("%H:%M %d/%m/%Y")
    created = notify(
        recipients=people,
        kind="drafting.window_reminder",
        subject=_("Reminder: comments on “%(title)s” are due") % {"title": window.version.title},
        body=_("Your unit has not commented yet. The window closes at %(deadline)s.")
        % {"deadline": deadline},
        url=reverse("drafting:window_detail", args=[window.pk]),
        dedupe_key=f"drafting.window.{window.pk}.reminder",
    )
    if created:
        CommentWindow.objects.filter(pk=window.pk).update(reminder_sent_at=now)
        audit.record(
            actor=None,
            action="drafting.window.remind",
            obj=window,
            after={"notified": len(created), "units": units},
        )
    return len(created)
