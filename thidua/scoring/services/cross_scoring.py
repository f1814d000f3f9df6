"""Writes of cross-scoring: the balanced assignment of scorers, and a scorer unit's sheet about
another unit (or the head unit's consolidated sheet). A unit never scores itself, and only
scorers chosen by the policy score a unit.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, ScorerMode
from thidua.orgs.models import Organisation
from thidua.scoring import access, selectors
from thidua.scoring.models import ScorerAssignment, ScoreSheet, SheetKind, SheetStatus
from thidua.scoring.services import sheets
from thidua.scoring.services.sheets import LineInput


@transaction.atomic
def assign_scorers(*, actor: Actor, cycle: Cycle) -> list[ScorerAssignment]:
    """Balanced assignment: with units in name order, unit i is scored by the next N units
    (wrapping round), so every unit scores exactly N others and is scored by N others."""
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    if not access.can_edit_table(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may assign scorers."))
    if cycle.policy.scorer_mode != ScorerMode.ASSIGNED:
        raise DomainError(_("The policy does not use assigned scorers."))
    if cycle.phase_index >= PHASE_ORDER.index(Phase.RESULTS_PUBLISHED):
        raise DomainError(_("Scorers can no longer be assigned: results are published."))
    if ScoreSheet.objects.filter(cycle=cycle, kind=SheetKind.CROSS).exists():
        raise DomainError(_("Cross-scoring has started: the assignment can no longer change."))
    units = selectors.member_ids(cycle)
    n = min(cycle.policy.scorers_per_unit, len(units) - 1)
    if n < 1:
        raise DomainError(_("The block needs at least two member units for cross-scoring."))
    ScorerAssignment.objects.filter(cycle=cycle).delete()
    rows = [
        ScorerAssignment(cycle=cycle, scored_id=unit, scorer_id=units[(i + k) % len(units)])
        for i, unit in enumerate(units)
        for k in range(1, n + 1)
    ]
    ScorerAssignment.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="scoring.assign",
        obj=cycle,
        after={"per_unit": n, "pairs": [(r.scorer_id, r.scored_id) for r in rows]},
    )
    return rows


def _open_cross_sheet(
    *, actor: User, cycle: Cycle, unit_id: int, kind: str = SheetKind.CROSS
) -> ScoreSheet:
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    scorer_id = actor.organisation_id if getattr(actor, "is_authenticated", False) else None
    if scorer_id is None or not access.acts_for(actor, scorer_id):
        raise DomainError(_("Only a member unit's representative or leader may cross-score."))
    if scorer_id == unit_id:
        raise DomainError(_("A unit never scores itself."))
    if kind == SheetKind.HEAD and not access.may_consolidate(cycle, scorer_id, unit_id):
        raise DomainError(
            _("Only the head unit keeps a consolidated sheet, when the policy says so.")
        )
    if kind == SheetKind.CROSS and not access.may_score(cycle, scorer_id, unit_id):
        raise DomainError(_("Your unit is not among the scorers of this unit."))
    if cycle.phase != Phase.CROSS_SCORING:
        raise DomainError(
            _("Cross-scoring is closed: the cycle is not in its cross-scoring phase.")
        )
    sheet, created = ScoreSheet.objects.get_or_create(
        cycle=cycle, unit_id=unit_id, scorer_id=scorer_id, kind=kind
    )
    if created:
        audit.record(actor=actor, action="scoring.sheet.create", obj=sheet)
    return sheet


@transaction.atomic
def save_cross_scores(
    *,
    actor: User,
    cycle: Cycle,
    unit: Organisation,
    version: int | None,
    entries: Mapping[int, LineInput],
    reason: str = "",
    kind: str = SheetKind.CROSS,
) -> ScoreSheet:
    """Save the actor's unit's scores of `unit` (a cross sheet, or with kind HEAD the head's
    consolidated sheet). After submission every changed value needs `reason` and is kept as a
    ScoreChange."""
    sheet = _open_cross_sheet(actor=actor, cycle=cycle, unit_id=unit.pk, kind=kind)
    sheet = sheets.lock_sheet(sheet, version)
    submitted = sheet.status == SheetStatus.SUBMITTED
    changed = sheets.write_lines(
        actor=actor,
        sheet=sheet,
        table=sheet.cycle.criteria_table,
        entries=entries,
        reason=reason.strip(),
        record_changes=submitted,
    )
    sheets.bump(sheet)
    audit.record(
        actor=actor,
        action="scoring.cross.save",
        obj=sheet,
        after={"lines_changed": changed, "version": sheet.version, "reason": reason.strip()},
    )
    return sheet


@transaction.atomic
def submit_cross_scores(
    *,
    actor: User,
    cycle: Cycle,
    unit: Organisation,
    version: int | None,
    kind: str = SheetKind.CROSS,
) -> ScoreSheet:
    sheet = _open_cross_sheet(actor=actor, cycle=cycle, unit_id=unit.pk, kind=kind)
    sheet = sheets.lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(_("These scores are already submitted."))
    sheets.mark_submitted(sheet, actor=actor)
    audit.record(actor=actor, action="scoring.cross.submit", obj=sheet)
    return sheet
