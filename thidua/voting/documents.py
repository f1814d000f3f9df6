"""The minutes of the evaluation meeting (Biên bản họp bình xét, Decree 30/2020 Mẫu 1.9), in
Vietnamese whatever the UI language, and the ballots as JSON for the archive.

``minutes_docx(cycle)`` and ``minutes_pdf(cycle)`` are used by the awards app for the proposal
dossier: they never raise for a cycle without a meeting or closed ballot — the minutes then say
what exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.cycles.models import Cycle
from thidua.legal import selectors as legal
from thidua.legal import signers
from thidua.legal.models import CitingDocument
from thidua.lib.numbers import decimal_vi
from thidua.lib.text import initials
from thidua.meetings import selectors as meetings
from thidua.meetings.models import Meeting
from thidua.reports import docx as word
from thidua.reports import issuing, layout, sealing
from thidua.reports import services as reports
from thidua.voting import rules, selectors
from thidua.voting.models import SessionKind, SessionMode, SessionStatus

RESULT = {"passed": "Đạt", "tied": "Bằng phiếu – bỏ phiếu lại", "failed": "Không đạt", "": "—"}


def _score(value: Any) -> str:
    return decimal_vi(value)


def bulletin_url(session: Any) -> str:
    """The public address of a session's bulletin board of receipts (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + reverse("voting:bulletin", args=[session.pk])


def _verification(session: Any) -> layout.Paragraph:
    """How this count can be checked: the counting committee of a paper count, or the bulletin
    board of an electronic ballot (explained once, after the ballots, by `ELECTRONIC_TALLY`)."""
    if session.mode == SessionMode.PAPER:
        members = "; ".join(
            meetings.person_line(m.get("name", ""), m.get("position", ""), m.get("unit", ""))
            for m in session.committee
        )
        return layout.Paragraph(
            "Ban kiểm phiếu: " + (members or "(chưa ghi thành phần ban kiểm phiếu)") + "."
        )
    return layout.Paragraph(f"Bảng công khai phiếu: {bulletin_url(session)}", align="left")


#: How anyone who voted electronically can verify the tally, said once in the minutes.
ELECTRONIC_TALLY = (
    "Đối với các cuộc bỏ phiếu điện tử: mỗi đơn vị khi bỏ phiếu nhận một mã biên nhận; bảng "
    "công khai phiếu của từng cuộc bỏ phiếu (nêu trên) liệt kê mọi phiếu đã bỏ theo mã băm của "
    "mã biên nhận cùng lựa chọn, không gắn với đơn vị bỏ phiếu. Mỗi đơn vị tra mã biên nhận của "
    "mình trên bảng để kiểm tra phiếu đã được ghi nhận đúng, và bất kỳ đơn vị nào cũng có thể "
    "tự đếm lại kết quả từ bảng."
)


def _fraction(session: Any) -> str:
    words = "trên" if session.threshold_strict else "từ"
    base = "số đơn vị có mặt" if session.vote_base == rules.PRESENT else "tổng số đơn vị thành viên"
    return (
        f"{words} {session.threshold_numerator}/{session.threshold_denominator} {base} "
        f"({selectors.threshold(session).minimum(selectors.base_count(session))} phiếu trở lên)"
    )


def _attendance(meeting: Meeting, block_name: str) -> list[layout.Block]:
    rows = meetings.attendance(meeting)
    present = [r for r in rows if r.present]
    absent = [r for r in rows if not r.present]
    quorum = meetings.quorum(meeting, rows)
    policy = meeting.cycle.policy
    blocks: list[layout.Block] = [
        layout.Paragraph(
            f"Đơn vị có mặt: {len(present)}/{len(rows)} đơn vị thành viên {block_name}."
        )
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
            "Đơn vị vắng mặt: " + ("; ".join(r.name for r in absent) or "không có") + "."
        )
    )
    verdict = (
        "đủ điều kiện tiến hành bình xét, bỏ phiếu" if quorum.reached else "không đủ điều kiện"
    )
    blocks.append(
        layout.Paragraph(
            f"Số đơn vị có mặt {quorum.present}/{quorum.members}, yêu cầu tối thiểu "
            f"{policy.quorum_numerator}/{policy.quorum_denominator} số đơn vị thành viên "
            f"({quorum.needed} đơn vị): hội nghị {verdict}."
        )
    )
    if meeting.guests.strip():
        blocks.append(layout.Paragraph(f"Khách mời: {meeting.guests.strip()}"))
    blocks += [
        layout.Paragraph(
            "Chủ trì: "
            + meetings.person_line(meeting.chair_name, meeting.chair_position, meeting.chair_unit)
            + "."
        ),
        layout.Paragraph(
            "Thư ký: "
            + meetings.person_line(
                meeting.secretary_name, meeting.secretary_position, meeting.secretary_unit
            )
            + "."
        ),
    ]
    return blocks


