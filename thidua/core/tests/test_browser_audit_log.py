"""In a real browser, by keyboard only: the Board filters the audit log by block, cycle, kind of
action and person, reads the events as sentences and follows a link. Axe checks each state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from thidua.drafting import services as drafting
from thidua.orgs import services as orgs
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, label: str, limit: int = 40) -> None:
    """Press Tab until the field labelled `label` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e && e.labels && e.labels.length ? e.labels[0].innerText : ''; }"
        )
        if focused.strip() == label:
            return
    raise AssertionError(f"the keyboard never reached “{label}”")


def test_the_board_filters_the_audit_log_by_keyboard(page, cast):
    drafting.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="plan")
    orgs.update_block(
        actor=cast.board,
        block=cast.other_block,
        name="Khối thi đua 7",
        description="",
        is_active=True,
    )
    sign_in(page, cast.board)
    page.goto("/audit/")
    table = page.get_by_role("region", name="Sự kiện nhật ký, mới nhất trước")
    assert "Head Rep tạo dự thảo" in table.inner_text()
    assert_accessible(page, "audit log", every_impact=True)

    # Block: "Khối thi đua 7" comes first by name; the arrow key chooses it.
    _tab_to(page, "Khối thi đua")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Khối thi đua").input_value() == str(cast.other_block.pk)
    # The cycle list follows at once (that block has no cycle), the focus stays where it was.
    expect(page.locator("#f-cycle option")).to_have_count(1)
    assert page.evaluate("document.activeElement.id") == "f-block"
    _tab_to(page, "Loại thao tác")
    page.keyboard.type("Danh")  # typing selects the matching option
    _tab_to(page, "Cá nhân")
    page.keyboard.type("Board")
    page.keyboard.press("Enter")
    rows = table.locator("tbody tr")
    # Auto-retrying: htmx swaps the results in after the answer arrives.
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Board Officer sửa khối thi đua Khối thi đua 7")
    expect(page).to_have_url(re.compile(r"block=\d+.*actor=Board"))
    assert_accessible(page, "audit log filtered", every_impact=True)
    screenshot(page, "audit-log-filtered-desktop")

    # The object's link opens its page, by keyboard.
    link = rows.first.get_by_role("link", name="Khối thi đua 7")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/registry/blocks/{cast.other_block.pk}/")
