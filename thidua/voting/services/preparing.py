"""Preparing the ballot sessions: one per award type (its nominees) or for the election."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.models import AwardType, Cycle
from thidua.meetings import selectors as meetings
from thidua.orgs.models import Organisation
from thidua.voting import selectors
from thidua.voting.models import (
    BallotSession,
    Candidate,
    SessionKind,
)
from thidua.voting.services.common import (
    check_actor,
    check_phase,
    check_ranking,
    meeting_of,
    session_state,
)


@dataclass(frozen=True)
class Nominee:
    organisation: Organisation
    rank: int | None


def _award_nominees(
    cycle: Cycle, award_type: AwardType, chosen: Sequence[Organisation] | None
) -> list[Nominee]:
    ranking = selectors.published_ranking(cycle)
    if ranking is None:
        raise DomainError(_("Candidates come from the published ranking: publish it first."))
    windows = selectors.nominee_windows(cycle, ranking)
    if award_type.pk not in windows:
        raise DomainError(
            _("“%(title)s” is not a title of this cycle's policy.") % {"title": award_type.name},
            field="award_type",
        )
    window = {e["unit"]: e for e in windows[award_type.pk]}
    if chosen is None:
        chosen_ids = list(window)
    else:
        chosen_ids = [o.pk for o in chosen]
        outside = [o.name for o in chosen if o.pk not in window]
        if outside:
            raise DomainError(
                _(
                    "%(units)s: outside the quota of “%(title)s” in the published ranking "
                    "(only %(allowed)s may be nominated)."
                )
                % {
                    "units": "; ".join(outside),
                    "title": award_type.name,
                    "allowed": "; ".join(e["name"] for e in window.values()) or "—",
                },
                field="nominees",
            )
    if not chosen_ids:
        raise DomainError(_("Choose at least one candidate."), field="nominees")
    taken = set(
        Candidate.objects.filter(
            session__cycle=cycle, session__kind=SessionKind.AWARD, session__round=1
        )
        .exclude(session__award_type=award_type)
        .values_list("organisation_id", flat=True)
    )
    both = [window[pk]["name"] for pk in chosen_ids if pk in taken]
    if both:
        raise DomainError(
            _("%(units)s: already a candidate for another title.") % {"units": "; ".join(both)},
            field="nominees",
        )
    orgs = Organisation.objects.in_bulk(chosen_ids)
    return [Nominee(orgs[pk], window[pk]["rank"]) for pk in chosen_ids]


def _member_nominees(cycle: Cycle, chosen: Sequence[Organisation] | None) -> list[Nominee]:
    members = meetings.members(cycle)
    ids = {o.pk for o in members}
    if chosen is None:
        return [Nominee(o, None) for o in members]
    outside = [o.name for o in chosen if o.pk not in ids]
    if outside:
        raise DomainError(
            _("%(units)s: not a member unit of the block this year.")
            % {"units": "; ".join(outside)},
            field="nominees",
        )
    if not chosen:
        raise DomainError(_("Choose at least one candidate."), field="nominees")
    return [Nominee(o, None) for o in chosen]


@transaction.atomic
def prepare_session(
    *,
    actor: User,
    cycle: Cycle,
    kind: str,
    award_type: AwardType | None = None,
    nominees: Sequence[Organisation] | None = None,
) -> BallotSession:
    """A first-round session for a title (candidates within its quota of the published ranking;
    by default the whole quota) or for the election of next year's head or deputy (candidates
    among the member units; by default all of them)."""
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    check_actor(actor, cycle)
    check_phase(cycle)
    meeting = meeting_of(cycle)
    check_ranking(cycle)
    policy = cycle.policy
    if kind == SessionKind.AWARD:
        if award_type is None:
            raise DomainError(_("Choose the title."), field="award_type")
        chosen = _award_nominees(cycle, award_type, nominees)
        quota = policy.quotas.get(award_type=award_type).quota
        seats = quota
    elif kind in (SessionKind.HEAD, SessionKind.DEPUTY):
        award_type = None
        chosen = _member_nominees(cycle, nominees)
        seats = 1
    else:
        raise DomainError(_("Unknown kind of ballot."))
    if BallotSession.objects.filter(
        cycle=cycle, kind=kind, award_type=award_type, round=1
    ).exists():
        raise DomainError(_("This ballot has already been prepared."))
    session = BallotSession.objects.create(
        cycle=cycle,
        meeting=meeting,
        kind=kind,
        award_type=award_type,
        seats=seats,
        threshold_numerator=policy.vote_threshold_numerator,
        threshold_denominator=policy.vote_threshold_denominator,
        threshold_strict=policy.vote_threshold_strict,
        vote_base=policy.vote_base,
        member_count=len(meetings.members(cycle)),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(session=session, organisation=n.organisation, order=i, rank=n.rank)
        for i, n in enumerate(chosen)
    )
    audit.record(
        actor=actor, action="voting.session.prepare", obj=session, after=session_state(session)
    )
    return session


def prepare_all(*, actor: User, cycle: Cycle) -> list[BallotSession]:
    """Every first-round session not prepared yet, with the proposed candidates: each title's
    quota from the ranking, this year's deputy for head (rotation), every member for deputy."""
    made = []
    with transaction.atomic():
        existing = set(
            BallotSession.objects.filter(cycle=cycle, round=1).values_list("kind", "award_type_id")
        )
        for award_type in selectors.award_types_of(cycle):
            if (SessionKind.AWARD.value, award_type.pk) not in existing:
                made.append(
                    prepare_session(
                        actor=actor, cycle=cycle, kind=SessionKind.AWARD, award_type=award_type
                    )
                )
        # By rotation this year's deputy is proposed as next year's head; any member as deputy.
        proposed = {SessionKind.HEAD: [cycle.deputy_unit], SessionKind.DEPUTY: None}
        for kind in (SessionKind.HEAD, SessionKind.DEPUTY):
            if (kind.value, None) not in existing:
                made.append(
                    prepare_session(actor=actor, cycle=cycle, kind=kind, nominees=proposed[kind])
                )
    return made
