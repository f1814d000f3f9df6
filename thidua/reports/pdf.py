"""PDF for the record: the same Document laid out in HTML/CSS and printed by WeasyPrint, with
Liberation Serif shipped in thidua/reports/fonts so the output never depends on the machine.

The measures (header columns, line sizes, rules, column widths) come from `decree30`, the same as
the Word document's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from thidua.reports import decree30, issuing, layout

FONTS = Path(__file__).resolve().parent / "fonts"
_FACES = [
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
]


def font_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "Thidua Serif"; src: url("{(FONTS / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in _FACES
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal (for the page header's `content`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def _items(blocks: list[layout.Block], *, landscape: bool) -> list[dict[str, Any]]:
    """Each block with, for a table, its layout (column widths, text size) as in the Word file."""
    return [
        {
            "block": b,
            "table": decree30.table_layout(b, landscape=landscape)
            if isinstance(b, layout.Table)
            else None,
        }
        for b in blocks
    ]


def context(doc: layout.Document, *, landscape: bool = False) -> dict[str, Any]:
    """What reports/document.html needs: the document and its measures."""
    recipients = doc.recipient_lines()
    tail = bool(doc.signatures or recipients)
    body, last = list(doc.blocks), None
    # The last block goes with the signatures (kept on one page), unless it is a table, which
    # may run over pages: then only its last rows are kept with them (break-before: avoid).
    if tail and body and not isinstance(body[-1], layout.Table | layout.PageBreak):
        last = body.pop()
    signatures = doc.signatures
    specimen = issuing.specimen(doc)
    return {
        "doc": doc,
        "landscape": landscape,
        "font_css": font_css(),
        "head": decree30.head(doc.letterhead, landscape=landscape),
        "head_pad": decree30.HEAD_PAD_MM,
        "summary_rule": decree30.summary_rule_mm(doc.title, doc.summary, landscape=landscape),
        "body": _items(body, landscape=landscape),
        "last": _items([last], landscape=landscape)[0] if last else None,
        "appendix": _items(doc.appendix, landscape=landscape),
        "tail": tail,
        "recipients": recipients,
        "signature_rows": [signatures[i : i + 2] for i in range(0, len(signatures), 2)] or [[]],
        "two_signers": len(signatures) >= 2,
        "signature_widths": decree30.signature_widths_mm(len(signatures), landscape=landscape),
        "specimen": specimen,
        "specimen_css": _css_string(specimen) if specimen else "",
    }


def render(doc: layout.Document, *, landscape: bool = False) -> bytes:
    from weasyprint import HTML  # imported here: it loads pango, which only PDF needs

    html = render_to_string("reports/document.html", context(doc, landscape=landscape))
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
