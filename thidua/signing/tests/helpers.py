"""Builders for the signing tests: a covenant version, frozen, in a cycle in the signing phase."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.cycles.models import Cycle, Phase
from thidua.drafting.hashing import version_hash
from thidua.drafting.models import Document, DocumentKind, DocumentVersion
from thidua.testing import Cast, make_person

ARTICLES = [
    {
        "key": "a1",
        "number": "Điều 1",
        "heading": "Nội dung thi đua",
        "body": (
            "<p>Thi đua hoàn thành xuất sắc nhiệm vụ.</p>"
            "<ul><li>Đoàn kết</li><li>Sáng tạo</li></ul>"
        ),
    },
    {
        "key": "a2",
        "number": "Điều 2",
        "heading": "Tổ chức thực hiện",
        "body": "<p>Các hội thành viên cam kết thực hiện.</p>",
    },
]


def set_phase(cast: Cast, phase: str = Phase.SIGNING) -> None:
    Cycle.objects.filter(pk=cast.cycle.pk).update(phase=phase)
    cast.cycle.phase = phase


def make_version(
    cast: Cast, *, number: int = 1, frozen: bool = True, heading: str = ""
) -> DocumentVersion:
    document, _ = Document.objects.get_or_create(
        cycle=cast.cycle,
        kind=DocumentKind.COVENANT,
        defaults={"title": "Giao ước thi đua năm 2025 của Khối thi đua 8"},
    )
    existing = DocumentVersion.objects.filter(document=document, number=number).first()
    if existing is not None:
        return existing
    articles = [dict(a) for a in ARTICLES]
    if heading:
        articles[0]["heading"] = heading
    title = document.title
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        title=title,
        preamble="",
        content=articles,
        sha256=version_hash(title=title, preamble="", content=articles),
        frozen_at=timezone.now() if frozen else None,
    )


def signing_ready(cast: Cast) -> DocumentVersion:
    set_phase(cast)
    return make_version(cast)


def leaders(cast: Cast) -> list:
    """A leader for every member unit (the cast has one, for the member unit)."""
    people = [cast.member_leader]
    for org, name in ((cast.head_org, "head_leader"), (cast.deputy_org, "deputy_leader")):
        people.append(make_person(name, Role.LEADER, org))
    fourth = next(
        u
        for u in cast.block.memberships.filter(year=cast.cycle.year).select_related("organisation")
        if u.organisation_id not in {cast.head_org.pk, cast.deputy_org.pk, cast.member_org.pk}
    ).organisation
    people.append(make_person("fourth_leader", Role.LEADER, fourth))
    return people


def fake_pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    buffer = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def seal_the_block(cast: Cast, pki: Any, settings: Any, tmp_path: Path) -> None:
    """The block's seal key from the test PKI in settings, and the Board trusting that PKI."""
    from thidua.signing import digital

    give_the_block_its_seal(cast, pki, settings, tmp_path)
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem)
    digital.add_trust_anchor(actor=cast.board, data=pki.intermediate.pem)


def give_the_block_its_seal(cast: Cast, pki: Any, settings: Any, tmp_path: Path) -> None:
    """The block's seal key from the test PKI in settings (the PKI not trusted yet)."""
    from thidua.reports import sealing

    path = pki.write_pkcs12(pki.block_seal, tmp_path / "keys", "block")
    settings.PDF_SEALS = {
        sealing.block_key(cast.block): {
            "pkcs12": str(path),
            "passphrase_file": str(tmp_path / "keys" / "block.pass"),
            "name": cast.block.name,
            "position": "TM. KHỐI THI ĐUA 8",
        }
    }
