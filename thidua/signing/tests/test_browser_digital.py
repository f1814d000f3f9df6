"""In a real browser, with the keyboard: a leader uploads the covenant's file signed with their
own certificate; an unsigned file is refused next to the field; the board shows the signature."""

from __future__ import annotations

import pytest

from thidua.signing import digital
from thidua.signing.models import Signature, SignatureMethod
from thidua.signing.tests.helpers import signing_ready
from thidua.signing.tests.test_browser_signing import _as
from thidua.signing.tests.test_digital import _sign
from thidua.testing.browser import assert_accessible, screenshot
from thidua.testing.pki import make_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _upload(page, cycle_pk: int, data: bytes) -> None:
    page.goto(f"/signing/cycle/{cycle_pk}/sign/")
    page.locator("#id_signed_pdf").set_input_files(
        {"name": "giao-uoc-da-ky.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.locator("#id_signed_pdf").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_leader_uploads_a_digitally_signed_file_by_keyboard(page, cast, live_server):
    pki = make_pki([(cast.member_leader.full_name, "Hội")])
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem)
    digital.add_trust_anchor(actor=cast.board, data=pki.intermediate.pem)
    version = signing_ready(cast)
    original = bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)

    _as(page, cast.member_leader, live_server)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    _upload(page, cast.cycle.pk, original)
    assert "no new digital signature" in page.locator("main").inner_text()
    assert_accessible(page, "sign page, refused upload")
    assert not Signature.objects.exists()

    _upload(page, cast.cycle.pk, _sign(original, pki, pki.leaders[0]))
    assert page.url.endswith(f"/signing/cycle/{cast.cycle.pk}/"), page.url
    signature = Signature.objects.get(version=version)
    assert signature.method == SignatureMethod.DIGITAL
    body = page.locator("main").inner_text()
    assert "Digital signature on the PDF" in body
    assert page.get_by_role("link", name="File with the digital signatures (PDF)").count() == 1
    assert_accessible(page, "signing board with a digital signature")
    screenshot(page, "signing-board-digital")
