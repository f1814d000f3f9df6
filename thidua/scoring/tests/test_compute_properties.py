"""Properties of the scoring arithmetic over many random tables and sheets.

Seeded random generation (hypothesis is not among the project's dependencies), so a failure is
reproducible from the seed printed in the assertion message.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from thidua.scoring import compute as c
from thidua.scoring.compute import D, Item, Table, UnitSheets

SEEDS = range(200)


def random_table(rng: random.Random) -> Table:
    items: list[Item] = []
    for g in range(rng.randint(1, 3)):
        group = f"g{g}"
        items.append(Item(key=group, is_group=True))
        for i in range(rng.randint(1, 4)):
            kind = rng.choice([c.QUALITATIVE, c.PASS_FAIL, c.PROPORTIONAL, c.BANDED, c.COUNT])
            items.append(
                Item(
                    key=f"{group}.{i}",
                    kind=kind,
                    maximum=D(rng.randint(1, 20)),
                    parent=group,
                    target=D(rng.randint(1, 500)),
                    points=D(rng.randint(1, 40)) / 4,
                )
            )
    items.append(Item(key="bonus", kind=c.BONUS, maximum=D(rng.randint(0, 5))))
    items.append(Item(key="penalty", kind=c.PENALTY, maximum=D(rng.randint(0, 5))))
    return Table(items=items)


def random_value(rng: random.Random, item: Item) -> Decimal | bool:
    if item.kind == c.PASS_FAIL:
        return rng.random() < 0.5
    if item.kind in (c.PROPORTIONAL, c.BANDED):
        return D(rng.randint(0, 1000))
    if item.kind == c.COUNT:
        return D(rng.randint(0, 50))
    return D(rng.randint(0, int(item.maximum) * 4)) / 4


def random_sheet(rng: random.Random, table: Table) -> dict[int | str, Decimal]:
    out: dict[int | str, Decimal] = {}
    for item in table.leaves:
        best = D(rng.randint(0, 3000)) / 1000 + D(2)  # a best ratio above any actual/target here
        value = random_value(rng, item)
        if item.kind == c.BANDED:
            assert item.target is not None
            best = max(best, D(value) / item.target)
        out[item.key] = c.score_item(item, value, best=best)
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_a_sheet_total_never_exceeds_the_table_maximum_plus_the_bonus_cap(seed):
    rng = random.Random(seed)
    table = random_table(rng)
    totals = c.sheet_totals(table, random_sheet(rng, table))
    assert totals.total <= table.maximum + table.bonus_cap, f"seed {seed}"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", [c.MEAN, c.TRIMMED_MEAN])
def test_the_final_score_does_not_depend_on_the_order_scores_arrive_in(seed, method):
    rng = random.Random(seed)
    table = random_table(rng)
    sheets = [(s, random_sheet(rng, table)) for s in range(rng.randint(1, 8))]
    finals = set()
    for _ in range(4):
        rng.shuffle(sheets)
        unit = UnitSheets(unit=0, cross=dict(sheets))
        finals.add(c.aggregate_unit(table, unit, method=method).final)
    assert len(finals) == 1, f"seed {seed}"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_trimmed_mean_equals_the_mean_when_all_scorers_agree(seed):
    rng = random.Random(seed)
    table = random_table(rng)
    same = random_sheet(rng, table)
    unit = UnitSheets(unit=0, cross={s: dict(same) for s in range(rng.randint(1, 8))})
    mean = c.aggregate_unit(table, unit, method=c.MEAN).final
    trimmed = c.aggregate_unit(table, unit, method=c.TRIMMED_MEAN).final
    assert mean == trimmed, f"seed {seed}"


@pytest.mark.parametrize("seed", range(50))
def test_ranking_is_a_permutation_with_ranks_in_order(seed):
    rng = random.Random(seed)
    table = random_table(rng)
    units = [
        UnitSheets(unit=u, name=f"U{u}", cross={9: random_sheet(rng, table)})
        for u in range(rng.randint(1, 12))
    ]
    results = c.ranking(table, units, method=c.MEAN, tie_breaks=[c.GROUP_ONE, c.BALLOT])
    assert sorted(r.unit for r in results) == sorted(u.unit for u in units)
    finals = [r.final for r in results]
    assert finals == sorted(finals, reverse=True)
    ranks = [r.rank for r in results]
    assert ranks == sorted(ranks) and ranks[0] == 1
