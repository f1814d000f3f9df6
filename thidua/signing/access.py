"""Who may see the signing board, freeze the covenant, sign, record paper signings and read scans.

- The Board and the people of the cycle's member units read the board and the covenant files.
- The head unit's people and the Board freeze the covenant and record paper signings.
- Only the LEADER of a member unit signs, for that unit; representatives never sign.
- Outsiders get 404: they must not learn that another block's cycle exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.accounts.models import Role
from thidua.cycles.access import get_cycle_for, is_head
from thidua.cycles.models import Cycle
from thidua.orgs.models import Membership, Organisation
from thidua.signing.models import LeaderCertificate, Signature


def can_manage(user: Any, cycle: Cycle) -> bool:
    """Freeze the covenant and record paper signings: the head unit's people and the Board."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_board or is_head(user, cycle))
    )


def signing_unit(user: Any, cycle: Cycle) -> Organisation | None:
    """The member unit this person may sign for: only a leader, only for their own unit."""
    if not (user.is_authenticated and user.is_active and user.role == Role.LEADER):
        return None
    membership = (
        Membership.objects.filter(
            block_id=cycle.block_id, year=cycle.year, organisation_id=user.organisation_id
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def get_cycle(user: Any, cycle_pk: int, *, manage: bool = False) -> Cycle:
    cycle = get_cycle_for(user, cycle_pk)
    if manage and not can_manage(user, cycle):
        raise PermissionDenied
    return cycle


def get_cycle_to_sign(user: Any, cycle_pk: int) -> tuple[Cycle, Organisation]:
    cycle = get_cycle_for(user, cycle_pk)
    unit = signing_unit(user, cycle)
    if unit is None:
        raise PermissionDenied
    return cycle, unit


def get_signature(user: Any, pk: int) -> Signature:
    """A signature whose cycle the person may read (for its scanned page)."""
    signature = Signature.objects.select_related("version__document").filter(pk=pk).first()
    if signature is None:
        raise Http404
    get_cycle_for(user, signature.version.document.cycle_id)
    return signature


def require_certificates(user: Any) -> None:
    """The register of leaders' signing certificates: the Board only."""
    if not (user.is_authenticated and user.is_active and user.is_board):
        raise PermissionDenied


def get_certificate(user: Any, pk: int) -> LeaderCertificate:
    require_certificates(user)
    cert = LeaderCertificate.objects.select_related("person").filter(pk=pk).first()
    if cert is None:
        raise Http404
    return cert
