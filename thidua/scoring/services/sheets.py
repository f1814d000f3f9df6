"""What every score sheet write shares: parsing the typed numbers, each item's range, the
optimistic lock on the sheet's ``version`` and writing its lines (with a ``ScoreChange`` kept for
every value changed after submission)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.scoring import selectors
from thidua.scoring.models import (
    CriteriaNode,
    CriteriaTable,
    NodeKind,
    ScoreChange,
    ScoreLine,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
LARGEST = Decimal(10) ** 12  # a score line holds 14 digits, 2 of them decimals


def points(value: Decimal) -> str:
    """A number for messages: 10 rather than 10.00 or 1E+1."""
    return format(value.normalize(), "f")


@dataclass
class LineInput:
    """One item of a sheet form; numbers as typed (strings) so errors can name them."""

    value: str = ""
    target: str = ""
    explanation: str = ""
    note: str = ""


def _number(raw: str, field: str) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise DomainError(_("Enter a number, for example 7.5."), field=field) from None
    if not value.is_finite():
        raise DomainError(_("Enter a number, for example 7.5."), field=field)
    if abs(value) >= LARGEST:  # past what a score line holds (and past what quantize can take)
        raise DomainError(_("This number is too large."), field=field)
    if value != value.quantize(CENT):
        raise DomainError(_("Use at most two decimal places."), field=field)
    return value


def check_value(
    node: CriteriaNode, value: Decimal | None, target: Decimal | None, field: str
) -> None:
    """The value's range for the item's kind (what the forms and services both refuse)."""
    if value is None:
        return
    name = f"{node.code} {node.title}"
    if node.kind == NodeKind.PASS_FAIL:
        if value not in (ZERO, Decimal(1)):
            raise DomainError(_("%(item)s: choose met or not met.") % {"item": name}, field=field)
    elif node.kind == NodeKind.QUANTITATIVE:
        if value < 0:
            raise DomainError(
                _("%(item)s: the actual value cannot be negative.") % {"item": name}, field=field
            )
    elif node.kind == NodeKind.COUNT:
        if value < 0:
            raise DomainError(
                _("%(item)s: a count cannot be negative.") % {"item": name}, field=field
            )
    elif value < 0 or value > node.limit:
        raise DomainError(
            _("%(item)s: the score must be between 0 and %(max)s.")
            % {"item": name, "max": points(node.limit)},
            field=field,
        )


def value_field(node_id: int) -> str:
    return f"value_{node_id}"


def target_field(node_id: int) -> str:
    return f"target_{node_id}"


class StaleSheet(DomainError):
    """The sheet changed since the form was opened (optimistic concurrency)."""


def lock_sheet(sheet: ScoreSheet, version: int | None) -> ScoreSheet:
    locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if version is not None and locked.version != version:
        raise StaleSheet(
            _(
                "Someone else saved this sheet after you opened it. Your changes were not saved: "
                "reload the page to see their version, then enter your changes again."
            )
        )
    return locked


def write_lines(
    *,
    actor: User,
    sheet: ScoreSheet,
    table: CriteriaTable,
    entries: Mapping[int, LineInput],
    reason: str,
    record_changes: bool,
) -> int:
    """Validate every entry first, then write. Returns the number of changed lines."""
    nodes = {n.pk: n for n in selectors.leaves(table)}
    parsed: dict[int, tuple[Decimal | None, Decimal | None, LineInput]] = {}
    for node_id, entry in entries.items():
        node = nodes.get(node_id)
        if node is None:
            raise DomainError(_("This item is not in the cycle's criteria table."))
        value = _number(entry.value, value_field(node_id))
        target = None
        if sheet.kind == SheetKind.SELF and node.kind == NodeKind.QUANTITATIVE:
            target = _number(entry.target, target_field(node_id))
            if target is not None and target <= 0:
                raise DomainError(
                    _("%(item)s: the target must be more than 0.") % {"item": node.code},
                    field=target_field(node_id),
                )
            if value is not None and target is None and node.target is None:
                raise DomainError(
                    _("%(item)s: enter the target your unit registered.") % {"item": node.code},
                    field=target_field(node_id),
                )
        check_value(node, value, target, value_field(node_id))
        parsed[node_id] = (value, target, entry)
    existing = {line.node_id: line for line in sheet.lines.all()}
    values_change = any(
        (existing[n].value if n in existing else None) != v for n, (v, _t, _e) in parsed.items()
    )
    if record_changes and values_change and not reason.strip():
        raise DomainError(
            _("This sheet was already submitted: give the reason for the change."),
            field="reason",
        )
    changed = 0
    changes: list[ScoreChange] = []
    for node_id, (value, target, entry) in parsed.items():
        line = existing.get(node_id)
        if line is None:
            if value is None and not entry.explanation.strip() and not entry.note.strip():
                continue
            line = ScoreLine(sheet=sheet, node_id=node_id)
            old_value = None
        else:
            old_value = line.value
        new = (value, target, entry.explanation.strip(), entry.note.strip())
        old = (line.value, line.target, line.explanation, line.note) if line.pk else None
        if old == new:
            continue
        line.value, line.target, line.explanation, line.note = new
        line.save()
        changed += 1
        if record_changes and old_value != value:
            changes.append(
                ScoreChange(
                    line=line, old_value=old_value, new_value=value, changed_by=actor, reason=reason
                )
            )
    ScoreChange.objects.bulk_create(changes)
    return changed


def bump(sheet: ScoreSheet) -> None:
    sheet.version += 1
    sheet.save(update_fields=["version", "updated_at", "status", "submitted_at", "submitted_by"])


def missing_items(sheet: ScoreSheet, table: CriteriaTable) -> list[str]:
    filled = {line.node_id for line in sheet.lines.all() if line.value is not None}
    return [n.code for n in selectors.leaves(table) if n.pk not in filled and not n.is_extra]


def mark_submitted(sheet: ScoreSheet, *, actor: User) -> None:
    """Submit a complete sheet (self-assessment or cross-score): every item needs a value."""
    missing = missing_items(sheet, sheet.cycle.criteria_table)
    if missing:
        raise DomainError(
            _("Enter a value for every item before submitting. Missing: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = actor
    bump(sheet)
