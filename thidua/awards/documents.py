"""Documents of the proposal: the tờ trình and each nominee's collective achievement report (in
the forms of the decree in force on their date: Decree 98/2023/NĐ-CP's Form 01 and Form 02 until
30/06/2025, Decree 152/2025/NĐ-CP's appendix from 01/07/2025), the decision summary, an
organisation's award history and the Board's summary of a year.

Official documents are written in Vietnamese, laid out after Decree 30/2020/NĐ-CP by
``thidua.reports``. What the law and the forms say comes from ``thidua.legal`` (effective-dated
data the Board edits), chosen by each document's own date; the rest from the models and
``selectors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import selectors
from thidua.awards.models import Nominee, Proposal
from thidua.legal import selectors as legal
from thidua.legal import signers
from thidua.legal.models import CitingDocument, FormKind
from thidua.lib.dates import long_date_vi
from thidua.lib.numbers import decimal_vi, percent_vi
from thidua.lib.text import initials
from thidua.orgs.models import Block, Organisation, Province
from thidua.reports import docx as word
from thidua.reports import issuing, layout, pdf, sealing, xlsx
from thidua.reports import services as reports


def _paragraphs(text: str) -> list[layout.Block]:
    return [layout.Paragraph(p.strip()) for p in text.splitlines() if p.strip()]


def votes_text(agree: int | None, base: int | None) -> str:
    """ "3/4 (75,00%)": agree votes over the ballot's base, with the share every document gives."""
    if agree is None:
        return ""
    if not base:
        return str(agree)
    return f"{agree}/{base} ({percent_vi(agree, base)})"


def grounds_blocks(lines: list[str]) -> list[layout.Block]:
    """The "Căn cứ" lines in italics, each ending with ";" and the last with ","."""
    return [
        layout.Paragraph(line + ("," if i == len(lines) - 1 else ";"), italic=True)
        for i, line in enumerate(lines)
    ]


def block_regulation_ground(block: Block, year: int, day: dt.date) -> list[str]:
    """The block's own regulation, when the Board has not recorded it as an instrument."""
    if legal.has_block_regulation(block, day):
        return []
    return [
        f"Căn cứ Quy chế hoạt động và bình xét thi đua, khen thưởng của {block.name} năm {year}"
    ]


# --- the tờ trình ----------------------------------------------------------------------------


def to_trinh_day(proposal: Proposal) -> dt.date:
    """The tờ trình is dated as its head dated it (else by its submission); never by today."""
    if proposal.date:
        return proposal.date
    if proposal.submitted_at:
        return timezone.localdate(proposal.submitted_at)
    raise issuing.UndatedDocument(
        _("The tờ trình has no date yet: enter its date in the tờ trình's form."),
        next_url=reverse("awards:proposal_edit", args=[proposal.pk]),
        next_label=_("Fill in the tờ trình"),
    )


@dataclass(frozen=True)
class CitedBasis:
    """What the tờ trình of a given date cites, for the dossier's page."""

    day: dt.date
    form: str  # the form followed, e.g. "Mẫu số 01, Phụ lục I …"
    form_verified: bool
    grounds: list[tuple[str, bool]]  # ("Căn cứ …", verified)


def to_trinh_basis(proposal: Proposal) -> CitedBasis | None:
    """The legal bases and the form of the tờ trình on its date; None while it is undated."""
    try:
        day = to_trinh_day(proposal)
    except issuing.UndatedDocument:
        return None
    block = proposal.cycle.block
    form = legal.form_of(FormKind.TO_TRINH, day)
    cited = legal.in_force(day=day, block=block, document=CitingDocument.TO_TRINH)
    return CitedBasis(
        day=day,
        form=form.reference,
        form_verified=form.verified,
        grounds=[(f"Căn cứ {legal.citation(i)}", i.verified) for i in cited],
    )


