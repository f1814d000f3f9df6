"""Word documents (what offices edit and sign) in the layout of Decree 30/2020/NĐ-CP."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from thidua.reports import layout

FONT = "Times New Roman"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def render(doc: layout.Document, *, landscape: bool = False) -> bytes:
    word = new_docx()
    _page_setup(word, landscape=landscape)
    _letterhead(word, doc.letterhead)
    _title(word, doc.title, doc.summary)
    for block in doc.blocks:
        _block(word, block)
    _signatures(word, doc.signatures, doc.recipients)
    for block in doc.appendix:
        _block(word, block)
    if doc.file_title:
        word.core_properties.title = doc.file_title
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page_setup(word: object, *, landscape: bool) -> None:
    style = word.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT
    style.font.size = Pt(13)
    # Word picks the East Asian font slot for some Vietnamese text; pin every slot.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15
    section = word.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    # Page numbers centred in the top margin, not on the first page (Decree 30, Art. 11).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)


def _page_field(paragraph: DocxParagraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cell_paragraph(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    first: bool = False,
) -> DocxParagraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _no_borders(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _rule(cell: _Cell) -> None:
    """The short line drawn under the issuer and under the motto."""
    _cell_paragraph(cell, "─" * 12, size=8)


def _letterhead(word: object, head: layout.Letterhead) -> None:
    table = word.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    first = True
    if head.superior:
        _cell_paragraph(left, head.superior.upper(), first=True)
        first = False
    _cell_paragraph(left, head.issuer.upper(), bold=True, first=first)
    _rule(left)
    if head.number:
        _cell_paragraph(left, head.number)
    _cell_paragraph(right, layout.NATIONAL_TITLE, bold=True, size=12, first=True)
    _cell_paragraph(right, layout.NATIONAL_MOTTO, bold=True)
    _rule(right)
    _cell_paragraph(right, head.place_and_date, italic=True)


def _title(word: object, title: str, summary: str) -> None:
    for text, space in ((title, 18), (summary, 0)):
        if not text:
            continue
        paragraph = word.add_paragraph()  # type: ignore[attr-defined]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space)
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(14)
    word.add_paragraph()  # type: ignore[attr-defined]


def _block(word: object, block: layout.Block) -> None:
    add = word.add_paragraph  # type: ignore[attr-defined]
    if isinstance(block, layout.Heading):
        paragraph = add()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(block.text)
        run.bold = True
        run.italic = block.level > 1
    elif isinstance(block, layout.Paragraph):
        paragraph = add()
        paragraph.alignment = ALIGN.get(block.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(10) if block.align == "justify" else None
        run = paragraph.add_run(block.text)
        run.bold, run.italic = block.bold, block.italic
    elif isinstance(block, layout.BulletList):
        for i, item in enumerate(block.items, start=1):
            paragraph = add()
            paragraph.paragraph_format.left_indent = Mm(10)
            paragraph.paragraph_format.first_line_indent = Mm(-5)
            paragraph.add_run(f"{i}. " if block.numbered else "- ").bold = False
            paragraph.add_run(item)
    elif isinstance(block, layout.Table):
        _table(word, block)
    elif isinstance(block, layout.PageBreak):
        add().add_run().add_break(WD_BREAK.PAGE)


def _table(word: object, block: layout.Table) -> None:
    if block.caption:
        caption = word.add_paragraph()  # type: ignore[attr-defined]
        caption.add_run(block.caption).bold = True
    table = word.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _cell_paragraph(cell, text, bold=True, size=12, first=True)
    for index, values in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(str(text))
            run.font.size = Pt(12)
            run.bold = index in block.bold_rows
    # Repeat the header row on every page of a long table.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    if block.widths:
        total = sum(block.widths)
        usable = 165.0
        for row in table.rows:
            for cell, width in zip(row.cells, block.widths, strict=True):
                cell.width = Mm(usable * width / total)
    word.add_paragraph()  # type: ignore[attr-defined]


def _signature_cell(cell: _Cell, signature: layout.Signature, first: bool) -> None:
    if signature.authority:
        _cell_paragraph(cell, signature.authority.upper(), bold=True, first=first)
        first = False
    _cell_paragraph(cell, signature.position.upper(), bold=True, first=first)
    _cell_paragraph(cell, signature.note or "", italic=True)
    for _ in range(3):
        _cell_paragraph(cell, "")
    _cell_paragraph(cell, signature.name, bold=True)


def _signatures(word: object, signatures: list[layout.Signature], recipients: list[str]) -> None:
    if not signatures and not recipients:
        return
    table = word.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    left, right = table.rows[0].cells
    if len(signatures) >= 2:
        _signature_cell(left, signatures[0], first=True)
        _signature_cell(right, signatures[1], first=True)
    else:
        if recipients:
            paragraph = left.paragraphs[0]
            run = paragraph.add_run("Nơi nhận:")
            run.bold, run.italic, run.font.size = True, True, Pt(12)
            for i, name in enumerate(recipients):
                item = left.add_paragraph()
                item.paragraph_format.space_after = Pt(0)
                end = "." if i == len(recipients) - 1 else ";"
                item.add_run(f"- {name}{end}").font.size = Pt(11)
        if signatures:
            _signature_cell(right, signatures[0], first=True)
