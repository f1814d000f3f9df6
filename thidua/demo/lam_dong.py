"""The merged province's blocks (issue 15): four blocks of Lâm Đồng with two closed years of
history and a current year in a live phase, so that each printed sign-in has its next task.

Each block is a story line (thidua/demo/clock.py) that runs alongside Khối thi đua 8's: a
generator yielding the moment of each step. The years before the current one keep their dates in
the calendar (created in January, scored in December, evaluated and proposed in January,
decided in March); the current year follows the day the demo is loaded, so that its comment
window, its cross-scoring and its ballot are open on that day, and a dossier waits for the
Board. From the current year on, the twelve associations of Khối thi đua 8 (of the former Bình
Thuận, whose blocks the Board closes once the new year's blocks are formed — Khối thi đua 8 once
its 2025 year is closed, in March 2026) join these blocks.

Everything here is invented: the blocks, their units, people, scores, votes and decisions (the
block descriptions say so; official texts carry no demo marker).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thidua.accounts import services as people
from thidua.accounts.models import Role, User
from thidua.awards import selectors as award_selectors
from thidua.awards import services as awards
from thidua.awards.models import Proposal
from thidua.cycles import services as cycles
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.demo import data
from thidua.demo.clock import StoryClock, local
from thidua.demo.phases.drafting_texts import TEXTS
from thidua.drafting import services as drafting
from thidua.meetings import selectors as meeting_selectors
from thidua.meetings import services as meetings
from thidua.meetings.models import MeetingKind
from thidua.orgs import services as orgs
from thidua.orgs.models import Block, Organisation, Province
from thidua.scoring import ranking_services
from thidua.scoring import selectors as scoring_selectors
from thidua.scoring import services as scoring
from thidua.scoring.models import NodeKind
from thidua.scoring.services import LineInput, NodeInput
from thidua.signing import services as signing
from thidua.voting import ballot_box
from thidua.voting import selectors as voting_selectors
from thidua.voting import services as voting
from thidua.voting.models import SessionKind


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    leader: str
    representative: str


@dataclass(frozen=True)
class BlockSpec:
    name: str
    description: str
    units: tuple[Unit, ...]
    # Khối thi đua 8's associations that join the block in the current year.
    joining: tuple[str, ...]
    # Where the current year stands on the day of the load.
    live: str


_NOTE = (
    " Từ năm {year}, các hội của tỉnh Bình Thuận (cũ) trong Khối thi đua 8 tham gia khối. "
    + data.DEMO_MARK
    + ": khối, đơn vị, người dùng, điểm, phiếu bầu và quyết định khen thưởng là bịa."
)

BLOCKS = [
    BlockSpec(
        "Khối thi đua các hội văn hoá – xã hội",
        "Các hội văn hoá, nghệ thuật và xã hội cấp tỉnh.",
        (
            Unit("disan", "Hội Di sản văn hoá tỉnh", "Nguyễn Đình Khải", "Lê Thị Bích Ngọc"),
            Unit("sinhvatcanh", "Hội Sinh vật cảnh tỉnh", "Trần Văn Hậu", "Phạm Thị Thu"),
            Unit("kientruc", "Hội Kiến trúc sư tỉnh", "Hoàng Minh Đức", "Đặng Thu Thảo"),
            Unit("nhiepanh", "Hội Nhiếp ảnh tỉnh", "Võ Quang Vinh", "Nguyễn Thị Kim Oanh"),
        ),
        ("nhabao", "vhnt", "khuyenhoc"),
        Phase.DRAFTING,
    ),
    BlockSpec(
        "Khối thi đua các hội nghề nghiệp",
        "Các hội, hiệp hội nghề nghiệp và doanh nghiệp cấp tỉnh.",
        (
            Unit("caphe", "Hiệp hội Cà phê tỉnh", "K'Brơi", "Lương Văn Tín"),
            Unit("dulich", "Hiệp hội Du lịch tỉnh", "Phan Thanh Tùng", "Trịnh Thị Mỹ Linh"),
            Unit("doanhnhan", "Hội Doanh nhân trẻ tỉnh", "Đỗ Hoàng Nam", "Bùi Thị Ngân"),
            Unit("lamvuon", "Hội Làm vườn tỉnh", "Ha Sơn", "Lý Thị Hồng"),
        ),
        ("luatgia", "khkt", "dongy"),
        Phase.CROSS_SCORING,
    ),
    BlockSpec(
        "Khối thi đua các hội đặc thù",
        "Các hội có tính chất đặc thù cấp tỉnh.",
        (
            Unit("cugiaochuc", "Hội Cựu giáo chức tỉnh", "Nguyễn Văn Thạnh", "Trần Thị Lệ"),
            Unit("nkt", "Hội Người khuyết tật tỉnh", "Lê Văn Cường", "Ngô Thị Diễm"),
            Unit("cuutu", "Hội Cựu tù chính trị và tù binh tỉnh", "Phạm Văn Hoà", "Vũ Thị Nga"),
            Unit("benhnhan", "Hội Bảo trợ bệnh nhân nghèo tỉnh", "Đinh Thị Hằng", "Hồ Văn Lâm"),
        ),
        ("nguoimu", "baotro", "dacam"),
        Phase.EVALUATION,
    ),
    BlockSpec(
        "Khối thi đua các hội khoa học – y tế",
        "Các hội khoa học, y tế cấp tỉnh.",
        (
            Unit("yhoc", "Hội Y học tỉnh", "Trương Công Minh", "Lâm Thị Phượng"),
            Unit("dieuduong", "Hội Điều dưỡng tỉnh", "Nguyễn Thị Xuân", "Cao Văn Phát"),
            Unit("tinhoc", "Hội Tin học tỉnh", "Huỳnh Tấn Lộc", "Mai Thị Thanh Tâm"),
            Unit("lichsu", "Hội Khoa học Lịch sử tỉnh", "Đoàn Văn Thiện", "Tạ Thị Hương"),
        ),
        ("nct", "tnxp", "chuthapdo"),
        Phase.PROPOSED,
    ),
    # Its first cycle is this year's: its covenant is being signed (remote signing's demo).
    BlockSpec(
        "Khối thi đua các hội nông nghiệp – môi trường",
        "Các hội nông nghiệp, thuỷ lợi và bảo vệ môi trường cấp tỉnh.",
        (
            Unit("lamnghiep", "Hội Khoa học Lâm nghiệp tỉnh", "Lê Thanh Bình", "Châu Thị Mai"),
            Unit("thuyloi", "Hội Thuỷ lợi tỉnh", "Ka Siêng", "Trần Quốc Bảo"),
            Unit(
                "moitruong",
                "Hội Bảo vệ thiên nhiên và môi trường tỉnh",
                "Phùng Văn Sáu",
                "Lê Thị Yến",
            ),
            Unit("chechenho", "Hiệp hội Chè tỉnh", "Đặng Minh Trí", "Nguyễn Thị Hoài"),
        ),
        (),
        Phase.SIGNING,
    ),
]
# The leader of the signing block who tries remote signing (thidua/demo/remote.py).
REMOTE_SIGNER_CODE = "lamnghiep"
DECISION_SIGNER = ("Lê Quang Trung", "Chủ tịch UBND tỉnh Lâm Đồng")  # invented

G, Q, P, C = NodeKind.GROUP, NodeKind.QUALITATIVE, NodeKind.PASS_FAIL, NodeKind.COUNT
# (parent, kind, code, title, max points, extra)
TABLE: list[tuple[str | None, str, str, str, int, dict[str, Any]]] = [
    (None, G, "I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 0, {}),
    ("I", Q, "1.1", "Kết quả thực hiện các chỉ tiêu công tác năm", 30, {}),
    (
        "I",
        C,
        "1.2",
        "Mô hình, điển hình tiên tiến được xây dựng và nhân rộng",
        10,
        {"points_per_unit": Decimal(2), "unit_label": "mô hình"},
    ),
    ("I", P, "1.3", "Gửi báo cáo định kỳ đúng thời hạn", 10, {}),
    (None, G, "II", "Xây dựng tổ chức hội vững mạnh", 0, {}),
    ("II", Q, "2.1", "Phát triển hội viên, kiện toàn tổ chức", 25, {}),
    ("II", Q, "2.2", "Cải cách hành chính, chuyển đổi số", 15, {}),
    (None, G, "III", "Tham gia các hoạt động chung của khối", 0, {}),
    ("III", P, "3.1", "Tham gia đầy đủ các hoạt động chung", 10, {}),
    (None, NodeKind.BONUS, "IV", "Điểm thưởng: sáng kiến được cấp trên ghi nhận", 5, {}),
]
COMMENTS = [
    ("regulation", "a4", "Đề nghị bổ sung việc gửi báo cáo qua phần mềm thay cho bản giấy."),
    ("plan", "a2", "Đề nghị đưa chuyến trao đổi kinh nghiệm giữa các hội lên quý II."),
    ("covenant", "", "Hội thống nhất với dự thảo giao ước, đề nghị sớm tổ chức ký kết."),
]


def current_year(end: dt.datetime) -> int:
    """The year of the live cycles: the load's year from July on (its work has had time to
    reach cross-scoring), else the year before, finishing its evaluation. Never before 2026:
    Khối thi đua 8's associations join the blocks after their 2025 year."""
    local_end = timezone.localtime(end)
    return max(local_end.year if local_end.month >= 7 else local_end.year - 1, 2026)


