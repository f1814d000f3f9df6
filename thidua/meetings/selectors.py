"""Reads for meetings and registrations: attendance against the roster, the quorum in words,
the registration table, and the minutes as a Decree-30 document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.cycles.models import AwardType, Cycle
from thidua.drafting.models import DocumentVersion
from thidua.legal import selectors as legal
from thidua.legal import signers
from thidua.lib.text import initials
from thidua.meetings.models import Attendance, Meeting, MeetingKind, Registration
from thidua.orgs.models import Block, Membership, Organisation
from thidua.reports import issuing, layout


def members(cycle: Cycle) -> list[Organisation]:
    memberships = (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .select_related("organisation")
        .prefetch_related("organisation__names")
        .order_by("order", "organisation__name")
    )
    return [m.organisation for m in memberships]


@dataclass
class AttendanceRow:
    organisation: Organisation
    present: bool | None  # None: not recorded yet
    delegates: str
    name: str  # the unit's name on the day of the meeting


def attendance(meeting: Meeting) -> list[AttendanceRow]:
    recorded = {a.organisation_id: a for a in meeting.attendance.all()}
    rows = []
    for org in members(meeting.cycle):
        a = recorded.get(org.pk)
        rows.append(
            AttendanceRow(
                org,
                a.present if a else None,
                a.delegates if a else "",
                org.name_on(meeting.date),
            )
        )
    return rows


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    needed: int
    reached: bool

    @property
    def text(self) -> str:
        values = {"present": self.present, "members": self.members, "needed": self.needed}
        if self.reached:
            return (
                _(
                    "Quorum reached: %(present)s of %(members)s member units present "
                    "(at least %(needed)s needed)."
                )
                % values
            )
        return (
            _(
                "Quorum not reached: %(present)s of %(members)s member units present "
                "(at least %(needed)s needed)."
            )
            % values
        )


def quorum(meeting: Meeting, rows: list[AttendanceRow] | None = None) -> Quorum:
    rows = attendance(meeting) if rows is None else rows
    policy = meeting.cycle.policy
    total = len(rows)
    present = sum(1 for r in rows if r.present)
    numerator, denominator = policy.quorum_numerator, policy.quorum_denominator
    needed = -(-total * numerator // denominator)  # ceiling, exact in integers
    return Quorum(present, total, needed, total > 0 and present >= needed)


def people_choices(cycle: Cycle) -> list[User]:
    """The block's people, offered as suggestions for chair and secretary."""
    ids = [o.pk for o in members(cycle)]
    return list(
        User.objects.filter(
            organisation_id__in=ids, is_active=True, role__in=[Role.REPRESENTATIVE, Role.LEADER]
        )
        .select_related("organisation")
        .order_by("full_name")
    )


def adoptable_documents(cycle: Cycle) -> QuerySet[DocumentVersion]:
    return (
        DocumentVersion.objects.filter(document__cycle=cycle)
        .select_related("document")
        .order_by("document__kind", "-number")
    )


KIND_ORDER = {"regulation": 0, "plan": 1, "covenant": 2}


def adopted_documents(meeting: Meeting) -> list[DocumentVersion]:
    """Regulation, plan, covenant, then any other document."""
    versions = meeting.documents.select_related("document")
    return sorted(versions, key=lambda v: (KIND_ORDER.get(v.document.kind, 9), v.title))


# --- registrations --------------------------------------------------------------------------


@dataclass
class RegistrationRow:
    organisation: Organisation
    registration: Registration | None
    titles: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.registration is None


def award_types(cycle: Cycle) -> list[AwardType]:
    return [q.award_type for q in cycle.policy.quotas.select_related("award_type")]


def registration_table(cycle: Cycle) -> list[RegistrationRow]:
    registrations = {
        r.organisation_id: r
        for r in Registration.objects.filter(cycle=cycle)
        .select_related("registered_by")
        .prefetch_related(Prefetch("awards", queryset=AwardType.objects.order_by("order")))
    }
    rows = []
    for org in members(cycle):
        r = registrations.get(org.pk)
        rows.append(RegistrationRow(org, r, [a.name for a in r.awards.all()] if r else []))
    return rows


def registration_xlsx_rows(rows: list[RegistrationRow]) -> list[list[Any]]:
    """The registrations table's rows: the number, the texts, and the last change as a moment
    (the workbook shows it in local time)."""
    out: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        r = row.registration
        out.append(
            [
                number,
                row.organisation.name,
                "; ".join(row.titles) if r else _("Not registered"),
                "\n".join(r.commitments) if r else "",
                r.registered_by.full_name if r else "",
                r.updated_at if r else None,
            ]
        )
    return out


# --- minutes --------------------------------------------------------------------------------


def block_short(name: str) -> str:
    """ "Khối thi đua 8" → "KTĐ8": initials of the words, numbers kept whole."""
    return initials(name)


SUMMARIES = {
    MeetingKind.LAUNCH: "Hội nghị phát động và ký kết giao ước thi đua năm {year}",
    MeetingKind.MID_YEAR: "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}",
    MeetingKind.YEAR_END: "Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
}


