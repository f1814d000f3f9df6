"""Pure scoring arithmetic: item scores, totals, aggregation, ranking and analysis.

No ORM here. Selectors feed plain dataclasses in and get plain dataclasses out, so every rule can
be tested with hand-computed numbers. Everything is ``Decimal``; values are rounded to two places
only where a result leaves this module (``round2``), never in between.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

ZERO = Decimal(0)
HALF = Decimal("0.5")
CENT = Decimal("0.01")

# Item kinds (the criteria table's models use the same values).
QUALITATIVE = "qualitative"
PASS_FAIL = "pass_fail"
PROPORTIONAL = "proportional"
BANDED = "banded"
COUNT = "count"
BONUS = "bonus"
PENALTY = "penalty"
KINDS = (QUALITATIVE, PASS_FAIL, PROPORTIONAL, BANDED, COUNT, BONUS, PENALTY)

# Aggregation methods and tie-break rules (values of cycles.models.ScoreMethod / TieBreak).
MEAN = "mean"
TRIMMED_MEAN = "trimmed_mean"
HEAD = "head"
GROUP_ONE = "group_one"
BY_BONUS = "bonus"
BALLOT = "ballot"

#: A scorer is an outlier when the mean of their signed deviations is larger than this many times
#: the typical (median) one among all scorers. See ``outlier_scorers``.
OUTLIER_FACTOR = Decimal("1.5")


def D(value: object) -> Decimal:
    """A Decimal from an int, str or Decimal (floats go through str to avoid binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)  # type: ignore[arg-type]


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Item scores


def _check_range(value: Decimal, maximum: Decimal, label: Callable[[], str]) -> None:
    """``label`` is called only when the value is out of range: translating it on every call
    would cost more than the arithmetic (a ranking scores about 100,000 items)."""
    if value < 0 or value > maximum:
        raise ValueError(
            _("%(label)s must be between 0 and %(max)s (got %(value)s).")
            % {"label": label(), "max": maximum, "value": value}
        )


def _ratio(actual: Decimal, target: Decimal) -> Decimal:
    if target == 0:
        raise ValueError(_("The target of a quantitative item cannot be zero."))
    if target < 0:
        raise ValueError(_("The target of a quantitative item must be positive."))
    if actual < 0:
        raise ValueError(_("The actual value cannot be negative."))
    return actual / target


def qualitative_score(*, maximum: Decimal, value: Decimal) -> Decimal:
    _check_range(value, maximum, lambda: _("The score"))
    return value


def pass_fail_score(*, maximum: Decimal, passed: bool) -> Decimal:
    return maximum if passed else ZERO


def proportional_score(*, maximum: Decimal, actual: Decimal, target: Decimal) -> Decimal:
    """Max × actual / target, capped at max."""
    return min(maximum, maximum * _ratio(actual, target))


def banded_score(
    *, maximum: Decimal, actual: Decimal, target: Decimal, best_ratio: Decimal
) -> Decimal:
    """The banded rule.

    ratio r = actual / target; best = the highest r among the block's units.
    Below target: max/2 × r. At target: max/2. Above target: the best gets max; the others get
    max/2 + (r − 1) / (best − 1) × max/2. When nobody exceeds the target there is no "best" bonus:
    the below/at rules apply to everyone.
    """
    r = _ratio(actual, target)
    half = maximum * HALF
    if r < 1:
        return half * r
    if r == 1:
        return half
    if best_ratio < r:
        raise ValueError(_("The block's best ratio cannot be below a unit's own ratio."))
    if r == best_ratio:
        return maximum
    return half + (r - 1) / (best_ratio - 1) * half


def count_score(*, maximum: Decimal, count: Decimal, points: Decimal) -> Decimal:
    """Count × points per unit, capped at max."""
    if count < 0:
        raise ValueError(_("A count cannot be negative."))
    return min(maximum, count * points)


def bonus_score(*, cap: Decimal, value: Decimal) -> Decimal:
    _check_range(value, cap, lambda: _("Bonus points"))
    return value


def penalty_score(*, cap: Decimal, value: Decimal) -> Decimal:
    """Penalty points, entered as a positive number, subtract from the total."""
    _check_range(value, cap, lambda: _("Penalty points"))
    return -value


def best_ratio(actuals: Iterable[Decimal], *, target: Decimal) -> Decimal:
    """The block's best actual/target ratio for a banded item (0 when nobody reported)."""
    ratios = [_ratio(a, target) for a in actuals]
    return max(ratios, default=ZERO)


@dataclass(frozen=True)
class Item:
    """One node of a criteria table. ``parent`` is the key of the parent node (None at the top)."""

    key: int | str
    kind: str = QUALITATIVE
    maximum: Decimal = ZERO
    parent: int | str | None = None
    target: Decimal | None = None
    points: Decimal | None = None  # points per counted unit (count kind)
    is_group: bool = False


