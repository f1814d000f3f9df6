"""The Decree-30 layout engine: the Word file's structure, and the pages as LibreOffice and the
product's PDF lay them out (header lines whole, signatures never alone, nothing lost)."""

from __future__ import annotations

import dataclasses
import io

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from thidua.reports import decree30, layout, measure, pdf
from thidua.reports import docx as word
from thidua.reports.tests import checks
from thidua.reports.tests.test_documents import sample

LINE = (
    "Các đơn vị thành viên đã thực hiện tốt các nội dung giao ước thi đua, hoàn thành nhiệm vụ "
    "chính trị được giao và tham gia đầy đủ các hoạt động chung của Khối."
)
SECRETARY = layout.Signature("", "THƯ KÝ", "Nguyễn Thị Lan")
CHAIR = layout.Signature("", "CHỦ TỌA", "Đào Xuân Nay")


def long_document(padding: int, *, two_signers: bool, table_rows: int = 0) -> layout.Document:
    """The sample with `padding` paragraphs, ending with a paragraph or a table of
    `table_rows` rows: around padding 9–12 the signature block reaches the end of page 1."""
    base = sample()
    blocks = [*base.blocks, *(layout.Paragraph(LINE) for _ in range(padding))]
    if table_rows:
        blocks.append(
            layout.Table(
                header=["STT", "Đơn vị", "Điểm"],
                rows=[[str(i), "Hội Chữ thập đỏ tỉnh", "95,50"] for i in range(1, table_rows + 1)],
                widths=[1, 6, 2],
            )
        )
    else:
        blocks.append(layout.Paragraph("Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày./."))
    return dataclasses.replace(
        base,
        blocks=blocks,
        signatures=[SECRETARY, CHAIR] if two_signers else base.signatures,
        archive_copy="KTĐ8",
    )


# --- the Word file ---------------------------------------------------------------------------


def test_the_word_file_follows_decree_30():
    doc = dataclasses.replace(sample(), archive_copy="KTĐ8")
    assert checks.docx_problems(word.render(doc), doc) == []


def test_a_landscape_word_file_keeps_the_header_grid_on_its_wider_text():
    doc = sample()
    assert checks.docx_problems(word.render(doc, landscape=True), doc, landscape=True) == []


def test_every_run_is_times_new_roman_in_vietnamese():
    document = docx.Document(io.BytesIO(word.render(sample())))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert lang.get(qn("w:val")) == "vi-VN" and lang.get(qn("w:eastAsia")) == "vi-VN"
    assert document.core_properties.language == "vi-VN"


def test_table_columns_follow_the_widths_so_stt_is_narrow():
    doc = sample()
    document = docx.Document(io.BytesIO(word.render(doc)))
    grid = document.tables[1]._tbl.tblGrid.findall(qn("w:gridCol"))
    mm = [int(col.get(qn("w:w"))) / checks.TWIPS_PER_MM for col in grid]
    assert [round(m) for m in mm] == [16, 82, 66]  # widths 1:5:4 of 165 mm
    first_row = document.tables[1].rows[1]
    assert [round(c.width.mm) for c in first_row.cells] == [16, 82, 66]


def test_a_row_that_wraps_cannot_split_and_the_header_row_repeats():
    table = layout.Table(
        header=["STT", "Ý kiến"],
        rows=[["1", "Ngắn"], ["2", LINE * 3]],
        widths=[1, 9],
    )
    doc = dataclasses.replace(sample(), blocks=[table])
    document = docx.Document(io.BytesIO(word.render(doc)))
    rows = document.tables[1].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[2]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert checks.docx_problems(word.render(doc), doc) == []


def test_recipients_end_with_the_archive_line():
    doc = layout.Document(
        letterhead=sample().letterhead,
        title="TỜ TRÌNH",
        recipients=["Như trên;", "- Sở Nội vụ", "Lưu: VT."],
        archive_copy="KTĐ8.",
    )
    assert doc.recipient_lines() == ["- Như trên;", "- Sở Nội vụ;", "- Lưu: VT, KTĐ8."]
    assert dataclasses.replace(doc, archive_copy="").recipient_lines()[-1] == "- Lưu: VT."
    kept = dataclasses.replace(doc, archive_copy="", recipients=["Lưu: VT, TĐKT"])
    assert kept.recipient_lines() == ["- Lưu: VT, TĐKT."]
    assert dataclasses.replace(doc, recipients=[], archive_copy="").recipient_lines() == []


