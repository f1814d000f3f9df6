"""The cycle's archive carries every signed PDF with its validation report next to it (text and
JSON), listed in the manifest; no key material is in it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from thidua.reports import archive
from thidua.signing import digital
from thidua.signing.tests.helpers import signing_ready
from thidua.signing.tests.test_digital import _sign, _upload
from thidua.signing.tests.test_validation_report import english as english
from thidua.signing.tests.test_validation_report import pki as pki
from thidua.signing.tests.test_validation_report import seals as seals
from thidua.testing.pki import PASSPHRASE

pytestmark = pytest.mark.django_db


def _key_bytes(issued) -> bytes:
    return issued.key.private_numbers().private_value.to_bytes(32, "big")


def test_the_archive_zip_has_a_validation_report_next_to_each_signed_pdf(cast, pki, seals):
    version = signing_ready(cast)
    base = bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)
    signed = _sign(base, pki, pki.leaders[0])
    digital.sign_with_upload(
        actor=cast.member_leader, cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    with zipfile.ZipFile(io.BytesIO(archive.build(cast.cycle))) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        contents = {name: zf.read(name) for name in names}
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    assert "signing/covenant-digitally-signed.pdf" in pdfs
    assert "signing/covenant.pdf" in pdfs  # sealed by the block
    for pdf_path in pdfs:
        stem = pdf_path.removesuffix(".pdf")
        reports = [f"{stem}.validation.json", f"{stem}.validation.txt"]
        assert set(reports) <= names, pdf_path
        assert manifest["files"][pdf_path]["reports"] == reports
        assert manifest["files"][reports[0]]["kind"] == "validation-report"
        data = json.loads(contents[reports[0]])
        assert data["verdict"] == "issued" and data["signatures"], pdf_path
    signed_report = json.loads(contents["signing/covenant-digitally-signed.validation.json"])
    seal, leader = signed_report["signatures"]
    assert seal["recorded_as"]["method"] == "seal"
    assert leader["recorded_as"]["method"] == "digital" and leader["chain_trusted"]
    assert signed_report["document"]["version"] == version.number
    text = contents["signing/covenant-digitally-signed.validation.txt"].decode()
    assert "signature 2: valid; signer: Common Name: Member Leader" in text
    assert "revocation: not checked" in text
    # Word files and other non-PDFs get no report.
    assert "signing/covenant.validation.docx" not in names
    assert "reports" not in manifest["files"]["signing/covenant.docx"]
    secrets = [_key_bytes(pki.leaders[0]), _key_bytes(pki.block_seal), PASSPHRASE]
    assert not any(secret in blob for secret in secrets for blob in contents.values())
    assert not any(n.endswith((".p12", ".pfx", ".key", ".pass")) for n in names)


def test_an_unsigned_pdf_gets_no_report(cast, settings):
    settings.PDF_SEALS = {}
    signing_ready(cast)
    files = archive.collect(cast.cycle)
    assert "signing/covenant.pdf" in files
    assert not any(".validation." in path for path in files)
