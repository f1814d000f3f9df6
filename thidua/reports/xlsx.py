"""Excel tables that print: the one way the product writes a workbook.

Every export builds its sheets here (`single_table`, or `new_workbook` + `add_sheet` +
`to_bytes` for several sheets); no export writes cells with openpyxl itself. A sheet has an
optional heading row, a bold header row frozen on screen and repeated on every printed page,
the body, and column widths. It prints on A4, upright or landscape by the table's width,
fitted to the page width, with the page number in the footer. Every cell goes through
`thidua.lib.cells.put`: numbers and dates keep their type and their decimals, and no text
ever runs as a formula (see that module for why and how).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from thidua.lib import cells

__all__ = ["Workbook", "add_sheet", "new_workbook", "single_table", "to_bytes"]

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_STYLE = "thidua-heading"
HEADER_STYLE = "thidua-header"
CELL_STYLE = "thidua-cell"

#: Widths are in characters of the default font (Calibri 11, about 1.9 mm each, plus a little
#: padding per column). With the margins below an A4 page holds about 98 of them upright and
#: 146 across: a table wider than the upright page prints landscape, and either way the page
#: is scaled down to the table's width if it must (never split across pages side by side).
PORTRAIT_CHARS = 98
COLUMN_PADDING = 0.7
MIN_WIDTH, MAX_WIDTH = 8, 50
#: Margins in inches, as the file format keeps them: 1.3 cm at the sides, room for the footer.
MARGINS = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
#: Times New Roman, the font of Vietnamese administrative documents (Decree 30): on every
#: office's computer, and LibreOffice prints it with the metric-compatible Liberation Serif.
FONT = "Times New Roman"
FONT_SIZE = 11
#: Points per line of the body's font: rows are given the height of their wrapped text, as
#: LibreOffice keeps the default height of a row written without one and clips the rest.
LINE_HEIGHT = 14.5
#: Letters of running text per width unit (the unit is a digit's width; Times New Roman's letters
#: are narrower on average, bold ones a little less so).
TEXT_DENSITY, BOLD_DENSITY = 1.4, 1.15
#: The heading's bold 13-point letters are about this much wider than the body's.
HEADING_SCALE = 1.25
HEADING_LINE_HEIGHT = 18
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _named_styles(workbook: Workbook) -> None:
    """Register the heading, header and cell styles once per workbook: a cell then points at a
    style by name instead of having a font, border and alignment hashed into the workbook one
    by one (which made a 60-item score sheet take a tenth of a second)."""
    if HEADER_STYLE in workbook.named_styles:
        return
    heading = NamedStyle(name=HEADING_STYLE)
    heading.font = Font(name=FONT, bold=True, size=13)
    heading.alignment = Alignment(vertical="center", wrap_text=True)
    header = NamedStyle(name=HEADER_STYLE)
    header.font, header.border = Font(name=FONT, size=FONT_SIZE, bold=True), BOX
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell = NamedStyle(name=CELL_STYLE)
    cell.font, cell.border = Font(name=FONT, size=FONT_SIZE), BOX
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    for style in (heading, header, cell):
        workbook.add_named_style(style)


def new_workbook() -> Workbook:
    """An empty workbook for `add_sheet` (without openpyxl's default sheet)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _shown(value: Any) -> Any:
    """What a reader should see: yes/no in words rather than TRUE/FALSE."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _length(value: Any) -> int:
    """About how many characters a value takes once shown in its cell."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int):
        return len(str(value))
    if isinstance(value, float | Decimal):
        return len(f"{value:.{cells.places(value)}f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _width(name: str, values: Iterable[Any]) -> int:
    """A column as wide as its longest value (wrapped beyond MAX_WIDTH) and its header's longest
    word (the header wraps between words)."""
    word = max((len(w) for w in str(name).split()), default=0)
    body = max((_length(v) for v in values), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(word, body) + 2))


def _widths(header: Sequence[str], rows: list[list[Any]], given: Sequence[int]) -> list[int]:
    return [
        given[i] if i < len(given) else _width(name, (r[i] for r in rows if i < len(r)))
        for i, name in enumerate(header)
    ]


def _wrapped_lines(value: Any, width: float, density: float = TEXT_DENSITY) -> int:
    """About how many lines a text takes in a column `width` characters wide, wrapped between
    words as the spreadsheet does (a word longer than the line is broken)."""
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return 1
    usable = max(1.0, (width - 1) * density)
    total = 0
    for paragraph in str(value).splitlines() or [""]:
        lines, current = 1, 0.0
        for word in paragraph.split():
            size = float(len(word))
            if current and current + 1 + size <= usable:
                current += 1 + size
            else:
                lines += 1 if current else 0
                current = size
            while current > usable:
                lines, current = lines + 1, current - usable
        total += lines
    return total


def _fit_height(
    sheet: Worksheet,
    row: int,
    values: Sequence[Any],
    widths: list[int],
    density: float = TEXT_DENSITY,
) -> None:
    lines = max(
        (_wrapped_lines(v, widths[i], density) for i, v in enumerate(values) if i < len(widths)),
        default=1,
    )
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def _sheet_title(title: str) -> str:
    """Excel refuses some characters in a sheet's name and names longer than 31."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "-"


def _heading(sheet: Worksheet, heading: str, widths: list[int]) -> None:
    """The heading over the table's whole width, wrapped if it is longer: text running past the
    last column would be cut off on paper."""
    cells.put(sheet, 1, 1, heading, style=HEADING_STYLE)
    if len(widths) > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(widths))
    lines = math.ceil(len(str(heading)) * HEADING_SCALE / max(1, sum(widths)))
    if lines > 1:
        sheet.row_dimensions[1].height = HEADING_LINE_HEIGHT * lines


def print_setup(
    sheet: Worksheet, *, header_row: int, widths: Sequence[float], landscape: bool | None = None
) -> None:
    """A4, upright or landscape by the table's width, fitted to one page wide (as many pages
    long as it takes), the header row on every page, the page number in the footer."""
    if landscape is None:
        landscape = sum(w + COLUMN_PADDING for w in widths) > PORTRAIT_CHARS
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = _("Page &P of &N")


def add_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    widths: Sequence[int] = (),
    landscape: bool | None = None,
) -> Worksheet:
    """One table on a new sheet. `widths` gives the first columns' widths (the others fit their
    content); `landscape` overrides the orientation chosen by the table's width."""
    _named_styles(workbook)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    body = [list(values) for values in rows]
    sizes = _widths(header, body, widths)
    header_row = 3 if heading else 1
    if heading:
        _heading(sheet, heading, sizes)
    for col, name in enumerate(header, start=1):
        cells.put(sheet, header_row, col, name, style=HEADER_STYLE)
    _fit_height(sheet, header_row, header, sizes, BOLD_DENSITY)
    for row, values in enumerate(body, start=header_row + 1):
        shown = [_shown(value) for value in values]
        for col, value in enumerate(shown, start=1):
            cells.put(sheet, row, col, value, style=CELL_STYLE)
        _fit_height(sheet, row, shown, sizes)
    for col, width in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    print_setup(sheet, header_row=header_row, widths=sizes, landscape=landscape)
    return sheet


def to_bytes(workbook: Workbook) -> bytes:
    if "Sheet" in workbook.sheetnames and len(workbook.sheetnames) > 1:
        del workbook["Sheet"]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def single_table(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    widths: Sequence[int] = (),
    landscape: bool | None = None,
) -> bytes:
    workbook = new_workbook()
    add_sheet(workbook, title, header, rows, heading=heading, widths=widths, landscape=landscape)
    return to_bytes(workbook)
