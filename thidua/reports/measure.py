"""How wide a line of text is, from the shipped Liberation Serif's own metrics.

Liberation Serif is metric-compatible with Times New Roman, so a width measured here is the width
Word (Times New Roman), LibreOffice and the PDF (Liberation Serif) give the same line. The DOCX and
PDF builders use it for the same decisions: which header lines fit their column at 13 pt, where a
long issuer name breaks, and how long the rules under the issuer and the summary line are.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"
_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
MM_PER_PT = 25.4 / 72
# Renderers differ by a few tenths of a millimetre (kerning, rounding): leave room for it.
SLACK = 1.03


@cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    """Advance widths in em by code point, and the width used for a character the font lacks."""
    font = TTFont(FONTS / _FILES[(bold, italic)], lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return widths, widths.get(ord("n"), 0.5)


def width_mm(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` on one line at `size` points, in millimetres."""
    widths, fallback = _advances(bold, italic)
    ems = sum(widths.get(ord(c), fallback) for c in unicodedata.normalize("NFC", text))
    return ems * size * MM_PER_PT * SLACK


def fits(text: str, size: float, room_mm: float, *, bold: bool = False) -> bool:
    return width_mm(text, size, bold=bold) <= room_mm


def wrap(text: str, size: float, room_mm: float, *, bold: bool = False) -> list[str]:
    """`text` broken into the fewest lines that fit `room_mm`, as even in length as possible (a
    long issuer name reads "HỘI BẢO TRỢ NGƯỜI KHUYẾT TẬT / VÀ BẢO VỆ QUYỀN TRẺ EM TỈNH", not a
    full line and a single word). A word longer than the room stays whole on its own line."""
    words = text.split()
    if not words:
        return []

    def lines_for(limit: float) -> list[str]:
        lines: list[str] = []
        for word in words:
            if lines and width_mm(f"{lines[-1]} {word}", size, bold=bold) <= limit:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    greedy = lines_for(room_mm)
    if len(greedy) == 1:
        return greedy
    # Narrow the limit while the number of lines stays the same: the lines even out.
    low, high = max(width_mm(w, size, bold=bold) for w in words), room_mm
    best = greedy
    for _ in range(20):
        middle = (low + high) / 2
        attempt = lines_for(middle)
        if len(attempt) <= len(greedy):
            best, high = attempt, middle
        else:
            low = middle
    return best
