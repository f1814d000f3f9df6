"""The measures of a Decree 30/2020/NĐ-CP document, worked out once for both renderers.

docx.py and pdf.py lay out the same `layout.Document`; everything that depends on lengths is
decided here so Word, LibreOffice and the PDF agree: the page and its margins, the header's two
columns (35/65 of the text width), the size each header line gets so it stays on one line, the
breaks of an issuer name too long for its column, the rules under the issuer, the motto and the
summary line, and each table's column widths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from thidua.reports import layout, measure

PAGE_MM = (210.0, 297.0)
TOP_MM = BOTTOM_MM = 20.0
LEFT_MM, RIGHT_MM = 30.0, 15.0
# The header table: the issuer's column and the national title's column.
HEAD_SPLIT = 0.35
# Left and right padding inside a header cell (Word's default 1.9 mm would wrap the issuer).
HEAD_PAD_MM = 0.5
# Body tables: 12 pt, smaller when they have many columns; the words of their columns may
# take this share of the width before the text gets smaller.
TABLE_SIZES = (12.0, 11.0, 10.0, 9.0)
WORDS_SHARE = 0.7
# Left and right padding of a table cell (set explicitly: Word's default is 1.9 mm).
GRID_PAD_MM = 1.0
# The rule under the issuer and under the summary line: a third to a half of the line above.
SHORT_RULE = 0.45
MIN_RULE_MM = 12.0
# The signature table: "Nơi nhận" left, the signer right; two signers share it equally.
RECIPIENTS_SHARE = 0.45


def text_width_mm(*, landscape: bool = False) -> float:
    page_width = PAGE_MM[1] if landscape else PAGE_MM[0]
    return page_width - LEFT_MM - RIGHT_MM


@dataclass(frozen=True)
class Line:
    """One header line: its text (already broken into lines where it must wrap) and style."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False
    italic: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Head:
    left_mm: float
    right_mm: float
    superior: Line | None
    issuer: Line
    issuer_rule_mm: float
    number: Line | None
    national: Line
    motto: Line
    motto_rule_mm: float
    place_date: Line

    @property
    def widths_mm(self) -> tuple[float, float]:
        return self.left_mm, self.right_mm


def _fitted(
    text: str,
    room_mm: float,
    *,
    bold: bool = False,
    italic: bool = False,
    sizes: tuple[float, ...] = (13.0, 12.0),
) -> Line:
    """At the largest size in `sizes` that keeps `text` on one line; else wrapped evenly at the
    smallest."""
    for size in sizes:
        if measure.width_mm(text, size, bold=bold, italic=italic) <= room_mm:
            return Line((text,), size, bold, italic)
    size = sizes[-1]
    return Line(tuple(measure.wrap(text, size, room_mm, bold=bold)), size, bold, italic)


def _rule_under(line: Line, share: float, room_mm: float) -> float:
    widest = max(measure.width_mm(t, line.size, bold=line.bold) for t in line.lines)
    return round(min(room_mm, max(MIN_RULE_MM, share * widest / measure.SLACK)), 1)


def head(letterhead: layout.Letterhead, *, landscape: bool = False) -> Head:
    width = text_width_mm(landscape=landscape)
    left = round(width * HEAD_SPLIT, 2)
    right = round(width - left, 2)
    left_room, right_room = left - 2 * HEAD_PAD_MM, right - 2 * HEAD_PAD_MM
    superior = letterhead.superior.strip().upper()
    issuer = _fitted(letterhead.issuer.strip().upper(), left_room, bold=True)
    motto = Line((layout.NATIONAL_MOTTO,), 13.0, bold=True)
    return Head(
        left_mm=left,
        right_mm=right,
        superior=_fitted(superior, left_room) if superior else None,
        issuer=issuer,
        issuer_rule_mm=_rule_under(issuer, SHORT_RULE, left_room),
        number=_fitted(letterhead.number, left_room) if letterhead.number else None,
        national=Line((layout.NATIONAL_TITLE,), 12.0, bold=True),
        motto=motto,
        motto_rule_mm=_rule_under(motto, 1.0, right_room),
        place_date=_fitted(letterhead.place_and_date, right_room, italic=True),
    )


TITLE_SIZE = 14.0


def summary_rule_mm(title: str, summary: str, *, landscape: bool = False) -> float:
    """The rule under the summary line (or under the title when there is none)."""
    room = text_width_mm(landscape=landscape)
    text = summary or title
    line = Line(tuple(measure.wrap(text, TITLE_SIZE, room, bold=True)), TITLE_SIZE, bold=True)
    return _rule_under(line, SHORT_RULE, room)


