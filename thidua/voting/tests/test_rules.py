"""The result rules, computed by hand: quorum, threshold and its base, seats, ties at the edge."""

from __future__ import annotations

from thidua.voting.rules import (
    ALL_MEMBERS,
    PRESENT,
    Count,
    Threshold,
    decide,
    percent,
    quorum_needed,
    quorum_reached,
)

MORE_THAN_HALF = Threshold(1, 2, True, ALL_MEMBERS)
AT_LEAST_TWO_THIRDS = Threshold(2, 3, False, ALL_MEMBERS)


def test_exactly_two_thirds_present_reaches_the_quorum():
    assert quorum_needed(12, 2, 3) == 8
    assert quorum_reached(8, 12, 2, 3)
    assert not quorum_reached(7, 12, 2, 3)


def test_quorum_rounds_up_when_two_thirds_is_not_whole():
    # 2/3 of 10 is 6.67: seven units are needed.
    assert quorum_needed(10, 2, 3) == 7
    assert not quorum_reached(6, 10, 2, 3)
    assert quorum_reached(7, 10, 2, 3)


def test_no_members_means_no_quorum():
    assert not quorum_reached(0, 0, 2, 3)


def test_exactly_half_agreeing_fails_under_more_than_half():
    assert not MORE_THAN_HALF.reached(6, 12)
    assert MORE_THAN_HALF.reached(7, 12)
    assert MORE_THAN_HALF.minimum(12) == 7


def test_exactly_half_agreeing_passes_under_at_least_half():
    at_least_half = Threshold(1, 2, False, ALL_MEMBERS)
    assert at_least_half.reached(6, 12)
    assert at_least_half.minimum(12) == 6


def test_exactly_two_thirds_passes_under_at_least_two_thirds():
    assert AT_LEAST_TWO_THIRDS.reached(8, 12)
    assert not AT_LEAST_TWO_THIRDS.reached(7, 12)
    assert AT_LEAST_TWO_THIRDS.minimum(10) == 7


def test_the_base_is_all_members_or_those_present():
    present = Threshold(1, 2, True, PRESENT)
    assert present.base_count(members=12, present=8) == 8
    assert MORE_THAN_HALF.base_count(members=12, present=8) == 12
    # 5 of 8 present is more than half of those present, not of all 12 members.
    assert present.reached(5, 8)
    assert not MORE_THAN_HALF.reached(5, 12)


def test_candidates_within_the_seats_pass_when_they_reach_the_threshold():
    counts = [Count(1, 10), Count(2, 9), Count(3, 5)]
    outcome = decide(counts, seats=3, threshold=MORE_THAN_HALF, base_count=12)
    assert outcome.passed == [1, 2]
    assert outcome.failed == [3]
    assert outcome.tied == []


def test_more_qualifying_candidates_than_seats_keeps_the_most_agreed():
    counts = [Count(1, 8), Count(2, 11), Count(3, 9)]
    outcome = decide(counts, seats=2, threshold=MORE_THAN_HALF, base_count=12)
    assert outcome.passed == [2, 3]
    assert outcome.failed == [1]


def test_a_tie_at_the_edge_of_the_seats_goes_to_a_run_off():
    counts = [Count(1, 11), Count(2, 9), Count(3, 9), Count(4, 3)]
    outcome = decide(counts, seats=2, threshold=MORE_THAN_HALF, base_count=12)
    assert outcome.passed == [1]
    assert outcome.tied == [2, 3]
    assert outcome.seats_left == 1
    assert outcome.failed == [4]
    assert outcome.status(2) == "tied"


def test_a_tie_for_a_single_seat_passes_nobody():
    counts = [Count(1, 6), Count(2, 6)]
    outcome = decide(counts, seats=1, threshold=Threshold(1, 3, True, ALL_MEMBERS), base_count=12)
    assert outcome.passed == []
    assert outcome.tied == [1, 2]
    assert outcome.seats_left == 1


def test_a_tie_below_the_edge_is_no_tie():
    counts = [Count(1, 10), Count(2, 10), Count(3, 8)]
    outcome = decide(counts, seats=2, threshold=MORE_THAN_HALF, base_count=12)
    assert outcome.passed == [1, 2]
    assert outcome.tied == []


def test_a_tie_among_candidates_below_the_threshold_is_no_tie():
    counts = [Count(1, 10), Count(2, 4), Count(3, 4)]
    outcome = decide(counts, seats=2, threshold=MORE_THAN_HALF, base_count=12)
    assert outcome.passed == [1]
    assert outcome.tied == []
    assert outcome.failed == [2, 3]


def test_percentages_are_written_with_a_decimal_comma():
    assert percent(8, 12) == "66,67%"
    assert percent(6, 12) == "50,00%"
    assert percent(12, 12) == "100,00%"
    assert percent(None, 12) == ""
    assert percent(3, 0) == ""
