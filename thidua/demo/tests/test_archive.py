"""The demo's 2024 cycle exports as one archive holding every app's documents."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pypdf
from django.core.management import call_command


def test_the_2024_archive_holds_comments_covenant_minutes_registrations_and_ranking(
    demo_data, tmp_path
):
    out = tmp_path / "2024.zip"
    call_command(
        "export_cycle",
        "--block",
        "Khối thi đua 8",
        "--year",
        "2024",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        covenant_bytes = archive.read("signing/covenant.pdf")
        manifest = json.loads(archive.read("manifest.json"))
    covenant = pypdf.PdfReader(io.BytesIO(covenant_bytes))
    assert manifest["block"] == "Khối thi đua 8" and manifest["year"] == 2024
    assert set(manifest["files"]) == names - {"manifest.json"}
    entry = manifest["files"]["signing/covenant.pdf"]
    assert entry["sha256"] == hashlib.sha256(covenant_bytes).hexdigest()
    assert entry["kind"]
    for expected in (
        "drafting/covenant-comments.docx",
        "drafting/regulation-comments.xlsx",
        "signing/covenant.docx",
        "meetings/registrations.xlsx",
        "ranking.xlsx",
        "scoring/ranking.pdf",
    ):
        assert expected in names, expected
    assert any(n.startswith("meetings/2024-03-25") and n.endswith(".pdf") for n in names)
    assert any(n.startswith("signing/paper-scans/") for n in names)
    text = "".join(page.extract_text() for page in covenant.pages)
    assert "GIAO ƯỚC THI ĐUA NĂM 2024" in text
    assert "Hội Người mù tỉnh" in text
