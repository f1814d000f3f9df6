"""The signing part of a cycle's archive: the covenant with its signature table and
verification page (Word and PDF), the file carrying the leaders' digital signatures, and the
scans of paper signings; next to every signed PDF of the archive (any app's), its validation
report. No key is ever part of it."""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath

from thidua.cycles.models import Cycle
from thidua.reports import docx, sealing
from thidua.reports import services as reports
from thidua.reports.archive import ArchiveFile
from thidua.signing import digital, documents, pdfcheck, selectors, validation_report
from thidua.signing.models import Signature


def files(cycle: Cycle) -> dict[str, bytes]:
    version = selectors.covenant_status(cycle).version  # in force, else being signed
    if version is None:
        return {}
    covenant = documents.covenant_document(cycle, version)
    out = {
        "signing/covenant.docx": docx.render(covenant),
        "signing/covenant.pdf": reports.issue_pdf(
            covenant,
            seal=sealing.block_key(cycle.block),
            reference=f"covenant:{cycle.pk}",
            block=cycle.block_id,
        ),
    }
    signed = digital.latest_signed(version)
    if signed is not None:
        content = bytes(signed.content)
        out["signing/covenant-digitally-signed.pdf"] = content  # its report: validation_files
    for signature in Signature.objects.filter(version=version).exclude(evidence=""):
        with signature.evidence.open("rb") as scan:
            suffix = PurePath(signature.evidence.name).suffix
            out[f"signing/paper-scans/{signature.unit_id}{suffix}"] = scan.read()
    return out


def validation_files(path: str, content: bytes) -> dict[str, ArchiveFile]:
    """Next to each signed PDF of the archive (the sealed issued files, the covenant signed by
    the leaders): its validation report, as text to read and JSON to process. Nothing for a PDF
    without signatures."""
    if b"/ByteRange" not in content:  # every PDF signature has one: unsigned, nothing to check
        return {}
    try:
        report = validation_report.build(content)
    except pdfcheck.Unreadable:
        return {}
    if not report.signatures:
        return {}
    stem = str(PurePosixPath(path).with_suffix(""))
    data = json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    return {
        f"{stem}.validation.txt": ArchiveFile(
            validation_report.as_text(report).encode("utf-8"), kind="validation-report"
        ),
        f"{stem}.validation.json": ArchiveFile(data, kind="validation-report"),
    }
