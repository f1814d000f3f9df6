"""The drafting part of a cycle's archive (``manage.py export_cycle``): each document's
latest version as Word, and the summary of comments (Word and Excel)."""

from __future__ import annotations

from thidua.cycles.models import Cycle
from thidua.drafting import selectors
from thidua.drafting.models import Document
from thidua.reports import docx, issuing


def files(cycle: Cycle) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for document in Document.objects.filter(cycle=cycle).order_by("kind"):
        if not document.versions.exists():
            continue
        try:
            summary = selectors.summary_document(document)
        except issuing.UndatedDocument:
            pass  # comments still being collected: the Word summary is dated by their close
        else:
            out[f"drafting/{document.kind}-comments.docx"] = docx.render(summary)
        out[f"drafting/{document.kind}-comments.xlsx"] = selectors.summary_workbook(document)
    return out
