"""The validation report of any issued PDF: its registry entry, every signature as pdfcheck sees
it and the signatures the product recorded for it (its seal; the units' signatures of the
covenant version), as a structure, JSON, text and on the public verification page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from thidua.reports import layout, pdf, sealing
from thidua.reports import services as reports
from thidua.signing import digital, validation_report
from thidua.signing.tests.helpers import seal_the_block, signing_ready
from thidua.signing.tests.test_digital import _sign, _upload
from thidua.testing.pki import make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    return make_pki([("Member Leader", "Hội")])


@pytest.fixture
def seals(cast, pki, settings, tmp_path):
    seal_the_block(cast, pki, settings, tmp_path)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def _minutes(cast) -> bytes:
    doc = layout.Document(
        letterhead=layout.Letterhead(
            issuer="KHỐI THI ĐUA 8", place="Bình Thuận", date=dt.date.today()
        ),
        title="BIÊN BẢN",
        summary="Họp khối",
        blocks=[layout.Paragraph("Nội dung cuộc họp.")],
        file_title="Biên bản họp khối",
    )
    issued = reports.issue_rendered(
        pdf.render(doc),
        title=doc.file_title,
        seal=sealing.block_key(cast.block),
        reference="minutes:7",
    )
    assert issued.sealed
    return bytes(issued.content)


def test_sealed_minutes_report_their_entry_seal_and_that_the_product_recorded_it(cast, seals):
    data = _minutes(cast)
    with translation.override("en"):
        report = validation_report.build(data)
    assert report.verdict == "issued"
    assert report.entry is not None and report.entry.kind == "minutes"
    assert report.entry.kind_label == "Meeting minutes"
    assert report.entry.title == "Biên bản họp khối"
    [line] = report.signatures
    assert line.check.intact and line.check.covers_whole_file and line.check.trusted
    assert line.revocation.status == "not_checked"
    assert line.recorded is not None and line.recorded.method == "seal"
    assert [r.method for r in report.recorded] == ["seal"]
    as_json = json.loads(json.dumps(report.as_dict()))
    sig = as_json["signatures"][0]
    assert sig["chain_trusted"] is True and sig["revocation"]["status"] == "not_checked"
    assert sig["recorded_as"]["method"] == "seal"
    assert as_json["registry_entry"]["kind"] == "minutes"
    text = validation_report.as_text(report)
    assert "verdict: issued" in text and "kind: minutes" in text
    assert "revocation: not checked (" in text and "recorded by the product: " in text
    assert "recorded by the product: no" not in text


def test_a_changed_byte_is_not_recorded_and_says_changed(cast, seals):
    original = _minutes(cast)
    data = bytearray(original)
    at = original.index(b"/MediaBox") + 12  # inside the signed page content
    data[at] = ord("7") if data[at] != ord("7") else ord("6")
    report = validation_report.build(bytes(data))
    assert report.verdict == "changed" and report.entry is None
    assert not report.signatures[0].check.intact
    text = validation_report.as_text(report)
    assert "verdict: changed" in text and "intact: no" in text
    assert "issued by the product: no" in text


def test_the_leaders_signed_covenant_relates_each_signature_to_what_was_recorded(cast, pki, seals):
    version = signing_ready(cast)
    base = bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)
    signed = _sign(base, pki, pki.leaders[0])
    digital.sign_with_upload(
        actor=cast.member_leader, cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    report = validation_report.build(signed)
    assert report.verdict == "issued"
    assert report.entry is not None and report.entry.kind == "covenant-version"
    assert report.entry.version == version.number
    seal, leader = report.signatures
    assert seal.recorded is not None and seal.recorded.method == "seal"
    assert seal.revision is not None and seal.revision.kind == "covenant-version"
    assert leader.recorded is not None and leader.recorded.who == cast.member_org.name
    assert leader.recorded.method == "digital"
    assert {r.method for r in report.recorded} == {"seal", "digital"}
    # A file re-signed by someone the product never recorded: that signature is "not recorded".
    other = _sign(signed, pki, pki.untrusted, n=2)
    again = validation_report.build(other)
    assert again.verdict == "untrusted"
    assert again.signatures[-1].recorded is None
    assert again.entry is None and again.document is not None


def test_the_verification_page_shows_the_report_for_minutes(client, cast, seals):
    data = _minutes(cast)
    response = client.post(
        reverse("verify:file"),
        {"document": SimpleUploadedFile("bb.pdf", data, content_type="application/pdf")},
    )
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Issued by the product, unchanged." in page
    assert "Meeting minutes" in page
    assert "Recorded by the product: Khối thi đua 8" in page
    assert "Signatures the product recorded for this version" in page
    assert "Revocation (OCSP/CRL): not checked (" in page


def test_the_hash_page_and_its_downloads_carry_the_report(client, cast, seals):
    data = _minutes(cast)
    report = validation_report.build(data)
    page = " ".join(
        client.get(reverse("verify:detail", args=[report.sha256])).content.decode().split()
    )
    assert "Validation report of the issued file" in page and "Meeting minutes" in page
    text = client.get(reverse("verify:report", args=[report.sha256, "txt"]))
    assert text["Content-Type"].startswith("text/plain")
    assert "verdict: issued" in text.content.decode()
    body = json.loads(client.get(reverse("verify:report", args=[report.sha256, "json"])).content)
    assert body["signatures"][0]["recorded_as"]["method"] == "seal"
    assert client.get(reverse("verify:report", args=[report.sha256, "exe"])).status_code == 404
    assert client.get(reverse("verify:report", args=["0" * 64, "txt"])).status_code == 404


def test_verify_pdf_prints_the_report(cast, seals, tmp_path, capsys):
    path = tmp_path / "bb.pdf"
    path.write_bytes(_minutes(cast))
    call_command("verify_pdf", str(path))
    out = capsys.readouterr().out
    assert "kind: minutes" in out and "signature 1: valid" in out


def test_an_unreadable_file_gets_a_one_line_report():
    assert "unreadable PDF (damaged)" in validation_report.text_of(b"not a pdf")
