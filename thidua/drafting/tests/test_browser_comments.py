"""In a real browser, with the keyboard: a member comments on one article and lands on the
confirmation; the head answers it and the member sees the answer."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from thidua.drafting.models import Comment
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.testing import signin
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, live_server) -> None:
    client = signin(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_member_comments_by_keyboard_and_the_head_answers(page, cast, live_server):
    window = open_window(cast, make_regulation(cast))
    _as(page, cast.member_rep, live_server)
    page.goto(f"/drafting/windows/{window.pk}/")
    assert "/windows/" in page.url, page.url
    assert_accessible(page, "comment window")
    page.get_by_role(
        "link", name=re.compile(r"^Góp ý điều này\s*: Điều 2 Đối tượng áp dụng$")
    ).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_label("Góp ý về").input_value() == "a2"
    page.get_by_label("Ý kiến của bạn").focus()
    page.keyboard.type("Đề nghị bổ sung hội viên danh dự.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "sent=" in page.url
    expect(page.locator("#sent")).to_be_focused()
    assert "Hội Người mù tỉnh" in page.locator("#comments-h + h3 + ul").inner_text()
    screenshot(page, "drafting-comment-sent")

    comment = Comment.objects.get()
    _as(page, cast.head_rep, live_server)
    page.goto(f"/drafting/comments/{comment.pk}/answer/")
    assert "/answer/" in page.url, page.url
    page.get_by_label("Trả lời").select_option("partly")
    page.get_by_label("Lý do").fill("Bổ sung ở Điều 3.")
    page.get_by_role("button", name="Lưu ý kiến trả lời").click()
    page.wait_for_load_state()
    assert "Trả lời: Tiếp thu một phần" in page.locator(f"#comment-{comment.pk}").inner_text()
    assert_accessible(page, "answered comment")