def to_trinh_layout(proposal: Proposal) -> layout.Document:
    cycle = proposal.cycle
    block = cycle.block
    day = to_trinh_day(proposal)
    addressee, routing = issuing.addressee(block, day)
    award = proposal.award_type.name
    form = legal.form_of(FormKind.TO_TRINH, day)
    values = {"award": award, "year": cycle.year, "block": block.name, "addressee": addressee}
    nominees = selectors.nominees_of(proposal)
    bases = selectors.vote_bases(proposal)
    members = selectors.member_count(cycle)
    rows = [
        [
            str(i),
            n.name,
            str(n.rank or ""),
            decimal_vi(n.score),
            votes_text(n.agree, bases.get(n.organisation_id, members)),
            f"{award} năm {cycle.year}",
        ]
        for i, n in enumerate(nominees, start=1)
    ]
    meeting_day = selectors.evaluation_day(cycle)
    held = f" ngày {meeting_day:%d/%m/%Y}" if meeting_day else ""
    grounds = [
        *legal.grounds(document=CitingDocument.TO_TRINH, day=day, block=block),
        *block_regulation_ground(block, cycle.year, day),
        f"Căn cứ kết quả chấm điểm, xếp hạng và kết quả bỏ phiếu kín tại hội nghị tổng kết, "
        f"bình xét thi đua năm {cycle.year} của {block.name}{held}",
    ]
    if routing and "(" not in routing:
        routing = f"({routing})"
    blocks: list[layout.Block] = [
        layout.Paragraph(f"Kính gửi: {addressee}", align="center"),
        *([layout.Paragraph(routing, italic=True, align="center")] if routing else []),
        *grounds_blocks(grounds),
        layout.Paragraph(form.text("intro", **values)),
        layout.Heading(form.text("results", **values)),
        *_paragraphs(proposal.summary),
        layout.Heading(form.text("nominees", **values)),
        layout.Paragraph(f"Đề nghị tặng {award} năm {cycle.year} cho {len(nominees)} tập thể sau:"),
        layout.Table(
            header=[
                "STT",
                "Tên tập thể",
                "Xếp hạng",
                "Điểm",
                "Số phiếu đồng ý",
                "Hình thức đề nghị",
            ],
            rows=rows,
            widths=[0.7, 5, 1.2, 1.2, 2, 3.5],
        ),
        layout.Heading(form.text("attachments", **values)),
        layout.BulletList(
            [
                f"Biên bản họp bình xét thi đua năm {cycle.year} và kết quả bỏ phiếu kín;",
                "Báo cáo thành tích của các tập thể được đề nghị khen thưởng.",
            ]
        ),
        layout.Paragraph(form.text("closing", **values)),
    ]
    head = signers.head_signer(cycle, day)
    name = proposal.signer_name or (head.name if head else "")
    position = proposal.signer_position or (
        head.position if head and not proposal.signer_name else ""
    )
    recipients = ["Như trên", legal.board_recipient(block, day), "Các đơn vị thành viên Khối"]
    return layout.Document(
        letterhead=issuing.letterhead(
            block, day, number=f"Số: {proposal.number}" if proposal.number else ""
        ),
        title=form.text("title", **values),
        summary=form.text("summary", **values),
        blocks=blocks,
        signatures=[
            layout.Signature(
                f"TM. {block.name.upper()}",
                signers.head_positions(cycle, day, position),
                signers.name_or_missing(name),
            )
        ],
        recipients=recipients,
        file_title=f"Tờ trình đề nghị tặng {award} năm {cycle.year}",
        archive_copy=initials(block.name),
    )


def to_trinh_docx(proposal: Proposal) -> bytes:
    return word.render(to_trinh_layout(proposal))


def to_trinh_pdf(proposal: Proposal) -> bytes:
    return reports.issue_pdf(
        to_trinh_layout(proposal),
        seal=sealing.block_key(proposal.cycle.block),
        reference=f"to-trinh:{proposal.pk}",
        block=proposal.cycle.block_id,
    )


# --- the achievement report ------------------------------------------------------------------

#: The report's sections written by the unit, in order (the awards section is built from the
#: product's records, with the unit's additions).
WRITTEN_SECTIONS = ("situation", "achievements", "movement")
HISTORY_REPORT_HEADER = [
    "Năm",
    "Danh hiệu thi đua, hình thức khen thưởng",
    "Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định",
]


