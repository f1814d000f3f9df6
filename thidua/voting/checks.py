"""Voting's checklist before the cycle leaves the evaluation phase (cycles/checks.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.checklist import Checklist
from thidua.cycles.models import Cycle, Phase
from thidua.voting.models import BallotSession, SessionStatus


def phase_check(cycle: Cycle) -> Checklist:
    """A ballot still open (or prepared and never opened) when the evaluation ends."""
    checklist = Checklist()
    if cycle.phase != Phase.EVALUATION:
        return checklist
    waiting = (
        BallotSession.objects.filter(
            cycle=cycle, status__in=[SessionStatus.OPEN, SessionStatus.PREPARED]
        )
        .select_related("award_type")
        .order_by("pk")
    )
    for session in waiting:
        title = session.award_type.name if session.award_type else session.get_kind_display()
        if session.status == SessionStatus.OPEN:
            text = _("The ballot “%(title)s” is still open: it is not counted until it is closed.")
        else:
            text = _("The ballot “%(title)s” was prepared but never opened.")
        checklist.warn(
            text % {"title": title},
            url=reverse("voting:session", args=[session.pk]),
            action=_("Go to the ballot “%(title)s”") % {"title": title},
        )
    return checklist
