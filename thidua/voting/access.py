"""Who may see or do what with the evaluation meeting's ballots. Views call these first.

- The Board and the block's member units that year see the sessions, who has voted, and — once a
  session is closed — its bulletin board and results.
- The head unit's people and the Board prepare, open and close sessions, record paper counts,
  open run-offs and carry the election into next year's cycle, until the cycle is closed.
- A member unit's representative or leader votes for that unit (whether the unit is present and
  the session open is a rule of the ballot box, refused with a message).
- Anyone else gets 404: they must not learn that the cycle exists.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.cycles.access import UNIT_ROLES, get_cycle_for, is_head
from thidua.cycles.models import Cycle, Phase
from thidua.orgs.models import Organisation
from thidua.voting.models import BallotSession

Need = Literal["view", "manage"]


def can_manage(user: Any, cycle: Cycle) -> bool:
    return cycle.phase != Phase.CLOSED and bool(user.is_board or is_head(user, cycle))


def get_cycle(user: Any, cycle_pk: int, need: Need = "view") -> Cycle:
    cycle = get_cycle_for(user, cycle_pk)
    if need == "manage" and not can_manage(user, cycle):
        raise PermissionDenied
    return cycle


def get_session(user: Any, pk: int, need: Need = "view") -> BallotSession:
    session = (
        BallotSession.objects.select_related("cycle", "meeting", "award_type", "runoff_of")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    session.cycle = get_cycle(user, session.cycle_id, need)
    return session


def voting_unit(user: Any, cycle: Cycle) -> Organisation | None:
    """The member unit the person votes for in this cycle, if any."""
    if not user.is_authenticated or user.role not in UNIT_ROLES or user.organisation_id is None:
        return None
    # The unit and its membership in one query (every cast of the voting burst asks).
    unit = Organisation.objects.filter(
        pk=user.organisation_id,
        memberships__block_id=cycle.block_id,
        memberships__year=cycle.year,
    ).first()
    if unit is not None:
        user.organisation = unit  # the same row: the page's header does not read it again
    return unit


def get_session_to_vote(user: Any, pk: int) -> tuple[BallotSession, Organisation]:
    """The session and the person's own member unit; 403 for readers without a unit."""
    session = get_session(user, pk)
    unit = voting_unit(user, session.cycle)
    if unit is None:
        raise PermissionDenied
    return session, unit
