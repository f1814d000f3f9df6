"""Every write of the scoring app: criteria tables, self-assessment, evidence, cross-scoring.

Each service takes keyword arguments and an ``actor``, runs in one transaction, checks the phase
and the state of what it changes, writes an audit event and raises ``DomainError`` (with the form
field it concerns) when a rule refuses the action; then nothing is saved.

Rules kept here, not only in the pages:

- the criteria table is edited only before self-assessment opens, and the first self-assessment
  write freezes it (``freeze_table``);
- sheets are written only in their phase (self-assessment / cross-scoring), only by people of
  the unit that owns them, with the ``version`` they read (optimistic concurrency);
- a unit never scores itself, and only scorers chosen by the policy score a unit;
- a change after submission needs a reason and is kept as a ``ScoreChange``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, ScoreMethod, ScorerMode
from thidua.orgs.models import Membership, Organisation
from thidua.scoring.models import (
    EXTRA_KINDS,
    CriteriaNode,
    CriteriaTable,
    Evidence,
    Formula,
    NodeKind,
    ScoreChange,
    ScoreLine,
    ScorerAssignment,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)
from thidua.scoring.uploads import check_upload

ZERO = Decimal(0)
CENT = Decimal("0.01")


def points(value: Decimal) -> str:
    """A number for messages: 10 rather than 10.00 or 1E+1."""
    return format(value.normalize(), "f")


def _phase_at_least(cycle: Cycle, phase: str) -> bool:
    return cycle.phase_index >= PHASE_ORDER.index(phase)


def member_ids(cycle: Cycle) -> list[int]:
    """The cycle's member units (by id), in name order."""
    return list(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .order_by("organisation__name")
        .values_list("organisation_id", flat=True)
    )


def _acts_for(actor: Any, unit_id: int) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.organisation_id == unit_id
        and actor.role in ("representative", "leader")
    )


# --- criteria table --------------------------------------------------------------------------


def table_for(cycle: Cycle) -> CriteriaTable | None:
    return CriteriaTable.objects.filter(cycle=cycle).first()


def _get_or_create_table(*, actor: Any, cycle: Cycle) -> CriteriaTable:
    table = CriteriaTable.objects.filter(cycle=cycle).first()
    if table is None:
        table = CriteriaTable.objects.create(cycle=cycle)
        audit.record(actor=actor, action="scoring.table.create", obj=table)
    return table


def table_is_editable(table: CriteriaTable | None, cycle: Cycle) -> bool:
    return not _phase_at_least(cycle, Phase.SELF_ASSESSMENT) and not (table and table.is_frozen)


def _check_editable(table: CriteriaTable | None, cycle: Cycle) -> None:
    if not table_is_editable(table, cycle):
        raise DomainError(
            _("The criteria table is frozen: self-assessment has opened, it can no longer change.")
        )


def _check_table_actor(actor: Any, cycle: Cycle) -> None:
    if not (getattr(actor, "is_board", False) or _acts_for(actor, cycle.head_unit_id)):
        raise DomainError(_("Only the head unit or the Board may build the criteria table."))


@dataclass
class NodeInput:
    """What the criteria form sends; numbers already parsed (None when left empty)."""

    kind: str
    code: str
    title: str
    guidance: str = ""
    required_evidence: str = ""
    max_points: Decimal | None = None
    formula: str = ""
    target: Decimal | None = None
    unit_label: str = ""
    points_per_unit: Decimal | None = None
    cap: Decimal | None = None


