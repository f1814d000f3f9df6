"""In a real browser: the head opens the flag ballot, three delegates vote after signing in
(a fieldset per candidate, "Đồng ý"/"Không đồng ý"); each is shown the receipt code, focused and
spelled out, before casting with the keyboard; the head closes the ballot and a delegate finds
their ballot on the bulletin board. A delegate whose answer is lost finds the ballot by the code
held. Axe checks every page."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError

from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import PHONE, assert_accessible, screenshot
from thidua.voting import ballot_box
from thidua.voting.models import Ballot
from thidua.voting.tests.builders import flag_session, open_flag_session, unit_voters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused_receipt(page) -> str:
    """The receipt code, checking that its region has the focus and spells it out."""
    assert page.evaluate("document.activeElement.id") == "receipt"
    code = page.locator("#receipt-code").inner_text().strip()
    assert page.locator("#receipt-code").get_attribute("aria-describedby") == "receipt-spelled"
    assert " ".join(code) in page.locator("#receipt-spelled").inner_text()
    return code


def test_three_delegates_vote_and_the_head_closes_the_ballot(page, cast):
    session = flag_session(cast)
    voters = unit_voters(cast)
    delegates = [voters[o.pk] for o in (cast.member_org, cast.deputy_org) if o.pk in voters]
    delegates.append(
        next(u for pk, u in voters.items() if u not in delegates and u != cast.head_rep)
    )
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, cast.head_rep)
    page.goto(f"/voting/cycle/{cast.cycle.pk}/")
    assert "Đủ" in page.locator("main").inner_text() or "đủ" in page.locator("main").inner_text()
    assert_accessible(page, "voting cycle")
    page.goto(f"/voting/session/{session.pk}/")
    page.get_by_role("button", name="Mở bỏ phiếu điện tử").click()
    page.wait_for_load_state()
    assert_accessible(page, "voting session open")

    receipts = []
    for i, delegate in enumerate(delegates):
        page.context.clear_cookies()
        sign_in(page, delegate)
        page.goto(f"/voting/session/{session.pk}/ballot/")
        assert_accessible(page, "ballot")
        page.get_by_role("group", name=cast.member_org.name).get_by_role(
            "radio", name="Không đồng ý" if i == 2 else "Đồng ý", exact=True
        ).check()
        if i == 0:
            screenshot(page, "voting-ballot-desktop")
        page.get_by_role("button", name="Xem lại phiếu").click()
        page.wait_for_load_state()
        # The receipt comes first, focused, and spelled out for screen readers.
        shown = _focused_receipt(page)
        assert_accessible(page, "ballot confirmation")
        if i == 0:
            screenshot(page, "voting-confirm-desktop")
        # Keyboard only: from the receipt, past "copy", to "cast".
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Bỏ phiếu"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        alert = page.get_by_role("alert")
        assert "Mã biên nhận" in alert.inner_text()
        assert _focused_receipt(page) == shown
        receipts.append(shown)
        assert_accessible(page, "receipt")
    assert Ballot.objects.filter(session=session).count() == 3
    assert len(set(receipts)) == 3

    page.context.clear_cookies()
    sign_in(page, cast.head_rep)
    page.goto(f"/voting/session/{session.pk}/")
    assert "3/4" in page.locator("main").inner_text()
    page.get_by_role("link", name="Kết thúc bỏ phiếu…").click()
    page.wait_for_load_state()
    # The close dialog: turnout, the quorum of ballots and what will happen, in words.
    dialog = page.locator("main").inner_text()
    assert "3/4 đơn vị đã bỏ phiếu" in dialog and "Số phiếu tối thiểu:" in dialog, dialog
    assert "Đã sẵn sàng:" in dialog and "Cảnh báo:" in dialog  # one unit has not voted
    assert_accessible(page, "voting close dialog")
    confirm = page.get_by_role("button", name="Xác nhận: kết thúc và kiểm phiếu")
    confirm.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    results = page.locator("main").inner_text()
    assert "Đạt" in results or "Không đạt" in results
    assert_accessible(page, "voting session closed")
    screenshot(page, "voting-results-desktop")
    page.goto(f"/voting/cycle/{cast.cycle.pk}/")
    screenshot(page, "voting-cycle-desktop")

    page.context.clear_cookies()
    sign_in(page, delegates[0])
    page.goto(f"/voting/session/{session.pk}/bulletin/")
    page.get_by_label("Mã biên nhận của bạn").fill(receipts[0])
    page.get_by_role("button", name="Tra cứu phiếu của tôi").click()
    page.wait_for_load_state()
    assert "đã được kiểm" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "bulletin board")
    page.set_viewport_size(PHONE)
    screenshot(page, "voting-bulletin-phone")


def test_a_delegate_whose_answer_is_lost_finds_the_ballot_with_the_code_shown_before(page, cast):
    session = open_flag_session(cast)
    sign_in(page, cast.member_rep)
    page.goto(f"/voting/session/{session.pk}/ballot/")
    page.get_by_role("group", name=cast.member_org.name).get_by_role(
        "radio", name="Đồng ý", exact=True
    ).check()
    page.get_by_role("button", name="Xem lại phiếu").click()
    page.wait_for_load_state()
    code = _focused_receipt(page)

    def lose_the_answer(route):
        route.fetch()  # the server stores the ballot…
        route.abort("connectionreset")  # …and the answer never arrives

    page.route("**/ballot/", lose_the_answer)
    with contextlib.suppress(PlaywrightError):
        page.get_by_role("button", name="Bỏ phiếu").click()
        page.wait_for_load_state()
    page.unroute("**/ballot/")
    assert Ballot.objects.filter(session=session).count() == 1

    page.goto(f"/voting/session/{session.pk}/ballot/")
    assert "đã bỏ phiếu" in page.locator("main").inner_text()
    assert_accessible(page, "ballot already cast")
    page.get_by_role("link", name="bảng công khai phiếu bầu").click()
    page.wait_for_load_state()
    page.get_by_label("Mã biên nhận của bạn").fill(code)
    page.get_by_role("button", name="Tra cứu phiếu của tôi").click()
    page.wait_for_load_state()
    assert "đã nằm trong hòm phiếu" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert_accessible(page, "bulletin board while open")
    screenshot(page, "voting-bulletin-open-desktop")


def test_the_head_closes_a_ballot_below_quorum_by_keyboard_and_holds_it_again(page, cast):
    """One of four units has voted: the dialog says the ballot will be void, the head confirms
    by keyboard, the page says void and why, and the head holds it again."""
    session = open_flag_session(cast)
    ballot_box.cast_ballot(
        actor=cast.member_rep,
        session=session,
        unit=cast.member_org,
        choices={c.pk: "agree" for c in session.candidates.all()},
        reauthenticated=True,
    )
    sign_in(page, cast.head_rep)
    page.goto(f"/voting/session/{session.pk}/")
    link = page.get_by_role("link", name="Kết thúc bỏ phiếu…")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "1/4 đơn vị đã bỏ phiếu" in text and "tuyên bố vô hiệu" in text
    assert_accessible(page, "voting close dialog below quorum")
    screenshot(page, "voting-close-void-desktop")
    # Keyboard: Tab reaches the confirmation, Enter closes.
    for _ in range(40):
        page.keyboard.press("Tab")
        if "Xác nhận" in page.evaluate("document.activeElement.textContent"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Vô hiệu" in text and "chỉ có 1 trong số 3 phiếu" in text
    assert_accessible(page, "voting session void")
    page.get_by_role("button", name="Tổ chức bỏ phiếu lại").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "tổ chức bỏ phiếu lại, vòng 2" in page.locator("h1").inner_text()
