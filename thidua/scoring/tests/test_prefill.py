"""The public service other apps use to prefill an item of the self-assessment drafts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles.models import Phase
from thidua.scoring import services
from thidua.scoring.models import ScoreChange, ScoreLine, ScoreSheet, SheetKind, SheetStatus
from thidua.scoring.services import LineInput
from thidua.scoring.tests.builders import build_table, set_phase

pytestmark = pytest.mark.django_db

REASON = "Counted from the joint activities"


def prefill(cast, nodes, values, *, actor=None, node="2.1", **extra):
    return services.prefill_self_assessment_values(
        actor=actor or cast.head_rep,
        cycle=cast.cycle,
        node=nodes[node],
        values=values,
        reason=REASON,
        **extra,
    )


@pytest.fixture
def table(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    return nodes


def test_the_head_prefills_the_drafts_with_an_audit_event_and_the_table_freezes(cast, table):
    result = prefill(
        cast,
        table,
        {cast.member_org.pk: Decimal(3), cast.head_org.pk: Decimal(1)},
        explanations={cast.member_org.pk: "Took part in 3 activities."},
    )
    assert sorted(result.written) == sorted([cast.member_org.pk, cast.head_org.pk])
    line = ScoreLine.objects.get(sheet__unit=cast.member_org, node=table["2.1"])
    assert line.value == Decimal(3) and line.explanation == "Took part in 3 activities."
    assert line.sheet.status == SheetStatus.DRAFT and line.sheet.version == 2
    event = AuditEvent.objects.filter(action="scoring.self.prefill").first()
    assert event is not None and event.after["reason"] == REASON
    cast.cycle.criteria_table.refresh_from_db()
    assert cast.cycle.criteria_table.is_frozen


def test_prefilling_the_same_values_again_changes_nothing(cast, table):
    prefill(cast, table, {cast.member_org.pk: Decimal(2)})
    again = prefill(cast, table, {cast.member_org.pk: Decimal(2)})
    assert again.unchanged == [cast.member_org.pk] and not again.written
    assert ScoreSheet.objects.get(unit=cast.member_org).version == 2


def test_the_units_own_explanation_and_note_are_kept(cast, table):
    services.save_self_assessment(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        version=None,
        entries={table["2.1"].pk: LineInput(value="1", explanation="Ours", note="n")},
    )
    prefill(cast, table, {cast.member_org.pk: Decimal(4)}, explanations={cast.member_org.pk: "X"})
    line = ScoreLine.objects.get(sheet__unit=cast.member_org, node=table["2.1"])
    assert (line.value, line.explanation, line.note) == (Decimal(4), "Ours", "n")


def test_a_submitted_sheet_is_left_alone_and_a_reopened_one_keeps_the_change(cast, table):
    sheet = ScoreSheet.objects.create(
        cycle=cast.cycle, unit=cast.member_org, kind=SheetKind.SELF, status=SheetStatus.SUBMITTED
    )
    result = prefill(cast, table, {cast.member_org.pk: Decimal(2)})
    assert result.skipped == [cast.member_org.pk]
    assert not ScoreLine.objects.filter(sheet=sheet).exists()
    services.reopen_self_assessment(actor=cast.head_rep, sheet=sheet, reason="Fix")
    ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at="2025-01-01T00:00:00Z")
    result = prefill(cast, table, {cast.member_org.pk: Decimal(2)})
    assert result.written == [cast.member_org.pk]
    assert ScoreChange.objects.get(line__sheet=sheet).reason == REASON


def test_only_the_head_or_the_board_prefill_and_only_while_units_self_assess(cast, table):
    with pytest.raises(DomainError):
        prefill(cast, table, {cast.member_org.pk: Decimal(2)}, actor=cast.member_rep)
    prefill(cast, table, {cast.member_org.pk: Decimal(2)}, actor=cast.board)
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    with pytest.raises(DomainError):
        prefill(cast, table, {cast.member_org.pk: Decimal(5)})
    assert ScoreLine.objects.get(node=table["2.1"]).value == Decimal(2)


def test_values_outside_the_item_or_the_block_are_refused_and_nothing_is_saved(cast, table):
    with pytest.raises(DomainError):
        prefill(cast, table, {cast.member_org.pk: Decimal(-1)})
    with pytest.raises(DomainError):
        prefill(cast, table, {cast.outsider_org.pk: Decimal(1)})
    with pytest.raises(DomainError):
        prefill(cast, table, {cast.member_org.pk: Decimal(1)}, node="I")
    assert not ScoreLine.objects.exists()
