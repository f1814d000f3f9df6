"""Checks of a generated document as a Board officer reads it, shared by the engine's tests and the
whole-product sweep (thidua/tests/test_documents_layout.py).

- `docx_problems`: reopen the DOCX and check its structure (page, margins, header grid, fonts,
  rules, table grids, rows that cannot split, repeated header rows, language, "Nơi nhận").
- `to_pdf` converts DOCX files with LibreOffice (one call for many files, a private profile);
  `pdf_pages` reads a PDF's pages with `pdftotext -layout`; `page_problems` checks those pages:
  every header line on one line, and no page holding only the signatures or "Nơi nhận".
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from thidua.reports import decree30, layout, measure

TWIPS_PER_MM = 1440 / 25.4


# --- tools -----------------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_tools(*tools: str) -> None:
    """Skip (with the reason) when a tool is missing; fail instead in CI
    (THIDUA_REQUIRE_BROWSER=1), where .ci/run installs them."""
    missing = [t for t in tools if not (soffice() if t == "soffice" else shutil.which(t))]
    if not missing:
        return
    reason = (
        f"{', '.join(missing)} not installed: apt-get install libreoffice-writer-nogui "
        "poppler-utils (.ci/run does it)"
    )
    if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def to_pdf(files: dict[str, bytes], workdir: Path) -> dict[str, bytes]:
    """Each DOCX converted by LibreOffice headless, all in one call, with a private profile so
    parallel runs never share one. Keys are file stems."""
    need_tools("soffice")
    source = workdir / "docx"
    out = workdir / "pdf"
    source.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, data in files.items():
        path = source / f"{stem}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    with tempfile.TemporaryDirectory(prefix="thidua-lo-") as profile:
        subprocess.run(
            [
                soffice() or "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *paths,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return {stem: (out / f"{stem}.pdf").read_bytes() for stem in files}


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, laid out as on the page (`pdftotext -layout`)."""
    need_tools("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# --- the pages -------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines()]


def head_lines(doc: layout.Document, *, landscape: bool = False) -> list[str]:
    """Every line of the header as the layout plans it: each must be found whole on one line."""
    head = decree30.head(doc.letterhead, landscape=landscape)
    planned = [head.superior, head.issuer, head.number, head.national, head.motto, head.place_date]
    return [text for line in planned if line for text in line.lines]


def tail_words(doc: layout.Document) -> set[str]:
    """The words of the signature block and of "Nơi nhận"."""
    lines = doc.recipient_lines()
    texts = [layout.RECIPIENTS_LABEL, *lines] if lines else []
    for s in doc.signatures:
        texts += [s.authority, s.position, s.note, s.name]
    return _words(" ".join(texts))


def document_words(doc: layout.Document) -> set[str]:
    """Every word the document prints (header, title, body, tables, signatures, recipients)."""
    texts = [doc.title, doc.summary, *head_lines(doc)]
    for block in [*doc.blocks, *doc.appendix]:
        if isinstance(block, layout.Heading | layout.Paragraph):
            texts.append(block.text)
        elif isinstance(block, layout.BulletList):
            texts += block.items
        elif isinstance(block, layout.Table):
            texts += [block.caption, *block.header, *(str(c) for r in block.rows for c in r)]
    return _words(" ".join(texts)) | tail_words(doc)


def page_problems(pages: list[str], doc: layout.Document, *, landscape: bool = False) -> list[str]:
    """What a Board officer would refuse to sign, page by page."""
    problems = []
    if not pages:
        return ["no pages"]
    missing = document_words(doc) - _words("\n".join(pages))
    if missing:
        problems.append(f"words missing from the pages: {sorted(missing)[:12]}")
    first = _lines(pages[0])
    for text in head_lines(doc, landscape=landscape):
        if not any(text in line for line in first):
            problems.append(f"header line not on one line: {text!r}")
    if doc.signatures or doc.recipient_lines():
        tail = tail_words(doc)
        allowed = tail | _words(layout.SPECIMEN) | {"bản", "mẫu"}
        for number, page in enumerate(pages, start=1):
            words = {w for w in _words(page) if not w.isdigit()}
            if words & tail and words <= allowed:
                problems.append(f"page {number} holds only the signatures or 'Nơi nhận'")
    return problems


# --- the Word document -----------------------------------------------------------------------


def _mm(twips: str | None) -> float:
    return int(twips or 0) / TWIPS_PER_MM


def _grid_mm(table: object) -> list[float]:
    grid = table._tbl.tblGrid  # type: ignore[attr-defined]
    return [_mm(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))]


def _fixed(table: object) -> bool:
    layout_type = table._tbl.tblPr.find(qn("w:tblLayout"))  # type: ignore[attr-defined]
    return layout_type is not None and layout_type.get(qn("w:type")) == "fixed"


