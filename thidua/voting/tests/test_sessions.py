"""Preparing, opening and closing ballots, run-offs, paper counts and the election of next
year's head and deputy: the rules of issue 5, each refusal with a message and nothing saved."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError
from thidua.cycles.models import Cycle, Phase
from thidua.notifications.models import Notification
from thidua.scoring.models import PublishedRanking
from thidua.voting import ballot_box, services
from thidua.voting.models import BallotSession, Candidate
from thidua.voting.tests.builders import (
    evaluation,
    fourth_org,
    open_flag_session,
    others_vote,
    set_phase,
    unit_voters,
)

pytestmark = pytest.mark.django_db


def _award(cast, flag: bool):
    return cast.cycle.policy.quotas.get(award_type__is_flag=flag).award_type


def _prepare(cast, kind="award", flag=True, nominees=None):
    return services.prepare_session(
        actor=cast.head_rep,
        cycle=cast.cycle,
        kind=kind,
        award_type=_award(cast, flag) if kind == "award" else None,
        nominees=nominees,
    )


def _vote_all(cast, session, choice_for):
    for user in unit_voters(cast).values():
        ballot_box.cast_ballot(
            actor=user,
            session=session,
            unit=user.organisation,
            choices={c.pk: choice_for(user, c) for c in session.candidates.all()},
            reauthenticated=True,
        )


def test_flag_candidates_are_the_leading_units_and_bang_khen_the_next_ones(cast):
    evaluation(cast)
    flag = _prepare(cast)
    bang_khen = _prepare(cast, flag=False)
    assert [c.organisation for c in flag.candidates.all()] == [cast.member_org]
    assert [c.organisation for c in bang_khen.candidates.all()] == [
        cast.head_org,
        cast.deputy_org,
        fourth_org(cast),
    ]
    assert (flag.seats, bang_khen.seats) == (1, 3)
    assert (flag.threshold_numerator, flag.threshold_denominator, flag.threshold_strict) == (
        1,
        2,
        True,
    )
    assert flag.member_count == 4


def test_a_nominee_outside_the_quota_is_refused(cast):
    evaluation(cast)
    with pytest.raises(DomainError, match="outside the quota"):
        _prepare(cast, nominees=[cast.head_org])
    with pytest.raises(DomainError, match="outside the quota"):
        _prepare(cast, flag=False, nominees=[cast.member_org])
    assert not BallotSession.objects.exists()


def test_no_ballot_without_a_published_ranking(cast):
    evaluation(cast)
    PublishedRanking.objects.all().delete()
    with pytest.raises(DomainError, match="published ranking"):
        _prepare(cast)


def test_no_ballot_opens_once_the_ranking_is_withdrawn(cast):
    evaluation(cast)
    session = _prepare(cast)
    PublishedRanking.objects.all().delete()
    with pytest.raises(DomainError, match="published ranking"):
        services.open_session(actor=cast.head_rep, session=session)
    session.refresh_from_db()
    assert session.status == "prepared"


def test_no_ballot_outside_the_evaluation_phase(cast):
    evaluation(cast)
    set_phase(cast.cycle, Phase.RESULTS_PUBLISHED)
    with pytest.raises(DomainError, match="evaluation phase"):
        _prepare(cast)


def test_a_member_without_head_powers_cannot_prepare(cast):
    evaluation(cast)
    with pytest.raises(DomainError, match="head unit or the Board"):
        services.prepare_session(
            actor=cast.member_rep,
            cycle=cast.cycle,
            kind="award",
            award_type=_award(cast, True),
        )


def test_prepare_all_makes_every_ballot_once(cast):
    evaluation(cast)
    made = services.prepare_all(actor=cast.board, cycle=cast.cycle)
    assert [s.kind for s in made] == ["award", "award", "head", "deputy"]
    assert [c.organisation for c in made[2].candidates.all()] == [cast.deputy_org]
    assert made[3].candidates.count() == 4
    assert services.prepare_all(actor=cast.board, cycle=cast.cycle) == []


def test_no_session_opens_without_a_quorum(cast):
    # 2 of 4 present: 2/3 of 4 needs 3.
    evaluation(cast, present=[cast.head_org.pk, cast.member_org.pk])
    session = _prepare(cast)
    with pytest.raises(DomainError, match="No ballot can take place without a quorum"):
        services.open_session(actor=cast.head_rep, session=session)
    session.refresh_from_db()
    assert session.status == "prepared"


def test_exactly_two_thirds_present_opens_the_ballot(cast):
    voters = unit_voters(cast)
    # 12 members would need 8; here 4 members need 3 (2/3 of 4 = 2.67).
    present = list(voters)[:3]
    evaluation(cast, present=present)
    session = services.open_session(actor=cast.head_rep, session=_prepare(cast))
    assert session.status == "open"
    assert session.present_count == 3
    notified = set(
        Notification.objects.filter(kind="voting.open").values_list(
            "recipient__organisation", flat=True
        )
    )
    assert notified == set(present)


def test_exactly_half_agreeing_fails_under_more_than_half(cast):
    session = open_flag_session(cast)
    voters = list(unit_voters(cast).values())
    agreeing = {voters[0].pk, voters[1].pk}
    _vote_all(cast, session, lambda u, c: "agree" if u.pk in agreeing else "disagree")
    services.close_session(actor=cast.head_rep, session=session)
    candidate = session.candidates.get()
    assert (candidate.agree, candidate.passed) == (2, False)
    assert Notification.objects.filter(kind="voting.closed").exists()


def test_a_tie_at_the_edge_goes_to_a_run_off_for_the_seats_left(cast):
    evaluation(cast)
    session = services.open_session(actor=cast.head_rep, session=_prepare(cast, "head"))
    voters = list(unit_voters(cast).values())
    a, b = cast.head_org.pk, cast.deputy_org.pk
    picks = {voters[0].pk: a, voters[1].pk: a, voters[2].pk: b, voters[3].pk: b}
    _vote_all(
        cast, session, lambda u, c: "agree" if c.organisation_id == picks[u.pk] else "disagree"
    )
    # Threshold: more than half of 4 = 3 votes: 2 each reach nothing, so change the policy
    # snapshot for this test: at least 1/2.
    BallotSession.objects.filter(pk=session.pk).update(threshold_strict=False)
    session.refresh_from_db()
    services.close_session(actor=cast.head_rep, session=session)
    tied = set(
        Candidate.objects.filter(session=session, tied=True).values_list("organisation", flat=True)
    )
    assert tied == {a, b}
    runoff = services.prepare_runoff(actor=cast.head_rep, session=session)
    assert (runoff.round, runoff.seats, runoff.runoff_of_id) == (2, 1, session.pk)
    assert {c.organisation_id for c in runoff.candidates.all()} == {a, b}
    with pytest.raises(DomainError, match="already been prepared"):
        services.prepare_runoff(actor=cast.head_rep, session=session)


def test_no_run_off_without_a_tie(cast):
    session = open_flag_session(cast)
    others_vote(cast, session, 3)
    services.close_session(actor=cast.head_rep, session=session)
    with pytest.raises(DomainError, match="No candidates are tied"):
        services.prepare_runoff(actor=cast.head_rep, session=session)


def _paper(cast, session, **changes):
    candidate = session.candidates.get()
    values = {
        "issued": 4,
        "returned": 4,
        "valid": 3,
        "invalid": 1,
        "agree": {candidate.pk: 3},
        "committee": [{"name": n} for n in ("Nguyễn Văn A", "Trần Thị B", "Lê Văn C")],
    }
    values.update(changes)
    return services.record_paper_count(
        actor=cast.head_rep, session=session, count=services.PaperCount(**values)
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issued": 5}, "issued"),
        ({"returned": 5, "valid": 4}, "returned"),
        ({"valid": 2}, "invalid"),
        ({"committee": [{"name": "A"}, {"name": "B"}, {"name": " "}]}, "committee_1_name"),
    ],
)
def test_a_paper_count_that_does_not_add_up_is_refused(cast, changes, field):
    evaluation(cast)
    session = _prepare(cast)
    with pytest.raises(DomainError) as err:
        _paper(cast, session, **changes)
    assert err.value.field == field
    session.refresh_from_db()
    assert session.status == "prepared" and session.issued is None


def test_more_agree_votes_than_valid_ballots_is_refused_on_the_candidate(cast):
    evaluation(cast)
    session = _prepare(cast)
    candidate = session.candidates.get()
    with pytest.raises(DomainError) as err:
        _paper(cast, session, agree={candidate.pk: 4})
    assert err.value.field == f"agree_{candidate.pk}"


def test_a_paper_count_closes_the_ballot_with_its_committee(cast):
    evaluation(cast)
    session = _paper(cast, _prepare(cast))
    assert (session.status, session.mode, session.valid) == ("closed", "paper", 3)
    assert session.committee[0]["name"] == "Nguyễn Văn A"
    assert session.candidates.get().passed is True  # 3 of 4 members


def _elect(cast, session, winner):
    _vote_all(
        cast,
        session,
        lambda u, c: "agree" if c.organisation_id == winner.pk else "disagree",
    )
    return services.close_session(actor=cast.head_rep, session=session)


def test_the_election_creates_next_years_cycle_with_the_elected_units(cast):
    evaluation(cast)
    head = services.open_session(actor=cast.head_rep, session=_prepare(cast, "head"))
    deputy = services.open_session(actor=cast.head_rep, session=_prepare(cast, "deputy"))
    with pytest.raises(DomainError, match="must be elected"):
        services.apply_election(actor=cast.head_rep, cycle=cast.cycle)
    _elect(cast, head, cast.deputy_org)
    _elect(cast, deputy, cast.member_org)
    following = services.apply_election(actor=cast.head_rep, cycle=cast.cycle)
    assert (following.year, following.head_unit, following.deputy_unit) == (
        cast.cycle.year + 1,
        cast.deputy_org,
        cast.member_org,
    )
    # Once next year's cycle is under way the election can no longer change it.
    Cycle.objects.filter(pk=following.pk).update(phase=Phase.DRAFTING)
    with pytest.raises(DomainError, match="already under way"):
        services.apply_election(actor=cast.head_rep, cycle=cast.cycle)


def test_the_election_sets_the_units_of_a_cycle_being_prepared(cast):
    from thidua.cycles import services as cycles
    from thidua.orgs import services as orgs

    for org in (cast.head_org, cast.deputy_org, cast.member_org, fourth_org(cast)):
        orgs.add_membership(
            actor=None, block=cast.block, organisation=org, year=cast.cycle.year + 1
        )
    cycles.create_cycle(
        actor=None,
        block=cast.block,
        year=cast.cycle.year + 1,
        head_unit=cast.head_org,
        deputy_unit=fourth_org(cast),
    )
    evaluation(cast)
    head = services.open_session(actor=cast.head_rep, session=_prepare(cast, "head"))
    deputy = services.open_session(actor=cast.head_rep, session=_prepare(cast, "deputy"))
    _elect(cast, head, cast.deputy_org)
    _elect(cast, deputy, cast.member_org)
    following = services.apply_election(actor=cast.board, cycle=cast.cycle)
    assert (following.head_unit, following.deputy_unit) == (cast.deputy_org, cast.member_org)
