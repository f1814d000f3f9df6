"""Turn an uploaded Word file into articles: each "Điều N…", "Chương…" or Heading-styled
paragraph starts an article, the paragraphs, lists and tables below it become its body."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import docx
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError
from thidua.core.uploads import check_content
from thidua.lib.files import DOCX, sniff

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ARTICLE = re.compile(
    r"^\s*((?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[a-z]?)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE
)
ROMAN_OR_NUMBER = re.compile(r"^\s*([IVXLC]+|\d+)\s*[.)]\s*(.+)$")


@dataclass
class Imported:
    preamble: str = ""
    articles: list[dict[str, Any]] = field(default_factory=list)


def read_upload(data: bytes) -> Imported:
    """Articles from a DOCX file's bytes; DomainError if it is not a DOCX or has no headings."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than 5 MB."), field="file")
    if not _looks_like_docx(data):
        raise DomainError(_("This file is not a Word (DOCX) document."), field="file")
    check_content(io.BytesIO(data), DOCX, field="file", max_unpacked=MAX_UNPACKED_BYTES)
    try:
        result = _split(docx.Document(io.BytesIO(data)))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        raise DomainError(_("This Word file could not be read."), field="file") from exc
    if not result.articles:
        raise DomainError(
            _(
                "No headings found: start each article with “Điều 1.”, “Chương I” "
                "or a Heading style."
            ),
            field="file",
        )
    return result


def _looks_like_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
    except Exception:  # a damaged zip is not a DOCX
        return False
    return sniff(io.BytesIO(data)) == DOCX


def _split(document: Any) -> Imported:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    result = Imported()
    preamble: list[str] = []
    current: dict[str, Any] | None = None
    body: list[str] = []
    list_items: list[str] = []

    def flush_list() -> None:
        if list_items:
            body.append("<ul>" + "".join(f"<li>{i}</li>" for i in list_items) + "</ul>")
            list_items.clear()

    def finish() -> None:
        flush_list()
        if current is not None:
            current["body"] = "".join(body)
            result.articles.append(current)
        body.clear()

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            heading = _heading(text, style)
            if heading is not None:
                finish()
                number, title = heading
                current = {
                    "key": f"a{len(result.articles) + 1}",
                    "number": number,
                    "heading": title,
                    "body": "",
                }
                continue
            if current is None:
                preamble.append(text)
            elif style.startswith("List"):
                list_items.append(_runs(paragraph))
            else:
                flush_list()
                body.append(f"<p>{_runs(paragraph)}</p>")
        elif tag == "tbl" and current is not None:
            flush_list()
            body.append(_table(DocxTable(child, document)))
    finish()
    result.preamble = "\n".join(preamble)
    return result


def _heading(text: str, style: str) -> tuple[str, str] | None:
    match = ARTICLE.match(text)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    if style.startswith("Heading"):
        numbered = ROMAN_OR_NUMBER.match(text)
        if numbered:
            return numbered.group(1) + ".", numbered.group(2).strip()
        return "", text
    return None


def _runs(paragraph: Any) -> str:
    parts = []
    for run in paragraph.runs:
        text = html.escape(run.text, quote=False)
        if not text:
            continue
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts).strip()


def _table(table: Any) -> str:
    rows = []
    for index, row in enumerate(table.rows):
        cell_tag = "th" if index == 0 else "td"
        scope = ' scope="col"' if index == 0 else ""
        cells = "".join(
            f"<{cell_tag}{scope}>{html.escape(cell.text.strip(), quote=False)}</{cell_tag}>"
            for cell in row.cells
        )
        rows.append(f"<tr>{cells}</tr>")
    return "<table>" + "".join(rows) + "</table>"
