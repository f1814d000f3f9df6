"""In a real browser, with axe: the verification page shows a seal's trusted timestamp and a
leader's revocation status (good, then revoked), each in words."""

from __future__ import annotations

import pytest

from thidua.signing import digital
from thidua.signing.tests.helpers import seal_the_block, signing_ready
from thidua.signing.tests.test_browser_verify_file import _submit
from thidua.signing.tests.test_digital import _sign
from thidua.testing.browser import assert_accessible, screenshot
from thidua.testing.pki import make_pki
from thidua.testing.revocation import PkiServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_shows_the_timestamp_and_the_revocation_status(
    page, cast, live_server, settings, tmp_path
):
    pki = make_pki([("Member Leader", "Hội")])
    seal_the_block(cast, pki, settings, tmp_path)
    settings.REVOCATION_CACHE_SECONDS = 0  # the revocation below is learnt at once
    with PkiServer(pki.intermediate, chain=[pki.root]) as server:
        settings.PDF_TSA_URL = server.tsa_url
        version = signing_ready(cast)
        sealed = bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)
        settings.PDF_TSA_URL = ""
        leaf = server.leaf("Member Leader", crl=True)
        signed = _sign(sealed, pki, leaf)

        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
        text = _submit(page, "giao-uoc-da-ky.pdf", signed)
        assert "Trusted timestamp: " in text and "by TEST TSA (test only) (valid)" in text
        assert "Revocation (OCSP/CRL): checked: good (CRL, " in text
        assert "none: the time is the signer's own clock" in text  # the leader's signature
        assert_accessible(page, "verification with timestamp and revocation")
        screenshot(page, "verify-file-timestamp-revocation")

        server.revoke(leaf.cert)
        text = _submit(page, "giao-uoc-da-ky.pdf", signed)
        assert "Signed with a revoked certificate." in text
        assert "REVOKED on " in text and "the private key was compromised" in text
        assert_accessible(page, "verification of a file signed with a revoked certificate")
        screenshot(page, "verify-file-revoked")
