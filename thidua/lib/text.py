"""Vietnamese text helpers: NFC normalisation and diacritic-insensitive search keys."""

from __future__ import annotations

import unicodedata

# đ/Đ is a separate letter, not d plus a combining mark, so NFD alone does not strip it.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str | None) -> str:
    """Normalise to NFC and trim, so that text typed as NFD compares equal to NFC text."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())


def casefold(text: str | None) -> str:
    """Case-insensitive key that keeps diacritics ("Hội" and "hội" match, "Hồi" does not)."""
    return nfc(text).casefold()


def fold(text: str | None) -> str:
    """Key without diacritics or case: "Hội Nhà báo" -> "hoi nha bao"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def search_keys(*parts: str | None) -> tuple[str, str]:
    """The exact (case-folded) and the folded search keys for a record's searchable text."""
    joined = " | ".join(nfc(p) for p in parts if p)
    return casefold(joined), fold(joined)


def initials(name: str | None) -> str:
    """ "Khối thi đua 8" → "KTĐ8": the capitalised first letter of each word, numbers whole, as
    a block's abbreviation in document symbols (…/TTr-KTĐ8) and the archive line (Lưu: VT, KTĐ8)."""
    return "".join(w if w.isdigit() else w[0].upper() for w in nfc(name).split())
