"""A cycle's complete archive: one ZIP with every document generated so far and a manifest.

Each app that keeps documents registers an `ArchivePart` in `archive_parts` from its
`contributions.py` (thidua/core/contributions.py): a label shown in the job's progress and
``files(cycle) -> {archive path: bytes | ArchiveFile}``. ``manifest.json`` lists every file with
its document kind, version (when the file is a version of a document) and SHA-256; a PDF with
files put next to it by `file_reports` (its validation reports) lists them under "reports".
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from thidua.core.contributions import Hub
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


@dataclass(frozen=True)
class ArchivePart:
    """One app's documents of a cycle; `label` names the step in the job's progress."""

    label: str | Promise
    files: Callable[[Cycle], Mapping[str, bytes | ArchiveFile]]


archive_parts: Hub[ArchivePart] = Hub("archive parts")

# For each PDF of the archive, files put next to it (signing's validation report of a signed
# PDF): ``fn(path, content) -> {archive path: bytes | ArchiveFile}``, empty for nothing.
FileReportFn = Callable[[str, bytes], Mapping[str, bytes | ArchiveFile]]
file_reports: Hub[FileReportFn] = Hub("archive file reports")


def _reports_of(files: dict[str, ArchiveFile]) -> dict[str, ArchiveFile]:
    added: dict[str, ArchiveFile] = {}
    for path, item in sorted(files.items()):
        if not path.lower().endswith(".pdf"):
            continue
        for report in file_reports:
            for extra, content in report(path, item.content).items():
                if extra not in files:
                    added[extra] = (
                        content if isinstance(content, ArchiveFile) else ArchiveFile(content)
                    )
    return added


def collect(cycle: Cycle, progress: ProgressFn | None = None) -> dict[str, ArchiveFile]:
    collected: dict[str, ArchiveFile] = {}
    parts = list(archive_parts)
    total = len(parts) + 1  # the last step writes the ZIP
    for done, part in enumerate(parts):
        if progress is not None:
            progress(done, total, str(part.label))
        for path, item in part.files(cycle).items():
            collected[path] = item if isinstance(item, ArchiveFile) else ArchiveFile(item)
    collected.update(_reports_of(collected))
    if progress is not None:
        progress(len(parts), total, "manifest.json")
    return collected


def _next_to(path: str, files: Mapping[str, ArchiveFile]) -> list[str]:
    """The files put next to a PDF (its validation reports), as listed in the manifest."""
    if not path.lower().endswith(".pdf"):
        return []
    stem = str(PurePosixPath(path).with_suffix(""))
    return sorted(p for p in files if p.startswith(f"{stem}.validation."))


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
                **({"reports": nearby} if (nearby := _next_to(path, files)) else {}),
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
