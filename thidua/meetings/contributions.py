"""Meetings' parts of other apps' pages and runs (thidua/core/contributions.py): the cycle
page's links to the meetings and the registrations, its part of the archive, the
registration reminders."""

from __future__ import annotations

from django.apps import apps

from thidua.core.todo import todo_providers
from thidua.cycles.sections import Section, work_links
from thidua.meetings import export, reminders, todo
from thidua.notifications.reminders import reminder_providers
from thidua.reports.archive import ArchivePart, archive_parts

work_links.add(
    Section("meetings/includes/cycle_link_meetings.html"), key="meetings.meetings", order=20
)
work_links.add(
    Section("meetings/includes/cycle_link_registrations.html"),
    key="meetings.registrations",
    order=40,
)
archive_parts.add(
    ArchivePart(apps.get_app_config("meetings").verbose_name, export.files),
    key="meetings",
    order=30,
)
reminder_providers.add(reminders.due, key="thidua.meetings.reminders.due", order=10)
todo_providers.add(todo.items, key="meetings", order=40)
