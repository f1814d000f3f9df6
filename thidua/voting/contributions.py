"""Voting's parts of other apps' pages (thidua/core/contributions.py): the cycle page's link to
the evaluation meeting, its part of the archive."""

from __future__ import annotations

from django.apps import apps

from thidua.core.todo import todo_providers
from thidua.cycles.sections import Section, work_links
from thidua.reports.archive import ArchivePart, archive_parts
from thidua.voting import export, todo

work_links.add(Section("voting/includes/cycle_link.html"), key="voting", order=90)
archive_parts.add(
    ArchivePart(apps.get_app_config("voting").verbose_name, export.files),
    key="voting",
    order=50,
)
todo_providers.add(todo.items, key="voting", order=10)
