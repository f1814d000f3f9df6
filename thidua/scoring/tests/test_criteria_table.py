from decimal import Decimal

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.cycles.models import Phase
from thidua.scoring import selectors, services
from thidua.scoring.models import CriteriaNode, NodeKind
from thidua.scoring.services import NodeInput
from thidua.scoring.tests.builders import build_table, set_phase


def test_groups_sum_their_children_and_the_table_shows_its_total(cast):
    nodes = build_table(cast)
    nodes["I"].refresh_from_db()
    nodes["II"].refresh_from_db()
    assert nodes["I"].max_points == Decimal(35)
    assert nodes["II"].max_points == Decimal(10)
    assert selectors.table_total(cast.cycle.criteria_table) == Decimal(45)


def test_every_table_change_is_audited(cast):
    build_table(cast)
    assert AuditEvent.objects.filter(action="scoring.node.add").count() == 8


def test_editing_an_item_updates_its_group(cast):
    nodes = build_table(cast)
    data = services.node_input(nodes["1.1"])
    data.max_points = Decimal(15)
    services.update_node(actor=cast.head_rep, node=nodes["1.1"], data=data)
    nodes["I"].refresh_from_db()
    assert nodes["I"].max_points == Decimal(40)


def test_deleting_a_group_removes_its_items(cast):
    nodes = build_table(cast)
    services.delete_node(actor=cast.board, node=nodes["I"])
    assert not CriteriaNode.objects.filter(code__startswith="1.").exists()
    assert selectors.table_total(cast.cycle.criteria_table) == Decimal(10)


def test_items_move_up_and_down_among_their_siblings(cast):
    nodes = build_table(cast)
    services.move_node(actor=cast.head_rep, node=nodes["1.3"], direction="up")
    codes = [n.code for _d, n in selectors.tree_rows(cast.cycle.criteria_table)]
    assert codes[:4] == ["I", "1.1", "1.3", "1.2"]


def test_a_member_who_is_not_head_cannot_build_the_table(cast):
    with pytest.raises(DomainError):
        services.add_node(
            actor=cast.member_rep,
            cycle=cast.cycle,
            parent=None,
            data=NodeInput(NodeKind.GROUP, "I", "x"),
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (NodeInput(NodeKind.QUALITATIVE, "1", "x", max_points=Decimal(-1)), "max_points"),
        (NodeInput(NodeKind.QUANTITATIVE, "1", "x", max_points=Decimal(5)), "formula"),
        (
            NodeInput(
                NodeKind.QUANTITATIVE,
                "1",
                "x",
                max_points=Decimal(5),
                formula="banded",
                target=Decimal(0),
            ),
            "target",
        ),
        (NodeInput(NodeKind.COUNT, "1", "x", max_points=Decimal(5)), "points_per_unit"),
        (NodeInput(NodeKind.BONUS, "1", "x"), "cap"),
    ],
)
def test_bad_item_numbers_are_refused_with_the_field_named(cast, data, field):
    with pytest.raises(DomainError) as err:
        services.add_node(actor=cast.head_rep, cycle=cast.cycle, parent=None, data=data)
    assert err.value.field == field
    assert not CriteriaNode.objects.exists()


def test_the_table_cannot_change_once_self_assessment_opens(cast):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    with pytest.raises(DomainError):
        services.delete_node(actor=cast.head_rep, node=nodes["1.1"])


def test_copying_last_years_table_reproduces_the_tree(cast):
    build_table(cast)
    set_phase(cast.cycle, Phase.CLOSED)
    nxt = cycles.create_cycle(
        actor=cast.board,
        block=cast.block,
        year=cast.cycle.year + 1,
        head_unit=cast.head_org,
        deputy_unit=cast.deputy_org,
    )
    table = services.copy_previous_table(actor=cast.board, cycle=nxt)
    rows = [(d, n.code, n.max_points) for d, n in selectors.tree_rows(table)]
    old = [(d, n.code, n.max_points) for d, n in selectors.tree_rows(cast.cycle.criteria_table)]
    assert rows == old


def test_a_code_already_in_the_table_is_refused_on_adding_and_on_editing(cast):
    nodes = build_table(cast)
    count = CriteriaNode.objects.count()
    with pytest.raises(DomainError) as added:
        services.add_node(
            actor=cast.head_rep,
            cycle=cast.cycle,
            parent=nodes["I"],
            data=NodeInput(NodeKind.QUALITATIVE, " 1.2 ", "Trùng mã", max_points=Decimal(5)),
        )
    assert added.value.field == "code" and "1.2" in added.value.message
    assert CriteriaNode.objects.count() == count
    data = services.node_input(nodes["1.1"])
    data.code = "II"
    with pytest.raises(DomainError) as edited:
        services.update_node(actor=cast.head_rep, node=nodes["1.1"], data=data)
    assert edited.value.field == "code"
    nodes["1.1"].refresh_from_db()
    assert nodes["1.1"].code == "1.1"
    # Saving an item under its own code is no duplicate.
    services.update_node(
        actor=cast.head_rep, node=nodes["1.1"], data=services.node_input(nodes["1.1"])
    )


def test_the_editor_says_which_code_is_taken_next_to_the_field(client, cast):
    from django.urls import reverse

    from thidua.testing import signin

    nodes = build_table(cast)
    signin(client, cast.head_rep)
    client.cookies["django_language"] = "vi"
    response = client.post(
        reverse("scoring:node_add", args=[cast.cycle.pk]) + f"?parent={nodes['I'].pk}",
        {"kind": NodeKind.QUALITATIVE, "code": "1.1", "title": "Trùng", "max_points": "5"},
    )
    assert response.status_code == 200
    assert (
        "Mã 1.1 đã được dùng cho một mục khác của bảng." in response.context["form"].errors["code"]
    )


def test_the_exported_table_imports_again_after_edits(cast):
    """The editor keeps codes unique, so its export is always importable."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.scoring import criteria_xlsx

    build_table(cast)
    data = criteria_xlsx.export(cast.cycle.criteria_table)
    rows = criteria_xlsx.parse(SimpleUploadedFile("bang.xlsx", data))
    assert rows and not [r.error for r in rows if r.error]
