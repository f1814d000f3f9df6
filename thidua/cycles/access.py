"""Who may see or do what with cycles, policies and award types. Views call these first.

- The Board sees and manages every cycle.
- Member units of a block in a year see that year's cycle; their people are its audience.
- The head unit's people (representatives and leaders) move the cycle from phase to phase.
- Preparing next year's cycle: the Board, or the people of the unit that headed the block's
  cycle of the year before (SPEC §3, phase 1: "the Board or last year's head opens the cycle").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.accounts.models import Role
from thidua.cycles.models import Cycle, Phase
from thidua.orgs.models import Block, Membership

Need = Literal["view", "advance", "manage"]
UNIT_ROLES = (Role.REPRESENTATIVE, Role.LEADER)


def acts_for(user: Any, org_id: int | None) -> bool:
    """The person is an active representative or leader of the organisation."""
    return bool(
        user.is_authenticated
        and user.is_active
        and org_id is not None
        and user.organisation_id == org_id
        and user.role in UNIT_ROLES
    )


def is_head(user: Any, cycle: Cycle) -> bool:
    """The person acts for the cycle's head unit."""
    return acts_for(user, cycle.head_unit_id)


def is_deputy(user: Any, cycle: Cycle) -> bool:
    """The person acts for the cycle's deputy unit."""
    return acts_for(user, cycle.deputy_unit_id)


def heads_an_open_cycle(user: Any) -> bool:
    """The person acts for the head unit of a cycle that is not closed (for the two-factor
    policy: block heads must use TOTP)."""
    if not user.is_authenticated or user.organisation_id is None or user.role not in UNIT_ROLES:
        return False
    return (
        Cycle.objects.filter(head_unit_id=user.organisation_id).exclude(phase=Phase.CLOSED).exists()
    )


def can_advance(user: Any, cycle: Cycle) -> bool:
    return cycle.phase != Phase.CLOSED and (user.is_board or is_head(user, cycle))


def can_change_units(user: Any, cycle: Cycle) -> bool:
    return user.is_board and cycle.phase == Phase.PREPARING


def can_edit_policy(user: Any, cycle: Cycle) -> bool:
    return user.is_board and cycle.phase in (Phase.PREPARING, Phase.DRAFTING)


def can_view(user: Any, cycle: Cycle) -> bool:
    """The rule of `selectors.visible_cycles` for one cycle already read: a query only for a
    member unit's people (the Board, head and deputy are known from the row)."""
    if user.is_board:
        return True
    if user.organisation_id is None:
        return False
    if user.organisation_id in (cycle.head_unit_id, cycle.deputy_unit_id):
        return True
    return Membership.objects.filter(
        block_id=cycle.block_id, year=cycle.year, organisation_id=user.organisation_id
    ).exists()


def get_cycle_for(user: Any, pk: int, need: Need = "view") -> Cycle:
    """The cycle if the person may do `need` with it. Outsiders get 404 (they must not learn that
    another block's cycle exists); members without the right get 403."""
    related = Cycle.objects.select_related("block__province", "head_unit", "deputy_unit", "policy")
    cycle = related.filter(pk=pk).order_by().first()
    if cycle is None or not can_view(user, cycle):
        raise Http404
    if need == "advance" and not (user.is_board or is_head(user, cycle)):
        raise PermissionDenied
    if need == "manage" and not user.is_board:
        raise PermissionDenied
    return cycle


# --- preparing a cycle -----------------------------------------------------------------------


def headed_blocks(user: Any) -> list[tuple[Block, int]]:
    """(block, year) of every cycle the person's unit headed, newest first."""
    if not user.is_authenticated or user.organisation_id is None or user.role not in UNIT_ROLES:
        return []
    cycles = (
        Cycle.objects.filter(head_unit_id=user.organisation_id)
        .select_related("block__province")
        .order_by("-year", "block__name")
    )
    return [(c.block, c.year) for c in cycles]


def can_create_cycles(user: Any) -> bool:
    """The create page is for the Board and for people whose unit has headed a cycle."""
    return bool(user.is_authenticated and (user.is_board or headed_blocks(user)))


def require_cycle_creator(user: Any) -> None:
    if not can_create_cycles(user):
        raise PermissionDenied


def creatable_blocks(user: Any) -> list[Block]:
    if user.is_board:
        return list(Block.objects.filter(is_active=True).select_related("province"))
    seen: dict[int, Block] = {}
    for block, _year in headed_blocks(user):
        seen.setdefault(block.pk, block)
    return list(seen.values())


def can_create_cycle_for(user: Any, block: Block, year: int) -> bool:
    """Board, or the people of the unit that headed this block's cycle of the year before."""
    if user.is_board:
        return True
    return any(b.pk == block.pk and y == year - 1 for b, y in headed_blocks(user))


# --- province-wide settings ------------------------------------------------------------------


def require_board(user: Any) -> None:
    """Award types and the province's template policy are the Board's."""
    if not (user.is_authenticated and user.is_board):
        raise PermissionDenied


@dataclass(frozen=True)
class CycleFlags:
    """What the detail page may offer to this person."""

    can_advance: bool
    can_change_units: bool
    can_edit_policy: bool
    can_prepare_next: bool
    is_head: bool
    is_deputy: bool


def flags_for(user: Any, cycle: Cycle) -> CycleFlags:
    head = is_head(user, cycle)
    # A closed block (e.g. of a province merged into another) has no next year; the query for
    # next year's cycle is only for those who could prepare it.
    can_prepare_next = (
        cycle.block.is_active
        and (user.is_board or head)
        and not Cycle.objects.filter(block_id=cycle.block_id, year=cycle.year + 1).exists()
    )
    return CycleFlags(
        can_advance=can_advance(user, cycle),
        can_change_units=can_change_units(user, cycle),
        can_edit_policy=can_edit_policy(user, cycle),
        can_prepare_next=can_prepare_next,
        is_head=head,
        is_deputy=is_deputy(user, cycle),
    )
