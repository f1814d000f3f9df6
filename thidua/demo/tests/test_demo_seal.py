"""The demo's covenant in force is a PDF sealed by the demo CA that the verification page
accepts; the demo's keys are files under the demo's own folder, never in the database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from thidua.cycles.models import Cycle
from thidua.reports import sealing
from thidua.reports import services as reports
from thidua.signing import documents, pdfcheck, selectors
from thidua.signing.models import TrustAnchor


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DEMO_SEALS_DIR = tmp_path / "demo-seals"
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_covenant_in_force_is_sealed_by_the_demo_ca_and_verifies(demo, settings):
    [anchor] = TrustAnchor.objects.all()
    assert "DEMO" in anchor.name
    cycle = Cycle.objects.get(block__name__contains="8", year=2024)
    status = selectors.covenant_status(cycle)
    assert status.in_force
    doc = documents.covenant_document(cycle, status.version)
    content = reports.issue_pdf(doc, seal=sealing.block_key(cycle.block))
    checked = pdfcheck.verify_file(content)
    assert checked.verdict == "issued"
    [seal] = checked.report.signatures
    assert seal.verdict == "valid" and "DEMO" in seal.issuer
    keys = sorted(p.suffix for p in settings.DEMO_SEALS_DIR.iterdir() if p.is_file())
    assert keys == [".json", ".p12", ".pass"]
    # The remote signing demo's leader key, held by the TEST provider (thidua/demo/remote.py).
    remote = sorted(p.suffix for p in (settings.DEMO_SEALS_DIR / "remote").iterdir())
    assert remote == [".p12", ".pass"]
