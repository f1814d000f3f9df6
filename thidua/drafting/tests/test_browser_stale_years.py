"""In a real browser, by keyboard: the head opens a regulation copied from last year's text,
follows the list of years to check to each mark in the text, and marks them as reviewed one by
one; axe finds nothing on the way."""

from __future__ import annotations

import pytest

from thidua.drafting.tests.test_browser_comments import _as
from thidua.drafting.tests.test_stale_years import _copied
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, text: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in (page.evaluate("document.activeElement.textContent") or ""):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_the_head_checks_the_copied_years_by_keyboard(page, cast, live_server):
    copy, _version = _copied(cast)
    _as(page, cast.head_rep, live_server)
    page.goto(f"/drafting/{copy.pk}/")
    section = page.get_by_role("region", name="Năm và ngày tháng cần kiểm tra")
    assert "4 năm hoặc ngày tháng cần kiểm tra" in section.inner_text()
    assert_accessible(page, "stale years to check")
    screenshot(page, "drafting-stale-years-desktop")

    # From the list to the year in the text, which is marked in words, not only by colour.
    _tab_to(page, "“31/12/2025”")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "stale-3"
    assert "năm cần kiểm tra số 3" in page.locator("#stale-3").inner_text()

    for left in (3, 2, 1, 0):
        page.locator("#stale-h").focus()
        _tab_to(page, "đánh dấu đã kiểm tra")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        text = page.locator("main").inner_text()
        if left:
            assert f"{left} năm hoặc ngày tháng cần kiểm tra" in text
    assert "Mọi năm và ngày tháng đã được kiểm tra." in page.locator("main").inner_text()
    assert page.locator("mark.stale-year").count() == 0
    assert_accessible(page, "stale years reviewed")
