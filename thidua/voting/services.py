"""Every write about the evaluation meeting's ballots except the cast itself (ballot_box.py):
preparing, opening and closing sessions, paper counts, run-offs, and the election of next year's
head and deputy. One transaction each, an audit event, notifications once committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.cycles.access import is_head
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.meetings import selectors as meetings
from thidua.meetings.models import Meeting
from thidua.notifications.services import notify
from thidua.orgs.models import Organisation
from thidua.voting import rules, selectors
from thidua.voting.models import (
    BallotSession,
    Candidate,
    SessionKind,
    SessionMode,
    SessionStatus,
)

COMMITTEE_SIZE = 3


def _check_actor(actor: Any, cycle: Cycle) -> None:
    if not (getattr(actor, "is_board", False) or is_head(actor, cycle)):
        raise DomainError(_("Only the head unit or the Board may run the ballots."))


def _check_phase(cycle: Cycle) -> None:
    if cycle.phase != Phase.EVALUATION:
        raise DomainError(
            _("Ballots are held during the evaluation phase; the cycle is in “%(phase)s”.")
            % {"phase": cycle.get_phase_display()}
        )


def _meeting(cycle: Cycle) -> Meeting:
    meeting = selectors.year_end_meeting(cycle)
    if meeting is None:
        raise DomainError(_("Record the year-end evaluation meeting and its attendance first."))
    return meeting


def _check_ranking(cycle: Cycle) -> None:
    if selectors.published_ranking(cycle) is None:
        raise DomainError(_("Candidates come from the published ranking: publish it first."))


def _check_quorum(meeting: Meeting) -> meetings.Quorum:
    quorum = selectors.quorum(meeting)
    if not quorum.reached:
        raise DomainError(quorum.text + " " + _("No ballot can take place without a quorum."))
    return quorum


def _state(session: BallotSession) -> dict[str, Any]:
    return {
        "title": selectors.session_title(session),
        "status": session.status,
        "mode": session.mode,
        "round": session.round,
        "seats": session.seats,
        "candidates": [c.organisation.name for c in session.candidates.all()],
    }


# --- preparing -------------------------------------------------------------------------------


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
    actor: Any,
    cycle: Cycle,
    kind: str,
    award_type: AwardType | None = None,
    nominees: Sequence[Organisation] | None = None,
) -> BallotSession:
    """A first-round session for a title (candidates within its quota of the published ranking;
    by default the whole quota) or for the election of next year's head or deputy (candidates
    among the member units; by default all of them)."""
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    _check_actor(actor, cycle)
    _check_phase(cycle)
    meeting = _meeting(cycle)
    _check_ranking(cycle)
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
    audit.record(actor=actor, action="voting.session.prepare", obj=session, after=_state(session))
    return session


def prepare_all(*, actor: Any, cycle: Cycle) -> list[BallotSession]:
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


# --- opening, closing, counting --------------------------------------------------------------


def _locked(session: BallotSession) -> BallotSession:
    return (
        BallotSession.objects.select_for_update(of=("self",))
        .select_related("cycle__policy", "cycle__block", "meeting", "award_type")
        .get(pk=session.pk)
    )


def _url(session: BallotSession) -> str:
    return reverse("voting:session", args=[session.pk])


@transaction.atomic
def open_session(*, actor: Any, session: BallotSession) -> BallotSession:
    session = _locked(session)
    _check_actor(actor, session.cycle)
    _check_phase(session.cycle)
    if session.status != SessionStatus.PREPARED:
        raise DomainError(_("Only a prepared ballot can be opened."))
    _check_ranking(session.cycle)
    quorum = _check_quorum(session.meeting)
    if not session.candidates.exists():
        raise DomainError(_("The ballot has no candidate."))
    session.status = SessionStatus.OPEN
    session.mode = SessionMode.ELECTRONIC
    session.opened_at = timezone.now()
    session.present_count = quorum.present
    session.save(update_fields=["status", "mode", "opened_at", "present_count"])
    audit.record(actor=actor, action="voting.session.open", obj=session, after=_state(session))
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
        **_state(session),
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


@transaction.atomic
def close_session(*, actor: Any, session: BallotSession) -> BallotSession:
    """Close an electronic session and count it from its ballots."""
    session = _locked(session)
    _check_actor(actor, session.cycle)
    if session.status != SessionStatus.OPEN:
        raise DomainError(_("Only an open ballot can be closed."))
    returned = session.ballots.count()
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    # Absent units may vote in writing when the policy allows: every member got a ballot then.
    policy = session.cycle.policy
    session.issued = (
        session.member_count if policy.allow_written_vote else session.present_count or 0
    )
    session.returned = returned
    session.valid = returned  # the ballot box only accepts valid ballots
    session.invalid = 0
    session.save(update_fields=["status", "closed_at", "issued", "returned", "valid", "invalid"])
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
def record_paper_count(*, actor: Any, session: BallotSession, count: PaperCount) -> BallotSession:
    """The counting committee's figures for a session voted on paper instead of electronically."""
    session = _locked(session)
    _check_actor(actor, session.cycle)
    _check_phase(session.cycle)
    if session.status != SessionStatus.PREPARED:
        raise DomainError(_("A paper count can only be recorded for a ballot not yet opened."))
    _check_ranking(session.cycle)
    quorum = _check_quorum(session.meeting)
    _check_paper(session, count, quorum.present)
    now = timezone.now()
    session.mode = SessionMode.PAPER
    session.status = SessionStatus.CLOSED
    session.opened_at = session.closed_at = now
    session.present_count = quorum.present
    session.issued, session.returned = count.issued, count.returned
    session.valid, session.invalid = count.valid, count.invalid
    session.committee = [
        {k: (m.get(k) or "").strip() for k in ("name", "position", "unit")} for m in count.committee
    ]
    session.save()
    _apply_result(session, count.agree)
    audit.record(
        actor=actor, action="voting.session.paper_count", obj=session, after=_results_state(session)
    )
    _announce(session)
    return session


