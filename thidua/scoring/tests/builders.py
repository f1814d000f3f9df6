"""Small builders for the scoring tests: a criteria table with one item of every kind."""

from __future__ import annotations

from decimal import Decimal

from thidua.cycles.models import Cycle
from thidua.scoring import services
from thidua.scoring.models import CriteriaNode, Formula, NodeKind
from thidua.scoring.services import NodeInput
from thidua.testing import Cast


def set_phase(cycle: Cycle, phase: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


def build_table(cast: Cast) -> dict[str, CriteriaNode]:
    """I (group): 1.1 qualitative 10, 1.2 pass/fail 5, 1.3 quantitative 20 (target 100);
    II (group): 2.1 count 2 points × n capped at 10; III bonus cap 5; IV penalty cap 5."""
    actor, cycle = cast.head_rep, cast.cycle
    add = services.add_node
    g1 = add(actor=actor, cycle=cycle, parent=None, data=NodeInput(NodeKind.GROUP, "I", "Tasks"))
    nodes = {
        "I": g1,
        "1.1": add(
            actor=actor,
            cycle=cycle,
            parent=g1,
            data=NodeInput(NodeKind.QUALITATIVE, "1.1", "Leadership", max_points=Decimal(10)),
        ),
        "1.2": add(
            actor=actor,
            cycle=cycle,
            parent=g1,
            data=NodeInput(NodeKind.PASS_FAIL, "1.2", "Report on time", max_points=Decimal(5)),
        ),
        "1.3": add(
            actor=actor,
            cycle=cycle,
            parent=g1,
            data=NodeInput(
                NodeKind.QUANTITATIVE,
                "1.3",
                "New members",
                max_points=Decimal(20),
                formula=Formula.PROPORTIONAL,
                target=Decimal(100),
            ),
        ),
    }
    g2 = add(actor=actor, cycle=cycle, parent=None, data=NodeInput(NodeKind.GROUP, "II", "Work"))
    nodes["II"] = g2
    nodes["2.1"] = add(
        actor=actor,
        cycle=cycle,
        parent=g2,
        data=NodeInput(
            NodeKind.COUNT,
            "2.1",
            "Models",
            max_points=Decimal(10),
            points_per_unit=Decimal(2),
        ),
    )
    nodes["III"] = add(
        actor=actor,
        cycle=cycle,
        parent=None,
        data=NodeInput(NodeKind.BONUS, "III", "Bonus", cap=Decimal(5)),
    )
    nodes["IV"] = add(
        actor=actor,
        cycle=cycle,
        parent=None,
        data=NodeInput(NodeKind.PENALTY, "IV", "Penalty", cap=Decimal(5)),
    )
    return nodes


def full_entries(nodes: dict[str, CriteriaNode]) -> dict[int, services.LineInput]:
    LineInput = services.LineInput
    return {
        nodes["1.1"].pk: LineInput(value="8.5", explanation="Done"),
        nodes["1.2"].pk: LineInput(value="1"),
        nodes["1.3"].pk: LineInput(value="90", target="100"),
        nodes["2.1"].pk: LineInput(value="3"),
        nodes["III"].pk: LineInput(value="2"),
        nodes["IV"].pk: LineInput(value="0"),
    }
