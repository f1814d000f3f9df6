"""Scoring's parts of other apps' pages (thidua/core/contributions.py): the cycle page's links
to the criteria and sheets and to the ranking, its part of the archive."""

from __future__ import annotations

from django.apps import apps

from thidua.core.todo import todo_providers
from thidua.cycles.sections import Section, work_links
from thidua.reports.archive import ArchivePart, archive_parts
from thidua.scoring import export, todo

work_links.add(
    Section("scoring/includes/cycle_link_overview.html"), key="scoring.overview", order=60
)
work_links.add(Section("scoring/includes/cycle_link_ranking.html"), key="scoring.ranking", order=80)
archive_parts.add(
    ArchivePart(apps.get_app_config("scoring").verbose_name, export.files),
    key="scoring",
    order=40,
)
todo_providers.add(todo.items, key="scoring", order=50)
