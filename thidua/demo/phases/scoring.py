"""The demo's scoring of Khối thi đua 8 (invented numbers and criteria).

- in_progress: the head unit builds a 16-item criteria table (groups I–IV worth 100 points,
  then a bonus item and a penalty item) on 15/04/2024; in 2025 the head copies 2024's table on
  28/04/2025 (after the registrations);
- self_assessment: each of the 12 member units self-assesses and submits (from 3 December);
- cross_scoring: every unit scores every other unit and submits (from 13 December);
- results_published: the head unit publishes the ranking of those scores on 27 December.

Numbers come from ``random.Random(year)`` so that the demo is the same on every load.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.scoring import ranking_services, selectors, services
from thidua.scoring.models import CriteriaNode, Formula, NodeKind
from thidua.scoring.services import LineInput, NodeInput

YEAR = 2024
EXPLANATION = "Số liệu theo báo cáo tổng kết năm của đơn vị, kèm minh chứng."
G, Q, P, N, C = (
    NodeKind.GROUP,
    NodeKind.QUALITATIVE,
    NodeKind.PASS_FAIL,
    NodeKind.QUANTITATIVE,
    NodeKind.COUNT,
)

# (parent code, kind, code, title, max, extra fields)
TABLE: list[tuple[str | None, str, str, str, int, dict[str, Any]]] = [
    (None, G, "I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 0, {}),
    ("I", Q, "1.1", "Xây dựng và triển khai kế hoạch công tác năm", 10, {}),
    (
        "I",
        N,
        "1.2",
        "Tỷ lệ hoàn thành các chỉ tiêu chuyên môn được giao",
        15,
        {"formula": Formula.PROPORTIONAL, "target": Decimal(100), "unit_label": "%"},
    ),
    (
        "I",
        N,
        "1.3",
        "Phát triển hội viên, đoàn viên mới",
        10,
        {"formula": Formula.BANDED, "unit_label": "người"},
    ),
    (
        "I",
        C,
        "1.4",
        "Mô hình, điển hình tiên tiến được xây dựng và nhân rộng",
        8,
        {"points_per_unit": Decimal(2), "unit_label": "mô hình"},
    ),
    ("I", P, "1.5", "Gửi báo cáo định kỳ đúng thời hạn, đủ nội dung", 7, {}),
    (None, G, "II", "Công tác xây dựng tổ chức, cán bộ", 0, {}),
    ("II", Q, "2.1", "Kiện toàn tổ chức bộ máy, quy chế làm việc", 8, {}),
    (
        "II",
        C,
        "2.2",
        "Lớp đào tạo, bồi dưỡng cán bộ, hội viên",
        6,
        {"points_per_unit": Decimal(1), "unit_label": "lớp"},
    ),
    ("II", Q, "2.3", "Cải cách hành chính, chuyển đổi số", 6, {}),
    (None, G, "III", "Công tác thi đua, khen thưởng", 0, {}),
    ("III", Q, "3.1", "Phát động và tổ chức các phong trào thi đua", 8, {}),
    ("III", P, "3.2", "Tham gia đầy đủ các hoạt động chung của khối", 6, {}),
    ("III", Q, "3.3", "Sơ kết, tổng kết, khen thưởng kịp thời, đúng đối tượng", 6, {}),
    (None, G, "IV", "Chấp hành chính sách, pháp luật; công tác nội bộ", 0, {}),
    ("IV", P, "4.1", "Không có đơn thư khiếu nại, tố cáo vượt cấp", 5, {}),
    ("IV", Q, "4.2", "Thực hành tiết kiệm, chống lãng phí", 5, {}),
    (
        None,
        NodeKind.BONUS,
        "V",
        "Điểm thưởng: sáng kiến, mô hình mới được cấp trên ghi nhận",
        5,
        {},
    ),
    (None, NodeKind.PENALTY, "VI", "Điểm trừ: bị phê bình, chậm báo cáo", 5, {}),
]


def _head(context: Any) -> Any:
    """The head unit's representative (Hội NCT in 2024, Hội NNCĐDC/dioxin in 2025)."""
    code = _code_of(context)[context.cycle.head_unit_id]
    return context.users[data.representative_username(code)]


def _code_of(context: Any) -> dict[int, str]:
    return {org.pk: code for code, org in context.units.items()}


def build_table(context: Any) -> None:
    actor, cycle = _head(context), context.cycle
    if cycle.year != YEAR:
        context.clock.at(local(cycle.year, 4, 28, 9, 0))
        services.copy_previous_table(actor=actor, cycle=cycle)
        return
    context.clock.at(local(2024, 4, 15, 9, 0))
    by_code: dict[str, CriteriaNode] = {}
    for parent, kind, code, title, maximum, extra in TABLE:
        context.clock.later(minutes=2)
        guidance = ""
        limit = Decimal(maximum) if maximum else None
        node_data = NodeInput(
            kind=kind,
            code=code,
            title=title,
            guidance=guidance,
            max_points=limit,
            cap=limit if kind in (NodeKind.BONUS, NodeKind.PENALTY) else None,
            **extra,
        )
        by_code[code] = services.add_node(
            actor=actor, cycle=cycle, parent=by_code.get(parent) if parent else None, data=node_data
        )


