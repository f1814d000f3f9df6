"""Opening and closing sessions, counting their ballots, paper counts and run-offs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.meetings import selectors as meetings
from thidua.notifications.services import notify
from thidua.voting import rules, selectors
from thidua.voting.models import (
    BallotSession,
    Candidate,
    SessionMode,
    SessionStatus,
)
from thidua.voting.services.common import (
    COMMITTEE_SIZE,
    check_actor,
    check_phase,
    check_quorum,
    check_ranking,
    session_state,
)


def _locked(session: BallotSession) -> BallotSession:
    return (
        BallotSession.objects.select_for_update(of=("self",))
        .select_related("cycle__policy", "cycle__block", "meeting", "award_type")
        .get(pk=session.pk)
    )


def _url(session: BallotSession) -> str:
    return reverse("voting:session", args=[session.pk])


@transaction.atomic
def open_session(*, actor: Actor, session: BallotSession) -> BallotSession:
    session = _locked(session)
    check_actor(actor, session.cycle)
    check_phase(session.cycle)
    if session.status != SessionStatus.PREPARED:
        raise DomainError(_("Only a prepared ballot can be opened."))
    check_ranking(session.cycle)
    quorum = check_quorum(session.meeting)
    if not session.candidates.exists():
        raise DomainError(_("The ballot has no candidate."))
    session.status = SessionStatus.OPEN
    session.mode = SessionMode.ELECTRONIC
    session.opened_at = timezone.now()
    session.present_count = quorum.present
    session.save(update_fields=["status", "mode", "opened_at", "present_count"])
    audit.record(
        actor=actor, action="voting.session.open", obj=session, after=session_state(session)
    )
    title = selectors.session_label(session)
    notify(
        recipients=selectors.people_of(selectors.present_unit_ids(session.meeting)),
        kind="voting.open",
        subject=_("Ballot open: %(title)s") % {"title": title},
        body=_("The secret ballot “%(title)s” is open. Vote for your unit from the link below.")
        % {"title": title},
        url=reverse("voting:ballot", args=[session.pk]),
    )
    return session


def _apply_result(session: BallotSession, agree: dict[int, int]) -> rules.Outcome:
    candidates = list(session.candidates.all())
    outcome = rules.decide(
        [rules.Count(c.pk, agree.get(c.pk, 0)) for c in candidates],
        seats=session.seats,
        threshold=selectors.threshold(session),
        base_count=selectors.base_count(session),
    )
    for c in candidates:
        c.agree = agree.get(c.pk, 0)
        c.passed = c.pk in outcome.passed
        c.tied = c.pk in outcome.tied
    Candidate.objects.bulk_update(candidates, ["agree", "passed", "tied"])
    return outcome


def _results_state(session: BallotSession) -> dict[str, Any]:
    return {
        **session_state(session),
        "issued": session.issued,
        "returned": session.returned,
        "valid": session.valid,
        "invalid": session.invalid,
        "agree": {c.organisation.name: c.agree for c in session.candidates.all()},
        "passed": [c.organisation.name for c in session.candidates.all() if c.passed],
        "tied": [c.organisation.name for c in session.candidates.all() if c.tied],
    }


def _announce(session: BallotSession) -> None:
    title = selectors.session_label(session)
    passed = [c.organisation.name for c in session.candidates.all() if c.passed]
    body = _("The ballot “%(title)s” is closed. Passed: %(passed)s.") % {
        "title": title,
        "passed": "; ".join(passed) or _("none"),
    }
    notify(
        recipients=selectors.people_of({o.pk for o in meetings.members(session.cycle)}),
        kind="voting.closed",
        subject=_("Ballot results: %(title)s") % {"title": title},
        body=body,
        url=_url(session),
    )


def _declare_void(actor: Actor, session: BallotSession, action: str) -> None:
    """Below the quorum of ballots: nothing is counted or published (a tally of a few ballots
    would tell how those units voted); the head holds the ballot again."""
    session.status = SessionStatus.VOID
    session.save()
    turnout = selectors.turnout(session)
    audit.record(
        actor=actor,
        action=action,
        obj=session,
        after={
            **session_state(session),
            "issued": session.issued,
            "returned": session.returned,
            "ballots_needed": session.ballots_needed,
        },
    )
    title = selectors.session_label(session)
    notify(
        recipients=selectors.people_of({o.pk for o in meetings.members(session.cycle)}),
        kind="voting.void",
        subject=_("Ballot void: %(title)s") % {"title": title},
        body=_("The ballot “%(title)s” is void: %(turnout)s, at least %(needed)s needed.")
        % {"title": title, "turnout": turnout.text, "needed": turnout.needed},
        url=_url(session),
    )


@transaction.atomic
def close_session(*, actor: Actor, session: BallotSession) -> BallotSession:
    """Close an electronic session and count it from its ballots — or, with fewer ballots than
    the policy's quorum of the member units, declare it void without counting anything."""
    session = _locked(session)
    check_actor(actor, session.cycle)
    if session.status != SessionStatus.OPEN:
        raise DomainError(_("Only an open ballot can be closed."))
    returned = session.ballots.count()
    session.ballots_needed = selectors.ballots_needed(session)
    session.closed_at = timezone.now()
    # Absent units may vote in writing when the policy allows: every member got a ballot then.
    policy = session.cycle.policy
    session.issued = (
        session.member_count if policy.allow_written_vote else session.present_count or 0
    )
    session.returned = returned
    if returned < session.ballots_needed:
        session.valid = session.invalid = None
        _declare_void(actor, session, "voting.session.void")
        return session
    session.status = SessionStatus.CLOSED
    session.valid = returned  # the ballot box only accepts valid ballots
    session.invalid = 0
    session.save(
        update_fields=[
            "status",
            "closed_at",
            "issued",
            "returned",
            "valid",
            "invalid",
            "ballots_needed",
        ]
    )
    _apply_result(session, selectors.recount(session))
    audit.record(
        actor=actor, action="voting.session.close", obj=session, after=_results_state(session)
    )
    _announce(session)
    return session