def _ranking(cycle: Cycle) -> list[layout.Block]:
    ranking = selectors.published_ranking(cycle)
    if ranking is None:
        return [layout.Paragraph("Kết quả chấm điểm chưa được công bố.")]
    return [
        layout.Paragraph(
            f"Hội nghị thông qua kết quả chấm điểm thi đua năm {cycle.year} đã công bố:"
        ),
        layout.Table(
            header=["Hạng", "Đơn vị", "Điểm tự chấm", "Điểm cuối cùng"],
            rows=[
                [
                    str(e.get("rank") or ""),
                    e.get("name", ""),
                    _score(e.get("self")),
                    _score(e.get("final")),
                ]
                for e in ranking.entries
            ],
            widths=[1.2, 6.5, 2.2, 2.2],
        ),
    ]


def _void(number: int, s: selectors.SessionSummary, mode: str) -> list[layout.Block]:
    """A session closed below the quorum of ballots: its turnout, and that nothing was counted."""
    session = s.session
    return [
        layout.Heading(f"{number}. {s.title}", level=2),
        layout.Paragraph(
            f"Hình thức: {mode}. Số phiếu phát ra: {session.issued}; số phiếu thu vào: "
            f"{session.returned} ({session.returned}/{session.issued} đơn vị đã bỏ phiếu), ít "
            f"hơn số phiếu tối thiểu {selectors.ballots_needed(session)} (túc số của "
            f"{session.member_count} đơn vị thành viên): cuộc bỏ phiếu không có giá trị, không "
            "kiểm phiếu và không công bố kết quả."
        ),
        layout.Paragraph(
            "Ứng cử viên: " + "; ".join(r.name for r in s.rows) + ".",
        ),
    ]


def _sessions(summaries: list[selectors.SessionSummary]) -> list[layout.Block]:
    closed = [s for s in summaries if s.closed or s.void]
    if not closed:
        return [layout.Paragraph("Chưa có cuộc bỏ phiếu nào được kiểm phiếu.")]
    blocks: list[layout.Block] = []
    for number, s in enumerate(closed, start=1):
        session = s.session
        mode = "phiếu giấy" if session.mode == SessionMode.PAPER else "bỏ phiếu kín điện tử"
        if s.void:
            blocks += _void(number, s, mode)
            continue
        blocks += [
            layout.Heading(f"{number}. {s.title}", level=2),
            layout.Paragraph(
                f"Hình thức: {mode}. Số phiếu phát ra: {session.issued}; số phiếu thu vào: "
                f"{session.returned}; số phiếu hợp lệ: {session.valid}; số phiếu không hợp lệ: "
                f"{session.invalid}. Số lượng được chọn: {session.seats}. Điều kiện đạt: "
                f"{_fraction(session)}."
            ),
            layout.Table(
                header=[
                    "STT",
                    "Đơn vị",
                    "Phát ra",
                    "Thu vào",
                    "Hợp lệ",
                    "Đồng ý",
                    "Tỷ lệ",
                    "Kết quả",
                ],
                rows=[
                    [
                        str(i),
                        r.name,
                        str(session.issued),
                        str(session.returned),
                        str(session.valid),
                        str(r.agree),
                        r.percent,
                        RESULT[r.status],
                    ]
                    for i, r in enumerate(s.rows, start=1)
                ],
                widths=[0.8, 4.0, 1.3, 1.3, 1.3, 1.4, 1.4, 2.0],
            ),
            layout.Paragraph(
                f"Tỷ lệ tính trên {s.base} "
                + (
                    "đơn vị có mặt." if session.vote_base == rules.PRESENT else "đơn vị thành viên."
                ),
                italic=True,
            ),
        ]
        blocks.append(_verification(session))
    if any(s.closed and s.session.mode != SessionMode.PAPER for s in closed):
        blocks.append(layout.Paragraph(ELECTRONIC_TALLY, italic=True))
    return blocks


def _conclusions(cycle: Cycle, summaries: list[selectors.SessionSummary]) -> list[layout.Block]:
    items = []
    for award_type in selectors.award_types_of(cycle):
        passed = [
            name
            for s in summaries
            if s.closed
            and s.session.kind == SessionKind.AWARD
            and s.session.award_type_id == award_type.pk
            for name in s.passed
        ]
        items.append(
            f"Đề nghị tặng {award_type.name}: "
            + ("; ".join(passed) if passed else "không có")
            + "."
        )
    for kind, label in ((SessionKind.HEAD, "Trưởng khối"), (SessionKind.DEPUTY, "Phó khối")):
        winner = selectors.elected(cycle, kind)
        name = winner.organisation.name if winner else "chưa bầu"
        items.append(f"Đơn vị {label} năm {cycle.year + 1}: {name}.")
    return [layout.BulletList(items)]


def minutes_day(cycle: Cycle) -> tuple[Meeting, Any]:
    """The evaluation meeting and its day, which dates the minutes; without a recorded meeting
    the minutes have no date and are not issued."""
    meeting = selectors.year_end_meeting(cycle)
    if meeting is None:
        raise issuing.UndatedDocument(
            _(
                "The evaluation meeting of %(year)s has not been recorded, so its minutes have "
                "no date: record the year-end meeting first."
            )
            % {"year": cycle.year},
            next_url=reverse("voting:cycle", args=[cycle.pk]),
            next_label=_("Back to the ballots"),
        )
    return meeting, meeting.date


