import pytest

from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_sign_in_page_is_vietnamese_and_accessible_on_desktop_and_phone(page):
    page.goto("/")  # visitors land on the public portal, which links to the sign-in page
    page.get_by_role("link", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_accessible(page, "sign-in page")
    screenshot(page, "sign-in-desktop")
    page.set_viewport_size(PHONE)
    assert_accessible(page, "sign-in page (phone)")
    screenshot(page, "sign-in-phone")
