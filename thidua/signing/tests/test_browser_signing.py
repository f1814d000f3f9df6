"""In a real browser, with the keyboard: two leaders read the covenant and its fingerprint, and
sign it; the board shows both signatures."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from thidua.accounts import reauth
from thidua.signing.models import Signature
from thidua.signing.tests.helpers import leaders, signing_ready
from thidua.testing import signin
from thidua.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, live_server) -> None:
    client = signin(Client(), user)
    session = client.session
    session[reauth.SESSION_KEY] = reauth._now()
    session.save()
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


def test_two_leaders_sign_by_keyboard_and_the_board_shows_them(page, cast, live_server):
    version = signing_ready(cast)
    people = leaders(cast)
    for leader in people[:2]:
        _as(page, leader, live_server)
        page.goto(f"/signing/cycle/{cast.cycle.pk}/sign/")
        assert version.sha256 in page.content()
        assert_accessible(page, "sign page")
        page.locator("#id_confirm").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert page.url.endswith(f"/signing/cycle/{cast.cycle.pk}/"), page.url
    assert Signature.objects.filter(version=version).count() == 2
    body = page.locator("main").inner_text()
    assert people[0].full_name in body and people[1].full_name in body
    assert_accessible(page, "signing board")
    screenshot(page, "signing-board")
