"""Scoring arithmetic, with expectations computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from thidua.scoring import compute as c
from thidua.scoring.compute import D, Item, Table, UnitSheets

# A 100-point table: group I (a 40, b 30), group II (c 30), bonus d (cap 5), penalty e (cap 5).
TABLE = Table(
    items=[
        Item(key="I", is_group=True),
        Item(key="a", maximum=D(40), parent="I"),
        Item(key="b", maximum=D(30), parent="I"),
        Item(key="II", is_group=True),
        Item(key="c", maximum=D(30), parent="II"),
        Item(key="d", kind=c.BONUS, maximum=D(5)),
        Item(key="e", kind=c.PENALTY, maximum=D(5)),
    ]
)


def sheet(a: int | str, b: int | str = 0, c_: int | str = 0, d: int | str = 0, e: int = 0):
    return {"a": D(a), "b": D(b), "c": D(c_), "d": D(d), "e": -D(e)}


# Item kinds ----------------------------------------------------------------------------------


def test_qualitative_score_is_the_judgement_within_zero_and_max():
    assert c.score_item(Item(key=1, maximum=D(10)), D("7.5")) == D("7.5")
    with pytest.raises(ValueError):
        c.score_item(Item(key=1, maximum=D(10)), D("10.5"))
    with pytest.raises(ValueError):
        c.score_item(Item(key=1, maximum=D(10)), D(-1))


def test_pass_fail_gives_max_or_nothing():
    item = Item(key=1, kind=c.PASS_FAIL, maximum=D(4))
    assert c.score_item(item, True) == 4
    assert c.score_item(item, False) == 0


def test_proportional_is_max_times_actual_over_target_capped_at_max():
    item = Item(key=1, kind=c.PROPORTIONAL, maximum=D(10), target=D(200))
    assert c.score_item(item, D(150)) == D("7.5")
    assert c.score_item(item, D(300)) == 10


def test_a_target_of_zero_is_refused_with_a_clear_message():
    item = Item(key=1, kind=c.PROPORTIONAL, maximum=D(10), target=D(0))
    with translation.override("en"):
        with pytest.raises(ValueError, match="target of a quantitative item cannot be zero"):
            c.score_item(item, D(5))
        with pytest.raises(ValueError, match="cannot be zero"):
            c.banded_score(maximum=D(10), actual=D(1), target=D(0), best_ratio=D(1))


def test_banded_rule_below_at_best_and_above_target():
    # max 10, target 100; the block's best reached 150 (ratio 1.5).
    def banded(actual: int) -> Decimal:
        return c.banded_score(maximum=D(10), actual=D(actual), target=D(100), best_ratio=D("1.5"))

    assert banded(80) == 4  # 10/2 × 0.8
    assert banded(100) == 5  # half at target
    assert banded(150) == 10  # the best gets max
    assert banded(120) == 7  # 5 + (0.2 / 0.5) × 5
    assert banded(0) == 0


def test_banded_best_ratio_comes_from_the_block():
    best = c.best_ratio([D(80), D(120), D(150)], target=D(100))
    assert best == D("1.5")
    item = Item(key=1, kind=c.BANDED, maximum=D(10), target=D(100))
    assert c.score_item(item, D(120), best=best) == 7


def test_banded_gives_no_best_bonus_when_nobody_exceeds_the_target():
    assert c.banded_score(maximum=D(10), actual=D(90), target=D(100), best_ratio=D("0.9")) == D(
        "4.5"
    )


def test_count_times_points_is_capped_and_negative_counts_refused():
    item = Item(key=1, kind=c.COUNT, maximum=D(5), points=D("0.5"))
    assert c.score_item(item, D(4)) == 2
    assert c.score_item(item, D(20)) == 5
    with pytest.raises(ValueError):
        c.score_item(item, D(-1))


def test_bonus_adds_and_penalty_subtracts_within_their_caps():
    assert c.score_item(Item(key=1, kind=c.BONUS, maximum=D(5)), D(3)) == 3
    assert c.score_item(Item(key=1, kind=c.PENALTY, maximum=D(5)), D(2)) == -2
    with pytest.raises(ValueError):
        c.score_item(Item(key=1, kind=c.BONUS, maximum=D(5)), D(6))
    with pytest.raises(ValueError):
        c.score_item(Item(key=1, kind=c.PENALTY, maximum=D(5)), D(6))


# Tables ----------------------------------------------------------------------------------------


def test_parents_sum_their_children_and_the_table_shows_its_total():
    sub = TABLE.subtotals(sheet(30, 20, 25, 2, 1))
    assert sub["I"] == 50
    assert sub["II"] == 25
    assert TABLE.maximum == 100
    assert TABLE.bonus_cap == 5
    totals = c.sheet_totals(TABLE, sheet(30, 20, 25, 2, 1))
    assert (totals.total, totals.group_one, totals.bonus) == (76, 50, 2)


# Aggregation ----------------------------------------------------------------------------------


def unit(key, cross, self_total=None, head=None):
    return UnitSheets(
        unit=key,
        name=f"Unit {key}",
        self_scores=sheet(self_total) if self_total is not None else None,
        cross={s: sheet(t) for s, t in cross.items()},
        head_scores=sheet(head) if head is not None else None,
    )


def test_final_score_is_the_mean_of_cross_scores_rounded_at_the_end():
    result = c.aggregate_unit(TABLE, unit(1, {2: 40, 3: 40, 4: "39"}, 40), method=c.MEAN)
    # (40 + 40 + 39) / 3 = 39.666… → 39.67 (not a mean of rounded values)
    assert result.final == D("39.67")
    assert result.self_total == 40
    assert result.scorer_totals == {2: 40, 3: 40, 4: 39}


def test_trimmed_mean_drops_the_highest_and_the_lowest_scorer():
    result = c.aggregate_unit(TABLE, unit(1, {2: 10, 3: 20, 4: 25, 5: 40}), method=c.TRIMMED_MEAN)
    assert result.final == D("22.50")
    assert sorted(result.used_scorers) == [3, 4]
    assert not result.trim_fallback


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    result = c.aggregate_unit(TABLE, unit(1, {2: 10, 3: 10, 4: 30}), method=c.TRIMMED_MEAN)
    assert result.final == 10


def test_trimmed_mean_with_fewer_than_three_scorers_falls_back_to_the_mean_with_a_flag():
    result = c.aggregate_unit(TABLE, unit(1, {2: 10, 3: 20}), method=c.TRIMMED_MEAN)
    assert result.final == 15
    assert result.trim_fallback


def test_head_method_uses_the_consolidated_sheet():
    result = c.aggregate_unit(TABLE, unit(1, {2: 10, 3: 20}, head=33), method=c.HEAD)
    assert result.final == 33
    missing = c.aggregate_unit(TABLE, unit(1, {2: 10}), method=c.HEAD)
    assert missing.final is None


def test_a_unit_nobody_scored_has_no_final_score_and_no_rank():
    results = c.ranking(
        TABLE, [unit(1, {}), unit(2, {1: 30})], method=c.MEAN, tie_breaks=[c.BALLOT]
    )
    assert [(r.unit, r.rank) for r in results] == [(2, 1), (1, None)]


# Ranking and ties -------------------------------------------------------------------------------


def scored(key, a, b=0, c_=0, d=0):
    return UnitSheets(unit=key, name=f"Unit {key}", cross={9: sheet(a, b, c_, d)})


def test_higher_final_score_ranks_first():
    results = c.ranking(
        TABLE, [scored(1, 20), scored(2, 30), scored(3, 10)], method=c.MEAN, tie_breaks=[]
    )
    assert [(r.unit, r.rank) for r in results] == [(2, 1), (1, 2), (3, 3)]
    assert not any(r.tied for r in results)


def test_equal_totals_go_to_the_higher_score_on_group_one():
    # both 60 in total; unit 1 has 40 on group I, unit 2 has 30
    one = scored(1, 30, 10, 20)
    two = scored(2, 20, 10, 30)
    results = c.ranking(TABLE, [two, one], method=c.MEAN, tie_breaks=[c.GROUP_ONE, c.BALLOT])
    assert [(r.unit, r.rank, r.tied) for r in results] == [(1, 1, False), (2, 2, False)]


def test_then_more_bonus_points():
    one = scored(1, 30, 0, 28, d=2)
    two = scored(2, 30, 0, 27, d=3)
    results = c.ranking(
        TABLE, [one, two], method=c.MEAN, tie_breaks=[c.GROUP_ONE, c.BY_BONUS, c.BALLOT]
    )
    assert [r.unit for r in results] == [2, 1]


def test_the_order_of_tie_break_rules_follows_the_policy():
    one = scored(1, 31, 0, 26, d=3)  # 60 total, group I 31, bonus 3
    two = scored(2, 30, 0, 26, d=4)  # 60 total, group I 30, bonus 4
    group_first = c.ranking(TABLE, [one, two], method=c.MEAN, tie_breaks=[c.GROUP_ONE, c.BY_BONUS])
    bonus_first = c.ranking(TABLE, [one, two], method=c.MEAN, tie_breaks=[c.BY_BONUS, c.GROUP_ONE])
    assert [r.unit for r in group_first] == [1, 2]
    assert [r.unit for r in bonus_first] == [2, 1]


def test_units_still_equal_share_a_rank_and_go_to_the_ballot():
    results = c.ranking(
        TABLE,
        [scored(1, 30, 10), scored(2, 30, 10), scored(3, 50), scored(4, 10)],
        method=c.MEAN,
        tie_breaks=[c.GROUP_ONE, c.BY_BONUS, c.BALLOT],
    )
    ranks = {r.unit: (r.rank, r.tied, r.ballot) for r in results}
    assert ranks == {
        3: (1, False, False),
        1: (2, True, True),
        2: (2, True, True),
        4: (4, False, False),
    }


def test_rules_after_the_ballot_are_not_applied():
    one = scored(1, 30, 0, 28, d=2)
    two = scored(2, 30, 0, 27, d=3)
    results = c.ranking(TABLE, [one, two], method=c.MEAN, tie_breaks=[c.BALLOT, c.BY_BONUS])
    assert {r.rank for r in results} == {1}
    assert all(r.ballot for r in results)


def test_ties_without_a_ballot_rule_share_the_rank_without_a_ballot_mark():
    results = c.ranking(TABLE, [scored(1, 30), scored(2, 30)], method=c.MEAN, tie_breaks=[])
    assert all(r.rank == 1 and r.tied and not r.ballot for r in results)


# Analysis ----------------------------------------------------------------------------------------


def test_spread_gives_min_max_and_population_standard_deviation():
    result = c.aggregate_unit(TABLE, unit(1, {2: 30, 3: 35, 4: 40}), method=c.MEAN)
    spread = result.spread
    assert spread is not None
    assert (spread.minimum, spread.maximum, c.round2(spread.stdev)) == (30, 40, D("4.08"))


def block_with_generous_scorer():
    """Four units score each other; unit 4 gives everyone 10 points more on item a."""
    base = {1: 30, 2: 25, 3: 20, 4: 35}
    units = []
    for u, score in base.items():
        cross = {}
        for s in base:
            if s == u:
                continue
            cross[s] = sheet(score + (10 if s == 4 else 0), 20, 20)
        units.append(UnitSheets(unit=u, name=f"Unit {u}", cross=cross))
    return units


def test_outlier_scorer_is_the_one_consistently_above_the_others():
    outliers = c.outlier_scorers(TABLE, block_with_generous_scorer())
    assert [(o.scorer, o.mean_deviation, o.units, o.above) for o in outliers] == [
        (4, D(10), 3, True)
    ]
    assert outliers[0].typical == D("3.33")


def test_no_outlier_when_scorers_agree():
    units = [
        UnitSheets(unit=u, cross={s: sheet(30) for s in range(1, 5) if s != u}) for u in range(1, 5)
    ]
    assert c.outlier_scorers(TABLE, units) == []


def test_items_where_scorers_disagree_most_come_first():
    found = c.disagreements(TABLE, block_with_generous_scorer(), limit=3)
    assert [(d.unit, d.item) for d in found] == [(1, "a"), (2, "a"), (3, "a")]
    # values x, x, x+10 → population standard deviation √(600/27) ≈ 4.71
    assert found[0].stdev == D("4.71")
    assert found[0].maximum - found[0].minimum == 10


# Sheets as entered ---------------------------------------------------------------------------


QUANT = Table(
    items=[
        Item(key="q", kind=c.BANDED, maximum=D(10), target=D(100)),
        Item(key="p", kind=c.PROPORTIONAL, maximum=D(10), target=D(50)),
        Item(key="n", kind=c.COUNT, maximum=D(6), points=D(2)),
        Item(key="f", kind=c.PASS_FAIL, maximum=D(4)),
    ]
)


def test_best_ratio_of_a_banded_item_uses_each_units_own_target():
    best = c.best_ratios(
        QUANT,
        [({"q": D(120)}, {}), ({"q": D(90)}, {"q": D(60)}), ({"q": None}, {})],
    )
    assert best == {"q": D("1.5")}  # 90 against its own target of 60


def test_sheet_scores_turn_values_into_points():
    values = {"q": D(120), "p": D(25), "n": D(5), "f": D(1)}
    scores = c.sheet_scores(QUANT, values, best={"q": D("1.5")})
    assert scores == {"q": D(7), "p": D(5), "n": D(6), "f": D(4)}
    own_target = c.sheet_scores(QUANT, {"q": D(150)}, targets={"q": D(150)}, best={"q": D(2)})
    assert own_target == {"q": D(5)}  # at its own target: half


def test_a_shared_memo_gives_every_sheet_the_scores_it_would_get_alone():
    table = Table(
        [
            Item(key="q", maximum=D(10)),
            Item(key="p", kind=c.PROPORTIONAL, maximum=D(20), target=D(100)),
            Item(key="b", kind=c.BANDED, maximum=D(20), target=D(50)),
            Item(key="f", kind=c.PASS_FAIL, maximum=D(5)),
        ]
    )
    sheets = [
        ({"q": D("7.50"), "p": D(80), "b": D(60), "f": True}, {}, {"b": D("1.5")}),
        ({"q": D("7.50"), "p": D(80), "b": D(60), "f": False}, {"p": D(40)}, {"b": D("1.2")}),
        ({"q": D(10), "p": D(80), "b": D(60), "f": True}, {"p": D(40)}, {"b": D("1.5")}),
    ]
    memo: dict = {}
    for values, targets, best in sheets:
        alone = c.sheet_scores(table, values, targets=targets, best=best)
        assert c.sheet_scores(table, values, targets=targets, best=best, memo=memo) == alone
    # Same value, other target or other best: scored again, not taken from the memo.
    assert len({k for k in memo if k[0] == "p"}) == 2
    assert len({k for k in memo if k[0] == "b"}) == 2
