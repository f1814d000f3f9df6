"""Writes of a unit's self-assessment: saving and submitting it with its evidence files, the
head unit reopening it or prefilling values counted elsewhere.

Only in the self-assessment phase and only by the unit's own people; the first write freezes the
criteria table; a change after submission needs a reason and is kept as a ``ScoreChange``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import Cycle, Phase
from thidua.orgs.models import Organisation
from thidua.scoring import access, selectors
from thidua.scoring.models import (
    CriteriaNode,
    Evidence,
    NodeKind,
    ScoreLine,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)
from thidua.scoring.services import sheets
from thidua.scoring.services.criteria import freeze_table
from thidua.scoring.services.sheets import LineInput
from thidua.scoring.uploads import check_upload


def _check_self_writer(actor: Actor, cycle: Cycle, unit_id: int) -> None:
    if not access.may_self_assess(actor, cycle, unit_id):
        raise DomainError(_("Only the unit's own representative or leader may self-assess."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )


def _open_self_sheet(*, actor: Actor, cycle: Cycle, unit_id: int) -> ScoreSheet:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _check_self_writer(actor, cycle, unit_id)
    freeze_table(actor=actor, cycle=cycle)
    sheet, created = ScoreSheet.objects.get_or_create(
        cycle=cycle, unit_id=unit_id, kind=SheetKind.SELF
    )
    if created:
        audit.record(actor=actor, action="scoring.sheet.create", obj=sheet)
    return sheet


@transaction.atomic
def save_self_assessment(
    *,
    actor: User,
    cycle: Cycle,
    unit: Organisation,
    version: int | None,
    entries: Mapping[int, LineInput],
    uploads: Mapping[int, Iterable[Any]] | None = None,
) -> ScoreSheet:
    """Save the unit's self-assessment as a draft (or while reopened), with evidence files."""
    uploads = {node_id: list(items) for node_id, items in (uploads or {}).items()}
    for node_id, items in uploads.items():
        for upload in items:
            check_upload(upload, field=f"evidence_{node_id}")
    sheet = _open_self_sheet(actor=actor, cycle=cycle, unit_id=unit.pk)
    sheet = sheets.lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(
            _("The self-assessment is submitted; the head unit must reopen it for changes.")
        )
    table = sheet.cycle.criteria_table
    reason = _("Reopened by the head unit") if sheet.submitted_at else ""
    changed = sheets.write_lines(
        actor=actor,
        sheet=sheet,
        table=table,
        entries=entries,
        reason=reason,
        record_changes=sheet.submitted_at is not None,
    )
    files = 0
    for node_id, items in uploads.items():
        for upload in items:
            _add_evidence(actor=actor, sheet=sheet, node_id=node_id, upload=upload)
            files += 1
    sheets.bump(sheet)
    audit.record(
        actor=actor,
        action="scoring.self.save",
        obj=sheet,
        after={"lines_changed": changed, "files": files, "version": sheet.version},
    )
    return sheet


@transaction.atomic
def submit_self_assessment(
    *, actor: User, cycle: Cycle, unit: Organisation, version: int | None
) -> ScoreSheet:
    sheet = _open_self_sheet(actor=actor, cycle=cycle, unit_id=unit.pk)
    sheet = sheets.lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(_("The self-assessment is already submitted."))
    sheets.mark_submitted(sheet, actor=actor)
    audit.record(actor=actor, action="scoring.self.submit", obj=sheet)
    return sheet


