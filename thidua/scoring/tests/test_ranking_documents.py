"""The ranking and score-sheet documents reopen with the expected content."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.cycles.models import Phase
from thidua.scoring import documents, ranking_services
from thidua.scoring.models import PublishedRanking
from thidua.scoring.tests.test_ranking import scored  # noqa: F401  (fixture)
from thidua.testing import as_role, make_person

pytestmark = pytest.mark.django_db


def test_ranking_xlsx_has_one_row_per_unit_and_one_column_per_scorer(client, cast, scored):  # noqa: F811
    as_role(client, cast, "head_rep")
    response = client.get(reverse("scoring:ranking_xlsx", args=[cast.cycle.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Đơn vị thành viên", "Điểm tự chấm", "Điểm cuối cùng", "Xếp hạng"]
    assert len(header) == 4 + 4  # four member units as scorer columns
    first = body[0]
    assert first[0] == "Hội Nhà báo tỉnh" and first[1] == 77 and first[2] == 75 and first[3] == 1
    own = header.index("Hội Nhà báo tỉnh")
    assert first[own] is None  # a unit never scores itself
    assert sorted(v for v in first[4:] if v is not None) == [75, 75, 75]


def test_consolidated_results_docx_and_pdf_follow_decree_30(cast, scored):  # noqa: F811
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    published = ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    data = documents.ranking_document(cast.cycle, published=published)
    word = docx.Document(io.BytesIO(documents.ranking_docx(data)))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Hội Nhà báo tỉnh" in cells
    assert "75,00" in cells
    # Signed for the block by the head unit's leader, by name; the archive line names the block.
    make_person("head_leader", Role.LEADER, cast.head_org, full_name="Nguyễn Thị Phúc")
    doc = documents._ranking_layout(data)
    (signature,) = doc.signatures
    assert signature.authority == "TM. KHỐI THI ĐUA 8" and signature.name == "Nguyễn Thị Phúc"
    assert signature.position.startswith("TRƯỞNG KHỐI\nCHỦ TỊCH")
    assert doc.archive_copy == "KTĐ8" and doc.recipients[0] == "Sở Nội vụ tỉnh Bình Thuận"
    reader = pypdf.PdfReader(io.BytesIO(documents.ranking_pdf(data)))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM" in pdf_text and "Hội Luật gia tỉnh" in pdf_text


def test_unit_score_sheet_lists_every_criterion_and_each_scorer(client, cast, scored):  # noqa: F811
    as_role(client, cast, "board")
    url = reverse("scoring:unit_sheet_xlsx", args=[cast.cycle.pk, cast.member_org.pk])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in rows[1:7]] == ["I", "a", "b", "II", "c", "d"]
    assert rows[-1][3] == 67 and rows[-1][-1] == 65  # self total, final
    url = reverse("scoring:unit_sheet_docx", args=[cast.cycle.pk, cast.member_org.pk])
    # Before the ranking is published the sheet has no business date: the page says so.
    undated = client.get(url)
    assert undated.status_code == 409 and "chưa được công bố" in undated.content.decode()
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    published = ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    PublishedRanking.objects.filter(pk=published.pk).update(
        published_at=dt.datetime(2025, 1, 8, 10, 0, tzinfo=dt.UTC)
    )
    word = docx.Document(io.BytesIO(client.get(url).content))
    assert "ngày 08 tháng 01 năm 2025" in "\n".join(
        c.text for t in word.tables for r in t.rows for c in r.cells
    )
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Criterion a" in cells and "PHIẾU CHẤM ĐIỂM" in "\n".join(
        p.text for p in word.paragraphs
    )
