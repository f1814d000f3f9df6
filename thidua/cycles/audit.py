"""Which audit events belong to a cycle, for the audit log's "block" and "cycle" filters
(thidua/core/audit_log.py, `audit_scopes`).

Events name their object only (type and id). Each app that keeps objects of a cycle registers,
from its `contributions.py`, a function giving the events about its objects of some cycles —
usually `about(Model.objects.filter(cycle__in=cycles))`, one subquery:

    cycle_events.add(lambda cycles: about(Meeting.objects.filter(cycle__in=cycles)),
                     key="meetings")

The filter is then one query whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.audit_log import Scope, about
from thidua.core.contributions import Hub
from thidua.core.forms import parse_id
from thidua.cycles.models import Cycle, Policy
from thidua.orgs.models import Block, Membership

cycle_events: Hub[Callable[[QuerySet[Cycle]], Q]] = Hub("audit events of cycles")


def events_of(cycles: QuerySet[Cycle]) -> Q:
    """The events about these cycles and about every object of theirs the apps register."""
    kept = about(cycles) | about(Policy.objects.filter(cycle__in=cycles))
    for events in cycle_events:
        kept |= events(cycles)
    return kept


def _pk(value: str) -> int | None:
    return parse_id(value)  # a value no id can have chooses nothing


def _block_events(value: str) -> Q | None:
    pk = _pk(value)
    if pk is None or not Block.objects.filter(pk=pk).exists():
        return None
    return (
        about(Block.objects.filter(pk=pk))
        | about(Membership.objects.filter(block_id=pk))
        | events_of(Cycle.objects.filter(block_id=pk))
    )


def _cycle_events(value: str) -> Q | None:
    pk = _pk(value)
    if pk is None or not Cycle.objects.filter(pk=pk).exists():
        return None
    return events_of(Cycle.objects.filter(pk=pk))


def _blocks(chosen: Mapping[str, str]) -> list[tuple[str, str]]:
    return [
        (str(pk), name) for pk, name in Block.objects.order_by("name").values_list("pk", "name")
    ]


def _cycles(chosen: Mapping[str, str]) -> list[tuple[str, str]]:
    cycles = Cycle.objects.order_by("block__name", "-year")
    block = _pk(chosen.get("block", ""))
    if block is not None:
        cycles = cycles.filter(block_id=block)
    return [
        (str(pk), f"{name} — {year}")
        for pk, name, year in cycles.values_list("pk", "block__name", "year")
    ]


BLOCK = Scope(_("Block"), _blocks, _block_events)
CYCLE = Scope(_("Cycle"), _cycles, _cycle_events)
