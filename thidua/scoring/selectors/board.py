"""What the Board's dashboard (thidua/board) reads of scoring: who has scored, and the mean
final scores of the published rankings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, ScorerMode
from thidua.scoring.models import (
    PublishedRanking,
    ScorerAssignment,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)


@dataclass(frozen=True)
class ScoringProgress:
    """Units whose self-assessment is submitted; during cross-scoring, the scorer units expected
    (`scorers`, None in other phases) and those that have submitted all their sheets."""

    self_done: set[int]
    scorers: list[int] | None
    scorers_done: set[int]


def _scoring_open(cycle: Cycle) -> bool:
    start, end = (
        PHASE_ORDER.index(Phase.SELF_ASSESSMENT),
        PHASE_ORDER.index(Phase.RESULTS_PUBLISHED),
    )
    return start <= cycle.phase_index < end


def scoring_progress(
    cycles: Iterable[Cycle], members: Mapping[int, list[int]]
) -> dict[int, ScoringProgress]:
    """For the cycles between self-assessment and the published results, by cycle; `members`
    gives each cycle's member unit ids in order (at most two queries)."""
    active = [c for c in cycles if _scoring_open(c)]
    if not active:
        return {}
    sheets = ScoreSheet.objects.filter(
        cycle_id__in=[c.pk for c in active], status=SheetStatus.SUBMITTED
    ).values_list("cycle_id", "kind", "unit_id", "scorer_id")
    self_done: dict[int, set[int]] = defaultdict(set)
    cross_done: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cycle_id, kind, unit_id, scorer_id in sheets:
        if kind == SheetKind.SELF:
            self_done[cycle_id].add(unit_id)
        elif kind == SheetKind.CROSS:
            cross_done[cycle_id][scorer_id] += 1
    assigned: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    assigned_cycles = [c.pk for c in active if c.policy.scorer_mode == ScorerMode.ASSIGNED]
    for cycle_id, scorer_id in ScorerAssignment.objects.filter(
        cycle_id__in=assigned_cycles
    ).values_list("cycle_id", "scorer_id"):
        assigned[cycle_id][scorer_id] += 1
    result = {}
    for cycle in active:
        cid, units = cycle.pk, members.get(cycle.pk, [])
        if cycle.phase != Phase.CROSS_SCORING:
            result[cid] = ScoringProgress(self_done[cid], None, set())
            continue
        mode = cycle.policy.scorer_mode
        if mode == ScorerMode.ASSIGNED:
            expected = dict(assigned[cid])
        elif mode == ScorerMode.HEAD:
            expected = {cycle.head_unit_id: len(units) - 1}
        else:
            expected = {u: len(units) - 1 for u in units}
        done = {u for u, n in expected.items() if cross_done[cid][u] >= n}
        result[cid] = ScoringProgress(self_done[cid], [u for u in units if u in expected], done)
    return result


def rankings_stamp() -> list[tuple[str, Any]]:
    """Changes when a ranking is published or corrected (one aggregate query)."""
    stamp = PublishedRanking.objects.aggregate(
        n=Count("pk"), published=Max("published_at"), corrected=Max("corrected_at")
    )
    return sorted(stamp.items())


def published_entries() -> list[tuple[str, int, list[Any]]]:
    """Every published ranking as (block name, year, its entries), by block and year."""
    rankings = PublishedRanking.objects.select_related("cycle__block").order_by(
        "cycle__block__name", "cycle__year"
    )
    return [(r.cycle.block.name, r.cycle.year, list(r.entries)) for r in rankings]
