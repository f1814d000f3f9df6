"""Reads of the award history: an organisation's awards over the years, following succession
links back through renames, merges and splits (a merged association keeps the history of the
associations it came from)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.awards.models import Award
from thidua.orgs.models import Organisation, Succession

#: Successions are short chains in practice; the bound keeps a cycle in bad data harmless.
MAX_GENERATIONS = 20


def lineage(org: Organisation) -> list[int]:
    """The organisation's id and those of all its predecessors, nearest first (one query per
    generation)."""
    seen: list[int] = [org.pk]
    frontier = {org.pk}
    for _ in range(MAX_GENERATIONS):
        previous = set(
            Succession.predecessors.through.objects.filter(
                succession__successors__in=frontier
            ).values_list("organisation_id", flat=True)
        ) - set(seen)
        if not previous:
            break
        seen.extend(sorted(previous))
        frontier = previous
    return seen


@dataclass(frozen=True)
class HistoryRow:
    year: int
    title: str
    name: str  # the name when awarded
    via_predecessor: bool  # awarded to an organisation this one succeeded
    decision_number: str
    decision_date: str


def award_history(org: Organisation) -> list[HistoryRow]:
    """Every award of the organisation and its predecessors, newest year first."""
    ids = lineage(org)
    awards = (
        Award.objects.filter(organisation_id__in=ids)
        .select_related("award_type", "decision")
        .order_by("-year", "award_type__order", "name")
    )
    return [
        HistoryRow(
            year=a.year,
            title=a.award_type.name,
            name=a.name,
            via_predecessor=a.organisation_id != org.pk,
            decision_number=a.decision.number if a.decision else "",
            decision_date=a.decision.date.strftime("%d/%m/%Y") if a.decision else "",
        )
        for a in awards
    ]