@dataclass
class Env:
    """What the lines share: the story's clock, the Board officer, Lâm Đồng, the current year,
    Khối 8's units, and the accounts made here."""

    clock: StoryClock
    board: User
    province: Province
    year: int
    khoi8_units: dict[str, Organisation]
    users: dict[str, User] = field(default_factory=dict)

    def rep(self, org: Organisation) -> User:
        return _person_of(org, Role.REPRESENTATIVE)

    @property
    def end(self) -> dt.datetime:
        return self.clock.end

    def ago(self, days: int = 0, minutes: float = 0) -> dt.datetime:
        """`days` whole days before the load, at 09:00 (office hours, whatever the hour of the
        load) less `minutes`; with no days, `minutes` before the load."""
        if days < 1:
            return self.end - dt.timedelta(minutes=minutes)
        day = timezone.localtime(self.end).date() - dt.timedelta(days=days)
        return local(day.year, day.month, day.day, 9, 0) - dt.timedelta(minutes=minutes)

    def meeting_start(self) -> dt.datetime:
        """08:00 today, or yesterday if the load is earlier than 10:00 (the meeting is on)."""
        now = timezone.localtime(self.end)
        day = now.date() - dt.timedelta(days=0 if now.hour >= 10 else 1)
        return local(day.year, day.month, day.day, 8, 0)