def awards_received_text(org: Organisation) -> str:
    """The awards already received, one line each (the report page lists them)."""
    lines = []
    for row in selectors.award_history(org):
        line = f"Năm {row.year}: {row.title}"
        if row.decision_number:
            line += f" (Quyết định số {row.decision_number} ngày {row.decision_date})"
        if row.awarded_as:
            line += f", mang tên {row.awarded_as}"
        lines.append(line + ";")
    return "\n".join(lines)


def _decision_cell(row: selectors.HistoryRow) -> str:
    if not row.decision_number:
        return ""
    text = f"Quyết định số {row.decision_number}"
    if row.decision_day:
        text += f" {long_date_vi(row.decision_day)}"
    if row.decided_by:
        text += f" của {row.decided_by}"
    return text


def earlier_awards(org: Organisation, year: int) -> list[selectors.HistoryRow]:
    """The organisation's awards of the years before `year`, its predecessors' included."""
    return [r for r in selectors.award_history(org) if r.year < year]


def _awards_section(nominee: Nominee, year: int, extra: str) -> list[layout.Block]:
    rows = earlier_awards(nominee.organisation, year)
    blocks: list[layout.Block] = []
    if rows:
        blocks.append(
            layout.Table(
                header=HISTORY_REPORT_HEADER,
                rows=[
                    [
                        str(r.year),
                        r.title + (f" (mang tên {r.awarded_as})" if r.awarded_as else ""),
                        _decision_cell(r),
                    ]
                    for r in rows
                ],
                widths=[1, 5, 6],
            )
        )
    blocks += _paragraphs(extra)
    if not blocks:
        blocks.append(
            layout.Paragraph("Chưa có danh hiệu thi đua, hình thức khen thưởng nào được ghi nhận.")
        )
    return blocks


def report_day(nominee: Nominee) -> dt.date:
    """The day the report was written, and never later than the tờ trình it goes with."""
    days = []
    if nominee.report_updated_at:
        days.append(timezone.localdate(nominee.report_updated_at))
    proposal = nominee.proposal
    if proposal.date or proposal.submitted_at:
        days.append(to_trinh_day(proposal))
    if not days:
        raise issuing.UndatedDocument(
            _("The achievement report has not been written yet, so it has no date."),
            next_url=reverse("awards:proposal_detail", args=[proposal.pk]),
            next_label=_("Back to the dossier"),
        )
    return min(days)


def report_signer(nominee: Nominee, day: dt.date) -> signers.Signer:
    """The unit's signer as the report names it, else the unit's leader on record."""
    name = str(nominee.report.get("signer_name", "")).strip()
    position = str(nominee.report.get("signer_position", "")).strip()
    if not name:
        leader = signers.unit_leader(nominee.organisation, day)
        if leader is not None:
            name, position = leader.name, position or leader.position
    return signers.Signer(
        name=name, position=signers.position_in(position, nominee.organisation, day)
    )