def score_item(
    item: Item,
    value: Decimal | bool,
    *,
    best: Decimal | None = None,
    target: Decimal | None = None,
) -> Decimal:
    """The score of one leaf item from the value entered (score, pass flag, actual or count).

    ``target`` overrides the item's common target (a unit's registered target); ``best`` is the
    block's best actual/target ratio for a banded item.
    """
    kind = item.kind
    if target is not None:
        item = replace(item, target=target)
    if kind == PASS_FAIL:
        return pass_fail_score(maximum=item.maximum, passed=bool(value))
    v = D(value)
    if kind == QUALITATIVE:
        return qualitative_score(maximum=item.maximum, value=v)
    if kind in (PROPORTIONAL, BANDED):
        if item.target is None:
            raise ValueError(_("A quantitative item needs a target."))
        if kind == PROPORTIONAL:
            return proportional_score(maximum=item.maximum, actual=v, target=item.target)
        ratio = _ratio(v, item.target)
        return banded_score(
            maximum=item.maximum,
            actual=v,
            target=item.target,
            best_ratio=ratio if best is None else max(best, ratio),
        )
    if kind == COUNT:
        return count_score(maximum=item.maximum, count=v, points=item.points or ZERO)
    if kind == BONUS:
        return bonus_score(cap=item.maximum, value=v)
    if kind == PENALTY:
        return penalty_score(cap=item.maximum, value=v)
    raise ValueError(_("Unknown item kind: %(kind)s") % {"kind": kind})


# ---------------------------------------------------------------------------------------------
# Tables and sheet totals


@dataclass(frozen=True)
class Table:
    """A criteria table as a flat list of nodes in display order (parents before children)."""

    items: Sequence[Item]

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
        return self._children.get(key, [])  # type: ignore[attr-defined,no-any-return]

    @property
    def leaves(self) -> list[Item]:
        return self._leaves  # type: ignore[attr-defined,no-any-return]

    @property
    def leaf_keys(self) -> frozenset[int | str]:
        return self._leaf_keys  # type: ignore[attr-defined,no-any-return]

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


# ---------------------------------------------------------------------------------------------
# Aggregation and ranking


@dataclass(frozen=True)
class UnitSheets:
    """All sheets about one unit: its own, each scorer's (by scorer key) and the head's."""

    unit: int | str
    name: str = ""
    self_scores: Mapping[int | str, Decimal] | None = None
    cross: Mapping[int | str, Mapping[int | str, Decimal]] = field(default_factory=dict)
    head_scores: Mapping[int | str, Decimal] | None = None


@dataclass
class UnitResult:
    unit: int | str
    name: str
    self_total: Decimal | None
    final: Decimal | None
    group_one: Decimal | None
    bonus: Decimal | None
    scorer_totals: dict[int | str, Decimal]
    used_scorers: list[int | str]
    trim_fallback: bool = False  # trimmed mean asked for but fewer than 3 scorers
    rank: int | None = None
    tied: bool = False
    ballot: bool = False  # still tied after the rules: decided by ballot

    @property
    def spread(self) -> Spread | None:
        return spread(list(self.scorer_totals.values()))


@dataclass(frozen=True)
class Spread:
    minimum: Decimal
    maximum: Decimal
    stdev: Decimal

    @property
    def range(self) -> Decimal:
        return self.maximum - self.minimum


