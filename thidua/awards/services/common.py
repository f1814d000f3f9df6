"""What the proposal workflow's steps share: locks, phase and state checks, recipients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.awards.access import EDITABLE
from thidua.awards.models import Proposal
from thidua.core.errors import DomainError
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.lib.files import DOCX, PDF
from thidua.lib.text import initials

#: The cycle phases in which the head builds, edits and submits the dossier.
DOSSIER_PHASES = (Phase.EVALUATION, Phase.PROPOSED)
#: Sections of the achievement report (Form 02), in order.
REPORT_SECTIONS = ("situation", "achievements", "movement", "awards", "proposal")
#: What the report keeps: its sections and who signs it for the unit.
REPORT_FIELDS = (*REPORT_SECTIONS, "signer_name", "signer_position")
MAX_REPORT_BYTES = 10 * 1024 * 1024
REPORT_TYPES = {".pdf": PDF, ".docx": DOCX}


def lock_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update()
        .select_related("cycle", "award_type")
        .get(pk=proposal.pk)
    )


def require_dossier_phase(cycle: Cycle) -> None:
    if cycle.phase not in DOSSIER_PHASES:
        raise DomainError(
            _(
                "The dossier is prepared in the phases “Evaluation” and “Proposed”; "
                "the cycle is in phase “%(phase)s”."
            )
            % {"phase": cycle.get_phase_display()}
        )


def require_editable(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE:
        raise DomainError(
            _("The dossier is “%(status)s”: it can no longer be changed.")
            % {"status": proposal.get_status_display()}
        )


def block_short(name: str) -> str:
    """ "Khối thi đua 8" → "KTĐ8"."""
    return initials(name)


def proposal_state(proposal: Proposal) -> dict[str, Any]:
    return {
        "status": proposal.status,
        "number": proposal.number,
        "date": proposal.date,
        "signer": proposal.signer_name,
        "nominees": list(proposal.nominees.values_list("organisation_id", flat=True)),
    }


def people_of(org_ids: Sequence[int]) -> list[User]:
    return list(
        User.objects.filter(organisation_id__in=org_ids, role__in=UNIT_ROLES, is_active=True)
    )


def board_officers() -> list[User]:
    return list(User.objects.filter(role=Role.BOARD_OFFICER, is_active=True))


def head_leader(cycle: Cycle) -> User | None:
    return (
        User.objects.filter(organisation_id=cycle.head_unit_id, role=Role.LEADER, is_active=True)
        .order_by("pk")
        .first()
    )


def default_summary(cycle: Cycle, award_type: AwardType, members: int) -> str:
    """A starting text for the tờ trình's results section (the head rewrites it)."""
    return (
        f"Năm {cycle.year}, {cycle.block.name} gồm {members} đơn vị thành viên đã tổ chức ký kết "
        "giao ước thi đua, triển khai kế hoạch hoạt động, tự chấm điểm và chấm chéo theo Quy chế "
        "hoạt động và bình xét thi đua, khen thưởng của Khối. Tại hội nghị tổng kết, Khối đã bình "
        f"xét và bỏ phiếu kín đề nghị {award_type.name} năm {cycle.year}."
    )
