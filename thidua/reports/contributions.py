"""Reports' parts of other apps' pages (thidua/core/contributions.py): the cycle page's link to
the archive, for those who may take it."""

from __future__ import annotations

from typing import Any

from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, work_links
from thidua.reports import access


def _archive_link(cycle: Cycle, user: Any) -> dict[str, Any] | None:
    return {} if access.can_download_archive(user, cycle) else None


work_links.add(Section("reports/includes/cycle_link.html", _archive_link), key="reports", order=70)
