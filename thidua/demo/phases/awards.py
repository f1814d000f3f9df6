"""The demo's proposals and decision for the 2024 cycle of Khối thi đua 8 (invented).

- proposed: for each title, the head builds the dossier (dated 10/01/2025) from the units that
  passed the voting demo's ballots; each nominee's representative writes its achievement report;
  the head submits on 14/01/2025. The Board returns the first dossier on 17/01/2025 with a
  reason; the head fixes it and resubmits on 21/01/2025; the Board accepts every dossier on
  24/01/2025.
- decided: the Board records the decision of 12/03/2025 (an invented "…/QĐ-UBND") the next
  day, granting every nominee.

Without passed candidates (the voting demo has not run) both hooks do nothing.
"""

from __future__ import annotations

import datetime as dt
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


def _report(unit_name: str, title: str) -> dict[str, str]:
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


def _codes(context: Any) -> dict[int, str]:
    return {org.pk: code for code, org in context.units.items()}


def propose(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    head_rep = context.users[data.representative_username(data.HEAD_2024)]
    codes = _codes(context)
    built: list[Proposal] = []
    types = AwardType.objects.filter(province_id=context.block.province_id).order_by("order")
    writing = local(2025, 1, 9, 14, 0)  # one report a day, from 10/01/2025
    for award_type in types:
        if not selectors.passed_candidates(cycle, award_type):
            continue
        if Proposal.objects.filter(cycle=cycle, award_type=award_type).exists():
            continue
        context.clock.not_before(local(2025, 1, 10, 8, 30))
        proposal = services.build_proposal(actor=head_rep, cycle=cycle, award_type=award_type)
        context.clock.later(minutes=15)
        proposal = services.update_proposal(
            actor=head_rep,
            proposal=proposal,
            values={"summary": proposal.summary, "date": dt.date(YEAR + 1, 1, 10)},
        )
        for nominee in proposal.nominees.select_related("organisation"):
            writing = context.clock.at(writing + dt.timedelta(days=1))
            writer = context.users[data.representative_username(codes[nominee.organisation_id])]
            services.write_report(
                actor=writer, nominee=nominee, sections=_report(nominee.name, award_type.name)
            )
        built.append(proposal)
    if not built:
        return
    context.clock.at(local(2025, 1, 14, 9, 0))
    for i, proposal in enumerate(built):
        context.clock.later(minutes=5)
        built[i] = services.submit_proposal(actor=head_rep, proposal=proposal)
    context.clock.at(local(2025, 1, 17, 10, 0))
    first = services.return_proposal(actor=context.board, proposal=built[0], reason=RETURN_REASON)
    context.clock.at(local(2025, 1, 20, 15, 0))
    services.update_proposal(
        actor=head_rep,
        proposal=first,
        values={
            "summary": first.summary + "\n" + FIXED_SUMMARY,
            "signer_position": "Trưởng khối, Chủ tịch Hội Người cao tuổi tỉnh",
        },
    )
    context.clock.at(local(2025, 1, 21, 9, 0))
    # Resending a returned dossier asks the head to confirm the Board's reason was answered.
    built[0] = services.submit_proposal(
        actor=head_rep, proposal=first, acknowledge=True, reason=RESUBMIT_REASON
    )
    context.clock.at(local(2025, 1, 24, 14, 0))
    for proposal in built:
        context.clock.later(minutes=10)
        services.accept_proposal(actor=context.board, proposal=proposal)


def decide(context: Any) -> None:
    if context.cycle.year != YEAR:
        return
    accepted = Proposal.objects.filter(
        cycle=context.cycle, status=ProposalStatus.ACCEPTED
    ).order_by("award_type__order")
    context.clock.at(local(2025, 3, 13, 9, 0))
    for i, proposal in enumerate(accepted):
        context.clock.later(minutes=10)
        services.record_decision(
            actor=context.board,
            proposal=proposal,
            number=DECISION_NUMBERS[i % len(DECISION_NUMBERS)],
            date=DECISION_DATE,
            signer_name=DECISION_SIGNER[0],
            signer_position=f"{DECISION_SIGNER[1]}",
            outcomes={n.pk: services.Outcome(True) for n in proposal.nominees.all()},
        )


PHASE_HOOKS = {
    Phase.PROPOSED.value: propose,
    Phase.DECIDED.value: decide,
}
