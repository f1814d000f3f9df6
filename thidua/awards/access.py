"""Who may see or do what with proposals, reports, decisions and award histories.

- A proposal is seen by the Board and by the people of the cycle's member units (through
  ``get_cycle_for``); outsiders get 404.
- The head unit's people (or the Board) build the dossier, edit the tờ trình and submit it.
- A nominee's achievement report is written by the nominee unit's own people only.
- The Board alone works the queue: returns, accepts and records the decision; it also sees the
  year's summary.
- An organisation's award history is public on the portal, so every signed-in person may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.awards.models import Nominee, Proposal, ProposalStatus
from thidua.cycles.access import UNIT_ROLES, get_cycle_for, is_head
from thidua.cycles.models import Cycle
from thidua.orgs.models import Organisation

Need = Literal["view", "edit", "board"]

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


def can_build(user: Any, cycle: Cycle) -> bool:
    return bool(user.is_board or is_head(user, cycle))


def require_board(user: Any) -> None:
    if not (user.is_authenticated and user.is_board):
        raise PermissionDenied


def get_cycle_for_dossiers(user: Any, pk: int, *, build: bool = False) -> Cycle:
    cycle = get_cycle_for(user, pk)
    if build and not can_build(user, cycle):
        raise PermissionDenied
    return cycle


def get_proposal_for(user: Any, pk: int, need: Need = "view") -> Proposal:
    """The proposal if the person may do `need` with it (404 for outsiders, 403 otherwise)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("award_type", "cycle__block__province"), pk=pk
    )
    cycle = get_cycle_for(user, proposal.cycle_id)
    proposal.cycle = cycle
    if need == "edit" and not can_build(user, cycle):
        raise PermissionDenied
    if need == "board" and not user.is_board:
        raise PermissionDenied
    return proposal


def writes_report(user: Any, nominee: Nominee) -> bool:
    """The nominee unit's own people write (or upload) its achievement report."""
    return bool(
        user.is_authenticated
        and user.organisation_id == nominee.organisation_id
        and user.role in UNIT_ROLES
    )


def get_nominee_for(user: Any, pk: int, *, write: bool = False) -> Nominee:
    nominee = get_object_or_404(
        Nominee.objects.select_related(
            "organisation", "proposal__award_type", "proposal__cycle__block__province"
        ),
        pk=pk,
    )
    nominee.proposal.cycle = get_cycle_for(user, nominee.proposal.cycle_id)
    if write and not writes_report(user, nominee):
        raise PermissionDenied
    return nominee


def get_history_org(user: Any, pk: int) -> Organisation:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Organisation.objects.select_related("province"), pk=pk)


@dataclass(frozen=True)
class ProposalFlags:
    can_edit: bool
    can_submit: bool
    can_review: bool
    can_decide: bool
    writes_for: frozenset[int]  # nominee ids whose report this person writes


def flags_for(user: Any, proposal: Proposal, nominees: list[Nominee]) -> ProposalFlags:
    builder = can_build(user, proposal.cycle)
    editable = proposal.status in EDITABLE
    return ProposalFlags(
        can_edit=builder and editable,
        can_submit=builder and editable,
        can_review=bool(user.is_board) and proposal.status == ProposalStatus.SUBMITTED,
        can_decide=bool(user.is_board) and proposal.status == ProposalStatus.ACCEPTED,
        writes_for=frozenset(n.pk for n in nominees if editable and writes_report(user, n)),
    )
