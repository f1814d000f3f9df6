"""Signing's item of the to-do list (thidua/core/todo.py): a member unit's leader signs the
covenant version frozen for signing (two queries whatever the number of cycles)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.models import Role
from thidua.core.todo import TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.cycles.models import Phase
from thidua.drafting.models import DocumentKind, DocumentVersion
from thidua.signing.models import Signature

SIGNING_PHASES = (Phase.SIGNING, Phase.IN_PROGRESS)


def items(context: TodoContext) -> Iterator[TodoItem]:
    person = context.person
    if person.role != Role.LEADER:
        return
    by_pk = {c.pk: c for c in cycles.person_cycles(context).member if c.phase in SIGNING_PHASES}
    if not by_pk:
        return
    newest: dict[int, DocumentVersion] = {}
    for version in DocumentVersion.objects.filter(
        document__cycle_id__in=by_pk, document__kind=DocumentKind.COVENANT
    ).select_related("document"):
        seen = newest.get(version.document.cycle_id)
        if seen is None or version.number > seen.number:
            newest[version.document.cycle_id] = version
    frozen = {v.pk: v for v in newest.values() if v.frozen_at is not None}
    if not frozen:
        return
    signed = set(
        Signature.objects.filter(version_id__in=frozen, unit_id=person.organisation_id).values_list(
            "version_id", flat=True
        )
    )
    for version in frozen.values():
        if version.pk in signed:
            continue
        cycle = by_pk[version.document.cycle_id]
        yield TodoItem(
            kind="signing.sign",
            text=_("Sign “%(title)s” for your unit") % {"title": version.title},
            url=reverse("signing:board", args=[cycle.pk]),
            cycle_label=cycles.label(cycle),
            detail=_("Version %(number)s is frozen for signing.") % {"number": version.number},
        )
