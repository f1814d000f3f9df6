"""In a real browser, with the keyboard: leaders sign the covenant through the built-in TEST
remote signing provider. One answers on the provider's approval page (standing for the phone);
the last one's page waits, says so in its live region, and turns to "recorded" by itself when the
approval arrives; the covenant is then in force."""

from __future__ import annotations

import pytest

from thidua.signing import digital, remote, remote_test, selectors
from thidua.signing.models import RemoteSignRequest, RemoteState, Signature, SignatureMethod
from thidua.signing.tests.helpers import leaders, signing_ready
from thidua.signing.tests.test_browser_signing import _as
from thidua.testing.browser import assert_accessible, screenshot
from thidua.testing.pki import make_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english(page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _start_by_keyboard(page, cycle_pk: int) -> None:
    page.goto(f"/signing/cycle/{cycle_pk}/sign/")
    assert_accessible(page, "sign page with remote signing")
    button = page.get_by_role("button", name="Sign remotely")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_leaders_sign_through_the_test_provider_and_the_covenant_comes_into_force(
    page, cast, live_server, settings, tmp_path
):
    settings.REMOTE_SIGNING = {
        "provider": "thidua.signing.remote_test.TestProvider",
        "options": {"keys_dir": str(tmp_path / "keys")},
    }
    version = signing_ready(cast)
    people = leaders(cast)
    pki = make_pki([(p.full_name, "Hội") for p in people])
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem)
    for person, leaf in zip(people, pki.leaders, strict=True):
        pki.write_pkcs12(leaf, tmp_path / "keys", person.username)
    # Two units signed remotely already.
    for person in people[1:3]:
        request = remote.start(actor=person, cycle=cast.cycle, version=version)
        remote_test.answer(actor=person, reference=request.reference, approve=True)
        assert remote.refresh(actor=person, request=request).state == RemoteState.APPROVED

    # The fourth unit's leader answers on the TEST provider's page, by keyboard.
    _as(page, people[3], live_server)
    _english(page, live_server)
    _start_by_keyboard(page, cast.cycle.pk)
    status = page.get_by_role("status")
    assert "Waiting for your approval." in status.inner_text()
    page.get_by_role("link", name="Open the TEST provider's approval page").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "TEST remote signing provider" in page.locator("h1").inner_text()
    assert_accessible(page, "TEST provider's approval page")
    page.get_by_role("button", name="Approve").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "was checked and recorded" in page.get_by_role("status").inner_text()
    assert not selectors.covenant_status(cast.cycle).in_force

    # The member unit's leader starts; the page waits, then turns by itself when they approve
    # on their phone (here: the TEST provider, answered outside the page).
    _as(page, people[0], live_server)
    _english(page, live_server)
    _start_by_keyboard(page, cast.cycle.pk)
    status = page.get_by_role("status")
    assert "Waiting for your approval." in status.inner_text()
    assert_accessible(page, "remote signing, waiting")
    screenshot(page, "remote-signing-waiting")
    request = RemoteSignRequest.objects.get(signer=people[0])
    remote_test.answer(actor=people[0], reference=request.reference, approve=True)
    page.get_by_text("Every unit has signed: the covenant is in force.").wait_for(timeout=15000)
    assert "was checked and recorded" in page.get_by_role("status").inner_text()
    assert_accessible(page, "remote signing, approved")
    screenshot(page, "remote-signing-approved")

    assert Signature.objects.filter(version=version, method=SignatureMethod.DIGITAL).count() == 4
    assert selectors.covenant_status(cast.cycle).in_force
    page.get_by_role("link", name="Back to the covenant signing").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, "signing board, in force after remote signing")
