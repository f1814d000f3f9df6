"""The demo's proposals and decision for the 2024 cycle of Khối thi đua 8 (invented, marked demo).

- proposed: for each title, the head builds the dossier from the units that passed the voting
  demo's ballots; each nominee's representative writes its achievement report; the head submits.
  The Board returns the first dossier once with a reason; the head fixes it and resubmits; the
  Board accepts every dossier.
- decided: the Board records the decision (an invented "…/QĐ-UBND"), granting every nominee.

Without passed candidates (the voting demo has not run) both hooks do nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.awards import selectors, services
from thidua.awards.models import Proposal, ProposalStatus
from thidua.cycles.models import AwardType, Phase
from thidua.demo import data

YEAR = 2024
MARK = data.DEMO_MARK
RETURN_REASON = (
    "Đề nghị bổ sung số liệu kết quả thực hiện các chỉ tiêu năm 2024 vào phần I của tờ trình "
    "và ghi rõ chức vụ người ký. (" + MARK + ")"
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
            f"văn phòng và các hội cơ sở ở các huyện, thị xã, thành phố. ({MARK})"
        ),
        "achievements": (
            "Hoàn thành vượt mức các chỉ tiêu công tác năm 2024 được giao; phát triển hội viên "
            "mới vượt kế hoạch; xây dựng và nhân rộng mô hình “Vì người nghèo – Không để ai bị "
            f"bỏ lại phía sau”. ({MARK})"
        ),
        "movement": (
            "Tham gia đầy đủ các hoạt động chung của Khối, ký kết giao ước thi đua ngày "
            f"25/03/2024 và tổ chức phong trào thi đua trong toàn hệ thống hội. ({MARK})"
        ),
        "awards": "",
        "proposal": f"Đề nghị Chủ tịch UBND tỉnh tặng {title} năm 2024. ({MARK})",
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
    for award_type in types:
        if not selectors.passed_candidates(cycle, award_type):
            continue
        if Proposal.objects.filter(cycle=cycle, award_type=award_type).exists():
            continue
        proposal = services.build_proposal(actor=head_rep, cycle=cycle, award_type=award_type)
        proposal = services.update_proposal(
            actor=head_rep,
            proposal=proposal,
            # Two days after the year-end meeting (08/01 of the next year) that voted.
            values={"summary": proposal.summary + f" ({MARK})", "date": dt.date(YEAR + 1, 1, 10)},
        )
        for nominee in proposal.nominees.select_related("organisation"):
            writer = context.users[data.representative_username(codes[nominee.organisation_id])]
            services.write_report(
                actor=writer, nominee=nominee, sections=_report(nominee.name, award_type.name)
            )
        built.append(services.submit_proposal(actor=head_rep, proposal=proposal))
    if not built:
        return
    first = services.return_proposal(actor=context.board, proposal=built[0], reason=RETURN_REASON)
    services.update_proposal(
        actor=head_rep,
        proposal=first,
        values={
            "summary": first.summary + "\n" + FIXED_SUMMARY,
            "signer_position": "Trưởng khối, Chủ tịch Hội Người cao tuổi tỉnh",
        },
    )
    built[0] = services.submit_proposal(actor=head_rep, proposal=first)
    for proposal in built:
        services.accept_proposal(actor=context.board, proposal=proposal)


def decide(context: Any) -> None:
    if context.cycle.year != YEAR:
        return
    accepted = Proposal.objects.filter(
        cycle=context.cycle, status=ProposalStatus.ACCEPTED
    ).order_by("award_type__order")
    for i, proposal in enumerate(accepted):
        services.record_decision(
            actor=context.board,
            proposal=proposal,
            number=DECISION_NUMBERS[i % len(DECISION_NUMBERS)],
            date=DECISION_DATE,
            signer_name=DECISION_SIGNER[0],
            signer_position=f"{DECISION_SIGNER[1]} ({MARK})",
            outcomes={n.pk: services.Outcome(True) for n in proposal.nominees.all()},
        )


PHASE_HOOKS = {
    Phase.PROPOSED.value: propose,
    Phase.DECIDED.value: decide,
}
