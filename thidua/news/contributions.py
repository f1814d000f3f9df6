"""News's part of the cycle archive (thidua/core/contributions.py): the year's published posts."""

from __future__ import annotations

from django.apps import apps

from thidua.news import export
from thidua.reports.archive import ArchivePart, archive_parts

archive_parts.add(
    ArchivePart(apps.get_app_config("news").verbose_name, export.files),
    key="news",
    order=80,
)
