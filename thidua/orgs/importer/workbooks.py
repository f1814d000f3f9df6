"""Writing workbooks in the import's layout: the downloadable template, and test files."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.lib import cells
from thidua.orgs.importer.layout import (
    BLOCKS,
    INSTRUCTIONS_TITLE,
    MAX_ROWS,
    MEMBERSHIPS,
    ORDERS,
    ORGANISATIONS,
    SHEETS,
    YEARS,
    Column,
)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="8F1A1A")
_EXAMPLE_FONT = Font(italic=True, color="666666")


def build_workbook(
    *,
    organisations: Sequence[Sequence[Any]] = (),
    blocks: Sequence[Sequence[Any]] = (),
    memberships: Sequence[Sequence[Any]] = (),
    instructions: Sequence[Sequence[str]] = (),
    example_rows: int = 0,
) -> bytes:
    """A workbook in the import's layout; rows are given in the template's column order."""
    book = openpyxl.Workbook()
    first = book.active
    if instructions:
        _write_instructions(first, instructions)
    else:
        book.remove(first)
    for spec, rows in (
        (ORGANISATIONS, organisations),
        (BLOCKS, blocks),
        (MEMBERSHIPS, memberships),
    ):
        sheet = book.create_sheet(spec.title)
        columns = [c for c in spec.columns if c.in_template]
        _write_row(sheet, 1, [c.template_header for c in columns])
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(row=1, column=index)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            sheet.column_dimensions[cell.column_letter].width = column.width
        sheet.freeze_panes = "A2"
        for number, row in enumerate(rows, 2):
            _write_row(sheet, number, row)
            if number - 1 <= example_rows:
                for cell in sheet[number]:
                    cell.font = _EXAMPLE_FONT
        if spec is MEMBERSHIPS:
            _validate_numbers(sheet, columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_row(sheet: Any, number: int, values: Sequence[Any]) -> None:
    """Through the product's one cell writer: an organisation or province name starting with
    "=" stays text in the template, never a formula."""
    for column, value in enumerate(values, 1):
        cells.put(sheet, number, column, value)


def _validate_numbers(sheet: Any, columns: list[Column]) -> None:
    """Excel itself then refuses a bad year or order while the person types."""
    for column, (low, high) in (("year", YEARS), ("order", ORDERS)):
        letter = get_column_letter(next(i for i, c in enumerate(columns, 1) if c.key == column))
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            error=f"{low}–{high}",
        )
        rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)


def _write_instructions(sheet: Any, lines: Sequence[Sequence[str]]) -> None:
    sheet.title = INSTRUCTIONS_TITLE
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for number, row in enumerate(lines, 1):
        _write_row(sheet, number, row)
    sheet["A1"].font = Font(bold=True, size=14, color="8F1A1A")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_template(provinces: Sequence[tuple[str, str]]) -> bytes:
    """The downloadable template: instructions, the three sheets, one example row on each."""
    code = provinces[0][0] if provinces else "binh-thuan"
    example = "VÍ DỤ: "
    return build_workbook(
        instructions=_instructions(provinces),
        organisations=[
            [
                f"{example}Hội Khuyến học tỉnh",
                "Hội Khuyến học",
                code,
                "khuyenhoc@example.org",
                "Phan Thiết",
            ]
        ],
        blocks=[[f"{example}Khối thi đua 8", code, "Các hội đặc thù cấp tỉnh"]],
        memberships=[[f"{example}Khối thi đua 8", "Hội Khuyến học tỉnh", dt.date.today().year, 1]],
        example_rows=1,
    )


def _instructions(provinces: Sequence[tuple[str, str]]) -> list[list[str]]:
    sheet_names = ", ".join(f"“{s.title}”" for s in SHEETS)
    lines = [
        [_("Import organisations, blocks and memberships")],
        [],
        [
            "1",
            _(
                "Fill in the sheets %(sheets)s. Keep the first row (the headers); columns "
                "marked * are required. Headers in English (%(english)s) are accepted too."
            )
            % {
                "sheets": sheet_names,
                "english": "Organisation name, Short name, Province code, E-mail, Address, "
                "Block name, Description, Year, Order",
            },
        ],
        [
            "2",
            _(
                "A row whose first cell begins with “VÍ DỤ:” is an example: it is never "
                "imported. Leave it or delete it."
            ),
        ],
        [
            "3",
            _(
                "The province code must already exist in the product (see the list below): an "
                "import does not create provinces."
            ),
        ],
        [
            "4",
            _(
                "A membership names a block and an organisation that are already in the product "
                "or on the other sheets of this file. An organisation belongs to one block in a "
                "year."
            ),
        ],
        [
            "5",
            _(
                "Year: a whole number from %(low)s to %(high)s. Order: the unit's place in the "
                "block's list (1, 2, 3…); leave it empty to add the unit at the end."
            )
            % {"low": YEARS[0], "high": YEARS[1]},
        ],
        [
            "6",
            _(
                "If two provinces have blocks with the same name, add a column “Mã tỉnh” to the "
                "sheet “Thành viên”."
            ),
        ],
        [
            "7",
            _("Empty rows are ignored. At most %(rows)s rows per sheet and %(mb)s MB per file.")
            % {"rows": MAX_ROWS, "mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
        ],
        [
            "8",
            _(
                "After the upload a preview lists every row with its problems. Nothing is saved "
                "until you confirm, and only if the whole file is valid."
            ),
        ],
        [],
        [_("Province code"), _("Province")],
        *([c, n] for c, n in provinces),
    ]
    return lines
