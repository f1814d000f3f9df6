"""Who may see or change a cycle's meetings and registrations. Views call these first.

- The Board and the member units of the block that year read meetings and registrations.
- The head unit's people and the Board record meetings and close registration, until the
  cycle is closed.
- A member unit's representative or leader registers for that unit only.
- Anyone else gets 404: they must not learn that the cycle exists.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.cycles.access import UNIT_ROLES, get_cycle_for, is_head
from thidua.cycles.models import Cycle, Phase
from thidua.meetings.models import Meeting
from thidua.orgs.models import Membership, Organisation

Need = Literal["view", "write"]


def can_write(user: Any, cycle: Cycle) -> bool:
    """A closed cycle's records are final."""
    return cycle.phase != Phase.CLOSED and bool(user.is_board or is_head(user, cycle))


def get_cycle(user: Any, cycle_pk: int, need: Need = "view") -> Cycle:
    cycle = get_cycle_for(user, cycle_pk)
    if need == "write" and not can_write(user, cycle):
        raise PermissionDenied
    return cycle


def get_meeting(user: Any, pk: int, need: Need = "view") -> Meeting:
    meeting = Meeting.objects.select_related("cycle").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    meeting.cycle = get_cycle(user, meeting.cycle_id, need)
    return meeting


def registering_unit(user: Any, cycle: Cycle) -> Organisation | None:
    """The member unit the person may register for in this cycle, if any."""
    if user.role not in UNIT_ROLES or user.organisation_id is None:
        return None
    member = Membership.objects.filter(
        block_id=cycle.block_id, year=cycle.year, organisation_id=user.organisation_id
    ).exists()
    return user.organisation if member else None


def get_cycle_to_register(user: Any, cycle_pk: int) -> tuple[Cycle, Organisation]:
    """The cycle and the person's own member unit; 403 for readers without a unit."""
    cycle = get_cycle(user, cycle_pk)
    unit = registering_unit(user, cycle)
    if unit is None:
        raise PermissionDenied
    return cycle, unit