def report_layout(nominee: Nominee) -> layout.Document:
    proposal = nominee.proposal
    cycle = proposal.cycle
    block = cycle.block
    day = report_day(nominee)
    unit = nominee.organisation.name_on(day) or nominee.name
    form = legal.form_of(FormKind.ACHIEVEMENT_REPORT, day)
    award = proposal.award_type.name
    values = {"award": award, "year": cycle.year, "block": block.name, "unit": unit}
    grounds = legal.grounds(document=CitingDocument.ACHIEVEMENT_REPORT, day=day, block=block)
    blocks: list[layout.Block] = [*grounds_blocks(grounds)] if grounds else []
    blocks.append(layout.Paragraph(form.text("intro", **values)))
    for key in WRITTEN_SECTIONS:
        blocks.append(layout.Heading(form.text(key, **values)))
        blocks += _paragraphs(str(nominee.report.get(key, ""))) or [layout.Paragraph("…")]
    blocks.append(layout.Heading(form.text("awards", **values)))
    blocks += _awards_section(nominee, cycle.year, str(nominee.report.get("awards", "")))
    blocks.append(layout.Heading(form.text("proposal", **values)))
    blocks += _paragraphs(str(nominee.report.get("proposal", ""))) or [
        layout.Paragraph(
            f"Đề nghị {issuing.addressee(block, day)[0]} xem xét, tặng {award} năm {cycle.year}."
        )
    ]
    own = report_signer(nominee, day)
    head = signers.head_signer(cycle, day)
    head_name = proposal.signer_name or (head.name if head else "")
    head_position = proposal.signer_position or (head.position if head else "")
    return layout.Document(
        letterhead=issuing.letterhead(block, day, issuer=unit, superior=""),
        title=form.text("title", **values),
        summary=form.text("summary", **values),
        blocks=blocks,
        signatures=[
            layout.Signature(
                form.text("confirmation", **values),
                f"TM. {block.name.upper()}\n" + signers.head_positions(cycle, day, head_position),
                signers.name_or_missing(head_name),
            ),
            layout.Signature(
                "",
                own.position.upper() or form.text("signer", **values),
                signers.name_or_missing(own.name),
            ),
        ],
        file_title=f"Báo cáo thành tích — {unit}",
        archive_copy=initials(nominee.organisation.short_name or unit),
    )


def report_docx(nominee: Nominee) -> bytes:
    return word.render(report_layout(nominee))


def report_pdf(nominee: Nominee) -> bytes:
    return pdf.render(report_layout(nominee))


# --- the whole dossier ---------------------------------------------------------------------


def dossier_files(proposal: Proposal) -> dict[str, bytes]:
    files = {
        "to-trinh.docx": to_trinh_docx(proposal),
        "to-trinh.pdf": to_trinh_pdf(proposal),
    }
    minutes = selectors.minutes_files(proposal.cycle)
    files.update(minutes)
    if not minutes:
        files["CHUA-CO-BIEN-BAN.txt"] = (
            "Biên bản họp bình xét chưa được tạo trong hệ thống; bổ sung bản giấy.\n".encode()
        )
    for n in selectors.nominees_of(proposal):
        files.update(report_files(n, prefix=f"bao-cao-thanh-tich/{n.order:02d}-"))
    return files


def report_files(nominee: Nominee, *, prefix: str) -> dict[str, bytes]:
    if nominee.report_file:
        ext = nominee.report_file.name.rsplit(".", 1)[-1]
        with nominee.report_file.open("rb") as f:
            return {f"{prefix}tai-len.{ext}": f.read()}
    return {
        f"{prefix}bao-cao.docx": report_docx(nominee),
        f"{prefix}bao-cao.pdf": report_pdf(nominee),
    }


# --- the decision summary --------------------------------------------------------------------


def decision_layout(proposal: Proposal) -> layout.Document:
    cycle = proposal.cycle
    decision = proposal.decision
    rows = [
        [
            str(i),
            n.name,
            "Được khen thưởng" if n.granted else "Không được khen thưởng",
            n.refusal_reason,
        ]
        for i, n in enumerate(selectors.nominees_of(proposal), start=1)
    ]
    return layout.Document(
        letterhead=issuing.letterhead(cycle.block, decision.date),
        title="TỔNG HỢP KẾT QUẢ KHEN THƯỞNG",
        summary=f"{proposal.award_type.name} năm {cycle.year}",
        blocks=[
            layout.Paragraph(
                f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}, người ký: "
                f"{decision.signer_name}"
                + (f", {decision.signer_position}" if decision.signer_position else "")
                + "."
            ),
            layout.Paragraph(f"Theo Tờ trình số {proposal.number} của {cycle.block.name}."),
            layout.Table(
                header=["STT", "Tên tập thể", "Kết quả", "Lý do không được khen thưởng"],
                rows=rows,
                widths=[0.7, 5, 2.5, 4],
            ),
        ],
        file_title=f"Kết quả khen thưởng {proposal.award_type.name} năm {cycle.year}",
        archive_copy=initials(cycle.block.name),
    )


def decision_docx(proposal: Proposal) -> bytes:
    return word.render(decision_layout(proposal))


