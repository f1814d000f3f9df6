"""Who may see or do what in scoring (criteria tables, self-assessments, cross-scores, evidence).

- The cycle's audience (Board and member units) sees the criteria table; the head unit and the
  Board edit it (the services also refuse edits once self-assessment opens).
- A self-assessment is seen by its unit, the head unit, the Board and — from cross-scoring on —
  the units that score it; only the unit's own people edit it.
- A cross-score sheet is seen and edited only by people of a scorer unit chosen by the policy;
  a unit never gets a sheet about itself.
- Evidence files are served only to people who may see the self-assessment they belong to.
Outsiders get 404 (they must not learn the cycle exists); members without the right get 403.

The services ask the same predicates (``acts_for``, ``can_edit_table``, ``may_score``…) before
they write, so a page and its service never disagree on who may act.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.cycles.access import UNIT_ROLES, get_cycle_for, is_head
from thidua.cycles.access import acts_for as acts_for  # the same rule for a unit's people
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, ScoreMethod
from thidua.orgs.models import Organisation
from thidua.scoring import selectors
from thidua.scoring.models import (
    CriteriaNode,
    CriteriaTable,
    Evidence,
    ScoreSheet,
    SheetStatus,
)


def _unit_person(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.organisation_id
        and user.role in UNIT_ROLES
    )


def _phase_at_least(cycle: Cycle, phase: str) -> bool:
    return cycle.phase_index >= PHASE_ORDER.index(phase)


def can_edit_table(user: Any, cycle: Cycle) -> bool:
    """The Board or the head unit: who builds the criteria table, reopens a self-assessment,
    prefills values counted elsewhere and assigns scorers."""
    return bool(getattr(user, "is_board", False) or is_head(user, cycle))


def table_is_editable(table: CriteriaTable | None, cycle: Cycle) -> bool:
    """The table changes only before self-assessment opens and until it is frozen."""
    return not _phase_at_least(cycle, Phase.SELF_ASSESSMENT) and not (table and table.is_frozen)


def may_self_assess(user: Any, cycle: Cycle, unit_id: int) -> bool:
    """Only the unit's own people write its self-assessment, and only for a member unit."""
    return acts_for(user, unit_id) and unit_id in selectors.member_ids(cycle)


def may_score(cycle: Cycle, scorer_id: int, unit_id: int) -> bool:
    """The scorer unit is chosen by the policy to score the unit (never the unit itself)."""
    return (
        scorer_id != unit_id
        and unit_id in selectors.member_ids(cycle)
        and scorer_id in selectors.scorers_of(cycle, unit_id)
    )


def may_consolidate(cycle: Cycle, scorer_id: int, unit_id: int) -> bool:
    """The head's consolidated sheet (final score = the head's sheet): the head unit fills one
    per member unit — never for itself."""
    return (
        cycle.policy.score_method == ScoreMethod.HEAD
        and scorer_id == cycle.head_unit_id
        and unit_id != scorer_id
        and unit_id in selectors.member_ids(cycle)
    )


def cycle_for(user: Any, pk: int) -> Cycle:
    return get_cycle_for(user, pk)


def table_editor_cycle(user: Any, pk: int) -> Cycle:
    cycle = get_cycle_for(user, pk)
    if not can_edit_table(user, cycle):
        raise PermissionDenied
    return cycle


def node_for_editor(user: Any, pk: int) -> CriteriaNode:
    node = get_object_or_404(CriteriaNode.objects.select_related("table"), pk=pk)
    table_editor_cycle(user, node.table.cycle_id)
    return node


def member_unit(cycle: Cycle, unit_pk: int) -> Organisation:
    if unit_pk not in selectors.member_ids(cycle):
        raise Http404
    return get_object_or_404(Organisation, pk=unit_pk)


def _cross_open(cycle: Cycle) -> bool:
    return _phase_at_least(cycle, Phase.CROSS_SCORING)


def may_see_self(user: Any, cycle: Cycle, unit_pk: int) -> bool:
    if user.is_board or is_head(user, cycle):
        return True
    if not _unit_person(user):
        return False
    if user.organisation_id == unit_pk:
        return True
    return _cross_open(cycle) and may_score(cycle, user.organisation_id, unit_pk)


@dataclass(frozen=True)
class SelfFlags:
    can_edit: bool
    can_reopen: bool


def self_sheet_for(
    user: Any, pk: int, unit_pk: int
) -> tuple[Cycle, Organisation, ScoreSheet | None, SelfFlags]:
    """(cycle, unit, its self-assessment sheet if started, what the person may do with it)."""
    cycle = get_cycle_for(user, pk)
    unit = member_unit(cycle, unit_pk)
    if not may_see_self(user, cycle, unit.pk):
        raise PermissionDenied
    sheet = selectors.self_sheet(cycle, unit.pk)
    open_phase = cycle.phase == Phase.SELF_ASSESSMENT
    flags = SelfFlags(
        can_edit=open_phase
        and _unit_person(user)
        and user.organisation_id == unit.pk
        and (sheet is None or sheet.status != SheetStatus.SUBMITTED),
        can_reopen=open_phase
        and sheet is not None
        and sheet.status == SheetStatus.SUBMITTED
        and can_edit_table(user, cycle),
    )
    return cycle, unit, sheet, flags


def reopener_for(user: Any, pk: int, unit_pk: int) -> tuple[Cycle, Organisation]:
    cycle = get_cycle_for(user, pk)
    unit = member_unit(cycle, unit_pk)
    if not can_edit_table(user, cycle):
        raise PermissionDenied
    return cycle, unit


def cross_sheet_for(user: Any, pk: int, unit_pk: int) -> tuple[Cycle, Organisation, bool]:
    """(cycle, unit, can_edit) for the person's unit scoring `unit_pk`."""
    cycle = get_cycle_for(user, pk)
    unit = member_unit(cycle, unit_pk)
    if not _unit_person(user) or not may_score(cycle, user.organisation_id, unit.pk):
        raise PermissionDenied
    return cycle, unit, cycle.phase == Phase.CROSS_SCORING


def head_sheet_for(user: Any, pk: int, unit_pk: int) -> tuple[Cycle, Organisation, bool]:
    """(cycle, unit, can_edit) for the head unit's consolidated sheet about `unit_pk`."""
    cycle = get_cycle_for(user, pk)
    unit = member_unit(cycle, unit_pk)
    if not (is_head(user, cycle) and may_consolidate(cycle, user.organisation_id, unit.pk)):
        raise PermissionDenied
    return cycle, unit, cycle.phase == Phase.CROSS_SCORING


def evidence_for(user: Any, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("line__sheet"), pk=pk)
    sheet = evidence.line.sheet
    cycle = get_cycle_for(user, sheet.cycle_id)
    if not may_see_self(user, cycle, sheet.unit_id):
        raise PermissionDenied
    return evidence


def evidence_deleter(user: Any, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("line__sheet"), pk=pk)
    sheet = evidence.line.sheet
    get_cycle_for(user, sheet.cycle_id)
    if not (_unit_person(user) and user.organisation_id == sheet.unit_id):
        raise PermissionDenied
    return evidence
