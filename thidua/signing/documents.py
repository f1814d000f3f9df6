"""The signed covenant as a Decree 30 document: letterhead (the block as issuer), the articles,
a signature table of every member unit, then a verification page (hash, signers, times, method).

Generated text is Vietnamese whatever the interface language: it is the official document.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.cycles.models import Cycle
from thidua.drafting.models import DocumentVersion
from thidua.lib.text import initials
from thidua.reports import issuing, layout
from thidua.signing import selectors
from thidua.signing.models import Signature, SignatureMethod

METHOD_VI = {
    SignatureMethod.ONLINE: "Xác nhận trên hệ thống (đã xác thực lại; không phải chữ ký số)",
    SignatureMethod.PAPER: "Trên giấy (có bản quét)",
    SignatureMethod.DIGITAL: "Chữ ký số trên tệp PDF (chứng thư số của người ký)",
}


class _BodyReader(HTMLParser):
    """Turns an article body (sanitised HTML: p, lists, strong/em, tables) into layout blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[layout.Block] = []
        self.text: list[str] = []
        self.lists: list[tuple[bool, list[str]]] = []
        self.rows: list[list[str]] | None = None
        self.row: list[str] | None = None

    def _flush(self) -> str:
        text = " ".join("".join(self.text).split())
        self.text = []
        return text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._paragraph()
            self.lists.append((tag == "ol", []))
        elif tag == "table":
            self._paragraph()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.row = []
        elif tag in ("td", "th", "li", "p"):
            self.text = []
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.lists:
            self.lists[-1][1].append(self._flush())
        elif tag in ("ul", "ol") and self.lists:
            numbered, items = self.lists.pop()
            if items:
                self.blocks.append(layout.BulletList(items=items, numbered=numbered))
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self._flush())
        elif tag == "tr" and self.rows is not None and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.rows is not None:
            rows, self.rows = self.rows, None
            if rows:
                self.blocks.append(layout.Table(header=rows[0], rows=rows[1:]))
        elif tag == "p" and self.rows is None and not self.lists:
            self._paragraph()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def _paragraph(self) -> None:
        text = self._flush()
        if text:
            self.blocks.append(layout.Paragraph(text))

    def close(self) -> None:
        super().close()
        self._paragraph()


def body_blocks(html: str) -> list[layout.Block]:
    reader = _BodyReader()
    reader.feed(html or "")
    reader.close()
    return reader.blocks


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def verification_url(sha256: str) -> str:
    return settings.SITE_URL + reverse("verify:detail", args=[sha256])


def _article_heading(article: dict[str, Any]) -> str:
    number = str(article.get("number", "")).strip()
    heading = str(article.get("heading", "")).strip()
    return f"{number}. {heading}" if number and heading else number or heading


def covenant_document(
    cycle: Cycle, version: DocumentVersion, *, for_signing: bool = False
) -> layout.Document:
    """The covenant with its signature table and verification page. `for_signing`: the file the
    leaders sign digitally, fixed when the version was frozen (dated that day, no one listed as
    having signed yet): their signatures are in the file itself."""
    rows = selectors.ordered_signatures(cycle, version)
    if for_signing:
        rows = [(unit, None) for unit, _s in rows]
    signed = [s for _u, s in rows if s is not None]
    last: Signature | None = max(signed, key=lambda s: s.signed_at) if signed else None
    # Dated by its last signature, else by the day its text was frozen for signing.
    moment = last.signed_at if last else version.frozen_at
    if moment is None:
        raise issuing.UndatedDocument(
            _("The covenant's text has not been frozen for signing yet, so it has no date.")
        )
    day = timezone.localtime(moment).date()
    blocks: list[layout.Block] = []
    if version.preamble.strip():
        blocks.extend(body_blocks(f"<p>{version.preamble}</p>"))
    for article in version.content:
        blocks.append(layout.Heading(_article_heading(article)))
        blocks.extend(body_blocks(str(article.get("body", ""))))
    blocks.append(layout.Heading("ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ KẾT"))
    blocks.append(
        layout.Table(
            header=["STT", "Đơn vị", "Người ký hoặc xác nhận", "Chức vụ"],
            rows=[
                [
                    str(i),
                    s.unit_name if s else unit.name,
                    s.signer_name if s else "(chưa ký)",
                    s.signer_position if s else "",
                ]
                for i, (unit, s) in enumerate(rows, start=1)
            ],
            widths=[0.6, 4, 3, 3],
        )
    )
    appendix: list[layout.Block] = [
        layout.PageBreak(),
        layout.Heading("TRANG XÁC THỰC VĂN BẢN"),
        layout.Paragraph(
            f"Văn bản: {version.title} — phiên bản {version.number}, "
            f"khóa để ký lúc {_local(version.frozen_at) if version.frozen_at else ''}."
        ),
        layout.Paragraph("Mã băm SHA-256 của phiên bản:", align="left"),
        layout.Paragraph(version.sha256, bold=True, align="left"),
        layout.Paragraph("Kiểm tra công khai tại:", align="left"),
        layout.Paragraph(verification_url(version.sha256), align="left"),
        layout.Table(
            header=["STT", "Đơn vị", "Người ký hoặc xác nhận", "Thời gian", "Hình thức"],
            rows=[
                [
                    str(i),
                    s.unit_name if s else unit.name,
                    f"{s.signer_name}, {s.signer_position}" if s else "(chưa ký)",
                    _local(s.signed_at) if s else "",
                    METHOD_VI[SignatureMethod(s.method)] if s else "",
                ]
                for i, (unit, s) in enumerate(rows, start=1)
            ],
            widths=[0.6, 3.4, 3.4, 2, 3],
        ),
        layout.Paragraph(
            "Mã băm được tính trên nội dung chuẩn hóa của phiên bản (tiêu đề, lời mở đầu và các "
            "điều khoản); bất kỳ thay đổi nào của văn bản đều cho một mã băm khác.",
            italic=True,
        ),
        *(
            [
                layout.Paragraph(
                    "Các đơn vị thành viên ký số trực tiếp trên tệp PDF này bằng chứng thư số "
                    "của người đứng đầu đơn vị; chữ ký số được kiểm tra tại trang kiểm tra "
                    "công khai (tải tệp lên để kiểm tra).",
                    italic=True,
                )
            ]
            if for_signing
            else []
        ),
        layout.Paragraph(
            "“Xác nhận trên hệ thống” là việc lãnh đạo đơn vị xác nhận đúng phiên bản này trên "
            "hệ thống sau khi xác thực lại danh tính; đó không phải là chữ ký số theo Luật Giao "
            "dịch điện tử số 20/2023/QH15.",
            italic=True,
        ),
    ]
    return layout.Document(
        letterhead=issuing.letterhead(cycle.block, day),
        title=f"GIAO ƯỚC THI ĐUA NĂM {cycle.year}",
        summary=version.title,
        blocks=blocks,
        appendix=appendix,
        file_title=f"Giao ước thi đua năm {cycle.year} — {cycle.block.name}",
        archive_copy=initials(cycle.block.name),
    )
