"""Tables and sheet totals: every item of a sheet scored, then summed by group."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thidua.scoring.compute.items import BANDED, BONUS, PENALTY, ZERO, D, Item, score_item


@dataclass(frozen=True)
class Table:
    """A criteria table as a flat list of nodes in display order (parents before children)."""

    items: Sequence[Item]
    # Derived in __post_init__, outside the constructor, the repr and comparisons.
    _children: dict[int | str | None, list[Item]] = field(init=False, repr=False, compare=False)
    _leaves: list[Item] = field(init=False, repr=False, compare=False)
    _leaf_keys: frozenset[int | str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[int | str | None, list[Item]] = {}
        for item in self.items:
            children.setdefault(item.parent, []).append(item)
        object.__setattr__(self, "_children", children)
        # Derived once: sheets are scored item by item, thousands of times per ranking.
        leaves = [i for i in self.items if not children.get(i.key) and not i.is_group]
        object.__setattr__(self, "_leaves", leaves)
        object.__setattr__(self, "_leaf_keys", frozenset(i.key for i in leaves))

    def children(self, key: int | str | None) -> list[Item]:
        return self._children.get(key, [])

    @property
    def leaves(self) -> list[Item]:
        return self._leaves

    @property
    def leaf_keys(self) -> frozenset[int | str]:
        return self._leaf_keys

    @property
    def top(self) -> list[Item]:
        return self.children(None)

    def leaf_keys_under(self, key: int | str) -> list[int | str]:
        out: list[int | str] = []
        stack = [key]
        while stack:
            k = stack.pop()
            kids = self.children(k)
            if not kids:
                out.append(k)
            stack.extend(c.key for c in kids)
        return out

    @functools.cached_property
    def group_one_keys(self) -> frozenset[int | str]:
        """Leaves under the first top-level group (SPEC §4 "group I")."""
        scored_tops = [i for i in self.top if i.kind not in (BONUS, PENALTY)]
        if not scored_tops:
            return frozenset()
        return frozenset(self.leaf_keys_under(scored_tops[0].key))

    @functools.cached_property
    def bonus_keys(self) -> frozenset[int | str]:
        return frozenset(i.key for i in self.leaves if i.kind == BONUS)

    @property
    def maximum(self) -> Decimal:
        """The table's total: the sum of leaf maxima, bonus and penalty excluded."""
        return sum((i.maximum for i in self.leaves if i.kind not in (BONUS, PENALTY)), ZERO)

    @property
    def bonus_cap(self) -> Decimal:
        return sum((i.maximum for i in self.leaves if i.kind == BONUS), ZERO)

    def subtotals(self, scores: Mapping[int | str, Decimal]) -> dict[int | str, Decimal]:
        """Score of every node: leaves as given (missing = 0), parents the sum of children."""
        out: dict[int | str, Decimal] = {}

        def visit(item: Item) -> Decimal:
            kids = self.children(item.key)
            value = sum((visit(k) for k in kids), ZERO) if kids else D(scores.get(item.key, ZERO))
            out[item.key] = value
            return value

        for item in self.top:
            visit(item)
        return out


Values = Mapping[int | str, Decimal | None]


def best_ratios(table: Table, sheets: Iterable[tuple[Values, Values]]) -> dict[int | str, Decimal]:
    """The block's best actual/target ratio of every banded item over the given sheets.

    ``sheets`` yields (values, targets) pairs: the values entered on a sheet and the targets that
    apply to the unit it is about (missing target → the item's common target).
    """
    banded = [i for i in table.leaves if i.kind == BANDED]
    best: dict[int | str, Decimal] = {i.key: ZERO for i in banded}
    for values, targets in sheets:
        for item in banded:
            value = values.get(item.key)
            target = targets.get(item.key) or item.target
            if value is None or target is None or target <= 0 or value < 0:
                continue
            best[item.key] = max(best[item.key], D(value) / D(target))
    return best


def sheet_scores(
    table: Table,
    values: Values,
    *,
    targets: Values | None = None,
    best: Mapping[int | str, Decimal] | None = None,
    memo: dict[tuple[Any, ...], Decimal] | None = None,
) -> dict[int | str, Decimal]:
    """Scores of a sheet's leaves from the values entered on it (an empty value scores 0).

    ``memo`` (a dict kept by the caller across the sheets of one table) remembers each item's
    score per (value, target, best): a block's 1,600 sheets repeat the same few values per item,
    so a ranking scores each distinct entry once instead of 96,000 times."""
    targets = targets or {}
    best = best or {}
    out: dict[int | str, Decimal] = {}
    for item in table.leaves:
        key = item.key
        value = values.get(key)
        if value is None:
            continue
        if memo is None:
            out[key] = score_item(item, value, best=best.get(key), target=targets.get(key))
            continue
        entry = (key, value, targets.get(key), best.get(key))
        score = memo.get(entry)
        if score is None:
            score = memo[entry] = score_item(item, value, best=entry[3], target=entry[2])
        out[key] = score
    return out


@dataclass(frozen=True)
class SheetTotals:
    total: Decimal
    group_one: Decimal
    bonus: Decimal


def sheet_totals(table: Table, scores: Mapping[int | str, Decimal]) -> SheetTotals:
    leaf_keys = table.leaf_keys
    g1 = table.group_one_keys
    bonus = table.bonus_keys
    total = group_one = bonus_sum = ZERO
    for key, value in scores.items():
        if key not in leaf_keys:
            continue
        v = value if value.__class__ is Decimal else D(value)
        total += v
        if key in g1:
            group_one += v
        if key in bonus:
            bonus_sum += v
    return SheetTotals(total=total, group_one=group_one, bonus=bonus_sum)
