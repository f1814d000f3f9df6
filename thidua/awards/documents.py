"""Documents of the proposal: the tờ trình (Form 01, Decree 98/2023/NĐ-CP), each nominee's
achievement report (Form 02), the decision summary, an organisation's award history and the
Board's summary of a year.

Official documents are written in Vietnamese, laid out after Decree 30/2020/NĐ-CP by
``thidua.reports``; the data comes from the models and ``selectors``.
"""

from __future__ import annotations

import datetime as dt

from thidua.awards import selectors
from thidua.awards.models import Nominee, Proposal
from thidua.orgs.models import Organisation, Province
from thidua.reports import docx as word
from thidua.reports import issuing, layout, pdf, xlsx

#: Section headings of the achievement report (Form 02), by key.
REPORT_HEADINGS = {
    "situation": "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
    "achievements": "II. THÀNH TÍCH ĐẠT ĐƯỢC",
    "movement": "III. VIỆC THỰC HIỆN PHONG TRÀO THI ĐUA",
    "awards": "IV. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
    "proposal": "V. ĐỀ NGHỊ KHEN THƯỞNG",
}

LEGAL_GROUNDS = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
]


def _num(score: str) -> str:
    return score.replace(".", ",") if score else ""


def _paragraphs(text: str) -> list[layout.Block]:
    return [layout.Paragraph(p.strip()) for p in text.splitlines() if p.strip()]


def _votes(agree: int | None, members: int) -> str:
    if agree is None:
        return ""
    if not members:
        return str(agree)
    percent = f"{100 * agree / members:.2f}".replace(".", ",")
    return f"{agree}/{members} ({percent}%)"


# --- the tờ trình ----------------------------------------------------------------------------


def to_trinh_layout(proposal: Proposal) -> layout.Document:
    cycle = proposal.cycle
    block = cycle.block
    day = proposal.date or cycle.created_at.date()
    addressee, routing = issuing.addressee(block, day)
    title = proposal.award_type.name
    nominees = selectors.nominees_of(proposal)
    members = selectors.member_count(cycle)
    rows = [
        [
            str(i),
            n.name,
            str(n.rank or ""),
            _num(n.score),
            _votes(n.agree, members),
            f"{title} năm {cycle.year}",
        ]
        for i, n in enumerate(nominees, start=1)
    ]
    grounds = [
        *LEGAL_GROUNDS,
        f"Căn cứ Quy chế hoạt động và bình xét thi đua, khen thưởng của {block.name} "
        f"năm {cycle.year};",
        f"Căn cứ kết quả chấm điểm, xếp hạng và kết quả bỏ phiếu kín tại hội nghị tổng kết, "
        f"bình xét thi đua năm {cycle.year} của {block.name},",
    ]
    blocks: list[layout.Block] = [
        layout.Paragraph(f"Kính gửi: {addressee}", align="center"),
        *([layout.Paragraph(f"({routing})", italic=True, align="center")] if routing else []),
        *[layout.Paragraph(g, italic=True) for g in grounds],
        layout.Paragraph(
            f"{block.name} kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, tặng {title} "
            f"năm {cycle.year} như sau:"
        ),
        layout.Heading(f"I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM {cycle.year}"),
        *_paragraphs(proposal.summary),
        layout.Heading("II. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
        layout.Paragraph(f"Đề nghị tặng {title} năm {cycle.year} cho {len(nominees)} tập thể sau:"),
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
        layout.Heading("III. HỒ SƠ KÈM THEO"),
        layout.BulletList(
            [
                f"Biên bản họp bình xét thi đua năm {cycle.year} và kết quả bỏ phiếu kín;",
                "Báo cáo thành tích của các tập thể được đề nghị khen thưởng.",
            ]
        ),
        layout.Paragraph(
            f"{block.name} kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./."
        ),
    ]
    issuer = block.name.upper()
    return layout.Document(
        letterhead=issuing.letterhead(
            block, day, number=f"Số: {proposal.number}" if proposal.number else ""
        ),
        title="TỜ TRÌNH",
        summary=f"Về việc đề nghị tặng {title} năm {cycle.year}",
        blocks=blocks,
        signatures=[layout.Signature(f"TM. {issuer}", "TRƯỞNG KHỐI", proposal.signer_name)],
        recipients=[
            "Như trên",
            "Sở Nội vụ (Ban Thi đua – Khen thưởng)",
            "Các đơn vị thành viên Khối",
            "Lưu: VT",
        ],
        file_title=f"Tờ trình đề nghị tặng {title} năm {cycle.year}",
    )


def to_trinh_docx(proposal: Proposal) -> bytes:
    return word.render(to_trinh_layout(proposal))


def to_trinh_pdf(proposal: Proposal) -> bytes:
    return pdf.render(to_trinh_layout(proposal))


# --- the achievement report ------------------------------------------------------------------


def awards_received_text(org: Organisation) -> str:
    """The awards already received, one line each, to prefill the report's section IV."""
    lines = []
    for row in selectors.award_history(org):
        line = f"Năm {row.year}: {row.title}"
        if row.decision_number:
            line += f" (Quyết định số {row.decision_number} ngày {row.decision_date})"
        if row.awarded_as:
            line += f", mang tên {row.awarded_as}"
        lines.append(line + ";")
    return "\n".join(lines)


def report_layout(nominee: Nominee) -> layout.Document:
    proposal = nominee.proposal
    cycle = proposal.cycle
    blocks: list[layout.Block] = []
    for key, heading in REPORT_HEADINGS.items():
        blocks.append(layout.Heading(heading))
        text = str(nominee.report.get(key, "")).strip()
        blocks += _paragraphs(text) or [layout.Paragraph("…")]
    return layout.Document(
        letterhead=issuing.letterhead(
            cycle.block,
            (nominee.report_updated_at.date() if nominee.report_updated_at else None)
            or proposal.date
            or cycle.created_at.date(),
            issuer=nominee.name,
            superior="",
        ),
        title="BÁO CÁO THÀNH TÍCH",
        summary=f"Đề nghị tặng {proposal.award_type.name} năm {cycle.year}",
        blocks=blocks,
        signatures=[layout.Signature("", "THỦ TRƯỞNG ĐƠN VỊ", "")],
        file_title=f"Báo cáo thành tích — {nominee.name}",
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
    )


def decision_docx(proposal: Proposal) -> bytes:
    return word.render(decision_layout(proposal))


def decision_pdf(proposal: Proposal) -> bytes:
    return pdf.render(decision_layout(proposal))


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


def history_layout(org: Organisation, *, today: object) -> layout.Document:
    rows = _history_rows(org)
    body: list[layout.Block] = (
        [layout.Table(header=HISTORY_HEADER, rows=rows, widths=[1, 5, 5, 3.5])]
        if rows
        else [layout.Paragraph("Chưa có khen thưởng nào được ghi nhận.")]
    )
    return layout.Document(
        letterhead=_board_letterhead(org.province, today),  # type: ignore[arg-type]
        title="QUÁ TRÌNH KHEN THƯỞNG",
        summary=org.name,
        blocks=[
            layout.Paragraph(
                "Gồm các khen thưởng của đơn vị và của các đơn vị tiền thân (đổi tên, hợp nhất, "
                "sáp nhập); mỗi khen thưởng ghi tên đơn vị tại thời điểm được khen."
            ),
            *body,
        ],
        file_title=f"Quá trình khen thưởng — {org.name}",
    )


def history_docx(org: Organisation, *, today: object) -> bytes:
    return word.render(history_layout(org, today=today))


def history_pdf(org: Organisation, *, today: object) -> bytes:
    return pdf.render(history_layout(org, today=today))


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
