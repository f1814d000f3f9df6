"""Reading an uploaded workbook: the container, the sheets and the rows as NFC text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _

from thidua.lib import files
from thidua.lib.text import fold, nfc
from thidua.orgs.importer.layout import (
    EXAMPLE_MARKERS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MEMBERSHIPS,
    SHEETS,
    Column,
    ImportFileError,
    SheetSpec,
    header_key,
)


@dataclass
class RawRow:
    number: int
    values: dict[str, str]
    is_example: bool = False


@dataclass
class ParsedSheet:
    spec: SheetSpec
    title: str
    columns: list[Column]  # those present in the file, in the spec's order
    rows: list[RawRow]
    empty_rows: int = 0


@dataclass
class ParsedWorkbook:
    sheets: dict[str, ParsedSheet]

    def years(self) -> set[int]:
        years = set()
        for row in self.sheets[MEMBERSHIPS.kind].rows:
            year = whole_number(row.values.get("year", ""))
            if year is not None:
                years.add(year)
        return years


def not_xlsx_message() -> str:
    return _(
        "This file is not an Excel workbook (.xlsx): its content is not what an .xlsx file "
        "holds, even if its name ends in .xlsx. Open it in Excel or LibreOffice and save it "
        "as “Excel Workbook (.xlsx)”, or start from the template."
    )


def damaged_message() -> str:
    return _(
        "This workbook is damaged or holds content that is not allowed, so it cannot be read. "
        "Open it in Excel or LibreOffice, save it again as “Excel Workbook (.xlsx)” and upload "
        "the new file, or start from the template."
    )


def too_large_message() -> str:
    return _(
        "This workbook is too large once unpacked. Keep only the three "
        "sheets of the template with their rows."
    )


def check_container(fileobj: IO[bytes]) -> None:
    """An XLSX is a zip holding an Office Open XML package: check that it is one, whole and
    harmless (no zip bomb, no DTD, every part's checksum right) before openpyxl opens it."""
    if files.sniff(fileobj) != files.XLSX:
        raise ImportFileError(not_xlsx_message())
    try:
        files.check_package(fileobj, max_unpacked=MAX_UNPACKED_BYTES)
    except files.FileRejected as exc:
        if exc.reason == "too_large":
            raise ImportFileError(too_large_message()) from exc
        raise ImportFileError(damaged_message()) from exc


def read_workbook(fileobj: IO[bytes]) -> ParsedWorkbook:
    """The rows of the three sheets as NFC text, or ImportFileError saying what is wrong."""
    check_container(fileobj)
    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise ImportFileError(not_xlsx_message()) from exc
    try:
        return _read_sheets(book)
    except ImportFileError:
        raise
    except Exception as exc:  # a part may fail only when its rows are read (malformed XML…)
        raise ImportFileError(damaged_message()) from exc
    finally:
        book.close()


def _read_sheets(book: Any) -> ParsedWorkbook:
    found: dict[str, Any] = {}
    for sheet in book.worksheets:
        for spec in SHEETS:
            if spec.accepts(sheet.title):
                found.setdefault(spec.kind, sheet)
    missing = [spec for spec in SHEETS if spec.kind not in found]
    if missing:
        raise ImportFileError(_missing_sheets_message(missing))
    sheets, problems = {}, []
    for spec in SHEETS:
        try:
            sheets[spec.kind] = _read_sheet(spec, found[spec.kind])
        except ImportFileError as err:
            problems.extend(err.messages)
    if problems:
        raise ImportFileError(problems)
    return ParsedWorkbook(sheets)


def _missing_sheets_message(missing: list[SheetSpec]) -> str:
    return _(
        "The file lacks the sheet(s) %(missing)s. Expected sheets: %(expected)s (or their "
        "English names %(english)s)."
    ) % {
        "missing": ", ".join(f"“{s.title}”" for s in missing),
        "expected": ", ".join(f"“{s.title}”" for s in SHEETS),
        "english": ", ".join(f"“{s.aliases[0]}”" for s in SHEETS),
    }


def _read_sheet(spec: SheetSpec, sheet: Any) -> ParsedSheet:
    header: dict[str, int] | None = None
    rows: list[RawRow] = []
    empty = pending_empty = 0
    # Read-only sheets pad missing rows, so the position is the row number Excel shows.
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        cells = [cell_text(v) for v in values]
        if not any(cells):
            if header is not None:
                pending_empty += 1
            continue
        if header is None:
            header = _map_header(spec, sheet.title, cells)
            continue
        empty, pending_empty = empty + pending_empty, 0  # trailing blank rows are not counted
        values_by_key = {key: cells[i] if i < len(cells) else "" for key, i in header.items()}
        first = next(c for c in cells if c)
        rows.append(RawRow(number, values_by_key, fold(first).startswith(EXAMPLE_MARKERS)))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("Sheet “%(sheet)s” has more than %(max)s rows: split the file.")
                % {"sheet": sheet.title, "max": MAX_ROWS}
            )
    if header is None:
        header = _map_header(spec, sheet.title, [])
    columns = [c for c in spec.columns if c.key in header]
    return ParsedSheet(spec, sheet.title, columns, rows, empty)


def _map_header(spec: SheetSpec, title: str, cells: list[str]) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        for column in spec.columns:
            if column.key not in header and column.accepts(key):
                header[column.key] = index
                break
    missing = [c for c in spec.required if c.key not in header]
    if missing:
        raise ImportFileError(
            _(
                "Sheet “%(sheet)s” lacks the column(s) %(missing)s in its first row. Expected "
                "columns: %(expected)s."
            )
            % {
                "sheet": title,
                "missing": ", ".join(f"“{c.header}”" for c in missing),
                "expected": ", ".join(
                    f"“{c.template_header}”" for c in spec.columns if c.in_template
                ),
            }
        )
    return header


def cell_text(value: Any) -> str:
    """A cell as NFC text: 2025.0 reads "2025", dates read dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def whole_number(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{1,6}", text.strip()) else None