def _clean_node(data: NodeInput) -> dict[str, Any]:
    """Check one node's numbers; return the fields to store. Raises DomainError."""
    if data.kind not in NodeKind.values:
        raise DomainError(_("Choose the kind of the item."), field="kind")
    if not data.code.strip():
        raise DomainError(_("Give the item a code, for example 1.2."), field="code")
    if not data.title.strip():
        raise DomainError(_("Give the item a title."), field="title")
    fields: dict[str, Any] = {
        "kind": data.kind,
        "code": data.code.strip(),
        "title": data.title.strip(),
        "guidance": data.guidance.strip(),
        "required_evidence": data.required_evidence.strip(),
        "formula": "",
        "target": None,
        "unit_label": data.unit_label.strip(),
        "points_per_unit": None,
        "cap": None,
    }
    if data.kind == NodeKind.GROUP:
        fields["max_points"] = ZERO  # the sum of its children, kept by _sum_groups
        return fields
    if data.kind in EXTRA_KINDS:
        # Bonus and penalty: the cap is their maximum.
        cap = data.cap if data.cap is not None else data.max_points
        if cap is None or cap <= 0:
            raise DomainError(
                _("Give the cap of bonus or penalty points (more than 0)."), field="cap"
            )
        fields["cap"] = fields["max_points"] = cap
        return fields
    if data.max_points is None or data.max_points <= 0:
        raise DomainError(_("Give the maximum points (more than 0)."), field="max_points")
    fields["max_points"] = data.max_points
    if data.kind == NodeKind.QUANTITATIVE:
        if data.formula not in Formula.values:
            raise DomainError(_("Choose the formula of a quantitative item."), field="formula")
        if data.target is not None and data.target <= 0:
            raise DomainError(_("A target must be more than 0."), field="target")
        fields["formula"] = data.formula
        fields["target"] = data.target
    if data.kind == NodeKind.COUNT:
        if data.points_per_unit is None or data.points_per_unit <= 0:
            raise DomainError(
                _("Give the points per counted unit (more than 0)."), field="points_per_unit"
            )
        if data.cap is not None and (data.cap <= 0 or data.cap > data.max_points):
            raise DomainError(_("The cap must be between 0 and the maximum points."), field="cap")
        fields["points_per_unit"] = data.points_per_unit
        # A count item's cap is its maximum (compute caps count × points at the maximum).
        fields["cap"] = data.cap if data.cap is not None else data.max_points
        fields["max_points"] = fields["cap"]
    return fields


