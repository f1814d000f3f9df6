"""The list shows each person the cycles they may open, filtered and paged."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.cycles import services
from thidua.orgs.services import add_membership
from thidua.testing import as_role, make_block, make_org


def _cycles(client, **query):
    response = client.get(reverse("cycles:cycle_list"), query)
    return response, list(response.context["page"].object_list)


def _other_blocks_cycle(cast):
    second = make_org(cast.province, "Hội Nông dân tỉnh")
    add_membership(actor=None, block=cast.other_block, organisation=second, year=2025)
    return services.create_cycle(
        actor=None,
        block=cast.other_block,
        year=2025,
        head_unit=cast.outsider_org,
        deputy_unit=second,
    )


def test_members_see_only_their_blocks_cycles(client, cast):
    other = _other_blocks_cycle(cast)
    as_role(client, cast, "member_rep")
    assert _cycles(client)[1] == [cast.cycle]
    as_role(client, cast, "outsider")
    assert _cycles(client)[1] == [other]


def test_the_board_sees_every_cycle_and_filters_by_block_and_year(client, cast):
    other = _other_blocks_cycle(cast)
    as_role(client, cast, "board")
    assert set(_cycles(client)[1]) == {cast.cycle, other}
    assert _cycles(client, block=cast.other_block.pk)[1] == [other]
    assert _cycles(client, year=2024)[1] == []
    assert len(_cycles(client, year="not-a-year")[1]) == 2  # a bad filter is ignored


def test_htmx_filtering_returns_only_the_results(client, cast):
    as_role(client, cast, "board")
    response = client.get(reverse("cycles:cycle_list"), {"year": 2025}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Khối thi đua 8 — 2025" in html


def test_the_list_runs_the_same_queries_for_few_and_many_cycles(client, cast):
    as_role(client, cast, "board")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cycles:cycle_list"))
    for n in range(12):
        org_a = make_org(cast.province, f"Đơn vị A{n}")
        org_b = make_org(cast.province, f"Đơn vị B{n}")
        block = make_block(cast.province, f"Khối {n}", [org_a, org_b])
        services.create_cycle(
            actor=None, block=block, year=2025, head_unit=org_a, deputy_unit=org_b
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("cycles:cycle_list"))
    assert len(response.context["page"].object_list) == 13
    assert len(many) == len(few)
