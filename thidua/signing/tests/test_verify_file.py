"""The public verification page checks a PDF file: issued by the product or not, its signatures
intact, trusted, and whether it changed after signing; each case its own clear answer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from thidua.reports.models import IssuedPdf
from thidua.signing import digital
from thidua.signing.tests.helpers import seal_the_block, signing_ready
from thidua.signing.tests.test_digital import _sign, _upload  # noqa: F401
from thidua.testing.pki import make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    return make_pki([("Member Leader", "Hội")])


@pytest.fixture
def sealed_file(cast, pki, settings, tmp_path):
    """The covenant's file to sign, sealed by the block, with the Board trusting the test CA."""
    seal_the_block(cast, pki, settings, tmp_path)
    version = signing_ready(cast)
    issued = digital.file_to_sign(cycle=cast.cycle, version=version)
    assert issued.sealed
    return bytes(issued.content)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def _check(client, data: bytes, name: str = "giao-uoc.pdf"):
    return client.post(
        reverse("verify:file"),
        {"document": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_original_issued_file_is_recognised_with_its_seal(client, sealed_file, cast):
    response = _check(client, sealed_file)
    assert response.status_code == 200
    text = _text(response)
    assert "Issued by the product, unchanged." in text
    assert cast.block.name in text  # the seal's signer
    assert "intact, trusted" in text
    assert (
        "Revocation (OCSP/CRL): not checked (the certificate names no OCSP responder or CRL)"
        in text
    )
    assert "Trusted timestamp: none: the time is the signer's own clock" in text
    assert IssuedPdf.objects.count() == 1  # nothing stored by checking


def test_one_changed_byte_is_reported_as_changed(client, sealed_file):
    changed = bytearray(sealed_file)
    at = sealed_file.index(b"/MediaBox") + 12  # inside the signed page content
    changed[at] = ord("7") if changed[at] != ord("7") else ord("6")
    response = _check(client, bytes(changed))
    text = _text(response)
    assert "Changed after signing." in text
    assert "Issued by the product, unchanged." not in text


def test_an_unknown_unsigned_file_is_unknown(client):
    import datetime as dt

    from thidua.lib import pki as _pki  # noqa: F401
    from thidua.reports import layout, pdf

    doc = layout.Document(
        letterhead=layout.Letterhead(
            superior="UBND", issuer="KHỐI", place="Lâm Đồng", date=dt.date(2025, 1, 8)
        ),
        title="MỘT VĂN BẢN KHÁC",
    )
    response = _check(client, pdf.render(doc))
    assert "Unknown file." in _text(response)


def test_a_file_resigned_by_an_untrusted_certificate_is_untrusted(client, sealed_file, pki):
    resigned = _sign(sealed_file, pki, pki.untrusted)
    text = _text(_check(client, resigned))
    assert "Signed with a certificate that is not trusted." in text
    assert "certificate not trusted" in text
    # The seal below it is intact; only a signature was added after it.
    assert "Only further signatures were added after it." in text
    assert "The file as signed here was issued by the product" in text


def test_not_a_pdf_and_an_encrypted_pdf_are_refused_clearly(client):
    response = _check(client, b"hello, not a pdf", "x.pdf")
    assert response.status_code == 422
    assert "This file is not a PDF." in _text(response)


def test_the_hash_lookup_finds_an_issued_file(client, sealed_file):
    digest = IssuedPdf.objects.get().sha256
    response = client.get(reverse("verify:detail", args=[digest]))
    assert "this is the fingerprint of a PDF the product issued" in _text(response)


def test_verify_pdf_command_gives_the_same_answer(sealed_file, tmp_path, capsys):
    path = tmp_path / "file.pdf"
    path.write_bytes(sealed_file)
    call_command("verify_pdf", str(path))
    out = capsys.readouterr().out
    assert "issued" in out and "valid" in out
