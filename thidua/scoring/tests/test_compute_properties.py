"""Properties of the scoring arithmetic over many random tables and sheets.

Two families: seeded random generation (a failure is reproducible from the seed printed in the
assertion message) and, below it, hypothesis property-based tests, which search the value space
and shrink a failure to a minimal table and sheet.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------------------------------------
# Hypothesis property-based tests


def money(lo: object, hi: object) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=D(lo), max_value=D(hi), places=2, allow_nan=False, allow_infinity=False
    )


MAXIMA = money(0, 50)
TARGETS = money("0.01", 1000)
ACTUALS = money(0, 5000)
POINTS = money(0, 10)
COUNTS = st.decimals(min_value=0, max_value=200, places=0, allow_nan=False, allow_infinity=False)
SCORED_KINDS = [c.QUALITATIVE, c.PASS_FAIL, c.PROPORTIONAL, c.BANDED, c.COUNT]
SETTINGS = settings(max_examples=100, deadline=None)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A small valid table: 1–3 groups of scored items (a nested subgroup sometimes), then
    bonus and penalty items either at the top level or inside a group of their own."""
    items: list[Item] = []
    n = 0

    def leaf(kind: str, parent: str | None) -> Item:
        nonlocal n
        n += 1
        return Item(
            key=f"i{n}",
            kind=kind,
            maximum=draw(MAXIMA),
            parent=parent,
            target=draw(TARGETS) if kind in (c.PROPORTIONAL, c.BANDED) else None,
            points=draw(POINTS) if kind == c.COUNT else None,
        )

    for g in range(draw(st.integers(1, 3))):
        group = f"g{g}"
        items.append(Item(key=group, is_group=True))
        for _ in range(draw(st.integers(1, 4))):
            items.append(leaf(draw(st.sampled_from(SCORED_KINDS)), group))
        if draw(st.booleans()):
            sub = f"{group}.sub"
            items.append(Item(key=sub, parent=group, is_group=True))
            for _ in range(draw(st.integers(1, 3))):
                items.append(leaf(draw(st.sampled_from(SCORED_KINDS)), sub))
    extras = [c.BONUS] * draw(st.integers(0, 2)) + [c.PENALTY] * draw(st.integers(0, 2))
    if extras:
        parent = "extra" if draw(st.booleans()) else None
        if parent:
            items.append(Item(key=parent, is_group=True))
        items.extend(leaf(kind, parent) for kind in extras)
    return Table(items=items)


def item_values(item: Item) -> st.SearchStrategy[Decimal | bool | None]:
    """A valid value for a leaf (None: left empty)."""
    if item.kind == c.PASS_FAIL:
        valid: st.SearchStrategy = st.booleans()
    elif item.kind in (c.PROPORTIONAL, c.BANDED):
        valid = ACTUALS
    elif item.kind == c.COUNT:
        valid = COUNTS
    else:  # qualitative, bonus, penalty: 0..max
        valid = money(0, item.maximum)
    return st.one_of(st.none(), valid)


@st.composite
def sheets_values(draw: st.DrawFn, table: Table) -> dict[int | str, Decimal | bool | None]:
    return {i.key: draw(item_values(i)) for i in table.leaves}


@st.composite
def unit_targets(draw: st.DrawFn, table: Table) -> dict[int | str, Decimal | None]:
    """A unit's registered targets: for some quantitative items, overriding the common one."""
    quantitative = [i for i in table.leaves if i.kind in (c.PROPORTIONAL, c.BANDED)]
    return {i.key: draw(st.one_of(st.none(), TARGETS)) for i in quantitative}


def penalty_cap(table: Table) -> Decimal:
    return sum((i.maximum for i in table.leaves if i.kind == c.PENALTY), c.ZERO)


@st.composite
def blocks(draw: st.DrawFn) -> tuple[Table, list[dict[int | str, Decimal]]]:
    """A table and the scored sheets of a block of 1–4 units (banded best ratio from the
    block, each unit with its own targets)."""
    table = draw(tables())
    units = [
        (draw(sheets_values(table)), draw(unit_targets(table)))
        for _ in range(draw(st.integers(1, 4)))
    ]
    best = c.best_ratios(table, units)
    scored = [c.sheet_scores(table, v, targets=t, best=best) for v, t in units]
    return table, scored


