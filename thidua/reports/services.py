"""Issuing a PDF: render it, put the issuing organisation's seal on it (or say it has none),
enter it in the registry of issued files and hand out the same bytes every time it is asked for
again."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.core.types import Actor
from thidua.reports import layout, pdf, sealing
from thidua.reports.models import IssuedPdf


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue_pdf(
    doc: layout.Document,
    *,
    seal: str,
    reference: str = "",
    landscape: bool = False,
    actor: Actor = None,
    block: int | None = None,
) -> bytes:
    """The PDF of `doc` as the product issues it: sealed with the key configured for `seal`
    (sealing.block_key / board_key), else marked unsigned; registered by its SHA-256. The same
    document asked for again (the same rendering, the same seal) is the same file. `block`: the
    block whose cycle the document belongs to (its audit chain records the issue)."""
    rendered = pdf.render(doc, landscape=landscape)
    issued = issue_rendered(
        rendered,
        title=doc.file_title or doc.title,
        seal=seal,
        reference=reference,
        actor=actor,
        block=block,
    )
    return bytes(issued.content)


@transaction.atomic
def issue_rendered(
    rendered: bytes,
    *,
    title: str,
    seal: str,
    reference: str = "",
    actor: Actor = None,
    block: int | None = None,
) -> IssuedPdf:
    """`block`: the block whose cycle the file belongs to, whose audit chain records it."""
    source = sha256(rendered)
    existing = IssuedPdf.objects.filter(source_sha256=source, seal_key=seal).order_by("pk").first()
    if existing is not None:
        return existing
    content, sealed = sealing.seal_or_mark(rendered, seal)
    issued = IssuedPdf.objects.create(
        sha256=sha256(content),
        source_sha256=source,
        title=title[:255],
        reference=reference,
        seal_key=seal,
        sealed=sealed,
        sealed_by=sealing.sealed_by(content) if sealed else "",
        issued_at=timezone.now(),
        size=len(content),
        content=content,
    )
    audit.record(
        actor=actor,
        action="reports.pdf.issue",
        obj=issued,
        block=block,
        after={
            "sha256": issued.sha256,
            "title": issued.title,
            "reference": reference,
            "seal_key": seal,
            "sealed": sealed,
            "sealed_by": issued.sealed_by,
        },
    )
    return issued


@transaction.atomic
def register_signed(
    content: bytes,
    *,
    title: str,
    reference: str,
    sealed_by: str,
    actor: Actor,
    block: int | None = None,
) -> IssuedPdf:
    """A signed file the product accepted (a leader's signature added to an issued PDF): it is
    entered in the registry too, so the verification page recognises it."""
    digest = sha256(content)
    existing = IssuedPdf.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    issued = IssuedPdf.objects.create(
        sha256=digest,
        source_sha256=digest,
        title=title[:255],
        reference=reference,
        seal_key="",
        sealed=True,
        sealed_by=sealed_by[:255],
        issued_at=timezone.now(),
        size=len(content),
        content=content,
    )
    audit.record(
        actor=actor,
        action="reports.pdf.register_signed",
        obj=issued,
        block=block,
        after={"sha256": digest, "title": issued.title, "reference": reference},
    )
    return issued