def clock(value: dt.time) -> str:
    """ "08 giờ 30", as minutes write a time."""
    return f"{value.hour:02d} giờ {value.minute:02d}"


def person_line(name: str, position: str, unit: str) -> str:
    return ", ".join(p for p in (name, position, unit) if p)


def closing_paragraph(meeting: Meeting) -> layout.Paragraph:
    """The minutes' last sentence: when the meeting ended and that the minutes were adopted."""
    end = (
        f"Hội nghị kết thúc vào hồi {clock(meeting.end_time)} cùng ngày."
        if meeting.end_time
        else "Hội nghị kết thúc cùng ngày."
    )
    return layout.Paragraph(end + " Biên bản đã được thông qua trước hội nghị.")


def minutes_letterhead(block: Block, day: dt.date) -> layout.Letterhead:
    """The letterhead of a block's minutes (Decree 30): the block as issuer, number …/BB-KTĐn."""
    return issuing.letterhead(block, day, number=f"Số: …/BB-{block_short(block.name)}")


def minutes(meeting: Meeting) -> layout.Document:
    """The Biên bản hội nghị (Decree 30/2020, Mẫu 1.9), in Vietnamese whatever the UI language."""
    cycle = meeting.cycle
    block = cycle.block
    rows = attendance(meeting)
    present = [r for r in rows if r.present]
    absent = [r for r in rows if not r.present]
    speakers = list(meeting.speakers.all())
    documents = adopted_documents(meeting)
    day = meeting.date
    blocks: list[layout.Block] = [
        layout.Heading("I. Thời gian, địa điểm"),
        layout.Paragraph(
            f"Vào hồi {clock(meeting.start_time)} ngày {day.day:02d}/{day.month:02d}/{day.year}, "
            f"tại {meeting.place}."
        ),
        layout.Heading("II. Thành phần tham dự"),
        layout.Paragraph(
            f"Đơn vị có mặt: {len(present)}/{len(rows)} đơn vị thành viên {block.name}.",
        ),
    ]
    if present:
        blocks.append(
            layout.Table(
                header=["STT", "Đơn vị", "Đại biểu"],
                rows=[[str(i), r.name, r.delegates] for i, r in enumerate(present, start=1)],
                widths=[1, 6, 5],
            )
        )
    blocks.append(
        layout.Paragraph(
            "Đơn vị vắng mặt: "
            + ("; ".join(r.name for r in absent) if absent else "không có")
            + "."
        )
    )
    if meeting.guests.strip():
        blocks.append(layout.Paragraph(f"Khách mời: {meeting.guests.strip()}"))
    blocks += [
        layout.Paragraph(
            "Chủ trì: "
            + person_line(meeting.chair_name, meeting.chair_position, meeting.chair_unit)
            + "."
        ),
        layout.Paragraph(
            "Thư ký: "
            + person_line(
                meeting.secretary_name, meeting.secretary_position, meeting.secretary_unit
            )
            + "."
        ),
        layout.Heading("III. Chương trình hội nghị"),
        layout.BulletList(list(meeting.agenda), numbered=True),
        layout.Heading("IV. Nội dung hội nghị"),
    ]
    blocks += [layout.Paragraph(p) for p in meeting.discussion.splitlines() if p.strip()]
    if speakers:
        blocks.append(layout.Paragraph("Ý kiến phát biểu:", bold=True))
        blocks += [
            layout.Paragraph(f"{person_line(s.name, s.position, s.unit)}: {s.summary}")
            for s in speakers
        ]
    blocks.append(layout.Heading("V. Kết luận"))
    blocks += [layout.Paragraph(p) for p in meeting.conclusions.splitlines() if p.strip()]
    if documents:
        blocks.append(layout.Paragraph("Hội nghị thống nhất thông qua các văn bản:"))
        blocks.append(layout.BulletList([f"{v.title} (phiên bản {v.number})" for v in documents]))
    blocks.append(closing_paragraph(meeting))
    return layout.Document(
        letterhead=minutes_letterhead(block, day),
        title="BIÊN BẢN",
        summary=SUMMARIES[MeetingKind(meeting.kind)].format(year=cycle.year),
        blocks=blocks,
        signatures=[
            layout.Signature("", "THƯ KÝ", signers.name_or_missing(meeting.secretary_name)),
            layout.Signature("", "CHỦ TỌA", signers.name_or_missing(meeting.chair_name)),
        ],
        recipients=[legal.board_recipient(block, day), "Các đơn vị thành viên Khối"],
        file_title=f"Biên bản hội nghị {day:%d-%m-%Y}",
        archive_copy=initials(block.name),
    )


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


def present_units(meeting_ids: set[int]) -> dict[int, set[int]]:
    """The organisations marked present at each meeting, by meeting (one query)."""
    present: dict[int, set[int]] = {m: set() for m in meeting_ids}
    for meeting_id, org_id in Attendance.objects.filter(
        meeting_id__in=meeting_ids, present=True
    ).values_list("meeting_id", "organisation_id"):
        present[meeting_id].add(org_id)
    return present