def _rules(paragraphs: Iterable[object]) -> list[tuple[float, float]]:
    """(length, left indent) in mm of every empty paragraph drawn as a bottom-bordered rule."""
    found = []
    for p in paragraphs:
        ppr = p._p.pPr  # type: ignore[attr-defined]
        if ppr is None or p.text.strip():  # type: ignore[attr-defined]
            continue
        border = ppr.find(qn("w:pBdr"))
        if border is None or border.find(qn("w:bottom")) is None:
            continue
        ind = ppr.find(qn("w:ind"))
        left = _mm(ind.get(qn("w:left"))) if ind is not None else 0.0
        right = _mm(ind.get(qn("w:right"))) if ind is not None else 0.0
        found.append((left, right))
    return found


def _run_size(paragraph: object, text: str) -> tuple[float | None, bool | None]:
    for run in paragraph.runs:  # type: ignore[attr-defined]
        if text in run.text:
            return (run.font.size.pt if run.font.size else None), run.bold
    return None, None


def docx_problems(data: bytes, doc: layout.Document, *, landscape: bool = False) -> list[str]:
    """The Word file's structure against Decree 30 and the layout it was made from."""
    word = docx.Document(io.BytesIO(data))
    problems: list[str] = []

    def expect(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    section = word.sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))
    expect(size == ((297, 210) if landscape else (210, 297)), f"page size {size}")
    edges = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    margins = tuple(round(m.mm) for m in edges)
    expect(margins == (20, 20, 30, 15), f"margins {margins}")
    expect(section.different_first_page_header_footer, "page number shown on page 1")
    styles = word.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    expect(lang is not None and lang.get(qn("w:val")) == "vi-VN", "document language not vi-VN")
    normal = word.styles["Normal"]
    expect(normal.font.name == "Times New Roman", f"body font {normal.font.name}")
    expect(normal.font.size is not None and normal.font.size.pt == 13, "body size not 13 pt")

    tables = word.tables
    width = decree30.text_width_mm(landscape=landscape)
    head = tables[0]
    grid = _grid_mm(head)
    expect(_fixed(head), "header table not fixed")
    expect(
        len(grid) == 2 and abs(grid[0] - 0.35 * width) < 1 and abs(sum(grid) - width) < 1,
        f"header grid {grid} is not 35/65 of {width} mm",
    )
    left, right = head.rows[0].cells
    national = next((p for p in right.paragraphs if layout.NATIONAL_TITLE in p.text), None)
    expect(national is not None, "no national title")
    if national is not None:
        pt, bold = _run_size(national, layout.NATIONAL_TITLE)
        expect(bold is True and pt in (12, 13), f"national title {pt} pt, bold={bold}")
    motto = next((p for p in right.paragraphs if layout.NATIONAL_MOTTO in p.text), None)
    expect(motto is not None, "no motto")
    if motto is not None:
        pt, bold = _run_size(motto, layout.NATIONAL_MOTTO)
        expect(bold is True and pt in (13, 14), f"motto {pt} pt, bold={bold}")
    # The rules: under the issuer (a third to a half of it), under the motto (its length).
    plan = decree30.head(doc.letterhead, landscape=landscape)
    for cell, room, expected, label in (
        (left, grid[0], plan.issuer_rule_mm, "issuer"),
        (right, grid[1] if len(grid) > 1 else 0, plan.motto_rule_mm, "motto"),
    ):
        rules = _rules(cell.paragraphs)
        expect(len(rules) == 1, f"{len(rules)} rules under the {label}")
        if rules:
            inner = room - 2 * decree30.HEAD_PAD_MM
            length = inner - rules[0][0] - rules[0][1]
            expect(abs(length - expected) < 1, f"{label} rule {length:.1f} mm, not {expected}")
            expect(abs(rules[0][0] - rules[0][1]) < 0.5, f"{label} rule not centred")
    motto_mm = plan.motto_rule_mm
    expect(45 <= motto_mm <= 65, f"motto rule {motto_mm} mm is not the motto's length")
    expect(8 <= plan.issuer_rule_mm <= 0.6 * grid[0], f"issuer rule {plan.issuer_rule_mm} mm")
    # The title: bold 13–14 pt; the rule under the summary line.
    title = next((p for p in word.paragraphs if p.text == doc.title), None)
    expect(title is not None, f"no title {doc.title!r}")
    if title is not None:
        pt, bold = _run_size(title, doc.title)
        expect(bold is True and pt in (13, 14), f"title {pt} pt, bold={bold}")
    summary_rules = _rules(word.paragraphs)
    expect(len(summary_rules) >= 1, "no rule under the summary line")
    if summary_rules:
        length = width - sum(summary_rules[0])
        expect(12 <= length <= 0.6 * width, f"summary rule {length:.1f} mm")
    # Tables of the body: the grid follows `widths`, fixed; rows cannot split; the header repeats.
    body_tables = [b for b in [*doc.blocks, *doc.appendix] if isinstance(b, layout.Table)]
    grids = [t for t in tables[1:] if t.style is not None and t.style.name == "Table Grid"]
    expect(len(grids) == len(body_tables), f"{len(grids)} grid tables for {len(body_tables)}")
    for block, table in zip(body_tables, grids, strict=False):
        plan = decree30.table_layout(block, landscape=landscape)
        expected = plan.widths_mm
        actual = _grid_mm(table)
        expect(_fixed(table), f"table {block.header} not fixed")
        expect(
            len(actual) == len(expected)
            and all(abs(a - e) < 0.5 for a, e in zip(actual, expected, strict=True)),
            f"table {block.header} grid {actual} not {expected}",
        )
        for index, row in enumerate(table.rows):
            if not _may_split(row, plan):
                continue
            trpr = row._tr.trPr
            expect(
                trpr is not None and trpr.find(qn("w:cantSplit")) is not None,
                f"table {block.header} row {index} may split",
            )
        first = table.rows[0]._tr.trPr
        expect(
            first is not None and first.find(qn("w:tblHeader")) is not None,
            f"table {block.header} header row does not repeat",
        )
        sizes = {r.font.size.pt for c in table.rows[0].cells for p in c.paragraphs for r in p.runs}
        expect(sizes == {plan.size} and 9 <= plan.size <= 12, f"table text {sizes} pt")
    # The signature block: one row that cannot split, "Nơi nhận" ending with "- Lưu: VT, …",
    # every signer named; the text before it keeps with it.
    lines = doc.recipient_lines()
    if doc.signatures or lines:
        in_body = sum(isinstance(b, layout.Table) for b in doc.blocks)
        signatures = _signature_table(word, in_body)
        expect(signatures is not None, "no signature table")
        if signatures is not None:
            expect(_fixed(signatures), "signature table not fixed")
            for row in signatures.rows:
                trpr = row._tr.trPr
                expect(
                    trpr is not None and trpr.find(qn("w:cantSplit")) is not None,
                    "signature row may split",
                )
            texts = [p.text for c in signatures.rows[-1].cells for p in c.paragraphs]
            if lines:
                expect(RECIPIENTS in texts, "no 'Nơi nhận:'")
                expect(texts[-1:] == [lines[-1]] or lines[-1] in texts, "recipients not printed")
                expect(lines[-1].startswith("- Lưu: VT"), f"last recipient line {lines[-1]!r}")
            names = {p.text for c in signatures._cells for p in c.paragraphs}
            for s in doc.signatures:
                expect(not s.name or s.name in names, f"signer {s.name!r} missing")
            expect(_kept_before(word, signatures), "the text before the signatures may part")
    return problems


