"""The dossier's life: built from the passed candidates, reports written, submitted, returned
with a reason and resubmitted, accepted, decided — and every refusal on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards import services
from thidua.awards.models import Award, Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.awards.tests import helpers
from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.notifications.models import Notification
from thidua.scoring.models import PublishedRanking

Outcome = services.Outcome


def _decide(cast, proposal, **changes):
    values = {
        "actor": cast.board,
        "proposal": proposal,
        "number": "125/QĐ-UBND",
        "date": dt.date(2025, 2, 20),
        "signer_name": "Trần Minh Khoa",
        "signer_position": "Phó Chủ tịch UBND tỉnh",
        "outcomes": {n.pk: Outcome(True) for n in proposal.nominees.all()},
    }
    values.update(changes)
    return services.record_decision(**values)


def test_the_dossier_is_built_from_the_units_that_passed_the_ballot(cast):
    cycle = helpers.evaluated_cycle(cast)
    proposal = services.build_proposal(
        actor=cast.head_rep, cycle=cycle, award_type=helpers.merit(cast)
    )
    nominees = list(proposal.nominees.order_by("order"))
    assert [n.organisation for n in nominees] == [cast.head_org, cast.deputy_org]
    assert [(n.rank, n.agree, n.score) for n in nominees] == [(2, 4, "93.50"), (3, 3, "92.50")]
    assert nominees[0].name == cast.head_org.name
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.number == "02/TTr-KTĐ8"
    assert "Khối thi đua 8" in proposal.summary
    asked = Notification.objects.filter(kind="awards.report_needed")
    assert {n.recipient.organisation for n in asked} == {cast.head_org}


def test_a_dossier_is_refused_outside_the_evaluation_and_proposed_phases(cast):
    cycle = helpers.evaluated_cycle(cast, phase=Phase.RESULTS_PUBLISHED)
    with pytest.raises(DomainError, match="Evaluation"):
        services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.flag(cast))


def test_a_dossier_is_refused_without_a_published_ranking(cast):
    cycle = helpers.evaluated_cycle(cast)
    PublishedRanking.objects.filter(cycle=cycle).delete()
    with pytest.raises(DomainError, match="not published"):
        services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.flag(cast))


def test_a_unit_that_did_not_pass_the_ballot_cannot_be_nominated(cast):
    cycle = helpers.evaluated_cycle(cast)
    fourth = helpers.ranked_units(cast)[3]
    with pytest.raises(DomainError, match="did not pass"):
        services.build_proposal(
            actor=cast.head_rep,
            cycle=cycle,
            award_type=helpers.merit(cast),
            organisations=[cast.head_org, fourth],
        )
    assert not Proposal.objects.exists()


def test_nominees_beyond_the_quota_are_refused(cast):
    cycle = helpers.evaluated_cycle(cast)
    cycle.policy.quotas.filter(award_type=helpers.merit(cast)).update(quota=1)
    with pytest.raises(DomainError, match="quota"):
        services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.merit(cast))


def test_a_nominee_missing_from_the_published_ranking_is_refused(cast):
    cycle = helpers.evaluated_cycle(cast)
    helpers.publish_ranking(cycle, helpers.ranked_units(cast)[1:])
    with pytest.raises(DomainError, match="not in the published ranking"):
        services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.flag(cast))


def test_a_unit_already_awarded_the_title_that_year_cannot_be_nominated(cast):
    cycle = helpers.evaluated_cycle(cast)
    Award.objects.create(
        organisation=cast.member_org, award_type=helpers.flag(cast), year=cycle.year, name="X"
    )
    with pytest.raises(DomainError, match="already been awarded"):
        services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.flag(cast))


def test_a_title_has_one_dossier_per_cycle(cast):
    proposal = helpers.flag_proposal(cast)
    with pytest.raises(DomainError, match="already exists"):
        services.build_proposal(
            actor=cast.head_rep, cycle=proposal.cycle, award_type=helpers.flag(cast)
        )


def test_open_or_unpassed_ballots_give_no_candidates(cast):
    cycle = helpers.evaluated_cycle(cast)
    other = helpers.ranked_units(cast)[3]
    helpers.closed_ballot(cycle, helpers.flag(cast), [(other, 4, 4, True)], status="open")
    with pytest.raises(DomainError, match="did not pass"):
        services.build_proposal(
            actor=cast.head_rep, cycle=cycle, award_type=helpers.flag(cast), organisations=[other]
        )


def test_submitting_needs_every_nominees_report(cast):
    proposal = helpers.flag_proposal(cast, written=False)
    with pytest.raises(DomainError, match="achievement report is missing"):
        services.submit_proposal(actor=cast.head_rep, proposal=proposal)
    assert Proposal.objects.get().status == ProposalStatus.DRAFT


def test_an_uploaded_report_counts_and_must_really_be_a_pdf_or_docx(cast):
    proposal = helpers.flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    with pytest.raises(DomainError, match="not a real"):
        services.upload_report(
            actor=cast.member_rep, nominee=nominee, upload=helpers.pdf_upload("bao-cao.docx")
        )
    services.upload_report(actor=cast.member_rep, nominee=nominee, upload=helpers.pdf_upload())
    proposal = services.submit_proposal(actor=cast.head_rep, proposal=proposal)
    assert proposal.status == ProposalStatus.SUBMITTED


def test_submitting_notifies_the_board_and_keeps_an_event(cast):
    proposal = helpers.submitted_proposal(cast)
    assert proposal.submitted_at is not None
    assert list(proposal.events.values_list("action", flat=True)) == ["submitted"]
    assert Notification.objects.filter(recipient=cast.board, kind="awards.submitted").exists()
    with pytest.raises(DomainError, match="already been submitted"):
        services.submit_proposal(actor=cast.head_rep, proposal=proposal)


def test_the_board_returns_with_a_reason_and_the_head_resubmits(cast):
    proposal = helpers.submitted_proposal(cast)
    with pytest.raises(DomainError, match="why"):
        services.return_proposal(actor=cast.board, proposal=proposal, reason="  ")
    services.return_proposal(actor=cast.board, proposal=proposal, reason="Thiếu chữ ký.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert Notification.objects.filter(recipient=cast.head_rep, kind="awards.returned").exists()
    services.update_proposal(actor=cast.head_rep, proposal=proposal, values={"signer_name": "B"})
    # Resending a returned dossier shows the Board's reason as a warning to acknowledge.
    with pytest.raises(DomainError, match="Tick the box"):
        services.submit_proposal(actor=cast.head_rep, proposal=proposal)
    proposal = services.submit_proposal(
        actor=cast.head_rep, proposal=proposal, acknowledge=True, reason="Đã bổ sung chữ ký."
    )
    events = list(proposal.events.values_list("action", "reason"))
    assert events == [("submitted", ""), ("returned", "Thiếu chữ ký."), ("submitted", "")]


def test_only_a_submitted_dossier_is_returned_or_accepted(cast):
    proposal = helpers.flag_proposal(cast)
    with pytest.raises(DomainError):
        services.accept_proposal(actor=cast.board, proposal=proposal)
    with pytest.raises(DomainError):
        services.return_proposal(actor=cast.board, proposal=proposal, reason="x")


def test_a_submitted_dossier_can_no_longer_be_changed(cast):
    proposal = helpers.submitted_proposal(cast)
    with pytest.raises(DomainError, match="no longer be changed"):
        services.update_proposal(actor=cast.head_rep, proposal=proposal, values={"place": "X"})
    with pytest.raises(DomainError, match="no longer be changed"):
        helpers.write_reports(cast, proposal)


def test_a_decision_is_refused_unless_the_dossier_is_accepted(cast):
    proposal = helpers.submitted_proposal(cast)
    with pytest.raises(DomainError, match="accepted"):
        _decide(cast, proposal)
    assert not Award.objects.exists()


def test_the_decision_creates_the_awards_and_notifies_the_block(cast):
    proposal = helpers.accepted_proposal(cast)
    decision = _decide(cast, proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    award = Award.objects.get()
    assert (award.organisation, award.year, award.decision) == (cast.member_org, 2025, decision)
    assert Notification.objects.filter(recipient=cast.member_leader, kind="awards.decided").exists()
    assert proposal.events.last().action == ProposalEvent.Action.DECIDED
    with pytest.raises(DomainError, match="accepted"):
        _decide(cast, proposal)


def test_a_refused_nominee_needs_a_reason(cast):
    proposal = helpers.accepted_proposal(cast)
    nominee = proposal.nominees.get()
    with pytest.raises(DomainError, match="reason"):
        _decide(cast, proposal, outcomes={nominee.pk: Outcome(False, "")})
    _decide(cast, proposal, outcomes={nominee.pk: Outcome(False, "Chưa đủ tiêu chuẩn.")})
    assert not Award.objects.exists()
    assert Nominee.objects.get().refusal_reason == "Chưa đủ tiêu chuẩn."


def test_an_award_is_granted_only_once_per_title_and_year_and_nothing_is_half_saved(cast):
    proposal = helpers.accepted_proposal(cast)
    Award.objects.create(
        organisation=cast.member_org, award_type=helpers.flag(cast), year=2025, name="X"
    )
    with pytest.raises(DomainError, match="only once"):
        _decide(cast, proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert not hasattr(proposal, "decision") or proposal.decision is None
    assert Nominee.objects.get().granted is None
