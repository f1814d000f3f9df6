"""PDF for the record: the same Document laid out in HTML/CSS and printed by WeasyPrint, with
Liberation Serif shipped in thidua/reports/fonts so the output never depends on the machine."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from thidua.reports import layout

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


def render(doc: layout.Document, *, landscape: bool = False) -> bytes:
    from weasyprint import HTML  # imported here: it loads pango, which only PDF needs

    html = render_to_string(
        "reports/document.html",
        {"doc": doc, "font_css": font_css(), "landscape": landscape},
    )
    return HTML(string=html, base_url=str(FONTS)).write_pdf()  # type: ignore[no-any-return]
