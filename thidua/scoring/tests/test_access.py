"""Who may act in scoring: the services ask the same rules as the pages."""

import pytest

from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.scoring import access, services
from thidua.scoring.models import CriteriaNode, NodeKind, ScoreLine, ScoreSheet, SheetKind
from thidua.scoring.services import LineInput, NodeInput
from thidua.scoring.tests.builders import build_table, full_entries, set_phase


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def test_an_inactive_person_does_not_act_for_their_unit(cast):
    assert access.acts_for(cast.member_rep, cast.member_org.pk)
    deactivate(cast.member_rep)
    assert not access.acts_for(cast.member_rep, cast.member_org.pk)


def test_an_inactive_representative_cannot_self_assess_and_nothing_is_saved(cast):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    deactivate(cast.member_rep)
    with pytest.raises(DomainError):
        services.save_self_assessment(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=cast.member_org,
            version=None,
            entries={nodes["1.1"].pk: LineInput(value="7")},
        )
    assert not ScoreLine.objects.exists()


def test_an_inactive_head_representative_cannot_build_the_table(cast):
    deactivate(cast.head_rep)
    with pytest.raises(DomainError):
        services.add_node(
            actor=cast.head_rep,
            cycle=cast.cycle,
            parent=None,
            data=NodeInput(NodeKind.GROUP, "I", "Group"),
        )
    assert not CriteriaNode.objects.exists()


def test_an_inactive_head_representative_cannot_reopen_a_self_assessment(cast):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    args = {"actor": cast.member_rep, "cycle": cast.cycle, "unit": cast.member_org}
    services.save_self_assessment(**args, version=None, entries=full_entries(nodes))
    sheet = services.submit_self_assessment(**args, version=None)
    deactivate(cast.head_rep)
    with pytest.raises(DomainError):
        services.reopen_self_assessment(actor=cast.head_rep, sheet=sheet, reason="A typo")


def test_an_inactive_scorer_cannot_cross_score(cast):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    deactivate(cast.member_rep)
    with pytest.raises(DomainError):
        services.save_cross_scores(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=cast.head_org,
            version=None,
            entries={nodes["1.1"].pk: LineInput(value="7")},
        )
    assert not ScoreSheet.objects.filter(kind=SheetKind.CROSS).exists()
