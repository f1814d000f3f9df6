"""In a real browser, with the keyboard and axe: on a person's page the Board registers a signing
certificate (an untrusted one is refused next to the field), then withdraws the registration
after reading what it means."""

from __future__ import annotations

import pytest

from thidua.signing import digital
from thidua.signing.models import LeaderCertificate
from thidua.signing.tests.test_browser_signing import _as
from thidua.testing.browser import assert_accessible
from thidua.testing.pki import make_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register(page, person_pk: int, pem: bytes) -> None:
    page.goto(f"/registry/people/{person_pk}/edit/")
    page.locator("#id_certificate").set_input_files(
        {"name": "leader.cer", "mimeType": "application/pkix-cert", "buffer": pem}
    )
    page.locator("#id_certificate").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_the_board_registers_and_withdraws_a_certificate_by_keyboard(page, cast, live_server):
    pki = make_pki([("Member Leader", "Hội")])
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem)
    digital.add_trust_anchor(actor=cast.board, data=pki.intermediate.pem)
    person = cast.member_leader
    _as(page, cast.board, live_server)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"/registry/people/{person.pk}/edit/")
    assert "No certificate is registered for this person." in page.locator("main").inner_text()
    assert_accessible(page, "person page, no certificate")
    _register(page, person.pk, pki.untrusted.pem)
    main = page.locator("main").inner_text()
    assert "does not chain to a certificate authority the Board trusts" in main
    assert_accessible(page, "certificate refused")
    assert LeaderCertificate.objects.count() == 0
    _register(page, person.pk, pki.leaders[0].pem)
    main = page.locator("main").inner_text()
    assert "is registered on the profile of Member Leader" in main
    cert = LeaderCertificate.objects.get(person=person)
    assert cert.fingerprint in main
    assert_accessible(page, "person page, one certificate")
    withdraw = page.get_by_role("link", name=f"Withdraw the registration of {cert.serial}")
    withdraw.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "a file signed with this certificate is refused" in page.locator("main").inner_text()
    assert_accessible(page, "withdraw confirmation")
    page.get_by_role("button", name="Withdraw the registration").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "was withdrawn" in page.locator("main").inner_text()
    cert.refresh_from_db()
    assert cert.revoked_by_id == cast.board.pk
