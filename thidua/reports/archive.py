"""A cycle's complete archive: one ZIP with every document generated so far and a manifest.

Each installed app may contribute with a module ``<app>.export`` holding
``files(cycle) -> {archive path: bytes | ArchiveFile}``. ``manifest.json`` lists every file with
its document kind, version (when the file is a version of a document) and SHA-256.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.utils import timezone

from thidua.cycles.models import Cycle


@dataclass(frozen=True)
class ArchiveFile:
    content: bytes
    kind: str = ""
    version: int | None = None


def _kind_from_path(path: str) -> str:
    """Without an explicit kind: "signing/covenant.pdf" → "signing/covenant"."""
    return str(PurePosixPath(path).with_suffix(""))


# progress(done, total, message): how far the build got (a background job's progress).
ProgressFn = Callable[[int, int, str], None]


def _exporters() -> list[tuple[str, str]]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.export"
        if importlib.util.find_spec(config.name) is None or importlib.util.find_spec(name) is None:
            continue
        found.append((str(config.verbose_name), name))
    return found


def collect(cycle: Cycle, progress: ProgressFn | None = None) -> dict[str, ArchiveFile]:
    collected: dict[str, ArchiveFile] = {}
    exporters = _exporters()
    total = len(exporters) + 1  # the last step writes the ZIP
    for done, (label, name) in enumerate(exporters):
        if progress is not None:
            progress(done, total, label)
        for path, item in importlib.import_module(name).files(cycle).items():
            collected[path] = item if isinstance(item, ArchiveFile) else ArchiveFile(item)
    if progress is not None:
        progress(len(exporters), total, "manifest.json")
    return collected


def build(cycle: Cycle, progress: ProgressFn | None = None) -> bytes:
    files = collect(cycle, progress)
    manifest: dict[str, Any] = {
        "block": cycle.block.name,
        "year": cycle.year,
        "phase": cycle.phase,
        "generated": timezone.now().isoformat(),
        "files": {
            path: {
                "kind": item.kind or _kind_from_path(path),
                "version": item.version,
                "sha256": hashlib.sha256(item.content).hexdigest(),
            }
            for path, item in sorted(files.items())
        },
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, item in sorted(files.items()):
            archive.writestr(path, item.content)
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        )
    return out.getvalue()


def filename(cycle: Cycle) -> str:
    return f"thidua-{cycle.block.pk}-{cycle.year}.zip"