@dataclass(frozen=True)
class PaperCount:
    issued: int
    returned: int
    valid: int
    invalid: int
    agree: dict[int, int]  # candidate id → agree votes
    committee: list[dict[str, str]]  # [{"name", "position", "unit"}] × 3


def _check_paper(session: BallotSession, count: PaperCount, present: int) -> None:
    policy = session.cycle.policy
    limit = session.member_count if policy.allow_written_vote else present
    if count.issued > limit:
        raise DomainError(
            _("At most %(n)s ballots can be issued (one per unit present).") % {"n": limit},
            field="issued",
        )
    if count.returned > count.issued:
        raise DomainError(
            _("More ballots returned than issued: check the count."), field="returned"
        )
    if count.valid + count.invalid != count.returned:
        raise DomainError(
            _("Valid and invalid ballots must add up to the ballots returned (%(n)s).")
            % {"n": count.returned},
            field="invalid",
        )
    for candidate in session.candidates.all():
        votes = count.agree.get(candidate.pk)
        if votes is None:
            raise DomainError(
                _("Enter the agree votes of every candidate."), field=f"agree_{candidate.pk}"
            )
        if votes > count.valid:
            raise DomainError(
                _("%(unit)s cannot have more agree votes than valid ballots (%(n)s).")
                % {"unit": candidate.organisation.name, "n": count.valid},
                field=f"agree_{candidate.pk}",
            )
    if sum(count.agree.values()) > count.valid * session.seats:
        raise DomainError(
            _(
                "Each valid ballot agrees with at most %(seats)s candidate(s): the agree votes "
                "add up to more than that."
            )
            % {"seats": session.seats}
        )
    names = [m.get("name", "").strip() for m in count.committee]
    if len(names) != COMMITTEE_SIZE or not all(names):
        raise DomainError(
            _("Name the three members of the counting committee."), field="committee_1_name"
        )


