"""The demo's covenant signing: in the 2024 cycle the head unit freezes the covenant drafted in
the drafting phase and all twelve units sign it on 25/03/2024 (the date of the launch-and-signing
conference in Báo Bình Thuận's report). Ten sign in the product; two signings on paper are
recorded by the head with a generated scan. In 2025 the twelve leaders sign in the product on
15/04/2025. Times, methods and scans are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.reports import layout, pdf
from thidua.signing import selectors, services

YEAR = 2024
SIGNING_DAY = dt.date(2024, 3, 25)
PAPER_CODES = ("dongy", "vhnt")
# (year): when the covenant is frozen, when the first leader signs
MOMENTS = {
    2024: (local(2024, 3, 25, 8, 30), local(2024, 3, 25, 9, 30)),
    2025: (local(2025, 4, 10, 16, 0), local(2025, 4, 15, 9, 0)),
}


def _scan(unit_name: str, signer: str) -> SimpleUploadedFile:
    """A small PDF standing in for the scanned signed page."""
    document = layout.Document(
        letterhead=layout.Letterhead(issuer="KHỐI THI ĐUA 8", place="Bình Thuận", date=SIGNING_DAY),
        title="TRANG KÝ GIAO ƯỚC THI ĐUA NĂM 2024",
        blocks=[
            layout.Paragraph(f"Đơn vị: {unit_name}"),
            layout.Paragraph(f"Người ký: {signer}"),
        ],
        file_title="Bản quét trang ký",
    )
    return SimpleUploadedFile("scan.pdf", pdf.render(document), content_type="application/pdf")


def signing(context: Any) -> None:
    cycle = context.cycle
    if cycle.year not in MOMENTS or selectors.latest_covenant_version(cycle) is None:
        return
    frozen, start = MOMENTS[cycle.year]
    head_code = data.HEAD_2024 if cycle.year == YEAR else data.DEPUTY_2024
    head = context.users[data.representative_username(head_code)]
    context.clock.at(frozen)
    version = services.freeze_for_signing(actor=head, cycle=cycle)
    for i, member in enumerate(data.BLOCK8_MEMBERS):
        leader = context.users[data.leader_username(member.code)]
        if not leader.is_active:  # the former head of the renamed association
            leader = context.users[data.NEW_CHAIR_USERNAME]
        context.clock.at(start + dt.timedelta(minutes=2 * i))
        if cycle.year == YEAR and member.code in PAPER_CODES:
            services.record_paper_signing(
                actor=head,
                cycle=cycle,
                version=version,
                unit=context.units[member.code],
                signer_name=leader.full_name,
                signer_position=leader.position,
                signed_on=SIGNING_DAY,
                scan=_scan(context.units[member.code].name, leader.full_name),
                signed_at=context.clock.now,
            )
        else:
            services.sign_online(actor=leader, cycle=cycle, version=version, ip_address=None)


PHASE_HOOKS = {Phase.SIGNING.value: signing}