def _person_of(org: Organisation, role: str) -> User:
    person = User.objects.filter(organisation=org, role=role, is_active=True).order_by("pk").first()
    if person is None:
        raise RuntimeError(f"The demo unit {org.name} needs a {role}.")
    return person


def lines(env: Env) -> list[Iterator[dt.datetime]]:
    """One story line per block, and the Board's line that closes Bình Thuận's blocks."""
    return [_closing_line(env)] + [_block_line(env, spec, i) for i, spec in enumerate(BLOCKS)]


def _closing_line(env: Env) -> Iterator[dt.datetime]:
    """The Board closes Bình Thuận's blocks once Lâm Đồng's blocks are formed; a block whose
    last year is still being evaluated (Khối thi đua 8) is closed by the loader once that year
    is closed."""
    yield local(env.year, 1, 5, 9, 0)
    for block in Block.objects.filter(province__code=data.BINH_THUAN.code).order_by("name"):
        if not block.cycles.exclude(phase=Phase.CLOSED).exists():
            close_block(env.board, block, since=env.year)


def close_block(board: User, block: Block, *, since: int) -> None:
    """The Board closes a block of the former Bình Thuận: its associations are in Lâm Đồng's
    blocks from `since`."""
    orgs.update_block(
        actor=board,
        block=block,
        name=block.name,
        description=block.description
        + f" Khối kết thúc hoạt động sau khi hợp nhất tỉnh (từ năm {since}).",
        is_active=False,
    )


