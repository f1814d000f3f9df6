"""What the signed-in person's home page shows, and the Board's dashboard."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils import timezone

from thidua.awards.selectors import awards_stamp
from thidua.board import dashboard
from thidua.board.forms import ProgressFilterForm
from thidua.core.models import AuditEvent
from thidua.core.todo import todo_for
from thidua.cycles import selectors as cycles
from thidua.orgs import selectors as orgs
from thidua.scoring.selectors.board import rankings_stamp as scoring_stamp

#: To-do items shown before "show all".
TODO_SHOWN = 12


def dashboard_for(user: Any, query: QueryDict | None = None) -> dict[str, Any]:
    """What the signed-in person's home page shows; `query` filters the Board's progress table."""
    todo = todo_for(user, timezone.now())
    every = query is not None and query.get("todo") == "all"
    context: dict[str, Any] = {
        "todo": todo,
        # The most urgent tasks; the rest one link away (the Board's list grows with the blocks).
        "todo_shown": todo if every else todo[:TODO_SHOWN],
        "cycles": [_with_role(c, user) for c in cycles.cycles_for_user(user)],
    }
    if user.is_board:
        context["counts"] = orgs.registry_counts()
        context["phases"] = cycles.phase_counts()
        context["recent_events"] = list(AuditEvent.objects.order_by("-created_at", "-id")[:8])
        context["board"] = board_dashboard(query)
    return context


#: Rows of the progress table on one page: the page's size does not grow with the province.
PROGRESS_PAGE_SIZE = 25


@dataclass(frozen=True)
class PhaseCount:
    value: str
    label: str
    count: int


class BoardDashboard:
    """The Board's view of every block: progress of the current cycles, figures by year.

    The progress table starts with a summary (cycles behind schedule, cycles per phase, each a
    link to those cycles), shows the cycles behind schedule first and one page of
    `PROGRESS_PAGE_SIZE` rows at a time, filtered by the officer (phase, behind schedule, part of
    a block's name). The figures are kept in the template's cache under `figures_version`."""

    def __init__(self, query: QueryDict | None = None) -> None:
        query = query if query is not None else QueryDict()
        self.form = ProgressFilterForm(query if _filtering(query) else None)
        self.page_number = query.get("page")
        self.steps = [label for _key, label in dashboard.step_labels()]

    @functools.cached_property
    def all_progress(self) -> list[dashboard.CycleProgress]:
        """Every current cycle, those behind schedule first (then in the blocks' order)."""
        rows = dashboard.progress()
        return sorted(rows, key=lambda row: not row.behind)

    @functools.cached_property
    def progress(self) -> list[dashboard.CycleProgress]:
        """The current cycles that pass the officer's filters."""
        rows = self.all_progress
        if not self.form.is_bound or not self.form.is_valid():
            return rows
        data = self.form.cleaned_data
        if data["phase"]:
            rows = [r for r in rows if r.cycle.phase == data["phase"]]
        if data["behind"]:
            rows = [r for r in rows if r.behind]
        if text := data["q"].strip().casefold():
            rows = [r for r in rows if text in r.cycle.block.name.casefold()]
        return rows

    @property
    def filtered(self) -> bool:
        return self.form.is_bound and self.form.is_valid() and any(self.form.cleaned_data.values())

    @functools.cached_property
    def page(self) -> Page:
        return Paginator(self.progress, PROGRESS_PAGE_SIZE).get_page(self.page_number)

    @functools.cached_property
    def rows_key(self) -> str:
        """The rendered rows of this page are kept under the keys of the rows shown: a write in
        a block re-renders the page that shows it, and only that one."""
        parts = [f"{row.key}@{row.changes_at}" for row in self.page.object_list]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    @functools.cached_property
    def rows_ttl(self) -> int:
        """Until the first deadline among the rows shown (the rows change then), else 6 hours."""
        now = timezone.now()
        ttl = dashboard.PROGRESS_TTL
        for row in self.page.object_list:
            if row.changes_at is not None:
                ttl = min(ttl, int((row.changes_at - now).total_seconds()) + 1)
        return max(ttl, 1)

    @functools.cached_property
    def behind_count(self) -> int:
        return sum(1 for row in self.all_progress if row.behind)

    @functools.cached_property
    def phase_summary(self) -> list[PhaseCount]:
        """How many current cycles are in each phase, for the phases that have any, in order."""
        counts = Counter(row.cycle.phase for row in self.all_progress)
        return [PhaseCount(v, label, counts[v]) for v, label in cycles.phase_choices() if counts[v]]

    @functools.cached_property
    def without_cycle(self) -> list[str]:
        return dashboard.blocks_without_cycle([row.cycle for row in self.all_progress])

    @functools.cached_property
    def figures_version(self) -> str:
        """Changes when a ranking is published or corrected, or an award recorded."""
        stamp = repr((scoring_stamp(), awards_stamp()))
        return hashlib.sha256(stamp.encode()).hexdigest()[:32]

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


def _filtering(query: QueryDict) -> bool:
    return any(name in query for name in ProgressFilterForm.base_fields)


def board_dashboard(query: QueryDict | None = None) -> BoardDashboard:
    return BoardDashboard(query)


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
