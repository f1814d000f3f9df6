from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils import timezone

from thidua.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    object_type: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> AuditFilters:
        return cls(
            action=query.get("action", "").strip(),
            object_type=query.get("object_type", "").strip(),
            actor=query.get("actor", "").strip(),
            date_from=_parse_date(query.get("date_from", "")),
            date_to=_parse_date(query.get("date_to", "")),
        )


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.order_by("-seq")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
        events = events.filter(created_at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        events = events.filter(created_at__lt=end)
    return events


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def dashboard_for(user: Any) -> dict[str, Any]:
    """What the signed-in person's home page shows."""
    from thidua.cycles.selectors import cycles_for_user
    from thidua.orgs.models import Block, Organisation

    context: dict[str, Any] = {"cycles": [_with_role(c, user) for c in cycles_for_user(user)]}
    if user.is_board:
        context["counts"] = {
            "blocks": Block.objects.filter(is_active=True).count(),
            "organisations": Organisation.objects.filter(valid_to__isnull=True).count(),
        }
        context["phases"] = _phase_counts()
        context["recent_events"] = list(AuditEvent.objects.order_by("-seq")[:8])
        context["board"] = board_dashboard()
    return context


class BoardDashboard:
    """The Board's view of every block: progress of the current cycles, figures by year.

    Each part is computed when the template first reads it, and the template keeps the rendered
    tables in its cache under `version`, so a page served from that cache computes nothing."""

    def __init__(self) -> None:
        from thidua.core import board

        self._board = board
        self.version = board.version()
        self.steps = [label for _key, label in board.step_labels()]

    @functools.cached_property
    def progress(self) -> list[Any]:
        return self._board.progress()

    @functools.cached_property
    def without_cycle(self) -> list[str]:
        return self._board.blocks_without_cycle([row.cycle for row in self.progress])

    @functools.cached_property
    def scores(self) -> Any:
        return self._board.scores_by_year()

    @functools.cached_property
    def awards(self) -> Any:
        return self._board.awards_by_year()

    @functools.cached_property
    def scores_chart(self) -> dict[str, Any]:
        return self.scores.chart()  # type: ignore[no-any-return]

    @functools.cached_property
    def awards_chart(self) -> dict[str, Any]:
        return self.awards.chart()  # type: ignore[no-any-return]


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


def _phase_counts() -> list[dict[str, Any]]:
    from thidua.cycles.models import Cycle, Phase

    rows = Cycle.objects.values("phase").annotate(n=Count("pk")).order_by()
    counts = {row["phase"]: row["n"] for row in rows}
    return [
        {"phase": p.label, "count": counts.get(p.value, 0)} for p in Phase if counts.get(p.value)
    ]
