"""What a generated document says, as plain data. The builders (docx.py, pdf.py) lay it out
after Decree 30/2020/NĐ-CP; selectors in the domain apps fill it.

A document is a letterhead (issuing body, number, place and date), a title and summary line,
a body of blocks (headings, paragraphs, lists, tables, page breaks), signatures and recipients.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import ClassVar

from thidua.lib.dates import long_date_vi

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
# What a copy issued in demo mode carries outside its text (page header, watermark).
SPECIMEN = "BẢN MẪU – dữ liệu minh hoạ, không có giá trị pháp lý"
RECIPIENTS_LABEL = "Nơi nhận:"
_ARCHIVE = re.compile(r"^lưu\b", re.IGNORECASE)
# A number, a rank, a date or a short code: centred in its table cell; names and text are not.
_SHORT = re.compile(r"^[\d\s.,:/%()+–—-]{0,12}$")


def is_short(text: str) -> bool:
    return bool(_SHORT.match(text))


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
    # Relative column widths; equal when empty. No column is made narrower than its longest
    # word (see decree30.table_widths_mm).
    widths: list[float] = field(default_factory=list)
    caption: str = ""
    # Rows shown in bold (e.g. totals), by index.
    bold_rows: frozenset[int] = frozenset()
    # The text size in points; None: 12 pt, smaller for a table of many columns.
    font_size: float | None = None

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells as (text, centred)."""
        return [[(str(c), is_short(str(c))) for c in row] for row in self.rows]


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
    # The mark shown outside the official text (page header, watermark) when the site runs in
    # demo mode (settings.DEMO_MODE); empty: `SPECIMEN`. Never shown otherwise.
    specimen: str = ""
    # What follows "VT" in the last recipient line, "- Lưu: VT, KTĐ8." (the issuer's short name,
    # and where the file is kept); empty: "- Lưu: VT."
    archive_copy: str = ""

    def recipient_lines(self) -> list[str]:
        """The "Nơi nhận" entries as printed: "- … ;" each and "- Lưu: VT, … ." last (Decree 30).

        Builders give bare names; punctuation they added is dropped, and an archive entry among
        them ("Lưu", "Lưu: VT") is replaced by the one line built from `archive_copy`. Without
        recipients and without an archive copy the document has no "Nơi nhận"."""
        names: list[str] = []
        archive = ""
        for raw in self.recipients:
            name = raw.strip().lstrip("-").strip().rstrip(";.,").strip()
            if _ARCHIVE.match(name):
                archive = archive or name
            elif name:
                names.append(name)
        copy = self.archive_copy.strip().rstrip(".").strip()
        if not names and not copy and not archive:
            return []
        if copy:
            last = f"Lưu: VT, {copy}"
        elif archive.startswith("Lưu: VT,"):
            last = archive
        else:
            last = "Lưu: VT"
        return [*(f"- {name};" for name in names), f"- {last}."]