def minutes(cycle: Cycle) -> layout.Document:
    meeting, day = minutes_day(cycle)
    block = cycle.block
    summaries = [
        s
        for s in selectors.cycle_summaries(cycle)
        if s.session.status in (SessionStatus.CLOSED, SessionStatus.VOID)
    ]
    blocks: list[layout.Block] = [
        layout.Heading("I. Thời gian, địa điểm"),
        layout.Paragraph(
            f"Vào hồi {meetings.clock(meeting.start_time)} ngày {day.day:02d}/{day.month:02d}/"
            f"{day.year}, tại {meeting.place}, {block.name} họp bình xét thi đua, khen "
            f"thưởng năm {cycle.year}."
        ),
        layout.Heading("II. Thành phần tham dự"),
        *_attendance(meeting, block.name),
        layout.Heading("III. Nội dung"),
    ]
    grounds = legal.grounds(document=CitingDocument.EVALUATION_MINUTES, day=day, block=block)
    if not legal.has_block_regulation(block, day):
        grounds.append(
            f"Căn cứ Quy chế hoạt động và bình xét thi đua, khen thưởng của {block.name} "
            f"năm {cycle.year}"
        )
    blocks += [layout.Paragraph(g + ";", italic=True) for g in grounds]
    blocks.append(layout.Paragraph("Hội nghị tiến hành bình xét thi đua, khen thưởng như sau:"))
    if meeting.agenda:
        blocks.append(layout.BulletList(list(meeting.agenda), numbered=True))
    blocks.append(layout.Paragraph("1. Kết quả chấm điểm thi đua", bold=True))
    blocks += _ranking(cycle)
    blocks.append(layout.Paragraph("2. Kết quả bỏ phiếu kín", bold=True))
    blocks += _sessions(summaries)
    blocks.append(layout.Heading("IV. Kết luận"))
    blocks += _conclusions(cycle, summaries)
    blocks.append(meetings.closing_paragraph(meeting))
    return layout.Document(
        letterhead=meetings.minutes_letterhead(block, day),
        title="BIÊN BẢN",
        summary=f"Họp bình xét thi đua, khen thưởng năm {cycle.year}",
        blocks=blocks,
        signatures=[
            layout.Signature("", "THƯ KÝ", signers.name_or_missing(meeting.secretary_name)),
            layout.Signature("", "CHỦ TỌA", signers.name_or_missing(meeting.chair_name)),
        ],
        recipients=[
            legal.board_recipient(block, day),
            "Các đơn vị thành viên Khối",
        ],
        file_title=f"Biên bản họp bình xét {cycle.block.name} {cycle.year}",
        archive_copy=initials(block.name),
    )


def minutes_docx(cycle: Cycle) -> bytes:
    with translation.override("vi"):
        return word.render(minutes(cycle))


def minutes_pdf(cycle: Cycle) -> bytes:
    with translation.override("vi"):
        return reports.issue_pdf(
            minutes(cycle),
            seal=sealing.block_key(cycle.block),
            reference=f"vote-minutes:{cycle.pk}",
            block=cycle.block_id,
        )


def ballots_data(cycle: Cycle) -> dict[str, Any]:
    """Every session with its counts and — electronic ones, once closed — its bulletin board."""
    out = []
    for s in selectors.cycle_summaries(cycle):
        session = s.session
        closed = session.status == SessionStatus.CLOSED
        out.append(
            {
                "id": session.pk,
                "title": s.title,
                "kind": session.kind,
                "award_type": session.award_type.code if session.award_type else None,
                "round": session.round,
                "runoff_of": session.runoff_of_id,
                "repeat_of": session.repeat_of_id,
                "ballots_needed": session.ballots_needed,
                "mode": session.mode,
                "status": session.status,
                "seats": session.seats,
                "threshold": {
                    "numerator": session.threshold_numerator,
                    "denominator": session.threshold_denominator,
                    "strict": session.threshold_strict,
                    "base": session.vote_base,
                    "base_count": s.base,
                },
                "member_count": session.member_count,
                "present_count": session.present_count,
                "issued": session.issued,
                "returned": session.returned,
                "valid": session.valid,
                "invalid": session.invalid,
                "committee": session.committee,
                "candidates": [
                    {
                        "id": r.candidate.pk,
                        "unit": r.name,
                        "rank": r.candidate.rank,
                        "agree": r.agree,
                        "result": r.status or None,
                    }
                    for r in s.rows
                ],
                "bulletin_board": [
                    {"receipt_hash": b.receipt_hash, "choices": dict(b.choices)}
                    for b in (selectors.bulletin(session) if closed else [])
                ],
            }
        )
    return {"cycle": {"block": cycle.block.name, "year": cycle.year}, "sessions": out}