@SETTINGS
@given(blocks())
def test_hyp_a_table_total_stays_between_minus_the_penalty_cap_and_max_plus_bonus_cap(block):
    table, scored = block
    upper = table.maximum + table.bonus_cap
    lower = -penalty_cap(table)
    for scores in scored:
        totals = c.sheet_totals(table, scores)
        assert lower <= totals.total <= upper
        # Per leaf, the reason behind the bound: scored items within 0..max, bonus within
        # 0..cap, penalty within −cap..0.
        for item in table.leaves:
            score = scores.get(item.key, c.ZERO)
            if item.kind == c.PENALTY:
                assert -item.maximum <= score <= 0
            else:
                assert 0 <= score <= item.maximum
        # The same bounds hold after rounding for display and through aggregation.
        unit = UnitSheets(unit=0, cross={1: scores}, head_scores=scores, self_scores=scores)
        for method in (c.MEAN, c.TRIMMED_MEAN, c.HEAD):
            result = c.aggregate_unit(table, unit, method=method)
            assert result.final is not None
            assert c.round2(lower) <= result.final <= c.round2(upper)


@st.composite
def cross_sheets(draw: st.DrawFn) -> tuple[Table, list[tuple[int, dict[int | str, Decimal]]]]:
    """A table and 1–8 scorers' sheets about one unit (scorer keys are distinct ints)."""
    table = draw(tables())
    targets = draw(unit_targets(table))
    scorers = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=8, unique=True))
    raw = [(s, draw(sheets_values(table))) for s in scorers]
    best = c.best_ratios(table, [(v, targets) for _, v in raw])
    return table, [(s, c.sheet_scores(table, v, targets=targets, best=best)) for s, v in raw]


@SETTINGS
@given(st.data(), cross_sheets(), st.sampled_from([c.MEAN, c.TRIMMED_MEAN]))
def test_hyp_the_final_score_does_not_depend_on_the_order_sheets_arrive_in(data, block, method):
    table, sheets = block
    reordered = data.draw(st.permutations(sheets))
    first = c.aggregate_unit(table, UnitSheets(unit=0, cross=dict(sheets)), method=method)
    second = c.aggregate_unit(table, UnitSheets(unit=0, cross=dict(reordered)), method=method)
    assert first.final == second.final
    assert first.group_one == second.group_one
    assert first.bonus == second.bonus
    assert sorted(first.used_scorers) == sorted(second.used_scorers)


@SETTINGS
@given(blocks(), st.integers(1, 12))
def test_hyp_the_trimmed_mean_equals_the_mean_when_all_scorers_give_the_same_total(block, n):
    table, scored = block
    same = scored[0]
    unit = UnitSheets(unit=0, cross={s: dict(same) for s in range(1, n + 1)})
    mean = c.aggregate_unit(table, unit, method=c.MEAN)
    trimmed = c.aggregate_unit(table, unit, method=c.TRIMMED_MEAN)
    assert mean.final == trimmed.final == c.round2(c.sheet_totals(table, same).total)
    assert mean.group_one == trimmed.group_one
    assert mean.bonus == trimmed.bonus


@SETTINGS
@given(MAXIMA, ACTUALS, TARGETS, st.one_of(st.none(), money(0, 10_000)))
def test_hyp_a_banded_score_stays_within_zero_and_max(maximum, actual, target, best):
    item = Item(key="b", kind=c.BANDED, maximum=maximum, target=target)
    score = c.score_item(item, actual, best=best)
    assert 0 <= score <= maximum


@SETTINGS
@given(MAXIMA, ACTUALS, TARGETS, money(0, 10_000))
def test_hyp_the_banded_rule_stays_within_zero_and_max_for_any_valid_best_ratio(
    maximum, actual, target, extra
):
    best = actual / target + extra  # the block's best is at least the unit's own ratio
    score = c.banded_score(maximum=maximum, actual=actual, target=target, best_ratio=best)
    assert 0 <= score <= maximum
