"""Word documents (what offices edit and sign) in the layout of Decree 30/2020/NĐ-CP.

Everything is fixed so Word and LibreOffice lay it out alike: the header is a borderless table with
a fixed 35/65 grid, the rules are paragraph borders of a set length, tables have fixed column
widths, rows never split and their header row repeats, and the signature block is one row that
cannot split, kept with the paragraph before it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from thidua.reports import decree30, issuing, layout

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_SIZE = 13.0
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Schema order of the children we set (ECMA-376 §17): Word rejects elements out of order.
_TBLPR = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
_TRPR = _names(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden"
)
_TCPR = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)
_PPR = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_RPR = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Set `child` in `parent`, replacing one of the same tag, in the schema's order."""
    tag = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    later = [qn(f"w:{t}") for t in order[order.index(tag) + 1 :]]
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            return
    parent.append(child)


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


# --- the document ----------------------------------------------------------------------------


def render(doc: layout.Document, *, landscape: bool = False) -> bytes:
    word = new_docx()
    _defaults(word)
    _page_setup(word, landscape=landscape, specimen=issuing.specimen(doc))
    _letterhead(word, decree30.head(doc.letterhead, landscape=landscape))
    _title(word, doc, landscape=landscape)
    recipients = doc.recipient_lines()
    tail = bool(doc.signatures or recipients)
    blocks = list(doc.blocks)
    last = blocks[-1] if blocks else None
    final_table = last if tail and isinstance(last, layout.Table) else None
    if final_table is not None:
        blocks.pop()
    for block in blocks:
        _block(word, block, landscape=landscape)
    if final_table is not None:

        def closing(cell: _Cell | None) -> None:
            container = word if cell is None else cell
            _signatures(container, doc.signatures, recipients, landscape=landscape)

        _table(word, final_table, landscape=landscape, closing=closing)
    elif tail:
        _keep_tail_with_next(word)
        _signatures(word, doc.signatures, recipients, landscape=landscape)
    for block in doc.appendix:
        _block(word, block, landscape=landscape)
    word.core_properties.language = LANGUAGE
    if doc.file_title:
        word.core_properties.title = doc.file_title
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _run_properties(rpr: BaseOxmlElement, *, size: float | None = None) -> None:
    """Times New Roman in every font slot (Word picks the East Asian slot for some Vietnamese
    text), Vietnamese as the language (Word spell-checks in it)."""
    fonts = _element("rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    _put(rpr, fonts, _RPR)
    if size is not None:
        _put(rpr, _element("sz", val=str(round(size * 2))), _RPR)
        _put(rpr, _element("szCs", val=str(round(size * 2))), _RPR)
    _put(rpr, _element("lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"), _RPR)


def _defaults(word: WordDocument) -> None:
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _run_properties(rpr, size=BODY_SIZE)
    normal = word.styles["Normal"]
    _run_properties(normal.element.get_or_add_rPr(), size=BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True
    settings = word.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)
        theme.set(qn("w:eastAsia"), LANGUAGE)
    # The template says its spelling was checked; a generated document has not been.
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)


