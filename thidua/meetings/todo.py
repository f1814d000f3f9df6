"""Meetings' item of the to-do list (thidua/core/todo.py): a member unit registers its titles
and commitments while registration is open (two queries whatever the number of cycles)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.todo import TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.meetings.models import Registration, RegistrationClosure
from thidua.meetings.services import REGISTRATION_PHASES


def items(context: TodoContext) -> Iterator[TodoItem]:
    by_pk = {
        c.pk: c for c in cycles.person_cycles(context).member if c.phase in REGISTRATION_PHASES
    }
    if not by_pk:
        return
    org = context.person.organisation_id
    done = set(
        Registration.objects.filter(cycle_id__in=by_pk, organisation_id=org).values_list(
            "cycle_id", flat=True
        )
    )
    done |= set(
        RegistrationClosure.objects.filter(cycle_id__in=by_pk).values_list("cycle_id", flat=True)
    )
    for pk, cycle in by_pk.items():
        if pk in done:
            continue
        yield TodoItem(
            kind="meetings.register",
            text=_("Register your unit's titles and commitments for %(year)s")
            % {"year": cycle.year},
            url=reverse("meetings:registration_edit", args=[pk]),
            cycle_label=cycles.label(cycle),
        )
