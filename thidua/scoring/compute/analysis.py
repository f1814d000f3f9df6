"""Analysis: items the scorers disagree on, and scorers who score consistently apart."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.scoring.compute.aggregation import UnitSheets, mean, pstdev
from thidua.scoring.compute.items import CENT, ZERO, D, round2
from thidua.scoring.compute.tables import Table, sheet_totals

#: A scorer is an outlier when the mean of their signed deviations is larger than this many times
#: the typical (median) one among all scorers. See ``outlier_scorers``.
OUTLIER_FACTOR = Decimal("1.5")


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
            deviations.setdefault(scorer, []).append(total - mean(others))
    if len(deviations) < 3:
        return []
    means = {s: mean(d) for s, d in deviations.items()}
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
