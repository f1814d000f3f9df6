"""Generated documents reopen with the expected content, in Decree 30 layout."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
from openpyxl import load_workbook

from thidua.reports import docx as word
from thidua.reports import layout, pdf, xlsx


def sample() -> layout.Document:
    return layout.Document(
        letterhead=layout.Letterhead(
            superior="UBND TỈNH BÌNH THUẬN",
            issuer="Khối thi đua 8",
            place="Bình Thuận",
            date=dt.date(2024, 3, 25),
            number="Số: 01/BB-KTĐ8",
        ),
        title="BIÊN BẢN",
        summary="Hội nghị phát động và ký kết giao ước thi đua năm 2024",
        blocks=[
            layout.Heading("I. Thời gian, địa điểm"),
            layout.Paragraph(
                "Hồi 08 giờ 00 ngày 25/3/2024, tại hội trường Hội Người cao tuổi tỉnh."
            ),
            layout.BulletList(["Hội Người mù tỉnh", "Hội Nhà báo tỉnh"]),
            layout.Table(
                header=["STT", "Đơn vị", "Người ký"],
                rows=[["1", "Hội Đông y tỉnh", "Bùi Văn Phúc"]],
                widths=[1, 5, 4],
            ),
        ],
        signatures=[layout.Signature("TM. KHỐI THI ĐUA 8", "TRƯỞNG KHỐI", "Đào Xuân Nay")],
        recipients=["Ban Thi đua – Khen thưởng tỉnh", "Lưu: VT"],
        file_title="Biên bản hội nghị",
    )


def test_word_document_reopens_with_the_national_title_and_every_part():
    data = word.render(sample())
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "Bình Thuận, ngày 25 tháng 3 năm 2024" in cells
    assert "KHỐI THI ĐUA 8" in cells and "Số: 01/BB-KTĐ8" in cells
    assert "BIÊN BẢN" in text and "I. Thời gian, địa điểm" in text
    assert "Bùi Văn Phúc" in cells and "Đào Xuân Nay" in cells and "Nơi nhận:" in cells
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer


def test_pdf_has_the_text_in_vietnamese_and_embeds_the_shipped_font():
    data = pdf.render(sample())
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Thuận, ngày 25 tháng 3 năm 2024",
        "Hội Người mù tỉnh",
        "Đào Xuân Nay",
        "Nơi nhận",
    ):
        assert expected in text, expected
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Every glyph comes from the shipped Liberation Serif, none from a machine fallback.
    assert all("Thidua-Serif" in name for name in fonts), fonts
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert round(float(width) / 72 * 25.4) == 210 and round(float(height) / 72 * 25.4) == 297


def test_excel_table_has_a_bold_frozen_header():
    data = xlsx.single_table(
        "Bảng", ["STT", "Đơn vị"], [[1, "Hội Khuyến học tỉnh"]], heading="Danh sách đơn vị"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Bảng"
    assert sheet["A1"].value == "Danh sách đơn vị"
    assert sheet["B3"].value == "Đơn vị" and sheet["B3"].font.bold
    assert sheet["B4"].value == "Hội Khuyến học tỉnh"
    assert sheet.freeze_panes == "A4"