@dataclass(frozen=True)
class TableLayout:
    """A body table as laid out: its columns' widths and its text size."""

    widths_mm: list[float]
    size: float

    def room_mm(self, column: int) -> float:
        return self.widths_mm[column] - 2 * GRID_PAD_MM

    def one_line(self, values: Sequence[object], *, bold: bool = False) -> bool:
        """Whether every cell of a row stays on one line, with a fifth of its room to spare."""
        return all(
            "\n" not in str(text)
            and measure.width_mm(str(text), self.size, bold=bold) <= 0.8 * self.room_mm(i)
            for i, text in enumerate(values[: len(self.widths_mm)])
        )


def _narrowest_mm(table: layout.Table, column: int, size: float) -> float:
    """The width column `column` needs so that none of its words is broken: its longest word
    (bold in the header and bold rows) plus the cell's padding."""
    widest = 0.0
    for index, row in enumerate([table.header, *table.rows]):
        if column >= len(row):
            continue
        bold = index == 0 or (index - 1) in table.bold_rows
        for part in str(row[column]).split():
            widest = max(widest, measure.width_mm(part, size, bold=bold))
    return widest + 2 * GRID_PAD_MM + 0.5


def _shared_out(weights: list[float], minimum: list[float], width: float) -> list[float]:
    """`width` shared out in proportion to `weights`, no column under its `minimum`: what a
    column needs is taken from the others in proportion to their room to spare."""
    total = sum(weights) or 1.0
    widths = [width * w / total for w in weights]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < minimum[i] - 0.01]
        if not short:
            break
        needed = sum(minimum[i] - widths[i] for i in short)
        for i in short:
            widths[i] = minimum[i]
        spare = {i: widths[i] - minimum[i] for i in range(len(widths)) if i not in short}
        room = sum(spare.values())
        for i, extra in spare.items():
            widths[i] -= needed * extra / room if room else 0
    return widths


def table_layout(table: layout.Table, *, landscape: bool = False) -> TableLayout:
    """Column widths in millimetres: `table.widths` shared out over the text width, except that
    a column is never narrower than its longest word ("STT" is not broken as "ST/T"). The text
    is 12 pt; a table with so many columns that their words would take most of the width gets a
    smaller size (down to 9 pt) instead of crushing its widest column."""
    count = len(table.header) or max((len(r) for r in table.rows), default=1)
    weights = list(table.widths) if len(table.widths) == count else [1.0] * count
    width = text_width_mm(landscape=landscape)
    sizes = (table.font_size,) if table.font_size else TABLE_SIZES
    for size in sizes:
        minimum = [_narrowest_mm(table, i, size) for i in range(count)]
        if sum(minimum) <= WORDS_SHARE * width or size == sizes[-1]:
            break
    if sum(minimum) > width:  # words too long to fit at all: they break
        minimum = [0.0] * count
    widths = _shared_out(weights, minimum, width)
    return TableLayout([round(w, 2) for w in widths], size)


def table_widths_mm(table: layout.Table, *, landscape: bool = False) -> list[float]:
    return table_layout(table, landscape=landscape).widths_mm


# A final table up to this height moves whole with the signature block when they do not fit
# together; a longer one keeps only its last rows with it.
SHORT_TABLE_MM = 85.0


def _lines(text: str, size: float, room_mm: float, *, bold: bool = False) -> int:
    return sum(
        max(1, len(measure.wrap(part, size, room_mm, bold=bold))) for part in text.split("\n")
    )


def table_height_mm(table: layout.Table, *, landscape: bool = False) -> float:
    """About how tall `table` is on the page (header row included)."""
    plan = table_layout(table, landscape=landscape)
    line = plan.size * 1.107 * measure.MM_PER_PT
    total = 0.0
    for index, row in enumerate([table.header, *table.rows]):
        bold = index == 0 or (index - 1) in table.bold_rows
        lines = max(
            (
                _lines(str(text), plan.size, plan.room_mm(i), bold=bold)
                for i, text in enumerate(row[: len(plan.widths_mm)])
            ),
            default=1,
        )
        total += lines * line + 0.5
    return total


def signature_widths_mm(signatures: int, *, landscape: bool = False) -> tuple[float, float]:
    width = text_width_mm(landscape=landscape)
    left = width / 2 if signatures >= 2 else width * RECIPIENTS_SHARE
    return round(left, 2), round(width - left, 2)
