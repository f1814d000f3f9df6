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
from thidua.signing import selectors as signing_selectors
from thidua.voting.models import BallotSession, SessionStatus

LIVE = {spec.live: spec for spec in lam_dong.BLOCKS}


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    task: str
    path: str


def _live_cycle(phase: str) -> Cycle | None:
    """The block's current cycle (it may have moved on since the load: people use the demo)."""
    return (
        Cycle.objects.select_related("block", "head_unit")
        .filter(block__name=LIVE[phase].name)
        .order_by("-year")
        .first()
    )


def _cycle_path(cycle: Cycle | None) -> str:
    return reverse("cycles:cycle_detail", args=[cycle.pk]) if cycle else "/"


def _head_rep(cycle: Cycle | None, phase: str) -> str:
    units = LIVE[phase].units
    code = next((u.code for u in units if cycle and u.name == cycle.head_unit.name), units[2].code)
    return data.representative_username(code)


def _window_path(cycle: Cycle | None, *, unanswered: bool) -> str:
    windows = CommentWindow.objects.filter(
        version__document__cycle=cycle, closed_at__isnull=True
    ).order_by("-version__document__kind")
    if unanswered:  # one with comments waiting for the head's answer
        windows = windows.filter(comments__answer_status="")
    window = windows.first()
    return reverse("drafting:window_detail", args=[window.pk]) if window else _cycle_path(cycle)


def _cross_path(cycle: Cycle | None, username: str) -> tuple[str, int]:
    scorer = User.objects.filter(username=username).first()
    if cycle is None or scorer is None or scorer.organisation_id is None:
        return _cycle_path(cycle), 0
    scored = scoring_selectors.units_scored_by(cycle, scorer.organisation_id)
    if not scored or cycle.phase != Phase.CROSS_SCORING:
        return _cycle_path(cycle), len(scored)
    return reverse("scoring:cross_sheet", args=[cycle.pk, scored[0]]), len(scored)


def _ballot(cycle: Cycle | None) -> BallotSession | None:
    return (
        BallotSession.objects.filter(cycle=cycle, status=SessionStatus.OPEN).order_by("pk").first()
    )


def _dossier_path(cycle: Cycle | None) -> str:
    dossier = (
        Proposal.objects.filter(cycle=cycle, status=ProposalStatus.SUBMITTED)
        .order_by("award_type__order")
        .first()
    )
    return reverse("awards:proposal_detail", args=[dossier.pk]) if dossier else "/"


def _remote_unit() -> str:
    return next(u.name for u in LIVE["signing"].units if u.code == lam_dong.REMOTE_SIGNER_CODE)


def _sign_path(cycle: Cycle | None) -> str:
    """The sign page while the covenant waits for the remote signer's unit."""
    if cycle is None or cycle.phase != Phase.SIGNING:
        return _cycle_path(cycle)
    version = signing_selectors.signing_version(cycle)
    name = _remote_unit()
    if version is None or version.signatures.filter(unit__name=name).exists():
        return _cycle_path(cycle)
    return reverse("signing:sign", args=[cycle.pk])


def sign_ins() -> list[SignIn]:
    """What each printed account can do at once, and where (a path on the site). Once a task is
    done (the demo is used), its sign-in points to the cycle's page instead."""
    drafting = _live_cycle(Phase.DRAFTING)
    scoring = _live_cycle(Phase.CROSS_SCORING)
    cross_path, assigned = _cross_path(scoring, data.representative_username("luatgia"))
    evaluation = _live_cycle(Phase.EVALUATION)
    signing = _live_cycle(Phase.SIGNING)
    ballot = _ballot(evaluation)
    return [
        SignIn(
            "Cán bộ Ban Thi đua – Khen thưởng (Board officer)",
            data.BOARD_OFFICER.username,
            "tiếp nhận hoặc trả lại hồ sơ đề nghị khen thưởng đang chờ / "
            "accept or return the dossier waiting for the Board",
            _dossier_path(_live_cycle(Phase.PROPOSED)),
        ),
        SignIn(
            f"Đại diện đơn vị trưởng khối (head unit's representative) — {LIVE['drafting'].name}",
            _head_rep(drafting, Phase.DRAFTING),
            "trả lời ý kiến góp ý của các hội về dự thảo / answer the members' comments",
            _window_path(drafting, unanswered=True),
        ),
        SignIn(
            "Lãnh đạo đơn vị thành viên (a member's leader) — Hội Nhà báo",
            data.leader_username("nhabao"),
            "góp ý dự thảo trước hạn / comment on the draft before the deadline",
            _window_path(drafting, unanswered=False),
        ),
        SignIn(
            f"Lãnh đạo đơn vị thành viên (a member's leader) — {_remote_unit()}",
            data.leader_username(lam_dong.REMOTE_SIGNER_CODE),
            "ký số từ xa giao ước qua nhà cung cấp THỬ NGHIỆM (duyệt thay điện thoại) / "
            "sign the covenant remotely through the TEST provider (approve on its page)",
            _sign_path(signing),
        ),
        SignIn(
            "Đại diện đơn vị thành viên (a member's representative) — Hội Luật gia",
            data.representative_username("luatgia"),
            f"chấm chéo {assigned} đơn vị được phân công / cross-score the units assigned",
            cross_path,
        ),
        SignIn(
            "Đại diện đơn vị thành viên (a member's representative) — Hội Người mù",
            data.representative_username(data.PERSONA_CODE),
            "bỏ phiếu kín tại hội nghị bình xét đang diễn ra / vote in the open secret ballot",
            reverse("voting:ballot", args=[ballot.pk]) if ballot else _cycle_path(evaluation),
        ),
        SignIn(
            f"Đại diện đơn vị trưởng khối (head unit's representative) — {LIVE['evaluation'].name}",
            _head_rep(evaluation, Phase.EVALUATION),
            "theo dõi số phiếu đã bỏ và kết thúc bỏ phiếu / follow the turnout, close the ballot",
            reverse("voting:session", args=[ballot.pk]) if ballot else _cycle_path(evaluation),
        ),
    ]
