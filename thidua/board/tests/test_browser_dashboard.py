"""In a real browser, on a desktop and on a phone: a Board officer reads the summary of a
province's progress, filters the table by keyboard (phase, behind schedule) and pages through it;
axe finds no problem of any impact on the dashboard, summarised, filtered and paged."""

from __future__ import annotations

import pytest

from thidua.board import selectors
from thidua.board.tests.test_dashboard_scale import _province
from thidua.cycles.models import Phase
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_officer_filters_and_pages_the_progress_by_keyboard(page, cast, viewport, monkeypatch):
    monkeypatch.setattr(selectors, "PROGRESS_PAGE_SIZE", 3)
    _province(cast)  # 9 current cycles, 2 behind schedule
    page.set_viewport_size(viewport)
    sign_in(page, cast.board)
    page.goto("/")
    progress = page.get_by_role("region", name="Tiến độ năm thi đua hiện hành của các khối")
    glance = progress.get_by_role("list", name="Tóm tắt")
    assert "2 năm thi đua chậm tiến độ" in glance.inner_text()
    rows = progress.locator("tbody tr")
    assert rows.count() == 3 and "Khối thử 0" in rows.first.inner_text()
    assert_accessible(page, "the Board's dashboard, summarised", every_impact=True)
    screenshot(page, f"board-progress-{viewport['width']}")

    # The filter: a phase chosen in its list, then the button pressed with Enter.
    progress.get_by_label("Giai đoạn").select_option(Phase.EVALUATION.value)
    progress.get_by_role("button", name="Xem").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**phase=evaluation**")
    assert rows.count() == 2 and "(đã lọc)" in progress.inner_text()
    assert_accessible(page, "the Board's dashboard, filtered", every_impact=True)

    # Paging: the "next page" link is reached and followed with the keyboard.
    page.goto("/")
    following = page.get_by_role("navigation", name="Trang").get_by_role("link", name="Trang sau")
    following.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
    assert "Năm thi đua 4–6 trên 9" in progress.inner_text()
    assert_accessible(page, "the Board's dashboard, page 2", every_impact=True)
