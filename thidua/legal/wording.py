"""The pieces of wording a document form holds, and how their placeholders are filled.

A form's texts are keyed pieces (the title, the summary line, each section heading…); the Board
corrects them on the form's page. A key the Board left empty falls back to `DEFAULTS`, so a
document never loses a heading.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from thidua.legal.models import FormKind

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

#: What a placeholder stands for; documents fill every one of them.
PLACEHOLDERS: dict[str, StrPromise] = {
    "award": _("the title proposed, e.g. “Cờ thi đua của UBND tỉnh”"),
    "year": _("the emulation year"),
    "block": _("the block's name"),
    "unit": _("the nominee unit's name (achievement report)"),
    "addressee": _("to whom the dossier is addressed, e.g. “Chủ tịch Ủy ban nhân dân tỉnh …”"),
}

KEYS: dict[str, list[tuple[str, StrPromise]]] = {
    FormKind.TO_TRINH: [
        ("title", _("Title (document type)")),
        ("summary", _("Summary line (trích yếu)")),
        ("intro", _("Opening sentence, after the legal bases")),
        ("results", _("Heading of section I: results of the year")),
        ("nominees", _("Heading of section II: the nominees")),
        ("attachments", _("Heading of section III: the attached documents")),
        ("closing", _("Closing sentence")),
    ],
    FormKind.ACHIEVEMENT_REPORT: [
        ("title", _("Title (document type)")),
        ("summary", _("Summary line (trích yếu)")),
        ("intro", _("Opening sentence, after the legal bases")),
        ("situation", _("Heading: characteristics and situation")),
        ("achievements", _("Heading: achievements")),
        ("movement", _("Heading: the emulation movement")),
        ("awards", _("Heading: awards already received")),
        ("proposal", _("Heading: the proposal")),
        ("signer", _("Position of the unit's signer")),
        ("confirmation", _("Heading of the superior level's confirmation")),
    ],
}

DEFAULTS: dict[str, dict[str, str]] = {
    FormKind.TO_TRINH: {
        "title": "TỜ TRÌNH",
        "summary": "Về việc đề nghị tặng {award} năm {year}",
        "intro": "{block} kính trình {addressee} xem xét, tặng {award} năm {year} như sau:",
        "results": "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM {year}",
        "nominees": "II. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "attachments": "III. HỒ SƠ KÈM THEO",
        "closing": "{block} kính trình {addressee} xem xét, quyết định./.",
    },
    FormKind.ACHIEVEMENT_REPORT: {
        "title": "BÁO CÁO THÀNH TÍCH",
        "summary": "Đề nghị tặng {award} năm {year}",
        "intro": "{unit} báo cáo thành tích năm {year} như sau:",
        "situation": "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "achievements": "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "movement": "III. VIỆC THỰC HIỆN PHONG TRÀO THI ĐUA",
        "awards": "IV. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "proposal": "V. ĐỀ NGHỊ KHEN THƯỞNG",
        "signer": "THỦ TRƯỞNG ĐƠN VỊ",
        "confirmation": "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
    },
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text: str) -> list[str]:
    """The `{…}` in `text` that documents cannot fill, e.g. a misspelt "{nam}"."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def fill(text: str, values: dict[str, object]) -> str:
    """`text` with each known placeholder replaced; anything else is left as written."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )
