"""The result rules of a ballot, as pure functions (no ORM): quorum, threshold, seats and ties.

Fractions stay integer pairs so that 2/3 is exactly 2/3: "agree reaches n/d of base" is compared
as ``agree * d`` against ``base * n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from thidua.lib.numbers import percent_vi

ALL_MEMBERS = "all"
PRESENT = "present"


def quorum_needed(members: int, numerator: int, denominator: int) -> int:
    """The smallest number of units present that reaches numerator/denominator of the members."""
    return -(-members * numerator // denominator)  # ceiling, exact in integers


def quorum_reached(present: int, members: int, numerator: int, denominator: int) -> bool:
    return members > 0 and present >= quorum_needed(members, numerator, denominator)


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    strict: bool  # True: more than the fraction; False: at least the fraction
    base: str  # ALL_MEMBERS or PRESENT

    def base_count(self, *, members: int, present: int) -> int:
        return present if self.base == PRESENT else members

    def reached(self, agree: int, base_count: int) -> bool:
        if base_count <= 0:
            return False
        left, right = agree * self.denominator, base_count * self.numerator
        return left > right if self.strict else left >= right

    def minimum(self, base_count: int) -> int:
        """The fewest agree votes that pass (for the page: "at least N votes needed")."""
        needed = base_count * self.numerator // self.denominator
        if self.strict or needed * self.denominator < base_count * self.numerator:
            needed += 1
        return max(needed, 1 if self.numerator else 0)


@dataclass(frozen=True)
class Count:
    """A candidate's agree votes and its place on the ballot paper (ranking order)."""

    key: int
    agree: int


@dataclass
class Outcome:
    passed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    tied: list[int] = field(default_factory=list)  # at the edge of the seats: a run-off decides
    seats_left: int = 0  # seats the run-off fills

    def status(self, key: int) -> str:
        if key in self.passed:
            return "passed"
        if key in self.tied:
            return "tied"
        return "failed"


def decide(
    counts: Sequence[Count], *, seats: int, threshold: Threshold, base_count: int
) -> Outcome:
    """Who passes: every candidate that reaches the threshold, within the seats by agree votes.

    When the last seat would go to one of several candidates with the same agree votes, none of
    them passes: they are ``tied`` and a run-off ballot fills ``seats_left`` seats among them.
    """
    qualifying = sorted(
        (c for c in counts if threshold.reached(c.agree, base_count)), key=lambda c: -c.agree
    )
    outcome = Outcome()
    if len(qualifying) <= seats:
        outcome.passed = [c.key for c in qualifying]
    else:
        edge = qualifying[seats - 1].agree if seats > 0 else None
        above = [c.key for c in qualifying if edge is not None and c.agree > edge]
        at_edge = [c.key for c in qualifying if edge is not None and c.agree == edge]
        left = seats - len(above)
        outcome.passed = list(above)
        if len(at_edge) <= left:
            outcome.passed += at_edge
        else:
            outcome.tied = at_edge
            outcome.seats_left = left
    passed_or_tied = set(outcome.passed) | set(outcome.tied)
    outcome.failed = [c.key for c in counts if c.key not in passed_or_tied]
    order = {c.key: i for i, c in enumerate(counts)}
    outcome.passed.sort(key=order.__getitem__)
    outcome.tied.sort(key=order.__getitem__)
    return outcome


def percent(part: int | None, whole: int | None) -> str:
    """A vote share as every page and document writes it ("66,67%"), empty when unknown."""
    return percent_vi(part, whole)
