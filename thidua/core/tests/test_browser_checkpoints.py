"""In a real browser: the Board's audit page shows the checkpoints and a log cut short; the
public portal's footer shows the latest anchored head. Axe checks each page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from thidua.core.models import AuditChainHead
from thidua.core.tests.test_checkpoints import _cut_after
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_sees_the_checkpoints_and_the_portal_shows_the_anchor(page, cast):
    call_command("audit_checkpoint", stdout=io.StringIO())
    page.goto("/")
    footer = page.locator("footer").inner_text()
    head = AuditChainHead.objects.get(chain="main")
    assert f"#{head.seq}" in footer and head.hash[:16] in footer
    assert_accessible(page, "portal with the audit anchor")

    sign_in(page, cast.board)
    page.goto("/audit/")
    section = page.get_by_role("region", name="Điểm neo của nhật ký")
    assert "khớp" in section.inner_text()
    page.get_by_text("Các điểm neo gần đây", exact=True).click()
    assert_accessible(page, "audit page with checkpoints")

    _cut_after(head.seq - 2)
    page.reload()
    alert = page.get_by_role("alert")
    assert "không khớp" in alert.inner_text() and f"#{head.seq - 1}" in alert.inner_text()
    assert_accessible(page, "audit page with a log cut short")
    screenshot(page, "audit-checkpoints-broken-desktop")
