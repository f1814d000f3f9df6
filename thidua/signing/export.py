"""The signing part of a cycle's archive: the covenant with its signature table and
verification page (Word and PDF), the file carrying the leaders' digital signatures with a
validation report, and the scans of paper signings. No key is ever part of it."""

from __future__ import annotations

from pathlib import PurePath

from thidua.cycles.models import Cycle
from thidua.reports import docx, sealing
from thidua.reports import services as reports
from thidua.signing import digital, documents, pdfcheck, selectors
from thidua.signing.models import Signature


def files(cycle: Cycle) -> dict[str, bytes]:
    version = selectors.covenant_status(cycle).version  # in force, else being signed
    if version is None:
        return {}
    covenant = documents.covenant_document(cycle, version)
    out = {
        "signing/covenant.docx": docx.render(covenant),
        "signing/covenant.pdf": reports.issue_pdf(
            covenant, seal=sealing.block_key(cycle.block), reference=f"covenant:{cycle.pk}"
        ),
    }
    signed = digital.latest_signed(version)
    if signed is not None:
        content = bytes(signed.content)
        out["signing/covenant-digitally-signed.pdf"] = content
        out["signing/covenant-digitally-signed.validation.txt"] = pdfcheck.report_text(
            content
        ).encode()
    for signature in Signature.objects.filter(version=version).exclude(evidence=""):
        with signature.evidence.open("rb") as scan:
            suffix = PurePath(signature.evidence.name).suffix
            out[f"signing/paper-scans/{signature.unit_id}{suffix}"] = scan.read()
    return out