def _block_line(env: Env, spec: BlockSpec, i: int) -> Iterator[dt.datetime]:
    # The signing block's people are registered with everyone else's, but its first cycle (its
    # first members) is this year's.
    formed_this_year = spec.live == Phase.SIGNING
    first = env.year - 2
    yield local(first, 1, 16, 9, 10 * i)
    block = orgs.create_block(
        actor=env.board,
        province=env.province,
        name=spec.name,
        description=spec.description + _NOTE.format(year=env.year),
    )
    units = []
    for order, unit in enumerate(spec.units, start=1):
        org = orgs.create_organisation(actor=env.board, province=env.province, name=unit.name)
        units.append(org)
        orgs.add_membership(
            actor=env.board,
            block=block,
            organisation=org,
            year=env.year if formed_this_year else first,
            order=order,
        )
        for role, name, username in (
            (Role.LEADER, unit.leader, data.leader_username(unit.code)),
            (Role.REPRESENTATIVE, unit.representative, data.representative_username(unit.code)),
        ):
            env.users[username] = people.create_person(
                actor=env.board,
                username=username,
                full_name=name,
                role=role,
                email=f"{username}@{data.EMAIL_DOMAIN}",
                organisation=org,
                position="Chủ tịch" if role == Role.LEADER else "Chánh Văn phòng",
            )
    # Each year is a line of its own: next year's cycle opens while this one awaits its decision.
    for k, year in enumerate(() if formed_this_year else (first, first + 1)):
        env.clock.meanwhile(_past_year(env, block, units, year, k, i))
    env.clock.meanwhile(_current_year(env, spec, block, units, i))


# --- the years before: on their calendar days -----------------------------------------------


def _past_year(
    env: Env,
    block: Block,
    units: list[Organisation],
    year: int,
    k: int,
    i: int,
) -> Iterator[dt.datetime]:
    """A closed year: opened by the Board, scored, evaluated, proposed and decided."""
    rng = random.Random(f"{block.name} {year}")  # noqa: S311 (invented demo numbers)
    yield local(year, 1, 20, 9, 10 * i)
    cycle = cycles.create_cycle(
        actor=env.board, block=block, year=year, head_unit=units[k], deputy_unit=units[k + 1]
    )
    head = env.rep(units[k])
    for phase, moment in (
        (Phase.DRAFTING, local(year, 2, 20, 8, i)),
        (Phase.SIGNING, local(year, 3, 10, 8, i)),
        (Phase.IN_PROGRESS, local(year, 3, 31, 8, i)),
    ):
        yield moment
        _advance(head, cycle, phase)
    yield local(year, 4, 8, 9, 10 * i)
    _table(head, cycle, first=k == 0)
    yield local(year, 11, 25, 8, i)
    _advance(head, cycle, Phase.SELF_ASSESSMENT)
    yield local(year, 12, 5, 8, i)
    _advance(head, cycle, Phase.CROSS_SCORING)
    scoring.assign_scorers(actor=head, cycle=cycle)
    for n, scorer in enumerate(units):
        yield local(year, 12, 6 + n, 9, 10 * i)
        _cross_score(env, cycle, scorer, rng)
    yield local(year, 12, 18, 8, i)
    _advance(head, cycle, Phase.RESULTS_PUBLISHED)
    ranking_services.publish_ranking(actor=head, cycle=cycle)
    yield local(year + 1, 1, 5, 8, i)
    _advance(head, cycle, Phase.EVALUATION)
    meeting_day = local(year + 1, 1, 8 + i, 8, 0)
    yield from _evaluation(env, cycle, head, meeting_day, voters=units, close=True)
    yield local(year + 1, 1, 12 + i, 8, 0)
    _advance(head, cycle, Phase.PROPOSED)
    yield from _dossiers(env, cycle, head, local(year + 1, 1, 13 + i, 9, 0), submit_days=5)
    yield local(year + 1, 1, 27, 14, 10 * i)
    for proposal in Proposal.objects.filter(cycle=cycle).order_by("award_type__order"):
        awards.accept_proposal(actor=env.board, proposal=proposal)
    yield local(year + 1, 3, 6, 8, i)
    _advance(head, cycle, Phase.DECIDED)
    yield local(year + 1, 3, 6, 9, 10 * i)
    for j, proposal in enumerate(
        Proposal.objects.filter(cycle=cycle).order_by("award_type__order")
    ):
        awards.record_decision(
            actor=env.board,
            proposal=proposal,
            number=f"{310 + 10 * i + j}/QĐ-UBND",
            date=dt.date(year + 1, 3, 4),
            signer_name=DECISION_SIGNER[0],
            signer_position=DECISION_SIGNER[1],
            outcomes={n.pk: awards.Outcome(True) for n in proposal.nominees.all()},
        )
    yield local(year + 1, 3, 12, 8, i)
    _advance(head, cycle, Phase.CLOSED)


