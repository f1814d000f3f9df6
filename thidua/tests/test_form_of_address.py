"""The Vietnamese interface speaks to every user in one neutral, respectful way: "bạn" (or no
pronoun at all: "Vui lòng…"), never mixed with "đồng chí", "anh/chị", "quý vị" or "Quý đơn vị".
Official documents (DOCX/PDF, Vietnamese literals in code) keep their own administrative style
and are not in the catalogues."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from thidua.tests.access_matrix import APPS

ROOT = Path(__file__).resolve().parents[1]
OTHER_FORMS = re.compile(
    r"\b(đồng chí|anh/chị|anh chị|quý vị|quý đơn vị|ông/bà|quý khách)\b", re.IGNORECASE
)
CATALOGUES = [
    p for app in APPS if (p := ROOT / app / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_interface_addresses_people_one_way(po_path):
    mixed = []
    for entry in polib.pofile(str(po_path)):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        mixed += [f"{entry.msgid!r}: {t!r}" for t in texts if OTHER_FORMS.search(t)]
    assert not mixed, f"other forms of address than “bạn” in {po_path}: {mixed[:5]}"


def test_the_chosen_form_is_the_one_in_use():
    uses = sum("bạn" in (e.msgstr or "").lower() for p in CATALOGUES for e in polib.pofile(str(p)))
    assert uses > 30