@transaction.atomic
def record_paper_count(*, actor: Actor, session: BallotSession, count: PaperCount) -> BallotSession:
    """The counting committee's figures for a session voted on paper instead of electronically."""
    session = _locked(session)
    check_actor(actor, session.cycle)
    check_phase(session.cycle)
    if session.status != SessionStatus.PREPARED:
        raise DomainError(_("A paper count can only be recorded for a ballot not yet opened."))
    check_ranking(session.cycle)
    quorum = check_quorum(session.meeting)
    _check_paper(session, count, quorum.present)
    now = timezone.now()
    session.mode = SessionMode.PAPER
    session.opened_at = session.closed_at = now
    session.present_count = quorum.present
    session.ballots_needed = selectors.ballots_needed(session)
    session.issued, session.returned = count.issued, count.returned
    session.committee = [
        {k: (m.get(k) or "").strip() for k in ("name", "position", "unit")} for m in count.committee
    ]
    if count.returned < session.ballots_needed:
        _declare_void(actor, session, "voting.session.paper_void")
        return session
    session.status = SessionStatus.CLOSED
    session.valid, session.invalid = count.valid, count.invalid
    session.save()
    _apply_result(session, count.agree)
    audit.record(
        actor=actor, action="voting.session.paper_count", obj=session, after=_results_state(session)
    )
    _announce(session)
    return session


@transaction.atomic
def prepare_runoff(*, actor: User, session: BallotSession) -> BallotSession:
    """A new round among the candidates tied at the edge of the seats, for the seats left."""
    session = _locked(session)
    check_actor(actor, session.cycle)
    check_phase(session.cycle)
    if session.status != SessionStatus.CLOSED:
        raise DomainError(_("A run-off follows a closed ballot."))
    candidates = list(session.candidates.all())
    tied = [c for c in candidates if c.tied]
    if not tied:
        raise DomainError(_("No candidates are tied at the edge of the seats: no run-off."))
    if session.runoffs.exists():
        raise DomainError(_("The run-off of this ballot has already been prepared."))
    seats = session.seats - sum(1 for c in candidates if c.passed)
    runoff = BallotSession.objects.create(
        cycle=session.cycle,
        meeting=session.meeting,
        kind=session.kind,
        award_type=session.award_type,
        round=session.round + 1,
        runoff_of=session,
        seats=seats,
        threshold_numerator=session.threshold_numerator,
        threshold_denominator=session.threshold_denominator,
        threshold_strict=session.threshold_strict,
        vote_base=session.vote_base,
        member_count=session.member_count,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(session=runoff, organisation_id=c.organisation_id, order=i, rank=c.rank)
        for i, c in enumerate(tied)
    )
    audit.record(
        actor=actor, action="voting.session.runoff", obj=runoff, after=session_state(runoff)
    )
    return runoff


@transaction.atomic
def hold_again(*, actor: User, session: BallotSession) -> BallotSession:
    """The same question put to the vote again — same candidates, same seats — after a void
    session, or after an election that elected nobody without a tie."""
    session = _locked(session)
    check_actor(actor, session.cycle)
    check_phase(session.cycle)
    if session.repeats.exists():
        raise DomainError(_("This ballot has already been held again."))
    if not selectors.can_hold_again(session):
        raise DomainError(
            _(
                "Only a void ballot, or an election that elected nobody without a tie, can be "
                "held again."
            )
        )
    again = BallotSession.objects.create(
        cycle=session.cycle,
        meeting=session.meeting,
        kind=session.kind,
        award_type=session.award_type,
        round=session.round + 1,
        runoff_of=session.runoff_of,
        repeat_of=session,
        seats=session.seats,
        threshold_numerator=session.threshold_numerator,
        threshold_denominator=session.threshold_denominator,
        threshold_strict=session.threshold_strict,
        vote_base=session.vote_base,
        member_count=session.member_count,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(session=again, organisation_id=c.organisation_id, order=c.order, rank=c.rank)
        for c in session.candidates.all()
    )
    audit.record(
        actor=actor,
        action="voting.session.hold_again",
        obj=again,
        after={**session_state(again), "after": session.pk},
    )
    return again
