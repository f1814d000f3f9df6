"""The score sheets cost a fixed number of queries, whatever the size of the criteria table
(a query per item would show at once with 36 items)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.cycles.models import Phase
from thidua.scoring import services
from thidua.scoring.models import NodeKind
from thidua.scoring.services import NodeInput
from thidua.scoring.tests.builders import build_table, full_entries, set_phase
from thidua.testing import signin

pytestmark = pytest.mark.usefixtures("page_builds")

# Measured: session, person, second factor, cycle, member units (once, not three times), the
# unit, the sheet(s) (one query for the scorer's and the self-assessment), the table's nodes, the
# lines (one query for both sheets), evidence, history, the notifications badge and the person's
# unit in the header.
SELF_SHEET_BUDGET = 12
CROSS_SHEET_BUDGET = 12


def _more_items(cast, n):
    group = services.add_node(
        actor=cast.head_rep,
        cycle=cast.cycle,
        parent=None,
        data=NodeInput(NodeKind.GROUP, "IX", "More"),
    )
    for i in range(n):
        services.add_node(
            actor=cast.head_rep,
            cycle=cast.cycle,
            parent=group,
            data=NodeInput(NodeKind.QUALITATIVE, f"9.{i}", f"Item {i}", max_points=Decimal(1)),
        )


def test_the_self_sheet_of_36_items_costs_a_fixed_budget(
    client, cast, django_assert_max_num_queries
):
    nodes = build_table(cast)
    _more_items(cast, 30)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    services.save_self_assessment(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        version=None,
        entries=full_entries(nodes),
        uploads={},
    )
    signin(client, cast.member_rep)
    url = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    client.get(url)
    with django_assert_max_num_queries(SELF_SHEET_BUDGET):
        page = client.get(url)
    assert page.content.decode().count('name="explanation_') == 36


def test_the_cross_sheet_of_36_items_costs_a_fixed_budget_before_and_after_scoring(
    client, cast, django_assert_max_num_queries
):
    nodes = build_table(cast)
    _more_items(cast, 30)
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    signin(client, cast.member_rep)
    url = reverse("scoring:cross_sheet", args=[cast.cycle.pk, cast.head_org.pk])
    client.get(url)
    with django_assert_max_num_queries(CROSS_SHEET_BUDGET):
        assert client.get(url).status_code == 200
    services.save_cross_scores(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.head_org,
        version=None,
        entries=full_entries(nodes),
        reason="",
    )
    with django_assert_max_num_queries(CROSS_SHEET_BUDGET):
        page = client.get(url)
    assert page.content.decode().count('name="note_') == 36
