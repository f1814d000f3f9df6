"""Pure scoring arithmetic, item by item: the score of one item of each kind.

No ORM in this package. Selectors feed plain dataclasses in and get plain dataclasses out, so
every rule can be tested with hand-computed numbers. Everything is ``Decimal``; values are
rounded to two places only where a result leaves the package (``round2``), never in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

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


def D(value: Decimal | float | int | str) -> Decimal:
    """A Decimal from an int, str or Decimal (floats go through str to avoid binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


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