def _sum_groups(table: CriteriaTable) -> None:
    """Every group's maximum = the sum of its scored children (bonus and penalty excluded)."""
    nodes = list(table.nodes.all())
    children: dict[int | None, list[CriteriaNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def total(node: CriteriaNode) -> Decimal:
        if node.kind != NodeKind.GROUP:
            return ZERO if node.is_extra else node.max_points
        value = sum((total(c) for c in children.get(node.pk, [])), ZERO)
        if node.max_points != value:
            node.max_points = value
            node.save(update_fields=["max_points"])
        return value

    for top in children.get(None, []):
        total(top)


def table_total(table: CriteriaTable) -> Decimal:
    """The table's maximum: the sum of its scored leaves (bonus and penalty excluded)."""
    return sum(
        (n.max_points for n in table.nodes.all() if n.kind != NodeKind.GROUP and not n.is_extra),
        ZERO,
    )


def _node_snapshot(node: CriteriaNode) -> dict[str, Any]:
    return {
        "code": node.code,
        "title": node.title,
        "kind": node.kind,
        "max_points": node.max_points,
        "formula": node.formula,
        "target": node.target,
        "points_per_unit": node.points_per_unit,
        "cap": node.cap,
        "parent": node.parent.code if node.parent_id and node.parent else None,
    }


@transaction.atomic
def add_node(
    *, actor: Any, cycle: Cycle, parent: CriteriaNode | None, data: NodeInput
) -> CriteriaNode:
    """Add a group or an item at the end of its parent (or of the top level)."""
    _check_table_actor(actor, cycle)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    table = _get_or_create_table(actor=actor, cycle=cycle)
    _check_editable(table, cycle)
    if parent is not None and (parent.table_id != table.pk or parent.kind != NodeKind.GROUP):
        raise DomainError(_("Items can only be added under a group of this table."), field="parent")
    fields = _clean_node(data)
    last = table.nodes.filter(parent=parent).aggregate(m=Max("order"))["m"]
    node = CriteriaNode.objects.create(table=table, parent=parent, order=(last or 0) + 1, **fields)
    _sum_groups(table)
    audit.record(actor=actor, action="scoring.node.add", obj=node, after=_node_snapshot(node))
    return node


@transaction.atomic
def update_node(*, actor: Any, node: CriteriaNode, data: NodeInput) -> CriteriaNode:
    table = node.table
    cycle = Cycle.objects.select_for_update().get(pk=table.cycle_id)
    _check_table_actor(actor, cycle)
    _check_editable(table, cycle)
    if node.kind == NodeKind.GROUP and data.kind != NodeKind.GROUP and node.children.exists():
        raise DomainError(_("A group with items cannot become an item."), field="kind")
    if node.kind != NodeKind.GROUP and data.kind == NodeKind.GROUP and node.lines.exists():
        raise DomainError(_("An item with scores cannot become a group."), field="kind")
    before = _node_snapshot(node)
    for name, value in _clean_node(data).items():
        setattr(node, name, value)
    node.save()
    _sum_groups(table)
    node.refresh_from_db()
    audit.record(
        actor=actor, action="scoring.node.edit", obj=node, before=before, after=_node_snapshot(node)
    )
    return node


@transaction.atomic
def move_node(*, actor: Any, node: CriteriaNode, direction: str) -> None:
    """Swap the node with its previous ("up") or next ("down") sibling."""
    cycle = Cycle.objects.select_for_update().get(pk=node.table.cycle_id)
    _check_table_actor(actor, cycle)
    _check_editable(node.table, cycle)
    siblings = list(node.table.nodes.filter(parent_id=node.parent_id).order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    audit.record(actor=actor, action="scoring.node.move", obj=node, after={"direction": direction})


@transaction.atomic
def delete_node(*, actor: Any, node: CriteriaNode) -> None:
    """Delete a node and, for a group, everything under it."""
    table = node.table
    cycle = Cycle.objects.select_for_update().get(pk=table.cycle_id)
    _check_table_actor(actor, cycle)
    _check_editable(table, cycle)
    audit.record(actor=actor, action="scoring.node.delete", obj=node, before=_node_snapshot(node))
    node.delete()
    _sum_groups(table)


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The block's cycle of the year before, if it has a criteria table."""
    return (
        Cycle.objects.filter(block_id=cycle.block_id, year=cycle.year - 1)
        .filter(criteria_table__isnull=False)
        .first()
    )


def _write_tree(table: CriteriaTable, rows: Iterable[tuple[str | None, NodeInput]]) -> int:
    """Append (parent code, node) rows, parents before children. Returns the count."""
    by_code: dict[str, CriteriaNode] = {}
    order: dict[int | None, int] = {}
    count = 0
    for parent_code, data in rows:
        parent = by_code.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            raise DomainError(
                _("Item %(code)s refers to a group %(parent)s that is not above it.")
                % {"code": data.code, "parent": parent_code}
            )
        key = parent.pk if parent else None
        order[key] = order.get(key, 0) + 1
        node = CriteriaNode.objects.create(
            table=table, parent=parent, order=order[key], **_clean_node(data)
        )
        by_code[node.code] = node
        count += 1
    _sum_groups(table)
    return count


def node_input(node: CriteriaNode) -> NodeInput:
    return NodeInput(
        kind=node.kind,
        code=node.code,
        title=node.title,
        guidance=node.guidance,
        required_evidence=node.required_evidence,
        max_points=node.max_points,
        formula=node.formula,
        target=node.target,
        unit_label=node.unit_label,
        points_per_unit=node.points_per_unit,
        cap=node.cap,
    )


def tree_rows(table: CriteriaTable) -> list[tuple[int, CriteriaNode]]:
    """(depth, node) in display order: each parent followed by its children."""
    children: dict[int | None, list[CriteriaNode]] = {}
    for n in table.nodes.order_by("order", "pk"):
        children.setdefault(n.parent_id, []).append(n)
    out: list[tuple[int, CriteriaNode]] = []

    def walk(key: int | None, depth: int) -> None:
        for n in children.get(key, []):
            out.append((depth, n))
            walk(n.pk, depth + 1)

    walk(None, 0)
    return out


@transaction.atomic
def replace_table(
    *, actor: Any, cycle: Cycle, rows: list[tuple[str | None, NodeInput]], source: str
) -> CriteriaTable:
    """Replace the whole table (copy of last year, or an XLSX import). All rows or nothing."""
    _check_table_actor(actor, cycle)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    table = _get_or_create_table(actor=actor, cycle=cycle)
    _check_editable(table, cycle)
    before = table.nodes.count()
    table.nodes.all().delete()
    count = _write_tree(table, rows)
    audit.record(
        actor=actor,
        action="scoring.table.replace",
        obj=table,
        before={"nodes": before},
        after={"nodes": count, "source": source},
    )
    return table


def copy_previous_table(*, actor: Any, cycle: Cycle) -> CriteriaTable:
    source = previous_cycle(cycle)
    if source is None:
        raise DomainError(_("The block has no criteria table for the year before."))
    rows = [
        (n.parent.code if n.parent else None, node_input(n))
        for _depth, n in tree_rows(source.criteria_table)
    ]
    return replace_table(actor=actor, cycle=cycle, rows=rows, source=f"copy:{source.year}")


def freeze_table(*, actor: Any, cycle: Cycle) -> CriteriaTable:
    """Freeze the table (idempotent). Called by the first self-assessment write."""
    with transaction.atomic():
        table = CriteriaTable.objects.select_for_update().filter(cycle=cycle).first()
        if table is None:
            raise DomainError(_("The cycle has no criteria table yet."))
        if table.frozen_at is None:
            table.frozen_at = timezone.now()
            table.save(update_fields=["frozen_at"])
            audit.record(actor=actor, action="scoring.table.freeze", obj=table)
        return table


# --- sheets ----------------------------------------------------------------------------------


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


def leaves(table: CriteriaTable) -> list[CriteriaNode]:
    return [n for _d, n in tree_rows(table) if n.kind != NodeKind.GROUP]


class StaleSheet(DomainError):
    """The sheet changed since the form was opened (optimistic concurrency)."""


def _lock_sheet(sheet: ScoreSheet, version: int | None) -> ScoreSheet:
    locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if version is not None and locked.version != version:
        raise StaleSheet(
            _(
                "Someone else saved this sheet after you opened it. Your changes were not saved: "
                "reload the page to see their version, then enter your changes again."
            )
        )
    return locked


def _write_lines(
    *,
    actor: Any,
    sheet: ScoreSheet,
    table: CriteriaTable,
    entries: Mapping[int, LineInput],
    reason: str,
    record_changes: bool,
) -> int:
    """Validate every entry first, then write. Returns the number of changed lines."""
    nodes = {n.pk: n for n in leaves(table)}
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


def _bump(sheet: ScoreSheet) -> None:
    sheet.version += 1
    sheet.save(update_fields=["version", "updated_at", "status", "submitted_at", "submitted_by"])


# --- self-assessment -------------------------------------------------------------------------


def self_sheet(cycle: Cycle, unit_id: int) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(cycle=cycle, unit_id=unit_id, kind=SheetKind.SELF).first()


def _check_self_writer(actor: Any, cycle: Cycle, unit_id: int) -> None:
    if not _acts_for(actor, unit_id) or unit_id not in member_ids(cycle):
        raise DomainError(_("Only the unit's own representative or leader may self-assess."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )


def _open_self_sheet(*, actor: Any, cycle: Cycle, unit_id: int) -> ScoreSheet:
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
    actor: Any,
    cycle: Cycle,
    unit: Organisation,
    version: int | None,
    entries: Mapping[int, LineInput],
    uploads: Mapping[int, Iterable[Any]] | None = None,
) -> ScoreSheet:
    """Save the unit's self-assessment as a draft (or while reopened), with evidence files."""
    uploads = {node_id: list(items) for node_id, items in (uploads or {}).items()}
    for items in uploads.values():
        for upload in items:
            check_upload(upload)
    sheet = _open_self_sheet(actor=actor, cycle=cycle, unit_id=unit.pk)
    sheet = _lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(
            _("The self-assessment is submitted; the head unit must reopen it for changes.")
        )
    table = sheet.cycle.criteria_table
    reason = _("Reopened by the head unit") if sheet.submitted_at else ""
    changed = _write_lines(
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
    _bump(sheet)
    audit.record(
        actor=actor,
        action="scoring.self.save",
        obj=sheet,
        after={"lines_changed": changed, "files": files, "version": sheet.version},
    )
    return sheet


def _missing_items(sheet: ScoreSheet, table: CriteriaTable) -> list[str]:
    filled = {line.node_id for line in sheet.lines.all() if line.value is not None}
    return [n.code for n in leaves(table) if n.pk not in filled and not n.is_extra]


@transaction.atomic
def submit_self_assessment(
    *, actor: Any, cycle: Cycle, unit: Organisation, version: int | None
) -> ScoreSheet:
    sheet = _open_self_sheet(actor=actor, cycle=cycle, unit_id=unit.pk)
    sheet = _lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(_("The self-assessment is already submitted."))
    missing = _missing_items(sheet, sheet.cycle.criteria_table)
    if missing:
        raise DomainError(
            _("Enter a value for every item before submitting. Missing: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = actor
    _bump(sheet)
    audit.record(actor=actor, action="scoring.self.submit", obj=sheet)
    return sheet


@transaction.atomic
def reopen_self_assessment(*, actor: Any, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The head unit (or the Board) reopens a submitted self-assessment, with a reason."""
    cycle = Cycle.objects.select_for_update().get(pk=sheet.cycle_id)
    if not (getattr(actor, "is_board", False) or _acts_for(actor, cycle.head_unit_id)):
        raise DomainError(_("Only the head unit or the Board may reopen a self-assessment."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )
    sheet = _lock_sheet(sheet, None)
    if sheet.kind != SheetKind.SELF or sheet.status != SheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted self-assessment can be reopened."))
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    sheet.status = SheetStatus.REOPENED
    _bump(sheet)
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
    actor: Any,
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
    if not (getattr(actor, "is_board", False) or _acts_for(actor, cycle.head_unit_id)):
        raise DomainError(_("Only the head unit or the Board may do this."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(
            _("Self-assessment is closed: the cycle is not in its self-assessment phase.")
        )
    table = freeze_table(actor=actor, cycle=cycle)
    if node.table_id != table.pk or node.kind == NodeKind.GROUP:
        raise DomainError(_("This item is not in the cycle's criteria table."), field="node")
    order = member_ids(cycle)
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
        sheet = _lock_sheet(sheet, None)
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
        changed = _write_lines(
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
        _bump(sheet)
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


# --- evidence --------------------------------------------------------------------------------


def _add_evidence(*, actor: Any, sheet: ScoreSheet, node_id: int, upload: Any) -> Evidence:
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
def delete_evidence(*, actor: Any, evidence: Evidence) -> None:
    sheet = evidence.line.sheet
    cycle = Cycle.objects.select_for_update().get(pk=sheet.cycle_id)
    _check_self_writer(actor, cycle, sheet.unit_id)
    sheet = _lock_sheet(sheet, None)
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
    _bump(sheet)


# --- cross-scoring ---------------------------------------------------------------------------


def scorers_of(cycle: Cycle, unit_id: int) -> list[int]:
    """Who scores the unit under the cycle's policy (never the unit itself).

    all_others: every other member unit; assigned: the generated assignments; head: the head
    unit alone — and the deputy unit for the head unit itself, which must not score itself.
    """
    mode = cycle.policy.scorer_mode
    if mode == ScorerMode.ASSIGNED:
        return list(
            ScorerAssignment.objects.filter(cycle=cycle, scored_id=unit_id)
            .exclude(scorer_id=unit_id)
            .values_list("scorer_id", flat=True)
        )
    if mode == ScorerMode.HEAD:
        return [cycle.deputy_unit_id if unit_id == cycle.head_unit_id else cycle.head_unit_id]
    return [m for m in member_ids(cycle) if m != unit_id]


def may_score(cycle: Cycle, scorer_id: int, unit_id: int) -> bool:
    return (
        scorer_id != unit_id
        and unit_id in member_ids(cycle)
        and scorer_id in scorers_of(cycle, unit_id)
    )


def units_scored_by(cycle: Cycle, scorer_id: int) -> list[int]:
    return [u for u in member_ids(cycle) if u != scorer_id and scorer_id in scorers_of(cycle, u)]


@transaction.atomic
def assign_scorers(*, actor: Any, cycle: Cycle) -> list[ScorerAssignment]:
    """Balanced assignment: with units in name order, unit i is scored by the next N units
    (wrapping round), so every unit scores exactly N others and is scored by N others."""
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    if not (getattr(actor, "is_board", False) or _acts_for(actor, cycle.head_unit_id)):
        raise DomainError(_("Only the head unit or the Board may assign scorers."))
    if cycle.policy.scorer_mode != ScorerMode.ASSIGNED:
        raise DomainError(_("The policy does not use assigned scorers."))
    if _phase_at_least(cycle, Phase.RESULTS_PUBLISHED):
        raise DomainError(_("Scorers can no longer be assigned: results are published."))
    if ScoreSheet.objects.filter(cycle=cycle, kind=SheetKind.CROSS).exists():
        raise DomainError(_("Cross-scoring has started: the assignment can no longer change."))
    units = member_ids(cycle)
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


def cross_sheet(
    cycle: Cycle, scorer_id: int, unit_id: int, kind: str = SheetKind.CROSS
) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(
        cycle=cycle, unit_id=unit_id, scorer_id=scorer_id, kind=kind
    ).first()


def may_consolidate(cycle: Cycle, scorer_id: int, unit_id: int) -> bool:
    """The head's consolidated sheet (final score = the head's sheet): the head unit fills one
    per member unit — never for itself."""
    return (
        cycle.policy.score_method == ScoreMethod.HEAD
        and scorer_id == cycle.head_unit_id
        and unit_id != scorer_id
        and unit_id in member_ids(cycle)
    )


def _open_cross_sheet(
    *, actor: Any, cycle: Cycle, unit_id: int, kind: str = SheetKind.CROSS
) -> ScoreSheet:
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    scorer_id = actor.organisation_id if getattr(actor, "is_authenticated", False) else None
    if scorer_id is None or not _acts_for(actor, scorer_id):
        raise DomainError(_("Only a member unit's representative or leader may cross-score."))
    if scorer_id == unit_id:
        raise DomainError(_("A unit never scores itself."))
    if kind == SheetKind.HEAD and not may_consolidate(cycle, scorer_id, unit_id):
        raise DomainError(
            _("Only the head unit keeps a consolidated sheet, when the policy says so.")
        )
    if kind == SheetKind.CROSS and not may_score(cycle, scorer_id, unit_id):
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
    actor: Any,
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
    sheet = _lock_sheet(sheet, version)
    submitted = sheet.status == SheetStatus.SUBMITTED
    changed = _write_lines(
        actor=actor,
        sheet=sheet,
        table=sheet.cycle.criteria_table,
        entries=entries,
        reason=reason.strip(),
        record_changes=submitted,
    )
    _bump(sheet)
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
    actor: Any,
    cycle: Cycle,
    unit: Organisation,
    version: int | None,
    kind: str = SheetKind.CROSS,
) -> ScoreSheet:
    sheet = _open_cross_sheet(actor=actor, cycle=cycle, unit_id=unit.pk, kind=kind)
    sheet = _lock_sheet(sheet, version)
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(_("These scores are already submitted."))
    missing = _missing_items(sheet, sheet.cycle.criteria_table)
    if missing:
        raise DomainError(
            _("Enter a value for every item before submitting. Missing: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = actor
    _bump(sheet)
    audit.record(actor=actor, action="scoring.cross.submit", obj=sheet)
    return sheet
