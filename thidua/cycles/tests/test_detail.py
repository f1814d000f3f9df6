"""The cycle page says where the cycle stands and who holds which role, in words."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.cycles import services
from thidua.cycles.models import Phase
from thidua.drafting.services import add_comment
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.testing import as_role


def _page(client, cast, role="member_rep", lang="en"):
    as_role(client, cast, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk]))


def test_the_phases_are_listed_in_order_with_their_state_in_words(client, cast):
    services.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    response = _page(client, cast)
    steps = response.context["steps"]
    assert [s.value for s in steps][:3] == ["preparing", "drafting", "signing"]
    assert [s.state for s in steps][:4] == ["done", "current", "next", "later"]
    html = response.content.decode()
    assert 'Preparing <span class="cycles-phase-state">(done)</span>' in html
    assert 'aria-current="step">2. Drafting' in html


def _titled(person) -> str:
    return f"{person.full_name}, {person.position}" if person.position else person.full_name


def test_the_page_shows_head_deputy_and_each_members_people(client, cast):
    response = _page(client, cast)
    roster = {row.name: row for row in response.context["roster"]}
    assert roster[cast.head_org.name].is_head
    assert roster[cast.deputy_org.name].is_deputy
    assert roster[cast.member_org.name].representatives == [_titled(cast.member_rep)]
    assert roster[cast.member_org.name].leaders == [_titled(cast.member_leader)]
    html = response.content.decode()
    assert cast.member_leader.full_name in html


def test_the_roster_names_people_with_their_position_in_the_table_and_the_phone_list(client, cast):
    html = _page(client, cast).content.decode()
    leader, rep = cast.member_leader, cast.member_rep
    # The table: one line per person, "name, position".
    assert f"<li>{leader.full_name}, {leader.position}</li>" in html
    assert f"<li>{rep.full_name}, {rep.position}</li>" in html
    # The phone list: leaders with their position in brackets, representatives by name.
    assert f"Leaders: {leader.full_name} ({leader.position})</div>" in html
    assert f"Representatives: {rep.full_name}</div>" in html
    # The deputy unit has nobody recorded: both views say so.
    assert html.count("none recorded") >= 4


def test_the_page_summarises_the_rules(client, cast):
    response = _page(client, cast)
    policy = response.context["policy"]
    assert policy.quorum == "at least 2/3 of member units present (3 of 4)"
    assert policy.threshold == "more than 1/2 of all member units (3 of 4 votes)"
    assert policy.tie_breaks == [
        "Higher score on group I",
        "More bonus points",
        "Decided by ballot",
    ]
    assert [(q.award.name, q.quota) for q in policy.quotas] == [
        ("Cờ thi đua của UBND tỉnh", 1),
        ("Bằng khen của Chủ tịch UBND tỉnh", 3),
    ]


def test_the_page_is_in_vietnamese_by_default(client, cast):
    html = _page(client, cast, lang="vi").content.decode()
    assert "Chuẩn bị" in html


def test_members_see_no_actions_the_head_and_board_do(client, cast):
    assert not _page(client, cast, "member_rep").context["flags"].can_advance
    head = _page(client, cast, "head_rep").context["flags"]
    assert head.can_advance and not head.can_change_units and not head.can_edit_policy
    assert head.can_prepare_next
    board = _page(client, cast, "board").context["flags"]
    assert board.can_advance and board.can_change_units and board.can_edit_policy


def test_a_closed_block_offers_no_next_year(client, cast):
    type(cast.block).objects.filter(pk=cast.block.pk).update(is_active=False)
    for role in ("head_rep", "board"):
        assert not _page(client, cast, role).context["flags"].can_prepare_next


def test_the_board_changes_head_and_deputy_while_preparing(client, cast):
    as_role(client, cast, "board")
    url = reverse("cycles:cycle_units", args=[cast.cycle.pk])
    response = client.post(url, {"head_unit": cast.member_org.pk, "deputy_unit": cast.head_org.pk})
    assert response.status_code == 302
    cast.cycle.refresh_from_db()
    assert (cast.cycle.head_unit, cast.cycle.deputy_unit) == (cast.member_org, cast.head_org)


def test_head_and_deputy_are_fixed_once_drafting_begins(client, cast):
    services.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    as_role(client, cast, "board")
    url = reverse("cycles:cycle_units", args=[cast.cycle.pk])
    client.post(url, {"head_unit": cast.member_org.pk, "deputy_unit": cast.head_org.pk})
    cast.cycle.refresh_from_db()
    assert cast.cycle.head_unit == cast.head_org


def test_an_outsider_gets_not_found(client, cast):
    assert _page(client, cast, "outsider").status_code == 404


def test_the_cycle_page_links_to_the_years_work(client, cast):
    body = _page(client, cast, lang="vi").content.decode()
    for name in (
        "drafting:cycle_documents",
        "meetings:meeting_list",
        "signing:board",
        "meetings:registration_list",
        "scoring:overview",
        "scoring:ranking",
    ):
        assert reverse(name, args=[cast.cycle.pk]) in body, name
    assert "chưa mở ký" in body


# --- what building the page costs ------------------------------------------------------------

# Three for the session, the person and their second factor, one for the unread notifications,
# the rest for the page itself (the cycle, roster, rules, checklist and every app's part).
CYCLE_PAGE_QUERIES = 20


def test_the_cycle_page_keeps_its_query_budget_for_the_head(client, cast, page_builds):
    services.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    window = open_window(cast, make_regulation(cast))
    add_comment(actor=cast.member_rep, window=window, text="Đề nghị sửa Điều 1.")
    as_role(client, cast, "head_rep")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk]))
    assert response.status_code == 200
    assert "Đề nghị sửa" not in response.content.decode()  # the page counts, it does not list
    assert len(queries) <= CYCLE_PAGE_QUERIES, [q["sql"] for q in queries]
