"""Revocation (OCSP/CRL) and trusted timestamps in the checks of signed PDFs: a revoked
certificate is refused, a good one reports where its status came from, an unreachable responder
or a switched-off fetch says "not checked" and why — never silently valid. Seals carry an RFC
3161 timestamp from the configured TSA, shown in the verification report.

A local HTTP server on 127.0.0.1 (thidua.testing.revocation) plays the CA's CRL, OCSP responder
and TSA."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.reports import sealing
from thidua.reports.models import IssuedPdf
from thidua.signing import digital, pdfcheck
from thidua.signing.models import Signature
from thidua.signing.tests.helpers import give_the_block_its_seal, signing_ready
from thidua.signing.tests.test_digital import _sign, _upload
from thidua.testing.pki import make_pki
from thidua.testing.revocation import PkiServer, closed_port_url, issue_leaf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    return make_pki([("Member Leader", "Hội")])


@pytest.fixture
def server(pki):
    with PkiServer(pki.intermediate, chain=[pki.root]) as running:
        yield running


@pytest.fixture
def trusted(cast, pki):
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem)
    digital.add_trust_anchor(actor=cast.board, data=pki.intermediate.pem)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _file(cast) -> bytes:
    version = signing_ready(cast)
    return bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)


def _only(data: bytes) -> pdfcheck.SignatureReport:
    (signature,) = pdfcheck.check(data).signatures
    return signature


def test_a_good_certificate_reports_its_crl_status(cast, pki, server, trusted):
    leaf = server.leaf("Member Leader", crl=True)
    report = _only(_sign(_file(cast), pki, leaf))
    assert report.verdict == "valid"
    assert report.revocation.status == "good"
    assert report.revocation.source == "CRL"
    assert report.revocation.label().startswith("checked: good (CRL, ")
    assert server.requests.get("/crl", 0) >= 1


def test_a_good_certificate_reports_its_ocsp_status(cast, pki, server, trusted):
    leaf = server.leaf("Member Leader", crl=False, ocsp=True)
    report = _only(_sign(_file(cast), pki, leaf))
    assert report.revocation.status == "good"
    assert report.revocation.source == "OCSP"
    assert server.requests.get("/ocsp", 0) >= 1


def test_a_status_fetched_lately_is_reused_for_a_while_then_asked_again(
    cast, pki, server, trusted, settings
):
    settings.REVOCATION_CACHE_SECONDS = 900
    leaf = server.leaf("Member Leader", crl=False, ocsp=True)
    signed = _sign(_file(cast), pki, leaf)
    assert _only(signed).revocation.status == "good"
    asked = server.requests["/ocsp"]
    # The same certificate again within the quarter of an hour: the CA is not asked again.
    server.revoke(leaf.cert, dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    assert _only(signed).revocation.status == "good"
    assert server.requests["/ocsp"] == asked
    # After it, the revocation is learnt, and kept (a revocation does not come undone).
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        assert _only(signed).verdict == "revoked"
        assert server.requests["/ocsp"] > asked
        asked = server.requests["/ocsp"]
        assert _only(signed).verdict == "revoked"
        assert server.requests["/ocsp"] == asked


@pytest.mark.parametrize(
    ("answer", "seconds"),
    [
        (pdfcheck.Revocation("good", source="OCSP"), 900),
        (pdfcheck.Revocation("revoked", reason="key_compromise"), 24 * 3600),
        # A suspension may be lifted: kept no longer than a good status.
        (pdfcheck.Revocation("revoked", reason="certificate_hold"), 900),
        (pdfcheck.Revocation("not_checked", why="unreachable"), 60),
        # These follow the Board's trust anchors and the time: computed each time.
        (pdfcheck.Revocation("not_checked", why="untrusted"), 0),
        (pdfcheck.Revocation("not_checked", why="invalid_now"), 0),
        (pdfcheck.Revocation("not_checked", why="error"), 0),
    ],
)
def test_how_long_each_answer_is_reused(answer, seconds, settings):
    settings.REVOCATION_CACHE_SECONDS = 900
    assert pdfcheck._kept_for(answer) == seconds


def test_with_no_reuse_every_check_asks_the_ca(cast, pki, server, trusted, settings):
    settings.REVOCATION_CACHE_SECONDS = 0
    leaf = server.leaf("Member Leader", crl=True)
    signed = _sign(_file(cast), pki, leaf)
    assert _only(signed).revocation.status == "good"
    server.revoke(leaf.cert, dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    assert _only(signed).verdict == "revoked"


def test_a_responder_that_is_down_is_waited_for_once_a_minute(cast, pki, trusted, settings):
    """A cycle's archive checks every signature of every file: with the CA's responder down,
    it must not wait out the timeout for each signature of each file."""
    leaf = issue_leaf("Member Leader", pki.intermediate, ocsp_url=closed_port_url("/ocsp"))
    signed = _sign(_file(cast), pki, leaf)
    assert _only(signed).revocation.why == "unreachable"
    with mock.patch.object(pdfcheck, "_fetched_revocation") as fetch:
        assert _only(signed).revocation.why == "unreachable"
        fetch.assert_not_called()
        with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)):
            fetch.return_value = pdfcheck.Revocation("good", source="OCSP")
            assert _only(signed).revocation.status == "good"
            fetch.assert_called_once()


@pytest.mark.parametrize("via", ["crl", "ocsp"])
def test_a_revoked_certificate_is_revoked_on_the_page_and_refused_on_upload(
    cast, client, pki, server, trusted, via, tmp_path
):
    leaf = server.leaf("Member Leader", crl=via == "crl", ocsp=via == "ocsp")
    server.revoke(leaf.cert, dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    version = signing_ready(cast)
    signed = _sign(_file(cast), pki, leaf)
    report = _only(signed)
    assert report.verdict == "revoked"
    assert report.revocation.reason == "key_compromise"
    assert "REVOKED on " in report.revocation.label()
    # Accepting a leader's upload: refused with the reason, nothing recorded.
    before = Signature.objects.count(), IssuedPdf.objects.count()
    with pytest.raises(DomainError) as error:
        digital.sign_with_upload(
            actor=cast.member_leader, cycle=cast.cycle, version=version, upload=_upload(signed)
        )
    assert "revoked by its certificate authority" in error.value.message
    assert "the private key was compromised" in error.value.message
    assert (Signature.objects.count(), IssuedPdf.objects.count()) == before
    # The verification page says so, in its own words.
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("verify:file"),
        {"document": SimpleUploadedFile("x.pdf", signed, content_type="application/pdf")},
    )
    text = " ".join(response.content.decode().split())
    assert "Signed with a revoked certificate." in text
    assert "Revocation (OCSP/CRL): REVOKED on" in text
    assert "verdict: revoked" in pdfcheck.report_text(signed)
    path = tmp_path / "revoked.pdf"
    path.write_bytes(signed)
    with pytest.raises(CommandError, match="revoked"):
        call_command("verify_pdf", str(path))


def test_an_unreachable_responder_is_not_checked_never_valid_by_silence(cast, pki, trusted):
    leaf = issue_leaf(
        "Member Leader",
        pki.intermediate,
        crl_url=closed_port_url("/crl"),
        ocsp_url=closed_port_url("/ocsp"),
    )
    report = _only(_sign(_file(cast), pki, leaf))
    assert report.revocation.status == "not_checked"
    assert report.revocation.why == "unreachable"
    assert report.revocation.label() == (
        "not checked (the OCSP responder or CRL could not be reached)"
    )
    # Not checked is not refused: the signature stands, the report tells the truth.
    assert report.verdict == "valid"
    assert "revocation: not checked (the OCSP responder or CRL could not be reached)" in (
        pdfcheck.report_text(_sign(_file(cast), pki, leaf))
    )


def test_fetching_turned_off_says_so_and_asks_nobody(cast, pki, server, trusted, settings):
    settings.REVOCATION_FETCH = False
    leaf = server.leaf("Member Leader", crl=True, ocsp=True)
    server.revoke(leaf.cert)
    report = _only(_sign(_file(cast), pki, leaf))
    assert report.revocation.label() == "not checked (turned off on this installation)"
    assert server.requests == {}


def test_an_untrusted_certificate_asks_no_responder(cast, pki, server):
    """The addresses in a certificate nobody trusts are never fetched (the public page would
    otherwise fetch any URL a stranger puts in a certificate)."""
    leaf = server.leaf("Member Leader", crl=True, ocsp=True)
    report = _only(_sign(_file(cast), pki, leaf))
    assert report.verdict == "untrusted"
    assert report.revocation.why == "untrusted"
    assert server.requests == {}


def test_a_certificate_without_addresses_says_it_names_none(cast, pki, trusted):
    report = _only(_sign(_file(cast), pki, pki.leaders[0]))
    assert report.revocation.label() == (
        "not checked (the certificate names no OCSP responder or CRL)"
    )


@pytest.fixture
def sealing_with_tsa(cast, pki, server, settings, tmp_path):
    give_the_block_its_seal(cast, pki, settings, tmp_path)
    settings.PDF_TSA_URL = server.tsa_url
    return server


def test_a_seal_carries_a_trusted_timestamp_and_the_report_shows_it(
    cast, client, pki, sealing_with_tsa, trusted, tmp_path
):
    data = _file(cast)
    assert sealing_with_tsa.requests.get("/tsa", 0) >= 1
    report = _only(data)
    assert report.timestamp is not None
    assert report.timestamp.valid
    assert "TEST TSA (test only)" in report.timestamp.tsa
    assert abs(report.timestamp.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert report.time_source == "tsa"
    assert report.verdict == "valid"
    text = pdfcheck.report_text(data)
    assert "timestamp: " in text and "by TEST TSA (test only) (valid)" in text
    assert "(valid)" in text
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("verify:file"),
        {"document": SimpleUploadedFile("x.pdf", data, content_type="application/pdf")},
    )
    page = " ".join(response.content.decode().split())
    assert "Trusted timestamp: " in page
    assert ", by TEST TSA (test only) (valid)" in page
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    call_command("verify_pdf", str(path))


def test_a_timestamp_from_an_untrusted_tsa_is_shown_as_not_valid(
    cast, pki, sealing_with_tsa, trusted
):
    data = _file(cast)
    # The Board stops trusting the CA (the seal and the TSA chain to it).
    from thidua.signing.models import TrustAnchor

    TrustAnchor.objects.update(active=False)
    report = _only(data)
    assert report.timestamp is not None
    assert not report.timestamp.valid
    assert report.time_source == "clock"
    assert "NOT valid" in report.timestamp.label()


def test_without_a_tsa_the_time_is_the_signers_clock(cast, pki, trusted, settings, tmp_path):
    path = pki.write_pkcs12(pki.block_seal, tmp_path / "keys", "block")
    settings.PDF_SEALS = {
        sealing.block_key(cast.block): {
            "pkcs12": str(path),
            "passphrase_file": str(tmp_path / "keys" / "block.pass"),
            "name": cast.block.name,
        }
    }
    settings.PDF_TSA_URL = ""
    report = _only(_file(cast))
    assert report.timestamp is None
    assert report.time_source == "clock"
    assert "timestamp: none (time from the signer's clock)" in pdfcheck.report_text(_file(cast))


def test_a_tsa_that_is_down_leaves_the_seal_without_a_timestamp(
    cast, pki, trusted, settings, tmp_path, caplog
):
    path = pki.write_pkcs12(pki.block_seal, tmp_path / "keys", "block")
    settings.PDF_SEALS = {
        sealing.block_key(cast.block): {
            "pkcs12": str(path),
            "passphrase_file": str(tmp_path / "keys" / "block.pass"),
            "name": cast.block.name,
        }
    }
    settings.PDF_TSA_URL = closed_port_url("/tsa")
    report = _only(_file(cast))
    assert report.timestamp is None
    assert "No trusted timestamp from the TSA" in caplog.text


def test_a_timestamp_proves_the_signature_came_before_a_later_revocation(
    cast, pki, server, trusted, settings
):
    """Revoked after a trusted timestamp: the signature stands (its status is asked for the
    timestamp's time). The same revocation without a timestamp: the signer's clock proves
    nothing, so it counts."""
    leaf = server.leaf("Member Leader", crl=True)
    settings.PDF_TSA_URL = server.tsa_url
    stamped = _sign(_file(cast), pki, leaf)
    settings.PDF_TSA_URL = ""
    unstamped = _sign(_file(cast), pki, leaf)
    server.revoke(leaf.cert, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    with_timestamp = _only(stamped)
    assert with_timestamp.time_source == "tsa"
    assert with_timestamp.revocation.status == "good"
    assert with_timestamp.verdict == "valid"
    without = _only(unstamped)
    assert without.time_source == "clock"
    assert without.verdict == "revoked"
