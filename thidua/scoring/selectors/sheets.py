"""Reads of who scores whom and of the score sheets: member units, sheets, scorers."""

from __future__ import annotations

from django.db.models import Q

from thidua.cycles.models import Cycle, ScorerMode
from thidua.orgs.models import Membership
from thidua.scoring.models import ScorerAssignment, ScoreSheet, SheetKind


def member_ids(cycle: Cycle) -> list[int]:
    """The cycle's member units (by id), in name order. Kept on the cycle object, which lives for
    one request: a sheet page asks three times (the unit, the scorer, who scores whom)."""
    known = cycle.__dict__.get("_member_ids")
    if known is None:
        known = cycle.__dict__["_member_ids"] = tuple(
            Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
            .order_by("organisation__name")
            .values_list("organisation_id", flat=True)
        )
    return list(known)


# The sheet reads below are ordered by pk: there is at most one such sheet, and the model's
# ordering joins the cycle's, the unit's and the scorer's tables for nothing.


def self_sheet(cycle: Cycle, unit_id: int) -> ScoreSheet | None:
    # With who submitted it: the sheet's page names them.
    return (
        ScoreSheet.objects.filter(cycle=cycle, unit_id=unit_id, kind=SheetKind.SELF)
        .select_related("submitted_by")
        .order_by("pk")
        .first()
    )


def cross_sheet(
    cycle: Cycle, scorer_id: int, unit_id: int, kind: str = SheetKind.CROSS
) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(cycle=cycle, unit_id=unit_id, scorer_id=scorer_id, kind=kind)
        .order_by("pk")
        .first()
    )


def scoring_sheets(
    cycle: Cycle, scorer_id: int, unit_id: int, kind: str = SheetKind.CROSS
) -> tuple[ScoreSheet | None, ScoreSheet | None]:
    """The scorer's sheet about the unit and the unit's self-assessment, read together: a scoring
    page shows both (as `cross_sheet` and `self_sheet` would return them)."""
    sheets = ScoreSheet.objects.filter(
        Q(kind=SheetKind.SELF) | Q(kind=kind, scorer_id=scorer_id), cycle=cycle, unit_id=unit_id
    ).order_by()
    by_kind = {sheet.kind: sheet for sheet in sheets}
    return by_kind.get(kind), by_kind.get(SheetKind.SELF)


def scorers_of(cycle: Cycle, unit_id: int) -> list[int]:
    """Who scores the unit under the cycle's policy (never the unit itself).

    all_others: every other member unit; assigned: the generated assignments; head: the head
    unit alone — and the deputy unit for the head unit itself, which must not score itself.
    """
    mode = cycle.policy.scorer_mode
    if mode == ScorerMode.ASSIGNED:
        return list(
            ScorerAssignment.objects.filter(cycle=cycle, scored_id=unit_id)
            .exclude(scorer_id=unit_id)
            .values_list("scorer_id", flat=True)
        )
    if mode == ScorerMode.HEAD:
        return [cycle.deputy_unit_id if unit_id == cycle.head_unit_id else cycle.head_unit_id]
    return [m for m in member_ids(cycle) if m != unit_id]


def units_scored_by(cycle: Cycle, scorer_id: int) -> list[int]:
    return [u for u in member_ids(cycle) if u != scorer_id and scorer_id in scorers_of(cycle, u)]
