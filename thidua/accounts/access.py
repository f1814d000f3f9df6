"""Who must use two-factor authentication (settings.TWO_FACTOR_REQUIRED_ROLES)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts.models import Role
from thidua.cycles.models import Cycle, Phase

POLICY_ROLES = frozenset({"board", "head", "leader", "all"})


def required_roles() -> frozenset[str]:
    """The policy's roles; unknown words are ignored rather than locking everyone out."""
    configured = getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ["board", "head"])
    if isinstance(configured, str):
        configured = configured.split(",")
    return frozenset(r.strip().lower() for r in configured) & POLICY_ROLES


def headed_cycles(user: Any) -> QuerySet[Cycle]:
    """Cycles not closed whose head or deputy unit is the user's organisation."""
    if not getattr(user, "organisation_id", None):
        return Cycle.objects.none()
    org = user.organisation_id
    return (
        Cycle.objects.filter(Q(head_unit_id=org) | Q(deputy_unit_id=org))
        .exclude(phase=Phase.CLOSED)
        .select_related("block")
    )


def two_factor_required(
    user: Any, cycles: list[Cycle] | None = None, *, heads_open_cycle: bool | None = None
) -> bool:
    """True when the policy makes TOTP mandatory for this person.

    "head" covers the head and the deputy unit of any cycle that is not closed: their people
    open phases, run meetings and submit dossiers for the whole block. `cycles`, when the caller
    already has them, are the person's `headed_cycles`; `heads_open_cycle`, when the caller
    already knows it, says whether there is one (either saves a query).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    roles = required_roles()
    if (
        "all" in roles
        or ("board" in roles and user.is_board)
        or ("leader" in roles and user.role == Role.LEADER)
    ):
        return True
    if "head" not in roles:
        return False
    if heads_open_cycle is not None:
        return heads_open_cycle
    return bool(cycles) if cycles is not None else headed_cycles(user).exists()


def two_factor_reasons(user: Any, cycles: list[Cycle] | None = None) -> list[str]:
    """Why the policy applies to this person, in words for the two-factor page."""
    roles = required_roles()
    reasons: list[str] = []
    if "all" in roles:
        reasons.append(_("The province requires it for every account."))
    if "board" in roles and user.is_board:
        reasons.append(_("It is required for Board officers."))
    if "leader" in roles and user.role == Role.LEADER:
        reasons.append(_("It is required for unit leaders."))
    if "head" in roles:
        for cycle in headed_cycles(user) if cycles is None else cycles:
            reasons.append(
                _("Your organisation is the head or deputy unit of %(cycle)s.") % {"cycle": cycle}
            )
    return reasons
