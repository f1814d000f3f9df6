"""What the ballot steps share: who may run them, in which phase, the meeting and its quorum."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.access import is_head
from thidua.cycles.models import Cycle, Phase
from thidua.meetings import selectors as meetings
from thidua.meetings.models import Meeting
from thidua.voting import selectors
from thidua.voting.models import (
    BallotSession,
)

COMMITTEE_SIZE = 3


def check_actor(actor: Actor, cycle: Cycle) -> None:
    if not (getattr(actor, "is_board", False) or is_head(actor, cycle)):
        raise DomainError(_("Only the head unit or the Board may run the ballots."))


def check_phase(cycle: Cycle) -> None:
    if cycle.phase != Phase.EVALUATION:
        raise DomainError(
            _("Ballots are held during the evaluation phase; the cycle is in “%(phase)s”.")
            % {"phase": cycle.get_phase_display()}
        )


def meeting_of(cycle: Cycle) -> Meeting:
    meeting = selectors.year_end_meeting(cycle)
    if meeting is None:
        raise DomainError(_("Record the year-end evaluation meeting and its attendance first."))
    return meeting


def check_ranking(cycle: Cycle) -> None:
    if selectors.published_ranking(cycle) is None:
        raise DomainError(_("Candidates come from the published ranking: publish it first."))


def check_quorum(meeting: Meeting) -> meetings.Quorum:
    quorum = selectors.quorum(meeting)
    if not quorum.reached:
        raise DomainError(quorum.text + " " + _("No ballot can take place without a quorum."))
    return quorum


def session_state(session: BallotSession) -> dict[str, Any]:
    return {
        "title": selectors.session_title(session),
        "status": session.status,
        "mode": session.mode,
        "round": session.round,
        "seats": session.seats,
        "candidates": [c.organisation.name for c in session.candidates.all()],
    }
