"""Before the cycle leaves self-assessment, the head sees which units have not submitted; moving
on anyway needs the tick and a reason (cycles/checks.py)."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.cycles.checks import phase_checklist
from thidua.cycles.models import Phase
from thidua.scoring import checks
from thidua.scoring.models import SheetKind
from thidua.scoring.tests.builders import set_phase
from thidua.scoring.tests.test_ranking import members, scored  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scored")]


def _texts(cycle) -> list[str]:
    checklist = phase_checklist(cycle)
    return [item.text for item in checklist.blockers + checklist.warnings]


def test_leaving_self_assessment_names_how_many_units_have_not_submitted(cast):
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    assert not any("tự chấm" in text for text in _texts(cast.cycle))  # all four submitted
    cast.cycle.score_sheets.filter(kind=SheetKind.SELF, unit=cast.member_org).update(status="draft")
    texts = _texts(cast.cycle)
    assert any("1/4 đơn vị thành viên chưa gửi bản tự chấm" in text for text in texts)
    with pytest.raises(DomainError):
        cycles.advance_phase(actor=cast.head_rep, cycle=cast.cycle, to_phase=Phase.CROSS_SCORING)
    cycles.advance_phase(
        actor=cast.head_rep,
        cycle=cast.cycle,
        to_phase=Phase.CROSS_SCORING,
        acknowledge=True,
        reason="Đơn vị nộp bản giấy",
    )
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.CROSS_SCORING


def test_other_phases_get_nothing_from_scoring(cast):
    for unit in members(cast):
        cast.cycle.score_sheets.filter(unit=unit).update(status="draft")
    set_phase(cast.cycle, Phase.IN_PROGRESS)
    assert not any("tự chấm" in t or "xếp hạng" in t for t in _texts(cast.cycle))


def test_the_check_reads_with_a_bounded_number_of_queries(cast, django_assert_max_num_queries):
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    with django_assert_max_num_queries(2):
        checks.phase_check(cast.cycle)
