"""The block page and its members: who sees it, what it shows, and the Board's member actions."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from thidua.cycles.models import Cycle, Phase
from thidua.orgs import access
from thidua.orgs.models import Block, Membership, Organisation
from thidua.testing import YEAR, make_org, make_person, signin


def block_url(cast, **query):
    url = reverse("orgs:block_detail", args=[cast.block.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_members_see_their_block_and_outsiders_do_not(client, cast):
    for user in (cast.head_rep, cast.member_rep, cast.member_leader):
        signin(client, user)
        assert client.get(block_url(cast)).status_code == 200
    signin(client, cast.outsider)
    assert client.get(block_url(cast)).status_code == 404


def test_a_former_member_still_sees_the_block(client, cast):
    Membership.objects.filter(organisation=cast.member_org).update(year=YEAR - 3)
    signin(client, cast.member_rep)
    assert client.get(block_url(cast)).status_code == 200


def test_a_deactivated_member_cannot_see_the_block(cast):
    cast.member_rep.is_active = False
    with pytest.raises(Http404):
        access.get_block_for(cast.member_rep, cast.block.pk)


def test_access_helpers_say_which_blocks_a_person_belongs_to(cast):
    assert access.user_block_ids(cast.member_rep) == {cast.block.pk}
    assert access.user_block_ids(cast.board) == set()
    assert access.get_block_for(cast.board, cast.other_block.pk) == cast.other_block


def test_the_block_page_lists_the_years_members_in_order_with_head_and_deputy_in_text(client, cast):
    signin(client, cast.member_rep)
    response = client.get(block_url(cast))
    data = response.context["data"]
    assert data.year == YEAR
    assert [r.organisation for r in data.members][:3] == [
        cast.head_org,
        cast.deputy_org,
        cast.member_org,
    ]
    body = response.content.decode()
    assert "Đơn vị trưởng khối" in body or "Trưởng khối" in body
    roles = [str(r.role_label) for r in data.members]
    assert roles == [
        "Đơn vị trưởng khối",
        "Đơn vị phó khối",
        "Đơn vị thành viên",
        "Đơn vị thành viên",
    ]
    assert reverse("cycles:cycle_detail", args=[cast.cycle.pk]) in body
    assert reverse("orgs:block_add_members", args=[cast.block.pk]) not in body


def test_the_year_selector_defaults_to_the_latest_year_with_members(client, cast):
    Membership.objects.create(
        block=cast.block, organisation=make_org(cast.province, "Hội X"), year=YEAR + 1, order=1
    )
    signin(client, cast.board)
    assert client.get(block_url(cast)).context["data"].year == YEAR + 1
    response = client.get(block_url(cast, year=YEAR))
    assert response.context["data"].year == YEAR
    assert len(response.context["data"].members) == 4


def test_the_board_adds_members_for_a_year(client, cast):
    new = [make_org(cast.province, f"Hội {n}") for n in ("Khuyến học", "Đông y", "Chữ thập đỏ")]
    signin(client, cast.board)
    url = reverse("orgs:block_add_members", args=[cast.block.pk])
    page = client.get(url, {"year": YEAR + 1})
    assert page.status_code == 200
    assert "Tỉnh đoàn" in page.content.decode()  # not in a block in the next year
    response = client.post(url, {"year": YEAR + 1, "organisations": [o.pk for o in new]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year={YEAR + 1}")
    rows = Membership.objects.filter(block=cast.block, year=YEAR + 1).order_by("order")
    assert [m.organisation for m in rows] == list(
        Organisation.objects.filter(pk__in=[o.pk for o in new]).order_by("name")
    )


def test_organisations_already_in_a_block_that_year_are_not_offered(client, cast):
    signin(client, cast.board)
    response = client.get(reverse("orgs:block_add_members", args=[cast.block.pk]), {"year": YEAR})
    offered = set(response.context["form"].fields["organisations"].queryset)
    assert cast.outsider_org not in offered and cast.member_org not in offered


def test_adding_no_organisation_shows_an_error_and_saves_nothing(client, cast):
    signin(client, cast.board)
    before = Membership.objects.count()
    response = client.post(
        reverse("orgs:block_add_members", args=[cast.block.pk]), {"year": YEAR + 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Membership.objects.count() == before


def test_removing_a_member_asks_for_confirmation_first(client, cast):
    signin(client, cast.board)
    fourth = Membership.objects.get(block=cast.block, order=4)
    url = reverse("orgs:membership_remove", args=[fourth.pk])
    assert client.get(url).status_code == 200
    assert Membership.objects.filter(pk=fourth.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=fourth.pk).exists()


def test_members_of_a_started_cycle_cannot_be_removed(client, cast):
    Cycle.objects.filter(pk=cast.cycle.pk).update(phase=Phase.SIGNING)
    signin(client, cast.board)
    fourth = Membership.objects.get(block=cast.block, order=4)
    response = client.post(reverse("orgs:membership_remove", args=[fourth.pk]), follow=True)
    assert Membership.objects.filter(pk=fourth.pk).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_board_copies_last_years_members_into_the_next_year(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:block_copy_members", args=[cast.block.pk]),
        {"from_year": YEAR, "to_year": YEAR + 1},
        follow=True,
    )
    assert response.context["data"].year == YEAR + 1
    assert len(response.context["data"].members) == 4


def test_copying_into_the_same_year_is_refused(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:block_copy_members", args=[cast.block.pk]),
        {"from_year": YEAR, "to_year": YEAR},
        follow=True,
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert Membership.objects.filter(year=YEAR).count() == 5


def test_the_board_creates_and_edits_a_block(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:block_create"), {"province": cast.province.pk, "name": "Khối thi đua 9"}
    )
    block = Block.objects.get(name="Khối thi đua 9")
    assert response["Location"] == reverse("orgs:block_detail", args=[block.pk])
    client.post(
        reverse("orgs:block_edit", args=[block.pk]),
        {"name": "Khối thi đua số 9", "description": "Nội chính"},
    )
    block.refresh_from_db()
    assert (block.name, block.is_active) == ("Khối thi đua số 9", False)


def test_a_duplicate_block_name_is_refused_with_a_message(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:block_create"), {"province": cast.province.pk, "name": "khối thi đua 8"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Block.objects.count() == 2


def test_my_block_sends_each_person_where_they_belong(client, cast):
    signin(client, cast.member_rep)
    assert client.get(reverse("orgs:my_block"))["Location"] == block_url(cast)
    signin(client, cast.board)
    assert client.get(reverse("orgs:my_block"))["Location"] == reverse("orgs:block_list")
    loner = make_person("loner", "representative", make_org(cast.province, "Hội Đông y"))
    signin(client, loner)
    response = client.get(reverse("orgs:my_block"))
    assert response.status_code == 200
    assert "chưa là thành viên" in response.content.decode()


def test_the_block_list_shows_each_blocks_latest_member_count(client, cast):
    signin(client, cast.board)
    response = client.get(reverse("orgs:block_list"))
    rows = dict(response.context["rows"])
    assert rows[cast.block].members == 4
    assert rows[cast.block].year == YEAR
