"""The dossier package, downloaded from the dossier's page and through the API: one ZIP with the
files as the national e-dossier system takes them — the tờ trình, the minutes with the vote
results, each nominee's achievement report, each as DOCX and PDF (or the signed upload) — and
`manifest.json` with the SHA-256 of every file."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

from thidua.awards import documents
from thidua.awards.models import Proposal

MANIFEST = "manifest.json"


def _kind(name: str) -> str:
    if name.startswith("to-trinh"):
        return "to_trinh"
    if name.startswith("bien-ban"):
        return "minutes"
    if name.startswith("bao-cao-thanh-tich/"):
        return "achievement_report"
    return "note"


def manifest(proposal: Proposal, files: dict[str, bytes]) -> dict[str, Any]:
    cycle = proposal.cycle
    return {
        "dossier": {
            "id": proposal.pk,
            "number": proposal.number,
            "date": proposal.date.isoformat() if proposal.date else None,
            "title": proposal.award_type.name,
            "block": cycle.block.name,
            "year": cycle.year,
            "status": proposal.status,
        },
        "files": [
            {
                "name": name,
                "kind": _kind(name),
                "bytes": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            for name, content in files.items()
        ],
    }


def build(proposal: Proposal) -> bytes:
    """Raises issuing.UndatedDocument while the tờ trình has no date."""
    files = documents.dossier_files(proposal)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        text = json.dumps(manifest(proposal, files), ensure_ascii=False, indent=2)
        archive.writestr(MANIFEST, text.encode("utf-8"))
    return buffer.getvalue()
