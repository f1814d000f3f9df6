"""The tờ trình, achievement reports, decision summary, history and summary files reopen with the
right nominees and figures; the archive and the dossier ZIP hold them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sys
import types
import zipfile

import docx
import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards import documents, export, services
from thidua.awards.tests import helpers
from thidua.testing import as_role

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    return paragraphs + "\n" + cells


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def _merit_proposal(cast):
    cycle = helpers.evaluated_cycle(cast)
    return services.build_proposal(actor=cast.head_rep, cycle=cycle, award_type=helpers.merit(cast))


def test_the_to_trinh_docx_lists_the_nominees_with_their_rank_score_and_votes(cast):
    proposal = _merit_proposal(cast)
    text = _docx_text(documents.to_trinh_docx(proposal))
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2025" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bình Thuận" in text
    # Built today, after 01/07/2025: the decree in force is 152/2025.
    assert "Sở Nội vụ" in text and "Nghị định số 152/2025/NĐ-CP" in text
    assert "Luật Thi đua, khen thưởng" in text
    assert "Số: 02/TTr-KTĐ8" in text
    assert "TM. KHỐI THI ĐUA 8" in text and "TRƯỞNG KHỐI" in text and "Nơi nhận" in text
    assert "Ban Đại diện Hội Người cao tuổi tỉnh" in text and "Hội Nhà báo tỉnh" in text
    assert "93,50" in text and "4/4 (100,00%)" in text and "3/4 (75,00%)" in text
    assert "Hội Luật gia tỉnh" not in text  # did not pass the ballot


def test_the_to_trinh_pdf_carries_the_same_nominees_and_figures(cast):
    proposal = _merit_proposal(cast)
    text = _pdf_text(documents.to_trinh_pdf(proposal))
    assert "TỜ TRÌNH" in text and "Hội Nhà báo tỉnh" in text and "92,50" in text
    assert "TRƯỞNG KHỐI" in text


def test_the_written_achievement_report_follows_form_02(cast):
    proposal = helpers.flag_proposal(cast)
    nominee = proposal.nominees.get()
    text = _docx_text(documents.report_docx(nominee))
    assert "BÁO CÁO THÀNH TÍCH" in text and "HỘI NGƯỜI MÙ TỈNH" in text
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text
    assert "Hoàn thành vượt mức các chỉ tiêu được giao." in text
    assert "BÁO CÁO THÀNH TÍCH" in _pdf_text(documents.report_pdf(nominee))


def test_the_report_page_lists_the_awards_on_record_instead_of_prefilling_them(client, cast):
    proposal = helpers.flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    from thidua.awards.models import Award

    Award.objects.create(
        organisation=cast.member_org, award_type=helpers.merit(cast), year=2023, name="Hội cũ"
    )
    as_role(client, cast, "member_rep")
    response = client.get(reverse("awards:report_edit", args=[nominee.pk]))
    page = response.content.decode()
    assert "2023: Bằng khen của Chủ tịch UBND tỉnh" in page and "Hội cũ" in page
    assert response.context["form"]["awards"].value() == ""
    assert "Nghị định số 152/2025/NĐ-CP" in page  # the form in force on the tờ trình's date


def test_the_dossier_zip_says_when_the_minutes_are_missing(client, cast, monkeypatch):
    monkeypatch.setitem(sys.modules, "thidua.voting.documents", None)
    proposal = helpers.flag_proposal(cast)
    as_role(client, cast, "board")
    response = client.get(reverse("awards:dossier_zip", args=[proposal.pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "to-trinh.docx" in names and "to-trinh.pdf" in names
    assert "CHUA-CO-BIEN-BAN.txt" in names
    assert "bao-cao-thanh-tich/01-bao-cao.pdf" in names
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "not available" in page or "chưa có trong hệ thống" in page


def test_the_dossier_zip_includes_the_minutes_from_the_voting_app(client, cast, monkeypatch):
    fake = types.ModuleType("thidua.voting.documents")
    fake.minutes_docx = lambda cycle: b"DOCX-MINUTES"  # type: ignore[attr-defined]
    fake.minutes_pdf = lambda cycle: b"PDF-MINUTES"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thidua.voting.documents", fake)
    proposal = helpers.flag_proposal(cast)
    as_role(client, cast, "head_rep")
    response = client.get(reverse("awards:dossier_zip", args=[proposal.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("bien-ban-binh-xet.pdf") == b"PDF-MINUTES"
    assert "CHUA-CO-BIEN-BAN.txt" not in archive.namelist()
    # The manifest names every other file with its SHA-256, as the API's package does.
    manifest = json.loads(archive.read("manifest.json"))
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert manifest["dossier"]["id"] == proposal.pk


def test_the_archive_holds_the_to_trinh_reports_and_decision_summary(cast):
    proposal = helpers.accepted_proposal(cast)
    services.record_decision(
        actor=cast.board,
        proposal=proposal,
        number="125/QĐ-UBND",
        date=dt.date(2025, 2, 20),
        signer_name="Trần Minh Khoa",
        outcomes={n.pk: services.Outcome(True) for n in proposal.nominees.all()},
    )
    files = export.files(proposal.cycle)
    assert {"awards/to-trinh-co-thi-dua.docx", "awards/to-trinh-co-thi-dua.pdf"} <= set(files)
    assert "awards/quyet-dinh-co-thi-dua.docx" in files
    assert any(p.startswith("awards/bao-cao-thanh-tich-co-thi-dua/") for p in files)
    summary = _docx_text(files["awards/quyet-dinh-co-thi-dua.docx"])
    assert "125/QĐ-UBND" in summary and "Hội Người mù tỉnh" in summary
    assert "Được khen thưởng" in summary


def test_an_uploaded_report_goes_into_the_archive_as_uploaded(cast):
    proposal = helpers.flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    services.upload_report(actor=cast.member_rep, nominee=nominee, upload=helpers.pdf_upload())
    files = export.files(proposal.cycle)
    uploaded = [p for p in files if p.endswith("tai-len.pdf")]
    assert len(uploaded) == 1 and files[uploaded[0]] == helpers.MINIMAL_PDF


def test_the_year_summary_xlsx_counts_proposed_and_granted(client, cast):
    helpers.submitted_proposal(cast)
    as_role(client, cast, "board")
    response = client.get(reverse("awards:summary_xlsx") + "?year=2025")
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows(min_row=4)]
    assert rows[0] == ["Cờ thi đua của UBND tỉnh", 1, 0, 1]
    assert rows[-1] == ["Tổng cộng", 1, 0, 1]
    blocks = [[c.value for c in r] for r in book.worksheets[1].iter_rows(min_row=4)]
    assert blocks[0] == ["Khối thi đua 8", 1, 0, 1]
