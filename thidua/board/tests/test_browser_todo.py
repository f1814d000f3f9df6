"""In a real browser, on a desktop and on a phone: a delegate whose block's ballot is open finds
it first on the to-do list, reaches it with the Tab key and opens it with Enter; axe finds no
problem of any impact on the dashboard, with items and without."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot
from thidua.voting.tests.builders import open_flag_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_into_the_list(page) -> str:
    """Press Tab from the top of the page until the focus enters the to-do list; the name of the
    first link reached there."""
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('.todo-list')")
        if inside:
            return page.evaluate("document.activeElement.textContent").strip()
    raise AssertionError("Tab never reached the to-do list")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_delegate_finds_the_open_ballot_first_and_opens_it_by_keyboard(page, cast, viewport):
    session = open_flag_session(cast)
    page.set_viewport_size(viewport)
    sign_in(page, cast.member_rep)
    page.goto("/")
    todo = page.get_by_role("region", name="Việc cần làm của bạn")
    first = todo.get_by_role("listitem").first
    assert first.get_by_role("heading").inner_text().startswith("Bỏ phiếu ngay:")
    assert "Làm ngay" in first.inner_text()
    assert_accessible(page, "dashboard with a ballot open", every_impact=True)
    screenshot(page, f"todo-delegate-{viewport['width']}")
    name = _tab_into_the_list(page)
    assert name.startswith("Bỏ phiếu ngay: Cờ thi đua")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('voting:ballot', args=[session.pk])}")


def test_nothing_to_do_is_said_and_accessible(page, cast):
    sign_in(page, cast.member_rep)
    page.goto("/")
    todo = page.get_by_role("region", name="Việc cần làm của bạn")
    assert "Bạn không còn việc nào cần làm." in todo.inner_text()
    assert_accessible(page, "dashboard with nothing to do", every_impact=True)
