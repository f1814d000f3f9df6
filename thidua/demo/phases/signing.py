"""The demo's covenant signing: in the 2024 cycle the head unit freezes the covenant drafted in
the drafting phase and all twelve units sign it on 25/03/2024 (the date of the launch-and-signing
conference in Báo Bình Thuận's report). Ten sign in the product; two signings on paper are
recorded by the head with a generated scan. Times, methods and scans are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.reports import layout, pdf
from thidua.signing import selectors, services

YEAR = 2024
SIGNING_DAY = dt.date(2024, 3, 25)
PAPER_CODES = ("dongy", "vhnt")


def _scan(unit_name: str, signer: str) -> SimpleUploadedFile:
    """A small PDF standing in for the scanned signed page."""
    document = layout.Document(
        letterhead=layout.Letterhead(issuer="KHỐI THI ĐUA 8", place="Bình Thuận", date=SIGNING_DAY),
        title="TRANG KÝ GIAO ƯỚC THI ĐUA NĂM 2024",
        blocks=[
            layout.Paragraph(f"Đơn vị: {unit_name}"),
            layout.Paragraph(f"Người ký: {signer}"),
            layout.Paragraph(f"({data.DEMO_MARK}: bản quét giả lập.)", italic=True),
        ],
        file_title="Bản quét trang ký",
    )
    return SimpleUploadedFile("scan.pdf", pdf.render(document), content_type="application/pdf")


def signing(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR or selectors.latest_covenant_version(cycle) is None:
        return
    head = context.users[data.representative_username(data.HEAD_2024)]
    start = timezone.make_aware(dt.datetime.combine(SIGNING_DAY, dt.time(9, 30)))
    version = services.freeze_for_signing(
        actor=head, cycle=cycle, frozen_at=start - dt.timedelta(hours=1)
    )
    for i, member in enumerate(data.BLOCK8_MEMBERS):
        leader = context.users[data.leader_username(member.code)]
        when = start + dt.timedelta(minutes=2 * i)
        if member.code in PAPER_CODES:
            services.record_paper_signing(
                actor=head,
                cycle=cycle,
                version=version,
                unit=context.units[member.code],
                signer_name=leader.full_name,
                signer_position=leader.position,
                signed_on=SIGNING_DAY,
                scan=_scan(context.units[member.code].name, leader.full_name),
                signed_at=when,
            )
        else:
            services.sign_online(
                actor=leader, cycle=cycle, version=version, ip_address=None, signed_at=when
            )


PHASE_HOOKS = {Phase.SIGNING.value: signing}
