"""Aggregation and ranking: each unit's final score from its sheets, then the block's order."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.scoring.compute.items import ZERO, D, round2
from thidua.scoring.compute.tables import SheetTotals, Table, sheet_totals

# Aggregation methods and tie-break rules (values of cycles.models.ScoreMethod / TieBreak).
MEAN = "mean"
TRIMMED_MEAN = "trimmed_mean"
HEAD = "head"
GROUP_ONE = "group_one"
BY_BONUS = "bonus"
BALLOT = "ballot"


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


def mean(values: Sequence[Decimal]) -> Decimal:
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
    result.final = round2(mean([t.total for t in kept]))
    result.group_one = round2(mean([t.group_one for t in kept]))
    result.bonus = round2(mean([t.bonus for t in kept]))
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
