"""What a generated document says, as plain data. The builders (docx.py, pdf.py) lay it out
after Decree 30/2020/NĐ-CP; selectors in the domain apps fill it.

A document is a letterhead (issuing body, number, place and date), a title and summary line,
a body of blocks (headings, paragraphs, lists, tables, page breaks), signatures and recipients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from thidua.lib.dates import long_date_vi

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Letterhead:
    issuer: str  # "KHỐI THI ĐUA 8"
    place: str  # "Bình Thuận"
    date: dt.date
    superior: str = ""  # the line above the issuer, e.g. "UBND TỈNH BÌNH THUẬN"
    number: str = ""  # "Số: 01/BB-KTĐ8"

    @property
    def place_and_date(self) -> str:
        return long_date_vi(self.date, self.place)


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1  # 1: article/section heading, 2: sub-heading


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | left | center | right


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "bulletlist"
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    header: list[str]
    rows: list[list[str]]
    # Relative column widths; equal when empty.
    widths: list[float] = field(default_factory=list)
    caption: str = ""
    # Rows shown in bold (e.g. totals), by index.
    bold_rows: frozenset[int] = frozenset()

    @property
    def percent_widths(self) -> list[float]:
        if not self.widths:
            return []
        total = sum(self.widths)
        return [round(100 * w / total, 2) for w in self.widths]


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "pagebreak"


Block = Heading | Paragraph | BulletList | Table | PageBreak


@dataclass(frozen=True)
class Signature:
    authority: str  # "TM. KHỐI THI ĐUA 8" (may be empty)
    position: str  # "TRƯỞNG KHỐI"
    name: str
    note: str = ""  # "(Đã ký điện tử)"


@dataclass
class Document:
    letterhead: Letterhead
    title: str  # "BIÊN BẢN", "GIAO ƯỚC THI ĐUA"
    summary: str = ""  # the trích yếu line under the title
    blocks: list[Block] = field(default_factory=list)
    # One signature sits on the right; two are laid out left and right (secretary, chair).
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    # Blocks after the signatures (annexes, a verification page).
    appendix: list[Block] = field(default_factory=list)
    file_title: str = ""  # for the PDF metadata and file names
    # Shown outside the official text (page header, watermark) on demo copies, e.g. "BẢN MẪU".
    specimen: str = ""
    # The issuer's abbreviation in the last recipient line, "- Lưu: VT, KTĐ8."
    archive_copy: str = ""
