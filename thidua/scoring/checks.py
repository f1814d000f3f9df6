"""Scoring's checklist before the cycle leaves self-assessment (cycles/checks.py).

Leaving cross-scoring needs none: publishing the ranking ends it by itself, and a ranking may
still be published once the cycle has moved on to "Results published"."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.checklist import Checklist
from thidua.cycles.models import Cycle, Phase
from thidua.scoring.models import ScoreSheet, SheetKind, SheetStatus
from thidua.scoring.selectors import sheets


def phase_check(cycle: Cycle) -> Checklist:
    checklist = Checklist()
    if cycle.phase == Phase.SELF_ASSESSMENT:
        members = set(sheets.member_ids(cycle))
        submitted = set(
            ScoreSheet.objects.filter(
                cycle=cycle, kind=SheetKind.SELF, status=SheetStatus.SUBMITTED
            ).values_list("unit_id", flat=True)
        )
        missing = len(members - submitted)
        if missing:
            checklist.warn(
                _(
                    "%(missing)s of %(total)s member units have not submitted their "
                    "self-assessment: once cross-scoring starts they can no longer submit it."
                )
                % {"missing": missing, "total": len(members)},
                url=reverse("scoring:overview", args=[cycle.pk]),
                action=_("See whose self-assessment is missing"),
            )
    return checklist
