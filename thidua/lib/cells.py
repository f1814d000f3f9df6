"""One spreadsheet cell, written so that it holds what it says.

Every workbook the product writes puts its cells through `put`: the tables of
`thidua.reports.xlsx` and the registry's import template (which sits below the reports, hence
this module on the floor). It gives numbers, dates and times their real type and a format a
Vietnamese reader expects, and it makes sure no text ever runs as a formula.

Formula injection (OWASP "CSV injection"): a name such as ``=HYPERLINK("http://…"&A1,"Bấm")``,
typed into a form or imported from a file, must not become a live formula in the export that
a Board officer opens. openpyxl turns any text starting with "=" into a formula cell, and a
spreadsheet program re-parses text starting with "=", "+", "-" or "@" (also after a tab or a
carriage return) as a formula as soon as someone edits the cell. `put` therefore writes text:

- with the explicit string type, always: the file then holds the text as a string and no
  formula element at all, which is what decides evaluation on opening in Excel (ECMA-376: a
  cell is a formula only through its ``<f>`` element) and in LibreOffice Calc (checked with
  7.4: such a cell converts to the text itself, a formula cell to its result);
- and, for text starting with one of those characters, with the cell style's ``quotePrefix``
  flag (ECMA-376 §18.8.45). That is how Excel stores a value typed with a leading apostrophe:
  the apostrophe is not part of the value, the reader sees the text exactly as written, and
  editing the cell keeps it text instead of turning it into a formula. LibreOffice reads the
  cell as text either way.

A visible leading apostrophe written into the value was rejected: neither program hides an
apostrophe stored in the text, so every reader would see it, and a workbook exported and
imported again (the criteria table) would no longer match itself. Numbers stay numbers:
only text is ever flagged, so -2.5 written as a number is a negative number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

#: Text starting with one of these would be read as a formula or a command (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "0"
#: Decimals shown for a float (scores are kept to two places).
FLOAT_PLACES = 2
MAX_PLACES = 6
#: An XLSX cell holds at most this many characters.
MAX_TEXT = 32767
#: Control characters XML 1.0 cannot carry (tab, line feed and carriage return can): they would
#: make the writer fail, so they are dropped from the text.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def places(value: Decimal | float) -> int:
    """How many decimals a number is shown with: a Decimal's own, two for a float."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return min(MAX_PLACES, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return FLOAT_PLACES


def number_format(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return INTEGER_FORMAT
    count = places(value)
    return "0." + "0" * count if count else INTEGER_FORMAT


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def clean_text(value: Any) -> str:
    """The text a cell can hold: control characters dropped, cut at the cell's limit."""
    return _UNWRITABLE.sub("", str(value))[:MAX_TEXT]


def local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: an aware moment is written as the local wall-clock time."""
    if timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    return value


def put(sheet: Worksheet, row: int, column: int, value: Any, *, style: str = "") -> Cell:
    """Write `value` into one cell (after applying the named `style`, if any).

    None leaves the cell empty; int, float and Decimal are numbers shown with their decimals;
    datetime (in local time) and date are real dates shown dd/mm/yyyy [hh:mm]; bool is a
    spreadsheet boolean; anything else is text that never runs as a formula (module doc).
    """
    cell: Cell = sheet.cell(row=row, column=column)
    if style:
        cell.style = style
    if value is None:
        return cell
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float | Decimal):
        if _finite(value):
            cell.value = value
            cell.number_format = number_format(value)
        else:
            _put_text(cell, str(value))
    elif isinstance(value, dt.datetime):
        cell.value = local_naive(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        _put_text(cell, value)
    return cell


def _finite(value: int | float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) or math.isfinite(value)


def _put_text(cell: Cell, value: Any) -> None:
    text = clean_text(value)
    cell.value = text
    # Always the string type: openpyxl would make "=…" a formula and "#N/A" an error value.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def csv_value(value: Any) -> str:
    """One field of a CSV export, written so that it holds what it says.

    CSV has no types and no cell styles: a spreadsheet program parses every field when it opens
    the file, so text starting with a formula trigger gets the leading apostrophe OWASP
    recommends (the one case where the apostrophe is visible: there is no other way to keep it
    from running). Dates and times are written as ISO 8601 in local time, which spreadsheet
    programs read as dates in any locale; numbers as they are; None as an empty field.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return str(value) if _finite(value) else _csv_text(str(value))
    if isinstance(value, dt.datetime):
        return local_naive(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _csv_text(value)


def _csv_text(value: Any) -> str:
    text = _UNWRITABLE.sub("", str(value))
    return "'" + text if is_formula_like(text) else text
