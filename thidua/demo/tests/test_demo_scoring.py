from decimal import Decimal

from django.db.models import F

from thidua.cycles.models import Cycle
from thidua.scoring import selectors
from thidua.scoring.models import CriteriaNode, NodeKind, ScoreSheet, SheetKind, SheetStatus


def test_the_demo_2024_cycle_has_a_table_all_self_assessments_and_every_cross_score(demo_data):
    cycle = Cycle.objects.get(year=2024, block__name="Khối thi đua 8")
    table = cycle.criteria_table
    assert table.is_frozen
    assert selectors.table_total(table) == Decimal(100)
    assert CriteriaNode.objects.filter(table=table, kind=NodeKind.BONUS).exists()
    units = selectors.member_ids(cycle)
    assert len(units) == 12
    sheets = ScoreSheet.objects.filter(cycle=cycle)
    assert sheets.filter(kind=SheetKind.SELF, status=SheetStatus.SUBMITTED).count() == 12
    cross = sheets.filter(kind=SheetKind.CROSS, status=SheetStatus.SUBMITTED)
    assert cross.count() == 12 * 11
    assert not cross.filter(scorer_id=F("unit_id")).exists()