#: Why the head moves on with what the product still lists as unfinished: these blocks drafted,
#: signed and sent their papers on paper before they used the product.
ON_PAPER = "Văn bản của khối được soạn, góp ý và ký trên giấy; hồ sơ lưu tại đơn vị trưởng khối."


def _advance(head: User, cycle: Cycle, phase: str) -> None:
    """Advance, acknowledging the phase's warnings (recorded with the reason) if it has any."""
    cycles.advance_phase(actor=head, cycle=cycle, to_phase=phase, acknowledge=True, reason=ON_PAPER)


def _table(head: User, cycle: Cycle, *, first: bool) -> None:
    if not first:
        scoring.copy_previous_table(actor=head, cycle=cycle)
        return
    nodes: dict[str, Any] = {}
    for parent, kind, code, title, maximum, extra in TABLE:
        limit = Decimal(maximum) if maximum else None
        nodes[code] = scoring.add_node(
            actor=head,
            cycle=cycle,
            parent=nodes.get(parent) if parent else None,
            data=NodeInput(
                kind=kind,
                code=code,
                title=title,
                guidance="",
                max_points=limit,
                cap=limit if kind == NodeKind.BONUS else None,
                **extra,
            ),
        )


def _value(node: Any, strength: float, rng: random.Random) -> str:
    top = node.max_points
    if node.kind == P:
        return "1" if rng.random() < 0.8 + strength / 10 else "0"
    if node.kind == C:
        return str(rng.randint(2, 5))
    if node.kind == NodeKind.BONUS:
        return str(rng.choice([0, 0, 1, 2, 3]))
    value = Decimal(round(float(top) * min(1.0, strength + rng.uniform(0, 0.1)) * 4)) / 4
    return str(min(value, top))


def _entries(cycle: Cycle, rng: random.Random, **line: str) -> dict[int, LineInput]:
    strength = rng.uniform(0.7, 0.95)
    return {
        node.pk: LineInput(value=_value(node, strength, rng), **line)
        for node in scoring_selectors.leaves(cycle.criteria_table)
    }


def _cross_score(env: Env, cycle: Cycle, scorer: Organisation, rng: random.Random) -> None:
    actor = env.rep(scorer)
    for unit_id in scoring_selectors.units_scored_by(cycle, scorer.pk):
        unit = Organisation.objects.get(pk=unit_id)
        sheet = scoring.save_cross_scores(
            actor=actor, cycle=cycle, unit=unit, version=None, entries=_entries(cycle, rng, note="")
        )
        scoring.submit_cross_scores(actor=actor, cycle=cycle, unit=unit, version=sheet.version)


