"""Reminder provider (registered in contributions.py): member units that have not registered while
registration is open get a reminder, at most once a week."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.cycles.models import Cycle
from thidua.meetings import services
from thidua.meetings.models import Registration, RegistrationClosure
from thidua.notifications.services import notify


def due(now: dt.datetime) -> int:
    year, week, _day = now.isocalendar()
    sent = 0
    cycles = (
        Cycle.objects.filter(phase__in=services.REGISTRATION_PHASES)
        .exclude(pk__in=RegistrationClosure.objects.values("cycle_id"))
        .select_related("block")
    )
    for cycle in cycles:
        done = set(
            Registration.objects.filter(cycle=cycle).values_list("organisation_id", flat=True)
        )
        url = reverse("meetings:registration_edit", args=[cycle.pk])
        for org_id in sorted(services.member_ids(cycle) - done):
            sent += len(
                notify(
                    recipients=services.unit_people(org_id),
                    kind="registration.reminder",
                    subject=_("Reminder: register your unit for the %(year)s emulation")
                    % {"year": cycle.year},
                    body=_("%(block)s: your unit has not registered its titles yet.")
                    % {"block": cycle.block.name},
                    url=url,
                    dedupe_key=f"meetings.registration:{cycle.pk}:{org_id}:{year}-W{week}",
                )
            )
    return sent
