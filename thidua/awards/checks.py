"""Awards' checklists (thidua/core/checklist.py): before a dossier is submitted to the Board,
and before the cycle leaves the evaluation phase with dossiers still unsent."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.awards import selectors
from thidua.awards.models import Proposal, ProposalEvent, ProposalStatus
from thidua.core.checklist import Checklist
from thidua.cycles.models import Cycle, Phase


def submit_checklist(proposal: Proposal) -> Checklist:
    """Blockers: the tờ trình's number, date and signer, each nominee's achievement report.
    A warning when the Board returned the dossier: its reason, to be answered before sending."""
    checklist = Checklist()
    edit_url = reverse("awards:proposal_edit", args=[proposal.pk])
    if not (proposal.number.strip() and proposal.date and proposal.signer_name.strip()):
        checklist.block(
            _("Fill in the tờ trình's number, date and signer before submitting."),
            url=edit_url,
            action=_("Complete the tờ trình"),
        )
    nominees = selectors.nominees_of(proposal)
    if not nominees:
        checklist.block(_("The dossier has no nominee."))
    for nominee in nominees:
        if not selectors.has_report(nominee):
            checklist.block(
                _(
                    "The achievement report is missing for %(unit)s: "
                    "its own people write or upload it."
                )
                % {"unit": nominee.name},
                url=reverse("awards:proposal_detail", args=[proposal.pk]) + "#nominees-h",
                action=_("See the nominees"),
            )
    if proposal.status == ProposalStatus.RETURNED:
        returned = (
            proposal.events.filter(action=ProposalEvent.Action.RETURNED)
            .order_by("-at", "-pk")
            .first()
        )
        checklist.warn(
            _("The Board returned this dossier: “%(reason)s”. Check that your changes answer it.")
            % {"reason": returned.reason if returned else ""},
            url=edit_url,
            action=_("Edit the tờ trình"),
        )
    checklist.say(
        _(
            "The Board's officers are notified; the dossier can no longer be changed unless "
            "the Board returns it."
        )
    )
    return checklist


def phase_check(cycle: Cycle) -> Checklist:
    """Leaving the evaluation phase: every dossier begun should have been sent."""
    checklist = Checklist()
    if cycle.phase != Phase.EVALUATION:
        return checklist
    unsent = (
        Proposal.objects.filter(
            cycle=cycle, status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED]
        )
        .select_related("award_type")
        .order_by("award_type__order", "pk")
    )
    for proposal in unsent:
        checklist.warn(
            _("The dossier for “%(title)s” is not submitted to the Board yet.")
            % {"title": proposal.award_type.name},
            url=reverse("awards:proposal_submit", args=[proposal.pk]),
            action=_("Submit the dossier for “%(title)s”…") % {"title": proposal.award_type.name},
        )
    return checklist