def _quarter(value: float, top: Decimal) -> str:
    """A score rounded to a quarter point, within 0..top."""
    q = Decimal(round(value * 4)) / 4
    return str(min(max(q, Decimal(0)), top))


def _self_entries(
    node_list: list[CriteriaNode], strength: float, rng: random.Random
) -> dict[int, LineInput]:
    entries: dict[int, LineInput] = {}
    for node in node_list:
        top = node.max_points
        explanation = EXPLANATION
        target = ""
        if node.kind == Q:
            value = _quarter(float(top) * min(1.0, strength + rng.uniform(0.0, 0.1)), top)
        elif node.kind == P:
            value = "1" if rng.random() < 0.75 + strength / 5 else "0"
        elif node.kind == N and node.target is not None:
            value = str(round(Decimal(70 + 40 * strength + rng.uniform(-5, 10)), 1))
        elif node.kind == N:
            target = str(rng.choice([50, 80, 100, 120, 150]))
            value = str(
                round(Decimal(int(target) * (0.7 + 0.5 * strength + rng.uniform(-0.1, 0.1))))
            )
        elif node.kind == C:
            value = str(rng.randint(1, 5))
        elif node.kind == NodeKind.BONUS:
            value = _quarter(rng.choice([0, 0, 1, 2, 3]), top)
        else:
            value = _quarter(rng.choice([0, 0, 0, 0.5, 1]), top)
        entries[node.pk] = LineInput(value=value, target=target, explanation=explanation)
    return entries


def self_assess(context: Any) -> None:
    cycle = context.cycle
    rng = random.Random(cycle.year)  # noqa: S311 (invented demo numbers)
    node_list = selectors.leaves(cycle.criteria_table)
    codes = _code_of(context)
    for i, unit_id in enumerate(selectors.member_ids(cycle)):
        context.clock.at(local(cycle.year, 12, 3, 8, 0) + dt.timedelta(hours=10 * i))
        unit = context.units[codes[unit_id]]
        actor = context.users[data.representative_username(codes[unit_id])]
        strength = rng.uniform(0.6, 0.95)
        sheet = services.save_self_assessment(
            actor=actor,
            cycle=cycle,
            unit=unit,
            version=None,
            entries=_self_entries(node_list, strength, rng),
        )
        context.clock.later(minutes=25)
        services.submit_self_assessment(actor=actor, cycle=cycle, unit=unit, version=sheet.version)


def cross_score(context: Any) -> None:
    """Each scorer starts from the unit's own figures and takes a little off where it judges
    the evidence thin; one scorer is consistently generous (for the analysis page)."""
    cycle = context.cycle
    rng = random.Random(cycle.year + 1)  # noqa: S311 (invented demo numbers)
    node_list = selectors.leaves(cycle.criteria_table)
    codes = _code_of(context)
    units = selectors.member_ids(cycle)
    generous = units[3]
    self_values = {
        unit_id: {
            line.node_id: line.value
            for line in selectors.self_sheet(cycle, unit_id).lines.all()  # type: ignore[union-attr]
        }
        for unit_id in units
    }
    for n, scorer_id in enumerate(units):
        context.clock.at(local(cycle.year, 12, 13, 8, 0) + dt.timedelta(hours=13 * n))
        actor = context.users[data.representative_username(codes[scorer_id])]
        for unit_id in selectors.units_scored_by(cycle, scorer_id):
            context.clock.later(minutes=9)
            entries: dict[int, LineInput] = {}
            for node in node_list:
                own = self_values[unit_id].get(node.pk) or Decimal(0)
                value = own
                if node.kind == Q:
                    cut = rng.choice([0, 0, 0.25, 0.5, 0.75, 1.0])
                    if scorer_id == generous:
                        cut = 0
                    value = max(Decimal(0), own - Decimal(str(cut)))
                elif node.kind == NodeKind.BONUS and scorer_id != generous:
                    value = max(Decimal(0), own - Decimal(str(rng.choice([0, 0, 0.5, 1]))))
                elif node.kind == N and rng.random() < 0.15:
                    value = (own * Decimal("0.95")).quantize(Decimal("0.01"))
                entries[node.pk] = LineInput(value=str(value), note="")
            unit = context.units[codes[unit_id]]
            sheet = services.save_cross_scores(
                actor=actor, cycle=cycle, unit=unit, version=None, entries=entries
            )
            services.submit_cross_scores(actor=actor, cycle=cycle, unit=unit, version=sheet.version)


def publish(context: Any) -> None:
    """The head unit publishes the year's ranking, like the head would."""
    context.clock.at(local(context.cycle.year, 12, 27, 10, 0))
    ranking_services.publish_ranking(actor=_head(context), cycle=context.cycle)


PHASE_HOOKS = {
    Phase.IN_PROGRESS.value: build_table,
    Phase.SELF_ASSESSMENT.value: self_assess,
    Phase.CROSS_SCORING.value: cross_score,
    Phase.RESULTS_PUBLISHED.value: publish,
}