@transaction.atomic
def prepare_runoff(*, actor: Any, session: BallotSession) -> BallotSession:
    """A new round among the candidates tied at the edge of the seats, for the seats left."""
    session = _locked(session)
    _check_actor(actor, session.cycle)
    _check_phase(session.cycle)
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
    audit.record(actor=actor, action="voting.session.runoff", obj=runoff, after=_state(runoff))
    return runoff


# --- the election of next year's head and deputy ---------------------------------------------


@transaction.atomic
def apply_election(*, actor: Any, cycle: Cycle) -> Cycle:
    """Next year's cycle of the block with the elected head and deputy: created, or — when it is
    already being prepared — given them."""
    cycle = Cycle.objects.select_for_update().select_related("block").get(pk=cycle.pk)
    _check_actor(actor, cycle)
    _check_phase(cycle)
    head = selectors.elected(cycle, SessionKind.HEAD)
    deputy = selectors.elected(cycle, SessionKind.DEPUTY)
    if head is None or deputy is None:
        raise DomainError(
            _("Both the head and the deputy must be elected in a closed ballot first.")
        )
    if head.organisation_id == deputy.organisation_id:
        raise DomainError(
            _("The same unit was elected head and deputy: hold the deputy's ballot again.")
        )
    year = cycle.year + 1
    following = Cycle.objects.filter(block=cycle.block, year=year).first()
    if following is None:
        following = cycles.create_cycle(
            actor=actor,
            block=cycle.block,
            year=year,
            head_unit=head.organisation,
            deputy_unit=deputy.organisation,
        )
    elif following.phase == Phase.PREPARING:
        following = cycles.set_cycle_units(
            actor=actor,
            cycle=following,
            head_unit=head.organisation,
            deputy_unit=deputy.organisation,
        )
    else:
        raise DomainError(
            _(
                "The %(year)s cycle is already under way: its head and deputy can no longer be "
                "changed from this election."
            )
            % {"year": year}
        )
    audit.record(
        actor=actor,
        action="voting.election.apply",
        obj=cycle,
        after={
            "year": year,
            "head": head.organisation.name,
            "deputy": deputy.organisation.name,
            "cycle": following.pk,
        },
    )
    return following
