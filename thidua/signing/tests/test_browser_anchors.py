"""In a real browser, with the keyboard and axe: the Board adds a trusted certificate authority;
a leader's certificate (not a CA) is refused with a message next to the field."""

from __future__ import annotations

import pytest

from thidua.signing.models import TrustAnchor
from thidua.signing.tests.test_browser_signing import _as
from thidua.testing.browser import assert_accessible
from thidua.testing.pki import make_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add(page, name: str, pem: bytes) -> None:
    page.goto("/signing/trust-anchors/")
    page.locator("#id_name").fill(name)
    page.locator("#id_certificate").set_input_files(
        {"name": "ca.pem", "mimeType": "application/x-pem-file", "buffer": pem}
    )
    page.locator("#id_certificate").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_the_board_adds_a_trusted_ca_by_keyboard(page, cast, live_server):
    pki = make_pki()
    _as(page, cast.board, live_server)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    _add(page, "Leader's own", pki.leaders[0].pem)
    assert "not a certificate authority" in page.locator("main").inner_text()
    assert_accessible(page, "trust anchors, refused")
    assert TrustAnchor.objects.count() == 0
    _add(page, "TEST Root", pki.root.pem)
    assert "TEST Root is now trusted" in page.locator("main").inner_text()
    assert TrustAnchor.objects.get().name == "TEST Root"
    assert_accessible(page, "trust anchors")