def _evaluation(
    env: Env,
    cycle: Cycle,
    head: User,
    start: dt.datetime,
    *,
    voters: list[Organisation],
    close: bool,
) -> Iterator[dt.datetime]:
    """The year-end meeting: every member present, a secret ballot per title, `voters` vote."""
    yield start - dt.timedelta(minutes=15)
    leader = _person_of(cycle.head_unit, Role.LEADER)
    meeting = meetings.create_meeting(
        actor=head,
        cycle=cycle,
        values={
            "kind": MeetingKind.YEAR_END,
            "date": timezone.localtime(start).date(),
            "start_time": timezone.localtime(start).time().replace(second=0, microsecond=0),
            "place": f"Hội trường {cycle.head_unit.name}",
            "chair_name": leader.full_name,
            "chair_position": f"Chủ tịch {cycle.head_unit.name}, Trưởng khối",
            "chair_unit": cycle.head_unit.name,
            "secretary_name": head.full_name,
            "secretary_position": head.position,
            "secretary_unit": cycle.head_unit.name,
            "agenda": [
                f"Tổng kết phong trào thi đua năm {cycle.year} của khối",
                "Bình xét, bỏ phiếu kín đề nghị khen thưởng",
            ],
            "guests": "Đại diện Phòng Thi đua, khen thưởng, Sở Nội vụ",
            "discussion": "Trưởng khối báo cáo tổng kết năm và kết quả chấm điểm đã công bố; "
            "hội nghị bỏ phiếu kín điện tử đề nghị khen thưởng.",
            "conclusions": "Hội nghị thống nhất kết quả bình xét theo biên bản.",
        },
    )
    members = meeting_selectors.members(cycle)
    meetings.record_attendance(
        actor=head,
        meeting=meeting,
        rows=[(org.pk, True, _person_of(org, Role.LEADER).full_name) for org in members],
    )
    yield start + dt.timedelta(minutes=5)
    sessions = [
        voting.prepare_session(actor=head, cycle=cycle, kind=SessionKind.AWARD, award_type=award)
        for award in voting_selectors.award_types_of(cycle)
    ]
    sessions = [voting.open_session(actor=head, session=s) for s in sessions]
    for n, org in enumerate(voters):
        yield start + dt.timedelta(minutes=10 + 3 * n)
        person = env.rep(org)
        for session in sessions:
            ballot_box.cast_ballot(
                actor=person,
                session=session,
                unit=org,
                choices={c.pk: "agree" for c in session.candidates.all()},
                reauthenticated=True,
            )
    if close:
        yield start + dt.timedelta(minutes=15 + 3 * len(voters))
        for session in sessions:
            voting.close_session(actor=head, session=session)


def _dossiers(
    env: Env, cycle: Cycle, head: User, start: dt.datetime, *, submit_days: float
) -> Iterator[dt.datetime]:
    """The head builds a dossier per title that has passed candidates; each nominee writes its
    report; the head sends them `submit_days` after starting."""
    yield start
    built = []
    for award in AwardType.objects.filter(province=env.province).order_by("order"):
        if award_selectors.passed_candidates(cycle, award):
            proposal = awards.build_proposal(actor=head, cycle=cycle, award_type=award)
            built.append(
                awards.update_proposal(
                    actor=head, proposal=proposal, values={"date": timezone.localdate()}
                )
            )
    writing = start
    for proposal in built:
        for nominee in proposal.nominees.select_related("organisation"):
            writing += dt.timedelta(days=1)
            yield writing
            awards.write_report(
                actor=env.rep(nominee.organisation),
                nominee=nominee,
                sections=_report(nominee.name, proposal.award_type.name, cycle.year),
            )
    yield max(writing, start + dt.timedelta(days=submit_days))
    for proposal in built:
        awards.submit_proposal(actor=head, proposal=proposal)


