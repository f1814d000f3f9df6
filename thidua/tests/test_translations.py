"""Vietnamese is the default language and English is complete: every string in the code has a
Vietnamese translation, and the compiled catalogues match their sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps

from thidua.tests.access_matrix import APPS

ROOT = Path(__file__).resolve().parents[1]


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


def _vietnamese_by_app() -> dict[tuple[str | None, str], dict[str, str]]:
    """(msgctxt, msgid) -> {app: Vietnamese}, apps in INSTALLED_APPS order: ours from their .po,
    the others (Django's contrib apps, libraries) from their compiled .mo."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for config in apps.get_app_configs():
        messages = Path(config.path) / "locale" / "vi" / "LC_MESSAGES"
        if config.name.startswith("thidua."):
            if not (messages / "django.po").exists():
                continue
            entries = polib.pofile(str(messages / "django.po"))
        elif (messages / "django.mo").exists():
            entries = polib.mofile(str(messages / "django.mo"))
        else:
            continue
        for e in entries:
            text = e.msgstr or e.msgstr_plural.get(0, "")
            if e.msgid and text and not e.obsolete:
                seen.setdefault((e.msgctxt, e.msgid), {})[config.label] = text
    return seen


def test_a_message_has_one_translation_across_apps():
    """Django merges the apps' catalogues and the app first in INSTALLED_APPS wins: a message
    must read the same in every app, or carry a context where its meaning differs."""
    clashes = []
    for (ctx, msgid), by_app in _vietnamese_by_app().items():
        shown = next(iter(by_app.values()))  # the first app's, for every app
        if any(app in APPS and text != shown for app, text in by_app.items()):
            clashes.append(f"{msgid!r}" + (f" (context {ctx!r})" if ctx else "") + f": {by_app}")
    assert not clashes, (
        f"{len(clashes)} messages translated differently by different apps "
        "(unify the wording or give one a context): " + "; ".join(clashes[:10])
    )
