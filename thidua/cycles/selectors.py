from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from thidua.cycles.models import Cycle, Phase


def visible_cycles(user: Any) -> QuerySet[Cycle]:
    """Cycles a person may open: all for the Board; their own blocks' cycles for members."""
    cycles = Cycle.objects.select_related("block", "head_unit", "deputy_unit")
    if user.is_board:
        return cycles
    if user.organisation_id is None:
        return cycles.none()
    return cycles.filter(
        Q(block__memberships__organisation_id=user.organisation_id,
          block__memberships__year=F("year"))
        | Q(head_unit_id=user.organisation_id) | Q(deputy_unit_id=user.organisation_id)
    ).distinct()


def cycles_for_user(user: Any, limit: int = 10) -> list[Cycle]:
    return list(visible_cycles(user).exclude(phase=Phase.CLOSED).order_by("-year")[:limit])