def test_the_signature_block_names_each_signer_under_the_space_to_sign():
    doc = long_document(0, two_signers=True)
    document = docx.Document(io.BytesIO(word.render(doc)))
    signatures = document.tables[-1]
    left, right = signatures.rows[0].cells
    left_text = [p.text for p in left.paragraphs]
    assert left_text[:2] == ["THƯ KÝ", "Nguyễn Thị Lan"]
    assert "Nơi nhận:" in left_text and left_text[-1] == "- Lưu: VT, KTĐ8."
    assert [p.text for p in right.paragraphs] == ["CHỦ TỌA", "Đào Xuân Nay"]
    name = right.paragraphs[1]
    assert name.runs[0].bold and name.paragraph_format.space_before.mm >= 18
    assert signatures.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


# --- the header's measures -------------------------------------------------------------------


def test_header_lines_fit_their_column_and_a_long_issuer_wraps_evenly():
    head = decree30.head(
        layout.Letterhead(
            superior="UBND TỈNH BÌNH THUẬN",
            issuer="Hội Bảo trợ người khuyết tật và bảo vệ quyền trẻ em tỉnh",
            place="Bình Thuận",
            date=sample().letterhead.date,
        )
    )
    room = head.left_mm - 2 * decree30.HEAD_PAD_MM
    assert head.superior is not None and len(head.superior.lines) == 1
    assert len(head.issuer.lines) == 3
    widths = [measure.width_mm(t, head.issuer.size, bold=True) for t in head.issuer.lines]
    assert max(widths) <= room and min(widths) > 0.6 * max(widths)
    assert measure.width_mm(layout.NATIONAL_TITLE, 12, bold=True) < head.right_mm - 4
    assert round(head.left_mm / (head.left_mm + head.right_mm), 2) == 0.35


# --- the demo's specimen mark ----------------------------------------------------------------


def _header_texts(data: bytes) -> tuple[str, str, str]:
    section = docx.Document(io.BytesIO(data)).sections[0]
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    first = "\n".join(p.text for p in section.first_page_header.paragraphs)
    other = "\n".join(p.text for p in section.header.paragraphs)
    return first, other, body


def test_out_of_demo_mode_no_document_carries_a_specimen_mark(settings):
    settings.DEMO_MODE = False
    doc = dataclasses.replace(sample(), specimen="BẢN MẪU")
    first, other, body = _header_texts(word.render(doc))
    assert "BẢN MẪU" not in first + other + body
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.render(doc))).pages)
    assert "BẢN MẪU" not in text


def test_in_demo_mode_every_page_carries_the_mark_outside_the_body(settings):
    settings.DEMO_MODE = True
    doc = long_document(30, two_signers=False)
    first, other, body = _header_texts(word.render(doc))
    assert layout.SPECIMEN in first and layout.SPECIMEN in other
    assert "BẢN MẪU" not in body
    reader = pypdf.PdfReader(io.BytesIO(pdf.render(doc)))
    assert len(reader.pages) >= 2
    assert all(layout.SPECIMEN in page.extract_text() for page in reader.pages)


# --- the pages -------------------------------------------------------------------------------

# Around these paddings the end of the body meets the end of page 1 (the signature-alone case);
# a 44-row final table runs over two pages.
SHAPES = {
    f"p{padding}-{shape}": long_document(padding, two_signers=two, table_rows=rows)
    for padding in (9, 10, 11, 12)
    for shape, two, rows in (("one", False, 0), ("two", True, 0), ("table", False, 6))
}
SHAPES.update(
    {
        f"p{padding}-longtable": long_document(padding, two_signers=two, table_rows=44)
        for padding, two in ((5, False), (10, True), (11, False))
    }
)


def test_libreoffice_keeps_header_lines_whole_and_signatures_with_the_text(tmp_path):
    converted = checks.to_pdf({k: word.render(d) for k, d in SHAPES.items()}, tmp_path)
    problems = {
        key: found
        for key, doc in SHAPES.items()
        if (found := checks.page_problems(checks.pdf_pages(converted[key]), doc))
    }
    assert problems == {}
    # A long table's header row repeats on its next page.
    pages = checks.pdf_pages(converted["p5-longtable"])
    assert len(pages) >= 2
    assert any(line.split()[:3] == ["STT", "Đơn", "vị"] for line in pages[1].splitlines())


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_the_pdf_keeps_header_lines_whole_and_signatures_with_the_text(key):
    doc = SHAPES[key]
    assert checks.page_problems(checks.pdf_pages(pdf.render(doc)), doc) == []
