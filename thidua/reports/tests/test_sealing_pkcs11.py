"""A seal whose key lives on a PKCS#11 token (SoftHSM2 standing in for a USB token or an HSM):
the issued PDF is signed by it, a wrong PIN or token refuses to issue with a message naming the
seal and never the PIN, and the PIN reaches neither the database, the audit log nor the log."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from thidua.core.models import AuditEvent
from thidua.reports import sealing, services
from thidua.reports.models import IssuedPdf
from thidua.reports.tests.test_sealing import _context, _doc
from thidua.testing.pki import make_pki

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "thidua-test-seal"
PIN = "529183"  # test only

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(MODULE).exists() and shutil.which("softhsm2-util")),
        reason="SoftHSM2 is not installed (Debian package softhsm2; .ci/run installs it)",
    ),
]


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory):
    """A SoftHSM2 token in a temporary folder holding the block's seal key and certificate."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n"
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def util(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], env=env, check=True, capture_output=True)

    util("--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "84736251")
    key_file = folder / "key.pem"
    key_file.write_bytes(
        pki.block_seal.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    util("--import", str(key_file), "--token", TOKEN, "--label", "seal", "--id", "01", "--pin", PIN)
    key_file.unlink()
    # The certificates next to the key, as a CA delivers a token: the seal's and its chain.
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    device = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with device.open(rw=True, user_pin=PIN) as session:
        for label, issued in (
            ("seal", pki.block_seal),
            ("sub-ca", pki.intermediate),
            ("root-ca", pki.root),
        ):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: b"\x01" if label == "seal" else label.encode(),
                    Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                    Attribute.VALUE: issued.der,
                }
            )
    yield folder
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def _entry(folder: Path, **token) -> dict:
    pin_file = folder / "seal.pin"
    pin_file.write_text(PIN + "\n")
    return {
        "pkcs11": {
            "module": MODULE,
            "token": TOKEN,
            "key_label": "seal",
            "pin_file": str(pin_file),
            **token,
        },
        "name": "Khối thi đua 8",
        "position": "TM. KHỐI THI ĐUA 8",
    }


def test_a_seal_key_on_a_pkcs11_token_signs_the_issued_pdf(token, pki, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.PDF_SEALS = {"block:8": _entry(token)}
    content = services.issue_pdf(_doc(), seal="block:8")
    reader = PdfFileReader(BytesIO(content))
    (signature,) = reader.embedded_signatures
    assert "Khối thi đua 8" in signature.signer_cert.subject.human_friendly
    from pyhanko.sign.validation import validate_pdf_signature

    status = validate_pdf_signature(signature, _context(pki))
    assert status.intact and status.valid and status.trusted
    issued = IssuedPdf.objects.get()
    assert issued.sealed and "Khối thi đua 8" in issued.sealed_by
    # The PIN is in no stored row, no audit sentence, no log line, not in the PDF.
    events = " ".join(f"{e.before} {e.after}" for e in AuditEvent.objects.all())
    assert PIN not in events and PIN not in caplog.text
    assert PIN.encode() not in content
    assert PIN not in repr(sealing.config("block:8"))


def test_the_pin_may_come_from_the_environment(token, pki, settings, monkeypatch):
    monkeypatch.setenv("THIDUA_TEST_SEAL_PIN", PIN)
    entry = _entry(token)
    entry["pkcs11"].pop("pin_file")
    entry["pkcs11"]["pin_env"] = "THIDUA_TEST_SEAL_PIN"
    settings.PDF_SEALS = {"block:8": entry}
    content, sealed = sealing.seal_or_mark(_doc_pdf(), "block:8")
    assert sealed
    assert len(PdfFileReader(BytesIO(content)).embedded_signatures) == 1


def _doc_pdf() -> bytes:
    from thidua.reports import pdf

    return pdf.render(_doc())


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"token": "no-such-token"}, "cannot be opened on its PKCS#11 token"),
        ({"key_label": "no-such-key"}, "cannot sign with its PKCS#11 token"),
    ],
)
def test_a_wrong_token_or_label_issues_nothing_and_names_the_seal(
    token, settings, change, needle, caplog
):
    settings.PDF_SEALS = {"block:8": _entry(token, **change)}
    with pytest.raises(sealing.SealError) as error:
        services.issue_pdf(_doc(), seal="block:8")
    assert needle in str(error.value) and "block:8" in str(error.value)
    assert PIN not in str(error.value) and PIN not in caplog.text
    assert not IssuedPdf.objects.exists()


def test_a_wrong_pin_issues_nothing_and_does_not_echo_it(token, settings):
    entry = _entry(token)
    wrong = token / "wrong.pin"
    wrong.write_text("000000")
    entry["pkcs11"]["pin_file"] = str(wrong)
    settings.PDF_SEALS = {"block:8": entry}
    with pytest.raises(sealing.SealError) as error:
        services.issue_pdf(_doc(), seal="block:8")
    assert "PinIncorrect" in str(error.value)
    assert "000000" not in str(error.value)
    assert not IssuedPdf.objects.exists()
