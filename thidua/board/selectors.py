"""What the signed-in person's home page shows, and the Board's dashboard."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thidua.board import dashboard
from thidua.core.models import AuditEvent
from thidua.core.todo import todo_for
from thidua.cycles import selectors as cycles
from thidua.orgs import selectors as orgs


def dashboard_for(user: Any) -> dict[str, Any]:
    """What the signed-in person's home page shows."""
    context: dict[str, Any] = {
        "todo": todo_for(user, timezone.now()),
        "cycles": [_with_role(c, user) for c in cycles.cycles_for_user(user)],
    }
    if user.is_board:
        context["counts"] = orgs.registry_counts()
        context["phases"] = cycles.phase_counts()
        context["recent_events"] = list(AuditEvent.objects.order_by("-created_at", "-id")[:8])
        context["board"] = board_dashboard()
    return context


class BoardDashboard:
    """The Board's view of every block: progress of the current cycles, figures by year.

    Each part is computed when the template first reads it, and the template keeps the rendered
    tables in its cache under `version`, so a page served from that cache computes nothing."""

    def __init__(self) -> None:
        self.version = dashboard.version()
        self.steps = [label for _key, label in dashboard.step_labels()]

    @functools.cached_property
    def progress(self) -> list[Any]:
        return dashboard.progress()

    @functools.cached_property
    def without_cycle(self) -> list[str]:
        return dashboard.blocks_without_cycle([row.cycle for row in self.progress])

    @functools.cached_property
    def scores(self) -> dashboard.Series:
        return dashboard.scores_by_year()

    @functools.cached_property
    def awards(self) -> dashboard.Series:
        return dashboard.awards_by_year()

    @functools.cached_property
    def scores_chart(self) -> dict[str, Any]:
        return self.scores.chart()

    @functools.cached_property
    def awards_chart(self) -> dict[str, Any]:
        return self.awards.chart()


def board_dashboard() -> BoardDashboard:
    return BoardDashboard()


@dataclass(frozen=True)
class CycleRow:
    cycle: Any
    my_role: str


def _with_role(cycle: Any, user: Any) -> CycleRow:
    """The person's unit's role in the cycle, in words (empty for the Board)."""
    from django.utils.translation import gettext as _

    org = getattr(user, "organisation_id", None)
    if not org:
        role = ""
    elif org == cycle.head_unit_id:
        role = _("Head unit")
    elif org == cycle.deputy_unit_id:
        role = _("Deputy unit")
    else:
        role = _("Member unit")
    return CycleRow(cycle, role)
