"""Voting's item of the to-do list (thidua/core/todo.py): a member unit's delegate votes in an
open electronic ballot session, first of everything on the list: the meeting is waiting (one
query whatever the number of cycles and sessions)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.todo import URGENT, TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.meetings.models import Attendance
from thidua.voting.models import BallotSession, SessionMode, SessionStatus, VoterRecord
from thidua.voting.selectors import session_label


def items(context: TodoContext) -> Iterator[TodoItem]:
    by_pk = {c.pk: c for c in cycles.person_cycles(context).member}
    if not by_pk:
        return
    org = context.person.organisation_id
    voted = VoterRecord.objects.filter(session_id=OuterRef("pk"), organisation_id=org)
    present = Attendance.objects.filter(
        meeting_id=OuterRef("meeting_id"), organisation_id=org, present=True
    )
    sessions = (
        BallotSession.objects.filter(
            cycle_id__in=by_pk, status=SessionStatus.OPEN, mode=SessionMode.ELECTRONIC
        )
        .exclude(Exists(voted))
        .annotate(present=Exists(present))
        .select_related("award_type")
        .order_by("cycle_id", "kind", "pk")
    )
    for session in sessions:
        cycle = by_pk[session.cycle_id]
        session.cycle = cycle
        if not (session.present or cycle.policy.allow_written_vote):
            continue
        yield TodoItem(
            kind="voting.vote",
            text=_("Vote now: %(session)s") % {"session": session_label(session)},
            url=reverse("voting:ballot", args=[session.pk]),
            cycle_label=cycles.label(cycle),
            priority=URGENT,
            detail=_("The secret ballot is open at the meeting; your unit has not voted yet."),
        )