def pstdev(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation (0 for fewer than two values)."""
    if len(values) < 2:
        return ZERO
    return D(statistics.pstdev(values))


def spread(values: Sequence[Decimal]) -> Spread | None:
    if not values:
        return None
    return Spread(minimum=min(values), maximum=max(values), stdev=pstdev(values))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def _trim(totals: dict[int | str, SheetTotals]) -> list[int | str]:
    """Scorer keys kept after dropping one highest and one lowest total (ties: by scorer key)."""
    ordered = sorted(totals, key=lambda k: (totals[k].total, str(k)))
    return ordered[1:-1]


def aggregate_unit(table: Table, sheets: UnitSheets, *, method: str) -> UnitResult:
    by_scorer = {s: sheet_totals(table, sc) for s, sc in sheets.cross.items()}
    own = sheet_totals(table, sheets.self_scores) if sheets.self_scores is not None else None
    result = UnitResult(
        unit=sheets.unit,
        name=sheets.name,
        self_total=round2(own.total) if own else None,
        final=None,
        group_one=None,
        bonus=None,
        scorer_totals={s: round2(t.total) for s, t in by_scorer.items()},
        used_scorers=[],
    )
    if method == HEAD:
        if sheets.head_scores is None:
            return result
        head = sheet_totals(table, sheets.head_scores)
        result.final, result.group_one, result.bonus = (
            round2(head.total),
            round2(head.group_one),
            round2(head.bonus),
        )
        return result
    if not by_scorer:
        return result
    used = sorted(by_scorer, key=str)
    if method == TRIMMED_MEAN:
        if len(by_scorer) >= 3:
            used = _trim(by_scorer)
        else:
            result.trim_fallback = True
    elif method != MEAN:
        raise ValueError(_("Unknown score method: %(method)s") % {"method": method})
    kept = [by_scorer[s] for s in used]
    result.used_scorers = used
    result.final = round2(_mean([t.total for t in kept]))
    result.group_one = round2(_mean([t.group_one for t in kept]))
    result.bonus = round2(_mean([t.bonus for t in kept]))
    return result


def _sort_key(result: UnitResult, rules: Sequence[str]) -> tuple[Decimal, ...]:
    key = [-(result.final or ZERO)]
    for rule in rules:
        if rule == BALLOT:
            break
        if rule == GROUP_ONE:
            key.append(-(result.group_one or ZERO))
        elif rule == BY_BONUS:
            key.append(-(result.bonus or ZERO))
    return tuple(key)


def rank(results: Sequence[UnitResult], *, tie_breaks: Sequence[str]) -> list[UnitResult]:
    """Order results and give ranks (1, 2, 2, 4 …) on the two-place final scores.

    Tie-breaks are applied in the policy's order; rules after "ballot" are never reached. Units
    still equal share a rank; they are marked ``ballot`` when the policy sends ties to a ballot.
    Units without a final score come last, unranked.
    """
    scored = [r for r in results if r.final is not None]
    unscored = sorted((r for r in results if r.final is None), key=lambda r: r.name)
    keyed = sorted(scored, key=lambda r: (_sort_key(r, tie_breaks), r.name))
    ballot = BALLOT in tie_breaks
    previous: tuple[Decimal, ...] | None = None
    for position, result in enumerate(keyed, start=1):
        k = _sort_key(result, tie_breaks)
        if k == previous:
            result.rank = keyed[position - 2].rank
        else:
            result.rank = position
        previous = k
    for i, result in enumerate(keyed):
        same = [
            o for o in keyed[max(0, i - 1) : i + 2] if o is not result and o.rank == result.rank
        ]
        result.tied = bool(same)
        result.ballot = result.tied and ballot
    for result in unscored:
        result.rank = None
    return keyed + unscored


def ranking(
    table: Table, units: Sequence[UnitSheets], *, method: str, tie_breaks: Sequence[str]
) -> list[UnitResult]:
    return rank([aggregate_unit(table, u, method=method) for u in units], tie_breaks=tie_breaks)


# ---------------------------------------------------------------------------------------------
# Analysis


@dataclass(frozen=True)
class Disagreement:
    unit: int | str
    item: int | str
    stdev: Decimal
    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class Outlier:
    scorer: int | str
    mean_deviation: Decimal  # signed: above (+) or below (−) the other scorers
    units: int  # units compared
    typical: Decimal  # the median |mean deviation| among scorers

    @property
    def above(self) -> bool:
        return self.mean_deviation > 0


def disagreements(
    table: Table, units: Sequence[UnitSheets], *, limit: int = 10
) -> list[Disagreement]:
    """Items (per unit) with the highest population standard deviation across scorers."""
    found: list[Disagreement] = []
    for sheets in units:
        if len(sheets.cross) < 2:
            continue
        for item in table.leaves:
            values = [D(sc.get(item.key, ZERO)) for sc in sheets.cross.values()]
            sd = pstdev(values)
            if sd > 0:
                found.append(
                    Disagreement(
                        unit=sheets.unit,
                        item=item.key,
                        stdev=round2(sd),
                        minimum=round2(min(values)),
                        maximum=round2(max(values)),
                    )
                )
    found.sort(key=lambda d: (-d.stdev, str(d.unit), str(d.item)))
    return found[:limit]


def outlier_scorers(
    table: Table, units: Sequence[UnitSheets], *, minimum_points: Decimal | None = None
) -> list[Outlier]:
    """Scorers who score consistently far above or below the others.

    Rule: for each unit a scorer scored together with at least one other scorer, the deviation
    is the scorer's total minus the mean of the other scorers' totals for that unit. A scorer's
    mean deviation m is the mean over those units. The typical deviation T is the median of |m|
    over all scorers (at least three scorers are needed). A scorer is an outlier when
    |m| > 1.5 × T, |m| is at least ``minimum_points`` (default 1% of the table's maximum, so that
    near-unanimous blocks flag nobody) and at least two thirds of their deviations have the sign
    of m (consistently above or below, not one wild sheet).
    """
    deviations: dict[int | str, list[Decimal]] = {}
    for sheets in units:
        totals = {s: sheet_totals(table, sc).total for s, sc in sheets.cross.items()}
        if len(totals) < 2:
            continue
        for scorer, total in totals.items():
            others = [t for s, t in totals.items() if s != scorer]
            deviations.setdefault(scorer, []).append(total - _mean(others))
    if len(deviations) < 3:
        return []
    means = {s: _mean(d) for s, d in deviations.items()}
    typical = D(statistics.median([abs(m) for m in means.values()]))
    floor = minimum_points if minimum_points is not None else table.maximum * CENT
    out = []
    for scorer, m in means.items():
        if abs(m) <= OUTLIER_FACTOR * typical or abs(m) < floor or m == 0:
            continue
        same_sign = sum(1 for d in deviations[scorer] if (d > 0) == (m > 0) and d != 0)
        if same_sign * 3 < len(deviations[scorer]) * 2:
            continue
        out.append(
            Outlier(
                scorer=scorer,
                mean_deviation=round2(m),
                units=len(deviations[scorer]),
                typical=round2(typical),
            )
        )
    out.sort(key=lambda o: -abs(o.mean_deviation))
    return out