RECIPIENTS = layout.RECIPIENTS_LABEL


def _may_split(row: object, plan: decree30.TableLayout) -> bool:
    """A row that holds a nested table or text wider than its cell could break over pages."""
    tr = row._tr  # type: ignore[attr-defined]
    if tr.find(f".//{qn('w:tbl')}") is not None:
        return True
    for index, cell in enumerate(row.cells[: len(plan.widths_mm)]):  # type: ignore[attr-defined]
        text = cell.text
        bold = any(r.bold for p in cell.paragraphs for r in p.runs)
        if "\n" in text or measure.width_mm(text, plan.size, bold=bold) > plan.room_mm(index):
            return True
    return False


def _signature_table(word: object, grid_count: int) -> object | None:
    """The borderless signature table: after the body's `grid_count` tables (the appendix's come
    after it), or inside the last row of a final long table (with the rows it keeps)."""
    tables = word.tables  # type: ignore[attr-defined]
    if grid_count and (nested := tables[grid_count].rows[-1].cells[0].tables):
        return nested[-1]
    if len(tables) > grid_count + 1:
        return tables[grid_count + 1]
    return None


def _kept_before(word: object, signatures: object) -> bool:
    """The paragraph (or the table rows) just before the signature block keep with it."""
    tbl = signatures._tbl  # type: ignore[attr-defined]
    parent = tbl.getparent()
    if parent.tag == qn("w:tc"):
        return True  # in the last row of the final table, with its last rows: one unsplittable row
    siblings = list(parent)
    before = siblings[: siblings.index(tbl)]
    if not before:
        return True
    last = before[-1]
    if last.tag == qn("w:p"):
        return last.pPr is not None and last.pPr.keepNext is not None
    return False
