"""The meetings part of a cycle's archive: each meeting's minutes (Word and PDF) and the table
of emulation registrations (Excel)."""

from __future__ import annotations

from thidua.cycles.models import Cycle
from thidua.meetings import selectors
from thidua.meetings.models import Meeting
from thidua.reports import docx, sealing, xlsx
from thidua.reports import services as reports


def files(cycle: Cycle) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for meeting in Meeting.objects.filter(cycle=cycle).order_by("date", "pk"):
        minutes = selectors.minutes(meeting)
        stem = f"meetings/{meeting.date:%Y-%m-%d}-{meeting.kind}-{meeting.pk}"
        out[f"{stem}.docx"] = docx.render(minutes)
        out[f"{stem}.pdf"] = reports.issue_pdf(
            minutes,
            seal=sealing.block_key(cycle.block),
            reference=f"minutes:{meeting.pk}",
            block=cycle.block_id,
        )
    rows = selectors.registration_table(cycle)
    if rows:
        out["meetings/registrations.xlsx"] = xlsx.single_table(
            "Đăng ký thi đua",
            ["STT", "Đơn vị", "Danh hiệu đăng ký", "Cam kết", "Người đăng ký", "Cập nhật"],
            selectors.registration_xlsx_rows(rows),
            heading=f"Đăng ký thi đua năm {cycle.year} — {cycle.block.name}",
            widths=(6, 45, 40, 60, 25, 18),
        )
    return out
