"""Signing's checklist before the cycle leaves the signing phase (cycles/checks.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.checklist import Checklist
from thidua.cycles.models import Cycle, Phase
from thidua.signing import selectors
from thidua.signing.models import Signature


def phase_check(cycle: Cycle) -> Checklist:
    """In the signing phase: the covenant not yet frozen, or not signed by every member unit.
    Both are warnings: a block may go on with a paper signing still to be recorded."""
    checklist = Checklist()
    if cycle.phase != Phase.SIGNING:
        return checklist
    latest = selectors.latest_covenant_version(cycle)
    if latest is None:
        return checklist  # drafting's checklist already said there is no covenant
    if latest.frozen_at is None:
        checklist.warn(
            _("Covenant version %(n)s is not frozen for signing yet: nobody can sign it.")
            % {"n": latest.number},
            url=reverse("signing:freeze", args=[cycle.pk]),
            action=_("Freeze the covenant for signing…"),
        )
        return checklist
    units = {u.pk for u in selectors.member_units(cycle)}
    signed = set(Signature.objects.filter(version=latest).values_list("unit_id", flat=True))
    missing = len(units - signed)
    if missing:
        checklist.warn(
            _(
                "%(missing)s of %(total)s member units have not signed the covenant: it is not "
                "in force yet."
            )
            % {"missing": missing, "total": len(units)},
            url=reverse("signing:board", args=[cycle.pk]),
            action=_("See who has signed"),
        )
    return checklist
