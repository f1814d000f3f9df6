"""Reads of a cycle's criteria table: the table, its tree in display order, its maximum."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from thidua.cycles.models import Cycle
from thidua.scoring.models import CriteriaNode, CriteriaTable, NodeKind

ZERO = Decimal(0)


def table_for(cycle: Cycle) -> CriteriaTable | None:
    return CriteriaTable.objects.filter(cycle=cycle).first()


def table_total(table: CriteriaTable) -> Decimal:
    """The table's maximum: the sum of its scored leaves (bonus and penalty excluded)."""
    return sum(
        (n.max_points for n in table.nodes.all() if n.kind != NodeKind.GROUP and not n.is_extra),
        ZERO,
    )


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The block's cycle of the year before, if it has a criteria table."""
    return (
        Cycle.objects.filter(block_id=cycle.block_id, year=cycle.year - 1)
        .filter(criteria_table__isnull=False)
        .first()
    )


def tree_rows(table: CriteriaTable) -> list[tuple[int, CriteriaNode]]:
    """(depth, node) in display order: each parent followed by its children."""
    return _tree(table.nodes.order_by("order", "pk"))


def cycle_tree_rows(cycle: Cycle) -> list[tuple[int, CriteriaNode]]:
    """`tree_rows` of the cycle's table (none without one), without reading the table first."""
    return _tree(CriteriaNode.objects.filter(table__cycle=cycle).order_by("order", "pk"))


def _tree(nodes: Iterable[CriteriaNode]) -> list[tuple[int, CriteriaNode]]:
    children: dict[int | None, list[CriteriaNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    out: list[tuple[int, CriteriaNode]] = []

    def walk(key: int | None, depth: int) -> None:
        for n in children.get(key, []):
            out.append((depth, n))
            walk(n.pk, depth + 1)

    walk(None, 0)
    return out


def leaves(table: CriteriaTable) -> list[CriteriaNode]:
    return [n for _d, n in tree_rows(table) if n.kind != NodeKind.GROUP]
