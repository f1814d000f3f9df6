"""In a real browser, by keyboard: a Board officer issues a token (shown once), registers a
webhook (its secret shown once), reads the documentation, and revokes the token. Every page on
the way is checked with axe."""

from __future__ import annotations

import pytest

from thidua.api.models import ApiToken, WebhookEndpoint
from thidua.api.services import hash_token
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_issues_a_token_registers_a_webhook_and_revokes_the_token(page, cast):
    sign_in(page, cast.board)
    page.goto("/api/tokens/")
    assert_accessible(page, "API access")
    page.get_by_role("link", name="Cấp mã truy cập").click()
    page.wait_for_load_state()
    assert_accessible(page, "token form")
    page.get_by_label("Hệ thống kết nối").fill("Văn phòng điện tử – Sở Nội vụ")
    page.get_by_label("Tỉnh").select_option(label="Bình Thuận")
    page.get_by_label("Ghi quyết định khen thưởng và các danh hiệu").press("Space")
    page.get_by_role("button", name="Cấp mã").press("Enter")
    page.wait_for_load_state()
    assert_accessible(page, "token issued")
    screenshot(page, "api-token-issued")
    raw = page.get_by_label("Mã cho Văn phòng điện tử – Sở Nội vụ").input_value()
    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw) and token.scopes == ["decisions"]

    page.goto("/api/webhooks/new/")
    assert_accessible(page, "webhook form")
    page.get_by_label("Hệ thống kết nối").fill("Văn phòng điện tử")
    page.get_by_label("Địa chỉ (HTTPS)").fill("https://eoffice.example.gov.vn/hooks")
    page.get_by_label("Tỉnh").select_option(label="Bình Thuận")
    page.get_by_label("Hồ sơ đã gửi").check()
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_load_state()
    assert_accessible(page, "webhook registered")
    assert WebhookEndpoint.objects.get().events == ["dossier.submitted"]
    page.goto("/api/webhooks/")
    assert_accessible(page, "webhooks")

    page.goto("/api/")
    assert_accessible(page, "API documentation")
    page.set_viewport_size(PHONE)
    assert_accessible(page, "API documentation on a phone")

    page.goto("/api/tokens/")
    page.get_by_role("link", name="Thu hồi Văn phòng điện tử – Sở Nội vụ").click()
    page.wait_for_load_state()
    assert_accessible(page, "revoke a token")
    page.get_by_role("button", name="Thu hồi mã").click()
    page.wait_for_load_state()
    token.refresh_from_db()
    assert token.revoked_at is not None
