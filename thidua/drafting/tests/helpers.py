"""Small builders for the drafting tests."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.utils import timezone

from thidua.drafting import services
from thidua.drafting.models import Document

ARTICLES = [
    {
        "number": "Điều 1",
        "heading": "Phạm vi điều chỉnh",
        "body": "<p>Quy chế này quy định hoạt động của khối.</p>",
    },
    {
        "number": "Điều 2",
        "heading": "Đối tượng áp dụng",
        "body": "<p>Các hội thành viên của khối.</p>",
    },
]


def make_regulation(cast, actor=None) -> Document:
    document = services.create_document(
        actor=actor or cast.head_rep, cycle=cast.cycle, kind="regulation"
    )
    services.save_version(
        actor=actor or cast.head_rep,
        document=document,
        title=document.title,
        preamble="",
        articles=ARTICLES,
        note="Dự thảo lần 1",
    )
    return document


def open_window(cast, document, *, days: int = 5):
    version = services.latest_version(document)
    return services.open_comment_window(
        actor=cast.head_rep, version=version, deadline=timezone.now() + dt.timedelta(days=days)
    )


def word_file(paragraphs: list[tuple[str, str]]) -> bytes:
    """A DOCX built in memory from (style, text) pairs; style "table" adds a 2×2 table."""
    document = docx.Document()
    for style, text in paragraphs:
        if style == "table":
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "Tiêu chí", "Điểm"
            table.cell(1, 0).text, table.cell(1, 1).text = text, "10"
        else:
            document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
