"""The cycles a person's to-do list looks at (thidua/core/todo.py): read once for every app's
provider, in one query whatever the number of cycles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from thidua.core.todo import TodoContext
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import Cycle, Phase
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
