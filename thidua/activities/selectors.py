"""Reads of the joint activities: the cycle's list, the participation per unit (a table with
one column per activity), and the criteria items a participation count may feed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from thidua.activities.models import Activity, Participation
from thidua.cycles.models import Cycle
from thidua.orgs.models import Membership, Organisation
from thidua.scoring.models import CriteriaNode, NodeKind


def members(cycle: Cycle) -> list[Organisation]:
    """The cycle's member units in the block's order."""
    memberships = (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    return [m.organisation for m in memberships]


def activities(cycle: Cycle) -> QuerySet[Activity]:
    present = Participation.objects.filter(present=True).select_related("organisation")
    return (
        Activity.objects.filter(cycle=cycle)
        .select_related("host_unit")
        .annotate(photo_count=Count("photos", distinct=True))
        .prefetch_related(Prefetch("participations", queryset=present, to_attr="present"))
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class UnitParticipation:
    unit: Organisation
    marks: list[bool]  # one per activity, in the order of ParticipationTable.activities
    count: int
    hosted: int


@dataclass(frozen=True)
class ParticipationTable:
    activities: list[Activity]
    rows: list[UnitParticipation]

    def counts(self) -> dict[int, int]:
        return {row.unit.pk: row.count for row in self.rows}


def participation(cycle: Cycle) -> ParticipationTable:
    """How many of the cycle's activities each member unit took part in (three queries)."""
    units = members(cycle)
    acts = list(Activity.objects.filter(cycle=cycle).order_by("date", "pk"))
    present = set(
        Participation.objects.filter(activity__cycle=cycle, present=True).values_list(
            "activity_id", "organisation_id"
        )
    )
    rows = []
    for unit in units:
        marks = [(a.pk, unit.pk) in present for a in acts]
        rows.append(
            UnitParticipation(
                unit=unit,
                marks=marks,
                count=sum(marks),
                hosted=sum(1 for a in acts if a.host_unit_id == unit.pk),
            )
        )
    return ParticipationTable(activities=acts, rows=rows)


def count_items(cycle: Cycle) -> list[CriteriaNode]:
    """The criteria table's "count × points" items: where a participation count may go."""
    return list(
        CriteriaNode.objects.filter(table__cycle=cycle, kind=NodeKind.COUNT).order_by(
            "parent_id", "order", "pk"
        )
    )
