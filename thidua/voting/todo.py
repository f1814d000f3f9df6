"""Voting's item of the to-do list (thidua/core/todo.py): a member unit's delegate votes in an
open electronic ballot session, first of everything on the list: the meeting is waiting (one
query whatever the number of cycles and sessions)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.todo import URGENT, TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.cycles.models import Cycle
from thidua.meetings.models import Attendance
from thidua.meetings.selectors import present_units
from thidua.voting.models import BallotSession, SessionMode, SessionStatus, VoterRecord
from thidua.voting.selectors import session_label


def items(context: TodoContext) -> Iterator[TodoItem]:
    mine = cycles.person_cycles(context)
    yield from _to_vote(context, mine.member)
    yield from _to_close(mine.headed)


def _to_vote(context: TodoContext, member: list[Cycle]) -> Iterator[TodoItem]:
    by_pk = {c.pk: c for c in member}
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


def _to_close(headed: list[Cycle]) -> Iterator[TodoItem]:
    """The head follows the turnout of each open session and closes it (two queries)."""
    by_pk = {c.pk: c for c in headed}
    if not by_pk:
        return
    sessions = list(
        BallotSession.objects.filter(cycle_id__in=by_pk, status=SessionStatus.OPEN)
        .annotate(voted=Count("voters"))
        .select_related("award_type")
        .order_by("cycle_id", "kind", "pk")
    )
    if not sessions:
        return
    present = present_units({s.meeting_id for s in sessions})
    for session in sessions:
        session.cycle = by_pk[session.cycle_id]
        voted, expected = session.voted, len(present[session.meeting_id])
        yield TodoItem(
            kind="voting.close",
            text=_("Follow the turnout and close the ballot: %(session)s")
            % {"session": session_label(session)},
            url=reverse("voting:session", args=[session.pk]),
            cycle_label=cycles.label(session.cycle),
            priority=URGENT,
            detail=ngettext(
                "%(voted)d of %(expected)d unit present has voted.",
                "%(voted)d of %(expected)d units present have voted.",
                expected,
            )
            % {"voted": voted, "expected": expected},
        )
