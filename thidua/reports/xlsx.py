"""Excel tables with a title, a bold frozen header row and sensible column widths."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def add_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    widths: Sequence[int] = (),
) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    row = 1
    if heading:
        sheet.cell(row=1, column=1, value=heading).font = Font(bold=True, size=13)
        row = 3
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(row=row, column=col, value=name)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for values in rows:
        row += 1
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for col, name in enumerate(header, start=1):
        width = widths[col - 1] if col <= len(widths) else max(12, min(50, len(str(name)) + 4))
        sheet.column_dimensions[get_column_letter(col)].width = width


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
) -> bytes:
    workbook = Workbook()
    add_sheet(workbook, title, header, rows, heading=heading, widths=widths)
    return to_bytes(workbook)
