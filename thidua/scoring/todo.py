"""Scoring's items of the to-do list (thidua/core/todo.py): a member unit submits its
self-assessment, then cross-scores the units the policy gives it (at most four queries
whatever the number of cycles)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.todo import TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.cycles.models import Cycle, Phase, ScorerMode
from thidua.orgs.models import Membership
from thidua.scoring.models import ScorerAssignment, ScoreSheet, SheetKind, SheetStatus


def items(context: TodoContext) -> Iterator[TodoItem]:
    member = cycles.person_cycles(context).member
    org = context.person.organisation_id
    yield from _self_assessment(org, [c for c in member if c.phase == Phase.SELF_ASSESSMENT])
    yield from _cross_scoring(org, [c for c in member if c.phase == Phase.CROSS_SCORING])


def _self_assessment(org: int, open_cycles: list[Cycle]) -> Iterator[TodoItem]:
    if not open_cycles:
        return
    submitted = set(
        ScoreSheet.objects.filter(
            cycle_id__in=[c.pk for c in open_cycles],
            unit_id=org,
            kind=SheetKind.SELF,
            status=SheetStatus.SUBMITTED,
        ).values_list("cycle_id", flat=True)
    )
    for cycle in open_cycles:
        if cycle.pk in submitted:
            continue
        yield TodoItem(
            kind="scoring.self",
            text=_("Self-assess your unit and submit the sheet"),
            url=reverse("scoring:self_sheet", args=[cycle.pk, org]),
            cycle_label=cycles.label(cycle),
        )


def _to_score(org: int, open_cycles: list[Cycle]) -> dict[int, set[int]]:
    """The units `org` must cross-score in each cycle, under each cycle's policy."""
    members: dict[int, set[int]] = defaultdict(set)
    needs_roster = [c for c in open_cycles if c.policy.scorer_mode != ScorerMode.ASSIGNED]
    if needs_roster:
        keys = {(c.block_id, c.year): c.pk for c in needs_roster}
        condition = reduce(or_, (Q(block_id=b, year=y) for b, y in keys))
        for block, year, unit in Membership.objects.filter(condition).values_list(
            "block_id", "year", "organisation_id"
        ):
            members[keys[(block, year)]].add(unit)
    assigned: dict[int, set[int]] = defaultdict(set)
    assigned_cycles = [c.pk for c in open_cycles if c.policy.scorer_mode == ScorerMode.ASSIGNED]
    if assigned_cycles:
        for cycle_id, unit in ScorerAssignment.objects.filter(
            cycle_id__in=assigned_cycles, scorer_id=org
        ).values_list("cycle_id", "scored_id"):
            assigned[cycle_id].add(unit)
    result: dict[int, set[int]] = {}
    for cycle in open_cycles:
        mode = cycle.policy.scorer_mode
        if mode == ScorerMode.ASSIGNED:
            units = assigned[cycle.pk]
        elif mode == ScorerMode.HEAD:
            if org == cycle.head_unit_id:
                units = members[cycle.pk]
            elif org == cycle.deputy_unit_id:
                units = {cycle.head_unit_id}
            else:
                units = set()
        else:
            units = members[cycle.pk]
        result[cycle.pk] = units - {org}
    return result


def _cross_scoring(org: int, open_cycles: list[Cycle]) -> Iterator[TodoItem]:
    if not open_cycles:
        return
    expected = _to_score(org, open_cycles)
    done: dict[int, set[int]] = defaultdict(set)
    for cycle_id, unit in ScoreSheet.objects.filter(
        cycle_id__in=[c.pk for c in open_cycles],
        scorer_id=org,
        kind=SheetKind.CROSS,
        status=SheetStatus.SUBMITTED,
    ).values_list("cycle_id", "unit_id"):
        done[cycle_id].add(unit)
    for cycle in open_cycles:
        units = expected[cycle.pk] - done[cycle.pk]
        left = len(units)
        if not left:
            continue
        # One unit left: straight to its sheet; several: the overview lists them.
        if left == 1:
            url = reverse("scoring:cross_sheet", args=[cycle.pk, next(iter(units))])
        else:
            url = reverse("scoring:overview", args=[cycle.pk])
        yield TodoItem(
            kind="scoring.cross",
            text=ngettext(
                "Cross-score %(count)d unit and submit the sheet",
                "Cross-score %(count)d units and submit their sheets",
                left,
            )
            % {"count": left},
            url=url,
            cycle_label=cycles.label(cycle),
        )
