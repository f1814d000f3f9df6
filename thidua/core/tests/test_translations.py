"""Vietnamese is the default language and English is complete: every string in the code has a
Vietnamese translation, and the compiled catalogues match their sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from thidua.core.tests.access_matrix import APPS

ROOT = Path(__file__).resolve().parents[2]


def _catalogues() -> list[Path]:
    return [
        p
        for app in APPS
        if (p := ROOT / app / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()
    ]


def _has_strings(app: str) -> bool:
    return any(
        "gettext" in p.read_text() or "translate" in p.read_text()
        for p in (ROOT / app).rglob("*")
        if p.suffix in {".py", ".html", ".txt"}
        and "tests" not in p.parts
        and "locale" not in p.parts
    )


@pytest.mark.parametrize("app", APPS)
def test_every_app_with_text_has_a_vietnamese_catalogue(app):
    if _has_strings(app):
        assert (ROOT / app / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: p.parts[-5])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    source = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0, ""))
        for e in polib.pofile(str(po_path))
        if e.translated()
    }
    compiled = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0, ""))
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    assert source == compiled, f"{mo_path} is out of date: run make messages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
@pytest.mark.parametrize("app", [a for a in APPS if _has_strings(a)])
def test_no_string_in_the_code_is_missing_from_the_catalogue(app, tmp_path):
    """Extract the strings afresh into a copy of the app and compare with the committed file."""
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(ROOT / app / "locale/vi/LC_MESSAGES/django.po"))}
    assert not fresh - committed, (
        f"strings missing from {app}'s catalogue: {sorted(fresh - committed)[:10]}"
    )


def test_a_message_has_one_translation_across_apps():
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins: the same
    message must read the same everywhere, or carry a context where its meaning differs."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in _catalogues():
        app = po_path.parts[-5]
        for e in polib.pofile(str(po_path)):
            text = e.msgstr or e.msgstr_plural.get(0, "")
            if e.obsolete or not text:
                continue
            seen.setdefault((e.msgctxt, e.msgid), {})[app] = text
    clashes = [
        f"{msgid!r}" + (f" (context {ctx!r})" if ctx else "") + f": {by_app}"
        for (ctx, msgid), by_app in seen.items()
        if len(set(by_app.values())) > 1
    ]
    assert not clashes, (
        f"{len(clashes)} messages translated differently by different apps "
        f"(unify the wording or give one a context): " + "; ".join(clashes[:10])
    )
