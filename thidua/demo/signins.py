"""The demo's sign-ins: one per role, each with the first thing to try and its address, read from
the loaded data (the live cycles of thidua/demo/lam_dong.py and Khối thi đua 8's people)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from thidua.accounts.models import User
from thidua.awards.models import Proposal, ProposalStatus
from thidua.cycles.models import Cycle, Phase
from thidua.demo import data, lam_dong
from thidua.drafting.models import CommentWindow
from thidua.scoring import selectors as scoring_selectors
from thidua.voting.models import BallotSession, SessionStatus

LIVE = {spec.live: spec for spec in lam_dong.BLOCKS}


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    task: str
    path: str


def _live_cycle(phase: str) -> Cycle:
    return Cycle.objects.select_related("head_unit").get(block__name=LIVE[phase].name, phase=phase)


def _head_rep(cycle: Cycle) -> str:
    return data.representative_username(
        next(u.code for u in LIVE[cycle.phase].units if u.name == cycle.head_unit.name)
    )


def sign_ins() -> list[SignIn]:
    """What each printed account can do at once, and where (a path on the site)."""
    drafting = _live_cycle(Phase.DRAFTING)
    window = (  # one with comments waiting for the head's answer
        CommentWindow.objects.filter(
            version__document__cycle=drafting, closed_at__isnull=True, comments__answer_status=""
        )
        .order_by("-version__document__kind")
        .first()
    )
    scoring = _live_cycle(Phase.CROSS_SCORING)
    scorer = User.objects.get(username=data.representative_username("luatgia"))
    scored = scoring_selectors.units_scored_by(scoring, scorer.organisation_id or 0)
    evaluation = _live_cycle(Phase.EVALUATION)
    ballot = (
        BallotSession.objects.filter(cycle=evaluation, status=SessionStatus.OPEN)
        .order_by("pk")
        .first()
    )
    dossier = (
        Proposal.objects.filter(cycle=_live_cycle(Phase.PROPOSED), status=ProposalStatus.SUBMITTED)
        .order_by("award_type__order")
        .first()
    )
    if window is None or not scored or ballot is None or dossier is None:
        raise RuntimeError("The demo's live cycles are not where the sign-ins expect them.")
    window_path = reverse("drafting:window_detail", args=[window.pk])
    return [
        SignIn(
            "Cán bộ Ban Thi đua – Khen thưởng (Board officer)",
            data.BOARD_OFFICER.username,
            "tiếp nhận hoặc trả lại hồ sơ đề nghị khen thưởng đang chờ / "
            "accept or return the dossier waiting for the Board",
            reverse("awards:proposal_detail", args=[dossier.pk]),
        ),
        SignIn(
            f"Đại diện đơn vị trưởng khối (head unit's representative) — {drafting.block.name}",
            _head_rep(drafting),
            "trả lời ý kiến góp ý của các hội về dự thảo / answer the members' comments",
            window_path,
        ),
        SignIn(
            "Lãnh đạo đơn vị thành viên (a member's leader) — Hội Nhà báo",
            data.leader_username("nhabao"),
            "góp ý dự thảo trước hạn / comment on the draft before the deadline",
            window_path,
        ),
        SignIn(
            "Đại diện đơn vị thành viên (a member's representative) — Hội Luật gia",
            scorer.username,
            f"chấm chéo {len(scored)} đơn vị được phân công / cross-score the units assigned",
            reverse("scoring:cross_sheet", args=[scoring.pk, scored[0]]),
        ),
        SignIn(
            "Đại diện đơn vị thành viên (a member's representative) — Hội Người mù",
            data.representative_username(data.PERSONA_CODE),
            "bỏ phiếu kín tại hội nghị bình xét đang diễn ra / vote in the open secret ballot",
            reverse("voting:ballot", args=[ballot.pk]),
        ),
        SignIn(
            f"Đại diện đơn vị trưởng khối (head unit's representative) — {evaluation.block.name}",
            _head_rep(evaluation),
            "theo dõi số phiếu đã bỏ và kết thúc bỏ phiếu / follow the turnout, close the ballot",
            reverse("voting:session", args=[ballot.pk]),
        ),
    ]