def decision_pdf(proposal: Proposal) -> bytes:
    return reports.issue_pdf(
        decision_layout(proposal),
        seal=sealing.board_key(proposal.cycle.block.province),
        reference=f"decision:{proposal.pk}",
        block=proposal.cycle.block_id,
    )


# --- an organisation's award history ---------------------------------------------------------

HISTORY_HEADER = [
    "Năm",
    "Danh hiệu, hình thức khen thưởng",
    "Tên đơn vị khi được khen",
    "Quyết định",
]


def _history_rows(org: Organisation) -> list[list[str]]:
    return [
        [
            str(r.year),
            r.title,
            r.name,
            f"{r.decision_number} ngày {r.decision_date}" if r.decision_number else "",
        ]
        for r in selectors.award_history(org)
    ]


def _board_letterhead(province: Province, day: dt.date) -> layout.Letterhead:
    """The Board's own letterhead, under the province in force on `day`."""
    current = issuing.province_on(province, day)
    return layout.Letterhead(
        superior=current.authority_line,
        issuer="BAN THI ĐUA – KHEN THƯỞNG",
        place=current.name,
        date=day,
    )


def history_day(org: Organisation) -> dt.date:
    """An award history is issued as of its latest recorded decision, never as of today."""
    days = [r.decision_day for r in selectors.award_history(org) if r.decision_day]
    if not days:
        raise issuing.UndatedDocument(
            _(
                "No award decision has been recorded for %(unit)s or its predecessors: there "
                "is no award history to issue."
            )
            % {"unit": org.name},
            next_url=reverse("awards:history", args=[org.pk]),
            next_label=_("Back to the award history"),
        )
    return max(days)


def history_layout(org: Organisation) -> layout.Document:
    day = history_day(org)
    rows = _history_rows(org)
    return layout.Document(
        letterhead=_board_letterhead(org.province, day),
        title="QUÁ TRÌNH KHEN THƯỞNG",
        summary=org.name_on(day) or org.name,
        blocks=[
            layout.Paragraph(
                "Gồm các khen thưởng của đơn vị và của các đơn vị tiền thân (đổi tên, hợp nhất, "
                "sáp nhập) đã được ghi nhận đến ngày "
                f"{day:%d/%m/%Y}; mỗi khen thưởng ghi tên đơn vị tại thời điểm được khen."
            ),
            layout.Table(header=HISTORY_HEADER, rows=rows, widths=[1, 5, 5, 3.5]),
        ],
        file_title=f"Quá trình khen thưởng — {org.name}",
        archive_copy="TĐKT",
    )


def history_docx(org: Organisation) -> bytes:
    return word.render(history_layout(org))


def history_pdf(org: Organisation) -> bytes:
    return pdf.render(history_layout(org))


def history_xlsx(org: Organisation) -> bytes:
    """The same table as the Word and PDF history, with the year as a number."""
    rows = [[int(year), *rest] for year, *rest in _history_rows(org)]
    return xlsx.single_table(
        "Quá trình khen thưởng",
        HISTORY_HEADER,
        rows,
        heading=f"Quá trình khen thưởng — {org.name}",
        widths=[8, 45, 45, 28],
    )


# --- the Board's summary of a year -----------------------------------------------------------


def summary_xlsx(data: selectors.YearSummary) -> bytes:
    header = ["", "Số đề nghị", "Số được khen thưởng", "Chưa có quyết định"]
    workbook = xlsx.new_workbook()
    heading = f"Tổng hợp đề nghị và kết quả khen thưởng năm {data.year}"
    for title, lines in (("Theo danh hiệu", data.by_title), ("Theo khối", data.by_block)):
        rows = [[line.label, line.proposed, line.granted, line.pending] for line in lines]
        rows.append(["Tổng cộng", data.total.proposed, data.total.granted, data.total.pending])
        xlsx.add_sheet(
            workbook,
            title,
            [title.replace("Theo ", "").capitalize(), *header[1:]],
            rows,
            heading=heading,
            widths=[45, 14, 20, 20],
        )
    return xlsx.to_bytes(workbook)
