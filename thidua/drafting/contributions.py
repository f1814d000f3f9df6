"""Drafting's parts of other apps' pages and runs (thidua/core/contributions.py): the cycle
page's link and documents section, its checks before the cycle leaves a phase, its part of the
archive, the comment reminders."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from thidua.cycles.checks import phase_checks
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, cycle_sections, work_links
from thidua.drafting import checks, export, reminders, selectors
from thidua.notifications.reminders import reminder_providers
from thidua.reports.archive import ArchivePart, archive_parts


def _documents(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"rows": selectors.documents_for_cycle(cycle)}


work_links.add(Section("drafting/includes/cycle_link.html"), key="drafting", order=10)
cycle_sections.add(
    Section("drafting/includes/cycle_documents.html", _documents), key="drafting", order=10
)
archive_parts.add(
    ArchivePart(apps.get_app_config("drafting").verbose_name, export.files),
    key="drafting",
    order=10,
)
reminder_providers.add(reminders.due, key="thidua.drafting.reminders.due", order=20)
phase_checks.add(checks.phase_check, key="drafting", order=10)
