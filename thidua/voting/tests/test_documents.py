"""The minutes of the evaluation meeting (Word and PDF) reopened with the right figures, and the
archive's ballots.json with the bulletin board."""

from __future__ import annotations

import io
import json

import docx
import pytest
from pypdf import PdfReader

from thidua.testing import make_cast
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
    # Candidate row: issued 4, returned 4, valid 4, agree 3, 75.0% of 4 members, passed.
    assert f"{cast.member_org.name} | 4 | 4 | 4 | 3 | 75,0% | Đạt" in text
    assert f"Đề nghị tặng Cờ thi đua của UBND tỉnh: {cast.member_org.name}." in text
    assert "Đào Xuân Nay" in text and "Trần Thị Ngọc Ánh" in text
    pdf = PdfReader(io.BytesIO(documents.minutes_pdf(cast.cycle)))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    assert "75,0%" in pdf_text
    assert "BIÊN BẢN" in pdf_text


def test_minutes_exist_even_without_a_meeting_or_closed_ballot(db):
    cast = make_cast()
    assert documents.minutes_docx(cast.cycle)
    assert documents.minutes_pdf(cast.cycle)
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
