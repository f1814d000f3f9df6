"""Submission of the dossier and the Board's review: return it with a reason, or accept it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.awards.checks import submit_checklist
from thidua.awards.models import Proposal, ProposalEvent, ProposalStatus
from thidua.awards.services.common import (
    board_officers,
    lock_proposal,
    people_of,
    proposal_state,
    require_dossier_phase,
    require_editable,
)
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.notifications.services import notify


def record_event(proposal: Proposal, action: str, actor: User | None, reason: str = "") -> None:
    ProposalEvent.objects.create(proposal=proposal, action=action, reason=reason, actor=actor)


def proposal_url(proposal: Proposal) -> str:
    return reverse("awards:proposal_detail", args=[proposal.pk])


@transaction.atomic
def submit_proposal(
    *, actor: User | None, proposal: Proposal, acknowledge: bool = False, reason: str = ""
) -> Proposal:
    """Send the dossier to the Board. Its checklist (awards/checks.py) is enforced: the tờ
    trình's particulars and every nominee's achievement report are blockers; resending a
    returned dossier is a warning, acknowledged with a reason recorded in the audit event."""
    locked = lock_proposal(proposal)
    require_dossier_phase(locked.cycle)
    if locked.status == ProposalStatus.SUBMITTED:
        raise DomainError(_("The dossier has already been submitted."))
    require_editable(locked)
    acknowledged = submit_checklist(locked).enforce(acknowledge=acknowledge, reason=reason)
    before = proposal_state(locked)
    resubmitted = locked.status == ProposalStatus.RETURNED
    locked.status = ProposalStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    record_event(locked, ProposalEvent.Action.SUBMITTED, actor)
    audit.record(
        actor=actor,
        action="awards.proposal.submit",
        obj=locked,
        before=before,
        after={**proposal_state(locked), **acknowledged},
    )
    with translation.override("vi"):
        subject = (
            _("Dossier resubmitted: %(title)s — %(block)s %(year)s")
            if resubmitted
            else _("New dossier: %(title)s — %(block)s %(year)s")
        ) % {
            "title": locked.award_type.name,
            "block": locked.cycle.block.name,
            "year": locked.cycle.year,
        }
    notify(
        recipients=board_officers(),
        kind="awards.submitted",
        subject=subject,
        url=proposal_url(locked),
    )
    return locked


def _subject_args(proposal: Proposal) -> dict[str, Any]:
    return {"title": proposal.award_type.name, "year": proposal.cycle.year}


@transaction.atomic
def return_proposal(*, actor: User | None, proposal: Proposal, reason: str) -> Proposal:
    """The Board sends the dossier back to the head unit, saying why."""
    locked = lock_proposal(proposal)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the dossier is returned."), field="reason")
    if locked.status != ProposalStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be returned."))
    locked.status = ProposalStatus.RETURNED
    locked.save(update_fields=["status"])
    record_event(locked, ProposalEvent.Action.RETURNED, actor, reason)
    audit.record(
        actor=actor,
        action="awards.proposal.return",
        obj=locked,
        before={"status": ProposalStatus.SUBMITTED},
        after={"status": locked.status, "reason": reason},
    )
    with translation.override("vi"):
        subject = _("The Board returned the dossier: %(title)s %(year)s") % _subject_args(locked)
    notify(
        recipients=people_of([locked.cycle.head_unit_id]),
        kind="awards.returned",
        subject=subject,
        body=reason,
        url=proposal_url(locked),
    )
    return locked


@transaction.atomic
def accept_proposal(*, actor: User | None, proposal: Proposal) -> Proposal:
    locked = lock_proposal(proposal)
    if locked.status != ProposalStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be accepted."))
    locked.status = ProposalStatus.ACCEPTED
    locked.save(update_fields=["status"])
    record_event(locked, ProposalEvent.Action.ACCEPTED, actor)
    audit.record(
        actor=actor,
        action="awards.proposal.accept",
        obj=locked,
        before={"status": ProposalStatus.SUBMITTED},
        after={"status": locked.status},
    )
    with translation.override("vi"):
        subject = _("The Board accepted the dossier: %(title)s %(year)s") % _subject_args(locked)
    notify(
        recipients=people_of([locked.cycle.head_unit_id]),
        kind="awards.accepted",
        subject=subject,
        url=proposal_url(locked),
    )
    return locked
