"""Submitting a dossier shows its checklist first: a missing achievement report or tờ trình
particulars refuse the step (in the service and on the page), resending a returned dossier
needs an acknowledgement of the Board's reason, and leaving the evaluation phase warns of
dossiers not yet sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import Proposal, ProposalStatus
from thidua.awards.tests import helpers
from thidua.core.checklist import ChecklistRefused
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.testing import as_role


def test_a_missing_report_refuses_submitting_in_the_service(cast):
    proposal = helpers.flag_proposal(cast, written=False)
    with pytest.raises(ChecklistRefused) as refused:
        services.submit_proposal(
            actor=cast.head_rep, proposal=proposal, acknowledge=True, reason="Gửi gấp"
        )
    assert len(refused.value.checklist.blockers) == 1
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_the_submit_page_names_what_is_missing_and_refuses_with_focus_on_the_checklist(
    client, cast
):
    proposal = helpers.flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    as_role(client, cast, "head_rep")
    url = reverse("awards:proposal_submit", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert f"Còn thiếu báo cáo thành tích của {nominee.name}" in page
    assert "Chặn:" in page
    assert "Xác nhận: gửi hồ sơ" not in page
    response = client.post(url, {})
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_a_complete_dossier_is_sent_from_its_confirmation_page(client, cast):
    proposal = helpers.flag_proposal(cast)
    as_role(client, cast, "head_rep")
    url = reverse("awards:proposal_submit", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Không còn việc gì dang dở." in page
    assert "không thể sửa nữa trừ khi Ban trả lại" in page
    assert client.post(url, {}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_resending_a_returned_dossier_shows_the_boards_reason_and_audits_the_answer(client, cast):
    proposal = helpers.submitted_proposal(cast)
    services.return_proposal(actor=cast.board, proposal=proposal, reason="Thiếu chữ ký.")
    as_role(client, cast, "head_rep")
    url = reverse("awards:proposal_submit", args=[proposal.pk])
    assert "Ban đã trả lại hồ sơ này: “Thiếu chữ ký.”" in client.get(url).content.decode()
    assert client.post(url, {"reason": "Đã ký."}).status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.RETURNED
    response = client.post(url, {"acknowledge": "on", "reason": "Đã bổ sung chữ ký."})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    event = AuditEvent.objects.filter(action="awards.proposal.submit").latest("seq")
    assert event.after["reason"] == "Đã bổ sung chữ ký."


def test_leaving_the_evaluation_phase_warns_of_dossiers_not_sent(client, cast):
    proposal = helpers.flag_proposal(cast)
    with pytest.raises(ChecklistRefused):
        cycles.advance_phase(actor=cast.head_rep, cycle=cast.cycle, to_phase=Phase.PROPOSED)
    as_role(client, cast, "head_rep")
    html = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).content.decode()
    submit = reverse("awards:proposal_submit", args=[proposal.pk])
    assert f'class="btn btn-primary" href="{submit}"' in html
    services.submit_proposal(actor=cast.head_rep, proposal=proposal)
    cycles.advance_phase(actor=cast.head_rep, cycle=cast.cycle, to_phase=Phase.PROPOSED)
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.PROPOSED