def _report(name: str, title: str, year: int) -> dict[str, str]:
    return {
        "situation": f"{name} là tổ chức hội cấp tỉnh, có ban thường vụ, văn phòng và các chi "
        "hội cơ sở.",
        "achievements": f"Hoàn thành toàn diện các chỉ tiêu công tác năm {year}; phát triển hội "
        "viên mới vượt kế hoạch; nhân rộng các mô hình hay trong hội viên.",
        "movement": "Tham gia đầy đủ các hoạt động chung của khối và thực hiện tốt giao ước "
        "thi đua đã ký.",
        "awards": "",
        "proposal": f"Đề nghị Chủ tịch UBND tỉnh tặng {title} năm {year}.",
    }


# --- the current year: following the day of the load ---------------------------------------


def _current_year(
    env: Env, spec: BlockSpec, block: Block, units: list[Organisation], i: int
) -> Iterator[dt.datetime]:
    year = env.year
    rng = random.Random(f"{block.name} {year}")  # noqa: S311 (invented demo numbers)
    yield local(year, 1, 20, 9, 10 * i + 5)
    cycle = cycles.create_cycle(
        actor=env.board, block=block, year=year, head_unit=units[2], deputy_unit=units[3]
    )
    for code in spec.joining:
        orgs.add_membership(
            actor=env.board, block=block, organisation=env.khoi8_units[code], year=year
        )
    head = env.rep(units[2])
    members = scoring_selectors.member_ids(cycle)
    if spec.live == Phase.CROSS_SCORING:
        # This block has each unit scored by two others this year.
        cycles.update_policy(
            actor=env.board, policy=cycle.policy, values={"scorers_per_unit": 2}, quotas={}
        )
    if spec.live == Phase.DRAFTING:
        yield from _live_drafting(env, cycle, head, units)
        return
    if spec.live == Phase.SIGNING:
        yield from _live_signing(env, cycle, head, units)
        return
    for phase, moment in (
        (Phase.DRAFTING, local(year, 2, 20, 8, i)),
        (Phase.SIGNING, local(year, 3, 10, 8, i)),
        (Phase.IN_PROGRESS, local(year, 3, 31, 8, i)),
    ):
        yield moment
        _advance(head, cycle, phase)
    yield local(year, 4, 8, 9, 10 * i)
    _table(head, cycle, first=False)
    # How long before the load the year's last steps happened: the live phase comes last.
    lead = {"cross_scoring": 0, "evaluation": 25, "proposed": 45}[spec.live]
    yield env.ago(days=lead + 30)
    _advance(head, cycle, Phase.SELF_ASSESSMENT)
    for n, unit_id in enumerate(members):
        yield env.ago(days=lead + 29 - n, minutes=-60 * i)
        unit = Organisation.objects.get(pk=unit_id)
        actor = env.rep(unit)
        sheet = scoring.save_self_assessment(
            actor=actor,
            cycle=cycle,
            unit=unit,
            version=None,
            entries=_entries(cycle, rng, target="", explanation="Theo báo cáo tổng kết năm."),
        )
        scoring.submit_self_assessment(actor=actor, cycle=cycle, unit=unit, version=sheet.version)
    yield env.ago(days=lead + 14)
    _advance(head, cycle, Phase.CROSS_SCORING)
    scoring.assign_scorers(actor=head, cycle=cycle)
    scorers = [Organisation.objects.get(pk=pk) for pk in members]
    if spec.live == Phase.CROSS_SCORING:
        # Three of the block's own units have scored; the units that joined have not.
        for n, scorer in enumerate(scorers[:3]):
            yield env.ago(days=10 - 3 * n)
            _cross_score(env, cycle, scorer, rng)
        return
    for n, scorer in enumerate(scorers):
        yield env.ago(days=lead + 13 - n, minutes=-60 * i)
        _cross_score(env, cycle, scorer, rng)
    yield env.ago(days=lead - 5)
    _advance(head, cycle, Phase.RESULTS_PUBLISHED)
    ranking_services.publish_ranking(actor=head, cycle=cycle)
    if spec.live == Phase.EVALUATION:
        yield env.ago(days=3)
        _advance(head, cycle, Phase.EVALUATION)
        # The meeting is under way: four units have voted, the others have not yet.
        voters = [u for u in scorers if u.pk not in {env.khoi8_units["nguoimu"].pk}][:4]
        yield from _evaluation(env, cycle, head, env.meeting_start(), voters=voters, close=False)
        return
    yield env.ago(days=15)
    _advance(head, cycle, Phase.EVALUATION)
    yield from _evaluation(env, cycle, head, env.ago(days=12), voters=scorers, close=True)
    yield env.ago(days=11)
    _advance(head, cycle, Phase.PROPOSED)
    yield from _dossiers(env, cycle, head, env.ago(days=10), submit_days=8)