def _page_setup(word: WordDocument, *, landscape: bool, specimen: str) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(decree30.PAGE_MM[0]), Mm(decree30.PAGE_MM[1])
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Mm(decree30.TOP_MM), Mm(decree30.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(decree30.LEFT_MM), Mm(decree30.RIGHT_MM)
    section.header_distance = Mm(8 if specimen else 10)
    section.footer_distance = Mm(10)
    # Page numbers centred in the top margin, not on the first page (Decree 30, Art. 11); the
    # specimen mark, in demo mode, heads every page, the first included.
    section.different_first_page_header_footer = True
    first, other = section.first_page_header, section.header
    number = other.paragraphs[0]
    if specimen:
        _specimen_line(first.paragraphs[0], specimen)
        _specimen_line(number, specimen)
        number = other.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_after = Pt(0)
    _page_field(number)


def _specimen_line(paragraph: WordParagraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = True, True, Pt(9)
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)


def _page_field(paragraph: WordParagraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(BODY_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = _element("fldChar", fldCharType=kind)
        else:
            element = _element("instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# --- paragraphs and tables -------------------------------------------------------------------


def _line_spacing(paragraph: WordParagraph, *, before: float = 0, after: float = 0) -> None:
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(before), Pt(after)
    form.line_spacing = 1.0


def _text(
    paragraph: WordParagraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> WordParagraph:
    """`text` in one run; its line breaks ("\n") are kept as line breaks."""
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _cell_paragraph(cell: _Cell, *, first: bool = False) -> WordParagraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line_spacing(paragraph)
    return paragraph


def _rule(paragraph: WordParagraph, length_mm: float, room_mm: float) -> None:
    """An empty paragraph whose bottom border is the rule: its indents give the line its
    length, centred in `room_mm`. It survives Word and LibreOffice (no drawing, no characters)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent = max(0.0, (room_mm - length_mm) / 2)
    form = paragraph.paragraph_format
    form.left_indent = form.right_indent = Mm(indent)
    form.first_line_indent = Mm(0)
    form.space_before, form.space_after = Pt(1), Pt(0)
    form.line_spacing = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    borders = _element("pBdr")
    borders.append(_element("bottom", val="single", sz="6", space="1", color="000000"))
    _put(ppr, borders, _PPR)
    mark = _element("rPr")
    _put(mark, _element("sz", val="6"), _RPR)
    _put(mark, _element("szCs", val="6"), _RPR)
    _put(ppr, mark, _PPR)


def _fixed_table(
    word: WordDocument | _Cell,
    widths_mm: Sequence[float],
    *,
    rows: int = 1,
    borders: bool = True,
    pad_mm: float | None = None,
) -> WordTable:
    """A table with a fixed grid: tblGrid and every cell's width set, fixed layout, so neither
    Word nor LibreOffice recomputes the columns from their content."""
    table = word.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = table._tbl
    tblpr = tbl.tblPr
    _put(tblpr, _element("tblW", w=_twips(sum(widths_mm)), type="dxa"), _TBLPR)
    _put(tblpr, _element("tblLayout", type="fixed"), _TBLPR)
    if not borders:
        edges = _element("tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edges.append(_element(edge, val="nil"))
        _put(tblpr, edges, _TBLPR)
    if pad_mm is not None:
        margins = _element("tblCellMar")
        for edge in ("left", "right"):
            margins.append(_element(edge, w=_twips(pad_mm), type="dxa"))
        _put(tblpr, margins, _TBLPR)
    grid = tbl.tblGrid
    for column in list(grid):
        grid.remove(column)
    for width in widths_mm:
        grid.append(_element("gridCol", w=_twips(width)))
    for row in table.rows:
        _row_setup(row._tr)
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _row_setup(tr: BaseOxmlElement, *, header: bool = False, split: bool = False) -> None:
    trpr = tr.get_or_add_trPr()
    for old in trpr.findall(qn("w:cantSplit")):
        trpr.remove(old)
    if not split:
        _put(trpr, _element("cantSplit"), _TRPR)
    if header:
        _put(trpr, _element("tblHeader"), _TRPR)


def _add_row(table: WordTable, widths_mm: Sequence[float], *, split: bool = False) -> list[_Cell]:
    row = table.add_row()
    _row_setup(row._tr, split=split)
    for cell, width in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return list(row.cells)


def _keep_with_next(paragraphs: Iterable[WordParagraph]) -> None:
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


# --- the header and the title ----------------------------------------------------------------


def _head_line(cell: _Cell, line: decree30.Line, *, first: bool = False) -> WordParagraph:
    paragraph = _cell_paragraph(cell, first=first)
    return _text(paragraph, line.text, size=line.size, bold=line.bold, italic=line.italic)


def _letterhead(word: WordDocument, head: decree30.Head) -> None:
    table = _fixed_table(word, head.widths_mm, borders=False, pad_mm=decree30.HEAD_PAD_MM)
    left, right = table.rows[0].cells
    left_room = head.left_mm - 2 * decree30.HEAD_PAD_MM
    right_room = head.right_mm - 2 * decree30.HEAD_PAD_MM
    first = True
    if head.superior:
        _head_line(left, head.superior, first=True)
        first = False
    _head_line(left, head.issuer, first=first)
    _rule(_cell_paragraph(left), head.issuer_rule_mm, left_room)
    if head.number:
        _head_line(left, head.number).paragraph_format.space_before = Pt(6)
    _head_line(right, head.national, first=True)
    _head_line(right, head.motto)
    _rule(_cell_paragraph(right), head.motto_rule_mm, right_room)
    _head_line(right, head.place_date).paragraph_format.space_before = Pt(6)


def _title(word: WordDocument, doc: layout.Document, *, landscape: bool) -> None:
    paragraphs = []
    for text, before in ((doc.title, 18), (doc.summary, 0)):
        if text:
            paragraph = word.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line_spacing(paragraph, before=before)
            paragraphs.append(_text(paragraph, text, size=decree30.TITLE_SIZE, bold=True))
    if not paragraphs:
        return
    rule = word.add_paragraph()
    _rule(
        rule,
        decree30.summary_rule_mm(doc.title, doc.summary, landscape=landscape),
        decree30.text_width_mm(landscape=landscape),
    )
    rule.paragraph_format.space_after = Pt(14)
    _keep_with_next([*paragraphs, rule])


# --- the body --------------------------------------------------------------------------------


def _block(word: WordDocument, block: layout.Block, *, landscape: bool) -> None:
    add = word.add_paragraph
    if isinstance(block, layout.Heading):
        paragraph = add()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        _text(paragraph, block.text, bold=True, italic=block.level > 1)
    elif isinstance(block, layout.Paragraph):
        paragraph = add()
        paragraph.alignment = ALIGN.get(block.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        if block.align == "justify":
            paragraph.paragraph_format.first_line_indent = Mm(10)
        _text(paragraph, block.text, bold=block.bold, italic=block.italic)
    elif isinstance(block, layout.BulletList):
        for i, item in enumerate(block.items, start=1):
            paragraph = add()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.left_indent = Mm(10)
            paragraph.paragraph_format.first_line_indent = Mm(-5)
            _text(paragraph, f"{i}. " if block.numbered else "- ")
            paragraph.add_run(item)
    elif isinstance(block, layout.Table):
        _table(word, block, landscape=landscape)
    elif isinstance(block, layout.PageBreak):
        add().add_run().add_break(WD_BREAK.PAGE)


def _table_cell(cell: _Cell, text: str, *, size: float, header: bool, bold: bool) -> None:
    paragraph = _cell_paragraph(cell, first=True)
    if not header and not layout.is_short(text):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _text(paragraph, text, size=size, bold=header or bold)
    if header:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _fill_rows(
    table: WordTable, block: layout.Table, plan: decree30.TableLayout, rows: range, *, first: bool
) -> None:
    """Rows `rows` of `block` into `table` (its existing first row first when `first`).

    A row that may wrap cannot split across pages. One that surely stays on one line cannot
    split anyway, and is not marked: marking every row of a long table trips a LibreOffice 7.4
    layout bug that drops the rest of the table after a page break."""
    for number, index in enumerate(rows):
        bold = index in block.bold_rows
        split = plan.one_line(block.rows[index], bold=bold)
        if first and number == 0:
            cells = list(table.rows[0].cells)
            _row_setup(table.rows[0]._tr, split=split)
        else:
            cells = _add_row(table, plan.widths_mm, split=split)
        for cell, text in zip(cells, block.rows[index], strict=True):
            _table_cell(cell, str(text), size=plan.size, header=False, bold=bold)


# The rows of a final table that go with the signature block (see `_closing_row`).
CLOSING_ROWS = 2


def _table(
    word: WordDocument,
    block: layout.Table,
    *,
    landscape: bool,
    closing: Callable[[_Cell | None], None] | None = None,
) -> None:
    """A bordered table on a fixed grid; the header row repeats on each page, rows never split.

    With `closing` (the table ends the body and the signature block follows), the two stay on
    one page: a short table keeps with the block whole (every row keeps with the next); a longer
    one shares its last rows with the block in one last row that cannot split, above which the
    header row repeats on a new page."""
    if block.caption:
        caption = _text(word.add_paragraph(), block.caption, bold=True)
        caption.paragraph_format.keep_with_next = True
    plan = decree30.table_layout(block, landscape=landscape)
    table = _fixed_table(word, plan.widths_mm, pad_mm=decree30.GRID_PAD_MM)
    header_cells = table.rows[0].cells
    _row_setup(table.rows[0]._tr, header=True)
    for cell, text in zip(header_cells, block.header, strict=True):
        _table_cell(cell, text, size=plan.size, header=True, bold=True)
    # The header row stays with the first body row.
    _keep_with_next(p for c in header_cells for p in c.paragraphs)
    short = decree30.table_height_mm(block, landscape=landscape) <= decree30.SHORT_TABLE_MM
    kept = min(CLOSING_ROWS, len(block.rows)) if closing and not short else 0
    _fill_rows(table, block, plan, range(len(block.rows) - kept), first=False)
    if closing is not None and short:
        # LibreOffice keeps a table with the next paragraph only when all its rows keep.
        _keep_with_next(p for r in table.rows for c in r.cells for p in c.paragraphs)
        spacer = word.add_paragraph()
        _line_spacing(spacer)
        spacer.paragraph_format.line_spacing = Pt(6)
        spacer.paragraph_format.keep_with_next = True
        closing(None)
        return
    if closing is not None:
        _closing_row(table, block, plan, range(len(block.rows) - kept, len(block.rows)), closing)
        # A body that ends with a table loses the table's rows after a page break in
        # LibreOffice: an (invisible) paragraph ends it.
        end = word.add_paragraph()
        _line_spacing(end)
        end.paragraph_format.line_spacing = Pt(1)
        return
    spacer = word.add_paragraph()
    _line_spacing(spacer)
    spacer.paragraph_format.line_spacing = Pt(6)


def _closing_row(
    table: WordTable,
    block: layout.Table,
    plan: decree30.TableLayout,
    rows: range,
    closing: Callable[[_Cell | None], None],
) -> None:
    """One last row of `table`, spanning every column, without borders or padding, that cannot
    split: it holds the table's last `rows` (a nested table on the same grid, so the lines meet)
    and then the signature block. Keep-with-next cannot do this in LibreOffice, which moves a
    whole table with the next paragraph or nothing; a row that cannot split holds in both."""
    cells = _add_row(table, plan.widths_mm)
    cell = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    tcpr = cell._tc.get_or_add_tcPr()
    edges = _element("tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        edges.append(_element(edge, val="nil"))
    _put(tcpr, edges, _TCPR)
    margins = _element("tcMar")
    for edge in ("left", "right"):
        margins.append(_element(edge, w="0", type="dxa"))
    _put(tcpr, margins, _TCPR)
    leading = cell.paragraphs[0]
    if rows:
        nested = _fixed_table(cell, plan.widths_mm, pad_mm=decree30.GRID_PAD_MM)
        # The outer table draws the line above these rows.
        top = _element("tblBorders")
        top.append(_element("top", val="nil"))
        _put(nested._tbl.tblPr, top, _TBLPR)
        _fill_rows(nested, block, plan, rows, first=True)
        spacer = cell.add_paragraph()
        _line_spacing(spacer)
        spacer.paragraph_format.line_spacing = Pt(6)
    closing(cell)
    cell._tc.remove(leading._p)


# --- signatures and recipients ---------------------------------------------------------------


def _keep_tail_with_next(word: WordDocument) -> None:
    """The text before the signature block goes with it: the trailing empty paragraphs and the
    last one with text keep with the next (a final table is handled by `_closing_row`)."""
    for element in reversed(list(word.element.body)):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag != qn("w:p"):
            return
        paragraph = WordParagraph(element, word._body)
        paragraph.paragraph_format.keep_with_next = True
        if paragraph.text.strip():
            return


def _signature_cell(cell: _Cell, signature: layout.Signature) -> list[WordParagraph]:
    paragraphs = []
    first = True
    for text in (signature.authority, signature.position):
        if text.strip():
            paragraphs.append(_text(_cell_paragraph(cell, first=first), text.upper(), bold=True))
            first = False
    if signature.note:
        paragraphs.append(_text(_cell_paragraph(cell, first=first), signature.note, italic=True))
        first = False
    # The space where the signer signs (and the seal goes), then the name in bold.
    name = _cell_paragraph(cell, first=first)
    name.paragraph_format.space_before = Mm(24 if not signature.note else 18)
    paragraphs.append(_text(name, signature.name, bold=True))
    return paragraphs


def _recipients_cell(cell: _Cell, lines: list[str], *, first: bool) -> None:
    label = _cell_paragraph(cell, first=first)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _text(label, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in lines:
        item = _cell_paragraph(cell)
        item.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _text(item, line, size=11)


def _signatures(
    word: WordDocument | _Cell,
    signatures: list[layout.Signature],
    recipients: list[str],
    *,
    landscape: bool,
) -> None:
    """One row that cannot split. One signer: "Nơi nhận" left, the signer right. Two (minutes):
    the secretary left, the chair right, "Nơi nhận" under the left one (Decree 30, Mẫu 1.9)."""
    widths = decree30.signature_widths_mm(len(signatures), landscape=landscape)
    table = _fixed_table(word, widths, borders=False)
    pairs = [signatures[i : i + 2] for i in range(0, len(signatures), 2)] or [[]]
    for number, pair in enumerate(pairs):
        left, right = table.rows[0].cells if number == 0 else _add_row(table, widths)
        last = number == len(pairs) - 1
        if len(signatures) >= 2:
            paragraphs = _signature_cell(left, pair[0])
            if len(pair) > 1:
                paragraphs += _signature_cell(right, pair[1])
            if not last:
                _keep_with_next(paragraphs)
            elif recipients:
                _cell_paragraph(left)
                _recipients_cell(left, recipients, first=False)
        else:
            if recipients:
                _recipients_cell(left, recipients, first=True)
            if pair:
                _signature_cell(right, pair[0])
