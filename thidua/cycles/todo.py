"""The cycles a person's to-do list looks at (thidua/core/todo.py): read once for every app's
provider, in one query whatever the number of cycles; the head's item for moving each cycle it
heads on to its next phase; and the Board's item for a cycle whose year is over before its
evaluation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.todo import FOLLOW_UP, TodoContext, TodoItem
from thidua.cycles import access
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.checks import phase_checklist
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase
from thidua.orgs.models import Membership


@dataclass(frozen=True)
class PersonCycles:
    """The cycles not closed yet of a unit's person: those whose roster holds the unit (it
    comments, signs, registers, scores, votes) and those it heads (it answers, builds)."""

    member: list[Cycle]
    headed: list[Cycle]


NONE = PersonCycles([], [])


def acts_for_a_unit(person: Any) -> bool:
    return bool(person.is_active and person.organisation_id and person.role in UNIT_ROLES)


def person_cycles(context: TodoContext) -> PersonCycles:
    return context.once("cycles", lambda: _person_cycles(context.person))


def _person_cycles(person: Any) -> PersonCycles:
    if not acts_for_a_unit(person):
        return NONE
    org = person.organisation_id
    member = Membership.objects.filter(
        block_id=OuterRef("block_id"), year=OuterRef("year"), organisation_id=org
    )
    cycles = list(
        Cycle.objects.exclude(phase=Phase.CLOSED)
        .filter(Exists(member) | Q(head_unit_id=org))
        .annotate(is_member=Exists(member))
        .select_related("block", "policy")
        .order_by("-year", "block__name")
    )
    return PersonCycles(
        member=[c for c in cycles if c.is_member],
        headed=[c for c in cycles if c.head_unit_id == org],
    )


def label(cycle: Cycle) -> str:
    """How an item names its cycle: the block and the year."""
    return f"{cycle.block.name} — {cycle.year}"


def next_phase(context: TodoContext) -> Iterator[TodoItem]:
    """For the head: each cycle it heads, to move on once nothing stands in the way, linked to
    the cycle page's "What's next". A unit heads one or two open cycles at a time, so the
    phase checks run a few times at most."""
    for cycle in person_cycles(context).headed:
        if not access.can_advance(context.person, cycle):
            continue
        checklist = phase_checklist(cycle)
        if checklist.blockers:
            detail = ngettext(
                "%(n)s thing to finish first: %(first)s",
                "%(n)s things to finish first, beginning with: %(first)s",
                len(checklist.blockers),
            ) % {"n": len(checklist.blockers), "first": checklist.blockers[0].text}
        elif checklist.warnings:
            detail = ngettext(
                "Nothing stands in the way; %(n)s warning to read first.",
                "Nothing stands in the way; %(n)s warnings to read first.",
                len(checklist.warnings),
            ) % {"n": len(checklist.warnings)}
        else:
            detail = _("Nothing stands in the way.")
        yield TodoItem(
            kind="cycles.next_phase",
            text=_("Move %(cycle)s on from the phase “%(phase)s”")
            % {"cycle": label(cycle), "phase": cycle.get_phase_display()},
            url=reverse("cycles:cycle_detail", args=[cycle.pk]) + "#next-h",
            cycle_label=label(cycle),
            priority=FOLLOW_UP,
            detail=detail,
        )


#: By the end of its year a cycle should have reached its evaluation (year-end review).
DUE_BY_YEAR_END = PHASE_ORDER[: PHASE_ORDER.index(Phase.EVALUATION)]


def overdue_cycles(context: TodoContext) -> Iterator[TodoItem]:
    """For the Board: cycles whose year is over while they have not reached the evaluation
    (one query)."""
    if not context.person.is_board:
        return
    now = timezone.localtime(context.now)
    cycles = (
        Cycle.objects.filter(year__lt=now.year, phase__in=DUE_BY_YEAR_END)
        .select_related("block")
        .order_by("year", "block__name")
    )
    for cycle in cycles:
        year_end = timezone.make_aware(dt.datetime(cycle.year, 12, 31, 23, 59))
        yield TodoItem(
            kind="cycles.overdue",
            text=_("Follow up the overdue cycle %(cycle)s") % {"cycle": label(cycle)},
            url=reverse("cycles:cycle_detail", args=[cycle.pk]),
            cycle_label=label(cycle),
            deadline=year_end,
            overdue=True,
            priority=FOLLOW_UP,
            detail=_("Its year is over and it is still in phase “%(phase)s”.")
            % {"phase": cycle.get_phase_display()},
        )
