"""Activities' parts of other apps' pages (thidua/core/contributions.py): the cycle page's link
to the joint activities, its part of the archive."""

from __future__ import annotations

from django.apps import apps

from thidua.activities import export
from thidua.cycles.sections import Section, work_links
from thidua.reports.archive import ArchivePart, archive_parts

work_links.add(Section("activities/includes/cycle_link.html"), key="activities", order=50)
archive_parts.add(
    ArchivePart(apps.get_app_config("activities").verbose_name, export.files),
    key="activities",
    order=70,
)
