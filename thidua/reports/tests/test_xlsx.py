"""The one workbook helper: typed cells, no live formula, and a print setup that fits A4."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from thidua.lib import cells
from thidua.reports import xlsx

# OWASP's CSV-injection examples, one per dangerous first character.
HOSTILE = [
    '=HYPERLINK("http://x"&A1,"Bấm")',
    "@SUM(1)",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1",
    "\r=1",
]


A4 = 9  # the file format's paper size code


def _sheet(data: bytes, index: int = 0):
    return load_workbook(io.BytesIO(data)).worksheets[index]


def test_text_that_looks_like_a_formula_stays_text_and_reads_back_as_written():
    data = xlsx.single_table("Bảng", ["Tên"], [[text] for text in HOSTILE], heading=HOSTILE[0])
    sheet = _sheet(data)
    body = [sheet.cell(row=r, column=1) for r in range(4, 4 + len(HOSTILE))]
    assert [c.value for c in body] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in body)
    heading = sheet["A1"]
    assert heading.value == HOSTILE[0] and heading.data_type == "s" and heading.quotePrefix
    raw = data.decode("latin-1")
    assert "<f>" not in raw and "<f " not in raw, "the file holds no formula element at all"


def test_a_header_or_sheet_title_with_a_formula_is_text_too():
    data = xlsx.single_table("Ý kiến 1/2", ["=1+1", "@A1"], [[1, 2]])
    sheet = _sheet(data)
    assert [c.data_type for c in sheet[1]] == ["s", "s"]
    assert sheet["A1"].value == "=1+1" and sheet["A1"].quotePrefix
    assert sheet.title == "Ý kiến 1-2"  # Excel refuses "/" in a sheet's name


def test_ordinary_text_is_not_flagged_and_error_codes_stay_text():
    sheet = _sheet(xlsx.single_table("T", ["A"], [["Hội Người mù tỉnh"], ["#N/A"], ["—"]]))
    assert [sheet.cell(row=r, column=1).quotePrefix for r in (2, 3, 4)] == [False] * 3
    assert sheet["A3"].value == "#N/A" and sheet["A3"].data_type == "s"


def test_numbers_stay_numbers_with_their_decimals_even_negative_ones():
    rows = [[1, Decimal("77.50"), -2.5, Decimal("-3"), Decimal("0.125")]]
    sheet = _sheet(xlsx.single_table("T", ["STT", "Điểm", "Âm", "Trừ", "Hệ số"], rows))
    values = [c.value for c in sheet[2]]
    assert values == [1, 77.5, -2.5, -3, 0.125]
    assert all(c.data_type == "n" for c in sheet[2])
    assert [c.number_format for c in sheet[2]] == ["0", "0.00", "0.00", "0", "0.000"]
    assert not any(c.quotePrefix for c in sheet[2])


def test_dates_are_dates_and_moments_are_local_times(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    moment = dt.datetime(2025, 1, 8, 1, 10, tzinfo=dt.UTC)  # 08:10 in Vietnam
    sheet = _sheet(xlsx.single_table("T", ["Ngày", "Lúc"], [[dt.date(2025, 1, 8), moment]]))
    day, at = sheet["A2"], sheet["B2"]
    assert (
        day.is_date and day.value == dt.datetime(2025, 1, 8) and day.number_format == "dd/mm/yyyy"
    )
    assert at.is_date and at.value == dt.datetime(2025, 1, 8, 8, 10)
    assert at.number_format == "dd/mm/yyyy hh:mm"


def test_yes_and_no_are_words_in_the_readers_language():
    with translation.override("vi"):
        sheet = _sheet(xlsx.single_table("T", ["Có mặt"], [[True], [False], [None]]))
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == ["Có", "Không", None]


def test_characters_a_workbook_cannot_hold_are_dropped_instead_of_failing():
    sheet = _sheet(xlsx.single_table("T", ["A"], [["Hội\x00 Luật\x07 gia"], ["x" * 40000]]))
    assert sheet["A2"].value == "Hội Luật gia"
    assert len(sheet["A3"].value) == cells.MAX_TEXT


def test_not_a_number_is_written_as_text_rather_than_a_broken_number():
    sheet = _sheet(xlsx.single_table("T", ["A"], [[Decimal("NaN")], [float("inf")]]))
    assert [sheet["A2"].value, sheet["A3"].value] == ["NaN", "inf"]


def test_a_narrow_table_prints_upright_on_a4_fitted_to_width_with_its_header_repeated():
    sheet = _sheet(
        xlsx.single_table("T", ["STT", "Đơn vị"], [[1, "Hội Khuyến học tỉnh"]], heading="Danh sách")
    )
    setup = sheet.page_setup
    assert int(setup.paperSize) == A4 and setup.orientation == "portrait"
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"
    assert "&P" in sheet.oddFooter.center.text


def test_a_wide_table_prints_landscape():
    header = ["Mã", "Tiêu chí", "Tối đa", "Tự chấm", *[f"Đơn vị {i}" for i in range(11)], "TB"]
    rows = [["1.1", "Tiêu chí", Decimal("10.00"), *[Decimal("9.50")] * 13]]
    sheet = _sheet(xlsx.single_table("T", header, rows, widths=[8, 50, 10, 10]))
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"


def test_the_orientation_can_be_chosen():
    sheet = _sheet(xlsx.single_table("T", ["A"], [["x"]], landscape=True))
    assert sheet.page_setup.orientation == "landscape"


def test_the_heading_spans_the_table_and_wraps_when_longer():
    heading = "Tổng hợp ý kiến góp ý " * 10
    sheet = _sheet(xlsx.single_table("T", ["STT", "Đơn vị"], [[1, "A"]], heading=heading))
    assert "A1:B1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.row_dimensions[1].height > xlsx.HEADING_LINE_HEIGHT


def test_columns_without_a_given_width_fit_their_content_within_bounds():
    rows = [
        ["Hội Bảo trợ người khuyết tật và bảo vệ quyền trẻ em tỉnh", Decimal("77.50"), "x" * 200]
    ]
    sheet = _sheet(xlsx.single_table("T", ["Đơn vị", "Điểm", "Ghi chú"], rows))
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths[0] > 40 and xlsx.MIN_WIDTH <= widths[1] < 12 and widths[2] == xlsx.MAX_WIDTH


def test_several_sheets_share_the_styles_and_keep_their_order():
    book = xlsx.new_workbook()
    xlsx.add_sheet(book, "Một", ["A"], [[1]])
    xlsx.add_sheet(book, "Hai", ["B"], [[2]])
    reopened = load_workbook(io.BytesIO(xlsx.to_bytes(book)))
    assert reopened.sheetnames == ["Một", "Hai"]
    assert all(int(s.page_setup.paperSize) == A4 for s in reopened.worksheets)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_cell_writer_flags_each_dangerous_first_character(text):
    book = xlsx.new_workbook()
    sheet = book.create_sheet("T")
    cell = cells.put(sheet, 1, 1, text)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == text
