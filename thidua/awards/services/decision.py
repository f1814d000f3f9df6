"""The decision on an accepted dossier, which creates the awards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.awards import selectors
from thidua.awards.models import Award, Decision, Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.awards.services.common import lock_proposal, people_of
from thidua.awards.services.review import proposal_url, record_event
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.notifications.services import notify


@dataclass(frozen=True)
class Outcome:
    granted: bool
    reason: str = ""


@transaction.atomic
def record_decision(
    *,
    actor: User | None,
    proposal: Proposal,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_position: str = "",
    outcomes: dict[int, Outcome],
) -> Decision:
    """The decision on an accepted dossier: per nominee granted or not (with a reason). Each grant
    becomes an Award; an organisation gets a title at most once a year, else nothing is saved."""
    locked = lock_proposal(proposal)
    if locked.status != ProposalStatus.ACCEPTED:
        raise DomainError(
            _("A decision can be recorded only for an accepted dossier; this one is “%(s)s”.")
            % {"s": locked.get_status_display()}
        )
    if locked.cycle.phase == Phase.CLOSED:
        raise DomainError(_("The cycle is closed."))
    number, signer_name = number.strip(), signer_name.strip()
    if not number:
        raise DomainError(_("Enter the decision's number."), field="number")
    if not signer_name:
        raise DomainError(_("Enter who signed the decision."), field="signer_name")
    nominees = list(locked.nominees.select_related("organisation").order_by("order", "pk"))
    for n in nominees:
        outcome = outcomes.get(n.pk)
        if outcome is None:
            raise DomainError(_("Say for every nominee whether the title is granted."))
        if not outcome.granted and not outcome.reason.strip():
            raise DomainError(
                _("Give the reason why %(unit)s is not granted the title.") % {"unit": n.name}
            )
    year, award_type = locked.cycle.year, locked.award_type
    granted = [n for n in nominees if outcomes[n.pk].granted]
    already = Award.objects.filter(
        organisation_id__in=[n.organisation_id for n in granted], award_type=award_type, year=year
    ).first()
    if already is not None:
        raise DomainError(
            _("%(unit)s already has “%(title)s” for %(year)s: an award is granted only once.")
            % {"unit": already.name, "title": award_type.name, "year": year}
        )
    decision = Decision.objects.create(
        proposal=locked,
        number=number,
        date=date,
        signer_name=signer_name,
        signer_position=signer_position.strip(),
        recorded_by=actor,
    )
    for n in nominees:
        outcome = outcomes[n.pk]
        n.granted = outcome.granted
        n.refusal_reason = "" if outcome.granted else outcome.reason.strip()
    Nominee.objects.bulk_update(nominees, ["granted", "refusal_reason"])
    try:
        with transaction.atomic():
            Award.objects.bulk_create(
                Award(
                    organisation=n.organisation,
                    award_type=award_type,
                    year=year,
                    name=n.organisation.name_on(date) or n.name,
                    decision=decision,
                    cycle=locked.cycle,
                )
                for n in granted
            )
    except IntegrityError as err:
        raise DomainError(
            _("One of these units was granted “%(title)s” for %(year)s meanwhile; nothing saved.")
            % {"title": award_type.name, "year": year}
        ) from err
    locked.status = ProposalStatus.DECIDED
    locked.save(update_fields=["status"])
    record_event(locked, ProposalEvent.Action.DECIDED, actor)
    audit.record(
        actor=actor,
        action="awards.decision.record",
        obj=decision,
        before={"status": ProposalStatus.ACCEPTED},
        after={
            "number": number,
            "date": date,
            "signer": signer_name,
            "granted": [n.organisation_id for n in granted],
            "refused": {n.organisation_id: n.refusal_reason for n in nominees if not n.granted},
        },
    )
    members = selectors.block_member_ids(locked.cycle)
    with translation.override("vi"):
        subject = _("Decision %(number)s: %(title)s %(year)s") % {
            "number": number,
            "title": award_type.name,
            "year": year,
        }
        body = "\n".join(
            f"{n.name}: "
            + (_("granted") if n.granted else _("not granted") + f" ({n.refusal_reason})")
            for n in nominees
        )
    notify(
        recipients=people_of(members),
        kind="awards.decided",
        subject=subject,
        body=body,
        url=proposal_url(locked),
    )
    return decision
