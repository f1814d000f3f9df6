"""The demo's proposals and decision for the 2024 cycle of Khối thi đua 8 (invented).

- proposed: for each title, the head builds the dossier (dated 10/01/2025) from the units that
  passed the voting demo's ballots; each nominee's representative writes its achievement report;
  the head submits on 14/01/2025. The Board returns the first dossier on 17/01/2025 with a
  reason; the head fixes it and resubmits on 21/01/2025; the Board accepts every dossier on
  24/01/2025.
- decided: the Board records the decision of 12/03/2025 (an invented "…/QĐ-UBND") the next
  day, granting every nominee.

2025 (the block's last year, after the merger): the head (Hội NNCĐDC/dioxin) builds the dossiers
on 09/01/2026, the nominees write their reports one a day, the head sends them on 16/01/2026 and
the Board accepts them on 23/01/2026; the Chairman of Lâm Đồng's People's Committee decides on
10/03/2026, recorded the next day.

Without passed candidates (the voting demo has not run) both hooks do nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from thidua.awards import selectors, services
from thidua.awards.models import Proposal, ProposalStatus
from thidua.cycles.models import AwardType, Phase
from thidua.demo import data
from thidua.demo.clock import local

YEAR = 2024
RESUBMIT_REASON = (
    "Đã bổ sung số liệu thực hiện các chỉ tiêu năm 2024 vào phần I và ghi rõ chức vụ người ký."
)
RETURN_REASON = (
    "Đề nghị bổ sung số liệu kết quả thực hiện các chỉ tiêu năm 2024 vào phần I của tờ trình "
    "và ghi rõ chức vụ người ký."
)
FIXED_SUMMARY = "Các đơn vị thành viên hoàn thành 100% chỉ tiêu được giao."
DECISION_NUMBERS = ["215/QĐ-UBND", "216/QĐ-UBND", "217/QĐ-UBND"]
DECISION_DATE = dt.date(2025, 3, 12)
# An invented signer: the demo decision must not be attributed to a real official.
DECISION_SIGNER = ("Trần Minh Khoa", "Chủ tịch UBND tỉnh Bình Thuận")


@dataclass(frozen=True)
class Round:
    """One year's dossiers: when the head starts building them, when it sends them, when the
    Board accepts them, and the decision (numbers, date, signer, recorded the next day)."""

    build: dt.datetime
    submit: dt.datetime
    accept: dt.datetime
    numbers: list[str]
    decided: dt.date
    signer: tuple[str, str]
    # The head's position on the tờ trình, if the head writes it out.
    signer_position: str = ""
    # 2024: when the Board returns the first dossier, the head fixes it, and sends it again.
    returned: tuple[dt.datetime, dt.datetime, dt.datetime] | None = None


ROUNDS = {
    YEAR: Round(
        build=local(2025, 1, 10, 8, 30),
        submit=local(2025, 1, 14, 9, 0),
        accept=local(2025, 1, 24, 14, 0),
        numbers=DECISION_NUMBERS,
        decided=DECISION_DATE,
        signer=DECISION_SIGNER,
        returned=(local(2025, 1, 17, 10, 0), local(2025, 1, 20, 15, 0), local(2025, 1, 21, 9, 0)),
    ),
    2025: Round(
        build=local(2026, 1, 9, 8, 30),
        submit=local(2026, 1, 16, 9, 0),
        accept=local(2026, 1, 23, 14, 0),
        numbers=["402/QĐ-UBND", "403/QĐ-UBND"],
        decided=dt.date(2026, 3, 10),
        # Invented, as thidua/demo/lam_dong.py's decisions: Lâm Đồng decides after the merger.
        signer=("Lê Quang Trung", "Chủ tịch UBND tỉnh Lâm Đồng"),
        signer_position="Trưởng khối, Chủ tịch Hội Nạn nhân chất độc da cam/dioxin tỉnh",
    ),
}


def _report(unit_name: str, title: str, year: int = YEAR) -> dict[str, str]:
    if year != YEAR:
        return _report_later(unit_name, title, year)
    return {
        "situation": (
            f"{unit_name} là tổ chức hội cấp tỉnh, thành viên Khối thi đua 8; có ban thường vụ, "
            f"văn phòng và các hội cơ sở ở các huyện, thị xã, thành phố."
        ),
        "achievements": (
            "Hoàn thành vượt mức các chỉ tiêu công tác năm 2024 được giao; phát triển hội viên "
            "mới vượt kế hoạch; xây dựng và nhân rộng mô hình “Vì người nghèo – Không để ai bị "
            "bỏ lại phía sau”."
        ),
        "movement": (
            "Tham gia đầy đủ các hoạt động chung của Khối, ký kết giao ước thi đua ngày "
            "25/03/2024 và tổ chức phong trào thi đua trong toàn hệ thống hội."
        ),
        "awards": "",
        "proposal": f"Đề nghị Chủ tịch UBND tỉnh tặng {title} năm 2024.",
    }


def _report_later(unit_name: str, title: str, year: int) -> dict[str, str]:
    return {
        "situation": (
            f"{unit_name} là tổ chức hội cấp tỉnh, thành viên Khối thi đua 8; có ban thường vụ, "
            "văn phòng và các hội cơ sở. Từ ngày 01/07/2025 hội hoạt động trên địa bàn tỉnh Lâm "
            "Đồng sau khi hợp nhất tỉnh."
        ),
        "achievements": (
            f"Hoàn thành các chỉ tiêu công tác năm {year} được giao; giữ ổn định tổ chức và hoạt "
            "động của hội trong thời gian sắp xếp đơn vị hành chính; tiếp tục nhân rộng mô hình "
            "“Vì người nghèo – Không để ai bị bỏ lại phía sau”."
        ),
        "movement": (
            f"Tham gia đầy đủ các hoạt động chung của Khối, ký kết giao ước thi đua năm {year} "
            "ngày 15/04/2025 và tổ chức phong trào thi đua trong toàn hệ thống hội."
        ),
        "awards": "",
        "proposal": f"Đề nghị Chủ tịch UBND tỉnh tặng {title} năm {year}.",
    }


def _codes(context: Any) -> dict[int, str]:
    return {org.pk: code for code, org in context.units.items()}


def propose(context: Any) -> None:
    cycle = context.cycle
    plan = ROUNDS.get(cycle.year)
    if plan is None:
        return
    codes = _codes(context)
    head_rep = context.users[data.representative_username(codes[cycle.head_unit_id])]
    built: list[Proposal] = []
    types = AwardType.objects.filter(province_id=context.block.province_id).order_by("order")
    writing = plan.build.replace(hour=14, minute=0) - dt.timedelta(days=1)  # one report a day
    for award_type in types:
        if not selectors.passed_candidates(cycle, award_type):
            continue
        if Proposal.objects.filter(cycle=cycle, award_type=award_type).exists():
            continue
        context.clock.not_before(plan.build)
        proposal = services.build_proposal(actor=head_rep, cycle=cycle, award_type=award_type)
        context.clock.later(minutes=15)
        values = {"summary": proposal.summary, "date": plan.build.date()}
        if plan.signer_position:
            values["signer_position"] = plan.signer_position
        proposal = services.update_proposal(actor=head_rep, proposal=proposal, values=values)
        for nominee in proposal.nominees.select_related("organisation"):
            writing = context.clock.at(writing + dt.timedelta(days=1))
            writer = context.users[data.representative_username(codes[nominee.organisation_id])]
            services.write_report(
                actor=writer,
                nominee=nominee,
                sections=_report(nominee.name, award_type.name, cycle.year),
            )
        built.append(proposal)
    if not built:
        return
    context.clock.at(plan.submit)
    for i, proposal in enumerate(built):
        context.clock.later(minutes=5)
        built[i] = services.submit_proposal(actor=head_rep, proposal=proposal)
    if plan.returned:
        built[0] = _returned_and_resent(context, head_rep, built[0], plan.returned)
    context.clock.at(plan.accept)
    for proposal in built:
        context.clock.later(minutes=10)
        services.accept_proposal(actor=context.board, proposal=proposal)


def _returned_and_resent(
    context: Any, head_rep: Any, sent: Proposal, moments: tuple[dt.datetime, ...]
) -> Proposal:
    """2024: the Board returns the first dossier with a reason; the head fixes and resends it."""
    returned, fixed, resent = moments
    context.clock.at(returned)
    first = services.return_proposal(actor=context.board, proposal=sent, reason=RETURN_REASON)
    context.clock.at(fixed)
    services.update_proposal(
        actor=head_rep,
        proposal=first,
        values={
            "summary": first.summary + "\n" + FIXED_SUMMARY,
            "signer_position": "Trưởng khối, Chủ tịch Hội Người cao tuổi tỉnh",
        },
    )
    context.clock.at(resent)
    # Resending a returned dossier asks the head to confirm the Board's reason was answered.
    return services.submit_proposal(
        actor=head_rep, proposal=first, acknowledge=True, reason=RESUBMIT_REASON
    )


def decide(context: Any) -> None:
    plan = ROUNDS.get(context.cycle.year)
    if plan is None:
        return
    accepted = Proposal.objects.filter(
        cycle=context.cycle, status=ProposalStatus.ACCEPTED
    ).order_by("award_type__order")
    day = plan.decided + dt.timedelta(days=1)
    context.clock.at(local(day.year, day.month, day.day, 9, 0))
    for i, proposal in enumerate(accepted):
        context.clock.later(minutes=10)
        services.record_decision(
            actor=context.board,
            proposal=proposal,
            number=plan.numbers[i % len(plan.numbers)],
            date=plan.decided,
            signer_name=plan.signer[0],
            signer_position=plan.signer[1],
            outcomes={n.pk: services.Outcome(True) for n in proposal.nominees.all()},
        )


PHASE_HOOKS = {
    Phase.PROPOSED.value: propose,
    Phase.DECIDED.value: decide,
}
