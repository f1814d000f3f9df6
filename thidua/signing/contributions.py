"""Signing's parts of other apps' pages (thidua/core/contributions.py): the cycle page's link
with the covenant's status, its checks before the cycle leaves the signing phase, its part of
the archive."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from thidua.cycles.checks import phase_checks
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, work_links
from thidua.reports.archive import ArchivePart, archive_parts
from thidua.signing import checks, export, selectors


def _covenant(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"covenant": selectors.covenant_status(cycle)}


work_links.add(Section("signing/includes/cycle_link.html", _covenant), key="signing", order=30)
archive_parts.add(
    ArchivePart(apps.get_app_config("signing").verbose_name, export.files),
    key="signing",
    order=20,
)
phase_checks.add(checks.phase_check, key="signing", order=30)