@transaction.atomic
def reopen_self_assessment(*, actor: Actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The head unit (or the Board) reopens a submitted self-assessment, with a reason."""
    cycle = Cycle.objects.select_for_update().get(pk=sheet.cycle_id)
    if not access.can_edit_table(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may reopen a self-assessment."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )
    sheet = sheets.lock_sheet(sheet, None)
    if sheet.kind != SheetKind.SELF or sheet.status != SheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted self-assessment can be reopened."))
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    sheet.status = SheetStatus.REOPENED
    sheets.bump(sheet)
    audit.record(
        actor=actor, action="scoring.self.reopen", obj=sheet, after={"reason": reason.strip()}
    )
    return sheet


@dataclass
class PrefillResult:
    """Units (by id) whose draft got the value, already had it, or were left alone (submitted)."""

    written: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


@transaction.atomic
def prefill_self_assessment_values(
    *,
    actor: User,
    cycle: Cycle,
    node: CriteriaNode,
    values: Mapping[int, Decimal],
    reason: str,
    explanations: Mapping[int, str] | None = None,
) -> PrefillResult:
    """The head unit (or the Board) writes values counted elsewhere (for example the joint
    activities a unit took part in) into one item of the member units' self-assessment drafts.

    Only while the units self-assess; submitted sheets are left alone (the head must reopen them
    first) and the units may still correct the value. ``explanations`` fill the item's
    explanation where the unit has not written one. A reopened sheet keeps the change with
    ``reason``. Freezes the criteria table like any self-assessment write.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not access.can_edit_table(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may do this."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )
    table = freeze_table(actor=actor, cycle=cycle)
    if node.table_id != table.pk or node.kind == NodeKind.GROUP:
        raise DomainError(_("This item is not in the cycle's criteria table."), field="node")
    order = selectors.member_ids(cycle)
    if any(unit_id not in order for unit_id in values):
        raise DomainError(_("Only the block's member units self-assess."))
    explanations = explanations or {}
    result = PrefillResult()
    for unit_id in sorted(values, key=order.index):
        sheet, created = ScoreSheet.objects.get_or_create(
            cycle=cycle, unit_id=unit_id, kind=SheetKind.SELF
        )
        if created:
            audit.record(actor=actor, action="scoring.sheet.create", obj=sheet)
        sheet = sheets.lock_sheet(sheet, None)
        if sheet.status == SheetStatus.SUBMITTED:
            result.skipped.append(unit_id)
            continue
        line = sheet.lines.filter(node=node).first()
        entry = LineInput(
            value=format(values[unit_id], "f"),
            explanation=(line.explanation if line else "") or explanations.get(unit_id, ""),
            note=line.note if line else "",
        )
        before = {"value": None if line is None or line.value is None else str(line.value)}
        changed = sheets.write_lines(
            actor=actor,
            sheet=sheet,
            table=table,
            entries={node.pk: entry},
            reason=reason,
            record_changes=sheet.submitted_at is not None,
        )
        if not changed:
            result.unchanged.append(unit_id)
            continue
        sheets.bump(sheet)
        result.written.append(unit_id)
        audit.record(
            actor=actor,
            action="scoring.self.prefill",
            obj=sheet,
            before=before,
            after={
                "item": node.code,
                "value": entry.value,
                "reason": reason,
                "version": sheet.version,
            },
        )
    return result


def _add_evidence(*, actor: User, sheet: ScoreSheet, node_id: int, upload: Any) -> Evidence:
    content_type = check_upload(upload)
    line, _created = ScoreLine.objects.get_or_create(sheet=sheet, node_id=node_id)
    evidence = Evidence(
        line=line,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=True)
    audit.record(
        actor=actor,
        action="scoring.evidence.add",
        obj=evidence,
        after={"sheet": sheet.pk, "item": line.node.code, "size": upload.size},
    )
    return evidence


@transaction.atomic
def delete_evidence(*, actor: Actor, evidence: Evidence) -> None:
    sheet = evidence.line.sheet
    cycle = Cycle.objects.select_for_update().get(pk=sheet.cycle_id)
    _check_self_writer(actor, cycle, sheet.unit_id)
    sheet = sheets.lock_sheet(sheet, None)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(
            _("The self-assessment is submitted; the head unit must reopen it for changes.")
        )
    audit.record(
        actor=actor,
        action="scoring.evidence.delete",
        obj=evidence,
        before={"name": evidence.original_name},
    )
    evidence.file.delete(save=False)
    evidence.delete()
    sheets.bump(sheet)
