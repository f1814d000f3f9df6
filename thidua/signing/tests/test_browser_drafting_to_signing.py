"""In a real browser, by keyboard alone: the head takes a cycle from drafting to signing by
following its to-do list to the cycle page's "What's next" and the checklists before each
irreversible step —
close the covenant's comment window (acknowledging the silent units), move the cycle on
(acknowledging the unanswered comment), freeze the covenant. axe finds nothing on the way."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle, Phase
from thidua.drafting import services as drafting
from thidua.drafting.models import CommentWindow
from thidua.drafting.tests.helpers import make_regulation
from thidua.signing import selectors
from thidua.signing.tests.helpers import ARTICLES, leaders
from thidua.testing import signin
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, live_server) -> None:
    client = signin(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _press(page, role: str, name: str | re.Pattern[str], key: str = "Enter") -> None:
    """Focus a control and press a key on it, as a keyboard user does after tabbing to it."""
    page.get_by_role(role, name=name).focus()
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def _acknowledge(page, reason: str) -> None:
    page.get_by_label("Tôi đã xem các cảnh báo và vẫn tiếp tục").focus()
    page.keyboard.press("Space")
    page.get_by_label("Lý do vẫn tiếp tục dù có cảnh báo").focus()
    page.keyboard.type(reason)


def _from_the_to_do_list(page, cast) -> None:
    """The dashboard's item for the head's cycle leads to the cycle page's "What's next"."""
    page.goto("/")
    _press(page, "link", re.compile(rf"^Chuyển {cast.block.name} — {cast.cycle.year} sang"))
    assert page.url.endswith(f"/cycles/{cast.cycle.pk}/#next-h")


def _drafting_cycle(cast) -> CommentWindow:
    Cycle.objects.filter(pk=cast.cycle.pk).update(phase=Phase.DRAFTING)
    leaders(cast)
    make_regulation(cast)
    covenant = drafting.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="covenant")
    version = drafting.save_version(
        actor=cast.head_rep,
        document=covenant,
        title=covenant.title,
        preamble="",
        articles=[{k: v for k, v in a.items() if k != "key"} for a in ARTICLES],
    )
    window = drafting.open_comment_window(
        actor=cast.head_rep, version=version, deadline=timezone.now() + dt.timedelta(days=5)
    )
    drafting.add_comment(actor=cast.member_rep, window=window, text="Đề nghị bổ sung chỉ tiêu.")
    return window


def test_head_takes_the_cycle_from_drafting_to_signing_by_keyboard(page, cast, live_server):
    window = _drafting_cycle(cast)
    _as(page, cast.head_rep, live_server)
    _from_the_to_do_list(page, cast)
    next_steps = page.locator("section[aria-labelledby=next-h]")
    assert "Chặn:" in next_steps.inner_text()
    assert_accessible(page, "cycle page: what's next (a window open)", every_impact=True)
    screenshot(page, "checks-cycle-whats-next")

    # 1. The one primary action: close the covenant's window, after its checklist.
    _press(page, "link", "Kết thúc lấy ý kiến về Giao ước thi đua…")
    assert "/close/" in page.url
    assert "chưa góp ý" in page.locator("#checklist").inner_text()
    assert_accessible(page, "close the window: checklist", every_impact=True)
    _press(page, "button", "Xác nhận: kết thúc lấy ý kiến ngay")
    # Refused without the acknowledgement: focus moves to the error summary.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page, "close the window: refused", every_impact=True)
    _acknowledge(page, "Các đơn vị còn lại đã góp ý tại cuộc họp.")
    _press(page, "button", "Xác nhận: kết thúc lấy ý kiến ngay")
    assert CommentWindow.objects.get(pk=window.pk).closed_at is not None

    # 2. Back through the to-do list, only warnings remain: move on, acknowledging them.
    _from_the_to_do_list(page, cast)
    assert "Cảnh báo:" in next_steps.inner_text()
    _press(page, "link", "Chuyển sang giai đoạn tiếp theo…")
    assert "1 góp ý chưa được trả lời." in page.locator("#checklist").inner_text()
    assert_accessible(page, "advance: checklist", every_impact=True)
    _acknowledge(page, "Góp ý sẽ được trả lời trong bản sửa đổi.")
    screenshot(page, "checks-advance-acknowledged")
    _press(page, "button", "Xác nhận: chuyển sang “Ký kết giao ước”")
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.SIGNING
    assert AuditEvent.objects.filter(action="cycle.advance_phase").latest("seq").after[
        "reason"
    ] == ("Góp ý sẽ được trả lời trong bản sửa đổi.")

    # 3. In signing, what's next is freezing the covenant.
    assert "chưa được khóa để ký" in next_steps.inner_text()
    assert_accessible(page, "cycle page: what's next (signing)", every_impact=True)
    _press(page, "link", "Khóa giao ước để ký…")
    assert_accessible(page, "freeze: checklist", every_impact=True)
    _acknowledge(page, "Góp ý còn lại đưa vào bản sửa đổi.")
    _press(page, "button", re.compile(r"^Xác nhận: khóa phiên bản \d+ và đề nghị các đơn vị ký$"))
    assert selectors.signing_version(cast.cycle) is not None
    assert_accessible(page, "signing board after the freeze", every_impact=True)
