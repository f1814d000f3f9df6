"""Meetings' parts of other apps' pages and runs (thidua/core/contributions.py): the cycle
page's links to the meetings and the registrations, its part of the archive, the
registration reminders."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    about,
    audit_objects,
    board_only,
    describe,
    from_event,
    objects,
    stored,
)
from thidua.core.todo import todo_providers
from thidua.cycles.audit import cycle_events
from thidua.cycles.sections import WorkLink, work_links
from thidua.meetings import export, reminders, todo
from thidua.meetings.models import Meeting, Registration
from thidua.notifications.reminders import reminder_providers
from thidua.reports.archive import ArchivePart, archive_parts

work_links.add(
    WorkLink(_("Meetings and minutes"), "meetings:meeting_list"), key="meetings.meetings", order=20
)
work_links.add(
    WorkLink(_("Emulation registrations"), "meetings:registration_list"),
    key="meetings.registrations",
    order=40,
)
archive_parts.add(
    ArchivePart(apps.get_app_config("meetings").verbose_name, export.files),
    key="meetings",
    order=30,
)
reminder_providers.add(reminders.due, key="thidua.meetings.reminders.due", order=10)


# --- the audit log (thidua/core/audit_log.py) ---


def _meetings_events(cycles: Any) -> Q:
    return about(Meeting.objects.filter(cycle__in=cycles)) | about(
        Registration.objects.filter(cycle__in=cycles)
    )


cycle_events.add(_meetings_events, key="meetings")

audit_objects.add(
    objects(Meeting.objects.all(), url=board_only("meetings:meeting_detail")),
    key="meetings.meeting",
)
audit_objects.add(
    objects(
        Registration.objects.select_related("organisation", "cycle__block"),
        name=lambda r: r.organisation.name,
        url=board_only("meetings:registration_list", lambda r: r.cycle_id),
        values=lambda r: {"cycle": str(r.cycle)},
    ),
    key="meetings.registration",
)

_speaker = from_event(name=stored("name", "either"))

describe(
    "meetings",
    _("Meetings and registration"),
    {
        "meeting.create": _("%(actor)s scheduled the meeting %(object)s"),
        "meeting.update": _("%(actor)s changed the meeting %(object)s"),
        "meeting.attendance": _("%(actor)s recorded who attended the meeting %(object)s"),
        "meeting.speaker.add": Sentence(
            _("%(actor)s added %(name)s to the speakers of the meeting %(object)s"), _speaker
        ),
        "meeting.speaker.remove": Sentence(
            _("%(actor)s removed %(name)s from the speakers of the meeting %(object)s"), _speaker
        ),
        "registration.create": _("%(actor)s registered %(object)s for the emulation titles"),
        "registration.update": _("%(actor)s changed the registration of %(object)s"),
        "registration.close": _("%(actor)s closed registration in %(object)s"),
        "registration.reopen": _("%(actor)s reopened registration in %(object)s"),
    },
    order=60,
)
todo_providers.add(todo.items, key="meetings", order=40)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "meetings.meeting": "cycle__block",
        "meetings.attendance": "meeting__cycle__block",
        "meetings.speaker": "meeting__cycle__block",
        "meetings.registration": "cycle__block",
        "meetings.registrationclosure": "cycle__block",
    }
)
