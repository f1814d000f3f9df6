"""The seal on issued PDFs: PAdES with the organisation's certificate from a PKCS#12 file
configured in settings, a visible appearance, and an honest "unsigned" mark without a key."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from thidua.core import audit, versions
from thidua.core.models import AuditEvent
from thidua.reports import layout, sealing, services
from thidua.reports.models import IssuedPdf
from thidua.testing.pki import make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    return make_pki()


def _doc(text: str = "Điều 1. Thi đua hoàn thành xuất sắc nhiệm vụ.") -> layout.Document:
    return layout.Document(
        letterhead=layout.Letterhead(
            superior="UBND TỈNH LÂM ĐỒNG",
            issuer="KHỐI THI ĐUA 8",
            place="Lâm Đồng",
            date=dt.date(2025, 1, 8),
        ),
        title="GIAO ƯỚC THI ĐUA NĂM 2025",
        summary="Giao ước thi đua",
        blocks=[layout.Paragraph(text)],
        file_title="Giao ước thi đua năm 2025 — Khối thi đua 8",
    )


@pytest.fixture
def seal_configured(settings, tmp_path, pki):
    path = pki.write_pkcs12(pki.block_seal, tmp_path / "keys", "khoi8")
    settings.PDF_SEALS = {
        "block:8": {
            "pkcs12": str(path),
            "passphrase_file": str(tmp_path / "keys" / "khoi8.pass"),
            "name": "Khối thi đua 8",
            "position": "TM. KHỐI THI ĐUA 8",
        }
    }
    return path


def _context(pki) -> ValidationContext:
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(pki.root.der)],
        other_certs=[asn1_x509.Certificate.load(pki.intermediate.der)],
        allow_fetching=False,
    )


def test_without_a_key_the_pdf_is_issued_unsigned_and_says_so(settings):
    settings.PDF_SEALS = {}
    content = services.issue_pdf(_doc(), seal="block:8")
    assert PdfFileReader(BytesIO(content)).embedded_signatures == []
    first_page = PdfReader(BytesIO(content)).pages[0].extract_text()
    assert "không có chữ ký số" in first_page
    issued = IssuedPdf.objects.get()
    assert issued.sealed is False
    assert issued.sha256 == services.sha256(content)
    assert AuditEvent.objects.filter(action="reports.pdf.issue").count() == 1


def test_the_same_document_asked_for_again_is_the_same_file(seal_configured):
    first = services.issue_pdf(_doc(), seal="block:8")
    again = services.issue_pdf(_doc(), seal="block:8")
    assert first == again
    assert IssuedPdf.objects.count() == 1
    other = services.issue_pdf(_doc("Điều 1. Một nội dung khác."), seal="block:8")
    assert other != first
    assert IssuedPdf.objects.count() == 2


def test_a_configured_key_seals_the_pdf_as_pades_over_the_whole_file(seal_configured, pki):
    content = services.issue_pdf(_doc(), seal="block:8")
    reader = PdfFileReader(BytesIO(content))
    [signature] = reader.embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    status = validate_pdf_signature(signature, _context(pki))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Khối thi đua 8" in status.signing_cert.subject.human_friendly
    issued = IssuedPdf.objects.get()
    assert issued.sealed is True
    assert "Khối thi đua 8" in issued.sealed_by
    # A visible widget on page 1 (its look: test_the_seal_appearance_renders_to_png).
    widget = signature.sig_field["/Kids"][0] if "/Kids" in signature.sig_field else None
    field = widget or signature.sig_field
    assert "/AP" in field and field["/Rect"][3] > 780


def test_the_appearance_text_names_position_name_and_iso_time():
    cfg = sealing.SealConfig(
        key="block:8", pkcs12=None, passphrase=None, name="Khối thi đua 8", position="TM. KHỐI"
    )
    text = sealing.appearance_text(cfg, "2025-01-08T09:30:00+07:00")
    assert text.splitlines() == [
        "TM. KHỐI",
        "Khối thi đua 8",
        "Thời gian ký: 2025-01-08T09:30:00+07:00",
    ]


def test_no_key_material_reaches_the_database_or_the_audit_log(seal_configured, pki):
    content = services.issue_pdf(_doc(), seal="block:8")
    key = pki.block_seal.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    scalar = pki.block_seal.key.private_numbers().private_value.to_bytes(32, "big")
    assert key not in content and scalar not in content
    events = " ".join(str(e.after) for e in AuditEvent.objects.all())
    assert str(seal_configured) not in events and "passphrase" not in events
    assert "test-only-passphrase" not in events


def test_a_wrong_passphrase_issues_nothing(settings, seal_configured, tmp_path):
    (tmp_path / "keys" / "khoi8.pass").write_bytes(b"not-the-passphrase")
    with pytest.raises(sealing.SealError) as error:
        services.issue_pdf(_doc(), seal="block:8")
    assert "not-the-passphrase" not in str(error.value)
    assert IssuedPdf.objects.count() == 0


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_seal_appearance_renders_to_png(seal_configured, tmp_path):
    """Rendered and looked at (top right of page 1: position, name, ISO time); here the test
    checks the box is drawn inside the page's top margin, not over the letterhead."""
    from PIL import Image

    content = services.issue_pdf(_doc(), seal="block:8")
    (tmp_path / "sealed.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", "sealed.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    width, _height = image.size
    box = image.crop((width - 165, 0, width - 8, 50))
    dark = sum(1 for p in box.get_flattened_data() if p < 128)
    assert dark > 200  # the frame and three lines of text
    above_letterhead = image.crop((0, 0, width - 170, 50))
    assert all(p > 200 for p in above_letterhead.get_flattened_data())


def test_a_blocks_document_is_recorded_in_its_blocks_chain_and_leaves_other_pages_cached(settings):
    settings.PDF_SEALS = {}
    before = versions.versions([versions.PROVINCE, audit.block_chain(7)])
    services.issue_pdf(_doc(), seal="block:7", block=7)
    event = AuditEvent.objects.get(action="reports.pdf.issue")
    assert event.chain == audit.block_chain(7)
    after = versions.versions([versions.PROVINCE, audit.block_chain(7)])
    assert after[audit.block_chain(7)] == before[audit.block_chain(7)] + 1
    assert after[versions.PROVINCE] == before[versions.PROVINCE]
