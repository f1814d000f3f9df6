"""In a real browser: the head submits the dossier, the Board returns it with a reason, the head
fixes the tờ trình and submits again, the Board accepts it and records the decision. Every page
on the way is checked with axe."""

from __future__ import annotations

import pytest

from thidua.awards.models import Award, Proposal, ProposalStatus
from thidua.awards.tests import helpers
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_head_submits_board_returns_head_resubmits_board_accepts_and_decides(page, cast):
    proposal = helpers.flag_proposal(cast)
    detail = f"/awards/{proposal.pk}/"

    sign_in(page, cast.head_rep)
    page.goto(f"/awards/cycle/{cast.cycle.pk}/")
    assert_accessible(page, "dossiers of the cycle")
    page.goto(detail)
    assert_accessible(page, "dossier (draft)")
    page.get_by_role("link", name="Gửi hồ sơ…").click()
    assert_accessible(page, "submit the dossier: its checklist")
    _click(page, "Xác nhận: gửi hồ sơ")
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, cast.board)
    page.goto("/awards/")
    assert_accessible(page, "the Board's queue")
    page.get_by_role("link", name="Khối thi đua 8 — Cờ thi đua của UBND tỉnh").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Trả lại kèm lý do…").click()
    page.wait_for_load_state()
    assert_accessible(page, "return form")
    page.get_by_label("Lý do trả lại hồ sơ").fill("Ghi rõ chức vụ người ký.")
    _click(page, "Trả lại đơn vị trưởng khối")
    assert Proposal.objects.get().status == ProposalStatus.RETURNED

    page.context.clear_cookies()
    sign_in(page, cast.head_rep)
    page.goto(detail)
    assert "Ghi rõ chức vụ người ký." in page.locator("main").inner_text()
    page.get_by_role("link", name="Sửa tờ trình").click()
    page.wait_for_load_state()
    assert_accessible(page, "tờ trình form")
    page.get_by_label("Chức vụ người ký").fill("Trưởng khối, Chủ tịch Hội Người cao tuổi tỉnh")
    _click(page, "Lưu")
    page.get_by_role("link", name="Gửi lại…").click()
    # The Board's reason is a warning: the head goes on only by ticking and saying why.
    assert page.get_by_text("Cảnh báo:", exact=True).is_visible()
    page.get_by_label("Tôi đã xem các cảnh báo và vẫn tiếp tục").check()
    page.get_by_label("Lý do vẫn tiếp tục dù có cảnh báo").fill("Đã bổ sung chức vụ người ký.")
    assert_accessible(page, "submit again: the acknowledgement")
    _click(page, "Xác nhận: gửi hồ sơ")
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, cast.board)
    page.goto(detail)
    _click(page, "Tiếp nhận hồ sơ")
    page.get_by_role("link", name="Ghi nhận quyết định…").click()
    page.wait_for_load_state()
    assert_accessible(page, "decision form")
    page.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    page.get_by_label("Ngày ban hành quyết định").fill("2025-02-20")
    page.fill("#id_signer_name", "Trần Minh Khoa")
    _click(page, "Ghi nhận quyết định")
    assert Proposal.objects.get().status == ProposalStatus.DECIDED
    assert Award.objects.get().organisation == cast.member_org
    text = page.locator("main").inner_text()
    assert "125/QĐ-UBND" in text and "Bị trả lại" in text and "Ghi rõ chức vụ" in text
    assert_accessible(page, "decided dossier")
    screenshot(page, "awards-decided-desktop")
    page.goto(f"/awards/organisation/{cast.member_org.pk}/")
    assert_accessible(page, "award history")
    page.set_viewport_size(PHONE)
    page.goto(detail)
    screenshot(page, "awards-decided-phone")