def _live_signing(
    env: Env, cycle: Cycle, head: User, units: list[Organisation]
) -> Iterator[dt.datetime]:
    """The covenant was drafted and frozen for signing this month: the head and deputy units'
    leaders have confirmed it; the others, among them the leader who tries remote signing,
    have not yet."""
    yield env.ago(days=20)
    _advance(head, cycle, Phase.DRAFTING)
    preamble, articles = TEXTS["covenant"](cycle.block.name, cycle.year)
    drafting.create_document(
        actor=head,
        cycle=cycle,
        kind="covenant",
        start="empty",
        preamble=preamble,
        articles=articles,
        note="Dự thảo lần 1",
    )
    yield env.ago(days=10)
    _advance(head, cycle, Phase.SIGNING)
    yield env.ago(days=10, minutes=-60)
    version = signing.freeze_for_signing(
        actor=head, cycle=cycle, acknowledge=True, reason="Dự thảo đã được các hội thống nhất."
    )
    for n, unit in enumerate(units[2:]):
        yield env.ago(days=9 - n)
        leader = _person_of(unit, Role.LEADER)
        signing.sign_online(actor=leader, cycle=cycle, version=version, ip_address=None)


def _live_drafting(
    env: Env, cycle: Cycle, head: User, units: list[Organisation]
) -> Iterator[dt.datetime]:
    """The texts were drafted this week: the comment windows are open, three units have
    commented, the head has answered one comment; the others are waiting."""
    yield env.ago(days=6)
    _advance(head, cycle, Phase.DRAFTING)
    windows = {}
    for kind, texts in TEXTS.items():
        preamble, articles = texts(cycle.block.name, cycle.year)
        document = drafting.create_document(
            actor=head,
            cycle=cycle,
            kind=kind,
            start="empty",
            preamble=preamble,
            articles=articles,
            note="Dự thảo lần 1",
        )
        version = drafting.latest_version(document)
        if version is None:
            raise RuntimeError("A new document has its first version.")
        windows[kind] = (version, document)
    yield env.ago(days=5)
    last_day = timezone.localtime(env.end + dt.timedelta(days=5)).date()
    deadline = local(last_day.year, last_day.month, last_day.day, 17, 0)
    opened = {
        kind: drafting.open_comment_window(actor=head, version=version, deadline=deadline)
        for kind, (version, _document) in windows.items()
    }
    written = []
    authors = [units[0], units[1], env.khoi8_units["vhnt"]]
    for n, ((kind, key, text), unit) in enumerate(zip(COMMENTS, authors, strict=True)):
        yield env.ago(days=4 - n)
        written.append(
            drafting.add_comment(
                actor=env.rep(unit), window=opened[kind], article_key=key, text=text
            )
        )
    yield env.ago(days=1)
    drafting.answer_comment(actor=head, comment=written[2], status="accepted")
