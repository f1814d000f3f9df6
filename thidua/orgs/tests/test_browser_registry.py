"""In a real browser: a Board officer signs in, creates a block, adds three members for a year
and sees them on the block page."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.testing import PASSWORD
from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_board(page, cast):
    device = TOTPDevice.objects.create(user=cast.board, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.fill("#id_username", cast.board.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/two-factor/verify/" in page.url, "a Board officer must enter a code"
    page.locator("main form input:visible").first.fill(f"{totp(device.bin_key):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_board_officer_creates_a_block_and_adds_three_members(page, cast):
    sign_in_as_board(page, cast)
    page.goto("/registry/blocks/new/")
    page.select_option("#id_province", label=cast.province.name)
    page.fill("#id_name", "Khối thi đua 9")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Khối thi đua 9")

    year = dt.date.today().year
    page.get_by_role("link", name=f"Thêm thành viên năm {year}").click()
    members = [cast.head_org, cast.deputy_org, cast.member_org]
    for org in members:
        page.get_by_label(org.name, exact=False).check()
    assert_accessible(page, "add members")
    page.get_by_role("button", name="Thêm các tổ chức đã chọn").click()
    page.wait_for_load_state()

    table = page.locator("table").first.inner_text()
    for org in members:
        assert org.name in table
    assert f"Đơn vị thành viên năm {year}" in page.locator("main").inner_text()
    assert_accessible(page, "block page")
    screenshot(page, "registry-block-members-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "registry-block-members-phone")
