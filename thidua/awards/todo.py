"""Awards' items of the to-do list (thidua/core/todo.py): a nominee unit writes its
achievement report, the head finishes or fixes (once returned) and submits the dossier, the
Board reviews the dossiers waiting in its queue (one query per kind)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.awards.access import EDITABLE
from thidua.awards.models import Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.awards.selectors import has_report
from thidua.core.todo import FOLLOW_UP, TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.cycles.models import Cycle, Phase


def _label(cycle: Cycle) -> str:
    return cycles.label(cycle)


def items(context: TodoContext) -> Iterator[TodoItem]:
    person = context.person
    if cycles.acts_for_a_unit(person):
        yield from _reports(person.organisation_id)
        yield from _dossiers(cycles.person_cycles(context).headed)
    if person.is_board:
        yield from _queue()


def _reports(org: int) -> Iterator[TodoItem]:
    nominees = (
        Nominee.objects.filter(organisation_id=org, proposal__status__in=EDITABLE)
        .exclude(proposal__cycle__phase=Phase.CLOSED)
        .select_related("proposal__award_type", "proposal__cycle__block")
        .order_by("proposal__cycle__year", "proposal_id")
    )
    for nominee in nominees:
        if has_report(nominee):
            continue
        proposal = nominee.proposal
        yield TodoItem(
            kind="awards.report",
            text=_("Write your unit's achievement report for “%(title)s”")
            % {"title": proposal.award_type.name},
            url=reverse("awards:report_edit", args=[nominee.pk]),
            cycle_label=_label(proposal.cycle),
            detail=_("The dossier cannot be submitted without it."),
        )


def _dossiers(headed: list[Cycle]) -> Iterator[TodoItem]:
    if not headed:
        return
    by_pk = {c.pk: c for c in headed}
    last_reason = (
        ProposalEvent.objects.filter(
            proposal_id=OuterRef("pk"), action=ProposalEvent.Action.RETURNED
        )
        .order_by("-at", "-pk")
        .values("reason")[:1]
    )
    proposals = (
        Proposal.objects.filter(cycle_id__in=by_pk, status__in=EDITABLE)
        .select_related("award_type")
        .annotate(returned_because=Subquery(last_reason))
        .order_by("cycle_id", "award_type__order")
    )
    for proposal in proposals:
        title = proposal.award_type.name
        if proposal.status == ProposalStatus.RETURNED:
            text = _("Fix the returned dossier “%(title)s” and submit it again") % {"title": title}
            detail = _("The Board's reason: %(reason)s") % {"reason": proposal.returned_because}
        else:
            text = _("Finish the dossier “%(title)s” and submit it to the Board") % {"title": title}
            detail = ""
        yield TodoItem(
            kind="awards.dossier",
            text=text,
            url=reverse("awards:proposal_detail", args=[proposal.pk]),
            cycle_label=_label(by_pk[proposal.cycle_id]),
            detail=detail,
        )


#: Beyond this many dossiers waiting, the list shows one item that opens the queue.
QUEUE_ITEMS = 5


def _queue() -> Iterator[TodoItem]:
    waiting = Proposal.objects.filter(status=ProposalStatus.SUBMITTED)
    proposals = list(
        waiting.select_related("award_type", "cycle__block").order_by("submitted_at", "pk")[
            : QUEUE_ITEMS + 1
        ]
    )
    if len(proposals) > QUEUE_ITEMS:
        count = waiting.count()
        yield TodoItem(
            kind="awards.review",
            text=ngettext(
                "Review the %(count)d dossier waiting",
                "Review the %(count)d dossiers waiting",
                count,
            )
            % {"count": count},
            url=reverse("awards:queue"),
            cycle_label=_("Every block"),
            priority=FOLLOW_UP,
            detail=_("Submitted; waiting for the Board to accept or return them."),
        )
        return
    for proposal in proposals:
        yield TodoItem(
            kind="awards.review",
            text=_("Review the dossier “%(title)s”") % {"title": proposal.award_type.name},
            url=reverse("awards:proposal_detail", args=[proposal.pk]),
            cycle_label=_label(proposal.cycle),
            priority=FOLLOW_UP,
            detail=_("Submitted; waiting for the Board to accept or return it."),
        )
