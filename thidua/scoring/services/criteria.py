"""Writes of the criteria table: its groups and items, a whole-table replacement, freezing.

The table is edited only before self-assessment opens, by the head unit or the Board, and the
first self-assessment write freezes it (``freeze_table``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import Cycle
from thidua.scoring import access, selectors
from thidua.scoring.models import EXTRA_KINDS, CriteriaNode, CriteriaTable, Formula, NodeKind

ZERO = Decimal(0)


def _get_or_create_table(*, actor: Actor, cycle: Cycle) -> CriteriaTable:
    table = CriteriaTable.objects.filter(cycle=cycle).first()
    if table is None:
        table = CriteriaTable.objects.create(cycle=cycle)
        audit.record(actor=actor, action="scoring.table.create", obj=table)
    return table


def _check_editable(table: CriteriaTable | None, cycle: Cycle) -> None:
    if not access.table_is_editable(table, cycle):
        raise DomainError(
            _("The criteria table is frozen: self-assessment has opened, it can no longer change.")
        )


def _check_table_actor(actor: Actor, cycle: Cycle) -> None:
    if not access.can_edit_table(actor, cycle):
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


def clean_node(data: NodeInput) -> dict[str, Any]:
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


def _check_code_unique(table: CriteriaTable, code: str, *, node: CriteriaNode | None) -> None:
    """A code names one node of the table: the exported table is imported again by its codes."""
    taken = table.nodes.filter(code=code)
    if node is not None:
        taken = taken.exclude(pk=node.pk)
    if taken.exists():
        raise DomainError(
            _("The code %(code)s is already used by another item of this table.") % {"code": code},
            field="code",
        )


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
    *, actor: Actor, cycle: Cycle, parent: CriteriaNode | None, data: NodeInput
) -> CriteriaNode:
    """Add a group or an item at the end of its parent (or of the top level)."""
    _check_table_actor(actor, cycle)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    table = _get_or_create_table(actor=actor, cycle=cycle)
    _check_editable(table, cycle)
    if parent is not None and (parent.table_id != table.pk or parent.kind != NodeKind.GROUP):
        raise DomainError(_("Items can only be added under a group of this table."), field="parent")
    fields = clean_node(data)
    _check_code_unique(table, fields["code"], node=None)
    last = table.nodes.filter(parent=parent).aggregate(m=Max("order"))["m"]
    node = CriteriaNode.objects.create(table=table, parent=parent, order=(last or 0) + 1, **fields)
    _sum_groups(table)
    audit.record(actor=actor, action="scoring.node.add", obj=node, after=_node_snapshot(node))
    return node


@transaction.atomic
def update_node(*, actor: Actor, node: CriteriaNode, data: NodeInput) -> CriteriaNode:
    table = node.table
    cycle = Cycle.objects.select_for_update().get(pk=table.cycle_id)
    _check_table_actor(actor, cycle)
    _check_editable(table, cycle)
    if node.kind == NodeKind.GROUP and data.kind != NodeKind.GROUP and node.children.exists():
        raise DomainError(_("A group with items cannot become an item."), field="kind")
    if node.kind != NodeKind.GROUP and data.kind == NodeKind.GROUP and node.lines.exists():
        raise DomainError(_("An item with scores cannot become a group."), field="kind")
    before = _node_snapshot(node)
    fields = clean_node(data)
    _check_code_unique(table, fields["code"], node=node)
    for name, value in fields.items():
        setattr(node, name, value)
    node.save()
    _sum_groups(table)
    node.refresh_from_db()
    audit.record(
        actor=actor, action="scoring.node.edit", obj=node, before=before, after=_node_snapshot(node)
    )
    return node


@transaction.atomic
def move_node(*, actor: Actor, node: CriteriaNode, direction: str) -> None:
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
def delete_node(*, actor: Actor, node: CriteriaNode) -> None:
    """Delete a node and, for a group, everything under it."""
    table = node.table
    cycle = Cycle.objects.select_for_update().get(pk=table.cycle_id)
    _check_table_actor(actor, cycle)
    _check_editable(table, cycle)
    audit.record(actor=actor, action="scoring.node.delete", obj=node, before=_node_snapshot(node))
    node.delete()
    _sum_groups(table)


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
            table=table, parent=parent, order=order[key], **clean_node(data)
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


@transaction.atomic
def replace_table(
    *, actor: Actor, cycle: Cycle, rows: list[tuple[str | None, NodeInput]], source: str
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


def copy_previous_table(*, actor: Actor, cycle: Cycle) -> CriteriaTable:
    source = selectors.previous_cycle(cycle)
    if source is None:
        raise DomainError(_("The block has no criteria table for the year before."))
    rows = [
        (n.parent.code if n.parent else None, node_input(n))
        for _depth, n in selectors.tree_rows(source.criteria_table)
    ]
    return replace_table(actor=actor, cycle=cycle, rows=rows, source=f"copy:{source.year}")


def freeze_table(*, actor: Actor, cycle: Cycle) -> CriteriaTable:
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
