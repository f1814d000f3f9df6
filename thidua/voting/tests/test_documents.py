"""The minutes of the evaluation meeting (Word and PDF) reopened with the right figures, and the
archive's ballots.json with the bulletin board."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from thidua.legal.signers import MISSING_NAME
from thidua.meetings.models import Meeting
from thidua.reports import issuing
from thidua.testing import as_role, make_cast
from thidua.voting import ballot_box, documents, export, services
from thidua.voting.tests.builders import evaluation, open_flag_session, unit_voters

pytestmark = pytest.mark.django_db


def _closed_flag(cast):
    session = open_flag_session(cast)
    candidate = session.candidates.get()
    voters = list(unit_voters(cast).values())
    for i, user in enumerate(voters):
        ballot_box.cast_ballot(
            actor=user,
            session=session,
            unit=user.organisation,
            choices={candidate.pk: "agree" if i < 3 else "disagree"},
            reauthenticated=True,
        )
    return services.close_session(actor=cast.head_rep, session=session)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_minutes_carry_attendance_quorum_ranking_and_counts(cast):
    _closed_flag(cast)
    text = _docx_text(documents.minutes_docx(cast.cycle))
    assert "BIÊN BẢN" in text
    assert "Đơn vị có mặt: 4/4" in text
    assert "đủ điều kiện tiến hành bình xét" in text
    assert "Cờ thi đua của UBND tỉnh" in text
    # Candidate row: issued 4, returned 4, valid 4, agree 3, 75% of 4 members, passed.
    assert f"{cast.member_org.name} | 4 | 4 | 4 | 3 | 75,00% | Đạt" in text
    assert f"Đề nghị tặng Cờ thi đua của UBND tỉnh: {cast.member_org.name}." in text
    assert "Đào Xuân Nay" in text and "Trần Thị Ngọc Ánh" in text
    pdf = PdfReader(io.BytesIO(documents.minutes_pdf(cast.cycle)))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    assert "75,00%" in pdf_text
    assert "BIÊN BẢN" in pdf_text


def test_minutes_without_a_meeting_are_not_dated_today_and_say_what_is_missing(db):
    cast = make_cast()
    with pytest.raises(issuing.UndatedDocument, match="Hội nghị bình xét năm 2025"):
        documents.minutes_docx(cast.cycle)
    assert "voting/minutes.docx" not in export.files(cast.cycle)
    evaluation(cast)
    text = _docx_text(documents.minutes_docx(cast.cycle))
    assert "Chưa có cuộc bỏ phiếu nào được kiểm phiếu" in text


def test_the_archive_holds_the_minutes_and_the_bulletin_board(cast):
    session = _closed_flag(cast)
    files = export.files(cast.cycle)
    assert set(files) == {"voting/minutes.docx", "voting/minutes.pdf", "ballots.json"}
    data = json.loads(files["ballots.json"])
    (entry,) = data["sessions"]
    assert (entry["issued"], entry["returned"], entry["valid"]) == (4, 4, 4)
    assert entry["round"] == 1 and entry["mode"] == "electronic"
    assert entry["candidates"][0]["agree"] == 3
    hashes = [b["receipt_hash"] for b in entry["bulletin_board"]]
    assert hashes == sorted(hashes) and len(hashes) == 4
    recount = sum(
        1 for b in entry["bulletin_board"] for choice in b["choices"].values() if choice == "agree"
    )
    assert recount == entry["candidates"][0]["agree"]
    assert entry["id"] == session.pk


def test_electronic_minutes_say_where_each_voter_can_verify_the_tally(cast, settings):
    settings.SITE_URL = "https://thidua.lamdong.gov.vn"
    session = _closed_flag(cast)
    text = _docx_text(documents.minutes_docx(cast.cycle))
    assert f"https://thidua.lamdong.gov.vn/voting/session/{session.pk}/bulletin/" in text
    assert "Bảng công khai phiếu: https" in text and "mã biên nhận" in text
    assert "127.0.0.1" not in text
    assert "Ban kiểm phiếu" not in text


def test_paper_minutes_name_the_counting_committee(cast):
    evaluation(cast)
    flag = cast.cycle.policy.quotas.get(award_type__is_flag=True).award_type
    session = services.prepare_session(
        actor=cast.head_rep, cycle=cast.cycle, kind="award", award_type=flag
    )
    candidate = session.candidates.get()
    services.record_paper_count(
        actor=cast.head_rep,
        session=session,
        count=services.PaperCount(
            issued=4,
            returned=4,
            valid=4,
            invalid=0,
            agree={candidate.pk: 3},
            committee=[
                {"name": "Nguyễn Văn A", "position": "Phó Chủ tịch", "unit": "Hội Nhà báo tỉnh"},
                {"name": "Trần Thị B"},
                {"name": "Lê Văn C"},
            ],
        ),
    )
    text = _docx_text(documents.minutes_docx(cast.cycle))
    assert (
        "Ban kiểm phiếu: Nguyễn Văn A, Phó Chủ tịch, Hội Nhà báo tỉnh; Trần Thị B; Lê Văn C."
        in text
    )
    assert "/bulletin/" not in text


def test_the_minutes_are_dated_by_the_meeting_with_the_law_of_that_day_and_full_signatures(cast):
    _closed_flag(cast)
    doc = documents.minutes(cast.cycle)
    assert doc.letterhead.date == dt.date(2025, 12, 20)
    assert doc.letterhead.place_and_date == "Bình Thuận, ngày 20 tháng 12 năm 2025"
    text = "\n".join(getattr(b, "text", "") for b in doc.blocks)
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in text and "98/2023" not in text
    assert [(s.position, s.name) for s in doc.signatures] == [
        ("THƯ KÝ", "Trần Thị Ngọc Ánh"),
        ("CHỦ TỌA", "Đào Xuân Nay"),
    ]
    assert doc.archive_copy == "KTĐ8"
    assert not any(r.startswith("Lưu") for r in doc.recipients)


def test_a_missing_chair_or_secretary_is_said_in_the_minutes(cast):
    meeting = evaluation(cast)
    Meeting.objects.filter(pk=meeting.pk).update(secretary_name="")
    doc = documents.minutes(cast.cycle)
    assert doc.signatures[0].name == MISSING_NAME


def test_an_undated_minutes_download_is_a_409_page(client, cast):
    as_role(client, cast, "member_rep")
    for name in ("voting:minutes_docx", "voting:minutes_pdf"):
        response = client.get(reverse(name, args=[cast.cycle.pk]))
        assert response.status_code == 409
        assert reverse("voting:cycle", args=[cast.cycle.pk]) in response.content.decode()
